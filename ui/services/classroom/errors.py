"""`ClassError(code, **params)`: what the class service refuses, as a code.

The words are in ui/text/classroom.py under `cls_err_<code>`, English and Korean
(tests/ui/services/classroom/test_errors.py checks every code of `CODES` has both);
`str(error)` is the English, `error.text(lang)` either language.
"""

from __future__ import annotations

from typing import Any

# Every code a ClassError carries, with the parameters its message takes.
CODES = {
    "no_class": (),  # no class has this code (or it was ended)
    "wrong_key": (),  # the teacher key does not open this class
    "not_student": (),  # the student token is not one of this class's students
    "bad_nickname": (),  # characters a nickname may not hold
    "nickname_too_long": ("limit",),
    "class_full": ("limit",),  # the class has its most students already
    "bad_lesson": ("limit",),  # a lesson name empty of text, too long or with control characters
    "bad_question": ("why",),  # a QuestionSpec that does not hold together (teacher's app)
    "no_question": (),  # no such question in this class, or not the class's current one
    "question_closed": (),  # the teacher closed the question: answers no longer change
    "bad_answer": (),  # an empty answer or one with control characters
    "answer_too_long": ("limit",),
    "flood": ("calls", "seconds"),  # too many answers from one student in a short time
    "bad_name": ("limit",),  # a published model's name: empty, too long or bad characters
    "bad_scores": (),  # exact match not in [0, 1] or BLEU not in [0, 100]
    "model_too_big": ("size", "limit"),
    "board_full": (),  # the class board holds its most models or bytes already
    "too_many_models": ("limit",),  # the student has published the most models already
    "no_model": (),  # no such published model in this class
    "unavailable": (),  # the database cannot be reached or opened
}


class ClassError(Exception):
    """A refusal of the class service: `code` is one of `CODES`, `params` fill its message."""

    def __init__(self, code: str, **params: Any) -> None:
        if code not in CODES:
            raise ValueError(f"unknown class error code {code!r}")
        self.code = code
        self.params = params
        super().__init__(self.text("en"))

    def text(self, lang: str = "en") -> str:
        """The message in `lang` ("en" or "ko")."""
        from ui.text.i18n import t

        return t(f"cls_err_{self.code}", lang, **self.params)
