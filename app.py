"""Seq2seq with attention, a classroom app: `streamlit run app.py`.

Streamlit reads this file in two ways. `streamlit run app.py` first imports it to find the
server it describes (`app`, an `st.App`: Streamlit's server with our middleware in front and
the upload bounds set before the first request); then every page a browser opens runs it as
a script (`__name__ == "__main__"`), as AppTest does, which draws the page.
"""

from contextlib import asynccontextmanager

import streamlit as st

from ui.state import upload_guard


def main() -> None:
    """One script run: the page's settings, the navigation, the sidebar and the page."""
    from ui import state
    from ui.sections import page as page_setup
    from ui.sections import sidebar
    from ui.state import lesson, resources

    # Bound what file uploads can make this server hold (ui/state/upload_guard.py); the
    # server below is bounded from its start, this covers a server started otherwise (cheap,
    # idempotent; a no-op in AppTest).
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


@asynccontextmanager
async def _bounded_uploads(_app):
    """The server's start: bound its uploads before it answers anyone."""
    upload_guard.install()
    yield


if __name__ == "__main__":
    main()
else:
    from starlette.middleware import Middleware

    from ui.state.static_assets import StaticAssets

    # Streamlit's frontend files from memory, gzipped (ui/state/static_assets.py)
    app = st.App(__file__, middleware=[Middleware(StaticAssets)], lifespan=_bounded_uploads)
