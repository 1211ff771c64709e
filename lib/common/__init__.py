"""What several concepts share: the one bad-input error, and reading typed shapes and numbers."""

from lib.common.errors import InputError
from lib.common.shapes import parse_int_list, parse_shape

__all__ = ["InputError", "parse_int_list", "parse_shape"]
