"""Escaping and text helpers shared by renderers: inventory text is untrusted everywhere."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _show_control(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Make control characters (ANSI escapes, bidi overrides, NUL ...) visible as ``\\xNN``."""
    return _CONTROL.sub(_show_control, text)


def one_line(text: str) -> str:
    """``printable`` and with newlines and tabs shown, for table cells and log lines."""
    return printable(text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", " "))


def safe_params(params: Mapping[str, Any]) -> dict[str, str]:
    """Message parameters as one-line printable strings."""
    return {k: one_line(str(v)) for k, v in params.items()}
