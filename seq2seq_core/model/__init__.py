"""The network, as in the lecture and the papers.

- `attention`: dot and general (Luong et al. 2015, Sec. 3.1) and additive (Bahdanau et
  al. 2015, Sec. 3.1) scores, padding masked.
- `encoder`: embedding and a (bi)GRU/LSTM/RNN, with the bridge to the decoder's first state.
- `decoder`: Bahdanau's and Luong's decoders, Luong's input feeding (Sec. 3.3).
- `dropout`: dropout whose masks come from the run's own generator.
- `seq2seq`: `Seq2Seq`, encoder and decoder joined; the teacher-forced path in one call.

Imports: torch, `seq2seq_core.config` and the special ids of `seq2seq_core.data.tokenizers`.
"""
