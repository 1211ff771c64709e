"""The output size of Conv2d, ConvTranspose2d, MaxPool2d and AvgPool2d, refusing exactly what
torch refuses (tests/lib/convolution checks both against the real modules)."""

from __future__ import annotations

from lib.common.errors import InputError

OPS = ("conv2d", "conv_transpose2d", "max_pool2d", "avg_pool2d")
POOLS = ("max_pool2d", "avg_pool2d")
PADDING_WORDS = ("same", "valid")


def as_code(value: object) -> str:
    """A value a user sent, as inline code: backticks removed, at most 40 characters."""
    return "`" + str(value).replace("`", "")[:40] + "`"


def check_range(name: str, value: int, lo: int, hi: int) -> None:
    """A bound a URL or a typed layer could break, checked before anything is allocated."""
    if not lo <= value <= hi:
        raise InputError(
            "cv_out_of_range",
            "{name} must be {lo} to {hi}, not {v}.",
            name=name,
            lo=lo,
            hi=hi,
            v=value,
        )


def pair(value: int | tuple[int, int] | list[int], name: str) -> tuple[int, int]:
    """`3` -> (3, 3); `(3, 2)` stays: torch's own reading of an int-or-pair argument."""
    if isinstance(value, bool):
        raise InputError("cv_not_pair", "{name} must be a whole number or a pair.", name=name)
    if isinstance(value, int):
        return (value, value)
    if isinstance(value, tuple | list) and len(value) == 2 and all(type(v) is int for v in value):
        return (value[0], value[1])
    raise InputError("cv_not_pair", "{name} must be a whole number or a pair.", name=name)


def _positive(values: tuple[int, int], name: str) -> None:
    if min(values) < 1:
        raise InputError(
            "cv_not_positive",
            "{name} must be at least 1, not {value}.",
            name=name,
            value=min(values),
        )


def output_size(
    op: str,
    size: tuple[int, int],
    kernel,
    stride=1,
    padding=0,
    dilation=1,
    ceil_mode: bool = False,
    output_padding=0,
) -> tuple[int, int]:
    """(H_out, W_out) of `op` on an H×W input, by the formulas in torch's documentation.

    `padding` may be "same" or "valid" for conv2d; `stride=None` means the kernel size for the
    pools, as in torch. Raises ValueError (one sentence) where torch refuses the configuration.
    """
    if op not in OPS:
        raise InputError("cv_unknown_op", "{op} is not one of {ops}.", op=as_code(op), ops=OPS)
    h, w = pair(size, "size")
    _positive((h, w), "The input size")
    k = pair(kernel, "kernel_size")
    _positive(k, "kernel_size")
    s = k if (stride is None and op in POOLS) else pair(stride, "stride")
    _positive(s, "stride")
    d = pair(dilation, "dilation")
    _positive(d, "dilation")
    if op == "avg_pool2d" and d != (1, 1):
        raise InputError("cv_avg_dilation", "AvgPool2d has no dilation; it must stay 1.")
    if op != "conv_transpose2d" and output_padding not in (0, (0, 0)):
        raise InputError(
            "cv_output_padding_only", "output_padding belongs to ConvTranspose2d only."
        )
    if ceil_mode and op not in POOLS:
        raise InputError("cv_ceil_only", "ceil_mode belongs to MaxPool2d and AvgPool2d only.")
    if isinstance(padding, str):
        if _word_padding(op, padding, s) == "same":
            return (h, w)
        padding = 0
    p = pair(padding, "padding")
    if min(p) < 0:
        raise InputError("cv_negative_padding", "padding cannot be negative, not {p}.", p=min(p))
    if op == "conv2d":
        return tuple(_conv(n, *kspd) for n, *kspd in zip((h, w), k, s, p, d, strict=True))
    if op == "conv_transpose2d":
        op_ = pair(output_padding, "output_padding")
        return tuple(
            _transposed(n, *rest) for n, *rest in zip((h, w), k, s, p, d, op_, strict=True)
        )
    return tuple(
        _pool(op, n, *kspd, ceil_mode) for n, *kspd in zip((h, w), k, s, p, d, strict=True)
    )


def _word_padding(op: str, word: str, s: tuple[int, int]) -> str:
    if op != "conv2d" or word not in PADDING_WORDS:
        raise InputError(
            "cv_padding_word",
            "padding={word} works only for Conv2d, as 'same' or 'valid'.",
            word=as_code(word),
        )
    if word == "same":
        if s != (1, 1):
            raise InputError(
                "cv_same_strided", "padding='same' needs stride 1, but stride is {s}.", s=max(s)
            )
    return word


def _conv(n: int, k: int, s: int, p: int, d: int) -> int:
    span = d * (k - 1) + 1
    if n + 2 * p < span:
        raise InputError(
            "cv_kernel_too_big",
            "The kernel spans {span} cells but the padded input has only {padded}.",
            span=span,
            padded=n + 2 * p,
        )
    return (n + 2 * p - span) // s + 1


def _transposed(n: int, k: int, s: int, p: int, d: int, op: int) -> int:
    if op < 0:
        raise InputError("cv_negative_padding", "padding cannot be negative, not {p}.", p=op)
    if op >= s and op >= d:
        raise InputError(
            "cv_output_padding_big",
            "output_padding {op} must be smaller than the stride ({s}) or the dilation ({d}).",
            op=op,
            s=s,
            d=d,
        )
    out = (n - 1) * s - 2 * p + d * (k - 1) + op + 1
    # An output of size 0: torch refuses it or returns an empty tensor depending on the kernel
    # that runs (on CPU, kernels up to 3 wide refuse); the page always calls it empty.
    if out < 1:
        raise InputError(
            "cv_empty_output", "These settings leave an output of size {out}.", out=out
        )
    return out


def _pool(op: str, n: int, k: int, s: int, p: int, d: int, ceil_mode: bool) -> int:
    span = d * (k - 1) + 1
    half = k // 2  # torch checks the kernel size, not the dilated span, for both pools
    if p > half:
        raise InputError(
            "cv_pool_padding",
            "Pooling padding {p} is more than half the window ({half} at most).",
            p=p,
            half=half,
        )
    out = (n + 2 * p - span + (s - 1 if ceil_mode else 0)) // s + 1
    if ceil_mode and (out - 1) * s >= n + p:
        out -= 1  # the last window would start inside the right padding: torch drops it
    if out < 1:
        raise InputError(
            "cv_empty_output", "These settings leave an output of size {out}.", out=out
        )
    return out
