"""The audit's answer to the four questions, per system: the worst result of its rules.

Only the public Report API is read (``Report.rules``, ``Report.rows``, ``SystemRow.kept``), so
the report model can change underneath (issue 14) as long as those stay. The audit must keep
every result (``include_passing``): a question with no kept result would otherwise read as
"no rule", not as "passes".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from frtaudit.model import HEADLINE_QUESTIONS, Outcome, Question, Report, SystemRow

#: From worst to best: the answer to a question is the first of these any of its rules gave.
WORST_FIRST: Final = (
    Outcome.FAIL,
    Outcome.UNKNOWN,
    Outcome.NEEDS_REVIEW,
    Outcome.WAIVED,
    Outcome.NOT_IN_FORCE,
    Outcome.PASS,
    Outcome.NOT_APPLICABLE,
)
_RANK: Final = {o: i for i, o in enumerate(WORST_FIRST)}
#: A question none of the selected rules answers for this system.
NOT_ASSESSED: Final = "not_assessed"


def rule_questions(report: Report) -> dict[str, Question]:
    """Rule ID -> the question it helps answer."""
    return {rule.id: rule.question for rule in report.rules}


def answers(row: SystemRow, questions: Mapping[str, Question]) -> dict[str, str]:
    """Headline question -> worst outcome value of its rules for this system (or not_assessed).

    Advisory results count like the others: the public is told what the audit found, not
    what fails a build.
    """
    worst: dict[Question, Outcome] = {}
    for result in row.kept:
        question = questions.get(result.rule_id)
        if question is None or not question.headline:
            continue
        seen = worst.get(question)
        if seen is None or _RANK[result.outcome] < _RANK[seen]:
            worst[question] = result.outcome
    return {q.value: worst[q].value if q in worst else NOT_ASSESSED for q in HEADLINE_QUESTIONS}
