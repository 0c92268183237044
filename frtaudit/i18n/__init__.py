"""The message catalogue: every user-facing text, looked up by key, one data file per language.

Files are ``frtaudit/i18n/<lang>.toml``. Keys are dotted paths into the file
(``scan.summary``); rule texts sit under ``[rule."<ID>"]``. A missing key falls back to English
and then to the key itself, so a gap in a translation shows up as text, never as a crash; a test
checks that every language has every key.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from functools import cache, lru_cache
from importlib import resources
from typing import Any

LANGUAGES = ("en", "ko")

#: Catalogue keys of Korean statutes and decrees, whose articles are cited Korean-style in ``ko``.
KOREAN_LAW_SOURCES = frozenset({"pipa", "pipa-decree", "aiba", "aiba-decree"})

_ARTICLE = re.compile(
    r"Art\. (\d+)(?:-(\d+))?((?:\(\d+\))*)(?:-\((\d+)\))?(\d+)?(?:\(([가-힣])\))?"
)


def korean_article(text: str) -> str:
    """``Art. 25-2(4)`` -> ``제25조의2제4항``; ``Art. 25(1)2`` -> ``제25조제1항제2호``.

    Only the article part is rewritten; any other text is kept as it is.
    """

    def one(m: re.Match[str]) -> str:
        out = f"제{m.group(1)}조" + (f"의{m.group(2)}" if m.group(2) else "")
        out += "".join(f"제{p}항" for p in re.findall(r"\((\d+)\)", m.group(3) or ""))
        if m.group(4):  # a range of paragraphs: (1)-(5)
            out += f"부터 제{m.group(4)}항까지"
        if m.group(5):
            out += f"제{m.group(5)}호"
        if m.group(6):
            out += f"{m.group(6)}목"
        return out

    return _ARTICLE.sub(one, text)


DEFAULT_LANGUAGE = "en"


class _SafeDict(dict[str, Any]):
    """format_map helper: unknown placeholders stay visible instead of raising."""

    def __missing__(self, key: str) -> str:
        return _Missing("{" + key + "}")


class _Missing(str):
    """An unknown placeholder: shown as written, whatever its format spec."""

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        return str(self)


class _Count(int):
    """A number in a message; ``{n:plural:system|systems}`` picks the word for it.

    Plural forms live in the catalogue text itself, so a language without them (Korean) simply
    does not use the spec: ``{n} {n:plural:system|systems}`` / ``시스템 {n}개``.
    """

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        if spec.startswith("plural:"):
            one, _, other = spec.removeprefix("plural:").partition("|")
            return one if self == 1 else other
        return int.__format__(self, spec)


def _counted(params: Mapping[str, Any]) -> _SafeDict:
    return _SafeDict({k: _Count(v) if type(v) is int else v for k, v in params.items()})


@cache
def _load(lang: str) -> dict[str, Any]:
    import tomli

    root = resources.files("frtaudit.i18n")
    data: dict[str, Any] = tomli.loads(root.joinpath(f"{lang}.toml").read_text(encoding="utf-8"))
    # Work in progress only: fragments/<theme>.<lang>.toml are merged until folded into the file.
    fragments = root.joinpath("fragments")
    if fragments.is_dir():
        for entry in sorted(fragments.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(f".{lang}.toml"):
                _deep_merge(data, tomli.loads(entry.read_text(encoding="utf-8")))
    return data


def _deep_merge(into: dict[str, Any], more: Mapping[str, Any]) -> None:
    for key, value in more.items():
        if isinstance(value, Mapping) and isinstance(into.get(key), dict):
            _deep_merge(into[key], value)
        else:
            into[key] = value


def _dig(data: Mapping[str, Any], key: str) -> Any:
    node: Any = data
    for part in key.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def language_from_env(environ: Mapping[str, str] | None = None) -> str:
    """``ko`` when LC_ALL or LANG names a Korean locale (``ko_KR.UTF-8``), else English."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return "ko" if value.lower().startswith("ko") else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


class Catalog:
    """Texts of one language, with English as the fallback."""

    def __init__(self, lang: str = DEFAULT_LANGUAGE) -> None:
        if lang not in LANGUAGES:
            raise ValueError(lang)
        self.lang = lang
        self._data = _load(lang)
        self._fallback = _load(DEFAULT_LANGUAGE) if lang != DEFAULT_LANGUAGE else self._data

    def raw(self, key: str) -> Any:
        """The catalogue node at ``key`` (a string, list or table), or None."""
        value = _dig(self._data, key)
        if value is None:
            value = _dig(self._fallback, key)
        return value

    def t(self, key: str, /, **params: Any) -> str:
        """The text at ``key`` with ``{placeholders}`` filled from ``params``."""
        value = self.raw(key)
        if not isinstance(value, str):
            return key
        return value.format_map(_counted(params)) if params else value

    def rule(self, rule_id: str, part: str, /, **params: Any) -> str:
        """A rule's text: ``title``, ``checks``, ``why``, ``fix``, ``limits`` or ``msg.<key>``."""
        return self.t(f"rule.{rule_id}.{part}", **params)

    def pinpoint(self, source: str, text: str) -> str:
        """A citation pinpoint in this language.

        The ``[pinpoints]`` table translates a pinpoint verbatim; failing that, Korean statutes
        are cited the way Korean lawyers do (``Art. 25(1)2`` -> ``제25조제1항제2호``).
        """
        table = _dig(self._data, "pinpoints")
        if isinstance(table, Mapping) and isinstance(table.get(text), str):
            return str(table[text])
        if self.lang == "ko" and source in KOREAN_LAW_SOURCES:
            return korean_article(text)
        return text

    def citation(self, source: str, pinpoint: str, short: bool = False) -> str:
        """``Instrument, pinpoint`` (``short``: the instrument's short name) in this language."""
        name = self.t(("sources_short." if short else "sources.") + source)
        return self.t("format.citation", source=name, pinpoint=self.pinpoint(source, pinpoint))

    def has(self, key: str) -> bool:
        """True when this language itself (not the fallback) defines ``key``."""
        return isinstance(_dig(self._data, key), str)


@lru_cache(maxsize=4)
def catalog(lang: str = DEFAULT_LANGUAGE) -> Catalog:
    """Cached catalogue for ``lang``."""
    return Catalog(lang)
