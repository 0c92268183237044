"""One big TOML inventory audited in pieces by worker processes: the same report, less memory.

A file of 100,000 systems takes tomli seconds to parse and the parsed document is many times
the size of the text. Here the file is cut before its ``[[systems]]`` headers into chunks of
CHUNK_SYSTEMS systems; each chunk is parsed together with the file's header (everything before
the first ``[[systems]]``: schema version, ``[agency]`` ...), validated and audited in a worker
process, and the parts are merged in order. The workers share the work, and each holds one
chunk at a time. A worker makes the plan of systems alike once for all its chunks and sends it
once (``engine.PlanCache``): a city's cameras differ in a few fields, over and over.

The cut is a shortcut, never a second parser: whenever a piece does not stand on its own (a
header line inside a multi-line string, a table after the systems, a chunk that is not
certainly valid, an id repeated across chunks) ``audit_in_chunks`` returns None and the caller
loads the file the ordinary way, which gives the exact report or the exact problems with their
lines. ``tests/test_fast_validation.py`` checks both ways give the same report.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from typing import Any

from frtaudit.audit.engine import AuditedFile, Auditor, PlanCache, Selection
from frtaudit.audit.workers import in_order, wanted, warm_up
from frtaudit.errors import InputError
from frtaudit.load import inventory
from frtaudit.model import Context, InventoryInfo, Rule

#: Systems per chunk: small enough that a worker holds little, big enough to share plans.
CHUNK_SYSTEMS = 2000
#: Smallest file (bytes) worth cutting: below it one process is as fast.
CHUNKED_MIN_BYTES = 16 * 1024 * 1024


def worth_it(path: str, jobs: int) -> bool:
    """Whether ``path`` is a local file big enough to audit in chunks, with workers to do it."""
    if jobs == 1 or wanted(jobs) < 2 or path == "-" or "://" in path:
        return False
    if not path.endswith(".toml"):
        return False
    try:
        return os.stat(path).st_size >= CHUNKED_MIN_BYTES
    except OSError:
        return False


#: The plan cache of this worker process for the run it works for (see PlanCache).
_CACHE: dict[str, PlanCache] = {}


def _plan_cache(run: str) -> PlanCache:
    """This process's plan cache for ``run``; a cache of another run is dropped."""
    cache = _CACHE.get(run)
    if cache is None:
        _CACHE.clear()
        cache = _CACHE[run] = PlanCache(origin=f"{run}:{os.getpid()}")
    return cache


def _audit_chunk(
    run: str,
    path: str,
    text: str,
    count: int,
    start: int,
    lines: list[int | None],
    rule_ids: tuple[str, ...],
    sel: Selection,
    ctx: Context,
) -> AuditedFile | None:
    """Parse, validate and audit one chunk (header included); None when it does not stand alone."""
    from frtaudit.rules import RULES

    try:
        doc = inventory.parse(path, text, "toml")
    except InputError:
        return None
    systems = doc.get("systems") if isinstance(doc, dict) else None
    if not isinstance(systems, list) or len(systems) != count:
        return None  # a header inside a string, or systems written another way
    if not inventory.quick_valid(path, doc):
        return None
    inv = inventory.Inventory(path, "", doc, lines)
    rules = tuple(RULES[r] for r in rule_ids)
    return Auditor(rules, sel, ctx).plan_inventory(inv, 0, start=start, cache=_plan_cache(run))


def audit_in_chunks(
    path: str,
    rules: tuple[Rule, ...],
    sel: Selection,
    ctx: Context,
    jobs: int,
    progress: Callable[[str, int, int], None] | None = None,
) -> Auditor | None:
    """An auditor holding the one inventory ``path``, audited in chunks; None: load it whole."""

    warm_up()
    try:
        raw = inventory.read_bytes(path)
        text = inventory.decode(path, raw)
    except InputError:
        return None
    if inventory.detect_format(path, text) != "toml" or inventory.starts_with_system(text):
        return None
    offsets = inventory.header_offsets(text)
    if len(offsets) < 2 * CHUNK_SYSTEMS or len(offsets) > inventory.MAX_SYSTEMS:
        return None
    sha256 = hashlib.sha256(raw).hexdigest()
    del raw
    lines = inventory.header_lines(text, offsets)
    header = text[: offsets[0]]
    rule_ids = tuple(r.id for r in rules)
    run = os.urandom(8).hex()  # names this run's plan caches in the workers

    def tasks() -> Iterator[tuple[Any, ...]]:
        for first in range(0, len(offsets), CHUNK_SYSTEMS):
            last = min(first + CHUNK_SYSTEMS, len(offsets))
            end = offsets[last] if last < len(offsets) else len(text)
            body = header + text[offsets[first] : end]
            yield (run, path, body, last - first, first, lines[first:last], rule_ids, sel, ctx)

    merged = Auditor(rules, sel, ctx)
    seen: set[str] = set()
    done = frt = 0
    info: InventoryInfo | None = None
    workers = min(wanted(jobs), -(-len(offsets) // CHUNK_SYSTEMS))
    with in_order(_audit_chunk, tasks(), workers) as parts:
        for part in parts:
            if part is None or any(sid in seen for sid, *_ in part.systems):
                return None
            seen.update(sid for sid, *_ in part.systems)
            try:
                merged.add(part, 0, start=done)
            except LookupError:  # a plan named before it was sent: cannot happen in order
                return None
            done += len(part.systems)
            frt += part.info.frt_systems
            info = part.info
            if progress is not None:
                progress("audit", done, len(offsets))
    assert info is not None
    merged.inventories.append(
        InventoryInfo(
            path=path,
            sha256=sha256,
            agency_id=info.agency_id,
            agency_name=info.agency_name,
            country=info.country,
            systems=len(offsets),
            frt_systems=frt,
        )
    )
    return merged
