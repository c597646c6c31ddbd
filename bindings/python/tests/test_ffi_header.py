"""The ctypes declarations held against include/b44sso.h, so the two cannot drift."""

from __future__ import annotations

import ast
import ctypes
import re
from ctypes import POINTER, c_char_p, c_int, c_size_t, c_uint, c_uint64, c_void_p

import pytest

import base44_sso
from base44_sso import _ffi, errors
from support import HEADER, PACKAGE_ROOT

# Each C type the header uses (spaces around '*' removed), with the ctypes
# types that may stand for it. A new C type in the header fails the test until
# it is added here on purpose.
COMPATIBLE = {
    "void": {None},
    "int": {c_int},
    "size_t": {c_size_t},
    "b44_code": {c_int, c_uint},
    "b44_log_level": {c_int, c_uint},
    "b44_log_threads": {c_int, c_uint},
    "void*": {c_void_p},
    "b44_log_handler": {_ffi.LogHandler},
    "b44_token_callback": {_ffi.TokenCallback},
    "const char*": {c_char_p},                # borrowed text: in, or static/error-owned out
    "char*": {c_void_p},                      # a string going back to b44_string_free
    "char**": {POINTER(c_void_p)},            # caller-frees out-string: must stay a pointer
    "const char*const*": {POINTER(c_char_p)},
    "b44_options*": {_ffi.OptionsPtr},
    "const b44_options*": {_ffi.OptionsPtr},
    "b44_client*": {_ffi.ClientPtr},
    "const b44_client*": {_ffi.ClientPtr},
    "b44_client**": {POINTER(_ffi.ClientPtr)},
    "b44_stats*": {POINTER(_ffi.Stats)},
    "const b44_error*": {_ffi.ErrorPtr},
    "b44_error*": {_ffi.ErrorPtr},
    "b44_error**": {POINTER(_ffi.ErrorPtr)},
}

# The C types struct fields may have, with the one ctypes type for each: a
# field's size and alignment must match exactly, so no alternatives here.
FIELD_TYPES = {
    "uint64_t": c_uint64,
}


def _header_text():
    text = HEADER.read_text()
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def _canonical(c_type):
    c_type = re.sub(r"\s+", " ", c_type).strip()
    return re.sub(r"\s*\*\s*", "*", c_type)


def _split_parameter(parameter):
    """'const char *const *names' -> 'const char*const*'."""
    match = re.fullmatch(r"(.*?[\s*])(\w+)", parameter.strip(), flags=re.S)
    assert match, "cannot read parameter %r" % parameter
    return _canonical(match.group(1))


def header_functions():
    """{name: (return type, [parameter types])} of every B44_EXPORT function."""
    functions = {}
    pattern = r"B44_EXPORT\s+([^;(]*?)\b(b44_\w+)\s*\(([^)]*)\)\s*;"
    for returns, name, parameters in re.findall(pattern, _header_text(), flags=re.S):
        functions[name] = (_canonical(returns), _parameter_types(parameters))
    return functions


def _parameter_types(parameters):
    parameters = parameters.strip()
    return ([] if parameters in ("", "void")
            else [_split_parameter(p) for p in parameters.split(",")])


def header_enums():
    """{enum name: {constant: value}} of every typedef'd enum."""
    enums = {}
    pattern = r"typedef\s+enum\s+(\w+)\s*\{(.*?)\}\s*(\w+)\s*;"
    for tag, body, name in re.findall(pattern, _header_text(), flags=re.S):
        assert tag == name
        enums[name] = {constant: int(value) for constant, value
                       in re.findall(r"(B44_\w+)\s*=\s*(\d+)", body)}
    return enums


def header_structs():
    """{struct name: [(field name, C type)]} of every typedef'd struct with a body
    (the opaque ``typedef struct x x;`` ones have none)."""
    structs = {}
    pattern = r"typedef\s+struct\s+(\w+)\s*\{(.*?)\}\s*(\w+)\s*;"
    for tag, body, name in re.findall(pattern, _header_text(), flags=re.S):
        assert tag == name
        fields = []
        for declaration in body.split(";"):
            if not declaration.strip():
                continue
            match = re.fullmatch(r"(.*?[\s*])(\w+)", declaration.strip(), flags=re.S)
            assert match, "cannot read field %r of %s" % (declaration, name)
            fields.append((match.group(2), _canonical(match.group(1))))
        structs[name] = fields
    return structs


def header_callbacks():
    """{name: (return type, [parameter types])} of every function-pointer typedef."""
    pattern = r"typedef\s+([^;(]*?)\(\s*\*\s*(\w+)\s*\)\s*\(([^)]*)\)\s*;"
    return {name: (_canonical(returns), _parameter_types(parameters))
            for returns, name, parameters in re.findall(pattern, _header_text(), flags=re.S)}


def header_version():
    match = re.search(r'#define\s+B44SSO_VERSION_STRING\s+"([^"]+)"', HEADER.read_text())
    assert match
    return match.group(1)


def test_the_header_parses():
    functions = header_functions()
    assert len(functions) >= 23
    assert [f for f, _ in header_structs()["b44_stats"]][:6] == [
        "requests", "cache_hits", "cache_misses", "coalesced_waits", "retries", "errors"]
    assert header_callbacks()["b44_token_callback"] == (
        "void", ["b44_code", "const char*", "const b44_error*", "void*"])
    assert "b44_code" in header_enums()
    assert functions["b44_client_new_from_request_headers"] == (
        "b44_code", ["const char*const*", "const char*const*", "size_t",
                     "b44_client**", "b44_error**"])
    assert functions["b44_version"] == ("const char*", [])


def test_declared_functions_are_exactly_the_header_functions():
    assert sorted(_ffi.SIGNATURES) == sorted(header_functions())


@pytest.mark.parametrize("name", sorted(header_functions()))
def test_declaration_matches_the_header(name):
    c_returns, c_parameters = header_functions()[name]
    restype, argtypes = _ffi.SIGNATURES[name]
    assert restype in COMPATIBLE[c_returns], "%s returns %s" % (name, c_returns)
    _assert_types_compatible(name, argtypes, c_parameters)


def test_loaded_functions_carry_the_declarations():
    for name, (restype, argtypes) in _ffi.SIGNATURES.items():
        function = getattr(_ffi.lib, name)
        assert function.restype is restype
        assert tuple(function.argtypes) == argtypes


def _assert_types_compatible(what, declared_types, c_types):
    assert len(declared_types) == len(c_types), "%s takes %d parameters" % (
        what, len(c_types))
    for position, (declared, c_type) in enumerate(zip(declared_types, c_types)):
        assert c_type in COMPATIBLE, "no ctypes mapping for C type %r" % c_type
        assert declared in COMPATIBLE[c_type], "%s parameter %d is %s, declared %r" % (
            what, position, c_type, declared)


def test_declared_enums_are_exactly_the_header_enums():
    assert sorted(_ffi.ENUMS) == sorted(header_enums())


@pytest.mark.parametrize("name", sorted(header_enums()))
def test_enum_matches_the_header(name):
    declared = {member.name: member.value for member in _ffi.ENUMS[name]}
    assert declared == header_enums()[name]


def test_declared_structs_are_exactly_the_header_structs():
    assert sorted(_ffi.STRUCTS) == sorted(header_structs())


@pytest.mark.parametrize("name", sorted(header_structs()))
def test_struct_matches_the_header(name):
    declared = _ffi.STRUCTS[name]._fields_
    expected = header_structs()[name]
    assert [field for field, _ in declared] == [field for field, _ in expected]
    for (field, ctype), (_, c_type) in zip(declared, expected):
        assert c_type in FIELD_TYPES, "no ctypes mapping for field type %r" % c_type
        assert ctype is FIELD_TYPES[c_type], "%s.%s is %s, declared %r" % (
            name, field, c_type, ctype)


def test_stats_struct_layout():
    assert ctypes.sizeof(_ffi.Stats) == 6 * 8
    assert [getattr(_ffi.Stats, f).offset for f, _ in _ffi.Stats._fields_] == [
        0, 8, 16, 24, 32, 40]


def test_declared_callbacks_are_exactly_the_header_callbacks():
    assert sorted(_ffi.CALLBACKS) == sorted(header_callbacks())


@pytest.mark.parametrize("name", sorted(header_callbacks()))
def test_callback_matches_the_header(name):
    c_returns, c_parameters = header_callbacks()[name]
    callback = _ffi.CALLBACKS[name]
    assert callback._restype_ in COMPATIBLE[c_returns]
    _assert_types_compatible(name, callback._argtypes_, c_parameters)


@pytest.mark.parametrize("code", list(_ffi.Code))
def test_library_names_each_code_as_the_header(code):
    assert _ffi.lib.b44_code_name(code) == code.name.encode()


def test_unknown_code_name():
    assert _ffi.lib.b44_code_name(999) == b"B44_ERR_UNKNOWN"


@pytest.mark.parametrize("code", [c for c in _ffi.Code if c != _ffi.Code.B44_OK])
def test_every_failure_code_has_its_exception_class(code):
    cls = errors.error_class_for(code.name)
    assert cls is not base44_sso.Base44Error
    assert cls.kind == code.name


def test_ctypes_declarations_live_only_in_ffi():
    for path in sorted((PACKAGE_ROOT / "base44_sso").glob("*.py")):
        if path.name == "_ffi.py":
            continue
        source = path.read_text()
        for marker in (".argtypes", ".restype", "Structure)", "POINTER(", "CFUNCTYPE("):
            assert marker not in source, "%s declares ctypes (%s)" % (path.name, marker)


def test_package_version_matches_the_header():
    assert base44_sso.__version__ == header_version()


def test_loaded_library_is_supported():
    major, minor, _ = base44_sso.library_version().split(".")
    assert (int(major), int(minor)) >= (0, 1) and int(major) == 0


@pytest.mark.parametrize("path", sorted((PACKAGE_ROOT / "base44_sso").glob("*.py")),
                         ids=lambda p: p.name)
def test_sources_parse_as_python_3_8(path):
    ast.parse(path.read_text(), filename=str(path), feature_version=(3, 8))


def test_log_handler_declaration_works_with_the_library(client):
    lines = []
    handler = _ffi.LogHandler(lambda level, message, userdata: lines.append((level, message)))
    _ffi.lib.b44_set_log_handler(handler, None, _ffi.LogLevel.B44_LOG_DEBUG)
    try:
        client.sso.get_access_token("log-user")
    finally:
        _ffi.lib.b44_set_log_handler(_ffi.LogHandler(), None, _ffi.LogLevel.B44_LOG_ERROR)  # NULL: off
    assert any(b"/accesstoken/log-user" in message for _, message in lines), lines
    assert {level for level, _ in lines} <= {level.value for level in _ffi.LogLevel}
