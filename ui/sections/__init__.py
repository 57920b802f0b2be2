"""Parts of pages, drawn with Streamlit: each a function of the page's values.

- `sidebar`: language, model, large text, teacher mode, the lesson link.
- `stepwise`: the Train page's one step, ten steps, one epoch.
- `neighbours`: the explorer's "why did it say that" (nearest training pairs).
- `experiments/`: the Experiments page's tabs ①–⑥ (`lab`, `probe`) and their helpers (`view`).
"""
