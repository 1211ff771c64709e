"""The broadcasting page's silent-bug gallery, a fragment: a move of its rows or seed reruns the
gallery alone, not the shapes, the tables and the quiz above and below it."""

from __future__ import annotations

import streamlit as st

from charts import broadcasting as view
from lib.broadcasting.bugs import MAX_N, MIN_N, gallery
from lib.broadcasting.rules import show_shape
from ui.chart import show
from ui.controls import Controls
from ui.text import t


@st.fragment
def bug_gallery(bound: Controls, tab) -> None:
    """Its rows slider and seed box, and, in the open tab, one card per bug."""
    st.markdown(t("broadcasting.bugs_intro"))
    c1, c2 = st.columns(2)
    n = bound(c1.slider, "n", MIN_N, MAX_N, 4, words="rows")
    seed = bound(c2.number_input, "seed", 0, 10**6, 0, label=t("common.seed"))
    for bug in gallery(n, seed) if tab.open else ():
        with st.container(border=True):
            st.markdown(f"#### {t(f'broadcasting.bug_{bug.key}')}")
            st.code(bug.setup, language="python")
            sides = zip(st.columns(2), ("wrong", "right"), (bug.wrong, bug.right), strict=True)
            for col, side, out in sides:
                col.markdown(t(f"broadcasting.{side}"))
                col.code(out.code, language="python")
                result = f"broadcasting.bug_{bug.key}_result"
                col.markdown(t(result, shape=show_shape(out.shape), value=out.shown))
                if out.warning:
                    col.caption(t("broadcasting.torch_warned", warning=out.warning))
            why = st.container()
            if bug.key == "pred_target":  # the (N, N) matrix, next to why it is (N, N)
                chart, why = st.columns([2, 3])
                labels = [t(f"broadcasting.pairs_{w}") for w in ("title", "wanted", "unwanted")]
                with chart:
                    show(view.pairs(bug.wrong.tensor, *labels))
            if bug.loud:
                st.caption(t("broadcasting.loud", error=bug.loud))
            why.markdown(t(f"broadcasting.bug_{bug.key}_why"))
