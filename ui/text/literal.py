"""Text that comes from a file or a student, made inert where the app renders markup.

Streamlit renders Markdown in st.markdown, st.caption, st.info/warning/error/success,
headings, progress texts and every widget label (GitHub-flavoured Markdown, plus its own
`$...$` LaTeX, `:red[...]` colour directives, `:emoji:` short codes and `:material/...:`
icons). A corpus sentence, a token of an uploaded model's vocabulary, a file name or a
typed sentence is data: `[click](http://...)` must not become a link, `![](http://...)`
must not make every viewer's browser fetch an address, `<img ...>` must not be HTML. Plotly
interprets a few HTML tags in any text it draws (`<a href>`, `<b>`, `<span style>`, `<br>`)
and HTML entities. No Streamlit here: figure builders and tests use it too.
"""

from __future__ import annotations

import re
import string
import unicodedata

# CommonMark lets a backslash escape any ASCII punctuation character, which then stands for
# itself: every construct (links, images, emphasis, code, HTML, entities, autolinks, math,
# directives, emoji codes, Streamlit's ":material/" rewrite) needs at least one of them.
_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\u0085\u2028\u2029]+")
# GitHub's autolinks (http://..., www...., a@b.c) are found in the parsed text, after
# escapes are resolved: a word joiner (U+2060, invisible) breaks their patterns.
_AUTOLINK = re.compile(r"(?i)(https?:|www(?=\.)|@)")


def literal(text: object) -> str:
    """`text` as Markdown source that Streamlit shows character for character: every ASCII
    punctuation character backslash-escaped, line breaks as spaces (a line break could
    start a heading, a list or a code block), its ends guarded (`guard_ends`) so that it
    can sit inside emphasis. Use it for every untrusted value placed in Markdown, including
    labels of widgets and `t(...)` parameters."""
    text = _AUTOLINK.sub("\\1\u2060", _LINE_BREAKS.sub(" ", str(text)))
    return guard_ends(_PUNCTUATION.sub(r"\\\1", text))


# A word joiner: invisible, and to Markdown neither whitespace nor punctuation.
_JOINER = "\u2060"


def _loose(c: str) -> bool:
    """Whether Markdown counts `c` as whitespace or punctuation at the edge of emphasis."""
    return c.isspace() or unicodedata.category(c)[0] in "PSZ" or c == "\\"


def guard_ends(markdown: str) -> str:
    """`markdown` with a word joiner before it if it starts, and after it if it ends, with
    whitespace or punctuation. CommonMark lets `**` open only before a letter (or after
    a space) and close only after one (or before a space or punctuation): written as
    `**{tok}**이고`, a token ending in a code span, a `.` or a space left the asterisks
    on the page ("** ▁달리지 **이고"). The joiner stands in for a letter at each end."""
    if markdown and _loose(markdown[0]):
        markdown = _JOINER + markdown
    if markdown and _loose(markdown[-1]):
        markdown += _JOINER
    return markdown


def literal_code(text: object) -> str:
    """`text` as an inline code span (a token shown as code), shown literally. Inside a code
    span nothing is interpreted, but Streamlit rewrites ":material/" in the raw source
    before parsing, so such a text falls back to `literal` (plain, escaped text)."""
    s = _LINE_BREAKS.sub(" ", str(text))
    if not s.strip() or ":material/" in s:
        return literal(s)
    fence = "`" * (max((len(run) for run in re.findall("`+", s)), default=0) + 1)
    pad = " " if s.startswith("`") or s.endswith("`") else ""
    return guard_ends(f"{fence}{pad}{s}{pad}{fence}")


def plot_literal(text: object) -> str:
    """`text` for plotly (tick labels, annotations, hover texts, titles, legend names):
    plotly draws `<a href>`, `<b>`, `<span style>`, `<br>` and decodes `&amp;`, `&lt;`,
    `&gt;` and numeric entities, so `&`, `<` and `>` become entities and the text is drawn
    as it is."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
