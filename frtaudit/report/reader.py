"""Read a frtaudit JSON report back, for ``diff`` and ``--baseline``.

Reports of format version 2 (fleets and gaps) and 1 (one finding per rule result) are read;
``findings`` and ``systems`` give both as version 1's flat lists. Anything that is not a
frtaudit JSON report of a version read here is refused with a located problem (exit 2), never
a traceback.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from typing import Any

from frtaudit.errors import InputError, Problem
from frtaudit.model import fingerprint
from frtaudit.report import READ_VERSIONS, TOOL_NAME

#: Largest report ``load_report`` reads (bytes): a version-1 report of 100,000 systems (about
#: 650 MB of JSON for 355,000 findings) is below it.
MAX_REPORT_BYTES = 1024 * 1024 * 1024
#: Schema of each version read: ``schemas/<name>.schema.json``.
SCHEMA_OF = {"1": "report-v1", "2": "report"}
#: A JSON escape of a UTF-16 surrogate: a pair is a character, a lone one is not text.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")

#: Outcomes that count as gaps in a report read back.
GAP_OUTCOMES = ("fail", "unknown")


def findings(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every kept result of a loaded report as a version-1 finding (the keys diff reads).

    A version-2 report states each fleet's results once: they are repeated for every member.
    """
    if data.get("schema_version") == "1":
        yield from data.get("findings", [])
        return
    compared = "baseline" in data
    for fleet in data.get("fleets", []):
        agency = fleet["agency"]
        results = [r for g in fleet["gaps"] for r in g["results"]] + fleet["other_results"]
        for system in fleet["systems"]:
            sid = system["id"]
            new = set(system.get("new", ()))
            for r in results:
                status = None
                if compared and r["outcome"] in GAP_OUTCOMES:
                    status = "new" if r["rule"] in new else "existing"
                yield {
                    "system_id": sid,
                    "system_name": system["name"],
                    "agency": agency,
                    "rule_id": r["rule"],
                    "outcome": r["outcome"],
                    "severity": r["severity"],
                    "advisory": r["advisory"],
                    "message": r["message"],
                    "fingerprint": fingerprint(agency, sid, r["rule"]),
                    "baseline": status,
                }


def systems(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every system of a loaded report as a version-1 entry (agency, system_id, snapshot)."""
    if data.get("schema_version") == "1":
        yield from data.get("systems", [])
        return
    snapshots = data.get("snapshots", [])
    for fleet in data.get("fleets", []):
        for system in fleet["systems"]:
            yield {
                "agency": fleet["agency"],
                "system_id": system["id"],
                "name": system["name"],
                "snapshot": snapshots[system["snapshot"]],
            }


def gaps_by_fingerprint(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Gap findings of a loaded json report (either version), by fingerprint."""
    return {f["fingerprint"]: f for f in findings(data) if f.get("outcome") in GAP_OUTCOMES}


def _not_a_report(
    path: str, detail: str, where: str = "", line: int | None = None, col: int | None = None
) -> InputError:
    problem = Problem(
        path,
        "not_a_report",
        {"detail": detail},
        line=line,
        col=col,
        path=where,
        hint="not_a_report_hint",
    )
    return InputError([problem])


def load_report(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a frtaudit JSON report and check it against the report schema.

    Raise ``InputError`` when the file cannot be read (``missing_file``, ``os_error`` ...), is
    not a frtaudit JSON report (``not_a_report``: not JSON, another tool's JSON, invalid against
    the schema) or is a report of another format version (``report_version``).
    """
    import jsonschema

    from frtaudit.load.schemas import load_schema

    name = os.fspath(path)
    try:
        with open(name, "rb") as fh:
            raw = fh.read(MAX_REPORT_BYTES + 1)
    except FileNotFoundError:
        raise InputError([Problem(name, "missing_file", hint="missing_file_hint")]) from None
    except IsADirectoryError:
        raise InputError([Problem(name, "is_directory")]) from None
    except OSError as exc:
        raise InputError([Problem(name, "os_error", {"error": exc.strerror or str(exc)})]) from None
    if len(raw) > MAX_REPORT_BYTES:
        size = {"size_mb": round(len(raw) / 1048576, 1), "limit_mb": MAX_REPORT_BYTES // 1048576}
        raise InputError([Problem(name, "too_big", size)])
    try:
        text = raw.decode("utf-8-sig")
        data = json.loads(text)
    except UnicodeDecodeError as exc:
        raise _not_a_report(name, exc.reason) from None
    except json.JSONDecodeError as exc:
        raise _not_a_report(name, exc.msg, line=exc.lineno, col=exc.colno) from None
    except RecursionError:
        raise _not_a_report(name, "RecursionError") from None
    if not isinstance(data, dict):
        raise _not_a_report(name, type(data).__name__, "$")
    if _SURROGATE_ESCAPE.search(text) and not _valid_unicode(data):
        raise _not_a_report(name, "a string holds a lone UTF-16 surrogate: not valid Unicode")
    tool = data.get("tool")
    tool_name = tool.get("name") if isinstance(tool, dict) else None
    if tool_name != TOOL_NAME:
        raise _not_a_report(name, json.dumps(tool_name, ensure_ascii=False)[:80], "$.tool.name")
    version = data.get("schema_version")
    if version not in READ_VERSIONS:
        found = json.dumps(version, ensure_ascii=False)[:40]
        problem = Problem(
            name,
            "report_version",
            {"found": found, "expected": " or ".join(READ_VERSIONS)},
            path="$.schema_version",
            hint="report_version_hint",
        )
        raise InputError([problem])
    # dates are checked too: diff and --baseline compute with as_of and exception dates
    dates = jsonschema.FormatChecker(formats=("date",))
    schema = load_schema(SCHEMA_OF[str(version)])
    validator = jsonschema.Draft202012Validator(schema, format_checker=dates)
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        raise _not_a_report(name, error.message[:200], error.json_path)
    dangling = _dangling_reference(data)
    if dangling is not None:
        raise _not_a_report(name, *dangling)
    return data


def _dangling_reference(data: dict[str, Any]) -> tuple[str, str] | None:
    """A reference a schema cannot check: a version-2 system's snapshot index out of range."""
    if data.get("schema_version") == "1":
        return None
    count = len(data.get("snapshots", []))
    for f, fleet in enumerate(data.get("fleets", [])):
        for n, system in enumerate(fleet["systems"]):
            if not 0 <= system["snapshot"] < count:
                where = f"$.fleets[{f}].systems[{n}].snapshot"
                return f"snapshot {system['snapshot']} does not exist ({count} snapshots)", where
    return None


def _valid_unicode(data: Any) -> bool:
    """No string of ``data`` holds a lone surrogate (which no output could encode)."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
