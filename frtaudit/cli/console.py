"""What every command shares: exit codes, safe output on standard error, input errors as exit 2.

Exit codes are an API: 0 no gap at or above --fail-on, 1 gaps, 2 could not run or invalid input.
"""

import os
import sys
from collections import Counter
from collections.abc import Iterator
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
        total = Counter(p.file for p in exc.problems)
        shown: Counter[str] = Counter()
        for problem in exc.problems:
            shown[problem.file] += 1
            n = shown[problem.file]
            if n <= SHOWN_PROBLEMS:
                stderr(problem.render(cat))
            elif n == total[problem.file]:
                more = n - SHOWN_PROBLEMS
                stderr(f"{problem.file}: " + cat.t("errors.more_problems", count=more))
        files = len(total)
        stderr(cat.t("errors.summary_invalid", count=len(exc.problems), files=files))
        raise typer.Exit(EXIT_INVALID) from None
    except UsageError as exc:
        stderr("frtaudit: " + exc.render(catalog(lang)))
        raise typer.Exit(EXIT_INVALID) from None


@contextmanager
def progress(quiet: bool) -> Iterator[Any]:
    """A progress callback that shows a bar on a terminal once a run takes a moment.

    Never in a pipe, under CI=true, or with --quiet: then the callback does nothing.
    """
    import time

    show = (
        not quiet and sys.stderr.isatty() and os.environ.get("CI", "").lower() not in ("1", "true")
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
