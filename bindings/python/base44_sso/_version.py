"""Version of this package and of the native library it needs.

Kept free of imports: the build reads ``__version__`` from this file without
loading the library.
"""

__version__ = "0.1.0"

# The binding uses every function of the 0.1 C interface. Within one major
# version the interface is only ever appended to, so any later minor works.
REQUIRED_LIBRARY_VERSION = (0, 1)


def check_library_version(found: str, path: str) -> None:
    """Raises ImportError unless the library version ``found`` ("MAJOR.MINOR.PATCH")
    has the required major and at least the required minor."""
    need_major, need_minor = REQUIRED_LIBRARY_VERSION
    try:
        major, minor = (int(part) for part in found.split(".")[:2])
    except ValueError:
        major, minor = -1, -1  # unparseable: refused below
    if major != need_major or minor < need_minor:
        raise ImportError(
            "base44_sso %s needs libb44sso %d.x with x >= %d, but %s is version %r; "
            "install a matching library or point B44SSO_LIBRARY at one"
            % (__version__, need_major, need_minor, path, found)
        )
