"""Fuzzing every parser and command (issue 10): no traceback, no hang, exit 0, 1 or 2.

Targets: ``validate`` and ``scan`` (random bytes, byte mutations of the sample inventories in
TOML and JSON), ``scan --baseline`` and ``diff`` (byte and structure mutations of a real json
report), ``import kr-cctv`` (random bytes, mutations of the Korean CCTV CSV extracts),
``config show`` (random config documents and bytes), ``explain`` (random rule ids) and
``init`` (random output names, with and without --force).

Every example has a time bound (hypothesis ``deadline``): a hang or a super-linear case fails.
The example counts (EXAMPLES) add up to about 10,600 and keep this file under three minutes on
two cores; FRTAUDIT_FUZZ_SCALE multiplies them (0.2 for a quick look, 5 for a long night).
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from frtaudit.cli.app import build_app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sample_inventories").glob("*.toml"))
TOML_TEXTS = [p.read_bytes() for p in SAMPLES]
CSV_TEXTS = [p.read_bytes() for p in sorted((ROOT / "tests" / "data" / "kr-cctv").glob("*.csv"))]
APP = build_app("en")
SCALE = float(os.environ.get("FRTAUDIT_FUZZ_SCALE", "1"))
#: Examples per test at scale 1: 4,400 for validate/scan, 600-1,500 for each other command.
EXAMPLES = {
    "test_validate_scan_random_bytes": 1600,
    "test_validate_scan_mutated_toml": 1600,
    "test_validate_scan_mutated_json": 800,
    "test_diff": 1400,
    "test_scan_baseline": 400,
    "test_import_kr_cctv": 1500,
    "test_config_show": 1500,
    "test_explain": 1200,
    "test_init": 600,
}


def fuzz(examples: int) -> Any:
    """Hypothesis settings: ``examples`` times the scale, a per-example time bound."""
    return settings(
        max_examples=max(1, int(examples * SCALE)),
        deadline=5000,  # milliseconds per example: no hang
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        derandomize=True,
        database=None,
    )


def _json_inventory(raw: bytes) -> bytes:
    import tomllib

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, date):
            return value.isoformat()
        return value

    return json.dumps(plain(tomllib.loads(raw.decode("utf-8"))), ensure_ascii=False).encode()


JSON_TEXTS = [_json_inventory(t) for t in TOML_TEXTS]


def _report(sample: Path, as_of: str) -> dict[str, Any]:
    from frtaudit.report.json_report import report_data
    from frtaudit.scan import ScanRequest, run

    req = ScanRequest(paths=[str(sample)], as_of=date.fromisoformat(as_of), profiles=("nhrck",))
    return report_data(run(req))


REPORTS = [
    _report(ROOT / "sample_inventories" / "gov_complex_gates.toml", "2026-11-22"),
    _report(ROOT / "sample_inventories" / "transit_realtime_pilot.toml", "2025-01-01"),
]
REPORT_TEXTS = [json.dumps(r, ensure_ascii=False).encode() for r in REPORTS]


def invoke(args: list[str], cwd: str) -> int:
    """Run the CLI in ``cwd``; fail on any exception, traceback or unexpected exit code."""
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(APP, args)
    finally:
        os.chdir(old)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code


# -- mutations ------------------------------------------------------------------------------------

TOKENS = [
    b'"unknown"',
    b"true",
    b"-1",
    b"1e999",
    b"nan",
    b"[[systems]]\n",
    b"[systems.capabilities]\n",
    b"{",
    b"}",
    b"[",
    b"]",
    b"\n",
    b"=",
    b",",
    b'"',
    b"'''",
    b"\\u",
    b"\\ud800",
    b"9999-12-31",
    b"0001-01-01",
    b"2024-02-30",
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\xea\xb0",  # half a Korean syllable
    b"99999999999999999999999",
    b"\x1b[31m",
]


@st.composite
def mutated(draw: st.DrawFn, texts: list[bytes]) -> bytes:
    """A sample with a few bytes flipped, cut, inserted, or lines cut or repeated."""
    text = bytearray(draw(st.sampled_from(texts)))
    for _ in range(draw(st.integers(1, 6))):
        if not text:
            break
        op = draw(st.sampled_from(["flip", "delete", "insert", "cut_line", "dup_line", "truncate"]))
        i = draw(st.integers(0, len(text) - 1))
        if op == "flip":
            text[i] = draw(st.integers(0, 255))
        elif op == "delete":
            del text[i : i + draw(st.integers(1, 60))]
        elif op == "insert":
            text[i:i] = draw(st.sampled_from(TOKENS))
        elif op == "truncate":
            del text[i:]
        else:
            lines = bytes(text).split(b"\n")
            j = draw(st.integers(0, len(lines) - 1))
            if op == "cut_line":
                del lines[j]
            else:
                lines[j:j] = [lines[j]] * draw(st.integers(1, 3))
            text = bytearray(b"\n".join(lines))
    return bytes(text)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(["", "2026-02-30", "0001-01-01", "9999-12-31", "fail", "critical", "x y"]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


DATEISH = st.sampled_from(["2026-02-30", "2026-13-45", "0000-01-01", "9999-12-31", "2026-1-1"])


def _paths(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [at]
    if isinstance(node, dict):
        for k, v in node.items():
            out.extend(_paths(v, (*at, k)))
    elif isinstance(node, list):
        for i, v in enumerate(node[:5]):
            out.extend(_paths(v, (*at, i)))
    return out


@st.composite
def mutated_report(draw: st.DrawFn) -> bytes:
    """A real json report with a few values replaced or removed: schema-valid or not."""
    doc = copy.deepcopy(draw(st.sampled_from(REPORTS)))
    if draw(st.booleans()):  # one top-level field (as_of, rules_hash ...), the rest intact
        doc[draw(st.sampled_from(sorted(doc)))] = draw(st.one_of(DATEISH, JSON_VALUES))
        return json.dumps(doc, ensure_ascii=False).encode()
    paths = _paths(doc)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.sampled_from(paths))
        if not at:
            continue
        parent: Any = doc
        try:
            for part in at[:-1]:
                parent = parent[part]
            if draw(st.booleans()) and isinstance(parent, dict):
                parent.pop(at[-1], None)
            else:
                parent[at[-1]] = draw(JSON_VALUES)
        except (KeyError, IndexError, TypeError):
            continue
    return json.dumps(doc, ensure_ascii=False).encode()


# -- validate and scan ----------------------------------------------------------------------------


def _scan_or_validate(data: bytes, command: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, f"inv{suffix}").write_bytes(data)
        args = [command, f"inv{suffix}"]
        if command == "scan":
            args += ["--as-of", "2026-11-22", "-f", "json:out.json", "-q"]
        code = invoke(args, tmp)
        if command == "scan" and code in (0, 1):
            json.loads(Path(tmp, "out.json").read_text(encoding="utf-8"))  # a complete report


@fuzz(EXAMPLES["test_validate_scan_random_bytes"])
@given(
    st.binary(max_size=3000),
    st.sampled_from(["validate", "scan"]),
    st.sampled_from([".toml", ".json"]),
)
def test_validate_scan_random_bytes(data: bytes, command: str, suffix: str) -> None:
    _scan_or_validate(data, command, suffix)


@fuzz(EXAMPLES["test_validate_scan_mutated_toml"])
@given(mutated(TOML_TEXTS), st.sampled_from(["validate", "scan"]))
def test_validate_scan_mutated_toml(data: bytes, command: str) -> None:
    _scan_or_validate(data, command, ".toml")


@fuzz(EXAMPLES["test_validate_scan_mutated_json"])
@given(mutated(JSON_TEXTS), st.sampled_from(["validate", "scan"]))
def test_validate_scan_mutated_json(data: bytes, command: str) -> None:
    _scan_or_validate(data, command, ".json")


# -- diff and --baseline --------------------------------------------------------------------------


@fuzz(EXAMPLES["test_diff"])
@given(
    st.one_of(mutated_report(), mutated(REPORT_TEXTS), st.binary(max_size=500)),
    st.sampled_from(REPORT_TEXTS),
    st.booleans(),
    st.sampled_from(["terminal", "markdown", "json"]),
)
def test_diff(old: bytes, new: bytes, swap: bool, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "a.json").write_bytes(old)
        Path(tmp, "b.json").write_bytes(new)
        pair = ["b.json", "a.json"] if swap else ["a.json", "b.json"]
        invoke(["diff", *pair, "-f", fmt], tmp)


@fuzz(EXAMPLES["test_scan_baseline"])
@given(st.one_of(mutated_report(), st.binary(max_size=300)))
def test_scan_baseline(baseline: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "old.json").write_bytes(baseline)
        Path(tmp, "inv.toml").write_bytes(TOML_TEXTS[0])
        args = ["scan", "inv.toml", "--as-of", "2026-11-22", "--baseline", "old.json", "-q"]
        invoke([*args, "--fail-on-new", "-f", "json:new.json"], tmp)


# -- import kr-cctv -------------------------------------------------------------------------------


@fuzz(EXAMPLES["test_import_kr_cctv"])
@given(
    st.one_of(mutated(CSV_TEXTS), st.binary(max_size=2000)),
    st.sampled_from([[], ["--encoding", "cp949"], ["--encoding", "utf-8"], ["--split", "out"]]),
)
def test_import_kr_cctv(data: bytes, options: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "cctv.csv").write_bytes(data)
        code = invoke(
            [
                "import",
                "kr-cctv",
                "cctv.csv",
                *options,
                *(["-o", "inv.toml"] if "--split" not in options else []),
            ],
            tmp,
        )
        if code == 0 and "--split" not in options:
            # what the importer writes is an inventory frtaudit accepts
            assert invoke(["validate", "inv.toml"], tmp) == 0


# -- config show ----------------------------------------------------------------------------------

CONFIG_KEYS = ["profiles", "params", "fail_on", "select", "ignore", "formats", "lang", "quiet"]
CONFIG_KEYS += ["no_waivers", "baseline", "color", "check_links", "link_cache", "notify", "x"]


@st.composite
def config_text(draw: st.DrawFn) -> bytes:
    from frtaudit.importers.toml_writer import dumps_inventory

    doc = draw(
        st.dictionaries(
            st.sampled_from(CONFIG_KEYS),
            st.one_of(
                st.text(max_size=12),
                st.booleans(),
                st.integers(-5, 5),
                st.lists(st.sampled_from(["nhrck", "kr-pipa", "NHRCK-*", "", "nope"]), max_size=3),
                st.dictionaries(
                    st.sampled_from(["hria_max_age_months", "y"]), st.integers(-3, 99), max_size=2
                ),
            ),
            max_size=5,
        )
    )
    try:
        return dumps_inventory(doc).encode()
    except Exception:  # a value the writer cannot express: plain JSON bytes instead
        return json.dumps(doc).encode()


@fuzz(EXAMPLES["test_config_show"])
@given(
    st.one_of(
        config_text(),
        mutated([b'profiles = ["nhrck"]\nfail_on = "high"\n']),
        st.binary(max_size=200),
    ),
    st.booleans(),
)
def test_config_show(data: bytes, found: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        name = "frtaudit.toml" if found else "cfg.toml"
        Path(tmp, name).write_bytes(data)
        invoke(["config", "show", *([] if found else ["--config", name])], tmp)


# -- explain and init -----------------------------------------------------------------------------


@fuzz(EXAMPLES["test_explain"])
@given(
    st.one_of(st.text(max_size=40), st.sampled_from(["NHRCK-HRIA-001", "nhrck-hria-001 ", "EU-*"]))
)
def test_explain(rule_id: str) -> None:
    if "\x00" in rule_id:  # an operating system cannot pass NUL in an argument
        rule_id = rule_id.replace("\x00", "")
    with tempfile.TemporaryDirectory() as tmp:
        invoke(["explain", rule_id], tmp)


@fuzz(EXAMPLES["test_init"])
@given(
    st.text(
        st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00/"),
        min_size=1,
        max_size=30,
    ),
    st.booleans(),
    st.booleans(),
)
def test_init(name: str, exists: bool, force: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if exists and name not in (".", ".."):
            try:
                Path(tmp, name).write_bytes(b"keep me\n")
            except OSError:
                exists = False
        code = invoke(["init", "-o", name, *(["--force"] if force else [])], tmp)
        if code == 0 and name != "-":  # "-" is standard output
            assert invoke(["validate", "--", name], tmp) == 0  # a name may start with "-"
        elif exists and name not in (".", ".."):
            assert Path(tmp, name).read_bytes() == b"keep me\n"


def test_total_examples_are_a_few_thousand() -> None:
    """The documented budget at scale 1, every target fuzzed."""
    assert sum(EXAMPLES.values()) >= 10_000
    assert set(EXAMPLES) == {
        n
        for n in globals()
        if n.startswith("test_") and n != "test_total_examples_are_a_few_thousand"
    }
