"""json.dumps(data, indent=2, ensure_ascii=False) + "\n", byte for byte: faster, and streamed.

The standard library falls back to its pure-Python generator encoder whenever ``indent`` is
set (about 2x slower than this writer, which appends to one list and lets the C string encoder
do the escaping), and ``json.dumps`` holds the whole text in memory; this writes it in chunks.

A national report repeats the same few thousand finding objects with only the system changed:
``Template`` renders such an object once with holes for the values that change, and ``Raw``
puts the filled-in text into the document.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable, Sequence
from json.encoder import encode_basestring
from typing import Any, TextIO

_FLOAT = float.__repr__


class Lazy:
    """A JSON array whose items are made while it is written (from a generator)."""

    __slots__ = ("items",)

    def __init__(self, items: Any) -> None:
        self.items = items


class Raw:
    """JSON text written as it is (made by ``Template.fill`` for the right nesting level)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == -float("inf"):
        return "-Infinity"
    return _FLOAT(value)


def _encode(v: Any, level: int, append: Callable[[str], None], flush: Callable[[], None]) -> None:
    """Append the indented JSON text of ``v`` at nesting ``level``; ``flush`` now and then."""
    enc = encode_basestring

    def value(v: Any, level: int) -> None:
        t = type(v)
        if t is Raw:  # most items of a big report (one per system)
            append(v.text)
        elif t is str:
            append(enc(v))
        elif v is None:
            append("null")
        elif v is True:
            append("true")
        elif v is False:
            append("false")
        elif t is int:
            append(int.__repr__(v))
        elif t is float:
            append(_float(v))
        elif t is dict and all(type(k) is str for k in v):
            if not v:
                append("{}")
                return
            inner = "\n" + "  " * (level + 1)
            first = True
            for k, item in v.items():
                append(("{" if first else ",") + inner + enc(k) + ": ")
                first = False
                value(item, level + 1)
            append("\n" + "  " * level + "}")
        elif t is Lazy:
            empty = True
            inner = "\n" + "  " * (level + 1)
            for item in v.items:
                append(("[" if empty else ",") + inner)
                empty = False
                value(item, level + 1)
                flush()
            append("[]" if empty else "\n" + "  " * level + "]")
        elif t is list or t is tuple:
            if not v:
                append("[]")
                return
            inner = "\n" + "  " * (level + 1)
            if all(type(item) is Raw for item in v):  # e.g. the members of a fleet: joined
                append("[" + inner + ("," + inner).join([item.text for item in v]))
                append("\n" + "  " * level + "]")
                flush()
                return
            first = True
            for item in v:
                append(("[" if first else ",") + inner)
                first = False
                value(item, level + 1)
                flush()
            append("\n" + "  " * level + "]")
        else:  # anything unusual (subclasses, enums ...): the standard library decides
            text = json.dumps(v, indent=2, ensure_ascii=False)
            append(text.replace("\n", "\n" + "  " * level))

    value(v, level)


def write_indented(data: Any, out: TextIO, chunk: int = 8192) -> None:
    """Write ``data`` as ``json.dumps(data, indent=2, ensure_ascii=False)`` plus a newline."""
    parts: list[str] = []

    def flush() -> None:
        if len(parts) > chunk:
            out.write("".join(parts))
            parts.clear()

    _encode(data, 0, parts.append, flush)
    parts.append("\n")
    out.write("".join(parts))


def dumps_at(data: Any, level: int) -> str:
    """The text ``write_indented`` gives ``data`` when it sits at nesting ``level``."""
    parts: list[str] = []
    _encode(data, level, parts.append, lambda: None)
    return "".join(parts)


class Template:
    """The JSON text of objects that differ only in a few scalar values.

    ``Template(level, lambda hole: {..., "id": hole(0), ...})`` renders the object once with a
    marker in place of every ``hole(n)``; ``fill(texts)`` gives the text with ``texts[n]``, the
    JSON text of a scalar value (``encode_basestring(s)``, ``int.__repr__(n)``, ``null``), in
    each place: identical to rendering the object with those values.
    The marker holds a random nonce, so no text in the data can be mistaken for one.
    """

    __slots__ = ("format", "order", "parts")

    def __init__(self, level: int, build: Callable[[Callable[[int], str]], Any]) -> None:
        nonce = secrets.token_hex(16)
        text = dumps_at(build(lambda n: f"@{nonce}:{n}@"), level)
        pieces = re.split(f'"@{nonce}:(\\d+)@"', text)
        self.parts: tuple[str, ...] = tuple(pieces[0::2])
        self.order: tuple[int, ...] = tuple(int(n) for n in pieces[1::2])
        #: The text with ``%s`` in each hole (``%`` of the text itself doubled).
        self.format = "%s".join(p.replace("%", "%%") for p in self.parts)

    def fill(self, texts: Sequence[str]) -> Raw:
        """The object's text with ``texts[n]`` (JSON text) in hole ``n``."""
        return Raw(self.format % tuple([texts[n] for n in self.order]))
