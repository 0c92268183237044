"""No input produces a traceback: random bytes and mutated samples give exit 0, 1 or 2."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from frtaudit.cli import build_app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sample_inventories").glob("*.toml"))
TEXTS = [p.read_bytes() for p in SAMPLES]
APP = build_app("en")
FUZZ = settings(
    max_examples=150,
    deadline=3000,  # a per-example time bound: no hang
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)


def run_on(data: bytes, command: str, suffix: str = ".toml") -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"inv{suffix}"
        path.write_bytes(data)
        args = [command, str(path)]
        if command == "scan":
            args += ["--as-of", "2026-11-22"]
        result = CliRunner().invoke(APP, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code


@FUZZ
@given(
    st.binary(max_size=2000),
    st.sampled_from(["validate", "scan"]),
    st.sampled_from([".toml", ".json"]),
)
def test_random_bytes(data: bytes, command: str, suffix: str) -> None:
    run_on(data, command, suffix)


@st.composite
def mutated_sample(draw: st.DrawFn) -> bytes:
    text = bytearray(draw(st.sampled_from(TEXTS)))
    for _ in range(draw(st.integers(1, 8))):
        if not text:
            break
        op = draw(st.sampled_from(["flip", "delete", "insert", "cut_line", "dup_line"]))
        i = draw(st.integers(0, len(text) - 1))
        if op == "flip":
            text[i] = draw(st.integers(0, 255))
        elif op == "delete":
            del text[i : i + draw(st.integers(1, 40))]
        elif op == "insert":
            text[i:i] = draw(
                st.sampled_from(
                    [
                        b'"unknown"',
                        b"true",
                        b"-1",
                        b"[[systems]]\n",
                        b"{",
                        b"]",
                        b"\n",
                        b"=",
                        b"9999-12-31",
                    ]
                )
            )
        else:
            lines = bytes(text).split(b"\n")
            j = draw(st.integers(0, len(lines) - 1))
            if op == "cut_line":
                del lines[j]
            else:
                lines.insert(j, lines[j])
            text = bytearray(b"\n".join(lines))
    return bytes(text)


@FUZZ
@given(mutated_sample(), st.sampled_from(["validate", "scan"]))
def test_mutated_samples(data: bytes, command: str) -> None:
    run_on(data, command)
