"""Remote inventories: `frtaudit scan/validate https://...` reads safely and fails clearly.

A real HTTP server on 127.0.0.1 serves the inventories; conftest.py forbids other connections.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from evidence_server import TOKEN, LiveServer, start, stop
from typer.testing import CliRunner

from frtaudit.audit.examples import example_document
from frtaudit.cli.app import build_app
from frtaudit.errors import InputError
from frtaudit.i18n import catalog
from frtaudit.load.inventory import load_all
from frtaudit.load.remote import display_url, fetch_inventory

SAMPLES = Path(__file__).resolve().parents[2] / "sample_inventories"
TOML_BODY = (SAMPLES / "city_control_centre.toml").read_bytes()
JSON_DOC = example_document("")
JSON_DOC["agency"]["id"] = "remote-json-agency"
JSON_BODY = json.dumps(JSON_DOC).encode()


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "FRTAUDIT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.fixture
def server() -> Iterator[LiveServer]:
    live = start()
    live.files.update(
        {
            "inv.toml": ("text/plain", TOML_BODY),  # format by extension
            "inventory": ("application/toml; charset=utf-8", TOML_BODY),  # by content type
            "inv.json": ("application/octet-stream", JSON_BODY),  # by extension
            "export": ("application/json", JSON_BODY),  # by content type
        }
    )
    yield live
    stop(live)


def problem_text(exc: pytest.ExceptionInfo[InputError]) -> str:
    cat = catalog("en")
    return "\n".join(p.render(cat) for p in exc.value.problems)


def fetch(url: str, **kw: object) -> tuple[bytes, str]:
    options: dict[str, object] = {"timeout": 5.0, "max_bytes": 1_000_000, "allow_private": True}
    options.update(kw)
    return fetch_inventory(url, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("inv.toml", "toml"), ("inventory", "toml"), ("inv.json", "json"), ("export", "json")],
)
def test_format_from_content_type_or_extension(server: LiveServer, name: str, fmt: str) -> None:
    body, detected = fetch(server.url(f"/files/{name}"))
    assert detected == fmt
    assert body == (TOML_BODY if fmt == "toml" else JSON_BODY)


def test_remote_inventories_load_through_load_all(server: LiveServer) -> None:
    urls = [server.url("/files/inventory?key=abc"), server.url("/files/export")]
    first, second = load_all(urls, allow_private=True, timeout=5.0)
    assert first.path == server.url("/files/inventory") + "?…"  # the query is never shown
    assert first.agency["id"] and len(first.systems) >= 1
    assert first.system_lines[0] is not None  # TOML: lines are located as for a file
    assert second.agency["id"] == "remote-json-agency"


def test_loopback_refused_without_allow_private(server: LiveServer) -> None:
    with pytest.raises(InputError) as exc:
        load_all([server.url("/files/inv.toml")])
    [problem] = exc.value.problems
    assert problem.key == "remote_refused"
    assert "refused to read from 127.0.0.1 (loopback address)" in problem_text(exc)
    assert "--allow-private-network" in problem_text(exc)
    assert server.seen == []


def test_redirect_to_metadata_refused(server: LiveServer) -> None:
    with pytest.raises(InputError) as exc:
        fetch(server.url("/to-metadata"))
    assert exc.value.problems[0].key == "remote_refused"
    assert "169.254.169.254 (cloud metadata address)" in problem_text(exc)


@pytest.mark.parametrize(
    ("path", "kw", "key", "text"),
    [
        ("/missing", {}, "remote_status", "the server answered HTTP 404"),
        ("/slow", {"timeout": 0.5}, "remote_timeout", "did not answer within 0.5 seconds"),
        ("/big", {"max_bytes": 1000}, "remote_too_big", "larger than the 0.000954 MB limit"),
        ("/big-nolength", {"max_bytes": 1000}, "remote_too_big", "limit for remote inventories"),
        ("/redirect/6", {}, "remote_redirects", "more than 5 redirects"),
        ("/html", {}, "remote_html", "a web page (HTML), not an inventory"),
    ],
)
def test_failures_have_clear_messages(
    server: LiveServer, path: str, kw: dict[str, object], key: str, text: str
) -> None:
    with pytest.raises(InputError) as exc:
        fetch(server.url(path), **kw)
    [problem] = exc.value.problems
    assert problem.key == key
    assert text in problem_text(exc)


def test_oversized_body_is_not_read_past_the_cap(server: LiveServer) -> None:
    body, _ = fetch(server.url("/big"), max_bytes=10_000)
    assert len(body) == 4006
    with pytest.raises(InputError):
        fetch(server.url("/big"), max_bytes=4005)


def test_tls_failure(server: LiveServer) -> None:
    with pytest.raises(InputError) as exc:
        fetch(f"https://127.0.0.1:{server.port}/files/inv.toml")
    assert exc.value.problems[0].key == "remote_tls"
    assert "secure connection to 127.0.0.1 failed" in problem_text(exc)


def test_dns_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_such_host(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    with pytest.raises(InputError) as exc:
        fetch("https://intranet.example/inventory.toml")
    assert problem_text(exc) == (
        "https://intranet.example/inventory.toml: cannot resolve host intranet.example"
    )


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("ftp://example.go.kr/inv.toml", "remote_scheme"),
        ("https://user:pw@example.go.kr/inv.toml", "remote_credentials"),
        ("https:///inv.toml", "remote_invalid_url"),
    ],
)
def test_unusable_urls(url: str, key: str) -> None:
    with pytest.raises(InputError) as exc:
        fetch(url)
    assert exc.value.problems[0].key == key
    assert "pw" not in problem_text(exc)


def test_token_sent_to_own_host_only(server: LiveServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRTAUDIT_TOKEN", TOKEN)
    body, fmt = fetch(server.url("/auth"))
    assert (body, fmt) == (TOML_BODY, "toml")
    assert server.hits("/auth")[0].headers["Authorization"] == f"Bearer {TOKEN}"
    # a redirect on the same origin keeps it
    fetch(server.url("/to-self-auth"))
    assert server.hits("/auth")[1].headers["Authorization"] == f"Bearer {TOKEN}"
    # a redirect to another host name (same machine) does not get it, and no message shows it
    with pytest.raises(InputError) as exc:
        fetch(server.url("/to-localhost/auth"))
    assert "Authorization" not in server.hits("/auth")[2].headers
    assert exc.value.problems[0].key == "remote_status"
    text = problem_text(exc)
    assert "HTTP 401" in text and "FRTAUDIT_TOKEN" in text
    assert TOKEN not in text and TOKEN not in repr(exc.value.problems)


def test_token_never_in_messages_on_failure(
    server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRTAUDIT_TOKEN", TOKEN)
    for path, kw in (("/slow", {"timeout": 0.3}), ("/missing", {}), ("/html", {})):
        with pytest.raises(InputError) as exc:
            fetch(server.url(path), **kw)
        assert TOKEN not in problem_text(exc) and TOKEN not in repr(exc.value.problems)


def test_bad_token_refused_without_echo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRTAUDIT_TOKEN", "abc\ndef")
    with pytest.raises(InputError) as exc:
        fetch("https://example.go.kr/inv.toml")
    assert exc.value.problems[0].key == "remote_bad_token"
    assert "abc" not in problem_text(exc)


def test_display_url() -> None:
    assert display_url("https://u:p@Host.example:8443/a/inv.toml?t=1#x") == (
        "https://host.example:8443/a/inv.toml?…"
    )
    assert display_url("http://[::1]/inv.toml") == "http://[::1]/inv.toml"


def test_cli_validate_remote_refused_exit_2(server: LiveServer) -> None:
    runner = CliRunner()
    refused = runner.invoke(build_app("en"), ["validate", server.url("/files/inv.toml")])
    assert refused.exit_code == 2
    assert "refused to read from 127.0.0.1" in refused.stderr
    missing = runner.invoke(build_app("en"), ["validate", server.url("/nope.toml")])
    assert missing.exit_code == 2
    assert server.seen == []  # loopback is refused before any request
