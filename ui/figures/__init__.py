"""Pure plotly figure builders, one module per view: plain data in, `go.Figure` out, no
Streamlit (the tests check it). `style`: the shared projector style and the one way tokens
are written into a figure (`plot_token`); `decode`, `bridge`: the step-by-step decode and
the encoder's bridge (Explore); `compare`, `train`, `stepwise`: the Compare, Train and Data
pages; `lecture`: the Lecture page; `lab`, `probe`: the experiments ①–③ and ④–⑥;
`classroom`: the class's answers beside the softmax; `alt`: what each chart says to a
screen reader (its text alternative, its values as a table); `value_table`: those values as
escaped HTML (not a figure: rows in, a string out).
tests/hostile/test_figure_injection.py runs every public function of every module here."""
