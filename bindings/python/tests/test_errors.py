"""Every exception kind, with its fields, from stand-in scenarios."""

from __future__ import annotations

import builtins
import pickle
import shutil
import subprocess

import pytest

import base44_sso
from base44_sso import errors
from support import SERVICE_TOKEN, StandIn, make_client

# (user id, exception class, kind, HTTP status, Base44 code, text in message)
HTTP_FAILURES = [
    ("!status=401", base44_sso.UnauthorizedError, "B44_ERR_UNAUTHORIZED", 401, None,
     "scenario detail"),
    ("!status=403&body=detail_code", base44_sso.ForbiddenError, "B44_ERR_FORBIDDEN", 403,
     "SCENARIO_CODE", "scenario detail"),
    ("!status=404&body=detail_code", base44_sso.NotFoundError, "B44_ERR_NOT_FOUND", 404,
     "SCENARIO_CODE", "scenario detail"),
    ("!status=429&body=message", base44_sso.RateLimitedError, "B44_ERR_RATE_LIMITED", 429,
     "MSG_CODE", "scenario message"),
    ("!status=500&body=error", base44_sso.ServerError, "B44_ERR_SERVER", 500,
     "NESTED_CODE", "nested message"),
    ("!status=503&body=connector", base44_sso.ServerError, "B44_ERR_SERVER", 503,
     "CONNECTOR_X", "connector failed"),
    ("!status=418&body=detail", base44_sso.HTTPError, "B44_ERR_HTTP", 418, None,
     "scenario detail"),
    ("!status=400&body=detail_code", base44_sso.HTTPError, "B44_ERR_HTTP", 400,
     "SCENARIO_CODE", "scenario detail"),
]


@pytest.mark.parametrize("user_id, cls, kind, status, code, text", HTTP_FAILURES)
def test_http_failure_fields(standin, user_id, cls, kind, status, code, text):
    with make_client(standin, max_retries=0) as client:
        with pytest.raises(cls) as caught:
            client.sso.get_access_token(user_id)
    error = caught.value
    assert type(error) is cls
    assert isinstance(error, base44_sso.Base44Error)
    assert error.kind == kind
    assert error.status == status
    assert error.code == code
    assert text in error.message
    assert str(error) == error.message
    assert error.body is not None and text.split()[0] in error.body


def test_error_body_is_kept_verbatim(standin):
    with make_client(standin, max_retries=0) as client:
        with pytest.raises(base44_sso.ServerError) as caught:
            client.sso.get_access_token("!status=502&body=text")
    assert caught.value.body == "upstream exploded"
    assert caught.value.status == 502


def test_empty_error_body_is_none(standin):
    with make_client(standin) as client:
        with pytest.raises(base44_sso.NotFoundError) as caught:
            client.sso.get_id_token("!status=404&body=empty")
    assert caught.value.body is None
    assert caught.value.message  # still says something


def test_redirect_is_an_http_error_and_not_followed(fresh_standin):
    with make_client(fresh_standin) as client:
        with pytest.raises(base44_sso.HTTPError) as caught:
            client.sso.get_access_token("!redirect=1")
    assert caught.value.status == 302
    assert fresh_standin.stats()["redirect_target_hits"] == 0


def test_rate_limited_after_retries(standin):
    with make_client(standin, max_retries=1) as client:
        with pytest.raises(base44_sso.RateLimitedError) as caught:
            client.sso.get_access_token("!status=429")
    assert caught.value.status == 429


def test_retry_recovers_from_one_503(standin):
    with make_client(standin, max_retries=2) as client:
        user_id = "!status=503&times=1&tag=python-retry"
        assert client.sso.get_access_token(user_id) == "at-" + user_id


def test_forbidden_for_another_user(standin):
    with make_client(standin, user_token="ut-bob") as client:
        with pytest.raises(base44_sso.ForbiddenError) as caught:
            client.sso.get_access_token("alice")
    assert caught.value.status == 403
    assert caught.value.code == "FORBIDDEN"


def test_wrong_service_token_is_unauthorized(standin):
    with make_client(standin, service_token="svc-wrong") as client:
        with pytest.raises(base44_sso.UnauthorizedError) as caught:
            client.sso.get_access_token("alice")
    assert caught.value.status == 401


def test_connection_drop_is_a_network_error(standin):
    with make_client(standin, max_retries=0) as client:
        with pytest.raises(base44_sso.NetworkError) as caught:
            client.sso.get_access_token("!drop=before")
    assert caught.value.kind == "B44_ERR_NETWORK"
    assert caught.value.status is None
    assert caught.value.body is None


def test_refused_connection_is_a_network_error():
    # A stand-in that has stopped leaves a port nobody listens on.
    stopped = StandIn()
    stopped.stop()
    with make_client(stopped, max_retries=0) as client:
        with pytest.raises(base44_sso.NetworkError):
            client.sso.get_access_token("alice")


def test_deadline_is_a_timeout_error(standin):
    with make_client(standin, timeout_ms=300, max_retries=0) as client:
        with pytest.raises(base44_sso.TimeoutError) as caught:
            client.sso.get_access_token("!hang=1")
    error = caught.value
    assert isinstance(error, builtins.TimeoutError)
    assert isinstance(error, base44_sso.Base44Error)
    assert error.kind == "B44_ERR_TIMEOUT"
    assert error.status is None


def test_builtin_timeout_handler_catches_it(standin):
    with make_client(standin, timeout_ms=200, max_retries=0) as client:
        with pytest.raises(builtins.TimeoutError):
            client.sso.get_id_token("!hang=1")


@pytest.mark.parametrize("shape", ["invalid_json", "empty_object", "empty_token",
                                   "wrong_type", "null", "number", "html"])
def test_unexpected_success_body_is_a_protocol_error(standin, shape):
    with make_client(standin) as client:
        with pytest.raises(base44_sso.ProtocolError) as caught:
            client.sso.get_access_token("!shape=" + shape)
    assert caught.value.kind == "B44_ERR_PROTOCOL"
    assert caught.value.status == 200


def _self_signed_certificate(directory):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True)
    return cert, key


@pytest.fixture(scope="module")
def tls_standin(tmp_path_factory):
    cert, key = _self_signed_certificate(tmp_path_factory.mktemp("tls"))
    server = StandIn("--tls-cert", str(cert), "--tls-key", str(key))
    server.certificate = cert
    try:
        yield server
    finally:
        server.stop()


def test_untrusted_certificate_is_a_tls_error(tls_standin):
    with make_client(tls_standin, max_retries=0) as client:
        with pytest.raises(base44_sso.TLSError) as caught:
            client.sso.get_access_token("alice")
    assert caught.value.kind == "B44_ERR_TLS"
    assert caught.value.status is None


def test_ca_file_makes_the_certificate_trusted(tls_standin):
    with make_client(tls_standin, ca_file=tls_standin.certificate) as client:
        assert client.sso.get_access_token("alice") == "at-alice"


def test_https_to_a_plain_http_server_is_a_tls_error(standin):
    with make_client(standin, server_url=standin.url.replace("http:", "https:"),
                     max_retries=0) as client:
        with pytest.raises(base44_sso.TLSError):
            client.sso.get_access_token("alice")


# ---- secrets -----------------------------------------------------------------

def test_secrets_are_redacted_from_error_body_str_and_repr(standin):
    user_token = "ut-!status=400&body=echo"
    with make_client(standin, user_token=user_token, max_retries=0) as client:
        with pytest.raises(base44_sso.HTTPError) as caught:
            client.sso.get_access_token("!status=400&body=echo")
    error = caught.value
    assert "[REDACTED]" in (error.body or "")
    for text in (error.body or "", error.message, str(error), repr(error)):
        assert SERVICE_TOKEN not in text
        assert user_token not in text


def test_client_repr_shows_no_token(standin):
    client = make_client(standin, user_token="ut-secret-user")
    try:
        for text in (repr(client), str(client)):
            assert SERVICE_TOKEN not in text
            assert "ut-secret-user" not in text
            assert "app-test" in text
    finally:
        client.close()


# ---- the exception classes themselves ----------------------------------------

def test_invalid_argument_error_is_a_value_error():
    assert issubclass(base44_sso.InvalidArgumentError, ValueError)
    assert issubclass(base44_sso.InvalidArgumentError, base44_sso.Base44Error)


def test_timeout_error_is_the_builtin_too():
    assert issubclass(base44_sso.TimeoutError, builtins.TimeoutError)
    assert base44_sso.TimeoutError is not builtins.TimeoutError


@pytest.mark.parametrize("kind, cls", [
    ("B44_ERR_INVALID_ARGUMENT", base44_sso.InvalidArgumentError),
    ("B44_ERR_CONFIG", base44_sso.ConfigError),
    ("B44_ERR_UNAUTHORIZED", base44_sso.UnauthorizedError),
    ("B44_ERR_FORBIDDEN", base44_sso.ForbiddenError),
    ("B44_ERR_NOT_FOUND", base44_sso.NotFoundError),
    ("B44_ERR_RATE_LIMITED", base44_sso.RateLimitedError),
    ("B44_ERR_SERVER", base44_sso.ServerError),
    ("B44_ERR_HTTP", base44_sso.HTTPError),
    ("B44_ERR_NETWORK", base44_sso.NetworkError),
    ("B44_ERR_TIMEOUT", base44_sso.TimeoutError),
    ("B44_ERR_TLS", base44_sso.TLSError),
    ("B44_ERR_PROTOCOL", base44_sso.ProtocolError),
    ("B44_ERR_NOMEM", base44_sso.NoMemoryError),
    ("B44_ERR_INTERNAL", base44_sso.InternalError),
])
def test_each_kind_has_its_class(kind, cls):
    assert errors.error_class_for(kind) is cls
    assert cls.kind == kind


def test_unknown_kind_is_a_plain_base44_error():
    assert errors.error_class_for("B44_ERR_UNKNOWN") is base44_sso.Base44Error


@pytest.mark.parametrize("cls", [base44_sso.NotFoundError, base44_sso.TimeoutError,
                                 base44_sso.InvalidArgumentError, base44_sso.Base44Error])
def test_errors_survive_pickling(cls):
    error = cls("went wrong", kind="B44_ERR_X", status=404, code="C", body="{}")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is cls
    assert (copy.message, copy.kind, copy.status, copy.code, copy.body) == (
        "went wrong", "B44_ERR_X", 404, "C", "{}")
