"""Finding and opening the native libb44sso library.

Order: the B44SSO_LIBRARY environment variable when set (and then nothing else,
so a wrong setting is reported rather than silently bypassed), else the copy
shipped inside this package (wheels), else the system's library path.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from typing import Callable, Iterator, List, Mapping, Optional, Tuple

ENV_VAR = "B44SSO_LIBRARY"
PACKAGED_NAME = "libb44sso.so"
SYSTEM_NAME = "libb44sso.so.0"  # the SONAME, as the dynamic loader knows it

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def _candidates(
    environ: Mapping[str, str],
    package_dir: str,
    find_library: Callable[[str], Optional[str]],
    system_name: str,
) -> Iterator[Tuple[str, Optional[str]]]:
    """Where to look, in order, as (description, path or None if not found) pairs.

    A generator, so the slower system search runs only when it is reached.
    """
    from_env = environ.get(ENV_VAR)
    if from_env:
        yield "%s=%s" % (ENV_VAR, from_env), from_env
        return
    packaged = os.path.join(package_dir, PACKAGED_NAME)
    yield ("the copy inside the package (%s)" % packaged,
           packaged if os.path.exists(packaged) else None)
    yield "ctypes.util.find_library('b44sso')", find_library("b44sso")
    yield "the system library path (%s)" % system_name, system_name


def load_library(
    environ: Mapping[str, str] = os.environ,
    package_dir: str = _PACKAGE_DIR,
    find_library: Callable[[str], Optional[str]] = ctypes.util.find_library,
    system_name: str = SYSTEM_NAME,
) -> Tuple[ctypes.CDLL, str]:
    """Opens libb44sso and returns it with the path or name it was opened from.

    Raises one ImportError that lists every place tried and why each failed.
    The parameters exist so tests can point the search elsewhere.
    """
    tried: List[str] = []
    for description, path in _candidates(environ, package_dir, find_library, system_name):
        if path is None:
            tried.append("  %s: not found" % description)
            continue
        try:
            # CDLL (not PyDLL) releases the GIL during every call into the library.
            return ctypes.CDLL(path), path
        except OSError as exc:
            tried.append("  %s: %s" % (description, exc))
    raise ImportError(
        "base44_sso could not load the native library libb44sso. Tried:\n"
        + "\n".join(tried)
        + "\nInstall a base44_sso wheel (it ships the library), or set %s "
        "to the path of libb44sso.so." % ENV_VAR
    )

