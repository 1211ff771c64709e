"""Data augmentation: a seeded grid of random transforms, then a model that needs them."""

import streamlit as st

from app_pages.augmentation_widgets import reseed, sampled, texts, train_all
from charts import augment as charts
from charts import augment_probe
from lib.augmentation import code as augment_code
from lib.augmentation import invariance, pipeline, probe, table
from lib.augmentation import samples as sample_images
from lib.augmentation import upload as image_upload
from ui.chart import draw
from ui.controls import Controls
from ui.layout import picture_last_columns
from ui.page import explanation, header, notice, show_error
from ui.panels import check_yourself, code_panel
from ui.settings import presenting
from ui.tabs import view_tabs
from ui.text import t


def widget(p: table.Param, name: str, where=st):
    """The one renderer: any parameter declared in lib becomes its bound widget `aug_<name>`."""
    words = f"param_{p.name}"
    if p.kind == "choice" and len(p.options) > 4:  # a row of buttons would overflow a column
        return bound(where.select_slider, name, p.options, p.default, words=words)
    if p.kind == "choice":
        options = dict(default=p.default, required=True)
        return bound(where.segmented_control, name, p.options, words=words, **options)
    return bound(where.slider, name, p.low, p.high, p.default, p.step, words=words)


def transform_controls(name: str) -> dict:
    row = table.TRANSFORMS[name]
    with st.container(border=True):
        st.markdown(f"**`{name}`** · {t(f'augmentation.tf_{name}')}")
        probability = table.Param("p", 0.0, 1.0, row.p, 0.05)
        return {p.name: widget(p, f"{name}_{p.name}") for p in (probability, *row.params)}


def explorer() -> None:
    left, right = picture_last_columns("augmentation", [2, 3], gap="large")
    with left:
        name = bound(st.selectbox, "image", [*sample_images.IMAGES, "upload"])
        first = ["hflip", "rotate", "brightness"]
        chosen = bound(
            st.multiselect,
            "steps",
            list(table.TRANSFORMS),
            first,
            words="pipeline",
            placeholder=t("common.choose"),
        )
        c1, c2 = st.columns(2)
        n = bound(c1.slider, "n", 1, pipeline.MAX_SAMPLES, 8, words="samples")
        seed = bound(c2.number_input, "seed", 0, 99_999, 7, label=t("common.seed"))
        st.button(t("common.reseed"), key="aug_reseed", on_click=reseed, icon="🎲")
        steps = [(s, transform_controls(s)) for s in chosen]
    with right:
        try:
            if (shown := sampled(name, steps, n, seed)) is None:
                return st.info(t("augmentation.upload_wait", side=image_upload.DISPLAY_SIDE))
        except ValueError as err:
            return show_error(err)
        grid, (original, *pictures) = shown
        st.image(original, t("augmentation.original"), width=160, output_format="JPEG")
        per_row = 3 if presenting() else 4
        for row in range(0, n, per_row):  # fresh columns per row keep the rows aligned
            for i, col in zip(range(row, min(n, row + per_row)), st.columns(per_row)):
                col.image(pictures[i], width="stretch", output_format="JPEG")
                col.caption("  \n".join([f"**#{i + 1}**", *(d.markdown() for d in grid.drawn[i])]))
        if rows := charts.strip_data(grid, **texts("fired", "missed", "chosen")):
            draw(charts.drawn_strip, rows, **texts("fired", "missed", "slider"))
    explanation("augmentation")
    counts = dict(zip(("fired", "total"), grid.fired(), strict=True), seed=seed)
    notice(list(texts("notice_fired", "notice_seed", "notice_streams", **counts).values()))
    with st.expander(t("augmentation.torchvision_title"), icon="📦"):
        st.code(augment_code.torchvision_code(steps, *grid.images[0].shape[1:]), language="python")
    code_panel(augment_code.torch_code(grid, name))
    if q := pipeline.coin_question(grid):
        ask, why = texts("check_p", "check_p_why", **vars(q)).values()
        check_yourself("aug_check_p", ask, q.options, q.answer, why)


def experiment() -> None:
    cols = st.columns(len(probe.TRAINING_CONTROLS))
    v = {p.name: widget(p, p.name, c) for p, c in zip(probe.TRAINING_CONTROLS, cols)}
    k, axis = v["shift"], v["axis"]
    how = {False: t("augmentation.centred"), True: t("augmentation.shifted", k=k)}
    names = {(m, a): f"{m.upper()} · {how[a]}" for m, a in probe.RUNS}
    try:
        runs = train_all(v["hidden"], k, v["train_seed"], names)
    except ValueError as err:  # a pasted URL outside the bounds lib checks
        return show_error(err)
    rows = charts.accuracy_data(runs.values(), axis, how, k, **texts("band", "chance", k=k))
    labels = texts("shift_axis", "accuracy", "model", "training_data", k=k, axis=axis)
    draw(charts.accuracy_vs_shift, rows, training=(how[False], how[True]), **labels)
    explanation("augmentation_experiment")
    st.subheader(t("augmentation.probe_title"))
    cols = st.columns(len(probe.PROBE_CONTROLS))
    v |= {p.name: widget(p, p.name, c) for p, c in zip(probe.PROBE_CONTROLS, cols)}
    look = probe.look(runs, v["hidden"], v["digit"], v["probe_shift"], axis, v["train_seed"])
    beliefs = {names[key]: b for key, b in look.beliefs.items()}
    labels = texts("digit", "probability_axis", "model")
    draw(charts.probability_bars, charts.probability_data(beliefs), models=tuple(beliefs), **labels)
    pair = tuple(texts("centred_input", "shifted_input", s=v["probe_shift"]).values())
    rows = augment_probe.equivariance_data(look, v["channel"], pair)
    labels = texts("pixel", "activation", "channel", "pooled")
    draw(augment_probe.equivariance_view, rows, stretch=False, **labels)
    s = probe.summary(runs, axis, k, look, v["probe_shift"]) | {"hidden": v["hidden"]}
    cnn = f"notice_cnn_{s['cnn_case']}"  # the words follow the measured odd/even gap
    notice(list(texts("notice_mlp", "notice_aug", "notice_cnn", cnn, "notice_equi", **s).values()))
    config = invariance.Config(hidden=v["hidden"], aug_shift=k, seed=v["train_seed"])
    code_panel(augment_code.experiment_code(config, axis))
    s["acc"] = ", ".join(f"{names[key]} {a:.0%}" for key, a in s["acc"].items())
    ask, why = texts("check_far", "check_far_why", **s).values()
    check_yourself("aug_check_far", ask, list(names.values()), names[s["best"]], why)


header("augmentation")
bound = Controls("augmentation", "aug_")
# `?aug_tab=experiment`; a link saved with a tab's label, in any language, still opens it.
tabs = view_tabs("augmentation", ("explore", "experiment"), "aug_view", param="aug_tab")
for tab, body in zip(tabs, (explorer, experiment), strict=True):
    if tab.open:  # only the open tab runs: the experiment trains when a student asks for it
        with tab:
            st.fragment(body)()  # a move reruns this tab alone, not the header and the tabs
