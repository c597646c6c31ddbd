"""Reading the headers of an incoming request, whatever framework made them."""

from __future__ import annotations

from typing import Iterable, List, Mapping, Optional, Tuple, Union

HeaderText = Union[str, bytes]
Headers = Union[Mapping[str, str], Iterable[Tuple[HeaderText, HeaderText]]]


def _as_text(value: object, what: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray)):
        # Raw header bytes (ASGI scope["headers"]) are ISO-8859-1, as in WSGI.
        return bytes(value).decode("latin-1")
    raise TypeError("header %s must be a str, not %s" % (what, type(value).__name__))


def header_pairs(headers: Headers) -> List[Tuple[str, str]]:
    """All (name, value) pairs of ``headers``: anything with .items() (dict,
    Django's request.headers, Werkzeug/Flask, Starlette, multidicts, which then
    yield repeated names too) or an iterable of pairs."""
    items = headers.items() if hasattr(headers, "items") else headers
    pairs = []
    for name, value in items:
        text_name = _as_text(name, "name")
        pairs.append((text_name, _as_text(value, repr(text_name))))
    return pairs


def find_header(pairs: Iterable[Tuple[str, str]], name: str) -> Optional[str]:
    """The first value of header ``name``, compared case-insensitively."""
    wanted = name.lower()
    for key, value in pairs:
        if key.lower() == wanted:
            return value
    return None
