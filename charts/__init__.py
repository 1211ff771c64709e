"""Pure altair builders: a lib result in, an alt.Chart out. Never imports streamlit."""
