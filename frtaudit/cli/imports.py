"""CLI commands that create inventories: ``frtaudit import ...`` and ``frtaudit init``.

The import summary (rows read, imported, rejected with line numbers, data-quality counts) goes
to standard error; the inventory goes to the file named by ``-o`` (or standard output), or to
one file per managing agency with ``--split DIR``. Where files go and what may be overwritten
is :mod:`frtaudit.importers.output`; this module parses the options and chains the calls.
"""

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from frtaudit.cli.console import EXIT_OK, colour_off, input_errors, stderr


@contextmanager
def _progress(cat: Any) -> Iterator[Callable[[int, int], None] | None]:
    """A Rich progress bar on standard error, only on a terminal, outside CI, with colour."""
    if not sys.stderr.isatty() or os.environ.get("CI") or colour_off():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

    with Progress(
        TextColumn(cat.t("import.progress")),
        BarColumn(),
        TaskProgressColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("import", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _report(planned: Any, cat: Any) -> None:
    """The summary on standard error, the files written, standard output last."""
    from frtaudit.importers import output

    for line in planned.summary:
        stderr(line)
    output.write_plan(planned)
    for f in planned.files:
        if f.path is None:
            sys.stdout.write(f.text)
        else:
            stderr(cat.t("import.wrote", path=f.path, systems=f.systems))


def register(app: Any, cat: Any, lang: str, command: Any = None) -> None:
    """Add ``import kr-cctv``, ``import nl-algoritmeregister`` and ``init`` to ``app``.

    ``command`` is the Typer command class of the application (help without type names).
    """
    import typer

    root: typer.Typer = app
    h: Callable[[str], str] = lambda key: cat.t(f"cli.{key}")  # noqa: E731
    LangOpt = Annotated[str | None, typer.Option("--lang", metavar="[en|ko]", help=h("lang"))]
    Output = Annotated[
        str | None, typer.Option("--output", "-o", metavar="FILE", help=h("import_output"))
    ]
    Force = Annotated[bool, typer.Option("--force", help=h("import_force"))]

    import_app = typer.Typer(
        help=h("import"), no_args_is_help=True, add_completion=False, rich_markup_mode=None
    )
    root.add_typer(import_app, name="import")

    @import_app.command("kr-cctv", help=h("import_kr_cctv"), cls=command)
    def kr_cctv(
        file: Annotated[
            str, typer.Argument(metavar="FILE.csv", help=h("import_file"), show_default=False)
        ],
        output: Output = None,
        split: Annotated[
            str | None, typer.Option("--split", metavar="DIR", help=h("import_split"))
        ] = None,
        encoding: Annotated[
            str | None, typer.Option("--encoding", metavar="NAME", help=h("import_encoding"))
        ] = None,
        force: Force = False,
        attested_by: Annotated[
            str | None,
            typer.Option(
                "--capabilities-attested-by", metavar="NAME", help=cat.t("attest.by_help")
            ),
        ] = None,
        attested_on: Annotated[
            str | None,
            typer.Option(
                "--capabilities-attested-on", metavar="YYYY-MM-DD", help=cat.t("attest.on_help")
            ),
        ] = None,
        lang_opt: LangOpt = None,
    ) -> None:
        from datetime import date

        from frtaudit.errors import UsageError
        from frtaudit.importers import kr_cctv as importer
        from frtaudit.importers import output as where

        with input_errors(lang):
            attestation = None
            if (attested_by is None) != (attested_on is None) or attested_by == "":
                raise UsageError("attest_incomplete")
            if attested_by is not None and attested_on is not None:
                try:
                    attestation = (attested_by.strip(), date.fromisoformat(attested_on))
                except ValueError:
                    raise UsageError("attest_bad_date", value=attested_on) from None
            target = where.target(file, output, split, force)
            with _progress(cat) as progress:
                result = importer.import_file(file, cat, encoding=encoding, progress=progress)
            result.attestation = attestation
            _report(where.plan(importer, result, cat, target), cat)
        raise typer.Exit(EXIT_OK)

    @import_app.command("nl-algoritmeregister", help=h("import_nl"), cls=command)
    def nl_algoritmeregister(
        file: Annotated[
            str, typer.Argument(metavar="FILE.json", help=h("import_nl_file"), show_default=False)
        ],
        output: Output = None,
        split: Annotated[
            str | None, typer.Option("--split", metavar="DIR", help=h("import_nl_split"))
        ] = None,
        force: Force = False,
        lang_opt: LangOpt = None,
    ) -> None:
        from frtaudit.importers import nl_algoritmeregister as importer
        from frtaudit.importers import output as where

        with input_errors(lang):
            target = where.target(file, output, split, force)
            with _progress(cat) as progress:
                result = importer.import_file(file, cat, progress=progress)
            _report(where.plan(importer, result, cat, target), cat)
        raise typer.Exit(EXIT_OK)

    @root.command("init", help=h("init"), cls=command)
    def init(
        output: Annotated[
            str, typer.Option("--output", "-o", metavar="FILE", help=h("init_output"))
        ] = "inventory.toml",
        force: Annotated[bool, typer.Option("--force", help=h("init_force"))] = False,
        lang_opt: LangOpt = None,
    ) -> None:
        from frtaudit.importers import output as where
        from frtaudit.importers.starter import STARTER, starter_systems

        if output == "-":  # standard output, as for import
            sys.stdout.write(STARTER)
            raise typer.Exit(EXIT_OK)
        with input_errors(lang):
            where.check_target(output, [], force)
            where.write([(output, STARTER)])
        stderr(cat.t("init.wrote", path=output, systems=starter_systems()))
        raise typer.Exit(EXIT_OK)
