"""The lesson link: query parameters to session state and back (pure functions)."""

from ui import state
from ui.state import lesson

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


STRANGE_STEPS = ["²", "¹²", "١٢", "٣", "１２", "3.0", "+3", " 3", "3 ", "0", "1e3", "0x10", "",
                 "1001", "0002", "Ⅻ", "3\x00", "-0", "nan"]  # fmt: skip


def test_strange_steps_in_a_link_are_ignored_without_raising():
    for step in STRANGE_STEPS:
        got = lesson.from_params({"model": "reverse", "sentence": "a", "step": step}, MODELS)
        wanted = {"0002": 2}.get(step)
        assert got.get(state.STEP) == wanted, step


def test_strange_values_of_every_parameter_are_ignored_without_raising():
    weird = ["²", "\x00", "\u202e", "x" * 100_000, "[[[", "%00", "\ud800", "😀" * 500]
    for value in weird:
        for name in ("model", "lang", "teacher", "sentence", "step", "other"):
            got = lesson.from_params({name: value}, MODELS)
            assert set(got) <= {state.SENTENCE}, (name, value)
            if got:
                sentence = got[state.SENTENCE]
                assert len(sentence) <= lesson.MAX_SENTENCE and "\x00" not in sentence
    assert lesson.from_params({"step": 3, "lang": ["ko"], 5: "x"}, MODELS) == {}  # not strings


def test_a_link_carries_every_sentence_a_text_box_takes():
    """One limit: the link's sentence cap is the text boxes' (it was 300 against 1,000)."""
    from seq2seq_core.training.budget import MAX_TEXT_CHARS

    sentence = "한국어 문장 " * 200
    params = lesson.to_params(
        {state.MODEL: "reverse", state.SENTENCE: sentence[:MAX_TEXT_CHARS]}, ["reverse"]
    )
    assert params["sentence"] == sentence[:MAX_TEXT_CHARS]
    got = lesson.from_params({"model": "reverse", "sentence": sentence}, ["reverse"])
    assert got[state.SENTENCE] == sentence[:MAX_TEXT_CHARS]
