"""Where imported inventories go: one file, standard output, or one file per agency.

The policy of ``frtaudit import ...`` and ``frtaudit init``: an input is never overwritten, an
existing file only with ``force``, a ``.json`` name is refused (the TOML written would be read
back as JSON), an inventory the scan would refuse (more than MAX_SYSTEMS systems) is not written,
and every file of one import is written atomically, all or none, creating missing folders.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

from frtaudit.errors import InputError, Problem, UsageError
from frtaudit.importers import Document, Importer

if TYPE_CHECKING:
    from frtaudit.i18n import Catalog
    from frtaudit.importers import kr_cctv, nl_algoritmeregister

    # Both importer modules are Importers: mypy checks these two lines against the Protocol.
    _KR_CCTV: Importer[kr_cctv.ImportResult] = kr_cctv
    _NL_REGISTER: Importer[nl_algoritmeregister.ImportResult] = nl_algoritmeregister

_Result = TypeVar("_Result")


@dataclass(frozen=True, slots=True)
class Target:
    """Where the inventories of one import go (checked before the import runs)."""

    source: str
    output: str | None  # a file; None: standard output
    split: str | None  # a folder for one file per agency
    force: bool


@dataclass(frozen=True, slots=True)
class ImportedFile:
    """One inventory to write: its path (None: standard output), text and system count."""

    path: str | None
    text: str
    systems: int


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything an import writes, and its summary, before anything is written."""

    files: tuple[ImportedFile, ...]
    summary: tuple[str, ...]


def _same_file(a: str, b: str) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except (OSError, RuntimeError):
        return os.path.abspath(a) == os.path.abspath(b)


def check_target(path: str, inputs: Sequence[str], force: bool) -> None:
    """Refuse to write over an input (ever) or an existing file (without ``force``).

    The inventories written are TOML, so a ``.json`` name is refused too.
    """
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


def target(source: str, output: str | None, split: str | None, force: bool) -> Target:
    """Check where an import will write before it runs (``-`` or None: standard output)."""
    if output is not None and split is not None:
        raise UsageError("import_output_conflict")
    if output is not None and output != "-":
        check_target(output, [source], force)
    if split is not None and os.path.exists(split) and not os.path.isdir(split):
        raise UsageError("import_split_not_dir", path=split)
    return Target(source, None if output in (None, "-") else output, split, force)


def check_size(source: str, docs: Sequence[Document], split: bool) -> None:
    """Refuse to write an inventory the scan would refuse (more than MAX_SYSTEMS systems)."""
    from frtaudit.load.inventory import MAX_SYSTEMS

    for doc in docs:
        count = len(doc.data["systems"])
        if count > MAX_SYSTEMS:
            hint = "too_many_systems_hint" if split else "import_too_many_hint"
            params = {"count": count, "limit": MAX_SYSTEMS}
            raise InputError([Problem(source, "import_too_many", params, hint=hint)])


def plan(importer: Importer[_Result], result: _Result, cat: Catalog, where: Target) -> Plan:
    """The files an import writes: one per agency into ``where.split``, else one."""
    from frtaudit.importers.toml_writer import dumps_inventory

    docs = importer.documents(result, cat, split=where.split is not None)
    check_size(where.source, docs, where.split is not None)
    paths: list[str | None] = []
    if where.split is not None:
        for doc in docs:
            path = os.path.join(where.split, doc.stem + ".toml")
            check_target(path, [where.source], where.force)
            paths.append(path)
    else:
        docs = docs[:1]
        paths.append(where.output)
    files = tuple(
        ImportedFile(
            path,
            dumps_inventory(doc.data, header=doc.header, system_comments=doc.system_comments),
            len(doc.data["systems"]),
        )
        for path, doc in zip(paths, docs, strict=True)
    )
    return Plan(files, tuple(importer.summary_lines(result, cat)))


def write(files: Sequence[tuple[str, str]]) -> None:
    """Write every ``(path, text)`` or none (see :func:`frtaudit.files.write_all`); exit 2."""
    from frtaudit.files import WriteFailed, write_all

    def writer(text: str) -> Callable[[TextIO], None]:
        def write_text(fh: TextIO) -> None:
            fh.write(text)

        return write_text

    try:
        write_all([(path, writer(text)) for path, text in files])
    except WriteFailed as exc:
        error = exc.error.strerror or str(exc.error)
        raise UsageError("cannot_write", path=exc.path, error=error) from None


def write_plan(planned: Plan) -> None:
    """Write the files of ``planned`` that have a path (standard output is the caller's)."""
    write([(f.path, f.text) for f in planned.files if f.path is not None])
