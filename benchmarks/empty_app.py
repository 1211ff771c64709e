"""The baseline: an empty Streamlit page with one slider, what Streamlit itself costs per rerun."""

import streamlit as st

st.slider("x", 0, 100, 50, key="x")
