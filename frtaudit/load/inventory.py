"""Load inventories: find the files, read them safely, parse TOML or JSON, validate, locate.

Every problem is collected and returned together (``InputError``); nothing here prints or exits.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from frtaudit.errors import InputError, Problem, json_path
from frtaudit.load import remote
from frtaudit.load.dates import MAX_YEAR, MIN_YEAR, is_date
from frtaudit.load.positions import lookup, toml_positions

#: Largest inventory file read, in bytes. Bigger files are refused before reading (see README).
MAX_BYTES = 128 * 1024 * 1024
#: Deepest nesting accepted; the schema needs 4, this leaves room and stops recursion bombs.
MAX_DEPTH = 32

INVENTORY_SUFFIXES = (".toml", ".json")
NOT_INVENTORIES = frozenset(
    {"pyproject.toml", "frtaudit.toml", "package.json", "package-lock.json"}
)
_SYSTEM_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*systems[ \t]*\]\]", re.MULTILINE)
_SYSTEM_HEADER_AFTER_NEWLINE = re.compile(r"\n[ \t]*\[\[[ \t]*systems[ \t]*\]\]")


@dataclass(slots=True)
class Inventory:
    """A parsed and validated inventory file."""

    path: str  # as given on the command line (or "<stdin>")
    sha256: str
    data: dict[str, Any]
    system_lines: list[int | None]

    @property
    def agency(self) -> dict[str, Any]:
        """The ``[agency]`` table."""
        agency: dict[str, Any] = self.data["agency"]
        return agency

    @property
    def systems(self) -> list[dict[str, Any]]:
        """The ``[[systems]]`` tables."""
        systems: list[dict[str, Any]] = self.data["systems"]
        return systems


# -- finding files --------------------------------------------------------------------------------


def discover(paths: Sequence[str]) -> tuple[list[str], list[Problem]]:
    """Expand the command-line paths into inventory files (sorted within each directory).

    An ``http://``/``https://`` path is one remote inventory, kept as given (fetched by ``load``).
    """
    files: list[str] = []
    problems: list[Problem] = []
    for given in paths:
        if given == "-" or remote.is_remote(given):
            files.append(given)
            continue
        p = Path(given)
        try:
            if p.is_dir():
                before = len(problems)
                found = sorted(_walk(p, problems))
                if not found and len(problems) == before:  # an unreadable folder says so once
                    problems.append(Problem(given, "no_inventories", hint="no_inventories_hint"))
                files.extend(found)
            elif p.exists():
                files.append(given)
            elif p.is_symlink() and _is_loop(given):
                problems.append(Problem(given, "symlink_loop"))
            else:
                problems.append(Problem(given, "missing_file", hint="missing_file_hint"))
        except OSError as exc:
            problems.append(Problem(given, "os_error", {"error": exc.strerror or str(exc)}))
    return files, problems


def _is_loop(path: str) -> bool:
    import errno

    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def _walk(root: Path, problems: list[Problem]) -> Iterator[str]:
    def onerror(exc: OSError) -> None:
        problems.append(Problem(str(exc.filename or root), "os_error", {"error": exc.strerror}))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if (
                name.endswith(INVENTORY_SUFFIXES)
                and name not in NOT_INVENTORIES
                and not name.startswith(".")
            ):
                yield os.path.join(dirpath, name)


# -- reading and decoding -------------------------------------------------------------------------


def read_bytes(
    path: str, *, allow_private: bool = False, timeout: float = remote.DEFAULT_TIMEOUT
) -> bytes:
    """Read a file (stdin for ``-``, a URL over HTTP(S)) with the size limit; raise InputError."""
    if remote.is_remote(path):
        return remote.fetch_inventory(
            path, timeout=timeout, max_bytes=remote.MAX_BYTES, allow_private=allow_private
        )[0]
    try:
        if path == "-":
            raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            size = os.stat(path).st_size
            if size > MAX_BYTES:
                raise InputError([_too_big(path, size)])
            with open(path, "rb") as fh:
                raw = fh.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise InputError([Problem(path, "is_directory")]) from None
    except OSError as exc:
        if _is_loop(path):
            raise InputError([Problem(path, "symlink_loop")]) from None
        raise InputError([Problem(path, "os_error", {"error": exc.strerror or str(exc)})]) from None
    if len(raw) > MAX_BYTES:
        raise InputError([_too_big(path, len(raw))])
    return raw


def _too_big(path: str, size: int) -> Problem:
    return Problem(
        path, "too_big", {"size_mb": round(size / 1048576, 1), "limit_mb": MAX_BYTES // 1048576}
    )


#: The UTF-8 byte-order mark some editors (Windows Notepad) write first; it is skipped.
UTF8_BOM = b"\xef\xbb\xbf"


def decode(path: str, raw: bytes) -> str:
    """Decode UTF-8 strictly, explaining the usual wrong encodings; raise InputError.

    A UTF-8 byte-order mark is skipped: it is not part of the text, so lines and columns are
    those the editor shows.
    """
    if raw.startswith(UTF8_BOM):
        raw = raw[len(UTF8_BOM) :]
    if not raw.strip():
        raise InputError([Problem(path, "empty_file", hint="empty_file_hint")])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4096]:
        head = raw[:4096]
        zeros = sorted((head[0::2].count(0), head[1::2].count(0)))
        # UTF-16 text without a BOM: zero bytes on one side of every pair, hardly any on the other
        alternating = zeros[1] > len(head) // 6 and zeros[0] <= zeros[1] // 10
        utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff")) or alternating
        key = "utf16" if utf16 else "binary"
        raise InputError([Problem(path, key, hint=f"{key}_hint")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        key = "not_utf8"
        try:
            raw.decode("cp949")
            key = "cp949"
        except UnicodeDecodeError:
            pass
        raise InputError([Problem(path, key, line=line, col=col, hint="encoding_hint")]) from None


# -- parsing --------------------------------------------------------------------------------------


def detect_format(path: str, text: str) -> str:
    """``json`` for ``*.json`` (or stdin starting with ``{``), else ``toml``.

    A URL is judged by its path (not its query); ``load`` prefers the server's Content-Type.
    """
    if remote.is_remote(path):
        return remote.detect_format("", (path,), text.encode("utf-8"))
    if path.lower().endswith(".json"):
        return "json"
    if path == "-" and text.lstrip().startswith(("{", "[")):
        return "json"
    return "toml"


#: Most systems one inventory file may hold; more is refused before validation (see README).
MAX_SYSTEMS = 200_000
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def parse(path: str, text: str, fmt: str, *, inventory: bool = True) -> Any:
    """Parse TOML or JSON text; syntax errors become a located Problem.

    NaN, infinity and (JSON) unpaired surrogate escapes are refused wherever they are; an
    ``inventory`` may hold at most MAX_SYSTEMS systems.
    """
    if inventory and fmt != "json" and len(text) > 12 * MAX_SYSTEMS:
        # refuse a table bomb before building it
        count = len(header_offsets(text)) + starts_with_system(text)
        if count > MAX_SYSTEMS:
            raise InputError([_too_many_systems(path, count)])
    doc = _parse_json(path, text) if fmt == "json" else _parse_toml(path, text)
    if inventory and isinstance(doc, dict):
        systems = doc.get("systems")
        if isinstance(systems, list) and len(systems) > MAX_SYSTEMS:
            raise InputError([_too_many_systems(path, len(systems))])
    return doc


def _too_many_systems(path: str, count: int) -> Problem:
    return Problem(
        path,
        "too_many_systems",
        {"count": count, "limit": MAX_SYSTEMS},
        path="$.systems",
        hint="too_many_systems_hint",
    )


def _unusable(path: str, doc: Any, text: str, fmt: str) -> InputError:
    """Every NaN/infinite number and unpaired surrogate in ``doc``, located."""
    import math

    found: list[tuple[list[str | int], str, str]] = []
    stack: list[tuple[Any, list[str | int]]] = [(doc, [])]
    while stack:
        node, at = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if _LONE_SURROGATE.search(key):
                    found.append(([*at, key], "lone_surrogate", _escaped(key)))
                stack.append((value, [*at, key]))
        elif isinstance(node, list):
            stack.extend((value, [*at, i]) for i, value in enumerate(node))
        elif isinstance(node, float) and not math.isfinite(node):
            found.append((at, "not_finite", str(node)))
        elif isinstance(node, str) and _LONE_SURROGATE.search(node):
            found.append((at, "lone_surrogate", _escaped(node)))
    positions = toml_positions(text) if fmt == "toml" else None
    return InputError(
        [
            Problem(
                path,
                key,
                {"value": value},
                line=lookup(positions, at) if positions is not None else None,
                path=json_path(at),
            )
            for at, key, value in found
        ]
    )


def _escaped(text: str) -> str:
    text = text if len(text) <= 40 else text[:39] + "…"
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _parse_toml(path: str, text: str) -> Any:
    import math

    import tomli

    non_finite: list[str] = []

    def parse_float(literal: str) -> float:
        value = float(literal)
        if not math.isfinite(value):
            non_finite.append(literal)
        return value

    try:
        doc = tomli.loads(text, parse_float=parse_float)
        if non_finite:
            raise _unusable(path, doc, text, "toml")
        return doc
    except tomli.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        col = getattr(exc, "colno", None)
        msg = getattr(exc, "msg", str(exc))
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        if m and line is None:
            line, col = int(m.group(1)), int(m.group(2))
        msg = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", msg)
        raise InputError(
            [Problem(path, "toml_syntax", {"detail": msg}, line=line, col=col, hint="toml_hint")]
        ) from None
    except RecursionError:
        raise InputError([Problem(path, "too_deep", {"limit": MAX_DEPTH})]) from None


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _parse_json(path: str, text: str) -> Any:
    constants: list[str] = []

    def parse_constant(literal: str) -> float:
        constants.append(literal)
        return float(literal)

    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=parse_constant)
        if constants or _SURROGATE_ESCAPE.search(text):
            error = _unusable(path, doc, text, "json")
            if error.problems:
                raise error
        return doc
    except _DuplicateKey as exc:
        raise InputError([Problem(path, "duplicate_key", {"key": exc.key})]) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            [Problem(path, "json_syntax", {"detail": exc.msg}, line=exc.lineno, col=exc.colno)]
        ) from None
    except RecursionError:
        raise InputError([Problem(path, "too_deep", {"limit": MAX_DEPTH})]) from None


# -- validation -----------------------------------------------------------------------------------


def _depth_ok(value: Any, limit: int) -> bool:
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return False
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node if isinstance(v, (dict, list)))
    return True


_VALIDATOR: Any = None


def _validator() -> Any:
    """The inventory validator, built once: Draft 2020-12 plus real TOML dates."""
    global _VALIDATOR
    if _VALIDATOR is None:
        from jsonschema import Draft202012Validator, FormatChecker, validators

        from frtaudit.load.schemas import load_schema

        type_keyword = Draft202012Validator.VALIDATORS["type"]

        def type_with_dates(validator: Any, types: Any, instance: Any, schema: Any) -> Any:
            # TOML gives real dates; accept them exactly where the schema expects a date.
            if isinstance(instance, (date, time)):
                if schema.get("format") == "date" and not isinstance(instance, datetime):
                    return
                from jsonschema.exceptions import ValidationError

                yield ValidationError(f"{instance!r} is not of type {types!r}")
                return
            yield from type_keyword(validator, types, instance, schema)

        checker = FormatChecker(formats=())
        checker.checks("date")(is_date)
        cls = validators.extend(  # type: ignore[no-untyped-call]
            Draft202012Validator, validators={"type": type_with_dates}
        )
        _VALIDATOR = cls(load_schema("inventory"), format_checker=checker)
    return _VALIDATOR


_JSON_TYPES = {
    bool: "boolean",
    int: "integer",
    float: "number",
    str: "string",
    list: "array",
    dict: "object",
}


def _type_name(value: Any) -> str:
    if isinstance(value, datetime):
        return "datetime"
    if isinstance(value, date):
        return "date"
    if isinstance(value, time):
        return "time"
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _show(value: Any, limit: int = 60) -> str:
    if isinstance(value, (date, time)):
        return value.isoformat()
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


_TRI_OPTIONS = [{"type": "boolean"}, {"const": "unknown"}]


def _problems_for(err: Any, path: str, locate: Any) -> Iterator[Problem]:
    """Turn one jsonschema error into one or more Problems in our own words."""
    v = err.validator
    at = list(err.absolute_path)
    inst = err.instance
    sch = err.schema if isinstance(err.schema, dict) else {}
    if v == "additionalProperties" and isinstance(inst, dict):
        allowed = list(sch.get("properties", {}))
        for key in sorted(k for k in inst if k not in allowed):
            guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            yield Problem(
                path,
                "unknown_key_guess" if guess else "unknown_key",
                {"key": key, "guess": guess[0] if guess else ""},
                line=locate([*at, key]),
                path=json_path([*at, key]),
                hint="" if guess else "unknown_key_hint",
            )
        return
    params: dict[str, Any] = {"value": _show(inst), "type": _type_name(inst)}
    key = "schema_generic"
    if v == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        key, params["key"] = "missing_key", missing
    elif v == "type":
        key, params["expected"] = "wrong_type", _expected(sch.get("type"))
        if sch.get("format") == "date":
            key = "not_a_date"
    elif v == "anyOf" and sch.get("anyOf") == _TRI_OPTIONS:
        key = "not_tri"
    elif v == "enum":
        options = [str(o) for o in sch.get("enum", [])]
        guess = difflib.get_close_matches(str(inst), options, n=1, cutoff=0.6)
        key = "not_in_enum_guess" if guess else "not_in_enum"
        params["options"] = ", ".join(options)
        params["guess"] = guess[0] if guess else ""
    elif v == "const":
        key, params["expected"] = "not_const", _show(sch.get("const"))
    elif v in ("minimum", "maximum"):
        key, params["limit"] = f"{v}_violated", err.validator_value
    elif v == "format":
        key = "not_a_date" if err.validator_value == "date" else "bad_format"
        params["format"] = err.validator_value
        params["min_year"], params["max_year"] = MIN_YEAR, MAX_YEAR
    elif v == "pattern":
        key = "bad_url" if sch.get("format") == "uri" else "bad_pattern"
        params["pattern"] = err.validator_value
    elif v in ("minLength", "maxLength", "minItems", "maxItems"):
        key, params["limit"] = v, err.validator_value
    elif v == "uniqueItems":
        key = "not_unique"
    elif v == "anyOf":
        key = "no_alternative"
    yield Problem(path, key, params, line=locate(at), path=json_path(at))


def schema_problems(errors: Iterable[Any], path: str, locate: Any) -> list[Problem]:
    """Problems for jsonschema errors; a wrong type hides the enum/format errors of that value."""
    errs = list(errors)
    typed = {tuple(e.absolute_path) for e in errs if e.validator == "type"}
    problems: list[Problem] = []
    for err in errs:
        if err.validator != "type" and tuple(err.absolute_path) in typed:
            continue
        problems.extend(_problems_for(err, path, locate))
    return problems


def _expected(types: Any) -> str:
    if isinstance(types, list):
        return " or ".join(types)
    return str(types)


def validate(path: str, doc: Any, text: str | None, fmt: str) -> list[Problem]:
    """Every schema and consistency problem of a parsed document (empty when valid)."""
    if not isinstance(doc, dict):
        return [Problem(path, "not_a_table", {"type": _type_name(doc)}, line=1, path="$")]
    from frtaudit.load.fastcheck import certainly_valid

    if certainly_valid(doc):  # jsonschema-rs says valid: the reference would agree (see module)
        return list(_consistency(path, doc, _locator(text, fmt)))
    if not _depth_ok(doc, MAX_DEPTH):
        return [Problem(path, "too_deep", {"limit": MAX_DEPTH})]
    locate = _locator(text, fmt)
    problems = schema_problems(_validator().iter_errors(doc), path, locate)
    if not problems:
        problems.extend(_consistency(path, doc, locate))
    return problems


def quick_valid(path: str, doc: Any) -> bool:
    """True when ``doc`` is certainly a valid inventory (the fast path; no messages, no lines).

    False means only "not certain": :func:`validate` gives the verdict and its problems.
    """
    from frtaudit.load.fastcheck import certainly_valid

    if not isinstance(doc, dict) or certainly_valid(doc) is not True:
        return False
    return not any(True for _ in _consistency(path, doc, lambda at: None))


def _locator(text: str | None, fmt: str) -> Callable[[Iterable[str | int]], int | None]:
    """Line of a JSON path in the TOML text (positions computed on first use only)."""
    positions: dict[tuple[str | int, ...], int] | None = None

    def locate(at: Iterable[str | int]) -> int | None:
        nonlocal positions
        if text is None or fmt != "toml":
            return None
        if positions is None:
            positions = toml_positions(text)
        return lookup(positions, at)

    return locate


def _consistency(path: str, doc: dict[str, Any], locate: Any) -> Iterator[Problem]:
    """Checks the schema cannot express: unique ids, date order."""
    seen: dict[str, int] = {}
    for i, system in enumerate(doc["systems"]):
        sid = system["id"]
        if sid in seen:
            yield Problem(
                path,
                "duplicate_system_id",
                {"id": sid, "first": seen[sid]},
                line=locate(["systems", i, "id"]),
                path=json_path(["systems", i, "id"]),
                hint="duplicate_system_id_hint",
            )
        else:
            seen[sid] = i
        for j, exc in enumerate(system.get("exceptions", ())):
            if "expires_on" not in exc or "granted_on" not in exc:
                continue  # an undated exception is valid input; EXC-001 reports it
            if _as_date(exc["expires_on"]) < _as_date(exc["granted_on"]):
                at: list[str | int] = ["systems", i, "exceptions", j, "expires_on"]
                yield Problem(
                    path,
                    "expiry_before_grant",
                    {"granted": str(exc["granted_on"]), "expires": str(exc["expires_on"])},
                    line=locate(at),
                    path=json_path(at),
                )


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def header_offsets(text: str) -> list[int]:
    """Offsets of the lines that start with a ``[[systems]]`` header, after the first line.

    A header inside a multi-line string counts too: callers check the count against the
    parsed document.
    """
    # much faster than a ^ in MULTILINE mode
    return [m.start() + 1 for m in _SYSTEM_HEADER_AFTER_NEWLINE.finditer(text)]


def header_lines(text: str, offsets: Sequence[int]) -> list[int | None]:
    """Line numbers of ``offsets`` in ``text`` (ascending offsets)."""
    lines: list[int | None] = []
    pos = 0
    line = 1
    for start in offsets:
        line += text.count("\n", pos, start)
        pos = start
        lines.append(line)
    return lines


def starts_with_system(text: str) -> bool:
    """Whether the first line of ``text`` is a ``[[systems]]`` header."""
    return _SYSTEM_HEADER.match(text) is not None


def system_lines(text: str, fmt: str, count: int) -> list[int | None]:
    """Line of each ``[[systems]]`` header (TOML); None for JSON or when not found."""
    if fmt != "toml":
        return [None] * count
    lines: list[int | None] = [1] if starts_with_system(text) else []
    lines += header_lines(text, header_offsets(text))
    if len(lines) != count:  # systems written as an inline array, or a header inside a string
        positions = toml_positions(text)
        return [positions.get(("systems", i)) for i in range(count)]
    return lines


# -- the whole pipeline ---------------------------------------------------------------------------


def scan_needs(path: str, doc: dict[str, Any], lines: Sequence[int | None]) -> list[Problem]:
    """What a valid inventory still lacks for an audit, one Problem per incomplete system.

    The schema lets a capability flag or the location type be left out or ``"unknown"``, but
    every profile needs them (INV-CAP-001 runs in all of them and reports them as a gap):
    ``frtaudit validate`` shows these as warnings, and ``--strict`` makes them errors.
    """
    from frtaudit.load.groups import capability_groups, with_group
    from frtaudit.rules.facts import System, undeclared_facts

    agency = doc.get("agency", {})
    groups = capability_groups(doc)
    problems: list[Problem] = []
    listed: dict[tuple[str, ...], str] = {}  # an import repeats the same gaps 100,000 times
    for i, data in enumerate(doc["systems"]):
        if groups:
            data, _ = with_group(data, groups)  # a group's declaration counts as the system's
        missing = undeclared_facts(System(data, agency, i))
        if missing:
            fields = listed.setdefault(tuple(missing), ", ".join(missing))
            problems.append(
                Problem(
                    path,
                    "scan_needs",
                    {"id": data["id"], "count": len(missing), "fields": fields},
                    line=lines[i] if i < len(lines) else None,
                    path=json_path(["systems", i]),
                    hint="scan_needs_hint",
                )
            )
    return problems


def load(
    path: str,
    *,
    allow_private: bool = False,
    timeout: float = remote.DEFAULT_TIMEOUT,
    warnings: list[Problem] | None = None,
) -> Inventory:
    """Read, parse and validate one inventory; raise InputError with every problem.

    A URL is fetched (see :func:`frtaudit.load.remote.fetch_inventory`); it is shown without
    userinfo or query, and its format comes from the Content-Type or the extension. Given a
    ``warnings`` list, what the audit still needs (:func:`scan_needs`) is added to it.
    """
    if remote.is_remote(path):
        raw, fmt = remote.fetch_inventory(
            path, timeout=timeout, max_bytes=remote.MAX_BYTES, allow_private=allow_private
        )
        shown = remote.display_url(path)
        text = decode(shown, raw)
    else:
        raw = read_bytes(path)
        shown = "<stdin>" if path == "-" else path
        text = decode(shown, raw)
        fmt = detect_format(path, text)
    doc = parse(shown, text, fmt)
    problems = validate(shown, doc, text, fmt)
    if problems:
        raise InputError(problems)
    inventory = Inventory(
        path=shown,
        sha256=hashlib.sha256(raw).hexdigest(),
        data=doc,
        system_lines=system_lines(text, fmt, len(doc["systems"])),
    )
    if warnings is not None:
        warnings.extend(scan_needs(shown, doc, inventory.system_lines))
    return inventory


def load_all(
    paths: Sequence[str],
    *,
    allow_private: bool = False,
    timeout: float = remote.DEFAULT_TIMEOUT,
    warnings: list[Problem] | None = None,
) -> list[Inventory]:
    """Load every inventory named or found below ``paths``; raise InputError with all problems.

    System ids must be unique across the files of one run, since fingerprints and baselines
    match on them. ``allow_private`` and ``timeout`` apply to inventories given as URLs;
    ``warnings`` collects what the audit still needs (see :func:`load`).
    """
    files, problems = discover(paths)
    inventories: list[Inventory] = []
    for f in files:
        try:
            inventories.append(
                load(f, allow_private=allow_private, timeout=timeout, warnings=warnings)
            )
        except InputError as exc:
            problems.extend(exc.problems)
    owners: dict[str, str] = {}
    for inv in inventories:
        for i, system in enumerate(inv.systems):
            first = owners.setdefault(system["id"], inv.path)
            if first != inv.path:
                problems.append(
                    Problem(
                        inv.path,
                        "duplicate_system_id_across",
                        {"id": system["id"], "other": first},
                        line=inv.system_lines[i],
                        path=json_path(["systems", i, "id"]),
                        hint="duplicate_system_id_hint",
                    )
                )
    if problems:
        raise InputError(problems)
    return inventories
