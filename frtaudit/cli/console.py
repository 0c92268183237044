"""What every command shares: exit codes, safe output on standard error, input errors as exit 2.

Exit codes are an API: 0 no gap at or above --fail-on, 1 gaps, 2 could not run or invalid input.
"""

import os
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

EXIT_OK, EXIT_GAPS, EXIT_INVALID = 0, 1, 2
#: Problems printed per file before "... and N more problem(s)" (the count is always complete).
SHOWN_PROBLEMS = 50


def safe(text: str) -> str:
    """Text fit for any terminal: control characters shown, undecodable path bytes as \\xNN."""
    from frtaudit.i18n.text import printable

    try:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return printable(text)


def stderr(text: str) -> None:
    sys.stderr.write(safe(text) + "\n")


def print_problems(problems: Sequence[Any], cat: Any, prefix: str = "") -> None:
    """Each problem on standard error, at most SHOWN_PROBLEMS per file, then how many more."""
    total = Counter(p.file for p in problems)
    shown: Counter[str] = Counter()
    lead = prefix + " " if prefix else ""
    for problem in problems:
        shown[problem.file] += 1
        n = shown[problem.file]
        if n <= SHOWN_PROBLEMS:
            stderr(lead + problem.render(cat))
        elif n == total[problem.file]:
            more = n - SHOWN_PROBLEMS
            stderr(f"{lead}{problem.file}: " + cat.t("errors.more_problems", count=more))


@contextmanager
def input_errors(lang: str) -> Iterator[None]:
    """Turn InputError and UsageError into messages on stderr and exit code 2."""
    import typer

    from frtaudit.errors import InputError, UsageError
    from frtaudit.i18n import catalog

    try:
        yield
    except InputError as exc:
        cat = catalog(lang)
        print_problems(exc.problems, cat)
        files = len({p.file for p in exc.problems})
        stderr(cat.t("errors.summary_invalid", count=len(exc.problems), files=files))
        raise typer.Exit(EXIT_INVALID) from None
    except UsageError as exc:
        stderr("frtaudit: " + exc.render(catalog(lang)))
        raise typer.Exit(EXIT_INVALID) from None


@contextmanager
def progress(quiet: bool) -> Iterator[Any]:
    """A progress callback that shows a bar on a terminal once a run takes a moment.

    Never in a pipe, under CI=true, with --quiet, or when colour is off (``--color never``,
    NO_COLOR: no escape code at all): then the callback does nothing.
    """
    import time

    show = (
        not quiet
        and sys.stderr.isatty()
        and os.environ.get("CI", "").lower() not in ("1", "true")
        and not colour_off()
    )
    if not show:
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    started = time.monotonic()
    state: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        if "bar" not in state:
            if time.monotonic() - started < 0.5:
                return
            bar = Progress(console=Console(file=sys.stderr), transient=True)
            bar.start()
            state["bar"] = bar
        bar = state["bar"]
        task = state.get(stage)
        if task is None:
            task = state[stage] = bar.add_task(stage, total=total)
        bar.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        if "bar" in state:
            state["bar"].stop()


def colour_off() -> bool:
    """True when NO_COLOR is set (``--color never`` sets it while a scan runs)."""
    return os.environ.get("NO_COLOR", "") != ""


def print_markdown(text: str, out: Any) -> None:
    """Markdown rendered for a terminal by Rich: headings, bold, code blocks.

    Colour follows the terminal, FORCE_COLOR and NO_COLOR (NO_COLOR: no escape code at all).
    """
    from rich.console import Console
    from rich.markdown import Markdown

    console = Console(file=out, highlight=False, emoji=False, soft_wrap=False)
    console.print(Markdown(text, code_theme="ansi_dark", hyperlinks=False))


_TYPE_KEYS = ("boolean", "string", "integer", "number", "date", "url", "object", "array")


def field_text(doc: Any, cat: Any) -> str:
    """``frtaudit schema --field``: one field's type, allowed values, description, example."""
    import json

    def value(v: Any) -> str:
        return "true" if v is True else "false" if v is False else json.dumps(v, ensure_ascii=False)

    def type_name(t: str) -> str:
        inner = t.removeprefix("array of ")
        name = cat.t(f"schema_field.type_{inner}") if inner in _TYPE_KEYS else inner
        return cat.t("schema_field.type_list", item=name) if t != inner else name

    lines = [doc.path]
    if "boolean" in doc.types and "unknown" in doc.allowed:  # the three-valued flags
        types = cat.t("schema_field.type_tri")
    else:
        types = cat.t("schema_field.or").join(type_name(t) for t in doc.types)
    lines.append(cat.t("schema_field.type", types=types))
    if doc.allowed:
        lines.append(cat.t("schema_field.allowed", values=", ".join(value(v) for v in doc.allowed)))
    for keyword, limit in doc.limits:
        lines.append(cat.t(f"schema_field.limit_{keyword}", limit=limit))
    lines.append(cat.t("schema_field.required_yes" if doc.required else "schema_field.required_no"))
    if doc.description:
        lines.append(cat.t("schema_field.description", description=doc.description))
    lines.append(cat.t("schema_field.example"))
    lines += ["    " + line for line in doc.example.splitlines()]
    return "\n".join(safe(line) for line in lines) + "\n"
