"""dtypes and the NumPy bridge: what each dtype holds and how finely, its edges, which dtype an
operation returns, and when a tensor and an array are the same memory.

Public API other code relies on: DTYPES, info, stored, result_type, shares_memory."""

from lib.dtypes.bits import (
    SPACING_POWERS,
    Encoding,
    Spacing,
    encode,
    encode_all,
    parse_number,
    spacing,
    stored,
)
from lib.dtypes.bridge import ROUTES, Crossing, crossings, float64_leak, shares_memory
from lib.dtypes.catalogue import DTYPES, FLOATS, INTS, DTypeInfo, category, info
from lib.dtypes.edges import MAX_COUNT, STEPS, Accumulation, EdgeResult, accumulate, edge_results
from lib.dtypes.facts import num, short
from lib.dtypes.promotion import (
    OPERANDS,
    Table,
    cell,
    numpy_result_type,
    result_type,
    rule,
    table,
)
from lib.dtypes.quiz import uint8_plus_float
from lib.dtypes.standardize import MAX_N, MAX_SEED, MIN_N, Standardized, standardize

__all__ = [
    "SPACING_POWERS",
    "Accumulation",
    "Crossing",
    "EdgeResult",
    "Encoding",
    "Spacing",
    "Standardized",
    "Table",
    "num",
    "short",
    "DTYPES",
    "FLOATS",
    "INTS",
    "MAX_COUNT",
    "MAX_N",
    "MAX_SEED",
    "MIN_N",
    "OPERANDS",
    "ROUTES",
    "STEPS",
    "DTypeInfo",
    "accumulate",
    "category",
    "cell",
    "crossings",
    "edge_results",
    "encode",
    "encode_all",
    "float64_leak",
    "info",
    "numpy_result_type",
    "parse_number",
    "result_type",
    "rule",
    "shares_memory",
    "spacing",
    "standardize",
    "stored",
    "table",
    "uint8_plus_float",
]
