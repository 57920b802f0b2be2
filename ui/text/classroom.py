"""English and Korean for the class together (issue 29): the class service's refusals
(`cls_err_<code>` for every code of ui/services/classroom/errors.py CODES) and the class
pages' words (keys `cls_...`)."""

STRINGS = {
    # --- the class service's refusals (ClassError codes) ---
    "cls_err_no_class": {
        "en": "There is no class with this code. Check the code, or ask the teacher for the link.",
        "ko": "이 코드의 수업이 없습니다. 코드를 확인하거나 선생님께 링크를 받으세요.",
    },
    "cls_err_wrong_key": {
        "en": "Only the teacher of this class can do that.",
        "ko": "이 수업의 선생님만 할 수 있습니다.",
    },
    "cls_err_not_student": {
        "en": "This browser has not joined the class. Join it again from the class link.",
        "ko": "이 브라우저는 수업에 참여하지 않았습니다. 수업 링크로 다시 참여하세요.",
    },
    "cls_err_bad_nickname": {
        "en": "A nickname may hold letters, digits, spaces and _ - . only.",
        "ko": "별명에는 글자, 숫자, 공백과 _ - . 만 쓸 수 있습니다.",
    },
    "cls_err_nickname_too_long": {
        "en": "A nickname may be at most {limit:character} long.",
        "ko": "별명은 {limit}자까지 쓸 수 있습니다.",
    },
    "cls_err_class_full": {
        "en": "The class is full ({limit:student}).",
        "ko": "수업 인원이 다 찼습니다 ({limit}명).",
    },
    "cls_err_bad_lesson": {
        "en": "A lesson's name must be text of at most {limit:character}.",
        "ko": "수업 이름은 1자에서 {limit}자까지의 글이어야 합니다.",
    },
    "cls_err_bad_question": {
        "en": "This question cannot be asked: {why}.",
        "ko": "이 질문은 낼 수 없습니다: {why}.",
    },
    "cls_err_no_question": {
        "en": "This question is not the class's current question any more.",
        "ko": "이 질문은 이제 수업의 현재 질문이 아닙니다.",
    },
    "cls_err_question_closed": {
        "en": "The teacher has closed this question: answers can no longer change.",
        "ko": "선생님이 이 질문을 닫았습니다. 이제 답을 바꿀 수 없습니다.",
    },
    "cls_err_bad_answer": {
        "en": "Write an answer (plain text, no control characters).",
        "ko": "답을 쓰세요 (제어 문자가 없는 일반 글자).",
    },
    "cls_err_answer_too_long": {
        "en": "An answer may be at most {limit:character} long.",
        "ko": "답은 {limit}자까지 쓸 수 있습니다.",
    },
    "cls_err_flood": {
        "en": "Too many answers at once (more than {calls} in {seconds} s). Wait a moment.",
        "ko": "답을 너무 자주 보냈습니다 ({seconds}초에 {calls}번 넘게). 잠시 기다리세요.",
    },
    "cls_err_bad_name": {
        "en": "A model's name must be 1 to {limit:character}: letters, digits, spaces, _ - .",
        "ko": "모델 이름은 글자, 숫자, 공백, _ - . 로 1자에서 {limit}자까지입니다.",
    },
    "cls_err_bad_scores": {
        "en": "The scores are out of range (exact match 0 to 1, BLEU 0 to 100).",
        "ko": "점수가 범위를 벗어났습니다 (완전 일치 0~1, BLEU 0~100).",
    },
    "cls_err_model_too_big": {
        "en": "The model file is {size:byte}, over the limit of {limit:byte}.",
        "ko": "모델 파일이 {size:,}바이트로, 한도 {limit:,}바이트를 넘습니다.",
    },
    "cls_err_board_full": {
        "en": "The class board is full. The teacher can end the class to start a new board.",
        "ko": "수업 게시판이 가득 찼습니다. 선생님이 수업을 끝내면 새 게시판이 시작됩니다.",
    },
    "cls_err_too_many_models": {
        "en": "You have published {limit:model}. Take one off the board first.",
        "ko": "모델을 이미 {limit}개 올렸습니다. 먼저 하나를 내리세요.",
    },
    "cls_err_no_model": {
        "en": "This model is not on the class board.",
        "ko": "이 모델은 수업 게시판에 없습니다.",
    },
    "cls_err_unavailable": {
        "en": "The class database cannot be reached. Try again in a moment.",
        "ko": "수업 데이터베이스에 연결할 수 없습니다. 잠시 뒤에 다시 해 보세요.",
    },
    # --- the class pages (ui/pages/classroom.py, ui/sections/classroom_*.py) ---
    "nav_classroom": {"en": "Class", "ko": "수업"},
    "cls_title": {"en": "The class together", "ko": "함께하는 수업"},
    "cls_intro": {
        "en": "Scan the QR code on the teacher's screen, or type the class code here.",
        "ko": "선생님 화면의 QR 코드를 찍거나, 여기에 수업 코드를 입력하세요.",
    },
    "cls_code": {"en": "Class code", "ko": "수업 코드"},
    "cls_go": {"en": "Go to the class", "ko": "수업으로 가기"},
    "cls_bad_code": {
        "en": "That is not a class code (six letters and digits, such as K7QM2X).",
        "ko": "수업 코드가 아닙니다 (K7QM2X처럼 글자와 숫자 여섯 자).",
    },
    "cls_teacher_start": {
        "en": "Teaching? Start a class for the model in the sidebar: your students join "
        "by its QR code.",
        "ko": "가르치시나요? 사이드바의 모델로 수업을 시작하면 학생들이 QR 코드로 참여합니다.",
    },
    "cls_start": {"en": "Start a class", "ko": "수업 시작"},
    "cls_start_new": {"en": "Start a new class", "ko": "새 수업 시작"},
    "cls_teacher_title": {"en": "Class: {lesson}", "ko": "수업: {lesson}"},
    "cls_sidebar_class": {"en": "Class {code}", "ko": "수업 {code}"},
    "cls_open_page": {"en": "Open the class page", "ko": "수업 페이지 열기"},
    "cls_back_to": {"en": "Back to class {code}", "ko": "수업 {code}(으)로 돌아가기"},
    "cls_students": {"en": "Students joined", "ko": "참여한 학생"},
    "cls_how_to_ask": {
        "en": "Ask the class at any decoder step: the **Ask the class** button in the player "
        "of the Lecture page or of Decode ③.",
        "ko": "디코딩의 어느 시점에서든 물어보세요: 강의 페이지나 디코딩 ③의 플레이어에 "
        "있는 **반 전체에 묻기** 버튼.",
    },
    "cls_end": {"en": "End the class", "ko": "수업 끝내기"},
    "cls_end_help": {
        "en": "Ending the class deletes its students, answers and board for good.",
        "ko": "수업을 끝내면 학생, 답, 게시판이 모두 지워집니다.",
    },
    "cls_end_confirm": {"en": "End it now", "ko": "지금 끝내기"},
    "cls_ask": {"en": "Ask the class", "ko": "반 전체에 묻기"},
    "cls_asked": {
        "en": "Asked the class about decoder step {t}.",
        "ko": "디코딩 시점 {t}을(를) 반 전체에 물었습니다.",
    },
    "cls_no_question_yet": {
        "en": "No question yet.",
        "ko": "아직 질문이 없습니다.",
    },
    "cls_q_head": {
        "en": "**Step {t}** · {src} · fed so far: {fed} → **?**",
        "ko": "**시점 {t}** · {src} · 지금까지 넣은 토큰: {fed} → **?**",
    },
    "cls_state_open": {
        "en": "Open: {n:answer} so far, changeable until you close the question.",
        "ko": "받는 중: 지금까지 답 {n}개. 질문을 닫을 때까지 바꿀 수 있습니다.",
    },
    "cls_state_closed": {
        "en": "Closed: {n:answer}. Reveal to show the class beside the model.",
        "ko": "닫힘: 답 {n}개. 공개하면 반과 모델을 나란히 보여 줍니다.",
    },
    "cls_state_revealed": {
        "en": "Revealed: {n:answer}.",
        "ko": "공개됨: 답 {n}개.",
    },
    "cls_close": {"en": "Close the question", "ko": "질문 닫기"},
    "cls_reveal": {"en": "Reveal", "ko": "공개"},
    "cls_reveal_legend": {
        "en": "The class's answers (share) beside the model's softmax at this step; ◀ the "
        "model's argmax, ✓ the reference's token.",
        "ko": "이 시점에서 반의 답(비율)과 모델의 소프트맥스를 나란히; ◀ 모델의 argmax, "
        "✓ 정답 문장의 토큰.",
    },
    "cls_other_rest": {"en": "something else (other texts)", "ko": "그 밖의 답 (다른 글)"},
    "cls_summary": {
        "en": "This sentence, step by step: the class and the model ({n:step})",
        "ko": "이 문장을 시점별로: 반과 모델 ({n}개 시점)",
    },
    "cls_col_step": {"en": "step", "ko": "시점"},
    "cls_col_class": {"en": "the class's answer", "ko": "반의 답"},
    "cls_col_model": {"en": "the model's argmax", "ko": "모델의 argmax"},
    "cls_col_reference": {"en": "reference", "ko": "정답"},
    "cls_fig_answers": {"en": "answers ({n} so far)", "ko": "답 (지금까지 {n}개)"},
    "cls_fig_class": {"en": "the class", "ko": "반"},
    "cls_fig_model": {"en": "the model (softmax)", "ko": "모델 (소프트맥스)"},
    "cls_fig_share": {
        "en": "share of the answers · probability",
        "ko": "답의 비율 · 확률",
    },
    "cls_fig_class_argmax": {
        "en": "the class chose the argmax",
        "ko": "반이 argmax를 고른 비율",
    },
    "cls_fig_model_argmax": {"en": "the model's p(argmax)", "ko": "모델의 p(argmax)"},
    "cls_fig_steps": {
        "en": "decoder step (the model's argmax)",
        "ko": "디코딩 시점 (모델의 argmax)",
    },
    # the student's view
    "cls_join_title": {
        "en": "Join the class {code} ({lesson})",
        "ko": "수업 {code} 참여 ({lesson})",
    },
    "cls_privacy": {
        "en": "No real name needed: pick a nickname, or leave it empty. Nothing else about "
        "you is stored, and nobody sees who answered what.",
        "ko": "실명은 필요 없습니다. 별명을 고르거나 비워 두세요. 그 밖에 여러분에 대해서는 "
        "아무것도 저장하지 않고, 누가 무엇을 답했는지는 아무도 볼 수 없습니다.",
    },
    "cls_nickname": {"en": "Nickname (optional)", "ko": "별명 (선택)"},
    "cls_nickname_hint": {"en": "e.g. owl 42", "ko": "예: 부엉이 42"},
    "cls_join": {"en": "Join", "ko": "참여하기"},
    "cls_you_are": {"en": "Class {code} · you are {nick}", "ko": "수업 {code} · 별명 {nick}"},
    "cls_wait": {
        "en": "Waiting for the teacher's question…",
        "ko": "선생님의 질문을 기다리는 중…",
    },
    "cls_q_src": {"en": "**Sentence:** {src}", "ko": "**문장:** {src}"},
    "cls_q_fed": {
        "en": "The decoder has been fed {fed}. **What comes next?**",
        "ko": "디코더에 {fed}까지 넣었습니다. **다음에 무엇이 올까요?**",
    },
    "cls_pick": {"en": "Tap your answer:", "ko": "답을 누르세요:"},
    "cls_other": {"en": "Something else", "ko": "다른 답"},
    "cls_send": {"en": "Send this answer", "ko": "이 답 보내기"},
    "cls_your_answer": {
        "en": "Your answer: {mine} (you can change it until the teacher closes the question)",
        "ko": "내 답: {mine} (선생님이 질문을 닫을 때까지 바꿀 수 있습니다)",
    },
    "cls_closed_wait": {
        "en": "Answers are closed (yours: {mine}). Wait for the reveal…",
        "ko": "답받기가 끝났습니다 (내 답: {mine}). 공개를 기다리세요…",
    },
    "cls_you_right": {
        "en": "You said {mine}: right! The model's argmax: {argmax}.",
        "ko": "내 답 {mine}: 정답! 모델의 argmax: {argmax}.",
    },
    "cls_you_said": {
        "en": "You said {mine}. The model's argmax: {argmax}.",
        "ko": "내 답 {mine}. 모델의 argmax: {argmax}.",
    },
    "cls_leave": {"en": "Leave the class", "ko": "수업 나가기"},
    # the class board
    "cls_board": {"en": "Class board", "ko": "수업 게시판"},
    "cls_board_empty": {
        "en": "No model published yet.",
        "ko": "아직 올라온 모델이 없습니다.",
    },
    "cls_board_needs_builtin": {
        "en": "The class board scores models on a built-in corpus's test split; this class "
        "works on another corpus.",
        "ko": "수업 게시판은 내장 말뭉치의 시험 데이터로 모델을 채점합니다. 이 수업은 다른 "
        "말뭉치를 씁니다.",
    },
    "cls_board_train_first": {
        "en": "Train a model on the corpus {corpus} (Train page) to publish it here.",
        "ko": "수업 말뭉치({corpus})로 모델을 학습하면(학습 페이지) 여기에 올릴 수 있습니다.",
    },
    "cls_board_name": {"en": "Your model's name", "ko": "내 모델의 이름"},
    "cls_board_optin": {
        "en": "Publishing is up to you: the class sees the model under your nickname {nick}, "
        "scored here on {corpus}'s held-out test split.",
        "ko": "올릴지는 여러분이 정합니다. 반 전체가 별명 {nick}(으)로 이 모델을 보고, "
        "점수는 여기서 {corpus}의 시험 데이터로 매깁니다.",
    },
    "cls_board_publish": {"en": "Publish my model to the class", "ko": "내 모델을 수업에 올리기"},
    "cls_board_published": {
        "en": "Published: exact match {em:.1%}, BLEU {bleu:.1f}.",
        "ko": "올렸습니다: 완전 일치 {em:.1%}, BLEU {bleu:.1f}.",
    },
    "cls_board_other_corpus": {
        "en": "Your model was not trained on the class corpus {corpus}.",
        "ko": "내 모델은 수업 말뭉치({corpus})로 학습한 모델이 아닙니다.",
    },
    "cls_board_row": {
        "en": "**{rank}.** {nick}: {name} · exact match {em:.1%} · BLEU {bleu:.1f}",
        "ko": "**{rank}.** {nick}: {name} · 완전 일치 {em:.1%} · BLEU {bleu:.1f}",
    },
    "cls_board_open": {"en": "Open in the explorer", "ko": "탐색기에서 열기"},
}
