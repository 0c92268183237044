"""Evidence links: find every URL an inventory offers as evidence, and check that each answers.

An inventory is untrusted input and the auditor's machine often sits inside an agency network, so
fetching what an inventory names must not become a way to reach internal services (SSRF). Every
hop, the first request and each redirect, is resolved here and refused before any connection when
an address is loopback, private, link-local, multicast, reserved or a cloud-metadata service
(``allow_private`` lifts the first four, never metadata, multicast, reserved or unspecified).

Nothing in this module runs at import time and httpx is imported inside the functions that need
it: a scan without ``--check-links`` makes no network request and pays no import cost.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from frtaudit import __version__
from frtaudit.model import LinkResult
from frtaudit.rules.urls import url_problem

if TYPE_CHECKING:
    import ipaddress
    import threading

    import httpx

    IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: Redirects followed per URL (the request after the fifth redirect is the last one sent).
MAX_REDIRECTS = 5
#: Bytes read from a GET fallback before the response is dropped; the body is never kept.
BODY_CAP = 64 * 1024
#: Status codes whose ``Location`` is followed.
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
#: A HEAD answered with one of these is retried as a (streamed, capped) GET.
HEAD_UNSUPPORTED = frozenset({405, 501})
USER_AGENT = f"frtaudit/{__version__}"

#: Cloud instance-metadata services (AWS/GCP/Azure/Oracle, AWS IPv6, ECS task, Alibaba): never
#: evidence, always refused, even with ``allow_private``.
METADATA_ADDRESSES = ("169.254.169.254", "fd00:ec2::254", "169.254.170.2", "100.100.100.200")
#: ``client_factory(proxy_url_or_None) -> httpx.Client``; see :func:`default_client`.
ClientFactory = Callable[[str | None], "httpx.Client"]


def address_refusal(ip: IPAddress, allow_private: bool) -> str:
    """'' when fetching from ``ip`` is allowed, else the kind of address refused."""
    import ipaddress

    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if str(ip) in METADATA_ADDRESSES:
        return "cloud metadata"
    if ip.is_multicast:
        return "multicast"
    if ip.is_unspecified:
        return "unspecified"  # 0.0.0.0 reaches the local host on Linux
    if ip.is_reserved:
        return "reserved"
    if allow_private:
        return ""
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_private:
        return "private"
    if not ip.is_global:
        return "non-public"  # shared address space 100.64/10, documentation ranges ...
    return ""


# -- one safe request ------------------------------------------------------------------------------


class Blocked(Exception):
    """A request was not sent: ``kind`` is scheme, credentials, invalid, dns or refused."""

    def __init__(self, kind: str, detail: str, **params: Any) -> None:
        super().__init__(detail)
        self.kind = kind
        self.detail = detail
        self.params = params


def resolve(host: str, port: int) -> list[IPAddress]:
    """Addresses of ``host`` (an IP literal is its own address); raise Blocked("dns")."""
    import ipaddress
    import socket

    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise Blocked("dns", "DNS lookup failed", host=host) from None
    out: list[IPAddress] = []
    for info in infos:
        try:
            addr = ipaddress.ip_address(str(info[4][0]))
        except ValueError:
            continue
        if addr not in out:
            out.append(addr)
    if not out:
        raise Blocked("dns", "DNS lookup failed", host=host)
    return out


def env_proxy(scheme: str, host: str) -> str | None:
    """The proxy the environment sets for ``scheme://host`` (HTTP(S)_PROXY, ALL_PROXY, NO_PROXY).

    The same variables httpx reads with ``trust_env=True``; decided here per host so that a
    direct connection can be pinned to the checked address (see :class:`SafeSender`).
    """
    import urllib.request

    proxies = urllib.request.getproxies()
    url = proxies.get(scheme) or proxies.get("all")
    if not url or urllib.request.proxy_bypass(host):
        return None
    return url if "://" in url else f"http://{url}"


def default_client(proxy: str | None) -> httpx.Client:
    """A fresh client: TLS verified, no cookies kept, no redirects followed, no keep-alive.

    ``trust_env`` is off on the client itself because the environment's proxy is chosen per host
    by :func:`env_proxy` and passed explicitly; the CA settings of the environment
    (``SSL_CERT_FILE``/``SSL_CERT_DIR``) still apply through the SSL context. No credentials are
    configured and the cookie policy accepts no cookie from any domain. Keep-alive is off so a
    connection opened for one host name is never reused for another on the same address.
    """
    import http.cookiejar

    import httpx

    jar = http.cookiejar.CookieJar(policy=http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    return httpx.Client(
        proxy=proxy,
        trust_env=False,
        verify=httpx.create_ssl_context(verify=True, trust_env=True),
        cookies=jar,
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT, "Accept": "*/*"},
        limits=httpx.Limits(max_keepalive_connections=0),
    )


class SafeSender:
    """Sends single requests (never following redirects) after checking where they go.

    DNS rebinding: checking an address and then letting the HTTP stack resolve the name again
    would leave a gap (a hostile DNS server can answer "public" to the check and "127.0.0.1" to
    the connection). For direct connections we close it: the request goes to the checked IP
    itself, with the original ``Host`` header and TLS server name (``sni_hostname``), so the
    certificate is still verified against the host name. Through a proxy the proxy resolves the
    name; there the check is resolve-then-send and the gap remains (the proxy's own policy
    applies), which is why a host we cannot resolve locally is not sent to the proxy either.
    """

    def __init__(
        self, *, allow_private: bool, timeout: float, client_factory: ClientFactory | None = None
    ) -> None:
        self.allow_private = allow_private
        self.timeout = timeout
        self._factory = client_factory or default_client
        self._clients: dict[str | None, httpx.Client] = {}
        import threading

        self._lock: threading.Lock = threading.Lock()

    def _client(self, proxy: str | None) -> httpx.Client:
        with self._lock:
            client = self._clients.get(proxy)
            if client is None:
                client = self._clients[proxy] = self._factory(proxy)
            return client

    def close(self) -> None:
        """Close every client opened."""
        with self._lock:
            for client in self._clients.values():
                client.close()
            self._clients.clear()

    def send(
        self, method: str, url: str, headers: Mapping[str, str] | None = None
    ) -> httpx.Response:
        """Send one streamed request to ``url``; the caller closes the response.

        Raises Blocked when the URL is unusable or its host is refused (nothing is sent then),
        and httpx errors when the request fails.
        """
        import httpx

        kind, defect = url_problem(url)
        if kind:
            raise Blocked(kind, defect, scheme=urlsplit(url).scheme if kind == "scheme" else "")
        target = httpx.URL(url)
        host = target.raw_host.decode("ascii")
        port = target.port or (443 if target.scheme == "https" else 80)
        addrs = resolve(host, port)
        for addr in addrs:
            reason = address_refusal(addr, self.allow_private)
            if reason:
                raise Blocked(
                    "refused", f"refused: {reason} address {addr}", address=str(addr), reason=reason
                )
        timeout = httpx.Timeout(self.timeout)
        proxy = env_proxy(target.scheme, host)
        if proxy is not None:
            client = self._client(proxy)
            request = client.build_request(method, target, headers=headers, timeout=timeout)
            return client.send(request, stream=True)
        client = self._client(None)
        pinned_headers = {**(headers or {}), "Host": target.netloc.decode("ascii")}
        extensions = {"sni_hostname": host} if target.scheme == "https" else {}
        for i, addr in enumerate(addrs):
            request = client.build_request(
                method,
                target.copy_with(host=str(addr)),
                headers=pinned_headers,
                timeout=timeout,
                extensions=extensions,
            )
            try:
                return client.send(request, stream=True)
            except httpx.ConnectError as exc:
                if i + 1 == len(addrs) or tls_reason(exc):
                    raise
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def tls_reason(exc: BaseException) -> str:
    """The SSL error behind an httpx error ('' when it is not a TLS failure)."""
    import ssl

    seen: set[int] = set()
    node: BaseException | None = exc
    while node is not None and id(node) not in seen:
        seen.add(id(node))
        if isinstance(node, ssl.SSLCertVerificationError):
            return str(node.verify_message or node.reason or "certificate verify failed")
        if isinstance(node, ssl.SSLError):
            return str(node.reason or "TLS error")
        node = node.__cause__ or node.__context__
    return ""


def failure_kind(exc: Exception) -> str:
    """timeout, tls, proxy, protocol, connect or invalid, for an httpx (or OS) error."""
    import httpx

    if isinstance(exc, httpx.TimeoutException):
        return "timeout"
    if tls_reason(exc):
        return "tls"
    if isinstance(exc, httpx.ProxyError):
        return "proxy"
    if isinstance(exc, (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError)):
        return "invalid"
    if isinstance(exc, httpx.ProtocolError):
        return "protocol"
    return "connect"


_FAILURE_DETAIL = {
    "timeout": "timeout",
    "proxy": "proxy error",
    "invalid": "invalid URL",
    "protocol": "protocol error",
    "connect": "connection failed",
}


# -- checking links --------------------------------------------------------------------------------


def _check_one(sender: SafeSender, url: str) -> LinkResult:
    """Follow ``url`` through at most MAX_REDIRECTS redirects: ok when it ends in a 2xx answer."""
    import httpx

    current = url
    try:
        for _ in range(MAX_REDIRECTS + 1):
            status, location = _head_or_get(sender, current)
            if status in REDIRECT_CODES and location:
                current = str(httpx.URL(current).join(location))
                continue
            return LinkResult(url, 200 <= status < 300, f"HTTP {status}")
    except Blocked as exc:
        return LinkResult(url, False, exc.detail)
    except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError) as exc:
        kind = failure_kind(exc)
        detail = f"TLS error: {tls_reason(exc)}" if kind == "tls" else _FAILURE_DETAIL[kind]
        return LinkResult(url, False, detail)
    return LinkResult(url, False, f"more than {MAX_REDIRECTS} redirects")


def _head_or_get(sender: SafeSender, url: str) -> tuple[int, str]:
    """Status and Location of ``url``: HEAD, or a GET read up to BODY_CAP and dropped."""
    response = sender.send("HEAD", url)
    try:
        status, location = response.status_code, response.headers.get("location", "")
    finally:
        response.close()
    if status not in HEAD_UNSUPPORTED:
        return status, location
    response = sender.send("GET", url)
    try:
        read = 0
        for chunk in response.iter_raw():
            read += len(chunk)  # counted, never kept
            if read >= BODY_CAP:
                break
        return response.status_code, response.headers.get("location", "")
    finally:
        response.close()


def check_links(
    urls: Iterable[str],
    *,
    allow_private: bool = False,
    timeout: float = 10.0,
    concurrency: int = 8,
    cache_dir: str | None = None,
    cache_ttl_hours: float = 24.0,
    client_factory: ClientFactory | None = None,
) -> dict[str, LinkResult]:
    """Fetch each distinct URL once (concurrently) and say whether it answers.

    Every network failure, refusal or unusable URL becomes a failed LinkResult with its detail;
    ``timeout`` bounds each connect and read (name resolution uses the system resolver's own
    limits). A URL found fresh in ``cache_dir`` is not fetched at all.

    Concurrency: a synchronous httpx client shared by a bounded thread pool. The audit itself
    is synchronous, our own DNS resolution (``getaddrinfo``) blocks anyway, and a thread pool of
    ``concurrency`` workers bounds the requests in flight without an event loop.
    """
    todo = list(dict.fromkeys(urls))
    results: dict[str, LinkResult] = {}
    now = datetime.now(UTC)
    if cache_dir:
        for url in todo:
            hit = _cache_get(cache_dir, url, allow_private, cache_ttl_hours, now)
            if hit is not None:
                results[url] = hit
        todo = [u for u in todo if u not in results]
    if not todo:
        return results
    from concurrent.futures import ThreadPoolExecutor

    sender = SafeSender(allow_private=allow_private, timeout=timeout, client_factory=client_factory)
    try:
        workers = max(1, min(concurrency, len(todo)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="frtaudit-link") as pool:
            for result in pool.map(lambda u: _check_one(sender, u), todo):
                results[result.url] = result
    finally:
        sender.close()
    if cache_dir:
        for url in todo:
            _cache_put(cache_dir, results[url], allow_private)
    return results


# -- the link cache --------------------------------------------------------------------------------


def cache_file(cache_dir: str, url: str, allow_private: bool) -> str:
    """One JSON file per URL and mode (a refusal without ``allow_private`` is not a result with)."""
    import hashlib

    key = hashlib.sha256(f"{int(allow_private)}\n{url}".encode()).hexdigest()
    return os.path.join(cache_dir, f"{key}.json")


def _cache_get(
    cache_dir: str, url: str, allow_private: bool, ttl_hours: float, now: datetime
) -> LinkResult | None:
    """The cached result when fresh; None for a missing, stale, corrupt or unreadable file."""
    try:
        with open(cache_file(cache_dir, url, allow_private), encoding="utf-8") as fh:
            data = json.loads(fh.read(BODY_CAP))
        checked = datetime.fromisoformat(data["checked_at"])
        ok, detail = data["ok"], data["detail"]
        if data["url"] != url or not isinstance(ok, bool) or not isinstance(detail, str):
            return None
        age = (now - checked).total_seconds()
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not 0 <= age <= ttl_hours * 3600:
        return None
    return LinkResult(url, ok, detail)


def _cache_put(cache_dir: str, result: LinkResult, allow_private: bool) -> None:
    """Write one result atomically; a cache that cannot be written is skipped, never fatal."""
    record = {
        "url": result.url,
        "ok": result.ok,
        "detail": result.detail,
        "allow_private": allow_private,
        "checked_at": datetime.now(UTC).isoformat(),
    }
    import tempfile

    tmp = ""
    try:
        os.makedirs(cache_dir, mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=".link-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(record, fh, ensure_ascii=False)
        os.replace(tmp, cache_file(cache_dir, result.url, allow_private))
    except OSError:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
