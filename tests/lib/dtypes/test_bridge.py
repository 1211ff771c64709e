"""Which conversions share memory: written out by hand from the PyTorch and NumPy docs, and
checked by writing into one side and reading the other."""

import pytest

from lib.common.errors import InputError
from lib.dtypes import ROUTES, crossings, float64_leak, shares_memory

SHARED = {
    "torch.from_numpy": True,  # "The returned tensor and ndarray share the same memory"
    ".numpy()": True,
    "torch.as_tensor": True,  # same dtype and device: no copy
    "torch.tensor": False,  # "always copies data"
    "np.asarray": True,
    ".float()": False,  # float64 -> float32 needs new memory
    ".to(dtype)": False,
    ".to(float64)": True,  # already float64: `.to` returns self
    ".clone()": False,
}


@pytest.mark.parametrize("route", list(SHARED))
def test_shares_memory_matches_the_documented_behaviour(route):
    assert shares_memory(route) is SHARED[route]


def test_a_write_shows_through_exactly_where_memory_is_shared():
    for c in crossings():
        assert (c.read_back == 99.0) is c.shares is c.same_address, c.route


def test_the_dtype_that_comes_out():
    out = {c.route: c.end_dtype for c in crossings()}
    assert out["torch.from_numpy"] == out["torch.tensor"] == "float64"  # NumPy's default leaks
    assert out[".numpy()"] == out[".float()"] == "float32"
    assert set(out) == set(ROUTES)


def test_float64_meeting_a_float32_weight_is_torchs_own_error():
    leak = float64_leak()
    assert leak.dtype == "float64"
    assert "dtype" in leak.error and "double" in leak.error.lower()


def test_an_unknown_route_is_one_sentence():
    with pytest.raises(InputError):
        shares_memory("pickle")
