"""Client.from_env and Client.from_request_headers."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

import base44_sso
from support import APP_ID, SERVICE_TOKEN, last_request

ENV_NAMES = ["BASE44_APP_ID", "BASE44_SERVICE_TOKEN", "BASE44_USER_TOKEN",
             "BASE44_API_URL", "BASE44_CA_FILE"]


@pytest.fixture
def clean_env(monkeypatch):
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


# ---- from_env ----------------------------------------------------------------

def test_from_env(standin, clean_env):
    clean_env.setenv("BASE44_APP_ID", APP_ID)
    clean_env.setenv("BASE44_SERVICE_TOKEN", SERVICE_TOKEN)
    clean_env.setenv("BASE44_API_URL", standin.url)
    with base44_sso.Client.from_env() as client:
        assert isinstance(client, base44_sso.Client)
        assert client.app_id == APP_ID
        assert client.sso.get_access_token("env-user") == "at-env-user"
        assert client.sso.get_id_token("env-user") == "idt-env-user"


def test_from_env_with_user_token(standin, clean_env):
    clean_env.setenv("BASE44_APP_ID", APP_ID)
    clean_env.setenv("BASE44_USER_TOKEN", "ut-hana")
    clean_env.setenv("BASE44_API_URL", standin.url)
    with base44_sso.Client.from_env() as client:
        assert client.auth.me()["id"] == "hana"


def test_from_env_without_app_id_is_a_config_error(standin, clean_env):
    clean_env.setenv("BASE44_SERVICE_TOKEN", SERVICE_TOKEN)
    clean_env.setenv("BASE44_API_URL", standin.url)
    with pytest.raises(base44_sso.ConfigError):
        base44_sso.Client.from_env()


def test_from_env_without_tokens_is_a_config_error(standin, clean_env):
    clean_env.setenv("BASE44_APP_ID", APP_ID)
    clean_env.setenv("BASE44_API_URL", standin.url)
    with pytest.raises(base44_sso.ConfigError):
        base44_sso.Client.from_env()


def test_from_env_in_a_subclass_returns_the_subclass(standin, clean_env):
    class MyClient(base44_sso.Client):
        pass

    clean_env.setenv("BASE44_APP_ID", APP_ID)
    clean_env.setenv("BASE44_SERVICE_TOKEN", SERVICE_TOKEN)
    clean_env.setenv("BASE44_API_URL", standin.url)
    with MyClient.from_env() as client:
        assert type(client) is MyClient


# ---- from_request_headers ----------------------------------------------------

class CaseInsensitiveHeaders(Mapping):
    """Like Django's request.headers: a Mapping whose keys ignore case."""

    def __init__(self, pairs):
        self._items = {name.lower(): (name, value) for name, value in pairs.items()}

    def __getitem__(self, name):
        return self._items[name.lower()][1]

    def __iter__(self):
        return (name for name, _ in self._items.values())

    def __len__(self):
        return len(self._items)


def platform_headers(standin, **extra):
    headers = {
        "Base44-App-Id": APP_ID,
        "Base44-Service-Authorization": "Bearer " + SERVICE_TOKEN,
        "Base44-Api-Url": standin.url,
        "Content-Type": "application/json",
        "Cookie": "session=unrelated",
    }
    headers.update(extra)
    return headers


def test_from_request_headers_dict(standin):
    with base44_sso.Client.from_request_headers(platform_headers(standin)) as client:
        assert client.app_id == APP_ID
        assert client.sso.get_access_token("ivan") == "at-ivan"


def test_header_names_are_case_insensitive(standin):
    headers = {name.lower(): value for name, value in platform_headers(standin).items()}
    headers["AUTHORIZATION"] = "Bearer ut-ivan"
    with base44_sso.Client.from_request_headers(headers) as client:
        assert client.app_id == APP_ID
        assert client.sso.get_access_token("ivan") == "at-ivan"
        assert client.auth.me()["id"] == "ivan"


def test_any_mapping_works(standin):
    headers = CaseInsensitiveHeaders(platform_headers(standin))
    with base44_sso.Client.from_request_headers(headers) as client:
        assert client.sso.get_id_token("judy") == "idt-judy"


def test_pairs_and_raw_bytes_work(standin):
    pairs = [(name.lower().encode(), value.encode())
             for name, value in platform_headers(standin).items()]
    with base44_sso.Client.from_request_headers(pairs) as client:
        assert client.app_id == APP_ID
        assert client.sso.get_access_token("kim") == "at-kim"


def test_state_and_data_env_are_forwarded(fresh_standin):
    headers = platform_headers(fresh_standin, **{"Base44-State": "st-9", "X-Data-Env": "prod"})
    with base44_sso.Client.from_request_headers(headers) as client:
        client.sso.get_access_token("liam")
    sent = last_request(fresh_standin)["headers"]
    assert sent["base44-state"] == "st-9"
    assert sent["x-data-env"] == "prod"


def test_other_data_env_is_dropped(fresh_standin):
    headers = platform_headers(fresh_standin, **{"X-Data-Env": "staging"})
    with base44_sso.Client.from_request_headers(headers) as client:
        client.sso.get_access_token("mia")
    assert "x-data-env" not in last_request(fresh_standin)["headers"]


def test_missing_app_id_header_is_a_config_error(standin):
    headers = platform_headers(standin)
    del headers["Base44-App-Id"]
    with pytest.raises(base44_sso.ConfigError):
        base44_sso.Client.from_request_headers(headers)


def test_no_token_headers_is_a_config_error(standin):
    headers = platform_headers(standin)
    del headers["Base44-Service-Authorization"]
    with pytest.raises(base44_sso.ConfigError):
        base44_sso.Client.from_request_headers(headers)


def test_empty_headers_are_a_config_error():
    with pytest.raises(base44_sso.ConfigError):
        base44_sso.Client.from_request_headers({})


@pytest.mark.parametrize("name", ["Base44-Service-Authorization", "Authorization"])
@pytest.mark.parametrize("value", ["Bearer", "Bearer ", "bearer tok", "Bearer  tok",
                                   "Basic tok", "Bearer a b", "tok"])
def test_malformed_bearer_is_an_invalid_argument(standin, name, value):
    headers = platform_headers(standin, **{name: value})
    with pytest.raises(base44_sso.InvalidArgumentError) as caught:
        base44_sso.Client.from_request_headers(headers)
    assert isinstance(caught.value, ValueError)


def test_nul_in_a_header_is_refused_in_python(standin):
    headers = platform_headers(standin, **{"Base44-State": "a\0b"})
    with pytest.raises(base44_sso.InvalidArgumentError, match="NUL"):
        base44_sso.Client.from_request_headers(headers)


@pytest.mark.parametrize("bad", [{"Base44-App-Id": 5}, {7: "x"}, [("Base44-App-Id", None)]])
def test_non_text_header_is_a_type_error(bad):
    with pytest.raises(TypeError):
        base44_sso.Client.from_request_headers(bad)
