"""The interface: Streamlit pages over the engine (`seq2seq_core`), in English and Korean.

Packages by kind (tests/test_boundaries.py holds the lines between them):

- `pages/`: one module per page: widgets and layout, read top to bottom.
- `sections/`: what a page draws in parts: the sidebar, the decoder's step view, the
  nearest neighbours, the experiments' tabs. Streamlit, no engine internals.
- `state/`: the session's state: its keys (`ui.state`), the shared models and corpora
  (`resources`), lesson links (`lesson`).
- `services/`: no Streamlit: the training runs and the task engine (`training`, `engine`),
  the trace caches (`caches`), forcing a token (`forcing`), the live loss curve
  (`loss_curve`), the lecture's code panel (`lecture_code`).
- `figures/`: pure plotly figure builders, no Streamlit.
- `text/`: every string the interface shows, in both languages.
- `player/`: the decode player, a Streamlit component that plays a whole decode in the
  browser (its HTML, CSS and JS beside it), and its offline lesson file.
"""
