"""Convolution and pooling: the kernel over the input, the output size, and what torch refuses."""

import streamlit as st

from app_pages.convolution_play import pause, play_button, playing, sweep
from app_pages.convolution_views import field_view, refused, sweep_view
from lib.convolution import setting as cfg
from lib.convolution.code import snippet
from lib.convolution.field import DEFAULT_STACK, MAX_STACK_INPUT, MAX_TEXT
from lib.convolution.quiz import quiz
from lib.convolution.sweep import position, relevant, run
from ui.controls import Controls
from ui.layout import picture_last_columns
from ui.page import explanation, header
from ui.panels import check_yourself, code_panel
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
PAGE = "convolution"


def buttons(name: str, options: list[str], default: str, **kw):
    return c(st.segmented_control, name, options, default=default, required=True, wrap=True, **kw)


def sliders(*specs: tuple) -> list[int]:
    """(name, lo, hi, default, label) pairs side by side; on a phone they stack in this order."""
    found = []
    for row in range(0, len(specs), 2):
        for col, (name, lo, hi, default, label) in zip(st.columns(2), specs[row : row + 2]):
            found.append(c(col.slider, name, lo, hi, default, label=label or t(f"{PAGE}.{name}")))
    return found


header(PAGE)
c = Controls(PAGE, "cv_")
controls, view = picture_last_columns("convolution", [1, 3], gap="large")
with controls:
    op = OPS[buttons("op", list(OPS), "Conv2d")]
    pool, conv, transposed = op.endswith("pool2d"), op == "conv2d", op == "conv_transpose2d"
    where = st.container()  # the output-cell slider goes here, once the output size is known
    h, w, kh, kw, stride, pad = sliders(
        ("h", 1, cfg.MAX_SIZE, 7, "H"),
        ("w", 1, cfg.MAX_SIZE, 7, "W"),
        ("kh", 1, cfg.MAX_KERNEL, 3, None),
        ("kw", 1, cfg.MAX_KERNEL, 3, None),
        ("stride", 1, cfg.MAX_STRIDE, 1, "stride"),
        ("padding", 0, cfg.MAX_PADDING, 0, "padding"),
    )
    avg = op == "avg_pool2d"
    dil = c(st.slider, "dilation", 1, cfg.MAX_DILATION, 1, label="dilation", disabled=avg)
    with st.expander(t("convolution.more")):
        pad_mode = buttons("pad_mode", PAD_MODES, "number", disabled=not conv)
        cin = c(st.slider, "in_ch", 1, cfg.MAX_CHANNELS, 1, label="in_channels")
        cout = c(st.slider, "out_ch", 1, cfg.MAX_CHANNELS, 1, label="out_channels", disabled=pool)
        groups = c(st.slider, "groups", 1, cfg.MAX_CHANNELS, 1, label="groups", disabled=pool)
        bias = c(st.toggle, "bias", True, label="bias", disabled=pool)
        top = cfg.MAX_STRIDE - 1
        opad = c(st.slider, "opad", 0, top, 0, label="output_padding", disabled=not transposed)
        ceil = c(st.toggle, "ceil", False, label="ceil_mode", disabled=not pool)
        cip = c(st.toggle, "cip", True, label="count_include_pad", disabled=not avg)
        values = buttons("values", list(cfg.VALUES), "random")
        seed = c(st.number_input, "seed", 0, cfg.MAX_SEED, 0, label=t("common.seed"))

padding = pad if pad_mode == "number" else pad_mode
kept = (stride, padding, dil, cin, cout, groups, bias, opad, ceil, cip, values, int(seed))
setting = relevant(cfg.Setting(op, (h, w), (kh, kw), *kept))
try:
    sw, problem = run(setting), None
except ValueError as err:
    sw, problem = None, err
cells = sw.out_hw[0] * sw.out_hw[1] if sw else 1
channels = setting.channels_out
on = playing() and cells > 1
with where:
    index = c(st.slider, "cell", 0, max(cells - 1, 1), 0, disabled=cells <= 1, on_change=pause)
    channel = c(st.slider, "channel", 0, max(channels - 1, 1), 0, disabled=channels <= 1)
channel = min(channel, channels - 1)
cell = position(sw, index) if sw else (0, 0)

with view:
    tab = st.tabs(TABS, key="cv_tab", on_change="rerun", bind="query-params")
with tab[0]:
    if tab[0].open:
        if sw is None:
            refused(problem)
        else:
            play_button(cells, on)  # beside the picture: on a phone the controls are far above
            sweep(sweep_view, sw, index, channel, on)
with tab[1]:
    a, b = st.columns([3, 1])
    stack = c(a.text_input, "stack", DEFAULT_STACK, max_chars=MAX_TEXT)
    size = c(b.slider, "stack_size", 8, MAX_STACK_INPUT, 32)
    if tab[1].open:
        field_view(stack, size)

explanation("convolution")
code_panel(snippet(setting, cell, channel))
q = quiz(int(seed))
question = t("convolution.check_q", code=q.code, n=q.height)
options = [str(v) for v in q.options]
why = t("convolution.check_why", working=q.working, answer=q.answer)
check_yourself("cv_check", question, options, str(q.answer), why)
