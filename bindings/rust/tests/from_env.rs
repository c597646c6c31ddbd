//! Client::from_env. The environment is process-wide, so these tests take turns.
mod common;

use std::env;
use std::sync::{Mutex, PoisonError};

use b44sso::{Client, ErrorKind};
use common::{expect_error, standin};

static ENVIRONMENT: Mutex<()> = Mutex::new(());

const VARIABLES: [&str; 5] =
    ["BASE44_APP_ID", "BASE44_SERVICE_TOKEN", "BASE44_USER_TOKEN", "BASE44_API_URL", "BASE44_CA_FILE"];

/// Runs `test` with exactly `vars` of the BASE44_* variables set.
fn with_environment(vars: &[(&str, &str)], test: impl FnOnce()) {
    let _turn = ENVIRONMENT.lock().unwrap_or_else(PoisonError::into_inner);
    for name in VARIABLES {
        env::remove_var(name);
    }
    for (name, value) in vars {
        env::set_var(name, value);
    }
    test();
}

#[test]
fn a_client_from_the_environment_works() {
    let s = standin();
    let vars = [
        ("BASE44_APP_ID", s.app_id.as_str()),
        ("BASE44_SERVICE_TOKEN", s.service_token.as_str()),
        ("BASE44_USER_TOKEN", "ut-hana"),
        ("BASE44_API_URL", s.url.as_str()),
    ];
    with_environment(&vars, || {
        let client = Client::from_env().unwrap();
        assert_eq!(client.access_token("hana").unwrap(), "at-hana");
        assert!(client.me_json().unwrap().contains("hana@example.com"));
    });
}

#[test]
fn a_missing_app_id_is_a_config_error() {
    let s = standin();
    let vars = [("BASE44_SERVICE_TOKEN", s.service_token.as_str()), ("BASE44_API_URL", s.url.as_str())];
    with_environment(&vars, || {
        expect_error(Client::from_env(), ErrorKind::Config);
    });
}

#[test]
fn an_unreadable_ca_file_is_a_config_error() {
    let s = standin();
    let vars = [
        ("BASE44_APP_ID", s.app_id.as_str()),
        ("BASE44_SERVICE_TOKEN", s.service_token.as_str()),
        ("BASE44_API_URL", s.url.as_str()),
        ("BASE44_CA_FILE", "/nonexistent/ca.pem"),
    ];
    with_environment(&vars, || {
        expect_error(Client::from_env(), ErrorKind::Config);
    });
}
