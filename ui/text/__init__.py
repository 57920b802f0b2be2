"""The interface's text in English and Korean: the string table and `t` (i18n), each page's
strings (explore, train, experiments; registered at import), and the engine's message codes
translated (engine_messages)."""
