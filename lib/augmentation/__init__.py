"""Augmentation in torch ops: the transforms (`transforms`), declared as data (`table`), a seeded
pipeline (`pipeline`), pictures built in (`samples`) or uploaded (`upload`), the code panel
(`code`, `source`), and the translation-invariance experiment (`invariance`, `probe`)."""

from lib.augmentation.pipeline import Grid, sample_grid
from lib.augmentation.table import TRANSFORMS

__all__ = ["TRANSFORMS", "Grid", "sample_grid"]
