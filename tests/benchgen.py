"""``benchmarks/generate.py`` as a module, for the tests that generate inventories with it.

It is a script, not part of the package: loaded once from its path (tests/ is on ``sys.path``
through tests/conftest.py).
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


@functools.cache
def generator() -> ModuleType:
    """The benchmark generator module (``document``, ``write_one``, ``split_sizes`` ...)."""
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks/generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
