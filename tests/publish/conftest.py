"""Helpers of the publish tests: run ``frtaudit publish`` and read every file it wrote."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from frtaudit.cli import main

AS_OF = "2026-11-22"


def run_cli(args: list[str]) -> int:
    try:
        main(args)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def publish(paths: list[Path], out: Path, *extra: str) -> int:
    return run_cli(["publish", *map(str, paths), "--out", str(out), "--as-of", AS_OF, *extra])


def written(folder: Path) -> dict[str, str]:
    """Relative path -> text of every file under ``folder``."""
    return {
        str(p.relative_to(folder)): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def write_json(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


@pytest.fixture
def tmp_inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir()
    return folder
