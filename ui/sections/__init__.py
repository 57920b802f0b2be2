"""Parts of pages, drawn with Streamlit: each a function of the page's values.

- `page`: what every page tells the browser: its language and title.
- `charts`: the one way a page draws a chart (phone-friendly, with its text alternative).
- `sidebar`: language, model, large text, teacher mode, the lesson link.
- `train_options`: the Train page's preset and details, checked into the run's configs.
- `train_run`: the Train page's run: start, controls, status, live curves, what it learned.
- `model_files`: a model's download, its upload back, making it the session's own.
- `stepwise`: the Train page's one step, ten steps, one epoch.
- `tables`: every table (st.dataframe), its float columns with the same decimals.
- `neighbours`: the explorer's "why did it say that" (nearest training pairs).
- `classroom_join`, `classroom_ask`, `classroom_live`, `classroom_student`, `classroom_board`:
  the class together (start and join, ask, the teacher's panel, a student's view, the board).
- `uploads`: Streamlit's file uploader in the page's language.
- `tabs`: lazy tabs, only the open one drawn (the Decode and Experiments pages).
- `demo_model`: which model a demo needing mistakes shows (the loss, exposure bias, beam).
- `experiments/`: the Experiments page's tabs ①–⑥ (`lab`, `probe`) and their helpers (`view`).
"""
