"""Views share memory with x, copies do not; .view() fails exactly where torch says so."""

import pytest
import torch

from lib.common.errors import InputError
from lib.strides import ops as op_chain
from lib.strides import sharing


def chain(text, shape=(3, 4), dtype="float32"):
    x = op_chain.base_tensor(shape, dtype)
    return x, op_chain.parse_chain(text)


def test_writing_through_a_view_or_numpy_changes_x_but_a_clone_does_not():
    x, steps = chain(".t()")
    writes = {w.route: w for w in sharing.write_through(x, steps, (1, 2), 99)}
    assert writes["view"].x_changed and writes["numpy"].x_changed
    assert not writes["clone"].x_changed
    assert writes["view"].x_after.view(-1)[2 * 4 + 1] == 99  # y[1, 2] is x[2, 1]


def test_writing_one_element_of_an_expanded_view_changes_every_copy_of_it():
    x, steps = chain("[0][None].expand(3, 4)")
    view = next(w for w in sharing.write_through(x, steps, (0, 1), -5) if w.route == "view")
    assert (view.y_after[:, 1] == -5).all()


def test_a_value_that_does_not_fit_the_dtype_is_refused_by_torch():
    x, steps = chain("", shape=(4,), dtype="int8")
    writes = sharing.write_through(x, steps, (1,), 300)
    said = {}
    for route, write in [
        ("view", lambda t: t.__setitem__(1, 300)),
        ("numpy", lambda t: t.numpy().__setitem__(1, 300)),
        ("clone", lambda t: t.clone().__setitem__(1, 300)),
    ]:
        with pytest.raises((RuntimeError, OverflowError)) as refused:  # torch's or NumPy's words
            write(torch.zeros(4, dtype=torch.int8))
        said[route] = str(refused.value).splitlines()[0]
    assert {w.route: w.error for w in writes} == said


def test_flatten_shows_torchs_view_error_and_that_contiguous_copies():
    x, steps = chain(".t()")
    y = op_chain.run_chain(x, steps)[-1].tensor
    flat = sharing.flatten(y, x)
    with pytest.raises(RuntimeError) as info:
        y.view(-1)
    assert flat.view_error == str(info.value).splitlines()[0]
    assert not flat.reshape_shares and not flat.contiguous_shares
    assert torch.equal(flat.contiguous_storage, y.contiguous().view(-1))


def test_flatten_of_a_contiguous_slice_is_a_view():
    x, steps = chain("[1:]")
    flat = sharing.flatten(op_chain.run_chain(x, steps)[-1].tensor, x)
    assert flat.view_error is None and flat.reshape_shares and flat.contiguous_shares


@pytest.mark.parametrize("text", ["abc", "nan", "inf", ""])
def test_parse_value_refuses_what_is_not_a_finite_number(text):
    with pytest.raises(InputError):
        sharing.parse_value(text)
