"""``frtaudit rules`` and ``frtaudit explain``: the rule catalogue for people and programs."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from frtaudit.i18n import Catalog, catalog
from frtaudit.model import Rule

DOC_PARTS = ("checks", "why", "fix", "limits")


def rule_record(rule: Rule, cat: Catalog) -> dict[str, Any]:
    """The JSON form of a rule (``frtaudit rules --format json``)."""
    return {
        "id": rule.id,
        "title": cat.rule(rule.id, "title"),
        "severity": rule.severity.label,
        "profiles": list(rule.profiles),
        "citations": [cat.citation(c.source, c.pinpoint) for c in rule.citations],
        "automated": rule.automated,
        "waivable": rule.waivable,
        "fail_closed": rule.fail_closed,
        "advisory": rule.advisory,
        "soft_law": rule.soft_law,
        "in_force_from": rule.in_force_from.isoformat() if rule.in_force_from else None,
        "question": rule.question.value,
        "headline": rule.headline,
    }


def print_rules(rules: Sequence[Rule], fmt: str, lang: str, out: TextIO) -> None:
    """List ``rules`` as a table or JSON, with coverage."""
    cat = catalog(lang)
    if fmt == "json":
        json.dump([rule_record(r, cat) for r in rules], out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    from rich.table import Table
    from rich.text import Text

    from frtaudit.report.terminal import make_console

    con = make_console(out)
    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column(cat.t("rules_cmd.col_id"), no_wrap=True)
    table.add_column(cat.t("rules_cmd.col_severity"), no_wrap=True)
    table.add_column(cat.t("rules_cmd.col_profiles"))
    table.add_column(cat.t("rules_cmd.col_title"), ratio=1)
    for r in rules:
        table.add_row(
            Text(r.id),
            Text(cat.t(f"severity.{r.severity.label}")),
            Text(",".join(r.profiles)),
            Text(cat.rule(r.id, "title") + ("" if r.automated else " [R]")),
        )
    con.print(table)
    automated = sum(r.automated for r in rules)
    con.print(
        Text(
            cat.t(
                "rules_cmd.coverage",
                total=len(rules),
                automated=automated,
                review=len(rules) - automated,
            )
        )
    )


def explain_text(rule: Rule, cat: Catalog) -> str:
    """The rule's doc as Markdown: checks, why, examples, fix, references, limits."""
    parts = [f"# {rule.id}: {cat.rule(rule.id, 'title')}", ""]
    parts.append(
        f"**{cat.t('explain.severity')}:** {cat.t('severity.' + rule.severity.label)}  "
        f"**{cat.t('explain.profiles')}:** {', '.join(rule.profiles)}"
    )
    if not rule.waivable:
        parts += ["", cat.t("explain.waivable_no")]
    if not rule.automated:
        parts += ["", cat.t("explain.manual")]
    if rule.soft_law:
        parts += ["", cat.t("explain.soft_law")]
    for part, heading in (("checks", "checks"), ("why", "why")):
        parts += ["", f"## {cat.t('explain.' + heading)}", "", cat.rule(rule.id, part)]
    if rule.example_fail:
        parts += ["", f"## {cat.t('explain.example')}", "", "```toml", rule.example_fail, "```"]
    if rule.example_pass:
        parts += ["", f"## {cat.t('explain.use_instead')}", "", "```toml", rule.example_pass, "```"]
    parts += ["", f"## {cat.t('explain.fix')}", "", cat.rule(rule.id, "fix")]
    parts += ["", f"## {cat.t('explain.references')}", ""]
    parts += [f"- {cat.citation(c.source, c.pinpoint)}" for c in rule.citations]
    parts += ["", f"## {cat.t('explain.limits')}", "", cat.rule(rule.id, "limits")]
    silence = cat.raw(f"rule.{rule.id}.silence")
    parts += [
        "",
        f"## {cat.t('explain.silence')}",
        "",
        silence if isinstance(silence, str) else cat.t("explain.silence_default"),
    ]
    uncertain = cat.raw(f"rule.{rule.id}.uncertain")
    if isinstance(uncertain, str):
        parts += ["", f"## {cat.t('explain.uncertain')}", "", uncertain]
    return "\n".join(parts) + "\n"


def explain(rule: Rule, lang: str, out: TextIO) -> None:
    """Print the rule's doc (plain Markdown, readable as is and in a pipe)."""
    out.write(explain_text(rule, catalog(lang)))
