"""Seq2seq with attention, a classroom app: `streamlit run app.py`."""

import streamlit as st

from ui import state
from ui.sections import page as page_setup
from ui.sections import sidebar
from ui.state import lesson, resources, upload_guard

# Bound what file uploads can make this server hold (ui/state/upload_guard.py): Streamlit has no
# hook to choose its uploaded-file manager, so the running server's is made a bounded one,
# in place, by the first script run (idempotent; serve.py's replicas have it from the start).
upload_guard.install()
st.set_page_config(page_title="Seq2seq with attention", page_icon="🔤", layout="wide")
state.init()
resources.prepare_server()
lesson.restore(resources.model_names())  # a lesson link's language also names the pages
pages = [
    st.Page("ui/pages/explore.py", title=state.t("nav_explore"), icon="🔎", default=True),
    st.Page("ui/pages/lecture.py", title=state.t("nav_lecture"), icon="🎓"),
    st.Page("ui/pages/compare.py", title=state.t("nav_compare"), icon="⚖️"),
    st.Page("ui/pages/experiments.py", title=state.t("nav_experiments"), icon="🧪"),
    st.Page("ui/pages/data.py", title=state.t("nav_data"), icon="📂"),
    st.Page("ui/pages/train.py", title=state.t("nav_train"), icon="🏋️"),
    st.Page("ui/pages/classroom.py", title=state.t("nav_classroom"), icon="👥"),
]
page = st.navigation(pages)
sidebar.render()
page_setup.set_language_and_title(getattr(page, "title", ""), state.lang())
page.run()
