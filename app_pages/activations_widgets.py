"""The activations page's computations, cached for the whole class: a repeat is read, not rerun."""

from __future__ import annotations

import streamlit as st

from lib.activations import curves as act
from lib.activations.network import NetworkConfig, probe
from lib.activations.properties import properties


@st.cache_data(max_entries=64)
def curve(name: str, lo: float, hi: float, thr: float, params: tuple) -> act.Curve:
    return act.curve(name, lo, hi, thr, dict(params))


@st.cache_data(max_entries=64)
def measured(name: str, params: tuple):
    return properties(name, dict(params))


@st.cache_data(max_entries=32)
def network(name, params, depth, width, scale, thr, seed, lo, hi):
    return probe(NetworkConfig(name, params, depth, width, scale, thr, seed, (lo, hi)))
