"""The demo script runs against the stand-in, as `make demo` runs it."""

from __future__ import annotations

import os
import subprocess
import sys

from support import APP_ID, PACKAGE_ROOT, SERVICE_TOKEN

DEMO = PACKAGE_ROOT / "examples" / "fetch_token.py"


def test_fetch_token_demo(standin):
    env = dict(os.environ, PYTHONPATH=str(PACKAGE_ROOT), B44SSO_TEST_URL=standin.url,
               B44SSO_TEST_APP_ID=APP_ID, B44SSO_TEST_SERVICE_TOKEN=SERVICE_TOKEN)
    finished = subprocess.run([sys.executable, str(DEMO), "demo-user"], env=env,
                              capture_output=True, text=True, timeout=60)
    assert finished.returncode == 0, finished.stderr
    assert "access token for demo-user: at-dem..." in finished.stdout
    assert "ID token for demo-user: idt-de..." in finished.stdout


def test_fetch_token_demo_reports_failures(standin):
    env = dict(os.environ, PYTHONPATH=str(PACKAGE_ROOT), B44SSO_TEST_URL=standin.url,
               B44SSO_TEST_APP_ID=APP_ID, B44SSO_TEST_SERVICE_TOKEN="svc-wrong")
    finished = subprocess.run([sys.executable, str(DEMO)], env=env,
                              capture_output=True, text=True, timeout=60)
    assert finished.returncode == 1
    assert "UnauthorizedError" in finished.stderr
    assert "svc-wrong" not in finished.stderr
