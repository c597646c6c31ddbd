"""The wheel: its name, tags and contents, and a fresh virtual environment
that installs it offline and fetches a token with no help from the environment.

The wheel is B44SSO_WHEEL if set, else the one in build/dist (made by
`make wheel`) when it is up to date (same package sources and library as the
tree), else one this test builds with build_wheel.py into a temporary
directory. Only when there is no usable wheel and B44SSO_SKIP_WHEEL_TEST=1 is
the test skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import venv
import zipfile
from pathlib import Path

import pytest

import base44_sso
from support import APP_ID, PACKAGE_ROOT, REPO_ROOT, SERVICE_TOKEN

# Libraries a machine without the Swift toolchain does not have.
SWIFT_RUNTIME = re.compile(r"libswift|libFoundation|libdispatch|libBlocksRuntime|lib_Foundation")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    given = os.environ.get("B44SSO_WHEEL")
    if given:
        assert Path(given).is_file(), "B44SSO_WHEEL=%s does not exist" % given
        return Path(given)
    built = sorted((REPO_ROOT / "build" / "dist").glob(
        "base44_sso-%s-*.whl" % base44_sso.__version__))
    if len(built) == 1 and _is_up_to_date(built[0]):
        return built[0]
    if os.environ.get("B44SSO_SKIP_WHEEL_TEST") == "1":
        pytest.skip("no up-to-date wheel in build/dist and B44SSO_SKIP_WHEEL_TEST=1")
    dist = tmp_path_factory.mktemp("dist")
    finished = subprocess.run(
        [sys.executable, str(PACKAGE_ROOT / "build_wheel.py"), "--dist", str(dist)],
        capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    return Path(finished.stdout.strip().splitlines()[-1])


def _is_up_to_date(wheel: Path) -> bool:
    """True when the wheel holds exactly the package sources of this tree and
    the library build/lib holds: an older wheel would test old code."""
    sources = {"base44_sso/%s" % p.name: p.read_bytes()
               for p in (PACKAGE_ROOT / "base44_sso").glob("*.py")}
    library = REPO_ROOT / "build" / "lib" / "libb44sso.so.0"
    with zipfile.ZipFile(wheel) as archive:
        packed = {n: archive.read(n) for n in archive.namelist()
                  if re.fullmatch(r"base44_sso/[^/]+\.py", n)}
        if packed != sources:
            return False
        if library.exists():
            return archive.read("base44_sso/libb44sso.so") == library.read_bytes()
    return True


def _platform_tag() -> str:
    return sysconfig.get_platform().replace("-", "_").replace(".", "_")


def test_wheel_name_and_tags(wheel):
    assert wheel.name == "base44_sso-%s-py3-none-%s.whl" % (
        base44_sso.__version__, _platform_tag())
    with zipfile.ZipFile(wheel) as archive:
        info = archive.read("base44_sso-%s.dist-info/WHEEL" % base44_sso.__version__)
    text = info.decode()
    assert "Root-Is-Purelib: false" in text
    assert "Tag: py3-none-%s" % _platform_tag() in text


def test_wheel_contents_and_metadata(wheel):
    version = base44_sso.__version__
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read("base44_sso-%s.dist-info/METADATA" % version).decode()
    for module in ("__init__", "_ffi", "_loader", "_async", "client", "errors", "_version"):
        assert "base44_sso/%s.py" % module in names
    assert "base44_sso/py.typed" in names
    assert "base44_sso/libb44sso.so" in names
    assert not [n for n in names if n.startswith("tests/") or "__pycache__" in n]
    assert "Name: base44_sso" in metadata
    assert "Version: %s" % version in metadata
    assert "License-Expression: MIT" in metadata
    assert "Requires-Python: >=3.8" in metadata


def test_packaged_library_needs_no_swift_runtime(wheel, tmp_path):
    if shutil.which("readelf") is None:
        pytest.skip("readelf (binutils) is needed to read the library's dependencies")
    with zipfile.ZipFile(wheel) as archive:
        library = Path(archive.extract("base44_sso/libb44sso.so", tmp_path))
    dynamic = subprocess.run(["readelf", "-d", str(library)], check=True,
                             capture_output=True, text=True).stdout
    needed = re.findall(r"\(NEEDED\).*\[(.+)\]", dynamic)
    assert needed, dynamic
    assert not [n for n in needed if SWIFT_RUNTIME.search(n)], needed
    paths = " ".join(re.findall(r"\((?:RUNPATH|RPATH)\).*\[(.+)\]", dynamic))
    assert "swift" not in paths.lower(), paths


def test_wheel_in_a_fresh_virtual_environment(wheel, standin, tmp_path):
    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(environment)
    python = environment / "bin" / "python"
    # No B44SSO_LIBRARY, no LD_LIBRARY_PATH, no PYTHONPATH: only the wheel.
    env = {key: value for key, value in os.environ.items()
           if key not in ("B44SSO_LIBRARY", "LD_LIBRARY_PATH", "PYTHONPATH")
           and not key.startswith("PIP_")}
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-index", "--disable-pip-version-check",
         str(wheel)], env=env, cwd=str(tmp_path), capture_output=True, text=True,
        timeout=300)
    assert install.returncode == 0, install.stdout + install.stderr

    script = textwrap.dedent("""
        import base44_sso
        print(base44_sso.library_path())
        import asyncio
        with base44_sso.Client(app_id=%r, service_token=%r, server_url=%r) as client:
            print(client.sso.get_access_token("wheel-user"))
            print(client.sso.get_id_token("wheel-user"))
            print(asyncio.run(client.sso.aget_access_token("wheel-async")))
            print(",".join(client.sso.get_access_tokens(["wheel-a", "wheel-b"])))
            print(client.stats().requests)
    """) % (APP_ID, SERVICE_TOKEN, standin.url)
    run = subprocess.run([str(python), "-c", script], env=env, cwd=str(tmp_path),
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    library_path, access_token, id_token, async_token, batch, requests = run.stdout.split()
    assert str(Path(library_path).resolve()).startswith(str(environment.resolve()) + os.sep)
    assert Path(library_path).name == "libb44sso.so"
    assert access_token == "at-wheel-user"
    assert id_token == "idt-wheel-user"
    assert async_token == "at-wheel-async"
    assert batch == "at-wheel-a,at-wheel-b"
    assert requests == "5"
