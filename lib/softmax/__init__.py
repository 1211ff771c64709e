"""Softmax and log-softmax next to the naive formula (`compare`), the loss bench (`losses`), what a
student types (`parse`), the sentences' numbers (`facts`) and the code panel (`code`)."""

from lib.softmax.formulas import Comparison, compare, gradient, invariance, readout

__all__ = ["Comparison", "compare", "gradient", "invariance", "readout"]
