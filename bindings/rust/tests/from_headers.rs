//! Client::from_request_headers: maps or pairs, names in any case, validation surfaced.
mod common;

use std::collections::HashMap;

use b44sso::{Client, ErrorKind};
use common::{expect_error, logged_requests_containing, standin, unique};

fn service_auth() -> String {
    format!("Bearer {}", standin().service_token)
}

#[test]
fn a_hash_map_with_names_in_any_case() {
    let s = standin();
    let headers: HashMap<String, String> = [
        ("base44-APP-id", s.app_id),
        ("BASE44-SERVICE-AUTHORIZATION", service_auth()),
        ("Base44-Api-Url", s.url),
        ("Content-Type", "application/json".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let client = Client::from_request_headers(&headers).unwrap();
    assert_eq!(client.access_token("ivan").unwrap(), "at-ivan");
}

#[test]
fn pairs_with_a_user_token_state_and_data_env() {
    let s = standin();
    let marker = unique("hdr");
    let state = format!("state-{marker}");
    let headers = [
        ("Base44-App-Id", s.app_id.as_str()),
        ("Base44-Service-Authorization", &service_auth()),
        ("Authorization", "Bearer ut-judy"),
        ("Base44-Api-Url", &s.url),
        ("Base44-State", &state),
        ("X-Data-Env", "dev"),
    ];
    let client = Client::from_request_headers(headers).unwrap();
    assert!(client.me_json().unwrap().contains("judy@example.com"));
    assert_eq!(client.access_token("judy").unwrap(), "at-judy");
    let me = logged_requests_containing(&state);
    assert!(me.iter().all(|r| r.contains("\"x-data-env\": \"dev\"")), "{me:?}");
    assert_eq!(me.len(), 2, "{me:?}");
}

#[test]
fn an_unknown_data_env_is_dropped() {
    let s = standin();
    let state = unique("env");
    let headers = [
        ("Base44-App-Id", s.app_id.as_str()),
        ("Base44-Service-Authorization", &service_auth()),
        ("Base44-Api-Url", &s.url),
        ("Base44-State", &state),
        ("X-Data-Env", "staging"),
    ];
    Client::from_request_headers(headers).unwrap().access_token("kim").unwrap();
    let sent = logged_requests_containing(&state);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(!sent[0].contains("x-data-env"), "{}", sent[0]);
}

#[test]
fn a_missing_app_id_is_a_config_error() {
    let headers = [("Base44-Service-Authorization", service_auth())];
    expect_error(Client::from_request_headers(headers), ErrorKind::Config);
    expect_error(Client::from_request_headers(Vec::<(String, String)>::new()), ErrorKind::Config);
}

#[test]
fn an_app_id_without_tokens_is_a_config_error() {
    let headers = [("Base44-App-Id", standin().app_id), ("Base44-Api-Url", standin().url)];
    expect_error(Client::from_request_headers(headers), ErrorKind::Config);
}

#[test]
fn malformed_authorization_headers_are_invalid_arguments() {
    let s = standin();
    for (name, value) in [
        ("Base44-Service-Authorization", "Token abc"),
        ("Base44-Service-Authorization", "Bearer  abc"),
        ("Base44-Service-Authorization", "Bearer "),
        ("Authorization", "bearer-ut-x"),
        ("Authorization", "Bearer a b"),
    ] {
        let headers = [("Base44-App-Id", s.app_id.as_str()), ("Base44-Api-Url", &s.url), (name, value)];
        let error = expect_error(Client::from_request_headers(headers), ErrorKind::InvalidArgument);
        assert!(!error.message().contains("abc"), "{error}");
    }
}

#[test]
fn a_nul_byte_in_a_header_is_an_invalid_argument() {
    let headers = [("Base44-App-Id", "app\0test")];
    let error = expect_error(Client::from_request_headers(headers), ErrorKind::InvalidArgument);
    assert!(error.message().contains("Base44-App-Id"), "{error}");
}
