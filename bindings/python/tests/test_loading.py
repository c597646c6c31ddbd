"""Finding the native library and checking its version."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from base44_sso import _loader, _version
from support import PACKAGE_ROOT


def _never_found(name):
    return None


def test_env_var_wins_and_is_the_only_place_tried(tmp_path):
    missing = str(tmp_path / "nowhere" / "libb44sso.so")
    with pytest.raises(ImportError) as caught:
        _loader.load_library(environ={"B44SSO_LIBRARY": missing},
                             package_dir=str(tmp_path), find_library=_never_found)
    message = str(caught.value)
    assert missing in message
    assert "inside the package" not in message


def test_failure_lists_every_place_tried(tmp_path):
    with pytest.raises(ImportError) as caught:
        _loader.load_library(environ={}, package_dir=str(tmp_path),
                             find_library=_never_found,
                             system_name="libb44sso-test-absent.so.0")
    message = str(caught.value)
    assert str(tmp_path / "libb44sso.so") in message
    assert "find_library" in message
    assert "libb44sso-test-absent.so.0" in message
    assert "B44SSO_LIBRARY" in message  # tells how to fix it


def test_packaged_copy_is_used_without_env_var(tmp_path):
    real = os.environ["B44SSO_LIBRARY"]
    packaged = tmp_path / "libb44sso.so"
    packaged.write_bytes(open(real, "rb").read())
    _, path = _loader.load_library(environ={}, package_dir=str(tmp_path),
                                   find_library=_never_found)
    assert path == str(packaged)


def test_import_with_a_bad_env_var_is_one_import_error(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(PACKAGE_ROOT),
               B44SSO_LIBRARY=str(tmp_path / "libmissing.so"))
    finished = subprocess.run([sys.executable, "-c", "import base44_sso"], env=env,
                              capture_output=True, text=True, timeout=60)
    assert finished.returncode != 0
    assert "ImportError" in finished.stderr
    assert "libmissing.so" in finished.stderr


@pytest.mark.parametrize("found", ["0.1.0", "0.1.7", "0.2.0", "0.15.3"])
def test_supported_library_versions(found):
    _version.check_library_version(found, "/lib/x.so")


@pytest.mark.parametrize("found", ["0.0.9", "1.0.0", "1.1.0", "garbage", "0", ""])
def test_unsupported_library_versions(found):
    with pytest.raises(ImportError, match="needs libb44sso 0.x with x >= 1"):
        _version.check_library_version(found, "/lib/x.so")
