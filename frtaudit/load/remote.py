"""Read an inventory published over HTTP(S): size cap, timeout, safe addresses, clear errors.

The same safety as the link checker (:mod:`frtaudit.net.evidence`): only http and https, every hop
resolved and refused before connecting when its address is loopback/private/link-local (unless
``allow_private``) or metadata/multicast/reserved (always). A bearer token from the environment
goes only to the inventory URL's own origin and never into a message, a report or a log.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from frtaudit.errors import InputError, Problem

if TYPE_CHECKING:
    import httpx

    from frtaudit.net.evidence import ClientFactory

#: Largest remote inventory read, in bytes (a local file may be larger: see inventory.MAX_BYTES).
MAX_BYTES = 16 * 1024 * 1024
#: Seconds to wait for each network step (connect, each read) of a remote inventory.
DEFAULT_TIMEOUT = 30.0
TOKEN_ENV = "FRTAUDIT_TOKEN"

_JSON_TYPES = frozenset({"application/json", "text/json"})
_TOML_TYPES = frozenset({"application/toml", "text/toml", "text/x-toml", "application/x-toml"})
_TOKEN_RE = re.compile(r"^[\x21-\x7e]+$")


def is_remote(path: str) -> bool:
    """True for an ``http://`` or ``https://`` path (any case)."""
    return path[:8].lower().startswith(("http://", "https://"))


def display_url(url: str) -> str:
    """``url`` as shown in messages and reports: no userinfo, the query reduced to ``?…``."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return url.split("?", 1)[0].split("#", 1)[0]
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{port}" if port is not None else host
    shown = f"{parts.scheme.lower()}://{netloc}{parts.path}"
    return shown + ("?…" if parts.query else "")


def _origin(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or (443 if scheme == "https" else 80)


def detect_format(content_type: str, urls: tuple[str, ...], body: bytes) -> str:
    """``json`` or ``toml``: by Content-Type, else by the URL's extension, else by the content."""
    ctype = content_type.split(";", 1)[0].strip().lower()
    if ctype in _JSON_TYPES or ctype.endswith("+json"):
        return "json"
    if ctype in _TOML_TYPES or ctype.endswith("+toml"):
        return "toml"
    for url in urls:
        path = urlsplit(url).path.lower()
        if path.endswith(".json"):
            return "json"
        if path.endswith(".toml"):
            return "toml"
    return "json" if body.lstrip()[:1] in (b"{", b"[") else "toml"


def fetch_inventory(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_BYTES,
    token_env: str = TOKEN_ENV,
    allow_private: bool = False,
    client_factory: ClientFactory | None = None,
) -> tuple[bytes, str]:
    """Body and format (``toml``/``json``) of the inventory at ``url``; raise InputError.

    Each failure has its own catalogue key under ``errors.``: ``remote_scheme``,
    ``remote_credentials``, ``remote_invalid_url``, ``remote_dns``, ``remote_refused``,
    ``remote_tls``, ``remote_timeout``, ``remote_connect``, ``remote_proxy``,
    ``remote_protocol``, ``remote_status``, ``remote_redirects``, ``remote_too_big``,
    ``remote_html``, ``remote_bad_token``.
    """
    import httpx

    from frtaudit.net.evidence import (
        MAX_REDIRECTS,
        REDIRECT_CODES,
        Blocked,
        SafeSender,
        failure_kind,
        tls_reason,
    )

    shown = display_url(url)

    def problem(key: str, hint: str = "", **params: object) -> InputError:
        return InputError([Problem(shown, key, params, hint=hint)])

    token = os.environ.get(token_env, "").strip()
    if token and not _TOKEN_RE.match(token):
        raise problem("remote_bad_token", env=token_env)
    origin = _origin(url) if is_remote(url) else ("", "", 0)
    host = origin[1]
    sender = SafeSender(allow_private=allow_private, timeout=timeout, client_factory=client_factory)
    current = url
    try:
        for _ in range(MAX_REDIRECTS + 1):
            headers = {"Accept": "application/toml, application/json;q=0.9, */*;q=0.1"}
            if token and _origin(current) == origin:
                headers["Authorization"] = f"Bearer {token}"
            response = sender.send("GET", current, headers)
            try:
                status = response.status_code
                location = response.headers.get("location", "")
                if status in REDIRECT_CODES and location:
                    current = str(httpx.URL(current).join(location))
                    continue
                if not 200 <= status < 300:
                    hint = "remote_auth_hint" if status in (401, 403) else ""
                    raise problem("remote_status", hint, status=status, env=token_env)
                body = _read_capped(response, max_bytes)
                if body is None:
                    raise problem("remote_too_big", limit_mb=f"{max_bytes / 1048576:.3g}")
                ctype = response.headers.get("content-type", "")
                if ctype.split(";", 1)[0].strip().lower() in ("text/html", "application/xhtml+xml"):
                    raise problem("remote_html", hint="remote_html_hint")
                return body, detect_format(ctype, (current, url), body)
            finally:
                response.close()
        raise problem("remote_redirects", limit=MAX_REDIRECTS)
    except Blocked as exc:
        key = {
            "scheme": "remote_scheme",
            "credentials": "remote_credentials",
            "invalid": "remote_invalid_url",
            "dns": "remote_dns",
            "refused": "remote_refused",
        }[exc.kind]
        hint = "remote_refused_hint" if exc.kind == "refused" else ""
        if exc.kind == "credentials":
            hint = "remote_credentials_hint"
        params = {"host": host, "scheme": "", "address": "", "reason": "", **exc.params}
        raise problem(key, hint, env=token_env, **params) from None
    except (httpx.HTTPError, httpx.InvalidURL, OSError) as exc:
        kind = failure_kind(exc)
        reason = tls_reason(exc) if kind == "tls" else ""
        if token:
            reason = reason.replace(token, "***")
        key = "remote_invalid_url" if kind == "invalid" else f"remote_{kind}"
        raise problem(key, host=host, seconds=timeout, reason=reason) from None
    finally:
        sender.close()


def _read_capped(response: httpx.Response, max_bytes: int) -> bytes | None:
    """The body, or None as soon as it is longer than ``max_bytes`` (never reads past that).

    The cap counts decoded bytes, so a small compressed body that inflates is stopped too.
    """
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        return None
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            return None
        chunks.append(chunk)
    return b"".join(chunks)
