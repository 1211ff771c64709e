"""Activation functions: the catalogue (`catalogue`), f and f′ with their saturated regions
(`curves`), one neuron (`neuron`), a deep stack (`network`), measured properties, facts, code and
quiz."""

from lib.activations.catalogue import ACTIVATIONS
from lib.activations.curves import Curve, curve, saturated_intervals

__all__ = ["ACTIVATIONS", "Curve", "curve", "saturated_intervals"]
