"""dtypes and the NumPy bridge: range, precision, edges, promotion and shared memory, by torch."""

import streamlit as st

from app_pages.dtypes_widgets import accumulated, attempt, metrics, say, set_number, spacings
from charts import dtypes as charts
from lib import dtypes as dt
from lib.dtypes import code, facts
from ui.chart import draw
from ui.controls import Controls
from ui.layout import picture_last_columns
from ui.page import explanation, header
from ui.panels import check_yourself, code_panel
from ui.settings import presenting
from ui.text import language, strings, t

# Tab names are technical names, the same in every language, so a shared link can open one.
TABS = ["bits", "finfo · iinfo", "edges", "result_type", "NumPy ⇄ torch", "std"]
PRESETS = ("0.1", "2049", "65504", "70000", "1e-6", "1e-40")
WORD = "dtypes.w_"  # table headers and chart words


# A tab with controls is a fragment: a move of them reruns that tab, not the page and the quiz.
def bits_view() -> None:
    left, right = picture_last_columns("dtypes", [1, 4], gap="medium")
    with left:
        text = c(st.text_input, "x", "0.1")
        st.caption(t("dtypes.presets"))
        with st.container(horizontal=True):  # wraps: two rows on a desktop, three on a phone
            for i, p in enumerate(PRESETS):
                st.button(p, key=f"dt_preset{i}", on_click=set_number, args=(p,))
    encodings = attempt(dt.encode_all, text)
    if tab[0].open and encodings:
        with right:
            rows = tuple(charts.row_label(e) for e in encodings)
            parts = {p: W[p] for p in charts.PARTS}
            looks = dict(
                rows=rows, parts=tuple(parts.values()), stored=W["stored"], digits=int(10 * tall)
            )
            draw(
                charts.bits_chart,
                charts.bits_rows(encodings, parts),
                height=int(190 * tall),
                **looks,
            )
            st.table(charts.encodings_frame(encodings, W), hide_index=True)
        words = dict(title=W["spacing_title"], x_title=W["magnitude"], y_title=W["gap"])
        here = charts.spacing_rows(spacings(), encodings)
        draw(charts.spacing_chart, here, height=int(340 * tall), **words)
        say(facts.bits(encodings, text.strip()))
        code_panel(code.bits(encodings[0].stored))


def edges_view() -> None:
    a, b = st.columns([1, 2])
    count = c(a.number_input, "count", value=1000, step=100)
    step = c(b.select_slider, "step", dt.STEPS, value=0.1)
    if tab[2].open:
        acc = attempt(accumulated, int(count), step)
        if acc:
            metrics(facts.sums(acc), W)
            words = dict(x_title=W["additions"], y_title=W["sum"], exact=W["exact"])
            rows = charts.accumulation_rows(acc)
            draw(charts.accumulation_chart, rows, height=int(300 * tall), **words)
            say(facts.accumulation(acc))
        st.table(charts.edges_frame(dt.edge_results(), W), hide_index=True)
        if acc:
            code_panel(code.edges(acc.count, acc.step))


def promotion_view() -> None:
    a, b, s = st.columns(3)
    first = c(a.selectbox, "a", dt.OPERANDS, index=dt.OPERANDS.index("uint8"))
    other = c(b.selectbox, "b", dt.OPERANDS, index=dt.OPERANDS.index("float"))
    kind = c(s.segmented_control, "second", ["tensor", "zero-dim"], default="tensor", required=True)
    if tab[3].open:
        ours, theirs, why = facts.promotion(first, other)
        metrics([("torch.result_type", ours), ("NumPy", theirs or "—")], W)
        say(why)
        cats = tuple(W[f"cat_{k}"] for k in ("bool", "int", "float"))
        cells = charts.promotion_rows(dt.table(kind), dt.cell(first, other, kind))
        titles = dict(a=W["left"], b=W[f"right_{kind.replace('-', '_')}"], categories=cats)
        draw(
            charts.promotion_chart, cells, names=tuple(dt.DTYPES), height=int(440 * tall), **titles
        )
        st.caption(t("dtypes.numpy_mark"))
        code_panel(code.promotion(first, other))


def std_view() -> None:
    a, b = st.columns([3, 1])
    n = c(a.slider, "n", dt.MIN_N, dt.MAX_N, 10)
    seed = c(b.number_input, "seed", 0, dt.MAX_SEED, 0, label=t("common.seed"))
    if tab[5].open:
        col = attempt(dt.standardize, int(n), int(seed))
        if col:
            metrics(facts.std_metrics(col), W)
            words = dict(x_title=W["z"], band=W["band"])
            draw(charts.z_chart, charts.z_rows(col), height=int(190 * tall), **words)
            say(facts.standardization(col))
            code_panel(code.standardize(col.n, col.seed))


header("dtypes")
W = {k[len(WORD) :]: v for k, v in strings(language()).items() if k.startswith(WORD)}
tall = 1.5 if presenting() else 1.0
c = Controls("dtypes", "dt_")
tab = st.tabs(TABS, key="dt_tab", on_change="rerun", bind="query-params")
with tab[0]:
    st.fragment(bits_view)()
with tab[1]:
    if tab[1].open:
        infos = [dt.info(n) for n in dt.DTYPES]
        st.table(charts.info_frame(infos, W), hide_index=True)
        say(facts.table())
        code_panel(code.table())
with tab[2]:
    st.fragment(edges_view)()
with tab[3]:
    st.fragment(promotion_view)()
with tab[4]:
    if tab[4].open:
        crossings, leak = dt.crossings(), dt.float64_leak()
        st.table(charts.crossings_frame(crossings, W), hide_index=True)
        say(facts.bridge(crossings, leak))
        code_panel(code.bridge())
with tab[5]:
    st.fragment(std_view)()
quiz = dt.uint8_plus_float()
why = t("dtypes.check_why", answer=quiz.answer, numpy=quiz.numpy)
check_yourself(
    "dt_check", t("dtypes.check_q", code=quiz.code), list(quiz.options), quiz.answer, why
)
with st.expander(t("dtypes.more")):
    explanation("dtypes")
