"""Links a lecturer saved keep opening the same view: widget keys are public API.

Each link below is one a class may already hold (taken from the pages' tests, the browser tests and
the benchmark scenarios). A renamed key, a changed option name or a widget that stops reading the
URL shows up here as a widget with its default value instead of the linked one.
"""

import pytest

from tests.pages.conftest import assert_clean, open_page

LINKS = [
    (
        "app_pages/strides.py",
        {"s_shape": "4, 4, 4", "s_ops": ".transpose(0, 2)[1:, :, ::2]", "s_dtype": "int8"},
        {"s_shape": "4, 4, 4", "s_ops": ".transpose(0, 2)[1:, :, ::2]", "s_dtype": "int8"},
    ),
    ("app_pages/strides.py", {"s_shape": "2, 3", "s_write": "7"}, {"s_write": "7"}),
    (
        "app_pages/broadcasting.py",
        {"bc_a": "8, 1, 6, 1", "bc_b": "7, 1, 5", "bc_op": "*", "bc_n": "8", "bc_seed": "3"},
        {"bc_a": "8, 1, 6, 1", "bc_b": "7, 1, 5", "bc_op": "*", "bc_n": 8, "bc_seed": 3},
    ),
    ("app_pages/broadcasting.py", {"bc_q": "12"}, {"bc_q": 12}),
    (
        "app_pages/activations.py",
        {"act_fns": ["tanh", "relu"], "act_x": ["-4.0", "4.0"], "act_thr": "0.2", "act_x0": "2.0"},
        {"act_fns": ["tanh", "relu"], "act_x": (-4.0, 4.0), "act_thr": 0.2, "act_x0": 2.0},
    ),
    (
        "app_pages/activations.py",
        {"act_view": "network", "act_depth": "20", "act_width": "32", "act_scale": "1.5"},
        {"act_depth": 20, "act_width": 32, "act_scale": 1.5},
    ),
    ("app_pages/activations.py", {"act_view": "neuron", "act_w": "2.0"}, {"act_w": 2.0}),
    (
        "app_pages/softmax.py",
        {"sm_logits": "3, 1, 0.5", "sm_temp": "2.0", "sm_y": "2", "sm_dtype": "float16"},
        {"sm_logits": "3, 1, 0.5", "sm_temp": 2.0, "sm_y": 2, "sm_dtype": "float16"},
    ),
    (
        "app_pages/softmax.py",
        {"sm_tab": "CrossEntropyLoss", "sm_batch": "8", "sm_weight": "1, 2", "sm_smooth": "0.1"},
        {"sm_batch": 8, "sm_weight": "1, 2", "sm_smooth": 0.1},
    ),
    (
        "app_pages/softmax.py",
        {"sm_tab": "z + c, k·z", "sm_shift": "10.0", "sm_factor": "3.0"},
        {"sm_shift": 10.0, "sm_factor": 3.0},
    ),
    (
        "app_pages/augmentation.py",
        {"aug_steps": ["vflip"], "aug_vflip_p": "0.25", "aug_n": "4", "aug_seed": "5"},
        {"aug_steps": ["vflip"], "aug_vflip_p": 0.25, "aug_n": 4, "aug_seed": 5},
    ),
    (
        "app_pages/training.py",
        {"tr_points": "300", "tr_layers": "8, 8", "tr_optimizer": "adam", "tr_seed": "7"},
        {"tr_points": 300, "tr_layers": "8, 8", "tr_optimizer": "adam", "tr_seed": 7},
    ),
    (
        "app_pages/training.py",
        {"tr_dataset": "xor", "tr_early_stop": "true", "tr_noise": "20", "tr_hide": ["lr"]},
        {"tr_dataset": "xor", "tr_early_stop": True, "tr_noise": 20, "tr_hide": ["lr"]},
    ),
]


@pytest.mark.parametrize(("file", "query", "expected"), LINKS)
def test_a_saved_link_opens_the_same_view(file, query, expected):
    at = open_page(file, "zh-TW", **query)
    assert_clean(at)
    seen = {key: at.session_state[key] for key in expected}
    seen = {k: tuple(v) if isinstance(expected[k], tuple) else v for k, v in seen.items()}
    assert seen == expected
