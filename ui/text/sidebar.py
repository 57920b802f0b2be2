"""English and Korean for the sidebar's own controls: large text and the warning that a
lesson link points to localhost (its shared words are in common)."""

STRINGS: dict[str, dict[str, str]] = {
    "large_text": {"en": "Large text", "ko": "큰 글씨"},
    "link_local": {
        "en": "The lesson link points to this computer (localhost): students cannot open it. "
        "Start the app with the address students use in the environment variable "
        "`{env}=http://<this computer's address>:8501`, or set the Streamlit secret "
        "`public_url`.",
        "ko": "수업 링크가 이 컴퓨터(localhost)를 가리킵니다. 학생들은 열 수 없습니다. "
        "학생들이 접속할 주소를 환경 변수 `{env}=http://<이 컴퓨터의 주소>:8501`로 주고 "
        "앱을 시작하거나, Streamlit 시크릿 `public_url`로 설정하세요.",
    },
    "large_text_help": {
        "en": "Larger text in every figure and on the page, to be read from the back of "
        "a classroom (on by default in teacher mode).",
        "ko": "강의실 뒤에서도 읽을 수 있도록 모든 그림과 페이지의 글씨를 키웁니다 "
        "(교사 모드에서는 기본으로 켜짐).",
    },
}
