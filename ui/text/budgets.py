"""Strings of the budgets (ui/services/training.py's one job per session, seq2seq_core/training/budget.py's
text cap and run memory estimate), English and Korean."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.text.i18n import t

if TYPE_CHECKING:  # loading the strings must not load torch (seq2seq_core.training.budget does)
    from seq2seq_core.training.budget import BudgetError

STRINGS: dict[str, dict[str, str]] = {
    "text_cut": {
        "en": "That text was cut to its first {n:character} (the longest text the app reads).",
        "ko": "글이 너무 길어 앞의 {n:,}자까지만 씁니다 (앱이 읽는 최대 길이).",
    },
    "run_over_budget": {
        "en": "This run would take about {estimate_mb:,} MB of memory, over the per-run budget "
        "of {budget_mb:,} MB, so it was not started. {change}",
        "ko": "이 학습은 메모리를 약 {estimate_mb:,} MB 쓸 것으로 예상되어, 학습 한 번의 한도 "
        "{budget_mb:,} MB를 넘으므로 시작하지 않았습니다. {change}",
    },
    "budget_fit_batch": {
        "en": "A batch size of at most {fit_batch:,} fits (now {batch:,}).",
        "ko": "배치 크기를 {fit_batch:,} 이하로 줄이면 됩니다 (지금 {batch:,}).",
    },
    "budget_fit_none": {
        "en": "Choose a smaller vocabulary (now {vocab:,}) or hidden size (now {hidden:,}).",
        "ko": "어휘 크기(지금 {vocab:,})나 은닉 크기(지금 {hidden:,})를 줄이세요.",
    },
    "one_job": {
        "en": "One training job per student: starting this one stops the one you started "
        "elsewhere (on the Train page or in an experiment), which is still running.",
        "ko": "학생마다 학습은 한 번에 하나입니다: 이것을 시작하면 다른 곳(학습 페이지나 실험)에서 "
        "시작해 아직 진행 중인 학습이 멈춥니다.",
    },
}


def budget_error(e: BudgetError, lang: str) -> str:
    """A run refused for memory, with the estimate and what to change, in `lang`."""
    p = e.params
    change = t("budget_fit_batch" if p.get("fit_batch") else "budget_fit_none", lang, **p)
    return t("run_over_budget", lang, change=change, **p)
