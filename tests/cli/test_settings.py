"""Every scan setting comes from the command line, FRTAUDIT_*, the config file or its default,
and one library function (scan.build_request) turns them into the request (issue 13 part 4,
issue 17 point 10)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import cli

from frtaudit.errors import UsageError
from frtaudit.load.schemas import load_schema
from frtaudit.load.settings import SETTINGS, load_settings
from frtaudit.report import Format
from frtaudit.scan import Output, ScanRequest, build_request, run

ROOT = Path(__file__).resolve().parents[2]
GATES = ROOT / "sample_inventories" / "gov_complex_gates.toml"
TODAY = date(2026, 11, 22)

#: setting -> (config-file TOML value, environment value, command-line words, request check)
CASES: dict[str, tuple[str, str, list[str], Any]] = {
    "jobs": ("2", "3", ["--jobs", "1"], lambda r: r.jobs),
    "link_timeout": ("12.5", "20", ["--link-timeout", "7"], lambda r: r.link_timeout),
    "link_cache_ttl": ("48", "1.5", ["--link-cache-ttl", "6"], lambda r: r.link_cache_ttl_hours),
    "allow_private_network": (
        "true",
        "0",
        ["--allow-private-network"],
        lambda r: r.allow_private_network,
    ),
    "csv_bom": ("true", "0", ["--csv-bom"], lambda r: r.render_options["csv_bom"]),
    "details": ("true", "0", ["--details"], lambda r: r.render_options["details"]),
    "timestamp": ("true", "0", ["--timestamp"], lambda r: "timestamp" in r.render_options),
    "as_of": ("2025-01-02", "2024-05-06", ["--as-of", "2023-03-04"], lambda r: str(r.as_of)),
    "output": (
        '"from-file.json"',
        "from-env.json",
        ["-o", "from-cli.json"],
        lambda r: r.outputs[0].path,
    ),
    "formats": ('["json:f.json"]', "sarif:e.sarif", ["-f", "csv:c.csv"], lambda r: r.outputs),
    "fail_on": ('"critical"', "low", ["--fail-on", "medium"], lambda r: r.fail_on.label),
    "profiles": ('["us-wa"]', "eu-ai-act", ["-p", "kr-pipa"], lambda r: r.profiles),
    "notify": (
        '"http://127.0.0.1:9/file"',
        "http://127.0.0.1:9/env",
        ["--notify", "http://127.0.0.1:9/cli"],
        lambda r: r.notify,
    ),
    "check_links": ("true", "0", ["--check-links"], lambda r: r.check_links),
    "link_cache": (
        '"cache-file"',
        "cache-env",
        ["--link-cache", "cache-cli"],
        lambda r: r.link_cache,
    ),
    "no_waivers": ("true", "0", ["--no-waivers"], lambda r: r.no_waivers),
    "include_passing": ("true", "0", ["--include-passing"], lambda r: r.include_passing),
    "select": ('["NHRCK-HRIA"]', "NHRCK-BAN", ["--select", "NHRCK-LEGAL"], lambda r: r.select),
    "ignore": ('["NHRCK-HRIA"]', "NHRCK-BAN", ["--ignore", "NHRCK-LEGAL"], lambda r: r.ignore),
    "lang": ('"ko"', "en", ["--lang", "ko"], lambda r: r.lang),
}


class _Stop(Exception):
    """Raised instead of running the scan: the request is all a test here needs."""


def _request(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, args: list[str], env: dict[str, str], file: str
) -> ScanRequest:
    """The request ``frtaudit scan`` builds for these words, environment and config file."""
    from typer.testing import CliRunner

    import frtaudit.scan
    from frtaudit.cli.app import build_app

    captured: list[ScanRequest] = []

    def stop(req: ScanRequest, progress: Any = None) -> Any:
        captured.append(req)
        raise _Stop

    monkeypatch.setattr(frtaudit.scan, "run", stop)
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "cfg.toml"
    config.write_text(file, encoding="utf-8")
    unset: dict[str, str | None] = {s.env: None for s in SETTINGS.values()}
    result = CliRunner().invoke(
        build_app("en"),
        ["scan", str(GATES), "--config", str(config), *args],
        env={**unset, "FRTAUDIT_CONFIG": None, **env},
    )
    assert isinstance(result.exception, _Stop), result.output
    return captured[0]


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_layer_sets_the_request(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str
) -> None:
    """Default < config file < FRTAUDIT_* < command line, for one setting at a time.

    Each layer changes the value the one below gave (a switch: on in the file, off in the
    environment, on again on the command line).
    """
    in_file, in_env, words, seen = CASES[name]
    env = {SETTINGS[name].env: in_env}
    line = f"{name} = {in_file}\n"
    default = seen(_request(monkeypatch, tmp_path, [], {}, ""))
    from_file = seen(_request(monkeypatch, tmp_path, [], {}, line))
    from_env = seen(_request(monkeypatch, tmp_path, [], env, line))
    from_cli = seen(_request(monkeypatch, tmp_path, words, env, line))
    values = [repr(v) for v in (default, from_file, from_env, from_cli)]
    assert values[0] != values[1] != values[2] != values[3], values


def test_every_setting_is_tested_here_or_merged_specially() -> None:
    """A new setting must show here that each layer reaches the request."""
    special = {"params", "baseline", "fail_on_new", "quiet", "color"}  # tested on their own
    assert set(SETTINGS) == set(CASES) | special


def test_settings_schema_and_scan_options_agree() -> None:
    """One list: every setting is a config key, an FRTAUDIT_ variable and a scan option."""
    from typer.main import get_command

    from frtaudit.cli.app import build_app

    assert set(load_schema("config")["properties"]) == set(SETTINGS)
    scan = get_command(build_app("en")).commands["scan"]  # type: ignore[attr-defined]
    options = {opt for p in scan.params for opt in p.opts}
    for name, setting in SETTINGS.items():
        assert setting.option in options, name
        env = "FRTAUDIT_" + name.upper()
        assert setting.env in (env, env.removesuffix("S")), name  # FRTAUDIT_PROFILE, _FORMAT
        assert name in load_schema("config")["properties"]


def test_params_merge_layer_by_layer(tmp_path: Path) -> None:
    file = "[params]\nhria_max_age_months = 30\nmax_group_ratio = 2.0\n"
    env = {"FRTAUDIT_PARAM": "hria_max_age_months=40"}
    (tmp_path / "cfg.toml").write_text(file, encoding="utf-8")
    settings = load_settings(
        {"params": {"max_group_ratio": "1.5"}}, str(tmp_path / "cfg.toml"), env
    )
    req = build_request([str(GATES)], settings, today=TODAY)
    assert req.params["hria_max_age_months"] == 40
    assert req.params["max_group_ratio"] == 1.5
    assert settings.sources["params"] == f"{tmp_path / 'cfg.toml'} + FRTAUDIT_PARAM + command line"


def test_config_show_lists_every_setting_with_its_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "frtaudit.toml").write_text("jobs = 2\nlink_timeout = 3.5\n", encoding="utf-8")
    monkeypatch.setenv("FRTAUDIT_ALLOW_PRIVATE_NETWORK", "1")
    monkeypatch.setenv("FRTAUDIT_DETAILS", "true")
    code, out, err = cli("config", "show")
    assert (code, err) == (0, "")
    rows = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert list(rows) == list(SETTINGS)
    config = str(tmp_path / "frtaudit.toml")
    assert re.fullmatch(rf"jobs +2  \({re.escape(config)}\)", rows["jobs"])
    assert re.fullmatch(rf"link_timeout +3\.5  \({re.escape(config)}\)", rows["link_timeout"])
    assert rows["allow_private_network"].endswith("true  (FRTAUDIT_ALLOW_PRIVATE_NETWORK)")
    assert rows["details"].endswith("true  (FRTAUDIT_DETAILS)")
    assert rows["link_cache_ttl"].endswith("24.0  (default)")
    assert rows["as_of"].endswith("null  (default)")


@pytest.mark.parametrize(
    ("env", "file", "args", "message"),
    [
        ({"FRTAUDIT_JOBS": "-1"}, "", [], "FRTAUDIT_JOBS must be 0 or more, got -1"),
        ({"FRTAUDIT_JOBS": "many"}, "", [], "FRTAUDIT_JOBS has a value that cannot be used"),
        ({"FRTAUDIT_LINK_TIMEOUT": "0"}, "", [], "FRTAUDIT_LINK_TIMEOUT must be greater than 0"),
        ({}, "", ["--link-timeout", "-3"], "--link-timeout must be greater than 0, got -3.0"),
        ({}, "link_timeout = 0\n", [], "$.link_timeout: 0 is not valid here"),
        ({}, "jobs = -2\n", [], "$.jobs: -2 is below the minimum of 0"),
        ({"FRTAUDIT_AS_OF": "2026-02-30"}, "", [], "FRTAUDIT_AS_OF must be a date written"),
        ({}, 'as_of = "0001-01-01"\n', [], "as_of ("),
        ({}, "as_of = 9999-01-01\n", [], "must be a date between 1900 and 2200"),
        ({"FRTAUDIT_FAIL_ON_NEW": "1"}, "", [], "FRTAUDIT_FAIL_ON_NEW needs --baseline"),
        ({}, "", ["--fail-on-new"], "--fail-on-new needs --baseline"),
        ({"FRTAUDIT_LANG": "fr"}, "", [], "unknown language 'fr'; choose from: en, ko"),
    ],
)
def test_bad_values_name_where_they_came_from(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    file: str,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    if file:
        (tmp_path / "frtaudit.toml").write_text(file, encoding="utf-8")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    code, out, err = cli("scan", str(GATES), *args)
    assert code == 2, err
    assert out == ""
    assert message in err


def test_details_reaches_the_report(monkeypatch: pytest.MonkeyPatch) -> None:
    """--details, FRTAUDIT_DETAILS and `details` reach report.render_options["details"]."""
    import frtaudit.scan

    seen: list[Any] = []
    real_run = frtaudit.scan.run

    def recording_run(req: ScanRequest, progress: Any = None) -> Any:
        report = real_run(req, progress)
        seen.append(report.render_options.get("details"))
        return report

    monkeypatch.setattr(frtaudit.scan, "run", recording_run)
    cli("scan", str(GATES), "--as-of", "2026-11-22", "-q")
    cli("scan", str(GATES), "--as-of", "2026-11-22", "-q", "--details")
    monkeypatch.setenv("FRTAUDIT_DETAILS", "1")
    cli("scan", str(GATES), "--as-of", "2026-11-22", "-q")
    assert seen == [False, True, True]


def test_details_help_text() -> None:
    _, out, _ = cli("scan", "--help")
    assert "--details" in out
    assert "List every finding instead of grouped gaps and the worst systems." in " ".join(
        out.split()
    )


def test_request_from_the_library_alone(tmp_path: Path) -> None:
    """No CLI: settings from a mapping, the request built and run by the library."""
    settings = load_settings(
        {"formats": ["json:out/r.json"], "as_of": "2026-11-22", "details": True}, None, {}
    )
    req = build_request([str(GATES)], settings, today=TODAY)
    assert req.outputs == (Output(Format.JSON, "out/r.json"),)
    assert req.as_of == TODAY
    report = run(req)
    assert report.render_options["details"] is True
    assert report.as_of == TODAY


def test_first_night_is_decided_by_the_request(tmp_path: Path) -> None:
    """A baseline that does not exist is the first night; one that exists is read."""
    absent = tmp_path / "reports" / "latest.json"
    settings = load_settings({"baseline": str(absent), "fail_on_new": True}, None, {})
    req = build_request([str(GATES)], settings, today=TODAY)
    assert req.baseline_absent is True
    report = run(req)
    assert report.baseline is not None and report.baseline.resolved == ()
    gaps = {f.fingerprint for f in report.findings if f.outcome.is_gap}
    assert report.baseline.status == dict.fromkeys(gaps, "new")
    (tmp_path / "dir.json").mkdir()  # exists, but is no report: an error, not a first night
    settings = load_settings({"baseline": str(tmp_path / "dir.json")}, None, {})
    assert build_request([str(GATES)], settings, today=TODAY).baseline_absent is False


def test_as_of_range_is_the_library_s_check() -> None:
    settings = load_settings({"as_of": "2201-01-01"}, None, {})
    with pytest.raises(UsageError) as caught:
        build_request([str(GATES)], settings, today=TODAY)
    assert caught.value.key == "as_of_range"
    assert caught.value.params["option"] == "--as-of"


def test_cli_builds_no_request_of_its_own() -> None:
    """The CLI chains: no ScanRequest(...) and no dataclasses.replace on one in cli/."""
    for path in (ROOT / "frtaudit" / "cli").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "ScanRequest(" not in text, path
        assert "replace(req" not in text and "from dataclasses import replace" not in text, path
