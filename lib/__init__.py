"""Pure torch routines behind every page: no streamlit, no altair, no pandas."""
