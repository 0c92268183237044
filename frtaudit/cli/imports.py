"""CLI commands that create inventories: ``frtaudit import ...`` and ``frtaudit init``.

The import summary (rows read, imported, rejected with line numbers, data-quality counts) goes
to standard error; the inventory goes to the file named by ``-o`` (or standard output), or to
one file per managing agency with ``--split DIR``. Files are written atomically, an existing
file is replaced only with ``--force``, and the input file is never overwritten.
"""

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TextIO

from frtaudit.cli.console import EXIT_OK, input_errors, stderr


def _same_file(a: str, b: str) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except (OSError, RuntimeError):
        return os.path.abspath(a) == os.path.abspath(b)


def check_target(path: str, inputs: Sequence[str], force: bool) -> None:
    """Refuse to write over an input (ever) or an existing file (without ``force``).

    The inventories written are TOML, so a ``.json`` name is refused too.
    """
    from frtaudit.errors import InputError, Problem, UsageError

    for given in inputs:
        if _same_file(path, given):
            raise UsageError("import_output_is_input", path=path)
    if path.lower().endswith(".json"):  # it would be read back as JSON
        raise UsageError("output_not_toml", path=path)
    if os.path.isdir(path):
        raise InputError([Problem(path, "is_directory")])
    if os.path.exists(path) and not force:
        raise InputError(
            [Problem(path, "output_exists", {"path": path}, hint="output_exists_hint")]
        )


def write_text(path: str, text: str) -> None:
    """Write ``text`` to ``path`` atomically; a failure is a usage error (exit 2)."""
    write_texts([(path, text)])


def write_texts(files: Sequence[tuple[str, str]]) -> None:
    """Write every file or none (see :func:`frtaudit.files.write_all`); failure is exit 2."""
    from frtaudit.errors import UsageError
    from frtaudit.files import WriteFailed, write_all

    def writer(text: str) -> Callable[[TextIO], None]:
        def write(fh: TextIO) -> None:
            fh.write(text)

        return write

    try:
        write_all([(path, writer(text)) for path, text in files])
    except WriteFailed as exc:
        error = exc.error.strerror or str(exc.error)
        raise UsageError("cannot_write", path=exc.path, error=error) from None


def check_size(source: str, docs: Sequence[Any], split: bool) -> None:
    """Refuse to write an inventory the scan would refuse (more than MAX_SYSTEMS systems)."""
    from frtaudit.errors import InputError, Problem
    from frtaudit.load.inventory import MAX_SYSTEMS

    for doc in docs:
        count = len(doc.data["systems"])
        if count > MAX_SYSTEMS:
            hint = "too_many_systems_hint" if split else "import_too_many_hint"
            params = {"count": count, "limit": MAX_SYSTEMS}
            raise InputError([Problem(source, "import_too_many", params, hint=hint)])


@contextmanager
def _progress(cat: Any) -> Iterator[Callable[[int, int], None] | None]:
    """A Rich progress bar on standard error, only on a terminal and outside CI."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
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


def register(app: Any, cat: Any, lang: str) -> None:
    """Add ``import kr-cctv`` and ``init`` to ``app``."""
    import typer

    root: typer.Typer = app
    h: Callable[[str], str] = lambda key: cat.t(f"cli.{key}")  # noqa: E731
    LangOpt = Annotated[str | None, typer.Option("--lang", help=h("lang"))]

    import_app = typer.Typer(
        help=h("import"), no_args_is_help=True, add_completion=False, rich_markup_mode=None
    )
    root.add_typer(import_app, name="import")

    @import_app.command("kr-cctv", help=h("import_kr_cctv"))
    def kr_cctv(
        file: Annotated[str, typer.Argument(help=h("import_file"), show_default=False)],
        output: Annotated[
            str | None, typer.Option("--output", "-o", help=h("import_output"))
        ] = None,
        split: Annotated[str | None, typer.Option("--split", help=h("import_split"))] = None,
        encoding: Annotated[
            str | None, typer.Option("--encoding", help=h("import_encoding"))
        ] = None,
        force: Annotated[bool, typer.Option("--force", help=h("import_force"))] = False,
        lang_opt: LangOpt = None,
    ) -> None:
        from frtaudit.importers.kr_cctv import documents, import_file, summary_lines

        def load(progress: Any, split_files: bool) -> tuple[Any, Any, list[str]]:
            result = import_file(file, cat, encoding=encoding, progress=progress)
            return result, documents(result, cat, split=split_files), summary_lines(result, cat)

        _write_import(file, output, split, force, load)

    @import_app.command("nl-algoritmeregister", help=h("import_nl"))
    def nl_algoritmeregister(
        file: Annotated[str, typer.Argument(help=h("import_nl_file"), show_default=False)],
        output: Annotated[
            str | None, typer.Option("--output", "-o", help=h("import_output"))
        ] = None,
        split: Annotated[str | None, typer.Option("--split", help=h("import_nl_split"))] = None,
        force: Annotated[bool, typer.Option("--force", help=h("import_force"))] = False,
        lang_opt: LangOpt = None,
    ) -> None:
        from frtaudit.importers import nl_algoritmeregister as nl

        def load(progress: Any, split_files: bool) -> tuple[Any, Any, list[str]]:
            result = nl.import_file(file, cat, progress=progress)
            return (
                result,
                nl.documents(result, cat, split=split_files),
                nl.summary_lines(result, cat),
            )

        _write_import(file, output, split, force, load)

    def _write_import(
        file: str, output: str | None, split: str | None, force: bool, load: Any
    ) -> None:
        """Shared by every importer: check targets, import, report, write atomically."""
        from frtaudit.errors import UsageError
        from frtaudit.importers.toml_writer import dumps_inventory

        with input_errors(lang):
            if output is not None and split is not None:
                raise UsageError("import_output_conflict")
            if output is not None and output != "-":
                check_target(output, [file], force)
            if split is not None and os.path.exists(split) and not os.path.isdir(split):
                raise UsageError("import_split_not_dir", path=split)
            with _progress(cat) as progress:
                _, docs, lines = load(progress, split is not None)
            check_size(file, docs, split is not None)
            targets: list[tuple[str | None, Any]] = []
            if split is not None:
                for doc in docs:
                    target = os.path.join(split, doc.stem + ".toml")
                    check_target(target, [file], force)
                    targets.append((target, doc))
            else:
                targets.append((None if output in (None, "-") else output, docs[0]))
            for line in lines:
                stderr(line)
            if split is not None:
                try:
                    os.makedirs(split, exist_ok=True)
                except OSError as exc:
                    raise UsageError(
                        "cannot_write", path=split, error=exc.strerror or str(exc)
                    ) from None
            texts = [
                (
                    path,
                    dumps_inventory(
                        doc.data, header=doc.header, system_comments=doc.system_comments
                    ),
                )
                for path, doc in targets
            ]
            write_texts([(path, text) for path, text in texts if path is not None])
            for (path, text), (_, doc) in zip(texts, targets, strict=True):
                if path is None:
                    sys.stdout.write(text)
                else:
                    stderr(cat.t("import.wrote", path=path, systems=len(doc.data["systems"])))
        raise typer.Exit(EXIT_OK)

    @root.command("init", help=h("init"))
    def init(
        output: Annotated[
            str, typer.Option("--output", "-o", help=h("init_output"))
        ] = "inventory.toml",
        force: Annotated[bool, typer.Option("--force", help=h("init_force"))] = False,
        lang_opt: LangOpt = None,
    ) -> None:
        from frtaudit.importers.starter import STARTER, starter_systems

        if output == "-":  # standard output, as for import
            sys.stdout.write(STARTER)
            raise typer.Exit(EXIT_OK)
        with input_errors(lang):
            check_target(output, [], force)
            write_text(output, STARTER)
        stderr(cat.t("init.wrote", path=output, systems=starter_systems()))
        raise typer.Exit(EXIT_OK)
