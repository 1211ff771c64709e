"""Standardization against NumPy on the same numbers: ddof=1 is torch.std, ddof=0 is np.std."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.common.errors import InputError
from lib.dtypes import MAX_N, MIN_N, standardize


@settings(max_examples=15)
@given(st.integers(MIN_N, 300), st.integers(0, 9999))
def test_torch_std_is_numpys_ddof_1_and_the_ratio_is_bessels(n, seed):
    s = standardize(n, seed)
    x = np.array(s.x, dtype=np.float64)
    assert s.std_torch == pytest.approx(np.std(x, ddof=1), rel=1e-5)
    assert s.std_numpy == pytest.approx(np.std(x, ddof=0), rel=1e-5)
    assert s.std_torch / s.std_numpy == pytest.approx(math.sqrt(n / (n - 1)), rel=1e-5)
    z = (x - x.mean()) / np.std(x, ddof=1)
    assert np.allclose(s.z_torch, z, atol=1e-5)
    assert s.z_std_torch == pytest.approx(1.0, abs=1e-5)
    assert s.inside_numpy <= s.inside_torch  # a smaller std pushes values outward


def test_a_large_normal_sample_has_about_68_percent_within_one_std():
    s = standardize(MAX_N, 0)
    assert abs(s.inside_torch - 0.6827) < 0.04


def test_the_same_seed_gives_the_same_column():
    assert standardize(50, 3).x == standardize(50, 3).x != standardize(50, 4).x


@pytest.mark.parametrize(("n", "seed"), [(1, 0), (MAX_N + 1, 0), (10, -1), (10, 10**6)])
def test_out_of_range_settings_are_one_sentence(n, seed):
    with pytest.raises(InputError):
        standardize(n, seed)
