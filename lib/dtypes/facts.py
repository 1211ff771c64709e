"""'What to notice': each function picks sentence keys from computed numbers and fills them in.

A sentence is `(key, numbers)`; the page looks the key up in its locale. Which key is chosen
depends on the sign and size of the numbers, so no setting can make a sentence false."""

from __future__ import annotations

import math

from lib.dtypes.bits import Encoding
from lib.dtypes.bridge import Crossing, Leak
from lib.dtypes.catalogue import info
from lib.dtypes.edges import Accumulation
from lib.dtypes.promotion import numpy_result_type, result_type, rule
from lib.dtypes.standardize import Standardized

Fact = tuple[str, dict]


def num(v: float | int | bool) -> str:
    """Exactly what torch returned: the shortest decimal that reads back as the same float."""
    if isinstance(v, bool) or isinstance(v, int):
        return str(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == int(v) and abs(v) < 1e16:
        return str(int(v))
    return repr(v)


def short(v: float) -> str:
    """A measured error or share, to 3 significant digits."""
    return num(v) if not math.isfinite(v) or v == 0 else f"{v:.3g}"


def bits(encodings: list[Encoding], typed: str) -> list[Fact]:
    by = {e.name: e for e in encodings}
    h, bf, f64 = by["float16"], by["bfloat16"], by["float64"]
    x = f64.stored
    if math.isnan(x):
        return [("n_nan", {})]
    if math.isinf(x):
        return [("n_inf", {"x": num(x)})]
    out: list[Fact] = []
    if math.isinf(h.stored):
        top = num(info("float16").max)
        out.append(("n_overflow", {"x": typed, "max": top, "bf": num(bf.stored)}))
    elif h.stored == 0 and x != 0:
        tiny = num(info("float16").smallest_subnormal)
        out.append(("n_underflow", {"x": typed, "tiny": tiny, "bf": num(bf.stored)}))
    elif h.kind == "subnormal":
        out.append(("n_subnormal", {"x": typed, "s": num(h.stored)}))
    if all(e.error == 0 for e in encodings):
        out.append(("n_exact", {"x": typed}))
    else:
        errors = {f"e_{k}": short(by[n].error) for k, n in _KEYS.items()}
        out.append(("n_stored", {"x": typed, "h": num(h.stored), "bf": num(bf.stored), **errors}))
    if math.isfinite(h.stored):
        gap = num(h.above - h.stored)
        out.append(("n_neighbours", {"lo": num(h.below), "hi": num(h.above), "gap": gap}))
    gaps = {f"g_{k}": short(by[n].above - by[n].stored) for k, n in _KEYS.items()}
    if all(math.isfinite(by[n].above - by[n].stored) for n in _KEYS.values()):
        out.append(("n_spacing", gaps))
    b = info("bfloat16")
    out.append(("n_bfloat", {"max": f"{b.max:.3g}", "digits": b.digits}))
    return out


_KEYS = {"h": "float16", "bf": "bfloat16", "f32": "float32", "f64": "float64"}


def table() -> list[Fact]:
    u8, h, bf = info("uint8"), info("float16"), info("bfloat16")
    return [
        ("n_uint8", {"lo": u8.min, "hi": u8.max}),
        ("n_range", {"h": num(h.max), "bf": f"{bf.max:.3g}", "eh": num(h.eps), "ebf": num(bf.eps)}),
        ("n_default", {}),
    ]


def accumulation(acc: Accumulation) -> list[Fact]:
    out: list[Fact] = []
    for name in ("float16", "bfloat16"):
        stall = acc.stalls[name]
        numbers = {"dtype": name, "sum": num(acc.final[name]), "exact": num(acc.exact)}
        if stall is not None:
            out.append(("n_stall", {**numbers, "step": num(acc.step), "at": stall}))
        elif acc.final[name] == acc.exact:
            out.append(("n_exact_sum", {**numbers, "count": acc.count}))
        else:
            err = short(acc.final[name] - acc.exact)
            out.append(("n_no_stall", {**numbers, "err": err, "count": acc.count}))
    errs = {n: abs(acc.summed[n] - acc.exact) for n in acc.summed}
    running = abs(acc.final["float16"] - acc.exact)
    key = "n_sum_better" if errs["float16"] < running else "n_sum_same"
    out.append((key, {"sum": num(acc.summed["float16"]), "err": short(errs["float16"])}))
    err32 = acc.final["float32"] - acc.exact
    key = "n_float32" if err32 else "n_float32_exact"
    out.append((key, {"sum": num(acc.final["float32"]), "err": short(err32)}))
    return out


def bridge(crossings: list[Crossing], leak: Leak) -> list[Fact]:
    shared = ", ".join(f"`{c.code}`" for c in crossings if c.shares)
    copied = ", ".join(f"`{c.code}`" for c in crossings if not c.shares)
    return [
        ("n_shared", {"routes": shared}),
        ("n_copied", {"routes": copied}),
        ("n_leak", {"dtype": leak.dtype, "error": leak.error}),
    ]


def standardization(s: Standardized) -> list[Fact]:
    ratio = s.std_torch / s.std_numpy
    bessel = math.sqrt(s.n / (s.n - 1))
    inside = {"t": f"{s.inside_torch:.1%}", "np": f"{s.inside_numpy:.1%}", "n": s.n}
    key = "n_inside_same" if s.inside_torch == s.inside_numpy else "n_inside_differs"
    return [
        ("n_std", {"t": short(s.std_torch), "np": short(s.std_numpy), "n": s.n}),
        ("n_ratio", {"ratio": f"{ratio:.5f}", "bessel": f"{bessel:.5f}", "n": s.n}),
        (key, inside),
        ("n_after", {"t": f"{s.z_std_torch:.4f}", "np": f"{s.z_std_numpy:.4f}"}),
    ]


def std_metrics(s: Standardized) -> list[tuple[str, str]]:
    """The four numbers above the standardization chart, labelled by the call that made them."""
    return [
        ("torch.mean(x)", f"{s.mean:.4f}"),
        ("torch.std(x)", f"{s.std_torch:.4f}"),
        ("np.std(x)", f"{s.std_numpy:.4f}"),
        ("|z| ≤ 1", f"{s.inside_torch:.1%}"),
    ]


def promotion(a: str, b: str) -> tuple[str, str | None, list[Fact]]:
    """torch's result dtype for `a` with `b`, NumPy's, and the sentences that explain them."""
    ours, theirs = result_type(a, b), numpy_result_type(a, b)
    vs = "numpy_none" if theirs is None else "numpy_same" if theirs == ours else "numpy_differs"
    why = (f"rule_{rule(a, b)}", {"a": a, "b": b, "r": ours})
    return ours, theirs, [why, (vs, {"r": ours, "np": theirs})]


def sums(acc: Accumulation) -> list[tuple[str, str]]:
    """The exact sum and each dtype's running sum, for the metrics above the chart."""
    return [("exact", num(acc.exact))] + [(n, f"{acc.final[n]:.7g}") for n in acc.final]
