"""Home: what the app is, and one line per concept."""

import streamlit as st

from ui.concepts import CONCEPTS
from ui.text import t

st.title(t("home.title"))
st.markdown(t("home.intro"))
for c in CONCEPTS:
    st.page_link(c.file, label=f"**{t(f'{c.key}.title')}** · {t(f'{c.key}.intro')}", icon=c.icon)
st.caption(t("home.footer"))
