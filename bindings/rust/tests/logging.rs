//! The process-wide log handler. One test: the handler is global to this test binary.
mod common;

use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

use b44sso::{LogLevel, LogThreads};
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

    // Caller threads only: an async call's lines (from a library thread) are dropped, a
    // blocking call's still come.
    for threads in [LogThreads::All, LogThreads::Callers] {
        let lines = collect_at(LogLevel::Debug);
        b44sso::set_log_threads(threads);
        let (async_user, blocking_user) = (unique("async-log"), unique("blocking-log"));
        let (sender, receiver) = mpsc::channel();
        client.access_token_async(&async_user, move |result| sender.send(result).unwrap()).unwrap();
        receiver.recv_timeout(Duration::from_secs(10)).unwrap().unwrap();
        client.access_token(&blocking_user).unwrap();
        let seen = lines.lock().unwrap().clone();
        assert!(seen.iter().any(|(_, m)| m.contains(&blocking_user)), "{threads:?}: {seen:?}");
        let from_async = seen.iter().any(|(_, m)| m.contains(&async_user));
        assert_eq!(from_async, threads == LogThreads::All, "{threads:?}: {seen:?}");
    }
    b44sso::set_log_threads(LogThreads::All);

    // Cleared: nothing at all.
    let lines = collect_at(LogLevel::Debug);
    b44sso::clear_log_handler();
    client.access_token(&scenario("status=500")).unwrap_err();
    assert!(lines.lock().unwrap().is_empty(), "{:?}", lines.lock().unwrap());
}
