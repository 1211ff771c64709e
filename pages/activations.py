"""Placeholder until this concept lands; replaced by its own issue."""

from ui.page import header

header("activations")
