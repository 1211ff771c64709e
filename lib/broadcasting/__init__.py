"""Broadcasting: shapes lined up from the right (`rules`), the op run for real (`ops`), the bugs it
hides (`bugs`), the code for a view (`code`) and a seeded question (`quiz`)."""

from lib.broadcasting.rules import MAX_ELEMENTS, Broadcast, explain, parse_shape, show_shape

__all__ = ["MAX_ELEMENTS", "Broadcast", "explain", "parse_shape", "show_shape"]
