"""``-f FMT[:PATH]`` and ``-o PATH``: which report formats go where."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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
