import pytest

from ui.text import i18n


def test_every_string_has_english_and_korean():
    for key, value in i18n.all_strings().items():
        assert value["en"].strip() and value["ko"].strip(), key


def test_glossary_terms_are_the_lecture_terms():
    assert i18n.t("encoder", "ko") == "인코더" and i18n.t("decoder", "ko") == "디코더"
    assert i18n.t("input_feeding", "ko") == "입력 피딩"


def test_redefining_a_key_with_other_words_is_refused():
    with pytest.raises(ValueError, match="twice"):
        i18n.register({"encoder": {"en": "coder", "ko": "코더"}})
    with pytest.raises(KeyError):
        i18n.t("no such key")


def test_every_corpus_message_has_korean_with_the_same_placeholders():
    import string

    from seq2seq_core.data import corpus
    from ui.text import engine_messages as em

    def fields(template: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(template) if f}

    for table, ko in [(corpus.MESSAGES, em.KO_MESSAGES), (corpus.REASONS, em.KO_REASONS)]:
        assert set(ko) == set(table)
        for code, english in table.items():
            assert fields(ko[code]) <= fields(english) | {"reason"}, code
    assert set(em.KO_KINDS) == set(corpus.FILE_KINDS)


@pytest.mark.parametrize(
    ("data", "korean"),
    [
        (b"a\x00b", "바이너리 파일"),
        (b"%PDF-1.4 ...", "PDF 문서"),
        (b"no separator here\nnor here\n", "탭이 없음"),
        (b"   \n", "빈 파일"),
    ],
)
def test_corpus_errors_are_said_in_korean(data, korean):
    from seq2seq_core.data.corpus import CorpusError, parse_corpus
    from ui.text import engine_messages as em

    with pytest.raises(CorpusError) as info:
        parse_corpus(data, "x.tsv")
    assert korean in em.corpus_error(info.value, "ko")
    assert em.corpus_error(info.value, "en") == str(info.value)  # English is the engine's


def test_skipped_lines_are_said_in_korean():
    from seq2seq_core.data.corpus import parse_corpus
    from ui.text import engine_messages as em

    c = parse_corpus(b"a\tb\nno tab\nc\t\n" + b"x" * 400 + b"\ty\n", "x.tsv")
    said = [em.skip_reason(s, "ko") for s in c.skipped]
    assert said == ["원문과 번역문 사이에 탭이 없음", "번역문이 비어 있음",
                    "문장이 400자 (한도 300자)"]  # fmt: skip


def test_every_checkpoint_message_has_korean_and_a_damaged_file_is_refused_in_korean():
    from seq2seq_core.checkpoints import checkpoint
    from ui.text import engine_messages as em

    assert set(em.KO_CHECKPOINT) == set(checkpoint.MESSAGES)
    with pytest.raises(checkpoint.CheckpointError) as info:
        checkpoint.from_bytes(b"\x80\x04 a pickle", name="model.pt")
    assert "pickle" in em.checkpoint_error(info.value, "ko") and "거부" in em.checkpoint_error(
        info.value, "ko"
    )
    assert em.checkpoint_error(info.value, "en") == str(info.value)


def test_options_that_do_not_fit_together_are_said_in_korean():
    from seq2seq_core.config import COMBINATIONS, ConfigError, ModelConfig
    from ui.text import engine_messages as em

    assert set(em.KO_CONFIG) == set(COMBINATIONS)
    for options, code in [
        ({"attention": "none", "luong_input_feeding": True}, "feeding_needs_attention"),
        ({"attention": "dot", "bidirectional": True}, "dot_needs_same_size"),
        ({"decoder_style": "bahdanau", "luong_input_feeding": True}, "feeding_is_luong"),
    ]:
        with pytest.raises(ConfigError) as info:
            ModelConfig(src_vocab=8, tgt_vocab=8, **options)
        assert info.value.code == code
        assert em.config_error(info.value, "ko") == em.KO_CONFIG[code]
        assert em.config_error(info.value, "en") == str(info.value) == COMBINATIONS[code]
    with pytest.raises(ConfigError) as info:  # one option out of range: English, no code
        ModelConfig(src_vocab=8, tgt_vocab=8, layers=3)
    assert em.config_error(info.value, "ko") == str(info.value)
