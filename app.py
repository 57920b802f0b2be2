"""Seq2seq with attention, a classroom app: `streamlit run app.py`."""

import streamlit as st

from ui import sidebar

st.set_page_config(page_title="Seq2seq with attention", page_icon="🔤", layout="wide")
pages = [
    st.Page("ui/pages/explore.py", title="Decode step by step", icon="🔎", default=True),
    st.Page("ui/pages/compare.py", title="Attention, beam, loss", icon="⚖️"),
    st.Page("ui/pages/data.py", title="Data", icon="📂"),
    st.Page("ui/pages/train.py", title="Train", icon="🏋️"),
]
page = st.navigation(pages)
sidebar.render()
page.run()
