"""The training page as a standalone script: torch only, same data, same weights, same numbers.

The data generator, the split, the seeded Dropout and the weight init are copied from lib's own
source (inspect.getsource), so the script cannot drift from what the app runs; the rest is the
plain training loop of the notes, written out for the chosen settings.
"""

from __future__ import annotations

import functools
import inspect

from lib.training import data as datasets
from lib.training.config import TrainConfig
from lib.training.eval_mode import CHECK_SEED_OFFSET
from lib.training.model import ACTIVATIONS, FEATURES, OPTIMIZERS, Dropout, init_weights

_HEADER = '''\
"""Train the network from the PyTorch Concept Explorer's live-training page, outside the app.

Data:      {data}
Model:     {model}
Optimizer: {optim}
Run `python {file}`: its last line matches the app's numbers after {epochs} epochs.
"""

import math

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.set_num_threads(1)  # tiny tensors: one thread is fastest, and it is what the app uses

SEED = {seed}
EPOCHS = {epochs}
'''

_LOOP = '''\
def evaluate():
    """Losses{acc_doc} on both sets with dropout off and no autograd graph."""
    model.eval()
    with torch.no_grad():
        out_train, out_val = model(x_train), model(x_val)
        result = {{
            "train_loss": loss_fn(out_train, y_train).item(),
            "val_loss": loss_fn(out_val, y_val).item(),{acc}
        }}
    model.train()
    return result


result = evaluate(){best_init}
print("epoch    0", result)
for epoch in range(1, EPOCHS + 1):
    for xb, yb in loader:
        optimizer.zero_grad()  # backward() adds to .grad: clear the last step's gradients
        loss = loss_fn(model(xb), yb){l1}
        loss.backward()  # d(loss)/d(parameter) for every weight and bias
        optimizer.step()  # move each parameter against its gradient
    result = evaluate(){best_keep}
    if epoch % {every} == 0 or epoch == EPOCHS:
        print(f"epoch {{epoch:4d}}", result)
{best_restore}
print(f"final train_loss={{result['train_loss']:.6f}} val_loss={{result['val_loss']:.6f}}")
'''

_ACC = """
            "train_accuracy": (out_train.argmax(1) == y_train).float().mean().item(),
            "val_accuracy": (out_val.argmax(1) == y_val).float().mean().item(),"""


_FORGOTTEN = """

# The mistake this view shows: validation measured without model.eval(), so dropout stays on.
{swap}model.train()  # the mode a model is in until model.eval() is called
with torch.no_grad():
    out_val = model(x_val)
forgot = loss_fn(out_val, y_val).item()
print(f"without model.eval() val_loss={{forgot:.6f}}"{acc})
"""
_SWAP = f"""\
check = torch.Generator().manual_seed(SEED + {CHECK_SEED_OFFSET})  # masks of its own, as the app
for layer in model:
    if isinstance(layer, Dropout):
        layer.generator = check
"""
_FORGOTTEN_ACC = '''
      f" val_accuracy={(out_val.argmax(1) == y_val).float().mean().item():.6f}"'''


def _forgotten(config: TrainConfig, task: str) -> str:
    """The evaluation without model.eval() the page shows beside the right one (or nothing)."""
    if not config.eval_forgotten:
        return ""
    swap = _SWAP if config.dropout > 0 and config.hidden else ""
    return _FORGOTTEN.format(swap=swap, acc="" if task == "regression" else _FORGOTTEN_ACC)


def _restore(config: TrainConfig) -> dict[str, str]:
    """Early stopping that goes back to the best epoch, as the app's Trainer does: the script
    keeps the best weights and restores them if the run ended `patience` epochs after them."""
    if not (config.early_stop and config.restore_best):
        return dict.fromkeys(("best_init", "best_keep", "best_restore"), "")
    keep = (
        "best = {'epoch': %s, 'val_loss': result['val_loss'], "
        "'weights': {k: v.clone() for k, v in model.state_dict().items()}}"
    )
    return {
        "best_init": "\n" + keep % "0",
        "best_keep": "\n    if result['val_loss'] < best['val_loss'] - 1e-4:  # improved\n"
        "        " + keep % "epoch",
        "best_restore": f"\nif EPOCHS - best['epoch'] >= {config.patience}:  # early stopping\n"
        "    model.load_state_dict(best['weights'])  # back to the best epoch's weights\n"
        "    result = evaluate()\n"
        "    print(f\"restored epoch {best['epoch']}\", result)\n",
    }


def file_name(config: TrainConfig) -> str:
    return f"train_{config.dataset}.py"


def _layers(config: TrainConfig, n_out: int) -> list[str]:
    act, n_in, rows = ACTIVATIONS[config.activation].__name__, len(config.features), []
    for width in config.hidden:
        drop = f", Dropout({config.dropout}, drop)" if config.dropout > 0 else ""
        rows.append(f"    nn.Linear({n_in}, {width}), nn.{act}(){drop},")
        n_in = width
    return [*rows, f"    nn.Linear({n_in}, {n_out}),"]


_source = functools.cache(inspect.getsource)  # source files do not change while serving


def export_script(config: TrainConfig, epochs: int) -> str:
    """Python source that trains `config` for `epochs` epochs and prints the final losses."""
    c = config
    task, n_out = datasets.task_of(c.dataset, c.classes)
    cls, extra = OPTIMIZERS[c.optimizer]
    batch = {"full": "len(x_train)", "mini": str(c.batch_size), "single": "1"}[c.batch]
    loss = "MSELoss" if task == "regression" else "CrossEntropyLoss"
    options = "".join(f", {k}={v}" for k, v in {"lr": c.lr, **extra}.items())
    width = " -> ".join(str(w) for w in (len(c.features), *c.hidden, n_out))
    head = _HEADER.format(
        data=f"{c.dataset}, {c.points} points, noise {c.noise}, {c.val_fraction:.0%} held out "
        f"for validation",
        model=f"inputs {', '.join(c.features)}; layers {width}; {c.activation}; "
        f"dropout {c.dropout}; {loss}",
        optim=f"{cls.__name__}({options.lstrip(', ')}), weight_decay {c.weight_decay}, "
        f"L1 {c.l1}, batch_size={batch}",
        file=file_name(c),
        seed=c.seed,
        epochs=epochs,
    )
    copied = [datasets.GENERATORS[c.dataset], datasets.split, init_weights]
    if c.dropout > 0:
        copied.insert(2, Dropout)
    extra_arg = f", classes={c.classes}" if c.dataset == "blobs" else ""
    stack = ", ".join(FEATURES[f][1] for f in c.features)
    body = [
        *(_source(f) for f in copied),
        f'def features(x):\n    """{", ".join(c.features)}: what the first layer sees."""\n'
        f"    return torch.stack([{stack}], dim=1)\n",
        "data = torch.Generator().manual_seed(SEED)  # draws the points, then splits them\n"
        f"x, y = {c.dataset}({c.points}, {c.noise}, data{extra_arg})\n"
        f"x_train, y_train, x_val, y_val = split(x, y, {c.val_fraction}, data)\n"
        "x_train, x_val = features(x_train), features(x_val)\n\n"
        "# One generator per job, so changing one setting never shifts another's random draws.\n"
        "init, shuffle, drop = (torch.Generator().manual_seed(SEED + k) for k in (1, 2, 3))\n"
        "model = nn.Sequential(\n" + "\n".join(_layers(c, n_out)) + "\n)\n"
        "init_weights(model, init)\n"
        f"loss_fn = nn.{loss}()\n"
        f"optimizer = torch.optim.{cls.__name__}(model.parameters(){options}, "
        f"weight_decay={c.weight_decay})  # weight_decay: the L2 penalty\n"
        f"loader = DataLoader(TensorDataset(x_train, y_train), batch_size={batch}, shuffle=True,"
        " generator=shuffle)\n",
    ]
    loop = _LOOP.format(
        acc_doc="" if task == "regression" else " and accuracy",
        acc="" if task == "regression" else _ACC,
        l1=f"\n        loss = loss + {c.l1} * sum(p.abs().sum() for p in model.parameters())  # L1"
        if c.l1
        else "",
        every=max(1, epochs // 10),
        **_restore(c),
    )
    return head + "\n\n" + "\n\n".join(body) + "\n\n" + loop + _forgotten(c, task)
