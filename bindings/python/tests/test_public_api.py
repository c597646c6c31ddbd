"""The public surface: what is exported, and that all of it is documented."""

from __future__ import annotations

import inspect

import pytest

import base44_sso


def _public_members(obj):
    for name, member in vars(obj).items():
        if name.startswith("_"):
            continue
        if inspect.isfunction(member) or isinstance(member, (property, classmethod)):
            yield name, member


def test_all_names_exist():
    for name in base44_sso.__all__:
        assert hasattr(base44_sso, name), name


@pytest.mark.parametrize("name", [n for n in base44_sso.__all__ if n != "__version__"])
def test_every_public_name_has_a_docstring(name):
    obj = getattr(base44_sso, name)
    assert inspect.getdoc(obj), name
    if inspect.isclass(obj):
        for member_name, member in _public_members(obj):
            target = member.__func__ if isinstance(member, classmethod) else member
            assert inspect.getdoc(target), "%s.%s" % (name, member_name)


def test_package_is_typed():
    from pathlib import Path
    assert (Path(base44_sso.__file__).parent / "py.typed").exists()


def test_version_strings():
    assert base44_sso.__version__ == "0.1.0"
    assert base44_sso.library_version().count(".") == 2
