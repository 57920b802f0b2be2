"""Training: a loop blind to the model's insides, and what it needs around it.

- `trainer`: the `Trainer`, which yields events and knows nothing of any interface;
  cooperative stop and resume, the NaN guard, the best validation epoch kept.
- `events`: what the trainer yields (batches, epochs, samples, done).
- `state`: a trainer's resumable state as plain data (safetensors bytes and JSON).
- `optim`: Adam on torch's fused CPU kernel.
- `stepwise`: one optimizer update at a time, on a fixed pair (the Train page's step buttons).
- `budget`: the text cap and a run's memory estimate, checked before a run starts.
- `jobs`: a run as a task of a Dask cluster (the worker's side and the web side's handle).

Imports: the packages above (data, model, decoding, checkpoints) and the shared modules.
"""
