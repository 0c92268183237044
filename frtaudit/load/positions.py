"""Map JSON paths of a parsed TOML document back to line numbers.

tomli gives values, not positions. Error messages and report locations need the line of a key or
table, so this module scans the (already valid) TOML text once and records where each key, table
header, array element and inline-table key starts. It is only a locator: it trusts tomli to have
rejected invalid TOML, so it never raises on odd input, it just records less.
"""

from __future__ import annotations

from collections.abc import Iterable

Path = tuple[str | int, ...]

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class _Scanner:
    """Single pass over the text; ``positions`` maps a path to its 1-based line."""

    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0
        self.line = 1
        self.positions: dict[Path, int] = {}
        self.aot_counts: dict[Path, int] = {}  # resolved array-of-tables path -> elements so far

    # -- low-level helpers -------------------------------------------------------------------
    def _peek(self) -> str:
        return self.s[self.i] if self.i < len(self.s) else ""

    def _advance(self, n: int = 1) -> None:
        chunk = self.s[self.i : self.i + n]
        self.line += chunk.count("\n")
        self.i += n

    def _skip_ws(self, newlines: bool = False) -> None:
        while self.i < len(self.s):
            c = self.s[self.i]
            if c in " \t\r" or (newlines and c == "\n"):
                self._advance()
            elif c == "#":
                end = self.s.find("\n", self.i)
                self.i = len(self.s) if end < 0 else end
            else:
                break

    def _skip_string(self) -> str:
        """Skip a string starting at the cursor; return its decoded-enough value (for keys)."""
        s = self.s
        if s.startswith('"""', self.i) or s.startswith("'''", self.i):
            quote = s[self.i : self.i + 3]
            end = self.i + 3
            while True:
                end = s.find(quote, end)
                if end < 0:
                    self._advance(len(s) - self.i)
                    return ""
                if quote == '"""' and _escaped(s, end):
                    end += 1
                    continue
                break
            while s.startswith(quote[0], end + 3):  # up to two quotes may end the content
                end += 1
            value = s[self.i + 3 : end]
            self._advance(end + 3 - self.i)
            return value
        quote = s[self.i]
        j = self.i + 1
        out: list[str] = []
        while j < len(s) and s[j] != quote and s[j] != "\n":
            if quote == '"' and s[j] == "\\" and j + 1 < len(s):
                out.append(s[j + 1])
                j += 2
                continue
            out.append(s[j])
            j += 1
        self._advance(j + 1 - self.i)
        return "".join(out)

    def _key(self) -> list[str]:
        """Read a possibly dotted, possibly quoted key."""
        parts: list[str] = []
        while True:
            self._skip_ws()
            c = self._peek()
            if c in ('"', "'"):
                parts.append(self._skip_string())
            else:
                j = self.i
                while j < len(self.s) and self.s[j] in _BARE:
                    j += 1
                if j == self.i:
                    return parts
                parts.append(self.s[self.i : j])
                self._advance(j - self.i)
            self._skip_ws()
            if self._peek() == ".":
                self._advance()
                continue
            return parts

    # -- values ------------------------------------------------------------------------------
    def _value(self, path: Path) -> None:
        self._skip_ws()
        c = self._peek()
        if c in ('"', "'"):
            self._skip_string()
        elif c == "[":
            self._advance()
            index = 0
            while True:
                self._skip_ws(newlines=True)
                if self._peek() in ("]", ""):
                    self._advance()
                    return
                self.positions.setdefault((*path, index), self.line)
                self._value((*path, index))
                index += 1
                self._skip_ws(newlines=True)
                if self._peek() == ",":
                    self._advance()
        elif c == "{":
            self._advance()
            while True:
                self._skip_ws()
                if self._peek() in ("}", "", "\n"):
                    self._advance()
                    return
                line = self.line
                key = self._key()
                if not key:
                    self._advance()
                    continue
                self._record((*path, *key), line)
                self._skip_ws()
                if self._peek() == "=":
                    self._advance()
                self._value((*path, *key))
                self._skip_ws()
                if self._peek() == ",":
                    self._advance()
        else:
            while self.i < len(self.s) and self.s[self.i] not in ",]}\n#":
                self.i += 1

    def _record(self, path: Path, line: int) -> None:
        for n in range(1, len(path) + 1):
            self.positions.setdefault(path[:n], line)

    # -- tables --------------------------------------------------------------------------------
    def _resolve(self, keys: list[str]) -> Path:
        """Resolve a header's keys, descending into the last element of arrays of tables."""
        resolved: list[str | int] = []
        for k in keys:
            resolved.append(k)
            count = self.aot_counts.get(tuple(resolved))
            if count:
                resolved.append(count - 1)
        return tuple(resolved)

    def run(self) -> dict[Path, int]:
        table: Path = ()
        while self.i < len(self.s):
            self._skip_ws(newlines=True)
            if self.i >= len(self.s):
                break
            line = self.line
            if self.s.startswith("[[", self.i):
                self._advance(2)
                keys = self._key()
                parent = self._resolve(keys[:-1])
                array_path = (*parent, keys[-1]) if keys else parent
                count = self.aot_counts.get(array_path, 0)
                self.aot_counts[array_path] = count + 1
                table = (*array_path, count)
                self.positions.setdefault(array_path, line)
                self.positions[table] = line
                self._skip_line()
            elif self._peek() == "[":
                self._advance()
                table = self._resolve(self._key())
                self._record(table, line)
                self._skip_line()
            else:
                key = self._key()
                if not key:
                    self._skip_line()
                    continue
                self._record((*table, *key), line)
                self._skip_ws()
                if self._peek() == "=":
                    self._advance()
                    self._value((*table, *key))
                self._skip_line()
        return self.positions

    def _skip_line(self) -> None:
        end = self.s.find("\n", self.i)
        self.i = len(self.s) if end < 0 else end


def _escaped(s: str, i: int) -> bool:
    backslashes = 0
    j = i - 1
    while j >= 0 and s[j] == "\\":
        backslashes += 1
        j -= 1
    return backslashes % 2 == 1


def toml_positions(text: str) -> dict[Path, int]:
    """Return ``{path: line}`` for every key, table and array element of a valid TOML text."""
    return _Scanner(text).run()


def lookup(positions: dict[Path, int], path: Iterable[str | int]) -> int | None:
    """Line of ``path``, or of its nearest recorded ancestor; None when nothing is recorded."""
    p = tuple(path)
    while p:
        line = positions.get(p)
        if line is not None:
            return line
        p = p[:-1]
    return None
