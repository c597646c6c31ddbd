#!/usr/bin/env python3
"""Builds the base44_sso wheel with the native library inside it.

    python3 bindings/python/build_wheel.py [--library PATH] [--dist DIR]

Copies the package sources and libb44sso (default build/lib/libb44sso.so.0,
made by `make`) into a temporary staging directory, checks that the library's
version is the package's, and runs `pip wheel` there, so the source tree stays
clean. Prints the path of the wheel, e.g.
build/dist/base44_sso-0.1.0-py3-none-linux_x86_64.whl. Earlier base44_sso
wheels in the dist directory are removed first, so exactly one is left.

Needs pip and, from PyPI (or --no-build-isolation with it installed), setuptools>=77.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from typing import NoReturn

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
SOURCES = ["pyproject.toml", "setup.py", "README.md", "LICENSE", "base44_sso"]
PACKAGED_LIBRARY = "libb44sso.so"  # the name base44_sso/_loader.py looks for


def fail(message: str) -> NoReturn:
    sys.exit("build_wheel: " + message)


def check_versions_match(library: str) -> str:
    """Imports the package from source against ``library``; fails unless the
    library's version equals the package's. Returns the version."""
    env = dict(os.environ, PYTHONPATH=HERE, B44SSO_LIBRARY=library)
    probe = "import base44_sso as b; print(b.__version__, b.library_version())"
    result = subprocess.run([sys.executable, "-c", probe], env=env, cwd=HERE,
                            capture_output=True, text=True)
    if result.returncode != 0:
        fail("cannot use %s:\n%s" % (library, result.stderr.strip()))
    package_version, library_version = result.stdout.split()
    if package_version != library_version:
        fail("package version %s differs from library version %s (%s)"
             % (package_version, library_version, library))
    return package_version


def stage(directory: str, library: str) -> None:
    """Copies the package sources and the library into ``directory``."""
    for name in SOURCES:
        source, target = os.path.join(HERE, name), os.path.join(directory, name)
        if os.path.isdir(source):
            shutil.copytree(source, target, ignore=shutil.ignore_patterns(
                "__pycache__", "*.pyc", "libb44sso.so*"))
        else:
            shutil.copy2(source, target)
    target = os.path.join(directory, "base44_sso", PACKAGED_LIBRARY)
    shutil.copyfile(library, target)  # follows the .so.0 symlink to the real file
    os.chmod(target, 0o755)


def build(staged: str, dist: str, isolation: bool) -> str:
    """Runs pip wheel on the staged sources; returns the new wheel's path."""
    for old in glob.glob(os.path.join(dist, "base44_sso-*.whl")):
        os.remove(old)
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
               "--disable-pip-version-check", "--wheel-dir", dist, staged]
    if not isolation:
        command.insert(4, "--no-build-isolation")
    if subprocess.run(command).returncode != 0:
        fail("pip wheel failed")
    wheels = glob.glob(os.path.join(dist, "base44_sso-*.whl"))
    if len(wheels) != 1:
        fail("expected one wheel in %s, found %s" % (dist, wheels))
    return wheels[0]


def check_contents(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for needed in ("base44_sso/" + PACKAGED_LIBRARY, "base44_sso/py.typed"):
        if needed not in names:
            fail("%s lacks %s" % (wheel, needed))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--library", default=os.path.join(REPO_ROOT, "build", "lib",
                                                          "libb44sso.so.0"),
                        help="the libb44sso to ship (default: %(default)s)")
    parser.add_argument("--dist", default=os.path.join(REPO_ROOT, "build", "dist"),
                        help="where the wheel goes (default: %(default)s)")
    parser.add_argument("--no-build-isolation", dest="isolation", action="store_false",
                        help="use the setuptools already installed instead of "
                             "fetching one into an isolated build environment")
    args = parser.parse_args()
    if sys.version_info < (3, 9):
        fail("building needs Python 3.9+ (setuptools>=77); the wheel itself runs on 3.8")

    library = os.path.realpath(args.library)
    if not os.path.isfile(library):
        fail("no library at %s (run `make` first)" % args.library)
    check_versions_match(library)
    dist = os.path.abspath(args.dist)
    os.makedirs(dist, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="base44_sso-wheel-") as staged:
        staged_sources = os.path.join(staged, "src")
        os.mkdir(staged_sources)
        stage(staged_sources, library)
        wheel = build(staged_sources, dist, args.isolation)
    check_contents(wheel)
    print(wheel)


if __name__ == "__main__":
    main()
