"""Is a network translation invariant? Train on centred glyphs, test on shifted copies.

The notes' claim, measured: a fully-connected network trained on a shape at one place fails on
the same shape a few pixels away; random shifts during training (augmentation) repair that; a
convolutional network with global pooling gets most of it for free, because its feature maps
move with the input (equivariance) and a global max cares far less where (approximate
invariance: the stride-2 pool in the middle aliases odd shifts).
Training goes through torch.utils.data and torch.optim, as the notes teach.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset

from lib.augmentation.transforms import translate
from lib.common.errors import InputError

SIZE = 24  # canvas side; a glyph is 10x14 pixels, centred
CLASSES = 10
EVAL_SHIFT = 6  # accuracy is measured for shifts -6..6 pixels
AXES = {"x": (1, 0), "y": (0, 1), "xy": (1, 1)}
MAX_PER_CLASS, MAX_EPOCHS, MAX_HIDDEN, MAX_AUG_SHIFT = 100, 12, 256, 6
HIDDEN_CHOICES = (16, 32, 64, 128, 256)

# Digits 0-9 as 5x7 bitmaps: ten classes a student recognises at a glance.
_FONT = [
    "01110 10001 10011 10101 11001 10001 01110",
    "00100 01100 00100 00100 00100 00100 01110",
    "01110 10001 00001 00010 00100 01000 11111",
    "11110 00001 00001 01110 00001 00001 11110",
    "00010 00110 01010 10010 11111 00010 00010",
    "11111 10000 11110 00001 00001 10001 01110",
    "00110 01000 10000 11110 10001 10001 01110",
    "11111 00001 00010 00100 01000 01000 01000",
    "01110 10001 10001 01110 10001 10001 01110",
    "01110 10001 10001 01111 00001 00010 01100",
]


@dataclass(frozen=True)
class Config:
    per_class: int = 60  # training glyphs per digit
    epochs: int = 8  # passes over the training set
    hidden: int = 64  # MLP hidden features: augmentation asks for more of them
    aug_shift: int = 3  # augmented runs shift each glyph by up to ±aug_shift pixels
    seed: int = 0  # data, initial weights, shuffling and shifts all follow from it
    batch: int = 32
    lr: float = 3e-3

    def check(self) -> Config:
        for name, value, low, high in [
            ("per_class", self.per_class, 10, MAX_PER_CLASS),
            ("epochs", self.epochs, 1, MAX_EPOCHS),
            ("hidden", self.hidden, 4, MAX_HIDDEN),
            ("aug_shift", self.aug_shift, 1, MAX_AUG_SHIFT),
        ]:
            if not low <= value <= high:
                raise InputError(
                    "aug_config",
                    "{name} = {value} is outside {low}..{high}.",
                    name=name,
                    value=value,
                    low=low,
                    high=high,
                )
        return self


def glyph(digit: int) -> torch.Tensor:
    """The clean digit, each bitmap cell 2x2 pixels, centred on a (1, 24, 24) canvas."""
    bits = torch.tensor(
        [[int(c) for c in row] for row in _FONT[digit].split()], dtype=torch.float32
    )
    big = bits.repeat_interleave(2, 0).repeat_interleave(2, 1)  # 14 x 10
    img = torch.zeros(1, SIZE, SIZE)
    top, left = (SIZE - big.shape[0]) // 2, (SIZE - big.shape[1]) // 2
    img[0, top : top + big.shape[0], left : left + big.shape[1]] = big
    return img


def make_glyphs(per_class: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Centred digits with seeded variation: ink strength, missing ink, background noise."""
    g = torch.Generator().manual_seed(seed)
    clean = torch.stack([glyph(d) for d in range(CLASSES)]).repeat_interleave(per_class, 0)
    labels = torch.arange(CLASSES).repeat_interleave(per_class)
    ink = 0.6 + 0.4 * torch.rand(len(clean), 1, 1, 1, generator=g)
    kept = (torch.rand(clean.shape, generator=g) > 0.15).float()
    noise = 0.15 * torch.rand(clean.shape, generator=g)
    return (clean * ink * kept + noise).clamp(0, 1), labels


class Glyphs(Dataset):
    """The training set; with max_shift > 0 every read shifts the glyph by a fresh random amount."""

    def __init__(self, images: torch.Tensor, labels: torch.Tensor, max_shift: int, seed: int):
        self.images, self.labels, self.max_shift = images, labels, max_shift
        self.g = torch.Generator().manual_seed(seed + 1)

    def __len__(self) -> int:
        return len(self.labels)

    def __getitem__(self, i: int) -> tuple[torch.Tensor, torch.Tensor]:
        img = self.images[i]
        if self.max_shift:
            dx, dy = torch.randint(-self.max_shift, self.max_shift + 1, (2,), generator=self.g)
            img = translate(img, int(dx), int(dy))
        return img, self.labels[i]


class CNN(nn.Module):
    """Two 3x3 convolutions, a 2x2 max-pool, a third convolution, then a *global* max."""

    def __init__(self) -> None:
        super().__init__()
        self.first = nn.Conv2d(1, 8, 3, padding=1)
        self.rest = nn.Sequential(
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1),
            nn.ReLU(),
            nn.Conv2d(16, 16, 3, padding=1),
            nn.ReLU(),
        )
        self.head = nn.Linear(16, CLASSES)

    def features(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(first feature maps, globally pooled vector): the first moves, the second stays."""
        first = self.first(x)
        return first, self.rest(first).amax(dim=(-2, -1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x)[1])


def build_model(kind: str, hidden: int, seed: int) -> nn.Module:
    """An MLP or the CNN, with PyTorch's default init drawn from a seeded generator."""
    if kind not in ("mlp", "cnn"):
        raise InputError("aug_model", "{kind!r} is neither 'mlp' nor 'cnn'.", kind=kind)
    # Built on the meta device: no memory and no draw from torch's global generator, which
    # every student's session shares; the weights come from `g` below.
    with torch.device("meta"):
        model = (
            CNN()
            if kind == "cnn"
            else nn.Sequential(
                nn.Flatten(), nn.Linear(SIZE * SIZE, hidden), nn.ReLU(), nn.Linear(hidden, CLASSES)
            )
        )
    model = model.to_empty(device="cpu")
    g = torch.Generator().manual_seed(seed + 2)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.Linear, nn.Conv2d)):
                nn.init.kaiming_uniform_(m.weight, a=math.sqrt(5), generator=g)
                bound = 1 / math.sqrt(m.weight[0].numel())
                m.bias.uniform_(-bound, bound, generator=g)
    return model


class Trainer:
    """One model on the glyphs; the caller decides how many epochs to run."""

    def __init__(self, config: Config, kind: str, augment: bool) -> None:
        self.config = config.check()
        images, labels = make_glyphs(config.per_class, config.seed)
        data = Glyphs(images, labels, config.aug_shift if augment else 0, config.seed)
        self.loader = DataLoader(
            data,
            batch_size=config.batch,
            shuffle=True,
            generator=torch.Generator().manual_seed(config.seed + 3),
        )
        self.model = build_model(kind, config.hidden, config.seed)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=config.lr)
        self.loss_fn = nn.CrossEntropyLoss()
        self.losses: list[float] = []

    def run_epochs(self, n: int) -> list[float]:
        self.model.train()
        for _ in range(n):
            total = 0.0
            for x, y in self.loader:
                self.optimizer.zero_grad()
                loss = self.loss_fn(self.model(x), y)
                loss.backward()
                self.optimizer.step()
                total += loss.item() * len(y)
            self.losses.append(total / len(self.loader.dataset))
        return self.losses


def shifted(images: torch.Tensor, shift: int, axis: str) -> torch.Tensor:
    """Every image moved `shift` pixels along x (right), y (down) or xy (both)."""
    ux, uy = AXES[axis]
    return translate(images, shift * ux, shift * uy)


def held_out(seed: int, per_class: int = 10) -> tuple[torch.Tensor, torch.Tensor]:
    """Fresh glyphs the model never saw (another seed), still centred."""
    return make_glyphs(per_class, seed + 1000)


@torch.no_grad()
def accuracy_vs_shift(model: nn.Module, images: torch.Tensor, labels: torch.Tensor):
    """{axis: accuracy at each shift -EVAL_SHIFT..EVAL_SHIFT}."""
    model.eval()
    shifts = range(-EVAL_SHIFT, EVAL_SHIFT + 1)
    return {
        axis: tuple(
            round((model(shifted(images, s, axis)).argmax(1) == labels).float().mean().item(), 4)
            for s in shifts
        )
        for axis in AXES
    }


@dataclass(frozen=True)
class RunResult:
    """Plain numbers only, so a cache can keep it and every student can share it."""

    kind: str
    augment: bool
    accuracy: dict[str, tuple[float, ...]]  # axis -> accuracy per shift
    losses: tuple[float, ...]
    seconds: float
    state: dict[str, list] = field(repr=False)  # the trained weights, as nested lists

    @property
    def shifts(self) -> tuple[int, ...]:
        return tuple(range(-EVAL_SHIFT, EVAL_SHIFT + 1))

    def at(self, axis: str, shift: int) -> float:
        """Accuracy at +shift and -shift pixels, averaged."""
        acc = self.accuracy[axis]
        return (acc[EVAL_SHIFT + shift] + acc[EVAL_SHIFT - shift]) / 2


def train_run(config: Config, kind: str, augment: bool) -> RunResult:
    """Train one model for config.epochs and measure it on shifted test glyphs."""
    start = time.perf_counter()
    trainer = Trainer(config, kind, augment)
    losses = trainer.run_epochs(config.epochs)
    accuracy = accuracy_vs_shift(trainer.model, *held_out(config.seed))
    state = {k: v.tolist() for k, v in trainer.model.state_dict().items()}
    return RunResult(kind, augment, accuracy, tuple(losses), time.perf_counter() - start, state)
