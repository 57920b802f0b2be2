"""The pages, one module each, read top to bottom: widgets and layout; they draw with
`ui.sections` and `ui.figures`, keep the session in `ui.state`, and ask `ui.services`.

- `explore`: Decode step by step (the app's first page).
- `compare`: Attention, beam, loss.
- `experiments`: the teaching experiments ①–⑥.
- `data`: a corpus, uploaded or built in, and its tokenizer.
- `train`: training live, one step at a time, and a model's download or upload.
- `lecture`: the whole story on one screen for a projector.
- `classroom`: the class together: join by QR code, answer the teacher's questions, the board.
"""
