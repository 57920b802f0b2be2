"""The lecture hall: the classroom app in several Streamlit replicas behind HAProxy, with a
Dask scheduler and workers for training, started and supervised by one command
(`python serve.py`, see serve.py). Nothing here is imported by the app itself.

launcher (the processes of one launch, their restarts), procs (one child process, the
restart backoff), haproxy (+ haproxy.cfg.template: the front, HTTPS, the health endpoint),
replica (one warmed Streamlit replica), tls (lab mode's certificates), join (the preload
that refuses workers at another commit; the lab PC's command), logs (the log folders,
rotation), service (the systemd unit).
"""
