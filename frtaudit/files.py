"""Atomic file writes for reports, imported inventories and published registers.

A file is written to a temporary file in the same folder and renamed over the target
only when complete, so an interrupted run leaves the previous report intact and a reader never
sees half a report. A path that is one of the inputs is refused. Several reports of one run
are staged first and renamed together, so a failure leaves none of them changed. Missing
folders on the way to a file are created (and removed again when the batch fails). A symlink is
followed (the link stays); a device or pipe (``/dev/stdout``) is written directly.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TextIO

from frtaudit.errors import UsageError


def refuse_inputs(targets: Iterable[str | None], inputs: Iterable[str]) -> None:
    """An output path must never be one of the inputs (nothing is lost).

    That includes every inventory inside an input folder, and any new file there that the
    next scan of the folder would take for an inventory.
    """
    given = [p for p in inputs if p != "-"]
    resolved = {_real(p) for p in given}
    folders = [(p, Path(_real(p))) for p in given if os.path.isdir(p)]
    for target in targets:
        if not target:
            continue
        real = Path(_real(target))
        if str(real) in resolved:
            raise UsageError("output_is_input", path=target)
        for shown, folder in folders:
            if _discovered(real, folder):
                if real.exists():
                    raise UsageError("output_is_input", path=target)
                raise UsageError("output_in_input_folder", path=target, folder=shown)


def _discovered(path: Path, folder: Path) -> bool:
    """Would a scan of ``folder`` read ``path`` as an inventory (see inventory.discover)?"""
    from frtaudit.load.inventory import INVENTORY_SUFFIXES, NOT_INVENTORIES

    try:
        parts = path.relative_to(folder).parts
    except ValueError:
        return False
    return (
        bool(parts)
        and not any(part.startswith(".") for part in parts)
        and path.name.endswith(INVENTORY_SUFFIXES)
        and path.name not in NOT_INVENTORIES
    )


def _real(path: str) -> str:
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):
        return os.path.abspath(path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: Temporary files being written right now; removed by :func:`discard_pending` on a signal.
_PENDING: set[str] = set()
_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def discard_pending() -> None:
    """Remove every temporary report file still being written (after an interrupt)."""
    for tmp in list(_PENDING):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        _PENDING.discard(tmp)
    import shutil

    for tree in list(_PENDING_TREES):
        shutil.rmtree(tree, ignore_errors=True)
        _PENDING_TREES.discard(tree)


class WriteFailed(Exception):
    """Writing ``path`` failed with ``error``; nothing of this batch was left behind."""

    def __init__(self, path: str, error: OSError) -> None:
        super().__init__(path, error)
        self.path = path
        self.error = error


def _destination(path: str) -> Path:
    """The file really written: a symlink is followed so the link itself stays."""
    target = Path(path)
    if target.is_symlink():
        with contextlib.suppress(OSError, RuntimeError):
            return target.resolve(strict=False)
    return target


def _special(target: Path) -> bool:
    """True for an existing device, pipe or socket (/dev/null, /dev/stdout ...): no rename."""
    try:
        return not stat.S_ISREG(target.stat().st_mode) and not target.is_dir()
    except OSError:
        return False


def _make_folders(folder: Path, created: list[Path]) -> None:
    """Create ``folder`` and its missing parents, recording each one made (outermost first)."""
    missing: list[Path] = []
    probe = folder
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for each in reversed(missing):
        try:
            each.mkdir()
        except FileExistsError:
            if not each.is_dir():
                raise
            continue
        created.append(each)


def _stage(
    path: str, write: Callable[[TextIO], None], created: list[Path]
) -> tuple[Path, str | None]:
    """Write into a temporary file next to ``path``; (destination, temp file or None)."""
    target = _destination(path)
    if _special(target):
        with open(target, "w", encoding="utf-8", errors="backslashreplace", newline="") as fh:
            write(fh)
        return target, None
    folder = target.parent if str(target.parent) else Path(".")
    _make_folders(folder, created)
    blocked = threading.current_thread() is threading.main_thread()
    if blocked:  # a signal between creating and recording the file would leave it behind
        signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        _PENDING.add(tmp)
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
    except BaseException:
        _discard(tmp)
        raise
    return target, tmp


def _discard(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)
    _PENDING.discard(tmp)


def write_all(items: Sequence[tuple[str, Callable[[TextIO], None]]]) -> None:
    """Write several files all or nothing: every one is staged before any is renamed.

    A failure (disk full, read-only folder, ...) raises :class:`WriteFailed` naming the file
    and leaves no temporary file, no changed target and no folder it created; an interrupt
    leaves the same.
    """
    staged: list[tuple[Path, str]] = []
    created: list[Path] = []
    done = False
    try:
        for path, write in items:
            try:
                target, tmp = _stage(path, write, created)
            except OSError as exc:
                raise WriteFailed(path, exc) from None
            if tmp is not None:
                staged.append((target, tmp))
        for target, tmp in staged:
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise WriteFailed(str(target), exc) from None
            _PENDING.discard(tmp)
            _sync_folder(target.parent)
        done = True
    finally:
        for _, tmp in staged:
            if tmp in _PENDING:
                _discard(tmp)
        if not done:
            for folder in reversed(created):  # innermost first; only if still empty
                with contextlib.suppress(OSError):
                    folder.rmdir()


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (best effort: not every file system allows it)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder if str(folder) else ".", os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: str, write: Callable[[TextIO], None]) -> None:
    """Write a text file through ``write(stream)`` atomically; raise OSError on failure."""
    try:
        write_all([(path, write)])
    except WriteFailed as exc:
        raise exc.error from None


#: The file that marks a folder as written by :func:`replace_tree` (a folder without it, and not
#: empty, is never replaced).
TREE_MARKER = ".frtaudit-tree"


class NotOurTree(Exception):
    """``path`` exists and is not a folder this module wrote (or is not a folder at all)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason  # "not_a_folder" or "not_ours"


def replace_tree(path: str, files: Iterable[tuple[str, str | bytes]], marker_text: str = "") -> int:
    """Write a whole folder at once: built beside ``path`` in a hidden folder, then swapped in.

    ``files`` gives (relative path, text or bytes); text is written as UTF-8 with the newlines
    as given. A failure while building (including an interrupt) removes the new folder and
    leaves ``path`` as it was. The swap renames the previous folder aside, the new one into
    place and only then deletes the previous one; if the second rename fails the previous
    folder is renamed back. A folder is replaced only when it is empty or holds
    :data:`TREE_MARKER` (raise :class:`NotOurTree` otherwise). Returns the number of files.
    """
    import shutil

    target = Path(path)
    if target.exists() or target.is_symlink():
        if not target.is_dir():
            raise NotOurTree(path, "not_a_folder")
        if any(target.iterdir()) and not (target / TREE_MARKER).is_file():
            raise NotOurTree(path, "not_ours")
    parent = target.parent if str(target.parent) else Path(".")
    created: list[Path] = []
    _make_folders(parent, created)
    build = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    _PENDING_TREES.add(str(build))
    count = 0
    old: Path | None = None
    try:
        folders: set[Path] = {build}
        for rel, content in files:
            rel_path = Path(rel)
            if rel_path.is_absolute() or ".." in rel_path.parts:
                raise ValueError(f"not a relative path inside the tree: {rel}")
            dest = build / rel_path
            if dest.parent not in folders:
                dest.parent.mkdir(parents=True, exist_ok=True)
                folders.add(dest.parent)
            data = content.encode("utf-8") if isinstance(content, str) else content
            with open(dest, "wb") as fh:
                fh.write(data)
            count += 1
        (build / TREE_MARKER).write_text(marker_text, encoding="utf-8")
        mode = 0o777 & ~_umask()
        os.chmod(build, mode)
        if target.is_dir():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=parent))
            os.rmdir(old)
            os.replace(target, old)
        try:
            os.replace(build, target)
        except OSError:
            if old is not None:
                os.replace(old, target)
                old = None
            raise
        _sync_folder(parent)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    finally:
        _PENDING_TREES.discard(str(build))
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return count


#: Folders being built by :func:`replace_tree` right now (removed by discard_pending).
_PENDING_TREES: set[str] = set()
