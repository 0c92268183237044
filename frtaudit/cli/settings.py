"""Settings from the command line, FRTAUDIT_* variables, a config file and defaults.

Precedence: command line, then environment, then file, then defaults. The file is
``--config FILE``, else ``frtaudit.toml`` in the working folder, else ``[tool.frtaudit]`` in
``pyproject.toml``. It is validated against ``schemas/config.schema.json``; a bad file is an
InputError with its line (exit 2). ``frtaudit config show`` prints every effective setting and
where it came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frtaudit.errors import InputError, Problem, UsageError

#: name -> (kind, environment variable, default). Kinds: list, str, bool, params.
SETTINGS: dict[str, tuple[str, str, Any]] = {
    "profiles": ("list", "FRTAUDIT_PROFILE", ["nhrck"]),
    "params": ("params", "FRTAUDIT_PARAM", {}),
    "fail_on": ("str", "FRTAUDIT_FAIL_ON", "high"),
    "fail_on_new": ("bool", "FRTAUDIT_FAIL_ON_NEW", False),
    "select": ("list", "FRTAUDIT_SELECT", []),
    "ignore": ("list", "FRTAUDIT_IGNORE", []),
    "formats": ("list", "FRTAUDIT_FORMAT", ["terminal"]),
    "lang": ("str", "FRTAUDIT_LANG", None),
    "no_waivers": ("bool", "FRTAUDIT_NO_WAIVERS", False),
    "include_passing": ("bool", "FRTAUDIT_INCLUDE_PASSING", False),
    "baseline": ("str", "FRTAUDIT_BASELINE", None),
    "notify": ("str", "FRTAUDIT_NOTIFY", None),
    "color": ("str", "FRTAUDIT_COLOR", "auto"),
    "quiet": ("bool", "FRTAUDIT_QUIET", False),
    "check_links": ("bool", "FRTAUDIT_CHECK_LINKS", False),
    "link_cache": ("str", "FRTAUDIT_LINK_CACHE", None),
}

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

            data = tomli.loads(pyproject.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            return None  # a broken pyproject.toml is not ours to judge unless it has our table
        if isinstance(data.get("tool"), dict) and "frtaudit" in data["tool"]:
            return str(pyproject), ("tool", "frtaudit")
    return None


def read_config(path: str, prefix: tuple[str, ...]) -> dict[str, Any]:
    """Read and validate a config file; raise InputError with located problems."""
    from jsonschema import Draft202012Validator

    from frtaudit.errors import json_path
    from frtaudit.load.inventory import decode, parse, read_bytes, schema_problems
    from frtaudit.load.positions import lookup, toml_positions
    from frtaudit.load.schemas import load_schema

    text = decode(path, read_bytes(path))
    doc = parse(path, text, "toml", inventory=False)
    table: Any = doc
    for key in prefix:
        table = table.get(key, {}) if isinstance(table, dict) else {}
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
    """Merge the four layers; ``cli`` holds None for options not given."""
    settings = Settings(file=file_path)
    for name, (kind, env_name, default) in SETTINGS.items():
        cli_value = cli.get(name)
        if kind == "params":
            # parameters merge layer by layer: a file sets some, the command line others
            merged: dict[str, Any] = {}
            layers: list[str] = []
            if file_values and file_values.get(name):
                merged.update(file_values[name])
                layers.append(file_path or "config")
            if env_name in environ:
                merged.update(_from_env(env_name, kind, environ[env_name]))
                layers.append(env_name)
            if cli_value:
                merged.update(cli_value)
                layers.append("command line")
            settings.values[name] = merged
            settings.sources[name] = " + ".join(layers) or "default"
            continue
        if cli_value is not None and cli_value != [] and cli_value != ():
            value, source = cli_value, "command line"
        elif env_name in environ:
            value, source = _from_env(env_name, kind, environ[env_name]), env_name
        elif file_values is not None and name in file_values:
            value, source = file_values[name], file_path or "config"
        else:
            value, source = default, "default"
        settings.values[name] = value
        settings.sources[name] = source
    return settings


def show(settings: Settings, cat: Any) -> str:
    """``frtaudit config show``: one line per setting with its value and origin."""
    import json

    lines = []
    if settings.file:
        lines.append(cat.t("config.file", path=settings.file))
    else:
        lines.append(cat.t("config.no_file"))
    width = max(len(n) for n in SETTINGS)
    for name in SETTINGS:
        value = json.dumps(settings.values[name], ensure_ascii=False, sort_keys=True)
        lines.append(f"{name:<{width}}  {value}  ({settings.sources[name]})")
    return "\n".join(lines) + "\n"


def load_settings(
    cli: Mapping[str, Any], explicit_config: str | None, environ: Mapping[str, str]
) -> Settings:
    """Find, read and merge everything; raise InputError/UsageError."""
    found = find_config(explicit_config or environ.get("FRTAUDIT_CONFIG"))
    if found is None:
        return resolve(cli, environ, None)
    path, prefix = found
    return resolve(cli, environ, read_config(path, prefix), path)
