"""``--notify URL``: POST a JSON summary of the run; a failure only warns (exit code unchanged).

The summary itself is made by :func:`frtaudit.report.common.notification`.
"""

from __future__ import annotations

import time
from typing import Any

#: Attempts, per-attempt timeout (seconds) and pause between attempts.
ATTEMPTS, TIMEOUT, BACKOFF = 3, 10.0, 1.0


def send(
    url: str,
    body: dict[str, Any],
    *,
    attempts: int = ATTEMPTS,
    timeout: float = TIMEOUT,
    backoff: float = BACKOFF,
) -> str | None:
    """POST ``body`` as JSON; return None on success or the last error as text."""
    import httpx

    error = "no attempt"
    for attempt in range(attempts):
        try:
            with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=True) as client:
                response = client.post(url, json=body, headers={"User-Agent": "frtaudit"})
            if response.status_code < 300:
                return None
            error = f"HTTP {response.status_code}"
            if response.status_code < 500 and response.status_code != 429:
                return error  # a client error will not improve by retrying
        except httpx.HTTPError as exc:
            error = type(exc).__name__ + (f": {exc}" if str(exc) else "")
        if attempt + 1 < attempts:
            time.sleep(backoff * (2**attempt))
    return error
