"""The activations page through app.py: every view in every language, URL state, bad input."""

import json

import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from lib.activations.curves import at_point
from lib.activations.network import NetworkConfig, probe
from tests.pages.conftest import assert_clean, open_page
from ui.text import strings

PAGE = "app_pages/activations.py"
VIEWS = ["curves", "properties", "neuron", "network"]


def _specs(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def _rows(at, chart: int, layer: dict) -> list[dict]:
    """A layer's data rows: Streamlit ships datasets beside the spec, as Arrow."""
    proto = at.get("vega_lite_chart")[chart].proto
    [data] = [d for d in proto.datasets if d.name == layer["data"]["name"]]
    return convert_arrow_bytes_to_pandas_df(data.data.data).to_dict("records")


def _text(at) -> str:
    return " ".join(str(m.value) for m in at.markdown)


def _code(at) -> str:
    return at.get("code")[0].proto.code_text


# test_every_page renders the default view in all languages; here each view gets a language.
@pytest.mark.parametrize("view, lang", zip(VIEWS, ["zh-TW", "zh-CN", "en", "zh-TW"], strict=True))
def test_every_view_renders_with_its_charts_and_notices(view, lang):
    at = open_page(PAGE, lang, act_view=view)
    assert_clean(at)
    assert not at.error
    assert [tab.label for tab in at.tabs] == [strings(lang)[f"activations.tab_{v}"] for v in VIEWS]
    assert strings(lang)["common.notice"] in _text(at)
    charts = {"curves": 3, "properties": 0, "neuron": 2, "network": 4}[view]
    assert len(at.get("vega_lite_chart")) == charts
    if view == "properties":
        assert len(at.dataframe[0].value) == 18


def test_url_restores_functions_parameters_range_and_point():
    at = open_page(
        PAGE,
        "en",
        act_fns=["elu", "tanh"],
        act_elu_alpha="2.0",
        act_x=["-3.0", "4.0"],
        act_thr="0.2",
        act_x0="-1.5",
    )
    assert_clean(at)
    assert at.multiselect(key="act_fns").value == ["elu", "tanh"]
    assert at.slider(key="act_elu_alpha").value == 2.0
    f_panel = _specs(at)[0]
    line = next(la for la in f_panel["layer"] if la["mark"]["type"] == "line")
    assert line["encoding"]["x"]["scale"]["domain"] == [-3.0, 4.0]
    y, d = at_point("elu", -1.5, {"alpha": 2.0})
    assert f"f′(x₀) = {d:.4f}" in _text(at) and f"elu(x₀) = {y:.4f}" in _text(at)


def test_url_opens_the_network_view_with_its_settings():
    at = open_page(
        PAGE,
        "zh-CN",
        act_view="network",
        act_fns="tanh",
        act_depth="20",
        act_width="256",
        act_scale="3.0",
        act_seed="4",
    )
    assert_clean(at)
    want = probe(NetworkConfig("tanh", (), 20, 256, 3.0, 0.1, 4, (-6.0, 6.0)))
    grad = _specs(at)[-1]  # the gradient chart comes last
    assert grad["encoding"]["y"]["scale"]["type"] == "log"
    norms = [r["norm"] for r in _rows(at, -1, grad)]
    assert norms == pytest.approx([s.weight_grad_norm for s in want.layers])
    assert f"{want.layers[-1].saturated_share:.0%}" in _text(at)


def test_network_code_panel_reproduces_the_gradient_norms():
    at = open_page(
        PAGE, "en", act_view="network", act_fns="relu", act_depth="6", act_width="32", act_seed="2"
    )
    ns: dict = {}
    exec(_code(at), ns)  # the page's own generated code
    want = probe(NetworkConfig("relu", (), 6, 32, 1.0, 0.1, 2, (-6.0, 6.0)))
    assert ns["grad_norms"] == pytest.approx([s.weight_grad_norm for s in want.layers], rel=1e-5)


def test_function_code_panel_reproduces_the_point_read_out():
    at = open_page(
        PAGE,
        "en",
        act_fns=["leaky_relu", "softplus"],
        act_leaky_slope="0.3",
        act_sp_beta="2.0",
        act_x0="-0.7",
    )
    ns: dict = {}
    exec(_code(at), ns)
    assert ns["at_x0"]["leaky_relu"] == pytest.approx(
        at_point("leaky_relu", -0.7, {"negative_slope": 0.3})
    )
    assert ns["at_x0"]["softplus"] == pytest.approx(at_point("softplus", -0.7, {"beta": 2.0}))


def test_moving_the_threshold_redraws_the_saturated_bands():
    at = open_page(PAGE, "en", act_fns="sigmoid")

    def bands():
        rows = _rows(at, 0, _specs(at)[0]["layer"][0])  # the grey shading comes first
        return [(round(r["start"], 2), round(r["end"], 2)) for r in rows]

    assert bands() == [(-6.0, -2.06), (2.06, 6.0)]
    at.slider(key="act_thr").set_value(0.2).run()
    assert_clean(at)
    assert bands() == [(-6.0, -0.96), (0.96, 6.0)]


def test_adding_a_function_overlays_it_and_shows_its_parameter():
    at = open_page(PAGE, "en", act_fns="tanh")
    at.multiselect(key="act_fns").select("hardtanh").run()
    assert_clean(at)
    assert at.slider(key="act_ht_min").value == -1.0
    line = next(la for la in _specs(at)[0]["layer"] if la["mark"]["type"] == "line")
    assert line["encoding"]["color"]["scale"]["domain"] == ["tanh", "hardtanh"]


def test_neuron_sliders_move_the_sensitive_region():
    at = open_page(PAGE, "en", act_view="neuron", act_fns="sigmoid")
    at.slider(key="act_w").set_value(2.0).run()
    at.slider(key="act_b").set_value(4.0).run()
    assert_clean(at)
    assert "−b/w = -2.00" in _text(at)


def test_check_yourself_reveals_the_answer_built_from_the_view():
    at = open_page(PAGE, "en", act_fns="sigmoid")
    radio = next(r for r in at.radio if r.key.startswith("act_q_point"))
    radio.set_value("x = -2.4").run()
    next(b for b in at.button if b.key.startswith("act_q_point_reveal")).click().run()
    assert at.success and "|f′(-2.4)| = 0.076" in _text(at)


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_empty_range_is_one_clear_sentence(lang):
    at = open_page(PAGE, lang, act_x=["2.0", "2.0"])
    assert_clean(at)
    [error] = at.error
    assert ("2.0" in error.value) and ("empty" in error.value or "空" in error.value)


def test_hardtanh_with_crossed_bounds_is_refused_but_the_rest_still_works():
    at = open_page(PAGE, "zh-CN", act_fns=["hardtanh", "tanh"], act_ht_min="1.0", act_ht_max="-1.0")
    assert_clean(at)
    assert "min_val" in at.error[0].value and "小于" in at.error[0].value
    assert len(at.get("vega_lite_chart")) == 3  # tanh is still drawn
    net = open_page(
        PAGE, "en", act_view="network", act_fns="hardtanh", act_ht_min="1.0", act_ht_max="-1.0"
    )
    assert_clean(net) and "min_val below max_val" in net.error[0].value


def test_presenter_mode_hides_the_prose_but_keeps_the_numbers():
    at = open_page(PAGE, "zh-TW", present="true", act_view="network")
    assert_clean(at)
    assert "**激活函數**" not in _text(at) and "第 1 層" in _text(at)
    assert len(at.get("vega_lite_chart")) == 4


def test_absurd_values_in_a_link_fall_back_to_the_sliders_bounds():
    at = open_page(
        PAGE,
        "en",
        act_view="network",
        act_depth="500",
        act_width="100000",
        act_thr="nan",
        act_scale="inf",
    )
    assert_clean(at)
    assert at.slider(key="act_depth").value == 10 and at.slider(key="act_width").value == 64
    assert at.slider(key="act_thr").value == 0.1 and at.slider(key="act_scale").value == 1.0
    assert len(at.get("vega_lite_chart")) == 4
