"""trajectory() against the update rules written out in numpy: plain SGD as a closed form,
momentum / nesterov / dampening, Adam, AdamW, RMSprop and Adagrad as their documented formulas."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.common.errors import InputError
from lib.optimizers import MAX_STEPS, trajectory


def grad_quadratic(p, kappa):
    return np.array([p[0], kappa * p[1]])


def grad_rosenbrock(p):
    x, y = p
    return np.array([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)])


@np.errstate(over="ignore", invalid="ignore")  # a diverging run overflows; torch's stops first
def sgd_oracle(grad, start, steps, lr, momentum=0.0, dampening=0.0, nesterov=False, wd=0.0):
    p, buf, path, bufs = np.array(start, dtype=np.float64), None, [tuple(start)], []
    for _ in range(steps):
        g = grad(p) + wd * p
        if momentum:
            buf = g.copy() if buf is None else momentum * buf + (1 - dampening) * g
            g = g + momentum * buf if nesterov else buf
            bufs.append(tuple(buf))
        p = p - lr * g
        path.append(tuple(p))
    return path, bufs


def adam_oracle(grad, start, steps, lr, b1, b2, eps, wd=0.0, decoupled=False):
    p = np.array(start, dtype=np.float64)
    m, v, path, ms, vs = np.zeros(2), np.zeros(2), [tuple(start)], [], []
    for t in range(1, steps + 1):
        g = grad(p)
        if decoupled:
            p = p * (1 - lr * wd)
        else:
            g = g + wd * p
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        mhat, vhat = m / (1 - b1**t), v / (1 - b2**t)
        p = p - lr * mhat / (np.sqrt(vhat) + eps)
        path.append(tuple(p))
        ms.append(tuple(m))
        vs.append(tuple(v))
    return path, ms, vs


starts = st.tuples(st.floats(-3, 3), st.floats(-3, 3))


@settings(max_examples=25)
@given(starts, st.floats(1, 100), st.floats(1e-3, 0.15), st.integers(1, 40))
def test_plain_sgd_on_the_bowl_is_the_closed_form(start, kappa, lr, steps):
    run = trajectory("quadratic", "sgd", start, steps, kappa=kappa, lr=lr)
    # x_k = (1 − lr)^k x_0 and y_k = (1 − lr·κ)^k y_0: each axis shrinks by its own factor.
    expected = [
        (start[0] * (1 - lr) ** k, start[1] * (1 - lr * kappa) ** k) for k in range(steps + 1)
    ]
    # lr·κ > 2 makes |1 − lr·κ| > 1: the run diverges and stops before a coordinate passes 1e6.
    n = next((i for i, p in enumerate(expected) if max(map(abs, p)) > 1e6), steps + 1)
    expected = expected[:n]
    assert len(run.points) == n and run.points[0] == start
    assert (run.diverged_at is None) == (n == steps + 1)
    assert np.allclose(run.points, expected, rtol=1e-9, atol=1e-12)
    assert run.losses == pytest.approx([0.5 * (x * x + kappa * y * y) for x, y in run.points])
    assert run.states == [{}] * (n - 1)  # plain SGD keeps nothing in optimizer.state


@settings(max_examples=25)
@given(
    starts,
    st.floats(1e-4, 2e-3),
    st.floats(0.0, 0.95),
    st.floats(0, 0.9),
    st.booleans(),
    st.integers(1, 30),
)
def test_sgd_momentum_dampening_and_nesterov_follow_the_documented_rule(
    start, lr, mom, damp, nest, steps
):
    start = (start[0] / 1.5, start[1] / 1.5 + 1)  # inside the Rosenbrock window
    damp = 0.0 if nest else damp  # torch: nesterov needs zero dampening
    mom = max(mom, 0.1) if nest else mom
    run = trajectory(
        "rosenbrock", "sgd", start, steps, lr=lr, momentum=mom, dampening=damp, nesterov=nest
    )
    path, bufs = sgd_oracle(grad_rosenbrock, start, steps, lr, mom, damp, nest)
    n = len(run.points)
    assert np.allclose(run.points, path[:n], rtol=1e-9, atol=1e-12)
    if mom:
        assert np.allclose([s["momentum_buffer"] for s in run.states], bufs[: n - 1], rtol=1e-9)


@settings(max_examples=20)
@given(
    starts, st.floats(1e-3, 0.3), st.floats(0.5, 0.99), st.floats(0.9, 0.9999), st.integers(1, 40)
)
def test_adam_is_its_update_written_out_and_its_moments_are_the_state(start, lr, b1, b2, steps):
    run = trajectory("quadratic", "adam", start, steps, kappa=4.0, lr=lr, betas=(b1, b2), eps=1e-8)
    path, ms, vs = adam_oracle(lambda p: grad_quadratic(p, 4.0), start, steps, lr, b1, b2, 1e-8)
    assert np.allclose(run.points, path, rtol=1e-9, atol=1e-12)
    assert np.allclose([s["exp_avg"] for s in run.states], ms, rtol=1e-9, atol=1e-15)
    assert np.allclose([s["exp_avg_sq"] for s in run.states], vs, rtol=1e-9, atol=1e-15)


@pytest.mark.parametrize("decoupled", [False, True])
def test_weight_decay_is_added_to_the_gradient_in_adam_but_decoupled_in_adamw(decoupled):
    name = "adamw" if decoupled else "adam"
    run = trajectory("rosenbrock", name, (-1.5, 2.0), 60, lr=0.02, weight_decay=0.3)
    path, _, _ = adam_oracle(
        grad_rosenbrock, (-1.5, 2.0), 60, 0.02, 0.9, 0.999, 1e-8, 0.3, decoupled
    )
    assert np.allclose(run.points, path, rtol=1e-9, atol=1e-12)
    other, _, _ = adam_oracle(
        grad_rosenbrock, (-1.5, 2.0), 60, 0.02, 0.9, 0.999, 1e-8, 0.3, not decoupled
    )
    assert not np.allclose(run.points, other, rtol=1e-6)


def test_sgd_weight_decay_adds_lambda_p_to_the_gradient():
    run = trajectory("quadratic", "sgd", (2.0, 1.0), 20, kappa=3.0, lr=0.05, weight_decay=0.5)
    path, _ = sgd_oracle(lambda p: grad_quadratic(p, 3.0), (2.0, 1.0), 20, 0.05, wd=0.5)
    assert np.allclose(run.points, path, rtol=1e-12)


def test_rmsprop_keeps_square_avg_and_divides_by_its_root():
    lr, alpha, eps = 0.01, 0.9, 1e-8
    run = trajectory("rosenbrock", "rmsprop", (-1.0, 1.5), 30, lr=lr, alpha=alpha, eps=eps)
    p, v = np.array([-1.0, 1.5]), np.zeros(2)
    for k in range(30):
        g = grad_rosenbrock(p)
        v = alpha * v + (1 - alpha) * g * g
        p = p - lr * g / (np.sqrt(v) + eps)
        assert np.allclose(run.states[k]["square_avg"], v, rtol=1e-9)
        assert np.allclose(run.points[k + 1], p, rtol=1e-9)


def test_adagrad_keeps_the_sum_of_squared_gradients():
    lr, eps = 0.5, 1e-10
    run = trajectory("himmelblau", "adagrad", (0.0, 0.0), 30, lr=lr, eps=eps)
    p, s = np.array([0.0, 0.0]), np.zeros(2)
    for k in range(30):
        x, y = p
        g = np.array(
            [
                4 * x * (x * x + y - 11) + 2 * (x + y * y - 7),
                2 * (x * x + y - 11) + 4 * y * (x + y * y - 7),
            ]
        )
        s = s + g * g
        p = p - lr * g / (np.sqrt(s) + eps)
        assert np.allclose(run.states[k]["sum"], s, rtol=1e-9)
        assert np.allclose(run.points[k + 1], p, rtol=1e-9)


def test_without_zero_grad_the_gradient_is_the_running_sum():
    lr, kappa = 0.01, 5.0
    run = trajectory("quadratic", "sgd", (2.0, -1.0), 25, zero_grad=False, kappa=kappa, lr=lr)
    p, total = np.array([2.0, -1.0]), np.zeros(2)
    for k in range(25):
        total = total + grad_quadratic(p, kappa)
        assert np.allclose(run.grads[k], total, rtol=1e-12)
        p = p - lr * total
        assert np.allclose(run.points[k + 1], p, rtol=1e-12)


@pytest.mark.parametrize(
    ("schedule", "expected"),
    [
        ("none", lambda k: 0.1),
        ("StepLR", lambda k: 0.1 * 0.5 ** (k // 10)),
        ("CosineAnnealingLR", lambda k: 0.1 * (1 + math.cos(math.pi * k / 40)) / 2),
    ],
)
def test_the_scheduler_sets_the_lr_each_step_uses(schedule, expected):
    run = trajectory("quadratic", "sgd", (2.0, 1.0), 40, lr=0.1, schedule=schedule)
    assert run.lrs == pytest.approx([expected(k) for k in range(40)], rel=1e-9, abs=1e-15)
    path = [(2.0, 1.0)]
    for lr in run.lrs:  # and step() really used that lr: x ← x − lr·x, y ← y − lr·10y
        x, y = path[-1]
        path.append((x - lr * x, y - lr * 10 * y))
    assert np.allclose(run.points, path, rtol=1e-9)


def test_one_cycle_warms_up_to_the_chosen_lr_and_anneals_far_below_it():
    run = trajectory("quadratic", "adam", (2.0, 1.0), 100, lr=0.1, schedule="OneCycleLR")
    peak = max(run.lrs)
    assert peak == pytest.approx(0.1, rel=1e-3) and run.lrs.index(peak) == pytest.approx(30, abs=1)
    assert run.lrs[0] == pytest.approx(0.1 / 25) and run.lrs[-1] < 1e-4


def test_a_diverging_run_stops_at_its_last_finite_point():
    run = trajectory("rosenbrock", "sgd", (-1.5, 2.0), 100, lr=0.01)
    assert run.diverged_at is not None and len(run.points) == run.diverged_at + 1
    assert all(math.isfinite(c) and abs(c) <= 1e6 for p in run.points for c in p)
    assert all(map(math.isfinite, run.losses)) and len(run.losses) == len(run.points)
    # The step that broke it really did break it: one more SGD step from the last point.
    x, y = run.points[-1]
    gx, gy = grad_rosenbrock((x, y))
    assert not all(math.isfinite(c) and abs(c) <= 1e6 for c in (x - 0.01 * gx, y - 0.01 * gy))


@settings(max_examples=8)
@given(st.sampled_from(["sgd", "adam", "rmsprop", "adagrad", "adamw"]), st.floats(0.5, 100))
def test_huge_learning_rates_never_give_a_non_finite_number(name, lr):
    run = trajectory("beale", name, (1.0, 1.5), 30, lr=lr)
    assert all(math.isfinite(v) for p in run.points for v in p)
    assert all(map(math.isfinite, run.losses))
    assert len(run.grads) == len(run.states) == len(run.lrs) == len(run.points) - 1


def test_the_noisy_bowl_is_seeded_and_zero_noise_is_the_plain_bowl():
    a = trajectory("noisy", "sgd", (1.0, 1.0), 30, noise=2.0, seed=1, lr=0.1)
    b = trajectory("noisy", "sgd", (1.0, 1.0), 30, noise=2.0, seed=1, lr=0.1)
    c = trajectory("noisy", "sgd", (1.0, 1.0), 30, noise=2.0, seed=2, lr=0.1)
    quiet = trajectory("noisy", "sgd", (1.0, 1.0), 30, noise=0.0, lr=0.1)
    assert a.points == b.points and a.points != c.points
    assert np.allclose(quiet.points, [(0.9**k, 0.9**k) for k in range(31)], rtol=1e-12)


@pytest.mark.parametrize(
    ("args", "kw"),
    [
        (("quadratic", "sgd", (1.0, 1.0), 10), {"lr": 0.0}),
        (("quadratic", "sgd", (1.0, 1.0), 10), {"lr": 1e9}),
        (("quadratic", "sgd", (1.0, 1.0), 10), {"lr": math.nan}),
        (("quadratic", "sgd", (math.nan, 1.0), 10), {"lr": 0.1}),
        (("rosenbrock", "sgd", (4.9, 1.0), 10), {"lr": 0.1}),
        (("quadratic", "sgd", (1.0, 1.0), 0), {"lr": 0.1}),
        (("quadratic", "sgd", (1.0, 1.0), MAX_STEPS + 1), {"lr": 0.1}),
        (("quadratic", "lbfgs", (1.0, 1.0), 10), {"lr": 0.1}),
        (("quadratic", "adagrad", (1.0, 1.0), 10), {"lr": 0.1, "momentum": 0.9}),
        (("quadratic", "sgd", (1.0, 1.0), 10), {"lr": 0.1, "nesterov": True}),
        (("quadratic", "adam", (1.0, 1.0), 10), {"lr": 0.1, "betas": (1.5, 0.9)}),
        (("quadratic", "sgd", (1.0, 1.0), 10), {"lr": 0.1, "schedule": "Warmup"}),
        (("noisy", "sgd", (1.0, 1.0), 10), {"lr": 0.1, "noise": 1e9}),
    ],
)
def test_bad_input_is_one_input_error(args, kw):
    with pytest.raises(InputError) as err:
        trajectory(*args, **kw)
    assert str(err.value).endswith(".") or "torch.optim" in str(err.value)
