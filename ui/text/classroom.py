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
    # --- the class pages (ui/pages, ui/sections: keys cls_...) ---
}
