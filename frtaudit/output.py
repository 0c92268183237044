"""Where reports go: ``-f FMT[:PATH]`` parsing and atomic file writes.

A report file is written to a temporary file in the same folder and renamed over the target
only when complete, so an interrupted run leaves the previous report intact and a reader never
sees half a report. A path that is one of the inputs is refused.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from frtaudit.errors import UsageError
from frtaudit.report import Format


@dataclass(frozen=True, slots=True)
class Output:
    """One requested report: a format and a file (None = standard output)."""

    fmt: Format
    path: str | None


def parse_outputs(specs: Sequence[str] | None, output: str | None) -> list[Output]:
    """``-f json -f sarif:out.sarif`` (and ``-o PATH`` with a single format)."""
    choices = ", ".join(f.value for f in Format)
    outputs: list[Output] = []
    for spec in specs or ("terminal",):
        name, sep, path = spec.partition(":")
        try:
            fmt = Format(name.strip().lower())
        except ValueError:
            raise UsageError("bad_format_option", value=name, choices=choices) from None
        outputs.append(Output(fmt, path if sep and path else None))
    if output is not None:
        if len(outputs) != 1 or outputs[0].path is not None:
            raise UsageError("output_needs_one_format")
        outputs = [Output(outputs[0].fmt, output)]
    if sum(o.path is None for o in outputs) > 1:
        raise UsageError("one_stdout")
    targets = [o.path for o in outputs if o.path]
    if len(set(targets)) != len(targets):
        raise UsageError("same_output_twice")
    return outputs


def refuse_inputs(outputs: Iterable[Output], inputs: Iterable[str]) -> None:
    """An output path must never be one of the inputs (nothing is lost)."""
    resolved = {_real(p) for p in inputs if p != "-"}
    for o in outputs:
        if o.path and _real(o.path) in resolved:
            raise UsageError("output_is_input", path=o.path)


def _real(path: str) -> str:
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):
        return os.path.abspath(path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str, write: Callable[[TextIO], None]) -> None:
    """Write a text file through ``write(stream)`` atomically; raise OSError on failure."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
