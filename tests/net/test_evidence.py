"""--check-links: evidence URLs are fetched safely, once, and feed rule INV-EVD-001.

Everything runs against a real HTTP server on 127.0.0.1; the autouse fixture in conftest.py
makes any other connection an error, so a refused address is also proven never contacted.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from evidence_server import LiveServer, start, stop

from frtaudit import __version__
from frtaudit.audit.examples import BASE_AGENCY, BASE_SYSTEM
from frtaudit.i18n import catalog
from frtaudit.load.inventory import Inventory
from frtaudit.load.schemas import load_schema
from frtaudit.model import Context, LinkResult, Outcome, Verdict
from frtaudit.net import evidence
from frtaudit.net.evidence import cache_file, check_links
from frtaudit.report.reader import findings as report_findings
from frtaudit.rules import RULES
from frtaudit.rules.facts import System
from frtaudit.rules.urls import URL_FIELDS, collect_urls, url_defect
from frtaudit.scan import ScanRequest, run

PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(autouse=True)
def _no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.fixture
def server() -> Iterator[LiveServer]:
    live = start()
    yield live
    stop(live)


def check(urls: list[str], **kw: object) -> dict[str, LinkResult]:
    options: dict[str, object] = {
        "allow_private": True,
        "timeout": 5.0,
        "concurrency": 4,
        "cache_dir": None,
        "cache_ttl_hours": 24.0,
    }
    options.update(kw)
    return check_links(urls, **options)  # type: ignore[arg-type]


# -- fetching -------------------------------------------------------------------------------------


def test_200_and_404(server: LiveServer) -> None:
    ok, missing = server.url("/ok"), server.url("/missing")
    results = check([ok, missing])
    assert results[ok] == LinkResult(ok, True, "HTTP 200")
    assert results[missing] == LinkResult(missing, False, "HTTP 404")
    assert [s.method for s in server.hits("/ok")] == ["HEAD"]
    assert server.hits("/ok")[0].headers["User-Agent"] == f"frtaudit/{__version__}"


def test_redirect_chain_of_three_passes_six_fails(server: LiveServer) -> None:
    three, five, six = (server.url(f"/redirect/{n}") for n in (3, 5, 6))
    results = check([three, five, six])
    assert results[three].ok and results[three].detail == "HTTP 200"
    assert results[five].ok  # "at most 5 redirects": five are followed
    assert results[six] == LinkResult(six, False, "more than 5 redirects")
    assert len(server.hits("/redirect/0")) == 2  # reached by the chains of 3 and 5 only


def test_redirect_to_metadata_refused_before_connecting(server: LiveServer) -> None:
    url = server.url("/to-metadata")
    result = check([url])[url]  # even with allow_private, metadata is never fetched
    assert not result.ok
    assert result.detail == "refused: cloud metadata address 169.254.169.254"


def test_redirect_from_public_host_to_private_refused(
    server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The only way to have a "public" first hop in a loopback-only test: the environment's proxy
    # (our server) answers for a public IP literal; the redirect to 10.0.0.1 is then refused by
    # default before any connection (conftest would raise on a connection to 10.0.0.1).
    monkeypatch.setenv("HTTP_PROXY", server.url(""))
    url = "http://93.184.215.14/to-private"
    result = check([url], allow_private=False)[url]
    assert result == LinkResult(url, False, "refused: private address 10.0.0.1")
    [seen] = server.seen
    assert seen.target == url  # the proxy from the environment was used, and only once


def test_loopback_refused_without_allow_private(server: LiveServer) -> None:
    url = server.url("/ok")
    result = check([url], allow_private=False)[url]
    assert result == LinkResult(url, False, "refused: loopback address 127.0.0.1")
    assert server.seen == []


def test_host_name_resolving_to_loopback_refused(server: LiveServer) -> None:
    url = server.url("/ok", host="localhost")
    result = check([url], allow_private=False)[url]
    assert not result.ok and result.detail.startswith("refused: loopback address")
    assert server.seen == []


def test_slow_response_times_out(server: LiveServer) -> None:
    url = server.url("/slow")
    started = time.monotonic()
    result = check([url], timeout=0.5)[url]
    assert result == LinkResult(url, False, "timeout")
    assert time.monotonic() - started < 1.9


def test_head_405_falls_back_to_get(server: LiveServer) -> None:
    url = server.url("/nohead")
    assert check([url])[url] == LinkResult(url, True, "HTTP 200")
    assert [s.method for s in server.hits("/nohead")] == ["HEAD", "GET"]


def test_each_url_fetched_once(server: LiveServer) -> None:
    url = server.url("/ok")
    results = check([url, url, url, server.url("/missing"), url])
    assert len(results) == 2
    assert len(server.hits("/ok")) == 1


def test_no_cookie_is_kept(server: LiveServer) -> None:
    first, second = server.url("/cookie"), server.url("/ok")
    check([first, second], concurrency=1)
    assert "Cookie" not in server.hits("/ok")[0].headers
    assert "Authorization" not in server.hits("/ok")[0].headers


def test_tls_error_reported(server: LiveServer) -> None:
    url = f"https://127.0.0.1:{server.port}/ok"  # a plain-HTTP server cannot do TLS
    result = check([url])[url]
    assert not result.ok and result.detail.startswith("TLS error")


def test_dns_failure_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_such_host(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    url = "https://no-such-host.example/report.pdf"
    assert check([url])[url] == LinkResult(url, False, "DNS lookup failed")


@pytest.mark.parametrize(
    ("url", "detail"),
    [
        ("https:///report.pdf", "invalid URL: no host"),
        ("https://user:pw@example.go.kr/r.pdf", "refused: credentials in URL"),
        ("https://example.go.kr:99999/r.pdf", "invalid URL"),
        ("ftp://example.go.kr/r.pdf", "refused: scheme ftp"),
        ("https://example.go.kr/a report.pdf", "invalid URL: spaces or control characters"),
        ("https://example.go.kr/report.pdf", ""),
    ],
)
def test_url_defects_are_found_without_network(url: str, detail: str) -> None:
    assert url_defect(url) == detail
    if detail:  # and check_links reports them without any request
        assert check([url])[url] == LinkResult(url, False, detail)


def test_address_rules() -> None:
    import ipaddress

    def refusal(text: str, allow: bool = False) -> str:
        return evidence.address_refusal(ipaddress.ip_address(text), allow)

    assert refusal("93.184.215.14") == ""
    assert refusal("127.0.0.1") == "loopback"
    assert refusal("::ffff:127.0.0.1") == "loopback"
    assert refusal("10.1.2.3") == "private"
    assert refusal("fe80::1") == "link-local"
    assert refusal("100.64.0.1") == "non-public"
    assert refusal("10.1.2.3", allow=True) == ""
    for always in ("169.254.169.254", "fd00:ec2::254", "224.0.0.1", "0.0.0.0", "240.0.0.1"):
        assert refusal(always, allow=True), always


# -- cache ----------------------------------------------------------------------------------------


def test_cache_hit_makes_no_request(server: LiveServer, tmp_path: Path) -> None:
    url = server.url("/ok")
    first = check([url], cache_dir=str(tmp_path))
    second = check([url], cache_dir=str(tmp_path))
    assert first == second == {url: LinkResult(url, True, "HTTP 200")}
    assert len(server.hits("/ok")) == 1
    record = json.loads(Path(cache_file(str(tmp_path), url, True)).read_text(encoding="utf-8"))
    assert record["url"] == url and record["ok"] is True and "checked_at" in record
    check([url], cache_dir=str(tmp_path), cache_ttl_hours=0)  # expired: fetched again
    assert len(server.hits("/ok")) == 2


@pytest.mark.parametrize(
    "content", [b"{not json", b"[]", b'{"url": 1}', b"\xff\xfe", b'{"url": "x", "ok": true}']
)
def test_corrupt_cache_file_ignored(server: LiveServer, tmp_path: Path, content: bytes) -> None:
    url = server.url("/missing")
    Path(cache_file(str(tmp_path), url, True)).write_bytes(content)
    assert check([url], cache_dir=str(tmp_path))[url] == LinkResult(url, False, "HTTP 404")
    assert len(server.hits("/missing")) == 1
    # and the corrupt file was replaced by a good one
    assert check([url], cache_dir=str(tmp_path))[url].detail == "HTTP 404"
    assert len(server.hits("/missing")) == 1


def test_cache_is_per_mode(server: LiveServer, tmp_path: Path) -> None:
    url = server.url("/ok")
    refused = check([url], cache_dir=str(tmp_path), allow_private=False)[url]
    assert not refused.ok
    assert check([url], cache_dir=str(tmp_path), allow_private=True)[url].ok


def test_unwritable_cache_is_not_fatal(server: LiveServer, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    url = server.url("/ok")
    assert check([url], cache_dir=str(blocker / "cache"))[url].ok


# -- which URLs ------------------------------------------------------------------------------------


def _inventory(systems: list[dict[str, object]], **agency: object) -> Inventory:
    doc = {"schema_version": "1", "agency": {**BASE_AGENCY, **agency}, "systems": systems}
    return Inventory("<test>", "", doc, [None] * len(systems))


def _system(sid: str, **fields: object) -> dict[str, object]:
    return {**BASE_SYSTEM, "id": sid, **fields}


def test_collect_urls_walks_schema_fields() -> None:
    inv = _inventory(
        [
            _system(
                "cam-1",
                notice={"web_url": "https://a.example/notice"},
                assessments=[
                    {"kind": "hria", "report_url": "https://a.example/hria"},
                    {"kind": "pia", "mitigations_url": "https://a.example/shared"},
                ],
                evidence=["https://a.example/shared", "https://a.example/extra"],
            ),
            _system("cam-2", legal_basis=[{"url": "https://a.example/shared"}]),
        ],
        privacy_policy_url="https://a.example/privacy",
        annual_reports=[{"url": "https://a.example/2025"}],
    )
    found = collect_urls([inv])
    assert found["https://a.example/shared"] == [
        ("cam-1", "assessments[1].mitigations_url"),
        ("cam-1", "evidence[0]"),
        ("cam-2", "legal_basis[0].url"),
    ]
    assert found["https://a.example/notice"] == [("cam-1", "notice.web_url")]
    assert found["https://a.example/privacy"] == [("agency", "privacy_policy_url")]
    assert found["https://a.example/2025"] == [("agency", "annual_reports[0].url")]
    assert found["https://a.example/hria"] == [("cam-1", "assessments[0].report_url")]


def _schema_urls(
    node: Any, at: tuple[str, ...], defs: dict[str, Any], seen: frozenset[str]
) -> Iterator[tuple[str, ...]]:
    """Every path of the schema whose value is a URL (``$ref: #/$defs/url`` or ``format: uri``)."""
    if not isinstance(node, dict):
        return
    ref = node.get("$ref")
    if ref == "#/$defs/url" or node.get("format") == "uri":
        yield at
        return
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        name = ref.rsplit("/", 1)[1]
        if name not in seen:
            yield from _schema_urls(defs.get(name), at, defs, seen | {name})
    for keyword in ("anyOf", "oneOf", "allOf"):
        for sub in node.get(keyword, ()):
            yield from _schema_urls(sub, at, defs, seen)
    for name, sub in node.get("properties", {}).items():
        yield from _schema_urls(sub, (*at, name), defs, seen)
    yield from _schema_urls(node.get("items"), (*at, "[]"), defs, seen)


def test_url_fields_are_exactly_the_schema_url_fields() -> None:
    """URL_FIELDS is written out (rules do no I/O); it must list every URL field of the schema."""
    schema = load_schema("inventory")
    defs, props = schema["$defs"], schema["properties"]
    agency = tuple(dict.fromkeys(_schema_urls(props["agency"], (), defs, frozenset())))
    system = tuple(dict.fromkeys(_schema_urls(props["systems"]["items"], (), defs, frozenset())))
    assert {"agency": agency, "system": system} == URL_FIELDS


# -- the rule --------------------------------------------------------------------------------------

EVD = RULES["INV-EVD-001"]
AS_OF = date(2026, 11, 22)


def _verdict(
    system: dict[str, object], links: dict[str, LinkResult] | None, index: int = 0
) -> Verdict:
    agency = {**BASE_AGENCY, "privacy_policy_url": "https://a.example/privacy"}
    return EVD.check(System(system, agency, index), Context(as_of=AS_OF, links=links))


def test_rule_with_link_results() -> None:
    system = _system(
        "cam-1",
        notice={"web_url": "https://a.example/notice"},
        evidence=["https://a.example/hria"],
    )
    good = {
        u: LinkResult(u, True, "HTTP 200")
        for u in ("https://a.example/notice", "https://a.example/hria", "https://a.example/privacy")
    }
    assert _verdict(system, good).outcome is Outcome.PASS
    broken = {
        **good,
        "https://a.example/hria": LinkResult("https://a.example/hria", False, "HTTP 404"),
    }
    verdict = _verdict(system, broken)
    assert verdict.outcome is Outcome.FAIL and verdict.field == "evidence[0]"
    text = catalog("en").t(f"rule.INV-EVD-001.msg.{verdict.key}", **verdict.params)
    assert text == "1 evidence link(s) failed: evidence[0] https://a.example/hria (HTTP 404)"


def test_agency_links_judged_on_first_system_only() -> None:
    system = _system("cam-1")
    dead = {"https://a.example/privacy": LinkResult("https://a.example/privacy", False, "timeout")}
    first = _verdict(system, dead, index=0)
    assert first.outcome is Outcome.FAIL and first.field == "agency.privacy_policy_url"
    assert _verdict(system, dead, index=1).outcome is Outcome.PASS


def test_rule_offline_and_unchecked() -> None:
    system = _system("cam-1", evidence=["https://a.example/hria", "https:///typo"])
    offline = _verdict(system, None, index=1)
    assert offline.outcome is Outcome.FAIL and offline.params["count"] == 1  # only the defect
    clean = _system("cam-1", evidence=["https://a.example/hria"])
    assert _verdict(clean, None, index=1).outcome is Outcome.PASS  # offline: presence only
    assert _verdict(clean, {}, index=1).outcome is Outcome.UNKNOWN  # asked, but not checked


def test_rule_lists_three_and_counts_the_rest() -> None:
    urls = [f"https://a.example/{i}" for i in range(5)]
    links = {u: LinkResult(u, False, "HTTP 500") for u in urls}
    verdict = _verdict(_system("cam-1", evidence=urls), links, index=1)
    assert verdict.key == "broken_more" and verdict.params["more"] == 2
    assert "https://a.example/3" not in verdict.params["links"]


def test_rule_hides_credentials() -> None:
    url = "https://user:pw@a.example/hria"
    verdict = _verdict(_system("cam-1", evidence=[url]), None, index=1)
    assert "pw" not in verdict.params["links"] and "***@a.example" in verdict.params["links"]


# -- the scan --------------------------------------------------------------------------------------


def _write_inventory(tmp_path: Path, urls: list[str]) -> Path:
    lines = [
        'schema_version = "1"',
        "[agency]",
        *(f"{k} = {json.dumps(v)}" for k, v in BASE_AGENCY.items()),
        "[[systems]]",
        *(f"{k} = {json.dumps(v)}" for k, v in BASE_SYSTEM.items() if not isinstance(v, dict)),
        f"evidence = {json.dumps(urls)}",
        "[systems.location]",
        'type = "publicly_accessible"',
        "[systems.capabilities]",
        *(f"{k} = {json.dumps(v)}" for k, v in BASE_SYSTEM["capabilities"].items()),
    ]
    path = tmp_path / "inv.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_scan_without_flag_makes_no_request(server: LiveServer, tmp_path: Path) -> None:
    path = _write_inventory(tmp_path, [server.url("/missing")])
    report = run(ScanRequest(paths=[str(path)], as_of=AS_OF, select=("INV-EVD",)))
    assert server.seen == []
    assert report.counts["pass"] == 1


def test_scan_with_check_links(server: LiveServer, tmp_path: Path) -> None:
    path = _write_inventory(tmp_path, [server.url("/ok"), server.url("/missing")])
    req = ScanRequest(
        paths=[str(path)],
        as_of=AS_OF,
        select=("INV-EVD",),
        check_links=True,
        allow_private_network=True,
        link_cache=str(tmp_path / "cache"),
    )
    report = run(req)
    [finding] = report.findings
    assert finding.outcome is Outcome.FAIL
    assert "/missing (HTTP 404)" in finding.params["links"]
    assert len(server.seen) == 2
    run(req)  # the nightly run: both answers come from the cache
    assert len(server.seen) == 2


@pytest.fixture
def tls_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveServer]:
    """An HTTPS server whose self-signed certificate names only ``localhost``, trusted through
    SSL_CERT_FILE (the environment's CA setting, which the link checker honours)."""
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    command = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost"
    command += " -addext subjectAltName=DNS:localhost"
    subprocess.run(
        [*command.split(), "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True
    )
    both = tmp_path / "both.pem"
    both.write_bytes(cert.read_bytes() + key.read_bytes())
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    live = start(certfile=str(both))
    yield live
    stop(live)


def test_https_pinned_to_checked_address_keeps_name_verification(tls_server: LiveServer) -> None:
    by_name = f"https://localhost:{tls_server.port}/ok"
    by_ip = f"https://127.0.0.1:{tls_server.port}/ok"
    results = check([by_name, by_ip])
    # connected to the resolved 127.0.0.1, yet the certificate was checked against "localhost"
    assert results[by_name] == LinkResult(by_name, True, "HTTP 200")
    assert tls_server.hits("/ok")[0].headers["Host"] == f"localhost:{tls_server.port}"
    # the same server by address fails: its certificate does not name 127.0.0.1
    assert not results[by_ip].ok and results[by_ip].detail.startswith("TLS error")


def test_cli_check_links_reaches_every_format(server: LiveServer, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from frtaudit.cli.app import build_app

    path = _write_inventory(tmp_path, [server.url("/ok"), server.url("/missing")])
    out = tmp_path / "r.json"
    args = ["scan", str(path), "--as-of", "2026-11-22", "--select", "INV-EVD", "-f", f"json:{out}"]
    # without --allow-private-network the loopback URLs are refused, not fetched
    result = CliRunner().invoke(build_app("en"), [*args, "--check-links", "--fail-on", "low"])
    assert result.exit_code == 1
    assert server.seen == []
    assert (
        "loopback"
        in next(iter(report_findings(json.loads(out.read_text(encoding="utf-8")))))["message"]
    )
    result = CliRunner().invoke(
        build_app("en"),
        [*args, "--check-links", "--allow-private-network", "-f", f"sarif:{tmp_path / 'r.sarif'}"],
    )
    assert result.exit_code == 0  # INV-EVD-001 is low: below the default --fail-on high
    assert (
        "HTTP 404"
        in next(iter(report_findings(json.loads(out.read_text(encoding="utf-8")))))["message"]
    )
    assert "HTTP 404" in (tmp_path / "r.sarif").read_text(encoding="utf-8")
    result = CliRunner().invoke(build_app("en"), [*args, "--link-timeout", "0"])
    assert result.exit_code == 2
