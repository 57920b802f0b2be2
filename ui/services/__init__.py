"""Services the pages use, without Streamlit (tests/test_boundaries.py checks it).

- `training`: background training runs, their queue, pause, resume and stop.
- `engine`: where runs train: the embedded Dask cluster, a teacher's scheduler, or threads.
- `caches`: byte-bounded caches of decode traces, per session and per server.
- `forcing`: a click on a chart to a forced token and its re-decoded trace.
- `loss_curve`: the live training chart's points, bounded.
- `lecture_code`: the engine's running source for the lecture's code panel.
- `classroom/`: the class together: classes, questions, answers and the class board in a
  database (SQLite or PostgreSQL) shared by every replica.
- `demo_examples`: the sentences that show a demo's point on a model, found by running it.
"""
