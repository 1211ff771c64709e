"""dtypes and the NumPy bridge: range, precision, edges, promotion and shared memory, by torch."""

import streamlit as st

from charts import dtypes as charts
from lib import dtypes as dt
from lib.dtypes import code, facts
from ui.chart import draw
from ui.controls import Controls
from ui.page import explanation, header, notice, show_error
from ui.panels import check_yourself, code_panel
from ui.settings import presenting
from ui.text import language, strings, t

# Tab names are technical names, the same in every language, so a shared link can open one.
TABS = ["bits", "finfo · iinfo", "edges", "result_type", "NumPy ⇄ torch", "std"]
PRESETS = ("0.1", "2049", "65504", "70000", "1e-6", "1e-40")
WORD = "dtypes.w_"  # table headers and chart words


@st.cache_data(max_entries=64, show_spinner=False)
def accumulated(count: int, step: float) -> dt.Accumulation:
    return dt.accumulate(count, step)


@st.cache_resource(show_spinner=False)
def spacings() -> list[dt.Spacing]:
    return [dt.spacing(n) for n in dt.FLOATS]


def say(points: list[tuple[str, dict]]) -> None:
    notice([t(f"dtypes.{key}", **numbers) for key, numbers in points])


def set_number(text: str) -> None:
    st.session_state.dt_x = text


def attempt(routine, *args):
    """The routine's answer, or None after one sentence on screen for bad input."""
    try:
        return routine(*args)
    except ValueError as err:
        show_error(err)
        return None


header("dtypes")
W = {k[len(WORD) :]: v for k, v in strings(language()).items() if k.startswith(WORD)}
tall = 1.5 if presenting() else 1.0
c = Controls("dtypes", "dt_")
tab = st.tabs(TABS, key="dt_tab", on_change="rerun", bind="query-params")
with tab[0]:
    left, right = st.columns([1, 3], gap="medium")
    with left:
        text = c(st.text_input, "x", "0.1")
        st.caption(t("dtypes.presets"))
        for i, (col, p) in enumerate(zip(st.columns(3) * 2, PRESETS, strict=True)):
            col.button(p, key=f"dt_preset{i}", on_click=set_number, args=(p,), width="stretch")
    encodings = attempt(dt.encode_all, text)
    if tab[0].open and encodings:
        with right:
            rows = tuple(charts.row_label(e) for e in encodings)
            parts = {p: W[p] for p in charts.PARTS}
            bits = charts.bits_rows(encodings, parts)
            looks = dict(parts=tuple(parts.values()), stored=W["stored"])
            draw(charts.bits_chart, bits, rows=rows, height=int(150 * tall), **looks)
            st.dataframe(charts.encodings_frame(encodings, W), hide_index=True)
        words = dict(title=W["spacing_title"], x_title=W["magnitude"], y_title=W["gap"])
        here = charts.spacing_rows(spacings(), encodings)
        draw(charts.spacing_chart, here, height=int(300 * tall), **words)
        say(facts.bits(encodings, text.strip()))
        code_panel(code.bits(encodings[0].stored))
with tab[1]:
    if tab[1].open:
        infos = [dt.info(n) for n in dt.DTYPES]
        st.dataframe(charts.info_frame(infos, W), hide_index=True, height=35 * len(infos) + 38)
        say(facts.table())
        code_panel(code.table())
with tab[2]:
    a, b = st.columns([1, 2])
    count = c(a.number_input, "count", value=1000, step=100)
    step = c(b.select_slider, "step", dt.STEPS, value=0.1)
    acc = attempt(accumulated, int(count), step)
    if tab[2].open:
        st.table(charts.edges_frame(dt.edge_results(), W), hide_index=True)
        if acc:
            words = dict(x_title=W["additions"], y_title=W["sum"], exact=W["exact"])
            draw(
                charts.accumulation_chart,
                charts.accumulation_rows(acc),
                height=int(300 * tall),
                **words,
            )
            for col, name in zip(
                st.columns(4), ["exact", "float16", "bfloat16", "float32"], strict=True
            ):
                value = acc.exact if name == "exact" else acc.final[name]
                col.metric(W["exact"] if name == "exact" else name, facts.num(value))
            say(facts.accumulation(acc))
            code_panel(code.edges(acc.count, acc.step))
with tab[3]:
    a, b, s = st.columns(3)
    first = c(a.selectbox, "a", dt.OPERANDS, index=dt.OPERANDS.index("uint8"))
    second = c(b.selectbox, "b", dt.OPERANDS, index=dt.OPERANDS.index("float"))
    right_kind = c(
        s.segmented_control, "second", ["tensor", "zero-dim"], default="tensor", required=True
    )
    if tab[3].open:
        result, theirs = dt.result_type(first, second), dt.numpy_result_type(first, second)
        m1, m2 = st.columns(2)
        m1.metric("torch.result_type", result)
        m2.metric("NumPy", theirs or "—")
        vs = (
            "numpy_none"
            if theirs is None
            else "numpy_same"
            if theirs == result
            else "numpy_differs"
        )
        say(
            [
                (f"rule_{dt.rule(first, second)}", dict(a=first, b=second, r=result)),
                (vs, dict(r=result, np=theirs)),
            ]
        )
        cats = tuple(W[f"cat_{k}"] for k in ("bool", "int", "float"))
        cells = charts.promotion_rows(dt.table(right_kind), dt.cell(first, second, right_kind))
        names = tuple(dt.DTYPES)
        draw(
            charts.promotion_chart,
            cells,
            names=names,
            categories=cats,
            a=W["left"],
            b=W[f"right_{right_kind.replace('-', '_')}"],
            height=int(360 * tall),
        )
        code_panel(code.promotion(first, second))
with tab[4]:
    if tab[4].open:
        crossings, leak = dt.crossings(), dt.float64_leak()
        st.dataframe(charts.crossings_frame(crossings, W), hide_index=True)
        say(facts.bridge(crossings, leak))
        code_panel(code.bridge())
with tab[5]:
    a, b = st.columns([3, 1])
    n = c(a.slider, "n", dt.MIN_N, dt.MAX_N, 10)
    seed = c(b.number_input, "seed", 0, dt.MAX_SEED, 0, label=t("common.seed"))
    if tab[5].open:
        col = attempt(dt.standardize, int(n), int(seed))
        if col:
            for m, (label, value) in zip(st.columns(4), facts.std_metrics(col), strict=True):
                m.metric(label, value)
            draw(
                charts.z_chart,
                charts.z_rows(col),
                x_title=W["z"],
                band=W["band"],
                height=int(160 * tall),
            )
            say(facts.standardization(col))
            code_panel(code.standardize(col.n, col.seed))

quiz = dt.uint8_plus_float()
why = t("dtypes.check_why", answer=quiz.answer, numpy=quiz.numpy)
check_yourself(
    "dt_check", t("dtypes.check_q", code=quiz.code), list(quiz.options), quiz.answer, why
)
with st.expander(t("dtypes.more")):
    explanation("dtypes")
