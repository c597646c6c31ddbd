//! The Options builder: every key accepted, bad keys and values refused, secrets hidden.
mod common;

use std::time::Duration;

use b44sso::{Cache, DataEnv, ErrorKind, Options};
use common::{expect_error, options, standin};

#[test]
fn every_option_key_is_accepted() {
    let s = standin();
    let ca = std::env::temp_dir().join(format!("{}.pem", common::unique("ca")));
    std::fs::write(&ca, "").unwrap();
    let client = Options::new()
        .app_id(s.app_id)
        .service_token(s.service_token)
        .user_token("ut-gina")
        .server_url(s.url)
        .state("st")
        .data_env(DataEnv::Prod)
        .timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(2))
        .max_retries(1)
        .ca_file(&ca)
        .user_agent("rust-options-test")
        .cache(Cache::Off)
        .build();
    std::fs::remove_file(&ca).unwrap();
    assert_eq!(client.unwrap().access_token("gina").unwrap(), "at-gina");
    // A proxy is only used when connecting, so building is the whole check here.
    options().proxy("http://127.0.0.1:9").cache(Cache::Auto).build().unwrap();
}

#[test]
fn an_unknown_key_is_refused_by_name() {
    let error = expect_error(options().set("colour", "blue").build(), ErrorKind::InvalidArgument);
    assert!(error.message().contains("colour"), "{error}");
}

#[test]
fn out_of_range_values_are_refused_by_key() {
    let cases = [
        (options().timeout(Duration::ZERO), "timeout_ms"),
        (options().timeout(Duration::from_secs(601)), "timeout_ms"),
        (options().connect_timeout(Duration::ZERO), "connect_timeout_ms"),
        (options().max_retries(11), "max_retries"),
        (options().set("data_env", "staging"), "data_env"),
        (options().set("cache", "sometimes"), "cache"),
    ];
    for (options, key) in cases {
        let error = expect_error(options.build(), ErrorKind::InvalidArgument);
        assert!(error.message().contains(key), "{key}: {error}");
    }
}

#[test]
fn a_sub_millisecond_timeout_rounds_up_instead_of_becoming_zero() {
    options().timeout(Duration::from_micros(10)).build().unwrap();
}

#[test]
fn control_characters_and_nul_bytes_in_values_are_refused() {
    expect_error(options().state("a\r\nInjected: yes").build(), ErrorKind::InvalidArgument);
    let error = expect_error(options().state("a\0b").build(), ErrorKind::InvalidArgument);
    assert!(error.message().contains("state"), "{error}");
    expect_error(options().set("st\0ate", "x").build(), ErrorKind::InvalidArgument);
}

#[test]
fn an_unparseable_server_url_is_an_invalid_argument() {
    let error = expect_error(options().server_url("not a url").build(), ErrorKind::InvalidArgument);
    assert!(error.message().contains("server_url"), "{error}");
}

#[test]
fn an_unreadable_ca_file_is_a_config_error() {
    expect_error(options().ca_file("/nonexistent/ca.pem").build(), ErrorKind::Config);
}

#[test]
fn debug_output_hides_secrets() {
    let options = options().user_token("ut-secret-user").proxy("http://user:pw@127.0.0.1:9");
    let shown = format!("{options:?}");
    assert!(shown.contains("app_id"), "{shown}");
    for secret in [standin().service_token.as_str(), "ut-secret-user", "pw@"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    let client = options.build().unwrap();
    let shown = format!("{client:?}");
    assert!(!shown.contains(&standin().service_token) && !shown.contains("ut-secret"), "{shown}");
}
