"""The lecture hall: the classroom app in several Streamlit replicas behind HAProxy, with a
Dask scheduler and workers for training, started and supervised by one command
(`python serve.py`, see serve.py). Nothing here is imported by the app itself.
"""
