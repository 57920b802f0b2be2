"""Pure plotly figure builders, one module per view: plain data in, `go.Figure` out, no
Streamlit (the tests check it). style: the shared projector style; decode: the step-by-step
decode (Explore); compare, train: the Compare and Train/Data pages; lab, probe: the
experiments ①–③ and ④–⑥."""
