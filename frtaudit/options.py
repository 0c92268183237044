"""Turn command-line words into library values; every mistake is a UsageError (exit 2)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from frtaudit.errors import UsageError
from frtaudit.model import Rule, Severity
from frtaudit.profiles import PROFILES, default_params, parse_param


def split_list(values: Iterable[str] | None) -> tuple[str, ...]:
    """``--profile a,b --profile c`` -> ``("a", "b", "c")``; blanks dropped, order kept."""
    out: list[str] = []
    for value in values or ():
        for part in value.split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return tuple(out)


def parse_as_of(text: str | None, today: date) -> date:
    """``--as-of YYYY-MM-DD``; the machine's date only when the option is absent."""
    if text is None:
        return today
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError("bad_date_option", value=text) from None


def parse_profiles(values: Iterable[str] | None) -> tuple[str, ...]:
    """Validated profile names (default ``nhrck``)."""
    names = split_list(values) or ("nhrck",)
    for name in names:
        if name not in PROFILES:
            raise UsageError("unknown_profile", name=name, choices=", ".join(PROFILES))
    return names


def parse_params(values: Iterable[str] | None, profiles: tuple[str, ...]) -> dict[str, Any]:
    """Profile defaults overridden by ``--param name=value``."""
    params = default_params(profiles)
    for text in values or ():
        name, sep, value = text.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError("bad_param_syntax_full", text=text)
        try:
            params[name] = parse_param(name, value, profiles)
        except KeyError:
            raise UsageError(
                "bad_param_unknown", name=name, known=", ".join(sorted(params))
            ) from None
        except ValueError:
            raise UsageError("bad_param_value", name=name, value=value) from None
    return params


def parse_severity(text: str) -> Severity:
    """``--fail-on`` value."""
    try:
        return Severity.parse(text)
    except ValueError:
        raise UsageError("bad_severity", value=text) from None


def render_options(csv_bom: bool, timestamp: bool) -> dict[str, Any]:
    """Presentation switches for renderers; a timestamp only when asked (determinism)."""
    opts: dict[str, Any] = {"csv_bom": csv_bom}
    if timestamp:
        from datetime import UTC, datetime

        opts["timestamp"] = datetime.now(UTC).replace(microsecond=0).isoformat()
    return opts


def check_patterns(rules: Mapping[str, Rule], patterns: Sequence[str]) -> None:
    """Every ``--select``/``--ignore`` pattern must match some rule."""
    from frtaudit.engine import unknown_patterns

    bad = unknown_patterns(rules, patterns)
    if bad:
        raise UsageError("unknown_rule", pattern=bad[0])
