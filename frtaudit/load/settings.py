"""Scan settings from four layers: the command line, FRTAUDIT_* variables, a config file, defaults.

Precedence: command line, then environment, then file, then defaults. The file is
``--config FILE`` (or FRTAUDIT_CONFIG), else ``frtaudit.toml`` in the working folder, else
``[tool.frtaudit]`` in ``pyproject.toml``. It is validated against
``schemas/config.schema.json``; a bad file is an InputError with its line (exit 2).

:data:`SETTINGS` declares every setting once: its kind, environment variable, command-line
option and default. ``frtaudit config show`` lists them all with their sources, and
:func:`frtaudit.scan.build_request` turns the merged values into a checked ScanRequest.
Nothing here judges a value beyond its type: that is the request builder's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from frtaudit.errors import InputError, Problem, UsageError

#: Seconds each network step of a link check or a remote inventory fetch may take.
DEFAULT_LINK_TIMEOUT = 10.0
#: Hours a cached link-check result is reused.
DEFAULT_LINK_CACHE_TTL = 24.0
#: Worker processes: 0 = one per CPU once the input is big enough to gain from it.
DEFAULT_JOBS = 0


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting: how it is written in each layer and what it is when nobody says."""

    kind: str  # list, str, bool, params, float, int
    env: str  # FRTAUDIT_* variable
    option: str  # command-line option
    default: Any


#: Every scan setting, in the order ``config show`` lists them. The config-file key is the name.
SETTINGS: dict[str, Setting] = {
    "profiles": Setting("list", "FRTAUDIT_PROFILE", "--profile", ["nhrck"]),
    "params": Setting("params", "FRTAUDIT_PARAM", "--param", {}),
    "fail_on": Setting("str", "FRTAUDIT_FAIL_ON", "--fail-on", "high"),
    "fail_on_new": Setting("bool", "FRTAUDIT_FAIL_ON_NEW", "--fail-on-new", False),
    "select": Setting("list", "FRTAUDIT_SELECT", "--select", []),
    "ignore": Setting("list", "FRTAUDIT_IGNORE", "--ignore", []),
    "formats": Setting("list", "FRTAUDIT_FORMAT", "--format", ["terminal"]),
    "output": Setting("str", "FRTAUDIT_OUTPUT", "--output", None),
    "lang": Setting("str", "FRTAUDIT_LANG", "--lang", None),
    "no_waivers": Setting("bool", "FRTAUDIT_NO_WAIVERS", "--no-waivers", False),
    "include_passing": Setting("bool", "FRTAUDIT_INCLUDE_PASSING", "--include-passing", False),
    "details": Setting("bool", "FRTAUDIT_DETAILS", "--details", False),
    "baseline": Setting("str", "FRTAUDIT_BASELINE", "--baseline", None),
    "notify": Setting("str", "FRTAUDIT_NOTIFY", "--notify", None),
    "color": Setting("str", "FRTAUDIT_COLOR", "--color", "auto"),
    "quiet": Setting("bool", "FRTAUDIT_QUIET", "--quiet", False),
    "check_links": Setting("bool", "FRTAUDIT_CHECK_LINKS", "--check-links", False),
    "allow_private_network": Setting(
        "bool", "FRTAUDIT_ALLOW_PRIVATE_NETWORK", "--allow-private-network", False
    ),
    "link_cache": Setting("str", "FRTAUDIT_LINK_CACHE", "--link-cache", None),
    "link_cache_ttl": Setting(
        "float", "FRTAUDIT_LINK_CACHE_TTL", "--link-cache-ttl", DEFAULT_LINK_CACHE_TTL
    ),
    "link_timeout": Setting(
        "float", "FRTAUDIT_LINK_TIMEOUT", "--link-timeout", DEFAULT_LINK_TIMEOUT
    ),
    "jobs": Setting("int", "FRTAUDIT_JOBS", "--jobs", DEFAULT_JOBS),
    "csv_bom": Setting("bool", "FRTAUDIT_CSV_BOM", "--csv-bom", False),
    "timestamp": Setting("bool", "FRTAUDIT_TIMESTAMP", "--timestamp", False),
    "as_of": Setting("str", "FRTAUDIT_AS_OF", "--as-of", None),
}

#: Where a value came from when nobody set it, and when it came from the command line.
DEFAULT, COMMAND_LINE = "default", "command line"

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")


@dataclass(slots=True)
class Settings:
    """Effective values and, for each, where it came from."""

    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    file: str | None = None

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def origin(self, name: str) -> str:
        """How to name ``name`` in a message: its option, its variable or its key in the file."""
        source = self.sources.get(name, DEFAULT)
        if source in (COMMAND_LINE, DEFAULT):
            return SETTINGS[name].option
        if source == SETTINGS[name].env:
            return source
        return f"{name} ({source})"


def find_config(
    explicit: str | None, cwd: Path | None = None
) -> tuple[str, tuple[str, ...]] | None:
    """(path, key prefix inside the file) of the config to read, or None."""
    if explicit:
        return explicit, ()
    folder = cwd or Path.cwd()
    own = folder / "frtaudit.toml"
    if own.is_file():
        return str(own), ()
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        try:
            import tomli

            data = tomli.loads(pyproject.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, ValueError):
            return None  # a broken pyproject.toml is not ours to judge unless it has our table
        if isinstance(data.get("tool"), dict) and "frtaudit" in data["tool"]:
            return str(pyproject), ("tool", "frtaudit")
    return None


def read_config(path: str, prefix: tuple[str, ...]) -> dict[str, Any]:
    """Read and validate a config file; raise InputError with located problems."""
    from jsonschema import Draft202012Validator

    from frtaudit.errors import json_path
    from frtaudit.load.inventory import UTF8_BOM, decode, parse, read_bytes, schema_problems
    from frtaudit.load.positions import lookup, toml_positions
    from frtaudit.load.schemas import load_schema

    raw = read_bytes(path)
    if not raw.removeprefix(UTF8_BOM).strip():
        return {}  # an empty config file sets nothing
    text = decode(path, raw)
    doc = parse(path, text, "toml", inventory=False)
    table: Any = doc
    for key in prefix:
        table = table.get(key, {}) if isinstance(table, dict) else {}
    if isinstance(table, dict) and isinstance(table.get("as_of"), date):
        # a TOML date is the natural way to write it; the setting is its ISO text
        table = {**table, "as_of": table["as_of"].isoformat()}
    positions: dict[tuple[str | int, ...], int] | None = None

    def locate(at: Any) -> int | None:
        nonlocal positions
        if positions is None:
            positions = toml_positions(text)
        return lookup(positions, (*prefix, *at))

    validator = Draft202012Validator(load_schema("config"))
    problems: list[Problem] = []
    for p in schema_problems(validator.iter_errors(table), path, locate):
        shown = json_path(prefix) + p.path[1:] if prefix else p.path
        problems.append(
            Problem(p.file, p.key, p.params, line=p.line, col=p.col, path=shown, hint=p.hint)
        )
    if problems:
        raise InputError(problems)
    return dict(table)


def _from_env(name: str, kind: str, raw: str) -> Any:
    if kind == "bool":
        low = raw.strip().lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise UsageError("bad_env", var=name, value=raw)
    if kind == "list":
        return [p.strip() for p in raw.split(",") if p.strip()]
    if kind in ("int", "float"):
        try:
            return int(raw.strip()) if kind == "int" else float(raw.strip())
        except ValueError:
            raise UsageError("bad_env", var=name, value=raw) from None
    if kind == "params":
        out: dict[str, str] = {}
        for part in raw.split(","):
            if not part.strip():
                continue
            key, sep, value = part.partition("=")
            if not sep:
                raise UsageError("bad_env", var=name, value=raw)
            out[key.strip()] = value.strip()
        return out
    return raw.strip()


def resolve(
    cli: Mapping[str, Any],
    environ: Mapping[str, str],
    file_values: Mapping[str, Any] | None,
    file_path: str | None = None,
) -> Settings:
    """Merge the four layers; ``cli`` holds None (or nothing) for options not given."""
    settings = Settings(file=file_path)
    for name, setting in SETTINGS.items():
        env_name = setting.env
        cli_value = cli.get(name)
        if setting.kind == "params":
            # parameters merge layer by layer: a file sets some, the command line others
            merged: dict[str, Any] = {}
            layers: list[str] = []
            if file_values and file_values.get(name):
                merged.update(file_values[name])
                layers.append(file_path or "config")
            if env_name in environ:
                merged.update(_from_env(env_name, setting.kind, environ[env_name]))
                layers.append(env_name)
            if cli_value:
                merged.update(cli_value)
                layers.append(COMMAND_LINE)
            settings.values[name] = merged
            settings.sources[name] = " + ".join(layers) or DEFAULT
            continue
        if cli_value is not None and cli_value != [] and cli_value != ():
            value, source = cli_value, COMMAND_LINE
        elif env_name in environ:
            value, source = _from_env(env_name, setting.kind, environ[env_name]), env_name
        elif file_values is not None and name in file_values:
            value, source = file_values[name], file_path or "config"
        else:
            value, source = setting.default, DEFAULT
        settings.values[name] = value
        settings.sources[name] = source
    return settings


def load_settings(
    cli: Mapping[str, Any], explicit_config: str | None, environ: Mapping[str, str]
) -> Settings:
    """Find, read and merge everything; raise InputError/UsageError."""
    found = find_config(explicit_config or environ.get("FRTAUDIT_CONFIG"))
    if found is None:
        return resolve(cli, environ, None)
    path, prefix = found
    return resolve(cli, environ, read_config(path, prefix), path)
