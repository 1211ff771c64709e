"""torch's promotion against a hand-written table from PyTorch's documented rules: categories
bool < integer < float; zero-dim tensors and Python scalars do not widen within a category."""

import pytest

from lib.common.errors import InputError
from lib.dtypes import DTYPES, numpy_result_type, result_type, rule, table

# Dimensioned tensor with dimensioned tensor: the smallest dtype that holds both, written out
# from the documented lattice (uint8 and int8 meet at int16; float16 and bfloat16 at float32).
FLOATS = ["float64", "float32", "float16", "bfloat16"]
INTS = ["int64", "int32", "int16", "int8", "uint8"]
WIDTH = {"int64": 64, "int32": 32, "int16": 16, "int8": 8, "uint8": 8}
FWIDTH = {"float64": 64, "float32": 32, "float16": 16, "bfloat16": 16}


def by_hand(a: str, b: str) -> str:
    if a == b:
        return a
    if "bool" in (a, b):
        return b if a == "bool" else a
    if a in FLOATS and b in FLOATS:
        if {a, b} == {"float16", "bfloat16"}:
            return "float32"
        return max(a, b, key=FWIDTH.get)
    if a in FLOATS or b in FLOATS:
        return a if a in FLOATS else b
    if {a, b} == {"uint8", "int8"}:
        return "int16"
    return max(a, b, key=WIDTH.get)


@pytest.mark.parametrize("a", list(DTYPES))
@pytest.mark.parametrize("b", list(DTYPES))
def test_tensor_with_tensor_follows_the_documented_lattice(a, b):
    assert result_type(a, b) == by_hand(a, b)


@pytest.mark.parametrize(
    ("a", "b", "want"),
    [
        ("uint8", "float", "float32"),  # a float scalar lifts ints to the default float
        ("int64", "float", "float32"),
        ("float16", "float", "float16"),  # ...but never widens a float tensor
        ("bfloat16", "float", "bfloat16"),
        ("uint8", "int", "uint8"),  # an int scalar does not widen uint8
        ("int8", "int", "int8"),
        ("bool", "int", "int64"),  # bool < int: the default int dtype
        ("bool", "float", "float32"),
        ("bool", "bool", "bool"),
        ("float16", "zero-dim float64", "float16"),  # zero-dim: no widening in a category
        ("int8", "zero-dim int64", "int8"),
        ("uint8", "zero-dim int8", "uint8"),
        ("int32", "zero-dim float64", "float64"),  # zero-dim of a higher category: its dtype
        ("uint8", "zero-dim bfloat16", "bfloat16"),
        ("bool", "zero-dim uint8", "uint8"),
        ("zero-dim float16", "zero-dim float64", "float64"),  # two zero-dim: like tensors
        ("zero-dim int8", "float", "float32"),
        ("zero-dim float16", "float", "float16"),
        ("int", "float", "float32"),
        ("int", "int", "int64"),
    ],
)
def test_zero_dim_tensors_and_scalars_do_not_widen_within_a_category(a, b, want):
    assert result_type(a, b) == want
    assert result_type(b, a) == want


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        ("float32", "float32", "same"),
        ("int8", "float32", "category"),
        ("uint8", "float", "category_scalar"),
        ("int8", "int32", "wider"),
        ("uint8", "int8", "holds_both"),
        ("float16", "bfloat16", "holds_both"),
        ("float16", "zero-dim float64", "no_widen"),
        ("int32", "zero-dim float64", "category"),
        ("int", "float", "category"),
        ("int", "int", "same"),
    ],
)
def test_the_rule_named_is_the_one_that_decided(a, b, why):
    assert rule(a, b) == why


def test_numpy_decides_differently_where_its_default_float_is_float64():
    assert numpy_result_type("uint8", "float") == "float64"
    assert numpy_result_type("float16", "zero-dim float64") == "float64"  # NEP 50: 0-d arrays widen
    assert numpy_result_type("uint8", "int8") == "int16"
    assert numpy_result_type("bfloat16", "float") is None


def test_the_full_table_is_torchs_answer_for_every_pair():
    t = table("tensor")
    assert len(t.cells) == len(DTYPES) ** 2
    assert t.cells[("uint8", "int8")] == "int16"
    z = table("zero-dim")
    assert z.cells[("float16", "float64")] == "float16"
    assert z.cells[("int8", "float64")] == "float64"


@pytest.mark.parametrize("bad", ["float128", "", "zero-dim", "tensor", "x" * 10_000])
def test_unknown_operands_are_one_sentence(bad):
    with pytest.raises(InputError):
        result_type(bad, "int")


def test_the_table_knows_where_numpy_keeps_more_precision_than_torch():
    t = table("tensor")
    # NumPy picks a float that holds every int64 exactly; torch keeps the float operand's dtype
    assert (t.cells[("float32", "int64")], t.numpy[("float32", "int64")]) == ("float32", "float64")
    assert t.numpy[("uint8", "int8")] == t.cells[("uint8", "int8")] == "int16"
    assert t.numpy[("bfloat16", "int8")] is None
