//! Closing, dropping, use after close, and what can be shared.
mod common;

use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use b44sso::{Client, ErrorKind};
use common::{client, expect_error, options, scenario};

#[test]
fn a_client_is_send_and_sync() {
    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<Client>();
    shareable::<b44sso::Error>();
    shareable::<b44sso::Options>();
}

#[test]
fn calls_after_close_fail_clearly() {
    let client = client();
    client.access_token("lena").unwrap();
    assert!(!client.is_closed());
    client.close();
    assert!(client.is_closed());
    for result in [client.access_token("lena"), client.id_token("lena"), client.me_json()] {
        let error = expect_error(result, ErrorKind::Closed);
        assert!(error.message().contains("closed"), "{error}");
        assert_eq!((error.status(), error.kind().code()), (None, None));
    }
    assert!(format!("{client:?}").contains("closed: true"));
}

#[test]
fn closing_twice_and_then_dropping_is_harmless() {
    let client = client();
    client.close();
    client.close();
    drop(client);
}

#[test]
fn dropping_an_open_client_frees_it() {
    for _ in 0..20 {
        let client = client();
        client.access_token("mona").unwrap();
    }
}

#[test]
fn close_waits_for_calls_in_flight() {
    let client = Arc::new(options().build().unwrap());
    let slow_user = scenario("delay_ms=400");
    let in_flight = {
        let client = Arc::clone(&client);
        let user = slow_user.clone();
        thread::spawn(move || client.access_token(&user))
    };
    thread::sleep(Duration::from_millis(150));
    let started = Instant::now();
    client.close();
    assert!(started.elapsed() >= Duration::from_millis(100), "close did not wait");
    assert_eq!(in_flight.join().unwrap().unwrap(), format!("at-{slow_user}"));
    expect_error(client.access_token("nina"), ErrorKind::Closed);
}
