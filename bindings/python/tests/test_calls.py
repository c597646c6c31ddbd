"""The client's calls against the stand-in: results, what is sent, argument checks."""

from __future__ import annotations

import pathlib

import pytest

import base44_sso
from support import APP_ID, SERVICE_TOKEN, last_request, make_client


def test_get_access_token(client):
    assert client.sso.get_access_token("alice") == "at-alice"


def test_get_id_token(client):
    assert client.sso.get_id_token("alice") == "idt-alice"


def test_tokens_are_str(client):
    assert type(client.sso.get_access_token("alice")) is str
    assert type(client.sso.get_id_token("alice")) is str


def test_bare_string_access_token(client):
    assert client.sso.get_access_token("!shape=bare") == "at-!shape=bare"


def test_unicode_token_is_decoded(client):
    assert client.sso.get_access_token("!shape=unicode") == "at-\u00e9\u4e2d"


@pytest.mark.parametrize("user_id", ["a/b?c#d", "..", "caf\u00e9 \u4e2d", "x" * 1024])
def test_user_id_round_trips_as_one_path_segment(client, user_id):
    assert client.sso.get_access_token(user_id) == "at-" + user_id


def test_user_id_is_percent_encoded(fresh_standin):
    with make_client(fresh_standin) as client:
        client.sso.get_access_token("a/b?c#d")
    assert last_request(fresh_standin)["path"] == (
        "/api/apps/%s/auth/sso/accesstoken/a%%2Fb%%3Fc%%23d" % APP_ID)


def test_auth_me_returns_the_user(standin):
    with make_client(standin, service_token=None, user_token="ut-bob") as client:
        user = client.auth.me()
    assert isinstance(user, dict)
    assert user["id"] == "bob"
    assert user["email"] == "bob@example.com"
    assert user["app_id"] == APP_ID
    assert user["full_name"] is None and user["disabled"] is False


def test_user_token_is_sent_on_behalf_of(fresh_standin):
    with make_client(fresh_standin, user_token="ut-carol") as client:
        assert client.sso.get_access_token("carol") == "at-carol"
    headers = last_request(fresh_standin)["headers"]
    assert headers["on-behalf-of"] == "Bearer ut-carol"
    assert headers["authorization"] == "Bearer " + SERVICE_TOKEN


def test_options_are_forwarded(fresh_standin):
    with make_client(fresh_standin, state="st-1", data_env="dev",
                     user_agent="python-test/1.0", max_retries=0,
                     connect_timeout_ms=2000, cache="off") as client:
        client.sso.get_access_token("dave")
    headers = last_request(fresh_standin)["headers"]
    assert headers["base44-state"] == "st-1"
    assert headers["x-data-env"] == "dev"
    # The library keeps its own product token first (Sources/B44SSO/ClientOptions.swift).
    assert headers["user-agent"] == "b44sso/0.1.0 python-test/1.0"


def test_default_user_agent_names_the_library(fresh_standin):
    with make_client(fresh_standin) as client:
        client.sso.get_access_token("erin")
    assert last_request(fresh_standin)["headers"]["user-agent"].startswith("b44sso/0.1.0")


def test_none_options_keep_their_defaults(standin):
    with make_client(standin, proxy=None, ca_file=None, state=None) as client:
        assert client.sso.get_access_token("frank") == "at-frank"


def test_ca_file_accepts_a_path_object(standin, tmp_path):
    missing = pathlib.Path(tmp_path) / "missing.pem"
    # A PathLike reaches the library (which then cannot read it).
    with pytest.raises(base44_sso.ConfigError):
        make_client(standin, ca_file=missing)


# ---- argument checks ---------------------------------------------------------

@pytest.mark.parametrize("user_id", ["", "a\nb", "a\x7fb", "x" * 1025])
def test_bad_user_id_is_refused_before_sending(fresh_standin, user_id):
    with make_client(fresh_standin) as client:
        with pytest.raises(base44_sso.InvalidArgumentError) as caught:
            client.sso.get_access_token(user_id)
    assert caught.value.kind == "B44_ERR_INVALID_ARGUMENT"
    assert caught.value.status is None
    assert fresh_standin.stats()["requests"] == 0


@pytest.mark.parametrize("method", ["get_access_token", "get_id_token"])
def test_embedded_nul_is_refused_in_python(fresh_standin, method):
    with make_client(fresh_standin) as client:
        with pytest.raises(base44_sso.InvalidArgumentError, match="NUL"):
            getattr(client.sso, method)("ali\0ce")
    assert fresh_standin.stats()["requests"] == 0


def test_lone_surrogate_is_an_invalid_argument(client):
    with pytest.raises(base44_sso.InvalidArgumentError):
        client.sso.get_access_token("\ud800")


@pytest.mark.parametrize("user_id", [None, 42, b"alice"])
def test_non_str_user_id_is_a_type_error(client, user_id):
    with pytest.raises(TypeError):
        client.sso.get_access_token(user_id)


def test_invalid_argument_is_a_value_error(client):
    with pytest.raises(ValueError):
        client.sso.get_access_token("")


def test_unknown_option_names_the_key(standin):
    with pytest.raises(base44_sso.InvalidArgumentError, match="no_such_option"):
        make_client(standin, no_such_option="1")


@pytest.mark.parametrize("key, value", [
    ("timeout_ms", 0), ("timeout_ms", 600001), ("max_retries", 11),
    ("data_env", "staging"), ("cache", "sometimes"), ("state", "a\r\nb"),
])
def test_bad_option_value_names_the_key(standin, key, value):
    with pytest.raises(base44_sso.InvalidArgumentError, match=key):
        make_client(standin, **{key: value})


def test_nul_in_option_is_refused(standin):
    with pytest.raises(base44_sso.InvalidArgumentError, match="NUL"):
        make_client(standin, service_token="svc\0x")


@pytest.mark.parametrize("value", [True, 1.5, object()])
def test_option_of_wrong_type_is_a_type_error(standin, value):
    with pytest.raises(TypeError, match="timeout_ms"):
        make_client(standin, timeout_ms=value)


def test_unparseable_server_url_is_an_invalid_argument():
    with pytest.raises(base44_sso.InvalidArgumentError, match="server_url"):
        base44_sso.Client(app_id=APP_ID, service_token=SERVICE_TOKEN, server_url="ftp://x")


# ---- configuration -----------------------------------------------------------

def test_missing_app_id_is_a_config_error(standin):
    with pytest.raises(base44_sso.ConfigError) as caught:
        make_client(standin, app_id=None)
    assert caught.value.kind == "B44_ERR_CONFIG"


def test_no_token_is_a_config_error(standin):
    with pytest.raises(base44_sso.ConfigError):
        make_client(standin, service_token=None)


def test_plain_http_to_a_remote_host_is_a_config_error():
    with pytest.raises(base44_sso.ConfigError):
        base44_sso.Client(app_id=APP_ID, service_token=SERVICE_TOKEN,
                          server_url="http://example.com")


def test_sso_without_service_token_is_a_config_error(standin):
    with make_client(standin, service_token=None, user_token="ut-gina") as client:
        with pytest.raises(base44_sso.ConfigError):
            client.sso.get_access_token("gina")


def test_me_without_user_token_is_a_config_error(client):
    with pytest.raises(base44_sso.ConfigError):
        client.auth.me()


def test_app_id_keyword_is_required():
    with pytest.raises(TypeError):
        base44_sso.Client()  # type: ignore[call-arg]


def test_client_exposes_its_app_id(client):
    assert client.app_id == APP_ID
