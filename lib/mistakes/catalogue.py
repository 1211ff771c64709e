"""The gallery as data: each mistake, the code that makes it and the fix, the function that runs
it with torch, the words a student might search for, and the view of the concept page that shows
it live (the concept's key in ui/concepts.py and the query string of that page's widget keys).

Code convention: `setup` builds the inputs; `wrong` and `fix` run after it, and the value of
their last line is what they print (tests run these lines and compare with the probe).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lib.mistakes import probes
from lib.mistakes.outcome import Outcome


@dataclass(frozen=True)
class Mistake:
    key: str  # its texts: mistakes.m_<key> and mistakes.m_<key>_why
    page: str  # the concept that shows it (ui/concepts.py key)
    query: tuple[tuple[str, str], ...]  # that page's widget keys and values: the exact view
    probe: Callable[[], Outcome]
    setup: str
    wrong: str
    fix: str
    keywords: str  # what a student might type besides torch's words


_LOGITS = "logits = torch.tensor([[4.0, 1.0, -2.0]])\ny = torch.tensor([0])"
_PRED = "pred = torch.tensor([1.0, 2.0, 3.0, 4.0])  # (4,)\ntarget = torch.tensor([[1.5], [2.0], [2.5], [4.0]])  # (4, 1)"  # noqa: E501
_LOSS_TRAPS = "⚠️ BCE · KL · (N, 1) · sum"  # the losses page's fourth tab

CATALOGUE: tuple[Mistake, ...] = (
    Mistake(
        "view_noncontiguous",
        "strides",
        (("s_ops", ".t().view(-1)"),),
        probes.view_noncontiguous,
        "x = torch.arange(12).reshape(3, 4)",
        "y = x.t()  # a transposed view: not contiguous\ny.view(-1)",
        "y = x.t()\ny.reshape(-1)  # copies only when it must",
        "view flatten transpose permute contiguous reshape stride",
    ),
    Mistake(
        "pred_minus_target",
        "broadcasting",
        (("bc_view", "bugs"),),
        probes.pred_minus_target,
        _PRED,
        "diff = pred - target  # (4, 4): every pair\n(diff ** 2).mean()",
        "diff = pred - target.squeeze(1)  # (4,)\n(diff ** 2).mean()",
        "broadcast shape N N matrix loss wrong prediction target squeeze unsqueeze column",
    ),
    Mistake(
        "mean_without_keepdim",
        "broadcasting",
        (("bc_view", "bugs"),),
        probes.mean_without_keepdim,
        "x = torch.tensor([[1.0, 2.0, 3.0], [10.0, 20.0, 30.0], [4.0, 5.0, 6.0]])",
        "centred = x - x.mean(1)  # (3,) lines up with the columns\ncentred.mean(1)",
        "centred = x - x.mean(1, keepdim=True)  # (3, 1)\ncentred.mean(1)",
        "mean keepdim axis dim normalize centre rows columns broadcast",
    ),
    Mistake(
        "inplace_broadcast",
        "broadcasting",
        (("bc_view", "memory"),),
        probes.inplace_broadcast,
        "a = torch.zeros(3, 1)\nb = torch.ones(4)",
        "a += b  # a would have to grow to (3, 4)",
        "a = a + b  # a new tensor\na.shape",
        "in-place += add_ broadcast output shape doesn't match",
    ),
    Mistake(
        "softmax_before_cross_entropy",
        "softmax",
        (("sm_tab", "CrossEntropyLoss"),),
        probes.softmax_before_cross_entropy,
        _LOGITS,
        "p = logits.softmax(dim=1)\nnn.CrossEntropyLoss()(p, y)  # softmax twice",
        "nn.CrossEntropyLoss()(logits, y)  # it applies log_softmax itself",
        "softmax CrossEntropyLoss double softmax loss stuck not decreasing probabilities",
    ),
    Mistake(
        "nll_on_probabilities",
        "softmax",
        (("sm_tab", "CrossEntropyLoss"),),
        probes.nll_on_probabilities,
        _LOGITS,
        "p = logits.softmax(dim=1)\nnn.NLLLoss()(p, y)  # −p[y]",
        "nn.NLLLoss()(logits.log_softmax(dim=1), y)",
        "NLLLoss negative loss probabilities log_softmax softmax",
    ),
    Mistake(
        "log_of_softmax",
        "softmax",
        (("sm_tab", "log-sum-exp"), ("sm_logits", "0, -20, -120")),
        probes.log_of_softmax,
        "z = torch.tensor([0.0, -20.0, -120.0])",
        "torch.log(torch.softmax(z, dim=0))",
        "torch.log_softmax(z, dim=0)",
        "log softmax -inf nan underflow log_softmax logsumexp numerically stable",
    ),
    Mistake(
        "zero_grad_forgotten",
        "optimizers",
        (("opt_tab", "zero_grad()"),),
        probes.zero_grad_forgotten,
        "model = nn.Linear(1, 1, bias=False)\nnn.init.ones_(model.weight)\n"
        "x, y = torch.tensor([[3.0]]), torch.tensor([[6.0]])",
        "for _ in range(3): ((model(x) - y) ** 2).sum().backward()\n"
        "model.weight.grad  # three gradients added up",
        "for _ in range(3): model.zero_grad(); ((model(x) - y) ** 2).sum().backward()\n"
        "model.weight.grad",
        "zero_grad grad accumulates adds up grows training diverges optimizer step",
    ),
    Mistake(
        "backward_twice",
        "autograd",
        (("ag_tab", "backward() × k"),),
        probes.backward_twice,
        "w = torch.tensor(2.0, requires_grad=True)\nloss = w ** 3",
        "loss.backward()\nloss.backward()",
        "loss.backward(retain_graph=True); loss.backward()\nw.grad  # 12 + 12",
        "backward second time retain_graph freed saved tensors graph",
    ),
    Mistake(
        "inplace_before_backward",
        "autograd",
        (("ag_tab", "in-place"),),
        probes.inplace_before_backward,
        "w = torch.tensor([1.0, 2.0], requires_grad=True)\n"
        "y = w.sigmoid()  # sigmoid saves its output for backward",
        "y.add_(1)  # changes what sigmoid saved\ny.sum().backward()",
        "z = y + 1  # a new tensor; the saved one stays\nz.sum().backward(); w.grad",
        "inplace in-place modified version gradient computation backward add_ +=",
    ),
    Mistake(
        "backward_under_no_grad",
        "autograd",
        (("ag_tab", "no_grad · detach"),),
        probes.backward_under_no_grad,
        "w = torch.tensor(2.0, requires_grad=True)",
        "with torch.no_grad(): loss = w * 3  # nothing is recorded\nloss.backward()",
        "loss = w * 3  # recorded: loss.grad_fn is MulBackward0\nloss.backward(); w.grad",
        "requires grad grad_fn no_grad detach backward element",
    ),
    Mistake(
        "float64_from_numpy",
        "dtypes",
        (("dt_tab", "NumPy ⇄ torch"),),
        probes.float64_from_numpy,
        "layer = nn.Linear(3, 1)  # float32 weights\nx = np.array([[1.0, 2.0, 3.0]])  # float64",
        "layer(torch.from_numpy(x))",
        "layer(torch.from_numpy(x).float()).dtype",
        "dtype Double Float float64 float32 numpy from_numpy mat1 mat2 m1 m2 same dtype",
    ),
    Mistake(
        "uint8_wraps",
        "dtypes",
        (("dt_tab", "edges"),),
        probes.uint8_wraps,
        "pixels = torch.tensor([250, 100], dtype=torch.uint8)",
        "pixels + 10  # 260 does not fit in uint8",
        "pixels.int() + 10",
        "uint8 overflow wraps around 255 image pixels integer",
    ),
    Mistake(
        "bce_on_logits",
        "losses",
        (
            ("loss_tab", "reduction"),
            ("loss_bench", "BCELoss"),
            ("loss_pred", "[2.5, -1.2]"),
            ("loss_target", "[1, 0]"),
        ),
        probes.bce_on_logits,
        "logits = torch.tensor([2.5, -1.2])  # raw outputs\ny = torch.tensor([1.0, 0.0])",
        "nn.BCELoss()(logits, y)",
        "nn.BCEWithLogitsLoss()(logits, y)",
        "BCELoss logits input elements between 0 and 1 sigmoid BCEWithLogitsLoss",
    ),
    Mistake(
        "sigmoid_then_bce",
        "losses",
        (("loss_tab", _LOSS_TRAPS), ("loss_trap", "BCELoss(sigmoid(z))")),
        probes.sigmoid_then_bce,
        "z = torch.tensor([100.0], requires_grad=True)  # confidently wrong\n"
        "y = torch.tensor([0.0])",
        "nn.BCELoss()(torch.sigmoid(z), y).backward()\nz.grad  # no signal",
        "nn.BCEWithLogitsLoss()(z, y).backward()\nz.grad",
        "sigmoid BCELoss 100 clamp gradient zero saturated BCEWithLogitsLoss",
    ),
    Mistake(
        "mse_shapes",
        "losses",
        (("loss_tab", _LOSS_TRAPS), ("loss_trap", "MSELoss((N, 1), (N,))")),
        probes.mse_shapes,
        "out = torch.tensor([[1.0], [2.0], [3.0]])  # Linear(…, 1): (3, 1)\n"
        "y = torch.tensor([1.0, 2.0, 3.0])  # (3,)",
        "nn.MSELoss()(out, y)  # 3 × 3 pairs",
        "nn.MSELoss()(out.squeeze(1), y)",
        "target size different input size broadcasting MSELoss squeeze",
    ),
    Mistake(
        "nll_one_hot_target",
        "losses",
        (("loss_tab", "target"),),
        probes.nll_one_hot_target,
        "log_p = torch.tensor([[0.5, 1.0, -1.0], [2.0, 0.0, 0.1]]).log_softmax(1)\n"
        "y = torch.tensor([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])  # one-hot",
        "nn.NLLLoss()(log_p, y)",
        "nn.NLLLoss()(log_p, y.argmax(dim=1))  # class indices",
        "one-hot target multi-target NLLLoss CrossEntropyLoss class indices argmax",
    ),
    Mistake(
        "kernel_larger_than_input",
        "convolution",
        (("cv_h", "3"), ("cv_w", "3"), ("cv_kh", "5"), ("cv_kw", "5")),
        probes.kernel_larger_than_input,
        "image = torch.zeros(1, 1, 3, 3)  # a 3 × 3 input",
        "nn.Conv2d(1, 1, kernel_size=5)(image)",
        "nn.Conv2d(1, 1, kernel_size=5, padding=1)(image).shape",
        "kernel size greater than input padded output size too small negative Conv2d",
    ),
    Mistake(
        "notes_minibatch_loop",
        "data",
        (("data_tab", "loops"),),
        probes.notes_minibatch_loop,
        "x = torch.arange(8.0).unsqueeze(1) / 8\n"
        "loader = DataLoader(TensorDataset(x, 2 * x), batch_size=2)\n"
        "model, loss_fn = nn.Linear(1, 1, bias=False), nn.MSELoss()\n"
        "nn.init.zeros_(model.weight)\nopt = torch.optim.SGD(model.parameters(), lr=1.0)",
        "for xb, yb in loader: loss_fn(model(xb), yb).backward()\n"
        "opt.step()  # one update per epoch\nmodel.weight.item()",
        "for xb, yb in loader: opt.zero_grad(); loss_fn(model(xb), yb).backward(); opt.step()\n"
        "model.weight.item()  # four updates",
        "mini-batch minibatch loop step epoch update once accumulate gradient",
    ),
    Mistake(
        "scatter_one_hot",
        "data",
        (("data_tab", "one-hot · Embedding"),),
        probes.scatter_one_hot,
        "labels = torch.tensor([0, 2, 1])",
        "torch.zeros(3, 4).scatter_(1, labels, 1.0)  # labels is (3,)",
        "torch.zeros(3, 4).scatter_(1, labels.unsqueeze(1), 1.0)",
        "scatter_ one-hot index tensor same number of dimensions unsqueeze",
    ),
    Mistake(
        "eval_forgotten",
        "training",
        (("tr_dropout", "0.5"), ("tr_eval_forgotten", "true")),  # validation in both modes
        probes.eval_forgotten,
        "model = nn.Sequential(nn.Dropout(0.5), nn.Linear(64, 1))\n"
        "nn.init.ones_(model[1].weight); nn.init.zeros_(model[1].bias)\nx = torch.ones(1, 64)",
        "[model(x).item() for _ in range(3)]  # dropout still on",
        "model.eval()\n[model(x).item() for _ in range(3)]",
        "eval train dropout batchnorm prediction different every time random evaluation",
    ),
)
BY_KEY = {m.key: m for m in CATALOGUE}
