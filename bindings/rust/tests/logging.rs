//! The process-wide log handler. One test: the handler is global to this test binary.
mod common;

use std::sync::{Arc, Mutex};

use b44sso::LogLevel;
use common::{client, scenario, standin, unique};

type Lines = Arc<Mutex<Vec<(LogLevel, String)>>>;

fn collect_at(level: LogLevel) -> Lines {
    let lines: Lines = Arc::default();
    let sink = Arc::clone(&lines);
    b44sso::set_log_handler(level, move |level, line| sink.lock().unwrap().push((level, line.to_owned())));
    lines
}

#[test]
fn log_lines_reach_the_handler_until_it_is_cleared() {
    let client = client();

    // Debug: every request, and the failure as a warning.
    let lines = collect_at(LogLevel::Debug);
    let user = unique("log");
    client.access_token(&user).unwrap();
    client.access_token(&scenario("status=404")).unwrap_err();
    let seen = lines.lock().unwrap().clone();
    assert!(seen.iter().any(|(l, m)| *l == LogLevel::Debug && m.contains(&user)), "{seen:?}");
    assert!(seen.iter().any(|(l, m)| *l == LogLevel::Warn && m.contains("404")), "{seen:?}");
    assert!(seen.iter().all(|(_, m)| !m.contains(&standin().service_token)), "{seen:?}");

    // Warn: successful requests are no longer reported.
    let lines = collect_at(LogLevel::Warn);
    client.access_token(&unique("quiet")).unwrap();
    assert!(lines.lock().unwrap().is_empty(), "{:?}", lines.lock().unwrap());

    // A panicking handler loses its line but not the call.
    b44sso::set_log_handler(LogLevel::Debug, |_, _| panic!("handler bug"));
    client.access_token(&unique("panic")).unwrap();

    // Cleared: nothing at all.
    let lines = collect_at(LogLevel::Debug);
    b44sso::clear_log_handler();
    client.access_token(&scenario("status=500")).unwrap_err();
    assert!(lines.lock().unwrap().is_empty(), "{:?}", lines.lock().unwrap());
}
