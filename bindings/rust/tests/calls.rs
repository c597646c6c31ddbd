//! Successful calls against the stand-in, and what the library sends for them.
mod common;

use b44sso::{DataEnv, ErrorKind};
use common::{client, expect_error, logged_requests_containing, options, unique};

#[test]
fn access_token_for_a_user() {
    let user = unique("alice");
    assert_eq!(client().access_token(&user).unwrap(), format!("at-{user}"));
}

#[test]
fn id_token_for_a_user() {
    let user = unique("bob");
    assert_eq!(client().id_token(&user).unwrap(), format!("idt-{user}"));
}

#[test]
fn me_returns_the_user_as_json_text() {
    let user = unique("carol");
    let client = options().user_token(format!("ut-{user}")).build().unwrap();
    let json = client.me_json().unwrap();
    assert!(json.trim_start().starts_with('{'), "{json}");
    assert!(
        json.contains(&format!("\"id\":\"{user}\"")) || json.contains(&format!("\"id\": \"{user}\"")),
        "{json}"
    );
    assert!(json.contains(&format!("{user}@example.com")), "{json}");
}

#[test]
fn sso_call_with_a_user_token_is_on_behalf_of_that_user() {
    let user = unique("dave");
    let client = options().user_token(format!("ut-{user}")).build().unwrap();
    assert_eq!(client.access_token(&user).unwrap(), format!("at-{user}"));
    let sent = logged_requests_containing(&user);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(sent[0].contains(&format!("\"on-behalf-of\": \"Bearer ut-{user}\"")), "{}", sent[0]);
}

#[test]
fn user_ids_are_sent_as_one_percent_encoded_segment() {
    let user = format!("a/b?c#d {}", unique("x"));
    assert_eq!(client().access_token(&user).unwrap(), format!("at-{user}"));
    let sent = logged_requests_containing(&unique_suffix(&user));
    assert!(sent.iter().any(|r| r.contains("/accesstoken/a%2Fb%3Fc%23d%20x-rs-")), "{sent:?}");
}

fn unique_suffix(user: &str) -> String {
    user.rsplit(' ').next().unwrap().to_owned()
}

#[test]
fn non_ascii_user_ids_round_trip() {
    let user = format!("é中-{}", unique("u"));
    assert_eq!(client().id_token(&user).unwrap(), format!("idt-{user}"));
}

#[test]
fn user_agent_state_and_data_env_are_sent() {
    let marker = unique("ua");
    let client = options()
        .user_agent(format!("rust-test/{marker}"))
        .state(format!("state-{marker}"))
        .data_env(DataEnv::Dev)
        .build()
        .unwrap();
    client.access_token(&marker).unwrap();
    let sent = logged_requests_containing(&marker);
    let request = sent.iter().find(|r| r.contains("/accesstoken/")).expect("the request was logged");
    let expected_agent =
        format!("\"user-agent\": \"b44sso/{} rust-test/{marker}\"", b44sso::library_version());
    assert!(request.contains(&expected_agent), "{request}");
    assert!(request.contains(&format!("\"base44-state\": \"state-{marker}\"")), "{request}");
    assert!(request.contains("\"x-data-env\": \"dev\""), "{request}");
}

#[test]
fn a_retryable_failure_is_retried() {
    let user = common::scenario("status=503&times=1");
    let client = options().max_retries(2).build().unwrap();
    assert_eq!(client.access_token(&user).unwrap(), format!("at-{user}"));
}

#[test]
fn sso_calls_need_a_service_token() {
    let s = common::standin();
    let client =
        b44sso::Options::new().app_id(s.app_id).user_token("ut-erin").server_url(s.url).build().unwrap();
    expect_error(client.access_token("erin"), ErrorKind::Config);
    expect_error(client.id_token("erin"), ErrorKind::Config);
}

#[test]
fn me_needs_a_user_token() {
    expect_error(client().me_json(), ErrorKind::Config);
}
