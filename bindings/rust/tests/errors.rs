//! Every error kind the library can report, reached against the stand-in, with its fields.
mod common;

use std::net::TcpListener;
use std::time::{Duration, Instant};

use b44sso::{ErrorKind, Options};
use common::{client, expect_error, logged_requests_containing, options, scenario, standin};

#[test]
fn invalid_argument_for_bad_user_ids_sends_nothing() {
    let client = client();
    let marker = common::unique("bad");
    let too_long = format!("{marker}{}", "x".repeat(1025));
    for user in ["", "a\nb", "tab\there", "del\u{7f}", too_long.as_str()] {
        let error = expect_error(client.access_token(user), ErrorKind::InvalidArgument);
        assert_eq!(error.status(), None);
        assert_eq!(error.api_code(), None);
        assert_eq!(error.body(), None);
        assert!(!error.message().is_empty());
        expect_error(client.id_token(user), ErrorKind::InvalidArgument);
    }
    assert!(logged_requests_containing(&marker).is_empty());
}

#[test]
fn invalid_argument_for_a_nul_in_the_user_id() {
    let error = expect_error(client().access_token("ali\0ce"), ErrorKind::InvalidArgument);
    assert!(error.message().contains("user_id"), "{error}");
}

#[test]
fn config_without_app_id_or_tokens() {
    let s = standin();
    let no_app = Options::new().service_token(s.service_token).server_url(&s.url).build();
    assert!(expect_error(no_app, ErrorKind::Config).message().contains("app_id"));
    let no_token = Options::new().app_id(s.app_id).server_url(&s.url).build();
    expect_error(no_token, ErrorKind::Config);
}

#[test]
fn config_for_plain_http_to_a_remote_host() {
    let remote = options().server_url("http://base44.example.com").build();
    let error = expect_error(remote, ErrorKind::Config);
    assert!(error.message().contains("server_url"), "{error}");
}

#[test]
fn unauthorized_for_a_wrong_service_token() {
    let client = options().service_token("svc-wrong-token").build().unwrap();
    let error = expect_error(client.access_token("alice"), ErrorKind::Unauthorized);
    assert_eq!(error.status(), Some(401));
    assert!(error.message().contains("Unauthorized"), "{error}");
    assert!(!error.body().unwrap_or_default().contains("svc-wrong-token"));
}

#[test]
fn forbidden_for_another_users_token() {
    let client = options().user_token("ut-alice").build().unwrap();
    let error = expect_error(client.access_token("bob"), ErrorKind::Forbidden);
    assert_eq!(error.status(), Some(403));
    assert_eq!(error.api_code(), Some("FORBIDDEN"));
    assert!(error.message().contains("requesting user"), "{error}");
}

#[test]
fn not_found_with_api_code_message_and_body() {
    let error =
        expect_error(client().access_token(&scenario("status=404&body=detail_code")), ErrorKind::NotFound);
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.api_code(), Some("SCENARIO_CODE"));
    assert!(error.message().contains("scenario detail"), "{error}");
    assert_eq!(error.body(), Some(r#"{"detail": "scenario detail", "code": "SCENARIO_CODE"}"#));
}

#[test]
fn rate_limited_after_retries() {
    let error = expect_error(client().id_token(&scenario("status=429&body=message")), ErrorKind::RateLimited);
    assert_eq!(error.status(), Some(429));
    assert_eq!(error.api_code(), Some("MSG_CODE"));
    assert!(error.message().contains("scenario message"), "{error}");
}

#[test]
fn server_error_with_a_nested_error_object() {
    let error = expect_error(client().access_token(&scenario("status=500&body=error")), ErrorKind::Server);
    assert_eq!(error.status(), Some(500));
    assert_eq!(error.api_code(), Some("NESTED_CODE"));
    assert!(error.message().contains("nested message"), "{error}");
    assert!(error.body().unwrap().contains("outer detail"));
}

#[test]
fn server_error_with_a_connector_header_and_an_empty_body() {
    let connector =
        expect_error(client().access_token(&scenario("status=502&body=connector")), ErrorKind::Server);
    assert_eq!((connector.status(), connector.api_code()), (Some(502), Some("CONNECTOR_X")));
    let empty = expect_error(client().access_token(&scenario("status=500&body=empty")), ErrorKind::Server);
    assert_eq!((empty.status(), empty.api_code(), empty.body()), (Some(500), None, None));
}

#[test]
fn error_bodies_never_hold_the_clients_secrets() {
    let client = options().user_token("ut-frank").build().unwrap();
    let error = expect_error(client.access_token(&scenario("status=500&body=echo")), ErrorKind::Server);
    let body = error.body().unwrap();
    assert!(body.contains("[REDACTED]"), "{body}");
    for secret in [standin().service_token.as_str(), "ut-frank"] {
        assert!(!body.contains(secret) && !error.message().contains(secret), "{error:?}");
        assert!(!format!("{error:?}").contains(secret));
    }
}

#[test]
fn http_error_for_other_statuses_and_redirects() {
    let teapot = expect_error(client().access_token(&scenario("status=418")), ErrorKind::Http);
    assert_eq!(teapot.status(), Some(418));
    let redirect = expect_error(client().access_token(&scenario("redirect=1")), ErrorKind::Http);
    assert_eq!(redirect.status(), Some(302));
}

#[test]
fn network_error_when_the_server_drops_the_connection() {
    let error = expect_error(client().access_token(&scenario("drop=before")), ErrorKind::Network);
    assert_eq!(error.status(), None);
}

#[test]
fn network_error_when_nothing_listens() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = options().server_url(format!("http://127.0.0.1:{port}")).build().unwrap();
    expect_error(client.access_token("alice"), ErrorKind::Network);
}

#[test]
fn timeout_when_the_server_never_answers() {
    let client = options().timeout(Duration::from_millis(300)).build().unwrap();
    let started = Instant::now();
    let error = expect_error(client.access_token(&scenario("hang=1")), ErrorKind::Timeout);
    assert_eq!(error.status(), None);
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
}

#[test]
fn tls_error_when_the_server_does_not_speak_tls() {
    let https = standin().url.replace("http://", "https://");
    let client = options().server_url(https).build().unwrap();
    expect_error(client.access_token("alice"), ErrorKind::Tls);
}

#[test]
fn protocol_error_for_answers_that_are_not_tokens() {
    for shape in ["invalid_json", "html", "empty_token", "wrong_type", "null"] {
        let result = client().access_token(&scenario(&format!("shape={shape}")));
        let error = expect_error(result, ErrorKind::Protocol);
        assert_eq!(error.status(), Some(200), "{shape}");
    }
}

#[test]
fn errors_work_as_std_errors() {
    let error = expect_error(client().access_token(""), ErrorKind::InvalidArgument);
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(error.clone());
    assert_eq!(boxed.to_string(), error.message());
    assert_eq!(ErrorKind::NotFound.to_string(), "B44_ERR_NOT_FOUND");
}
