"""Test support: paths, the stand-in server process, client helpers.

The native library comes from B44SSO_LIBRARY; when that is unset, the tests
use the repository's build/lib/libb44sso.so (made by `make`).
"""

from __future__ import annotations

import json
import os
import ssl
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path
from typing import Any, Dict, List, Optional

PACKAGE_ROOT = Path(__file__).resolve().parents[1]       # bindings/python
REPO_ROOT = PACKAGE_ROOT.parents[1]
HEADER = REPO_ROOT / "include" / "b44sso.h"
STANDIN = Path(os.environ.get("B44SSO_STANDIN",
                              REPO_ROOT / "Tests" / "StandIn" / "base44_standin.py"))
# The stand-in needs Python 3.10+; this lets the suite itself run on an older one.
STANDIN_PYTHON = os.environ.get("B44SSO_STANDIN_PYTHON", sys.executable)

APP_ID = "app-test"
SERVICE_TOKEN = "svc-test-token-7f3a9c"

_built_library = REPO_ROOT / "build" / "lib" / "libb44sso.so"
if not os.environ.get("B44SSO_LIBRARY") and _built_library.exists():
    os.environ["B44SSO_LIBRARY"] = str(_built_library)

import base44_sso  # noqa: E402  (after B44SSO_LIBRARY is settled)


class StandIn:
    """One stand-in server process on 127.0.0.1, stopped by stop()."""

    def __init__(self, *extra_args: str) -> None:
        if not STANDIN.exists():
            raise RuntimeError("stand-in not found at %s (set B44SSO_STANDIN)" % STANDIN)
        self._process = subprocess.Popen(
            [STANDIN_PYTHON, str(STANDIN), "--host", "127.0.0.1", "--port", "0",
             "--app-id", APP_ID, "--service-token", SERVICE_TOKEN,
             "--exit-on-stdin-eof", *extra_args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        self.port = self._read_ready_port()
        scheme = "https" if "--tls-cert" in extra_args else "http"
        self.url = "%s://127.0.0.1:%d" % (scheme, self.port)
        # The stand-in's own test certificate is not trusted by urllib: admin
        # calls skip verification (loopback, test-only).
        self._admin_tls = ssl._create_unverified_context() if scheme == "https" else None

    def _read_ready_port(self, timeout_s: float = 10.0) -> int:
        # readline() cannot time out by itself: read in a helper thread.
        lines: List[str] = []
        reader = threading.Thread(
            target=lambda: lines.append(self._process.stdout.readline()),  # type: ignore[union-attr]
            daemon=True)
        reader.start()
        reader.join(timeout_s)
        line = lines[0] if lines else ""
        if not line.startswith("READY "):
            self.stop()
            raise RuntimeError("the stand-in did not print READY within %.0f s (got %r)"
                               % (timeout_s, line))
        return int(line.split()[1])

    def stop(self) -> None:
        """Closes its stdin (it exits on EOF), then makes sure it is gone."""
        if self._process.stdin:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.terminate()
            self._process.wait(timeout=5)
        if self._process.stdout:
            self._process.stdout.close()

    def _admin(self, path: str, method: str = "GET") -> Any:
        request = urllib.request.Request(self.url + path, method=method)
        with urllib.request.urlopen(request, timeout=10, context=self._admin_tls) as answer:
            return json.loads(answer.read())

    def reset(self) -> None:
        """Clears the stand-in's counters and request log."""
        self._admin("/__admin/reset", "POST")

    def requests(self) -> List[Dict[str, Any]]:
        """The requests it received since the last reset, oldest first."""
        return list(self._admin("/__admin/requests"))

    def stats(self) -> Dict[str, int]:
        """Connections accepted and requests served since the last reset."""
        return dict(self._admin("/__admin/stats"))


def make_client(server: StandIn, **overrides: Any) -> base44_sso.Client:
    """A client of ``server`` with the test app id, service token and a short deadline."""
    settings: Dict[str, Any] = dict(app_id=APP_ID, service_token=SERVICE_TOKEN,
                                    server_url=server.url, timeout_ms=5000)
    settings.update(overrides)
    return base44_sso.Client(**settings)


def last_request(server: StandIn) -> Optional[Dict[str, Any]]:
    """The most recent request the stand-in logged, or None."""
    logged = server.requests()
    return logged[-1] if logged else None
