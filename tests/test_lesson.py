"""The lesson link: query parameters to session state and back (pure functions)."""

from ui import lesson, state

MODELS = ["en-ko-attention", "reverse"]


def test_a_link_restores_the_view():
    params = {"model": "reverse", "sentence": "3 1 2", "step": "2", "lang": "ko", "teacher": "1"}
    got = lesson.from_params(params, MODELS)
    assert got == {state.MODEL: "reverse", state.SENTENCE: "3 1 2", state.STEP: 2,
                   state.LANG: "ko", state.TEACHER_MODE: True}  # fmt: skip
    assert lesson.to_params(got, MODELS) == params


def test_nonsense_in_a_link_is_ignored():
    params = {"model": "../../etc/passwd", "step": "-3", "lang": "fr", "teacher": "maybe",
              "sentence": "x" * 10_000, "other": "1"}  # fmt: skip
    got = lesson.from_params(params, MODELS)
    assert got == {state.SENTENCE: "x" * lesson.MAX_SENTENCE}
    assert lesson.from_params({"step": "99999999999"}, MODELS) == {}


def test_own_model_and_defaults_make_a_short_link():
    assert lesson.to_params({state.LANG: "en", state.STEP: 1}, MODELS) == {}
    own = {state.MODEL: "__own__", state.SENTENCE: "hello", state.STEP: 3}
    assert lesson.to_params(own, MODELS) == {}  # a student's own model cannot be linked
