"""Convolution and pooling: the kernel over the input, the output size, and what torch refuses."""

import streamlit as st

from charts import convolution as charts
from lib.convolution import setting as cfg
from lib.convolution.code import snippet
from lib.convolution.facts import field_facts, sweep_facts
from lib.convolution.field import DEFAULT_STACK, MAX_STACK_INPUT, field_map, parse_stack
from lib.convolution.formula import formula
from lib.convolution.quiz import quiz
from lib.convolution.readout import multiply_add
from lib.convolution.sweep import position, relevant, run
from ui.chart import draw
from ui.controls import Controls
from ui.page import explanation, header, notice, show_error
from ui.panels import check_yourself, code_panel
from ui.settings import presenting
from ui.text import t

# Button labels are torch's class names: the same in every language, and what the URL keeps.
OPS = {
    "Conv2d": "conv2d",
    "ConvTranspose2d": "conv_transpose2d",
    "MaxPool2d": "max_pool2d",
    "AvgPool2d": "avg_pool2d",
}
PAD_MODES = ["number", "same", "valid"]
TABS = ["y[i, j]", "∂y / ∂x"]  # what each tab computes, in any language
WORDS = ("input", "padding", "output", "chosen", "kernel", "hole")


def say(facts) -> list[str]:
    return [t(f"convolution.{key}", **numbers) for key, numbers in facts]


def buttons(name: str, options: list[str], default: str, **kw):
    return c(st.segmented_control, name, options, default=default, required=True, wrap=True, **kw)


header("convolution")
explanation("convolution")
c = Controls("convolution", "cv_")
controls, view = st.columns([1, 3], gap="large")
with controls:
    op = OPS[buttons("op", list(OPS), "Conv2d")]
    pool, conv = op in ("max_pool2d", "avg_pool2d"), op == "conv2d"
    a, b = st.columns(2)
    h = c(a.slider, "h", 1, cfg.MAX_SIZE, 7, label="H")
    w = c(b.slider, "w", 1, cfg.MAX_SIZE, 7, label="W")
    kh = c(a.slider, "kh", 1, cfg.MAX_KERNEL, 3)
    kw = c(b.slider, "kw", 1, cfg.MAX_KERNEL, 3)
    stride = c(a.slider, "stride", 1, cfg.MAX_STRIDE, 1, label="stride")
    pad = c(b.slider, "padding", 0, cfg.MAX_PADDING, 0, label="padding")
    dil = c(
        st.slider, "dilation", 1, cfg.MAX_DILATION, 1, label="dilation", disabled=op == "avg_pool2d"
    )
    with st.expander(t("convolution.more")):
        pad_mode = buttons("pad_mode", PAD_MODES, "number", disabled=not conv)
        cin = c(st.slider, "in_ch", 1, cfg.MAX_CHANNELS, 1, label="in_channels")
        cout = c(st.slider, "out_ch", 1, cfg.MAX_CHANNELS, 1, label="out_channels", disabled=pool)
        groups = c(st.slider, "groups", 1, cfg.MAX_CHANNELS, 1, label="groups", disabled=pool)
        bias = c(st.toggle, "bias", True, label="bias", disabled=pool)
        opad = c(
            st.slider,
            "opad",
            0,
            cfg.MAX_STRIDE - 1,
            0,
            label="output_padding",
            disabled=op != "conv_transpose2d",
        )
        ceil = c(st.toggle, "ceil", False, label="ceil_mode", disabled=not pool)
        cip = c(st.toggle, "cip", True, label="count_include_pad", disabled=op != "avg_pool2d")
        values = buttons("values", list(cfg.VALUES), "random")
        seed = c(st.number_input, "seed", 0, cfg.MAX_SEED, 0, label=t("common.seed"))

padding = pad if pad_mode == "number" else pad_mode
setting = relevant(
    cfg.Setting(
        op,
        (h, w),
        (kh, kw),
        stride,
        padding,
        dil,
        cin,
        cout,
        groups,
        bias,
        opad,
        ceil,
        cip,
        values,
        int(seed),
    )
)
try:
    sw, problem = run(setting), None
except ValueError as err:
    sw, problem = None, err
cells = sw.out_hw[0] * sw.out_hw[1] if sw else 1
channels = setting.channels_out
with controls:
    index = c(st.slider, "cell", 0, max(cells - 1, 1), 0, disabled=cells <= 1)
    channel = c(st.slider, "channel", 0, max(channels - 1, 1), 0, disabled=channels <= 1)
channel = min(channel, channels - 1)
cell = position(sw, index) if sw else (0, 0)
big = presenting()

with view:
    tab = st.tabs(TABS, key="cv_tab", on_change="rerun", bind="query-params")
with tab[0]:
    if tab[0].open and problem is not None:
        show_error(problem)
        if getattr(problem, "torch_text", None):
            st.caption(t("convolution.torch_says"))
            st.code(problem.torch_text, language=None, wrap_lines=True)
    elif tab[0].open:
        words = {k: t(f"convolution.w_{k}") for k in (*WORDS, "input_title", "output_title")}
        geo = charts.layout(sw, cell)
        tall = min((44 if big else 30) * geo["rows"] + 90, 680 if big else 460)
        draw(
            charts.sweep_chart,
            charts.sweep_rows(sw, cell, channel, words),
            rows=geo["rows"],
            cols=geo["cols"],
            words=tuple(words[k] for k in WORDS),
            numbers=geo["cols"] <= (40 if big else 32),
            height=tall,
        )
        sums, count = multiply_add(sw, cell, channel)
        left, mid, right = st.columns([5, 5, 3])
        with left:
            st.markdown(f"**{t('convolution.formula_title')}**")
            st.code(
                f"H_out = {formula(setting, 0)}\nW_out = {formula(setting, 1)}",
                language=None,
                wrap_lines=True,
            )
            same = sw.formula == sw.out_hw
            st.markdown(
                t("convolution.torch_shape", shape=sw.torch_shape, ok="✅" if same else "❌")
            )
        with mid:
            st.markdown(f"**{t('convolution.madd_title', n=count)}**")
            st.code(sums, language=None, wrap_lines=True)
        with right:
            st.metric(t("convolution.weight_shape"), str(list(sw.weight_shape)))
            st.metric(t("convolution.params"), f"{sw.parameters:,}")
            st.metric(t("convolution.macs"), f"{sw.macs:,}")
        if sw.overlap is not None:
            most = int(sw.overlap.max())
            draw(
                charts.overlap_chart,
                charts.overlap_rows(sw),
                title=t("convolution.overlap_title"),
                most=most,
                height=min(tall, 360),
            )
        notice(say(sweep_facts(sw, cell)))
with tab[1]:
    a, b = st.columns([3, 1])
    with a:
        stack = c(st.text_input, "stack", DEFAULT_STACK, max_chars=300)
    with b:
        size = c(st.slider, "stack_size", 8, MAX_STACK_INPUT, 32)
    if tab[1].open:
        try:
            fm = field_map(parse_stack(stack), size)
        except ValueError as err:
            show_error(err)
        else:
            st.caption(
                t(
                    "convolution.field_caption",
                    i=fm.cell[0],
                    j=fm.cell[1],
                    oh=fm.out_size[0],
                    ow=fm.out_size[1],
                )
            )
            draw(
                charts.field_chart,
                charts.field_rows(fm),
                size=size,
                grad_title=t("convolution.grad_title"),
                box_title=t("convolution.box_title"),
                height=560 if big else 420,
            )
            notice(say(field_facts(fm)))

code_panel(snippet(setting, cell, channel))
q = quiz(int(seed))
question = t("convolution.check_q", code=q.code, n=q.height)
options = [str(v) for v in q.options]
why = t("convolution.check_why", working=q.working, answer=q.answer)
check_yourself("cv_check", question, options, str(q.answer), why)
