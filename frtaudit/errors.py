"""Problems with the input: collected, not raised one by one, rendered from the catalogue."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from frtaudit.i18n import Catalog


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can.

    ``key`` and ``hint`` are catalogue keys under ``errors.``; ``path`` is a JSON path such as
    ``$.systems[2].capabilities`` when the problem is inside the document.
    """

    file: str
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    line: int | None = None
    col: int | None = None
    path: str = ""
    hint: str = ""

    def render(self, cat: Catalog) -> str:
        """``FILE:LINE:COL: $.path: message (hint)`` in the catalogue's language."""
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        text = cat.t(f"errors.{self.key}", **self.params)
        if self.path:
            text = f"{self.path}: {text}"
        if self.hint:
            text += (
                "\n  "
                + cat.t("errors.hint_prefix")
                + " "
                + cat.t(f"errors.{self.hint}", **self.params)
            )
        return f"{where}: {text}"

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        """Order problems by file, line, column, path."""
        return (self.file, self.line or 0, self.col or 0, self.path)


class InputError(Exception):
    """The input could not be used; carries every problem found, sorted."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = sorted(problems, key=lambda p: p.sort_key)


class UsageError(Exception):
    """A command-line or configuration mistake (exit code 2), with a catalogue key."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def render(self, cat: Catalog) -> str:
        """The message in the catalogue's language."""
        return cat.t(f"errors.{self.key}", **self.params)


def json_path(path: Sequence[str | int]) -> str:
    """``('systems', 2, 'capabilities')`` -> ``$.systems[2].capabilities``."""
    out = ["$"]
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif part.isidentifier():
            out.append(f".{part}")
        else:
            escaped = part.replace("\\", "\\\\").replace('"', '\\"')
            out.append(f'["{escaped}"]')
    return "".join(out)
