"""Per page: its heaviest realistic setting (a shared link) and the widget a student moves.

Pages come from ui.concepts.CONCEPTS. A page listed here gets its own heavy setting; a page that is
not (a new concept) still gets measured: its first slider is swept over its own range. Values are
swept, never toggled between two, so caches (`st.cache_data`) do not hide the work of a new value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ui.concepts import CONCEPTS


@dataclass(frozen=True)
class Scenario:
    concept: str
    url_path: str
    query: dict[str, str | list[str]] = field(default_factory=dict)  # the heavy setting, as a link
    setup: tuple[tuple[str, object], ...] = ()  # widget changes made once before measuring
    key: str | None = None  # the widget moved; None = the page's first slider
    note: str = ""
    browser_key: str | None = None  # the st.slider a browser presses arrow keys on, if not `key`
    browser_query: dict[str, str] = field(default_factory=dict)  # where that slider starts
    browser_tab: int | None = None  # the page's tab (0-based) to open before pressing keys


HEAVY: dict[str, Scenario] = {
    s.concept: s
    for s in [
        Scenario(
            "strides",
            "stride-offset",
            {"s_shape": "4, 4, 4", "s_ops": ".transpose(0, 2)[1:, :, ::2].unsqueeze(1)"},
            key="s_i0",
            note="largest storage (64 cells), a 4-op chain; the index slider moves",
        ),
        Scenario(
            "broadcasting",
            "broadcast",
            {"bc_a": "8, 1, 6, 1", "bc_b": "7, 1, 5", "bc_n": "8"},
            key="bc_seed",
            note="4-D broadcast (values mode), bug gallery at 8 rows; the seed moves",
            browser_key="bc_n",
            browser_tab=2,  # "silent bugs": the tab with the rows slider
        ),
        Scenario(
            "dtypes",
            "dtypes-and-numpy",
            {"dt_tab": "std", "dt_n": "2000"},
            key="dt_n",
            note="standardization tab, 2000 values (4000 ticks drawn); the N slider moves",
            browser_tab=5,  # "std": the tab with the slider
        ),
        Scenario(
            "activations",
            "activation-functions",
            {"act_view": "network", "act_depth": "20", "act_width": "256"},
            key="act_scale",
            note="network tab at its limits (20 layers x 256 units); the init-scale slider moves",
        ),
        Scenario(
            "softmax",
            "softmax-and-losses",
            {"sm_logits": "3, 1, 0.5, -1, 2, 0, 1.5, -2, 0.2, 4", "sm_batch": "8"},
            key="sm_z0",
            note="10 classes, batch 8 in the loss tab; a logit slider moves",
        ),
        Scenario(
            "augmentation",
            "augment",
            {
                "aug_n": "16",
                "aug_steps": ["hflip", "rotate", "brightness", "perspective", "grayscale", "erase"],
            },
            key="aug_seed",
            note="16 samples through a 6-transform pipeline; the seed moves",
            browser_key="aug_n",
        ),
        Scenario(
            "training",
            "live-training",
            {"tr_points": "1000", "tr_layers": "8, 8, 8"},
            key="tr_noise",
            note="1000 points, 3 hidden layers; the noise slider moves (new data, new run)",
        ),
        Scenario(
            "losses",
            "loss-functions",
            {
                "loss_names": ["PoissonNLLLoss", "TripletMarginLoss", "MultiLabelSoftMarginLoss"],
                "loss_TripletMarginLoss_p": "1.5",
            },
            key="loss_x0",
            note="three curves (Poisson, triplet with a 1.5-norm, multi-label); the point moves",
        ),
        Scenario(
            "data",
            "data-to-batches",
            {"data_n": "200", "data_epochs": "5", "data_sampler": "shuffle", "data_batch": "3"},
            key="data_seed",
            note="200 items x 5 epochs shuffled into batches of 3 (335 batches); the seed moves",
            browser_key="data_epochs",
        ),
        Scenario(
            "optimizers",
            "optimizer-steps",
            {"opt_surface": "himmelblau", "opt_x": "0.0", "opt_y": "0.0", "opt_steps": "500"},
            key="opt_x",
            note="4 optimizers x 500 steps on Himmelblau; the start slider moves (4 new runs)",
            browser_key="opt_k",
        ),
        Scenario(
            "autograd",
            "autograd-graph",
            {
                "ag_expr": "loss = ((sigmoid(w * x + b) - y) ** 2).mean() + 0.01 * (w ** 2).sum()",
                "ag_values": "w = 1, 2, 3, 4, 5, 6, 7, 8; b = 0.5; x = 8, 7, 6, 5, 4, 3, 2, 1; "
                "y = 1, 0, 1, 0, 1, 0, 1, 0",
                "ag_tab": "backward() × k",
            },
            key="ag_calls",
            note="8-element leaves, 12 recorded nodes, accumulation tab; the calls slider moves",
        ),
        Scenario(
            "convolution",
            "conv-and-pooling",
            {
                "cv_h": "16",
                "cv_w": "16",
                "cv_kh": "7",
                "cv_kw": "7",
                "cv_padding": "3",
                "cv_dilation": "2",
                "cv_in_ch": "8",
                "cv_out_ch": "8",
            },
            key="cv_cell",
            note="16×16 input, 8→8 channels, a dilated 7×7 kernel (392 products); the cell moves",
        ),
    ]
}


def scenarios() -> list[Scenario]:
    return [HEAVY.get(c.key) or Scenario(c.key, c.url_path, note="first slider") for c in CONCEPTS]


def sweep(node, count: int = 60) -> list:
    """Distinct values for a widget, from its own proto: up its range, so no value repeats soon."""
    kind = type(node).__name__
    proto = node.proto
    if kind == "Slider":
        lo, hi, step = proto.min, proto.max, proto.step or 1
        n = int(round((hi - lo) / step))
        picks = sorted({int(round(i * n / max(count - 1, 1))) for i in range(count)})
        values = [lo + k * step for k in picks]
        if proto.data_type in (proto.INT,):
            values = [int(v) for v in values]
        else:
            values = [round(v, 6) for v in values]
        if len(proto.default) == 2:  # a range slider: move the lower end
            top = proto.default[1]
            values = [(v, top) for v in values if v < top]
        return values
    if kind == "SelectSlider":
        return list(node.options)
    if kind == "NumberInput":
        lo = int(proto.min) if proto.has_min else 0
        return [lo + i for i in range(count)]
    raise ValueError(f"do not know how to sweep a {kind}")
