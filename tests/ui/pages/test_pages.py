"""The pages, driven headless by Streamlit's AppTest on the shipped models."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from seq2seq_core.checkpoints.pretrained import load_pretrained
from seq2seq_core.data.corpus import parse_corpus
from tests.support.apptest import (
    APP,
    TIMEOUT,
    open_tab,
    own_model_app,
    page_text,
    with_swap_corpus,
)
from tests.support.models import CONFIGS, tiny_translator
from tests.support.player import mounted_player
from ui import state
from ui.state import resources
from ui.text.literal import literal


def _app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def test_explorer_opens_on_the_en_ko_model_and_translates():
    at = _app()
    assert at.title[0].value == "Decode step by step"
    assert at.session_state[state.MODEL] == "en-ko-attention"
    assert "Translation:" in page_text(at)
    assert any("attention" in c.value for c in at.sidebar.caption)


def test_the_token_marker_is_explained_only_where_the_tokenizer_uses_it():
    at = _app()  # en-ko-attention: SentencePiece pieces start words with ▁
    assert "▁ marks the start of a word" in page_text(at)
    at.sidebar.selectbox(key=state.MODEL).set_value("reverse").run()  # whole words
    assert "tokenizer: words." in page_text(at) and "▁" not in page_text(at)


def test_an_empty_sentence_asks_for_one_instead_of_translating_nothing():
    at = _app()
    at.text_input(key=state.SENTENCE).set_value("   ").run()
    assert not at.exception
    assert any("Type a sentence" in i.value for i in at.info)
    assert "Translation:" not in page_text(at)


def test_an_own_model_offers_the_examples_of_its_built_in_corpus():
    own = tiny_translator(CONFIGS[2])
    own.meta["corpus"] = "reverse"  # as the Train page records it, and a download keeps it
    pick = own_model_app(own).selectbox(key="example_pick")
    assert len(pick.options) > 3 and all(o.replace(" ", "").isdigit() for o in pick.options)
    # a shipped model's file, uploaded: the card inside it names the corpus
    at = own_model_app(load_pretrained("reverse"))
    assert at.selectbox(key="example_pick").options == pick.options
    assert at.text_input(key=state.SENTENCE).value == pick.options[0]  # a sentence to start


def test_picking_an_example_fills_the_sentence_box():
    at = _app()
    pick = at.selectbox(key="example_pick")
    assert pick.value is None and "type your own" in pick.placeholder  # says what to do
    example = pick.options[2]
    at.session_state[state.STEP] = 4
    pick.set_value(example).run()
    assert at.text_input(key=state.SENTENCE).value == example
    assert at.session_state[state.STEP] == 1  # a new sentence starts at step 1


def test_the_decoder_view_sends_every_step_to_eos_at_once():
    """Issue 25: the decode player gets the whole decode (stepping is in the browser): every
    step to `<eos>`, each one's input the previous choice, the page's step to start at."""
    at = _app()
    at.text_input(key=state.SENTENCE).set_value("She reads a book in the library.").run()
    assert literal("그녀는 도서관에서 책을 읽어요.") in page_text(at)  # the model's text, escaped
    data = mounted_player(open_tab(at, "tab_decoder"))
    assert data["mode"] == "decode" and data["param"] == "step" and data["can_force"]
    steps = data["sentences"][0]["greedy"]["steps"]
    assert len(steps) >= 5 and steps[-1]["eos"] and steps[-1]["tok"] == "<eos>"
    assert [s["in_id"] for s in steps[1:]] == [s["c"] for s in steps[:-1]]
    assert data["start"] == 1 and not [b for b in at.button if b.label.startswith("next")]
    at.session_state[state.STEP] = 99
    at.run()
    assert mounted_player(at)["start"] == len(steps)  # clamped to the last step


def test_korean_interface():
    at = _app()
    at.sidebar.radio(key=state.LANG).set_value("ko").run()
    assert not at.exception
    assert at.title[0].value == "토큰 하나씩 디코딩하기"
    assert "번역 결과" in page_text(at)


@pytest.mark.parametrize("text", ["", "    ", "☃☃☃ ∅", "a " * 3000, "\x07\x00 hi"])
def test_odd_sentences_never_raise(text):
    at = _app()
    at.text_input(key=state.SENTENCE).set_value(text).run()
    assert not at.exception, at.exception


def test_model_without_attention_says_why_views_are_empty():
    at = _app()
    at.sidebar.selectbox(key=state.MODEL).set_value("en-ko-no-attention").run()
    assert not at.exception
    infos = " ".join(i.value for i in open_tab(at, "tab_attention").info)
    assert "no attention" in infos


def test_an_lstm_model_says_it_hands_over_a_cell_state_too():
    for config, says in [(CONFIGS[3], True), (CONFIGS[2], False)]:  # an LSTM, a GRU
        at = open_tab(own_model_app(tiny_translator(config), sentence="a b c"), "tab_encoder")
        assert any("cell state c" in c.value for c in at.caption) == says


def test_what_if_forces_another_token():
    at = open_tab(_app(), "tab_whatif")
    at.number_input(key="whatif_t").set_value(2).run()
    assert not at.exception
    assert "log p" in page_text(at)


def test_compare_page():
    at = _app()
    at.switch_page("ui/pages/compare.py").run()
    assert not at.exception, at.exception
    assert "without attention" in page_text(at)
    at.slider(key="kept.beam_k").set_value(1).run()
    assert not at.exception
    boxes = at.text_input
    assert boxes and all(box.max_chars == state.MAX_CHARS for box in boxes)


def test_compare_page_shares_the_sentence_and_keeps_its_choices():
    at = _app()
    at.switch_page("ui/pages/compare.py").run()
    at.slider(key="kept.beam_k").set_value(5).run()
    at.text_input(key="beam_text").set_value("I like apples.").run()
    assert at.text_input(key="loss_text").value == "I like apples."  # the other tab follows
    at.switch_page("ui/pages/explore.py").run()
    assert at.text_input(key=state.SENTENCE).value == "I like apples."  # the explorer too
    at.switch_page("ui/pages/compare.py").run()
    assert not at.exception and not at.warning
    assert at.slider(key="kept.beam_k").value == 5
    assert at.text_input(key="beam_text").value == "I like apples."


def test_data_page_builtin_corpus_and_bad_upload_message():
    at = _app()
    at.switch_page("ui/pages/data.py").run()
    at.selectbox(key="builtin_pick").set_value("reverse").run()
    next(b for b in at.button if b.label == "Use this corpus").click().run()
    assert not at.exception, at.exception
    assert len(at.session_state[state.CORPUS].pairs) == 10_500  # 11,000 less its 500 test pairs
    assert "pairs** read" in page_text(at)


def test_the_train_pages_shortcut_uses_the_phrases_as_the_data_page_would():
    at = _app()
    at.switch_page("ui/pages/train.py").run()
    next(b for b in at.button if b.label.startswith("Use the everyday phrases")).click().run()
    assert at.session_state[state.CORPUS_NAME] == "en-ko-phrases"
    assert at.session_state[state.TOKENIZER] == "sentencepiece-unigram"  # what it suggests
    at.switch_page("ui/pages/data.py").run()
    assert not at.exception and not at.warning
    assert at.selectbox(key="builtin_pick").value == "en-ko-phrases"  # the corpus in use
    at.selectbox(key="builtin_pick").set_value("dates").run()
    next(b for b in at.button if b.label == "Use this corpus").click().run()
    assert at.session_state[state.TOKENIZER] == "char"  # what the dates corpus suggests
    assert at.selectbox(key=state.TOKENIZER).value == "char"


def test_the_sentence_survives_a_visit_to_another_page():
    at = _app()
    at.text_input(key=state.SENTENCE).set_value("They will go home tomorrow.").run()
    at.switch_page("ui/pages/data.py").run()
    at.switch_page("ui/pages/explore.py").run()
    assert at.text_input(key=state.SENTENCE).value == "They will go home tomorrow."


def test_the_data_pages_tokenizer_is_the_one_the_train_page_uses():
    at = with_swap_corpus("ui/pages/data.py")
    at.selectbox(key=state.TOKENIZER).set_value("char").run()
    at.number_input(key=state.VOCAB_SIZE).set_value(50).run()
    assert not at.exception and not at.warning  # no widget-default warning either
    at.switch_page("ui/pages/train.py").run()
    at.number_input[0].set_value(1)  # epochs
    at.segmented_control(key="kept.preset").set_value("tiny")
    next(b for b in at.button if b.label == "Start training").click().run()
    run = at.session_state[state.TRAIN_RUN]
    run.join(timeout=120)
    assert run.translator.src_tok.kind == "char"
    assert run.cfg.vocab_size == 50


def test_the_data_page_says_how_many_pairs_exceed_the_length_limit():
    from seq2seq_core.config import MAX_LEN

    at = with_swap_corpus("ui/pages/data.py")
    at.selectbox(key=state.TOKENIZER).set_value("word").run()
    assert f"Length limit: {MAX_LEN} tokens per side. Every pair fits" in page_text(at)
    long = " ".join(["a"] * (MAX_LEN + 1))
    tsv = "".join(f"{a} {b}\t{b} {a}\n" for a in "abcdef" for b in "uvwxyz") + f"{long}\tx\n"
    at.session_state[state.CORPUS] = parse_corpus(tsv.encode())
    at.run()
    assert not at.exception, at.exception
    info = "\n".join(i.value for i in at.info)
    assert "**1 of 37 pairs** (2.7%) have a longer side" in info
    assert "leave them out (they are not cut)" in info


def test_the_train_pages_options_survive_a_visit_to_another_page():
    at = with_swap_corpus("ui/pages/train.py")
    at.number_input[0].set_value(7).run()  # epochs
    at.segmented_control(key="kept.preset").set_value("tiny").run()
    at.selectbox(key="kept.attn").set_value("general").run()
    at.switch_page("ui/pages/data.py").run()
    at.switch_page("ui/pages/train.py").run()
    assert not at.exception and not at.warning  # no widget-default warning either
    assert at.number_input[0].value == 7
    assert at.segmented_control(key="kept.preset").value == "tiny"
    assert at.selectbox(key="kept.attn").value == "general"
    assert at.number_input(key="kept.emb.tiny").value == 32  # the preset's own sizes


def test_another_corpus_starts_from_its_own_epochs():
    at = with_swap_corpus("ui/pages/train.py")  # 36 pairs: 60 epochs
    assert at.number_input[0].value == 60
    at.number_input[0].set_value(7).run()
    big = "".join(f"a {i}\tb {i}\n" for i in range(3000))
    at.session_state[state.CORPUS] = parse_corpus(big.encode())
    at.session_state[state.CORPUS_NAME] = "big.tsv"
    at.run()
    assert at.number_input[0].value == 5  # 3,000 pairs: the smallest default, not the 7


def test_options_that_do_not_fit_together_are_refused_in_the_pages_language():
    at = with_swap_corpus("ui/pages/train.py")
    at.session_state[state.LANG] = "ko"
    at.selectbox(key="kept.attn").set_value("none").run()
    at.checkbox(key="kept.feeding").check().run()
    assert not at.exception
    assert "어텐션이 있어야 합니다" in at.error[0].value
    assert not any(b.label == "학습 시작" for b in at.button)  # nothing to start


def test_a_run_says_its_corpus_when_another_corpus_was_picked_since():
    at = with_swap_corpus("ui/pages/train.py")
    at.number_input[0].set_value(1)  # epochs
    at.segmented_control(key="kept.preset").set_value("tiny")
    next(b for b in at.button if b.label == "Start training").click().run()
    at.session_state[state.TRAIN_RUN].join(timeout=120)
    at.run()
    assert not any("trained on" in i.value for i in at.info)  # the same corpus: nothing to say
    at.session_state[state.CORPUS_NAME] = "other.tsv"
    at.run()
    assert any(f"trained on **{literal('swap.tsv')}** (36 pairs)" in i.value for i in at.info)


def test_train_page_trains_a_tiny_model_and_opens_it():
    at = with_swap_corpus("ui/pages/train.py")
    at.number_input[0].set_value(2)  # epochs
    at.segmented_control(key="kept.preset").set_value("tiny")
    next(b for b in at.button if b.label == "Start training").click().run()
    assert not at.exception, at.exception
    run = at.session_state[state.TRAIN_RUN]
    run.join(timeout=120)
    assert run.status == "finished", run.message
    at.run()
    assert not at.exception
    assert run.history and run.history[-1]["epoch"] == 2
    assert "Loss after epoch 2: training " in page_text(at) and "nats per sentence" in page_text(at)
    best = run.trainer.best_epoch
    kept = f"weights of epoch {best}" if best == 1 else "weights of the last epoch, 2"
    assert best in (1, 2) and any(kept in i.value for i in at.info)
    labels = [b.label for b in at.button]
    assert "Start training" not in labels and "Start a new run (replaces this one)" in labels
    next(b for b in at.button if b.label == "Open in the explorer").click().run()
    assert not at.exception, at.exception  # the sidebar's model box was set in a callback
    assert at.session_state[state.MODEL] == resources.OWN
    assert at.session_state[state.OWN_MODEL] is run.translator


def test_teacher_mode_trains_the_teaching_model_at_the_chosen_size():
    from seq2seq_core import presets

    at = with_swap_corpus("ui/pages/train.py")
    at.session_state[state.TEACHER_MODE] = True
    at.run()
    assert not at.number_input  # the details are hidden
    at.segmented_control(key="kept.preset").set_value("tiny")
    next(b for b in at.button if b.label == "Start training").click().run()
    assert not at.exception, at.exception
    run = at.session_state[state.TRAIN_RUN]
    run.stop()
    run.join(timeout=120)
    model = run.translator.cfg.to_dict()
    wanted = presets.TEACHING.options(presets.SIZES["tiny"])
    assert {k: model[k] for k in wanted} == wanted == {
        "emb": 32, "hidden": 64, "layers": 1, "rnn": "gru", "bidirectional": True,
        "attention": "additive", "decoder_style": "luong", "luong_input_feeding": False,
    }  # fmt: skip
    cfg = run.cfg  # the corpus has 36 pairs
    assert (cfg.epochs, cfg.batch_size, cfg.lr, cfg.teacher_forcing) == (60, 16, 3e-3, 1.0)


def test_a_lesson_link_opens_the_same_view():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"model": "reverse", "sentence": "3 1 2", "step": "2", "lang": "ko",
                            "teacher": "1"})  # fmt: skip
    at.run()
    assert not at.exception, at.exception
    assert at.session_state[state.MODEL] == "reverse"
    assert at.session_state[state.STEP] == 2
    assert at.session_state[state.TEACHER_MODE] is True
    assert "2 1 3" in page_text(at)
    assert at.title[0].value == "토큰 하나씩 디코딩하기"
    assert at.query_params["model"] == "reverse"  # the link stays in the address bar


@pytest.mark.parametrize("step", ["²", "١٢", "１２", "-1", "99999999999999999999"])
def test_a_lesson_link_with_a_strange_step_opens_and_reloads(step):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"model": "reverse", "sentence": "3 1 2", "step": step})
    at.run()
    assert not at.exception, at.exception
    assert at.session_state[state.STEP] == 1 and "2 1 3" in page_text(at)
    at.run()  # a reload
    assert not at.exception, at.exception


def test_the_player_links_to_the_current_step():
    """The player appends `step=N` to its link in the browser; the server gives the link
    without the step, as the sidebar's."""
    at = _app()
    at.text_input(key=state.SENTENCE).set_value("She reads a book in the library.").run()
    link = mounted_player(open_tab(at, "tab_decoder"))["link"]
    assert "model=en-ko-attention" in link and "sentence=" in link and "step=" not in link
    codes = [c.value for c in at.code]
    assert any("sentence=" in c and "step=" not in c for c in codes)  # the sidebar's: the page


def test_a_korean_link_names_the_pages_in_korean_at_once():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = "ko"
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "토큰 하나씩 디코딩하기"
    assert at.session_state[state.LANG] == "ko"


def _sample_in_columns(at) -> bool:
    """Whether the Data page's sample table is drawn inside a column of the main area."""
    found = []

    def walk(node, in_column: bool) -> None:
        kind = type(node).__name__
        if kind == "Dataframe" and in_column:
            found.append(node)
        for child in getattr(node, "children", {}).values():
            walk(child, in_column or kind == "Column")

    walk(at.main, False)
    return bool(found)


def test_data_pages_sample_takes_the_whole_width_in_large_text():
    at = _app()
    at.switch_page("ui/pages/data.py").run()
    next(b for b in at.button if b.label == "Use this corpus").click().run()
    assert _sample_in_columns(at)  # normal text: beside the length histogram
    at.session_state[state.LARGE_TEXT] = True
    at.run()
    assert not at.exception and len(at.dataframe) == 1
    assert not _sample_in_columns(at)  # large text: below it, across the page
