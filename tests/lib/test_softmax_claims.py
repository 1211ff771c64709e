"""The softmax page's sentences follow torch's numbers: the sign of the target's gradient picks
the direction it names, and the loss it quotes is the one on the logits actually used (z / T)."""

import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st

from lib.softmax import facts
from lib.softmax import formulas as sm


def gradient_sentence(logits, y, eps, T=1.0):
    r = sm.compare(logits, T, torch.float32)
    return facts.gradient(sm.gradient(r, y, eps), sm.readout(r, y), y, eps)[0]


def test_label_smoothing_can_push_the_true_logit_down():
    key, numbers = gradient_sentence((10.0, 0.0, 0.0), 0, 0.1)
    u = torch.tensor([[10.0, 0.0, 0.0]], requires_grad=True)
    F.cross_entropy(u, torch.tensor([0]), label_smoothing=0.1).backward()
    assert u.grad[0, 0] > 0.06  # torch: +0.0666, so descent lowers the true logit
    assert key == "n_grad_down" and float(numbers["g"]) > 0


def test_without_smoothing_the_true_logit_is_raised():
    key, numbers = gradient_sentence((2.0, 1.0, 0.1, -1.0), 1, 0.0)
    assert key == "n_grad" and float(numbers["g"]) < 0


@given(
    st.lists(st.floats(-20, 20), min_size=2, max_size=6),
    st.floats(0, 1),
    st.data(),
)
def test_the_sentence_matches_the_sign_autograd_gives(logits, eps, data):
    y = data.draw(st.integers(0, len(logits) - 1))
    key, _ = gradient_sentence(tuple(logits), y, eps)
    u = torch.tensor([logits], requires_grad=True)
    F.cross_entropy(u, torch.tensor([y]), label_smoothing=eps, reduction="sum").backward()
    g = u.grad[0, y].item()
    assert key == ("n_grad" if g < 0 else "n_grad_down" if g > 0 else "n_grad_flat")


def test_at_a_temperature_the_loss_quoted_is_on_z_over_t():
    z, T, y = (2.0, 1.0, 0.1), 2.0, 0
    r = sm.compare(z, T, torch.float32)
    key, numbers = facts.distribution(r, sm.readout(r, y), y, T)[2]
    assert key == "n_nll_scaled" and numbers["T"] == "2"
    expected = F.cross_entropy(torch.tensor([z]) / T, torch.tensor([y])).item()
    assert abs(float(numbers["ce"]) - expected) < 1e-4
    key_at_one, _ = facts.distribution(*_at_one(z, y), y, 1.0)[2]
    assert key_at_one == "n_nll"


def _at_one(z, y):
    r = sm.compare(z, 1.0, torch.float32)
    return r, sm.readout(r, y)


def test_bfloat16_overflows_where_float32_does_and_float16_far_earlier():
    """What the prose says about the dtypes, from torch: exp's last finite input per dtype."""
    limits = {d: torch.log(torch.tensor(torch.finfo(d).max)).item() for d in (torch.float32,)}
    for d in (torch.float32, torch.bfloat16):
        assert torch.isfinite(torch.exp(torch.tensor(88.7, dtype=d)))
        assert torch.isinf(torch.exp(torch.tensor(88.8, dtype=d)))
    assert torch.isinf(torch.exp(torch.tensor(11.1, dtype=torch.float16)))
    assert torch.tensor(100.2, dtype=torch.bfloat16) == torch.tensor(100.0, dtype=torch.bfloat16)
    assert abs(limits[torch.float32] - 88.72) < 0.01
