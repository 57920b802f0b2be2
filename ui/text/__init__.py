"""The interface's text in English and Korean.

`i18n` holds `t` and loads every table on first use; each table is the `STRINGS` of one
module: `glossary` (the lecture's terms), `common` (shared by every page), `sidebar`,
`explore`, `compare`, `data`, `train`, `budgets` (with the message of a run over budget),
`experiments`, `forcing`, `neighbours`, `lecture`, `figures` (words drawn in the charts)
and `player` (the decode player's controls and captions).
`engine_messages` says the engine's message codes in Korean; `literal` makes text from a
file or a student inert where the app renders markup; `particles` chooses the Korean
particle (을/를, 이/가, ...) that follows a token as it is read.
"""
