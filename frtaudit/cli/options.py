"""Turn command-line words into settings; every mistake is a UsageError (exit 2).

Values are parsed and checked by the library (:func:`frtaudit.scan.build_request`); what stays
here is what only a command line has: ``--param name=value`` words and the colour of the
terminal this process writes to.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableMapping
from contextlib import contextmanager

from frtaudit.errors import UsageError

#: Environment variables Rich reads to decide on colour and escape codes.
_COLOR_VARIABLES = ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE")


def param_pairs(values: Iterable[str] | None) -> dict[str, str]:
    """``--param a=1 --param b=2`` -> ``{"a": "1", "b": "2"}``."""
    out: dict[str, str] = {}
    for text in values or ():
        name, sep, value = text.partition("=")
        if not sep or not name.strip():
            raise UsageError("bad_param_syntax_full", text=text)
        out[name.strip()] = value
    return out


def color_off(mode: str | None, environ: MutableMapping[str, str]) -> bool:
    """Whether output must carry no escape code at all: ``--color never``, or NO_COLOR set."""
    if mode not in (None, "auto", "always", "never"):
        raise UsageError("bad_color", value=mode)
    if mode == "never":
        return True
    return mode != "always" and environ.get("NO_COLOR", "") != ""


@contextmanager
def color_mode(mode: str | None, environ: MutableMapping[str, str]) -> Iterator[bool]:
    """Apply ``--color`` (auto, always, never; NO_COLOR honoured) while the block runs.

    ``never`` and NO_COLOR mean no escape code at all, bold and dim included, also on a
    terminal: Rich is told the output is no terminal (TTY_COMPATIBLE=0), so it writes plain
    text at the terminal's width. ``always`` forces colour even into a pipe. The environment
    is restored afterwards. Yields whether colour is off.
    """
    off = color_off(mode, environ)
    saved = {name: environ.get(name) for name in _COLOR_VARIABLES}
    if off:
        environ.pop("FORCE_COLOR", None)
        environ["NO_COLOR"] = "1"
        environ["TTY_COMPATIBLE"] = "0"
    elif mode == "always":
        environ.pop("NO_COLOR", None)
        environ["FORCE_COLOR"] = "1"
        environ["TTY_COMPATIBLE"] = "1"
    try:
        yield off
    finally:
        for name, value in saved.items():
            if value is None:
                environ.pop(name, None)
            else:
                environ[name] = value
