"""From data to batches: a DataLoader's batches per epoch (`loader`), what collate makes of them
(`collate`), Subset / ConcatDataset / IterableDataset workers (`compose`), column encodings
(`encode`), the three training loops and gradient accumulation (`loops`), facts, code and quiz."""

from lib.data.compose import concat_index
from lib.data.encode import one_hot
from lib.data.loader import batches
from lib.data.loops import accumulated_gradient, full_batch_gradient

__all__ = ["accumulated_gradient", "batches", "concat_index", "full_batch_gradient", "one_hot"]
