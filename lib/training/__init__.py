"""Live training: one validated config (`config`), seeded data sets (`data`), the network
(`model`), the loop a page advances a few epochs at a time (`engine`), a student's run in progress
(`live`), the process-wide turns at training (`queue`) and the standalone script (`export`)."""

from lib.training.config import TrainConfig
from lib.training.engine import EpochRecord, Trainer, history_csv
from lib.training.export import export_script, file_name

__all__ = ["EpochRecord", "TrainConfig", "Trainer", "export_script", "file_name", "history_csv"]
