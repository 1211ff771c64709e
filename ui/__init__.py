"""The only non-page code that imports streamlit: text, settings, panels and chart display."""
