"""The loss zoo: every loss of torch.nn the notes list, its value and its gradient by autograd.

Public API: `LOSSES` (torch.nn class name -> Spec), `value(name, prediction, target, **options)`,
`gradient(name, prediction, target, **options)`; the page's parts live in their own modules.
"""

from lib.losses.bench import MAX_BATCH, MAX_SEED, Bench, batch, bench, sample
from lib.losses.catalogue import LOSSES, NAMES, REDUCTIONS, Option, Spec, check_name, settings
from lib.losses.code import bench_snippet, curve_snippet, formats_snippet, trap_snippet
from lib.losses.compute import MAX_ELEMENTS, MAX_TEXT, gradient, parse_numbers, rounded, value
from lib.losses.curve import FIRST, MAX_CURVES, X_LIMIT, Curve, Point, curve, domain, point
from lib.losses.formats import LOSSES as FORMAT_LOSSES
from lib.losses.formats import Formats
from lib.losses.formats import table as formats
from lib.losses.quiz import CANDIDATES, growth
from lib.losses.quiz import answer as quiz_answer
from lib.losses.traps import Z_LIMIT, broadcast_trap, kl_trap, logits_sweep, logits_trap, sum_trap

__all__ = [
    "CANDIDATES",
    "FIRST",
    "FORMAT_LOSSES",
    "MAX_TEXT",
    "Z_LIMIT",
    "LOSSES",
    "MAX_BATCH",
    "MAX_CURVES",
    "MAX_ELEMENTS",
    "MAX_SEED",
    "NAMES",
    "REDUCTIONS",
    "X_LIMIT",
    "Bench",
    "Curve",
    "Formats",
    "Option",
    "Point",
    "Spec",
    "batch",
    "bench",
    "bench_snippet",
    "broadcast_trap",
    "check_name",
    "curve",
    "curve_snippet",
    "domain",
    "formats",
    "formats_snippet",
    "gradient",
    "growth",
    "kl_trap",
    "logits_sweep",
    "logits_trap",
    "parse_numbers",
    "point",
    "quiz_answer",
    "rounded",
    "sample",
    "settings",
    "sum_trap",
    "trap_snippet",
    "value",
]
