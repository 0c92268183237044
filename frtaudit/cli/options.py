"""Turn command-line words into library values; every mistake is a UsageError (exit 2)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from frtaudit.audit.profiles import PROFILES, default_params, parse_param
from frtaudit.errors import UsageError
from frtaudit.model import Rule, Severity


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


def param_pairs(values: Iterable[str] | None) -> dict[str, str]:
    """``--param a=1 --param b=2`` -> ``{"a": "1", "b": "2"}``."""
    out: dict[str, str] = {}
    for text in values or ():
        name, sep, value = text.partition("=")
        if not sep or not name.strip():
            raise UsageError("bad_param_syntax_full", text=text)
        out[name.strip()] = value
    return out


def parse_params(values: Mapping[str, Any], profiles: tuple[str, ...]) -> dict[str, Any]:
    """Profile defaults overridden by the given ``name -> value`` (strings or TOML values)."""
    params = default_params(profiles)
    for name, raw in values.items():
        value = str(raw).lower() if isinstance(raw, bool) else str(raw)
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


def scan_request(
    paths: Sequence[str], settings: Any, as_of: str | None, today: date, env_lang: str
) -> Any:
    """A checked ScanRequest from effective settings (command line, env, file, defaults)."""
    from frtaudit.rules import RULES
    from frtaudit.scan import ScanRequest

    profiles = parse_profiles(settings["profiles"])
    selected, ignored = split_list(settings["select"]), split_list(settings["ignore"])
    check_patterns(RULES, selected + ignored, settings.sources["select"])
    lang = settings["lang"] if settings.sources["lang"] != "default" else env_lang
    return ScanRequest(
        paths=paths,
        as_of=parse_as_of(as_of, today),
        profiles=profiles,
        params=parse_params(settings["params"], profiles),
        select=selected,
        ignore=ignored,
        fail_on=parse_severity(settings["fail_on"]),
        no_waivers=bool(settings["no_waivers"]),
        include_passing=bool(settings["include_passing"]),
        lang=lang or env_lang,
        baseline=settings["baseline"],
        fail_on_new=bool(settings["fail_on_new"]),
    )


def positive(option: str, value: float) -> float:
    """A number option that must be greater than zero."""
    if not value > 0:
        raise UsageError("not_positive", option=option, value=value)
    return value


def non_negative(option: str, value: int) -> int:
    """A count option that may be 0 but not less."""
    if value < 0:
        raise UsageError("negative", option=option, value=value)
    return value


def apply_color(mode: str | None, environ: Any) -> None:
    """``--color``: always forces colour, never disables it, auto leaves Rich to decide."""
    if mode in (None, "auto"):
        return
    if mode == "always":
        environ.pop("NO_COLOR", None)
        environ["FORCE_COLOR"] = "1"
    elif mode == "never":
        environ.pop("FORCE_COLOR", None)
        environ["NO_COLOR"] = "1"
    else:
        raise UsageError("bad_color", value=mode)


def render_options(csv_bom: bool, timestamp: bool) -> dict[str, Any]:
    """Presentation switches for renderers; a timestamp only when asked (determinism)."""
    opts: dict[str, Any] = {"csv_bom": csv_bom}
    if timestamp:
        from datetime import UTC, datetime

        opts["timestamp"] = datetime.now(UTC).replace(microsecond=0).isoformat()
    return opts


def check_patterns(rules: Mapping[str, Rule], patterns: Sequence[str], origin: str = "") -> None:
    """Every ``--select``/``--ignore`` pattern must match some rule."""
    from frtaudit.audit.engine import unknown_patterns

    bad = unknown_patterns(rules, patterns)
    if bad:
        if origin and origin not in ("command line", "default"):
            raise UsageError("unknown_rule_in", pattern=bad[0], origin=origin)
        raise UsageError("unknown_rule", pattern=bad[0])
