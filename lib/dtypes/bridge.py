"""Tensors and NumPy arrays: which conversions share memory, and which dtype comes out.

Each route starts from a NumPy float64 array (`.numpy()` from a float32 tensor, the other way
round) and ends in an object that either is a view of the same memory or a copy. The page writes
into the start and reads the end, and asks NumPy and torch for their memory addresses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch

from lib.common.errors import InputError

START = (1.5, 2.5, 3.5)
WRITE = 99.0  # written into element 0 of the start


@dataclass(frozen=True)
class Route:
    code: str  # the conversion, with `a` a float64 array or `t` a float32 tensor
    start: str  # "numpy" or "torch"
    run: Callable[[object], object]


ROUTES: dict[str, Route] = {
    "torch.from_numpy": Route("torch.from_numpy(a)", "numpy", torch.from_numpy),
    ".numpy()": Route("t.numpy()", "torch", lambda t: t.numpy()),
    "torch.as_tensor": Route("torch.as_tensor(a)", "numpy", torch.as_tensor),
    "torch.tensor": Route("torch.tensor(a)", "numpy", torch.tensor),
    "np.asarray": Route(
        "np.asarray(torch.from_numpy(a))", "numpy", lambda a: np.asarray(torch.from_numpy(a))
    ),
    ".float()": Route(
        "torch.from_numpy(a).float()", "numpy", lambda a: torch.from_numpy(a).float()
    ),
    ".to(dtype)": Route(
        "torch.from_numpy(a).to(torch.float32)",
        "numpy",
        lambda a: torch.from_numpy(a).to(torch.float32),
    ),
    ".to(float64)": Route(
        "torch.from_numpy(a).to(torch.float64)",
        "numpy",
        lambda a: torch.from_numpy(a).to(torch.float64),
    ),
    ".clone()": Route(
        "torch.from_numpy(a).clone()", "numpy", lambda a: torch.from_numpy(a).clone()
    ),
}


@dataclass(frozen=True)
class Crossing:
    route: str
    code: str
    start: str  # "numpy" or "torch"
    start_dtype: str
    end_type: str  # "torch.Tensor" or "numpy.ndarray"
    end_dtype: str
    read_back: float  # element 0 of the end after WRITE went into element 0 of the start
    shares: bool  # np.shares_memory of the two
    same_address: bool  # start and end begin at the same address (data_ptr / ctypes.data)


def _array(x) -> np.ndarray:
    return x.numpy() if isinstance(x, torch.Tensor) else x


def _address(x) -> int:
    return x.data_ptr() if isinstance(x, torch.Tensor) else x.ctypes.data


def _start(route: Route):
    return torch.tensor(START) if route.start == "torch" else np.array(START)


def cross(name: str) -> Crossing:
    """Run route `name`, write into the start, and read the end back."""
    if name not in ROUTES:
        raise InputError("dt_route", "`{route}` is not one of the routes.", route=str(name)[:40])
    route = ROUTES[name]
    start = _start(route)
    end = route.run(start)
    start[0] = WRITE
    shares = bool(np.shares_memory(_array(start), _array(end)))
    return Crossing(
        name,
        route.code,
        route.start,
        str(start.dtype).removeprefix("torch."),
        "torch.Tensor" if isinstance(end, torch.Tensor) else "numpy.ndarray",
        str(end.dtype).removeprefix("torch."),
        float(end[0]),
        shares,
        _address(start) == _address(end),
    )


def shares_memory(route: str) -> bool:
    """Whether the start of `route` and its result are the same memory (np.shares_memory)."""
    return cross(route).shares


def crossings() -> list[Crossing]:
    return [cross(name) for name in ROUTES]


@dataclass(frozen=True)
class Leak:
    dtype: str  # what torch.from_numpy gives for NumPy's default float array
    error: str  # torch's own message when it meets a float32 weight


def float64_leak() -> Leak:
    """NumPy's default float64 meeting a float32 layer's weight: torch's own error message."""
    x = torch.from_numpy(np.array([[1.0, 2.0, 3.0]]))
    weight = torch.zeros(1, 3)  # what nn.Linear(3, 1) holds: float32 by default
    try:
        torch.nn.functional.linear(x, weight)
    except RuntimeError as err:
        return Leak(str(x.dtype).removeprefix("torch."), str(err).splitlines()[0])
    return Leak(str(x.dtype).removeprefix("torch."), "")
