"""'What to notice' picks its sentences from the numbers: checked at the edges of every setting."""

import math

import pytest

from lib.dtypes import (
    MAX_COUNT,
    STEPS,
    accumulate,
    crossings,
    encode_all,
    facts,
    float64_leak,
    standardize,
)


def keys(points):
    return [k for k, _ in points]


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("70000", "n_overflow"),
        ("1e-8", "n_underflow"),
        ("1e-6", "n_subnormal"),
        ("0.5", "n_exact"),
        ("0.1", "n_stored"),
        ("nan", "n_nan"),
        ("-inf", "n_inf"),
        ("1e300", "n_overflow"),
        ("0", "n_exact"),
    ],
)
def test_the_bits_sentence_fits_the_number(typed, first):
    said = facts.bits(encode_all(typed), typed)
    assert keys(said)[0] == first


def test_the_stored_sentence_quotes_torchs_values():
    said = dict(facts.bits(encode_all("2049"), "2049"))
    assert said["n_stored"]["h"] == "2048" and said["n_neighbours"]["gap"] == "2"
    assert said["n_spacing"]["g_h"] == "2"


def test_no_spacing_sentence_when_a_dtype_has_no_finite_neighbour():
    assert "n_spacing" not in keys(facts.bits(encode_all("70000"), "70000"))


@pytest.mark.parametrize("count", [1, 2, 300, MAX_COUNT])
@pytest.mark.parametrize("step", [STEPS[0], STEPS[-1]])
def test_accumulation_sentences_match_the_sums(count, step):
    acc = accumulate(count, step)
    said = facts.accumulation(acc)
    for key, numbers in said[:2]:
        name = numbers["dtype"]
        assert (key == "n_stall") is (acc.stalls[name] is not None)
        assert (key == "n_exact_sum") is (acc.stalls[name] is None and acc.final[name] == acc.exact)
        assert numbers["sum"] == facts.num(acc.final[name])
    better = abs(acc.summed["float16"] - acc.exact) < abs(acc.final["float16"] - acc.exact)
    assert said[2][0] == ("n_sum_better" if better else "n_sum_same")
    assert said[3][0] == ("n_float32" if acc.final["float32"] != acc.exact else "n_float32_exact")


@pytest.mark.parametrize("n", [2, 3, 2000])
def test_standardization_sentences_hold_at_the_ends_of_the_slider(n):
    s = standardize(n, 0)
    said = dict(facts.standardization(s))
    assert float(said["n_ratio"]["bessel"]) == pytest.approx(math.sqrt(n / (n - 1)), abs=1e-5)
    same = s.inside_torch == s.inside_numpy
    assert ("n_inside_same" in said) is same and ("n_inside_differs" in said) is not same


def test_the_bridge_sentences_list_every_route_once():
    said = dict(facts.bridge(crossings(), float64_leak()))
    shared, copied = said["n_shared"]["routes"], said["n_copied"]["routes"]
    assert "`torch.from_numpy(a)`" in shared and "`torch.tensor(a)`" in copied
    assert shared.count("`") + copied.count("`") == 2 * len(crossings())


def test_promotion_explains_and_compares():
    ours, theirs, said = facts.promotion("uint8", "float")
    assert (ours, theirs) == ("float32", "float64")
    assert keys(said) == ["rule_category_scalar", "numpy_differs"]
    assert keys(facts.promotion("bfloat16", "int")[2])[1] == "numpy_none"


@pytest.mark.parametrize(("v", "text"), [(2048.0, "2048"), (0.1, "0.1"), (math.inf, "inf")])
def test_numbers_are_written_exactly(v, text):
    assert facts.num(v) == text
