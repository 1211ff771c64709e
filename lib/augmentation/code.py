"""The pipeline as code: torchvision.transforms.v2 for a student's own project, and the plain
torch the page actually ran (the very functions of lib.augmentation.transforms, with the drawn
arguments).
"""

from __future__ import annotations

from lib.augmentation import invariance
from lib.augmentation import samples as sample_images
from lib.augmentation import transforms as augment
from lib.augmentation.pipeline import Grid
from lib.augmentation.source import collect
from lib.augmentation.table import OWN_P, check_settings, torchvision_call
from lib.augmentation.upload import DISPLAY_SIDE


def torchvision_code(steps: list[tuple[str, dict]], height: int, width: int) -> str:
    """`v2.Compose([...])` for the pipeline; probabilities below 1 become v2.RandomApply."""
    lines = []
    for name, settings in steps:
        s = check_settings(name, settings)
        one = torchvision_call(name, s, height, width)
        if name not in OWN_P and s["p"] < 1:
            one = f"v2.RandomApply([{one}], p={s['p']:g})"
        lines.append(f"    {one},")
    body = "\n".join(lines) or "    # (no transforms chosen: only the conversion)"
    return f"""import torch
from torchvision.transforms import v2

augment = v2.Compose([
    v2.ToImage(),                           # PIL image or uint8 array -> (C, H, W) tensor
    v2.ToDtype(torch.float32, scale=True),  # floats in [0, 1], as on this page
{body}
])

# Call it in your Dataset's __getitem__ (or pass transform=augment to a torchvision dataset):
# every call draws new random parameters, so each epoch sees different copies.
# torchvision draws from torch's global generator, so its samples differ from this page's.
samples = [augment(image) for _ in range(8)]
"""


def _image_code(image: str) -> str:
    if image in sample_images.IMAGES:
        return collect(sample_images, [image]) + f"\n\n\nimg = {image}()  # (3, H, W) in [0, 1]"
    side = DISPLAY_SIDE
    return f"""from PIL import Image, ImageOps

im = Image.open("my_image.png")  # your file: the page shrank it the same way
im.draft("RGB", ({side}, {side}))
im = ImageOps.exif_transpose(im).convert("RGB")
im.thumbnail(({side}, {side}))
img = torch.frombuffer(bytearray(im.tobytes()), dtype=torch.uint8)
img = img.view(im.height, im.width, 3).permute(2, 0, 1).float() / 255  # (3, H, W) in [0, 1]"""


def torch_code(grid: Grid, image: str) -> str:
    """Self-contained torch code that rebuilds the page's grid exactly (same numbers)."""
    fns = sorted({d.fn for row in grid.drawn for d in row if d.fired})
    rows = []
    for row in grid.drawn:
        calls = ", ".join(f"({d.fn!r}, {d.kwargs!r})" for d in row if d.fired)
        rows.append(f"    [{calls}],")
    table = "\n".join(rows)
    functions = collect(augment, fns) or "# (no transform fired)"
    lookup = ", ".join(f"{f!r}: {f}" for f in fns)
    return f"""import math

import torch
import torch.nn.functional as F

{_image_code(image)}


{functions}


# The transforms whose coin fired in each sample, with the arguments drawn (seed {grid.seed}).
drawn = [
{table}
]
FUNCTIONS = {{{lookup}}}
samples = []
for steps in drawn:
    out = img
    for fn, kwargs in steps:
        out = FUNCTIONS[fn](out, **kwargs)
    samples.append(out)
print(len(samples), tuple(samples[0].shape))
"""


def experiment_code(config: invariance.Config, axis: str) -> str:
    """The whole experiment as the page runs it: data, Dataset, models, training, testing."""
    c = config
    return f"""from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, Dataset

{collect(invariance, ["Config", "Trainer", "held_out", "accuracy_vs_shift"])}


config = Config(per_class={c.per_class}, epochs={c.epochs}, hidden={c.hidden}, \\
                aug_shift={c.aug_shift}, seed={c.seed})
print("shift:", *range(-EVAL_SHIFT, EVAL_SHIFT + 1))
accuracy = {{}}
for kind in ("mlp", "cnn"):
    for augment in (False, True):
        trainer = Trainer(config, kind, augment)  # DataLoader + Adam + CrossEntropyLoss
        trainer.run_epochs(config.epochs)
        accuracy[kind, augment] = accuracy_vs_shift(trainer.model, *held_out(config.seed))
        print(kind, "augmented" if augment else "centred  ",
              " ".join(f"{{a:.2f}}" for a in accuracy[kind, augment][{axis!r}]))
"""
