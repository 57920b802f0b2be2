"""The interface's text in English and Korean.

`i18n` holds `t` and loads every table on first use; each table is the `STRINGS` of one
module: `glossary` (the lecture's terms), `common` (shared by every page), `sidebar`,
`explore`, `compare`, `data`, `train`, `budgets` (with the message of a run over budget),
`experiments`, `forcing`, `neighbours`, `lecture`, `figures` (words drawn in the charts),
`player` (the decode player's controls and captions), `demos` (which model a demo view
shows, and `EMPTY_DEMO`: every message saying a view shows nothing), `classroom` (the
class together: the class service's refusals and the class pages) and `alt` (what each
chart says to a screen reader: its text alternative, its table of values).
`engine_messages` says the engine's message codes in Korean; `literal` makes text from a
file or a student inert where the app renders markup; `particles` chooses the Korean
particle (을/를, 이/가, ...) that follows a token as it is read.
"""
