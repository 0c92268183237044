"""The model's own logic: three-valued truth, severities, outcomes, fingerprints."""

from __future__ import annotations

import itertools

import pytest

from frtaudit.model import Outcome, Severity, Tri, fingerprint

T, F, U = Tri.TRUE, Tri.FALSE, Tri.UNKNOWN

# Kleene's strong three-valued logic, written out cell by cell.
AND = {
    (T, T): T, (T, F): F, (T, U): U,
    (F, T): F, (F, F): F, (F, U): F,
    (U, T): U, (U, F): F, (U, U): U,
}  # fmt: skip
OR = {
    (T, T): T, (T, F): T, (T, U): T,
    (F, T): T, (F, F): F, (F, U): U,
    (U, T): T, (U, F): U, (U, U): U,
}  # fmt: skip
NOT = {T: F, F: T, U: U}


@pytest.mark.parametrize(("a", "b"), list(itertools.product(Tri, Tri)))
def test_tri_and_or_truth_tables(a: Tri, b: Tri) -> None:
    assert a & b is AND[a, b]
    assert a | b is OR[a, b]


@pytest.mark.parametrize("a", list(Tri))
def test_tri_not_and_de_morgan(a: Tri) -> None:
    assert ~a is NOT[a]
    for b in Tri:
        assert ~(a & b) is (~a | ~b)
        assert ~(a | b) is (~a & ~b)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, T), (False, F), ("unknown", U), (None, U), ("true", U), (1, U), (0, U)],
)
def test_tri_of_takes_only_booleans_as_known(value: object, expected: Tri) -> None:
    assert Tri.of(value) is expected


def test_severity_order_and_parse() -> None:
    assert Severity.LOW < Severity.MEDIUM < Severity.HIGH < Severity.CRITICAL
    assert Severity.parse(" High ") is Severity.HIGH
    with pytest.raises(ValueError):
        Severity.parse("severe")


def test_only_fail_and_unknown_are_gaps() -> None:
    assert {o for o in Outcome if o.is_gap} == {Outcome.FAIL, Outcome.UNKNOWN}
    assert {o for o in Outcome if o.is_quiet} == {Outcome.PASS, Outcome.NOT_APPLICABLE}


def test_fingerprint_separates_its_parts() -> None:
    assert fingerprint("a", "b-c", "R") != fingerprint("a-b", "c", "R")
    assert len(fingerprint("a", "b", "R")) == 32
