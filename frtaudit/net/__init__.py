"""The network, only when asked: evidence link checks (``--check-links``) and ``--notify``.

``evidence`` holds the SSRF-safe HTTP sender also used by :mod:`frtaudit.load.remote`;
``notify`` posts a run summary. httpx is imported only here and in ``load.remote``.
"""
