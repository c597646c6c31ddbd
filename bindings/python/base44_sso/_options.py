"""Turning Client(...) keyword arguments into a native b44_options set."""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Any, Iterator, Mapping, Union

from ._ffi import lib
from ._marshal import call, to_c_text

# What an option may be given as; None leaves the option at its default.
OptionValue = Union[str, int, "os.PathLike[str]", None]


def option_text(key: str, value: object) -> str:
    """The text form b44_options_set takes: ints in decimal, paths as str."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):  # a bool is an int; True is not a timeout
        raise TypeError("option %s must be a str or int, not bool" % key)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, os.PathLike):
        return os.fsdecode(os.fspath(value))
    raise TypeError("option %s must be a str or int, not %s" % (key, type(value).__name__))


@contextmanager
def native_options(settings: Mapping[str, OptionValue]) -> Iterator[Any]:
    """Yields a b44_options holding every setting that is not None; frees it
    (the library zeroes the secrets in it) on the way out.

    Unknown keys and bad values are refused by the library itself, with an
    InvalidArgumentError naming the key, so new library options work unchanged.
    """
    options = lib.b44_options_new()
    if not options:
        raise MemoryError("b44_options_new failed: out of memory")
    try:
        for key, value in settings.items():
            if value is None:
                continue
            call(lib.b44_options_set, options,
                 to_c_text(key, "option name"),
                 to_c_text(option_text(key, value), "option %s" % key))
        yield options
    finally:
        lib.b44_options_free(options)
