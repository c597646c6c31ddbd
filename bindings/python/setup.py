"""Wheel tagging for base44_sso; all other metadata is in pyproject.toml.

The package is pure Python but ships a native library, so its wheel must be
tagged for the platform (py3-none-<platform>) rather than py3-none-any: it
works on any Python 3, on this kind of machine only. The platform tag is the
one setuptools derives from the build machine (e.g. linux_x86_64), which is
truthful; a manylinux tag would need the library audited against that policy.
"""

import os
from typing import Tuple

from setuptools import Distribution, setup
from setuptools.command.bdist_wheel import bdist_wheel

LIBRARY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "base44_sso", "libb44sso.so")


class BinaryDistribution(Distribution):
    """Holds a binary, so it installs into platlib and its wheel root is not
    purelib (else the library would sit under .data/purelib)."""

    def has_ext_modules(self) -> bool:
        return True


class PlatformWheel(bdist_wheel):
    """bdist_wheel that tags py3-none-<platform> (not cpXY-cpXY-<platform>:
    no extension module, so any Python 3 can load it) and refuses to build
    without the native library inside the package (build_wheel.py puts it there)."""

    def get_tag(self) -> Tuple[str, str, str]:
        _, _, platform = super().get_tag()
        return "py3", "none", platform

    def run(self) -> None:
        if not os.path.exists(LIBRARY):
            raise SystemExit(
                "base44_sso/libb44sso.so is missing: build the wheel with "
                "bindings/python/build_wheel.py, which copies the library in")
        super().run()


setup(distclass=BinaryDistribution, cmdclass={"bdist_wheel": PlatformWheel})
