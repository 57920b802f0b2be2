"""English and Korean shared by every page: the app's title, the page names, the model
picker, teacher mode and the lesson link."""

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"en": "Seq2seq with attention", "ko": "어텐션을 쓰는 Seq2seq"},
    "language": {"en": "Language / 언어", "ko": "언어 / Language"},
    "model": {"en": "Model", "ko": "모델"},
    "own_model": {"en": "your model: {name}", "ko": "내 모델: {name}"},
    "lesson_model": {
        "en": "{name} (weaker on purpose: shows mistakes)",
        "ko": "{name} (일부러 약하게: 실수를 보여 줌)",
    },
    "lesson_pick": {"en": "Lesson example", "ko": "수업용 예문"},
    "no_attention": {
        "en": "This model has no attention: every step sees only the decoder's own hidden "
        "state, which started as the encoded hidden vector.",
        "ko": "이 모델에는 어텐션이 없습니다: 모든 시점은 디코더 자신의 은닉 상태만 보며, "
        "그 상태는 인코딩된 은닉 벡터에서 시작했습니다.",
    },
    "reference": {"en": "reference", "ko": "정답"},
    "translation": {"en": "Translation", "ko": "번역 결과"},
    "teacher_mode": {"en": "Teacher mode", "ko": "교사 모드"},
    "teacher_help": {
        "en": "Hides advanced controls so the projector shows only the lesson.",
        "ko": "고급 설정을 숨겨 프로젝터에는 수업 내용만 보이게 합니다.",
    },
    "share": {"en": "🔗 Link to this view", "ko": "🔗 이 화면의 링크"},
    "share_help": {
        "en": "Put this link on a slide: it opens this page with the same model, sentence and language. The 🔗 beside the step navigator links to one decoder step.",
        "ko": "이 링크를 슬라이드에 넣으세요. 같은 모델, 문장, 언어로 이 페이지가 열립니다. 시점 이동 버튼 옆의 🔗는 디코딩의 한 시점으로 가는 링크입니다.",
    },
    "nav_explore": {"en": "Decode step by step", "ko": "토큰 하나씩 디코딩"},
    "nav_compare": {"en": "Attention, beam, loss", "ko": "어텐션, 빔, 손실"},
    "nav_experiments": {"en": "Experiments", "ko": "실험"},
    "nav_data": {"en": "Data", "ko": "데이터"},
    "nav_train": {"en": "Train", "ko": "학습"},
    "upload_button": {"en": "Upload", "ko": "파일 올리기"},
    "upload_drop": {"en": "Drop the file here", "ko": "여기에 파일을 놓으세요"},
    "upload_limit": {
        "en": "At most {mb} MB per file.",
        "ko": "파일 하나에 최대 {mb}MB까지 올릴 수 있습니다.",
    },
    "no_model": {
        "en": "No model is available yet: train one on the Train page.",
        "ko": "아직 모델이 없습니다. 학습 페이지에서 모델을 학습하세요.",
    },
    # the server this browser last spoke to restarted (ui/state/classroom.py, issue 28)
    "restart_lost_run": {
        "en": "The server restarted, and your training run was lost with it. Start it again on "
        "the Train page.",
        "ko": "서버가 다시 시작되어 진행 중이던 학습이 사라졌습니다. 학습 페이지에서 다시 "
        "시작하세요.",
    },
    "restart_lost_model": {
        "en": "The server restarted, and the model you trained or uploaded was lost with it. "
        "Train it again, or upload the file you downloaded.",
        "ko": "서버가 다시 시작되어 내가 학습하거나 올린 모델이 사라졌습니다. 다시 학습하거나, "
        "내려받아 둔 파일을 올리세요.",
    },
}
