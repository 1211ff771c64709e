"""The network view's numbers against a direct torch computation of the same network."""

import math

import pytest
import torch
import torch.nn as nn

from lib.activations.network import (
    BATCH,
    BINS,
    MAX_DEPTH,
    MAX_WIDTH,
    NetworkConfig,
    build,
    histograms,
    probe,
    snippet,
)
from lib.common.errors import InputError


def _direct(cfg: NetworkConfig, act: nn.Module):
    """The same network as nn.Linear layers with the same weights; gradients by autograd.grad."""
    x, weights, target = build(cfg)
    layers = []
    for w in weights:
        lin = nn.Linear(cfg.width, cfg.width, bias=False)
        with torch.no_grad():
            lin.weight.copy_(w)
        layers.append(lin)
    h, pre = x, []
    for lin in layers:
        z = lin(h)
        pre.append(z)
        h = act(z)
    loss = nn.functional.mse_loss(h, target)
    grads = torch.autograd.grad(loss, [lin.weight for lin in layers])
    return pre, [g.norm().item() for g in grads], loss.item()


def test_tanh_network_matches_a_direct_torch_computation():
    cfg = NetworkConfig("tanh", depth=6, width=32, init_scale=2.5, threshold=0.1, seed=3)
    got = probe(cfg)
    pre, norms, loss = _direct(cfg, nn.Tanh())
    assert got.loss == pytest.approx(loss, rel=1e-5)
    for stats, z, norm in zip(got.layers, pre, norms, strict=True):
        saturated = ((1 - torch.tanh(z) ** 2) < 0.1).float().mean().item()  # closed-form f′
        assert stats.saturated_share == pytest.approx(saturated)
        assert stats.weight_grad_norm == pytest.approx(norm, rel=1e-4)
        assert stats.pre_std == pytest.approx(z.std().item(), rel=1e-5)
        assert stats.dead_share == 0.0


def test_relu_dead_units_are_the_ones_off_for_the_whole_batch():
    cfg = NetworkConfig("relu", depth=10, width=16, init_scale=1.0, seed=1)
    got = probe(cfg)
    pre, norms, _ = _direct(cfg, nn.ReLU())
    for stats, z, norm in zip(got.layers, pre, norms, strict=True):
        assert stats.saturated_share == pytest.approx((z <= 0).float().mean().item())
        assert stats.dead_share == pytest.approx((z <= 0).all(dim=0).float().mean().item())
        assert stats.weight_grad_norm == pytest.approx(norm, rel=1e-4)
    assert any(s.dead_share > 0 for s in got.layers)


def test_sigmoid_gradient_vanishes_on_its_way_to_the_input():
    got = probe(NetworkConfig("sigmoid", depth=10, width=64))
    norms = [s.weight_grad_norm for s in got.layers]
    assert norms == sorted(norms) and got.grad_ratio < 1e-4


def test_a_larger_init_scale_pushes_tanh_into_saturation():
    small = probe(NetworkConfig("tanh", depth=8, width=64, init_scale=1.0))
    large = probe(NetworkConfig("tanh", depth=8, width=64, init_scale=3.0))
    assert large.layers[-1].saturated_share > 0.3 > small.layers[-1].saturated_share


def test_histogram_counts_every_pre_activation_once():
    cfg = NetworkConfig("tanh", depth=3, width=8, init_scale=4.0, hist_range=(-1.0, 1.0))
    got = probe(cfg)
    for s in got.layers:
        assert sum(s.counts) == BATCH * cfg.width
        assert 0 < s.below + s.above < 1  # values outside the window land in the end bins
    assert got.bin_edges[0] == -1.0 and got.bin_edges[-1] == 1.0


@pytest.mark.parametrize("lo, hi", [(-6.0, 6.0), (-0.5, 3.0), (-20.0, 19.5), (-1.3, 0.7)])
def test_histograms_count_exactly_as_torch_histc_does_layer_by_layer(lo, hi):
    g = torch.Generator().manual_seed(0)
    edges = torch.linspace(lo, hi, BINS + 1)
    near = torch.cat([edges, edges.nextafter(edges + 1), edges.nextafter(edges - 1)])  # ± 1 ulp
    spread = torch.logspace(-2, 2, 6).view(6, 1)
    z = torch.cat([torch.randn(6, 2000, generator=g) * spread, near.expand(6, -1)], dim=1)
    want = torch.stack([torch.histc(layer.clamp(lo, hi), BINS, lo, hi) for layer in z])
    assert torch.equal(histograms(z, lo, hi), want.long())


def test_the_seed_decides_everything():
    a, b = probe(NetworkConfig(seed=5)), probe(NetworkConfig(seed=5))
    c = probe(NetworkConfig(seed=6))
    assert a == b and a.loss != c.loss


@pytest.mark.parametrize(
    "change, key",
    [
        ({"depth": MAX_DEPTH + 1}, "act_depth"),
        ({"depth": 0}, "act_depth"),
        ({"width": MAX_WIDTH + 1}, "act_width"),
        ({"width": 10**9}, "act_width"),
        ({"init_scale": 0.0}, "act_init_scale"),
        ({"init_scale": math.nan}, "act_init_scale"),
        ({"seed": -1}, "act_seed"),
        ({"threshold": math.inf}, "act_threshold"),
        ({"hist_range": (1.0, 1.0)}, "act_range_empty"),
        ({"activation": "nope"}, "act_unknown"),
    ],
)
def test_absurd_networks_are_refused_before_anything_is_allocated(change, key):
    with pytest.raises(InputError) as err:
        probe(NetworkConfig(**change))
    assert err.value.key == key


@pytest.mark.parametrize(
    "cfg",
    [
        NetworkConfig("tanh", depth=4, width=16, init_scale=2.0, seed=7),
        NetworkConfig("leaky_relu", (("negative_slope", 0.2),), depth=5, width=8, threshold=0.3),
    ],
)
def test_code_panel_reproduces_the_network_view(cfg, capsys):
    ns: dict = {}
    exec(snippet(cfg), ns)  # our own generated code
    got = probe(cfg)
    assert ns["saturated"] == pytest.approx([s.saturated_share for s in got.layers])
    assert ns["dead"] == pytest.approx([s.dead_share for s in got.layers])
    assert ns["grad_norms"] == pytest.approx([s.weight_grad_norm for s in got.layers], rel=1e-5)
    assert "layer  1" in capsys.readouterr().out


def test_build_draws_from_the_seed_in_order_even_after_other_scales_reused_the_draws():
    """Inputs, weights × scale/√width, targets from one fresh generator: what build() documents,
    also when a probe at another scale (same seed) ran first and kept its normals."""
    for scale in (1.0, 0.5, 3.0):
        probe(NetworkConfig("relu", depth=4, width=8, init_scale=scale, seed=11))
    cfg = NetworkConfig("tanh", depth=4, width=8, init_scale=2.0, seed=11)
    x, weights, target = build(cfg)
    g = torch.Generator().manual_seed(11)
    assert torch.equal(x, torch.randn(BATCH, 8, generator=g))
    for w in weights:
        assert torch.equal(w, torch.randn(8, 8, generator=g) * (2.0 / math.sqrt(8)))
    assert torch.equal(target, torch.randn(BATCH, 8, generator=g))
