"""The engine's messages to a teacher, in the interface's language.

seq2seq_core never imports the UI: it raises `CorpusError(code, **params)` and
`CheckpointError(code, **params)` and records `SkippedLine(code, params)`, with English text
made from its own tables (corpus.MESSAGES, corpus.REASONS, corpus.FILE_KINDS,
checkpoint.MESSAGES), which the command line prints; a `ConfigError` of options that do not
fit together carries a code of config.COMBINATIONS. Here the same codes get Korean;
English is the engine's own text. tests/ui/text/test_i18n.py checks every code has Korean.
"""

from __future__ import annotations

from seq2seq_core.checkpoints.checkpoint import CheckpointError
from seq2seq_core.config import ConfigError
from seq2seq_core.data.corpus import CorpusError, SkippedLine

KO_MESSAGES = {
    "too_big": "파일이 {size:,}바이트로, 한도 {limit:,}바이트({limit_mb} MB)를 넘습니다. "
    "더 작은 말뭉치를 쓰세요.",
    "empty": "빈 파일입니다.",
    "not_text_kind": "{kind_text}(으)로 보입니다. 문장 쌍이 담긴 텍스트 파일이 아닙니다.",
    "bad_bom": "파일이 {encoding} 바이트 순서 표시(BOM)로 시작하지만 올바른 {encoding} "
    "텍스트가 아닙니다.",
    "binary": "바이너리 파일입니다 (NUL 바이트가 들어 있고 UTF-16이나 UTF-32 텍스트도 "
    "아님). 텍스트 파일이 아닙니다.",
    "not_text": "텍스트 파일이 아닙니다: 대부분이 UTF-8이나 흔히 쓰는 인코딩의 텍스트가 아닙니다.",
    "line_counts": "원문 파일은 {src}줄, 번역문 파일은 {tgt}줄입니다. 병렬 파일은 줄마다 "
    "서로 대응해야 하므로 줄 수가 같아야 합니다.",
    "too_many_pairs": "문장 쌍이 {max_pairs:,}개를 넘습니다. 수업용 모델은 그보다 적은 "
    "문장으로 학습합니다. 더 작은 말뭉치를 쓰세요.",
    "no_pairs": "파일에 문장 쌍이 없습니다.",
    "nothing_usable": "쓸 수 있는 문장 쌍이 없습니다: {reason} ({lines}번째 줄). 각 줄에는 "
    "원문, 탭(.csv 파일은 쉼표), 번역문이 있어야 합니다.",
    "file_too_big": "{name}은(는) {size:,}바이트로, 한도 {limit:,}바이트({limit_mb} MB)를 "
    "넘습니다. 더 작은 말뭉치를 쓰세요.",
    "mostly_unusable": "{total}줄 중 {count}줄을 쓸 수 없습니다: {reason} ({lines}번째 줄). "
    "파일 형식이 다른 것 같습니다. 각 줄에는 원문, 탭(.csv 파일은 쉼표), 번역문이 있어야 "
    "합니다.",
    "cannot_read": "{path}을(를) 읽을 수 없습니다: {why}",
    "read_too_big": "{name}을(를) 읽어 보니 {limit:,}바이트가 넘어 한도({limit_mb} MB)를 "
    "넘습니다: 파일 크기 정보보다 내용이 많거나 읽는 동안 파일이 커졌습니다. 더 작은 말뭉치를 "
    "쓰세요.",
}
KO_KINDS = {
    "zip": "ZIP 압축 파일(또는 .docx/.xlsx 문서)",
    "pdf": "PDF 문서",
    "png": "PNG 이미지",
    "jpeg": "JPEG 이미지",
    "gif": "GIF 이미지",
    "gzip": "gzip 압축 파일",
    "office": "옛 Microsoft Office 문서",
}
KO_REASONS = {
    "bad_encoding": "UTF-8이나 {encoding} 텍스트가 아님",
    "no_tab": "원문과 번역문 사이에 탭이 없음",
    "bad_csv": "올바른 CSV 줄이 아님 ({error})",
    "no_comma": "원문과 번역문 사이에 쉼표가 없음",
    "unclosed_quote": "여기서 열린 따옴표 필드가 닫히지 않음",
    "empty_source": "원문이 비어 있음",
    "empty_target": "번역문이 비어 있음",
    "invisible_source": "원문에 보이지 않는 문자(폭 없는 문자나 결합 부호)만 있음",
    "invisible_target": "번역문에 보이지 않는 문자(폭 없는 문자나 결합 부호)만 있음",
    "too_long": "문장이 {length}자 (한도 {cap}자)",
}


def skip_reason(line: SkippedLine, lang: str) -> str:
    """Why a line was not used, in `lang` ("en" or "ko")."""
    if lang != "ko" or line.code not in KO_REASONS:
        return line.reason
    return KO_REASONS[line.code].format(**line.params)


def corpus_error(error: CorpusError, lang: str) -> str:
    """The one sentence a CorpusError says, in `lang` ("en" or "ko")."""
    if lang != "ko" or error.code not in KO_MESSAGES:
        return str(error)
    params = dict(error.params)
    if error.code == "not_text_kind":
        params["kind_text"] = KO_KINDS.get(params["kind"], params["kind_text"])
    if error.code in ("nothing_usable", "mostly_unusable"):
        params["reason"] = skip_reason(params["skipped"], lang)
    return KO_MESSAGES[error.code].format(**params)


KO_CHECKPOINT = {
    "too_big": "{name}은(는) {mb:.1f} MB입니다. 이 앱의 모델 파일은 {cap_mb:.1f} MB까지입니다.",
    "cannot_read": "{path}을(를) 읽을 수 없습니다: {why}",
    "read_too_big": "{name}을(를) 읽어 보니 모델 파일 한도 {cap_mb:.1f} MB를 넘습니다 (파일 크기 "
    "정보보다 내용이 많거나 읽는 동안 파일이 커졌습니다).",
    "pickle": "{name}은(는) pickle 방식의 PyTorch(.pt) 체크포인트입니다. 불러오면 코드가 "
    "실행될 수 있어 거부합니다. 이 앱이 저장한 .safetensors 모델을 쓰세요.",
    "too_short": "{name}은(는) 모델 파일이 아닙니다 (너무 짧음).",
    "bad_header": "{name}은(는) 올바른 모델 파일이 아닙니다: 잘렸거나 헤더가 손상되었습니다.",
    "not_safetensors": "{name}은(는) 올바른 safetensors 모델 파일이 아닙니다 ({detail}).",
    "not_ours": "{name}은(는) safetensors 파일이지만 이 앱이 저장한 모델이 아닙니다.",
    "version": "{name}의 체크포인트 형식 버전은 {found!r}입니다. 이 앱은 버전 {wanted}을(를) "
    "읽습니다.",
    "damaged": "{name}의 모델 설명이 손상되었습니다 ({detail}).",
    "vocab_mismatch": "{name}: 토크나이저가 모델의 어휘 크기와 맞지 않습니다.",
    "too_many_parameters": "{name}은(는) 매개변수 {count:,}개짜리 모델을 설명합니다. 이 앱의 "
    "모델은 {cap:,}개까지입니다.",
    "too_deep": "{name}은(는) 올바른 모델 파일이 아닙니다: 헤더가 너무 깊이 중첩되어 있습니다.",
    "too_many_values": "{name}: {part}에 값(목록, 표, 글, 숫자)이 {cap:,}개보다 많습니다. 이 "
    "앱이 저장한 모델 파일에는 훨씬 적으므로 파일을 거부합니다.",
    "too_long": "{name}: {part}의 길이가 {size:,}자입니다. 이 앱이 저장한 모델 파일은 "
    "{cap:,}자까지이므로 파일을 거부합니다.",
    "unknown_entry": "{name}: 메타데이터에 이 앱이 쓰지 않는 항목 {key!r}이(가) 있어 파일을 "
    "거부합니다.",
    "weights_mismatch": "{name}: 가중치가 모델 설명과 맞지 않습니다 (없는 것 {missing}, "
    "남는 것 {extra}).",
    "weight_shape": "{name}: 가중치 {key}의 모양이 {shape}입니다. {expected}이어야 합니다.",
    "weight_type": "{name}: 가중치 {key}의 자료형이 {dtype}입니다. 가중치는 float32, float16, "
    "bfloat16이어야 합니다.",
    "weight_not_finite": "{name}: 가중치 {key}에 숫자가 아닌 값(NaN)이나 무한대 값이 {count:,}개 "
    "있습니다. 여기서 학습한 모델에는 없는 값이라 파일을 거부합니다.",
    "weight_too_large": "{name}: 가중치 {key}에 {value:.3g}라는 값이 있습니다. 학습된 가중치는 "
    "{cap:g}보다 훨씬 작으므로 파일을 거부합니다.",
    "no_shipped": "{name!r}라는 내장 모델이 없습니다.",
}


# The parts of a model file's header a message names (checkpoint_meta.PARTS)
KO_PARTS = {
    "header": "헤더",
    "header_text": "헤더 안의 글",
    "format": "형식 이름",
    "format_version": "형식 버전",
    "model_config": "모델 설명",
    "src_tokenizer": "원문 토크나이저",
    "tgt_tokenizer": "번역문 토크나이저",
    "meta": "학습 기록(meta)",
}


def checkpoint_error(error: CheckpointError, lang: str) -> str:
    """Why a file is not a model, in `lang` ("en" or "ko")."""
    if lang != "ko" or error.code not in KO_CHECKPOINT:
        return str(error)
    params = dict(error.params)
    if "part_code" in params:
        params["part"] = KO_PARTS[params["part_code"]]
    return KO_CHECKPOINT[error.code].format(**params)


KO_CONFIG = {
    "feeding_needs_attention": "입력 피딩은 어텐션 벡터(h̃)를 다음 입력에 넣는 것이라 "
    "어텐션이 있어야 합니다",
    "dot_needs_same_size": "dot 어텐션은 디코더 상태와 인코더 출력을 그대로 곱하므로 크기가 "
    "같아야 합니다: 단방향 인코더를 쓰거나 'general' 어텐션을 고르세요",
    "feeding_is_luong": "입력 피딩(Luong 3.3절)은 luong 디코더 방식에만 있습니다",
    "too_many_parameters": "이 모델은 매개변수가 {count:,}개가 됩니다. 여기서는 {cap:,}개까지만 "
    "쓸 수 있습니다: 어휘, 임베딩 크기나 은닉 크기를 줄이거나 층을 줄이세요",
}


def config_error(error: ConfigError, lang: str) -> str:
    """Why options do not fit together, in `lang` ("en" or "ko")."""
    if lang != "ko" or error.code not in KO_CONFIG:
        return str(error)
    return KO_CONFIG[error.code].format(**getattr(error, "params", {}))
