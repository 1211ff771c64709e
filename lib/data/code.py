"""The code panel: runnable torch code that reproduces the numbers of the open view. Built from
parsed values only: nothing a student typed is echoed as code."""

from __future__ import annotations

from lib.data.loader import SAMPLERS, LoaderConfig

_ITEMS = '''import torch
from torch.utils.data import DataLoader, Dataset, SubsetRandomSampler, WeightedRandomSampler


class Items(Dataset):
    """Item i is (i, features, label); every 4th item has label 1."""

    def __len__(self):
        return {n}

    def __getitem__(self, i):
        return i, torch.tensor([float(i), float(i % 3)]), int(i % 4 == 3)


data = Items()
g = torch.Generator().manual_seed({seed})
'''

_SAMPLER = {
    "sequential": "loader = DataLoader(data, batch_size={b}, shuffle=False, drop_last={d})",
    "shuffle": (
        "loader = DataLoader(data, batch_size={b}, shuffle=True, drop_last={d}, generator=g)"
    ),
    "weighted": """labels = torch.tensor([data[i][2] for i in range(len(data))])
weights = 1.0 / torch.bincount(labels).double()[labels]  # class balance
sampler = WeightedRandomSampler(weights, len(data), generator=g)
loader = DataLoader(data, batch_size={b}, sampler=sampler, drop_last={d}, generator=g)""",
    "subset": """sampler = SubsetRandomSampler({subset}, generator=g)
loader = DataLoader(data, batch_size={b}, sampler=sampler, drop_last={d}, generator=g)""",
}

_EPOCHS = """
print(type(loader.sampler).__name__, len(loader), "batches per epoch")
epochs = []
for epoch in range({epochs}):  # the generator moves on: every epoch draws anew
    epochs.append([index.tolist() for index, features, label in loader])
    print("epoch", epoch + 1, epochs[-1])
index, features, label = next(iter(DataLoader(data, batch_size={b})))
print(index.shape, features.shape, label.shape)  # what default_collate stacked
"""


def loader_snippet(c: LoaderConfig) -> str:
    assert c.sampler in SAMPLERS
    sampler = _SAMPLER[c.sampler].format(b=c.batch_size, d=c.drop_last, subset=list(c.subset))
    return (
        _ITEMS.format(n=c.n, seed=c.seed)
        + sampler
        + _EPOCHS.format(epochs=c.epochs, b=c.batch_size)
    )


def compose_snippet(lengths: list[int], index: int, n: int, batch: int) -> str:
    sets = ", ".join(f"Tagged({d}, {m})" for d, m in enumerate(lengths))
    streams = ", ".join(f"TaggedStream({d}, {m})" for d, m in enumerate(lengths))
    return f"""import torch
from torch.utils.data import (
    ChainDataset,
    ConcatDataset,
    DataLoader,
    Dataset,
    IterableDataset,
    get_worker_info,
)


class Tagged(Dataset):
    def __init__(self, d, length):
        self.d, self.length = d, length

    def __len__(self):
        return self.length

    def __getitem__(self, j):
        return self.d, j


both = ConcatDataset([{sets}])
print(both.cumulative_sizes, both[{index}])  # (data set, local index)


class TaggedStream(IterableDataset):  # a stream: no __len__, no __getitem__
    def __init__(self, d, length):
        self.d, self.length = d, length

    def __iter__(self):
        return ((self.d, j) for j in range(self.length))


chain = ChainDataset([{streams}])
streamed = list(chain)  # each stream to its end, then the next
print(streamed == [both[g] for g in range(len(both))])
for attempt in (
    lambda: len(chain),  # no len: the streams have none
    lambda: chain[{index}],  # no random access
    lambda: DataLoader(chain, shuffle=True),  # no shuffling a stream
):
    try:
        attempt()
    except (TypeError, NotImplementedError, ValueError) as err:
        print(type(err).__name__, err)


class Stream(IterableDataset):
    def __iter__(self):
        info = get_worker_info()  # None in the main process
        if info is None:
            return iter(range({n}))
        return iter(range(info.id, {n}, info.num_workers))  # shard: each worker its own items


if __name__ == "__main__":  # two real worker processes
    print([b.tolist() for b in DataLoader(Stream(), batch_size={batch}, num_workers=2)])
"""


def encode_snippet(labels: list[int], classes: int, dim: int, seed: int) -> str:
    return f"""import torch
import torch.nn.functional as F
from torch import nn

target = torch.tensor({labels})
one_hot = torch.zeros(len(target), {classes}).scatter_(1, target.unsqueeze(1), 1.0)
print(torch.equal(one_hot, F.one_hot(target, {classes}).float()))
try:
    torch.zeros(len(target), {classes}).scatter_(1, target, 1.0)  # no unsqueeze
except RuntimeError as err:
    print(err)

g = torch.Generator().manual_seed({seed})
W = torch.randn({classes}, {dim}, generator=g, dtype=torch.float64)
emb = nn.Embedding.from_pretrained(W.clone(), freeze=False)
looked_up = emb(target)
print((looked_up - F.one_hot(target, {classes}).double() @ W).abs().max())  # equal rows
upstream = torch.randn(len(target), {dim}, generator=g, dtype=torch.float64)
(looked_up * upstream).sum().backward()
grad_rows = emb.weight.grad.norm(dim=1)
print(torch.nonzero(grad_rows).flatten().tolist())  # only the rows looked up
"""


def loops_snippet(n: int, batch: int, epochs: int, lr: float, seed: int, micro: int) -> str:
    return f"""import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

g = torch.Generator().manual_seed({seed})
x = torch.rand({n}, 1, generator=g, dtype=torch.float64) * 2 - 1
y = 2 * x - 1 + 0.3 * torch.randn({n}, 1, generator=g, dtype=torch.float64)
loss_fn = nn.MSELoss()


def start():
    model = nn.Linear(1, 1).double()
    with torch.no_grad():
        model.weight.fill_(0.0)
        model.bias.fill_(0.0)
    return model


losses = {{}}
for loop, size in [("full", {n}), ("sample", 1), ("minibatch", {batch})]:
    model = start()
    opt = torch.optim.SGD(model.parameters(), lr={lr})
    loader = DataLoader(TensorDataset(x, y), batch_size=size, shuffle=loop != "full",
                        generator=torch.Generator().manual_seed({seed}))
    for epoch in range({epochs}):
        for xb, yb in loader:  # one optimizer.step() per batch
            opt.zero_grad()
            loss_fn(model(xb), yb).backward()
            opt.step()
    with torch.no_grad():
        losses[loop] = loss_fn(model(x), y).item()
print(losses)

# gradient accumulation over micro-batches of {micro}, each loss divided by k
model = start()
loader = DataLoader(TensorDataset(x, y), batch_size={micro})
k = len(loader)
for xb, yb in loader:
    (loss_fn(model(xb), yb) / k).backward()
accumulated = torch.cat([model.weight.grad.flatten(), model.bias.grad])
model = start()
loss_fn(model(x), y).backward()
full = torch.cat([model.weight.grad.flatten(), model.bias.grad])
print(accumulated.tolist(), full.tolist())
"""
