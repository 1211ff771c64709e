"""Convolution and pooling: output sizes, receptive fields and costs, read from torch."""

from lib.convolution.cost import parameter_count
from lib.convolution.field import receptive_field
from lib.convolution.shape import output_size

__all__ = ["output_size", "parameter_count", "receptive_field"]
