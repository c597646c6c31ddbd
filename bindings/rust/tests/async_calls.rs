//! access_token_async: the closure runs exactly once, on a library thread, even when the
//! client is closed or dropped first, and is freed after it ran.
mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

use b44sso::{Error, ErrorKind};
use common::{client, expect_error, scenario, unique};

type Outcome = (Result<String, Error>, ThreadId);

/// A callback that reports its outcome (and thread) on a channel, and counts its calls.
fn reporting(
    calls: &Arc<AtomicUsize>,
) -> (impl FnOnce(Result<String, Error>) + Send + 'static, Receiver<Outcome>) {
    let (send, receive) = mpsc::channel();
    let calls = Arc::clone(calls);
    let callback = move |result| {
        calls.fetch_add(1, Ordering::SeqCst);
        let _ = send.send((result, thread::current().id()));
    };
    (callback, receive)
}

/// The one outcome; then the channel must be closed, i.e. the closure (its sender) dropped.
fn only_outcome(receive: &Receiver<Outcome>) -> Outcome {
    let outcome = receive.recv_timeout(Duration::from_secs(5)).expect("no callback within 5 s");
    assert_eq!(receive.recv_timeout(Duration::from_secs(2)).err(), Some(RecvTimeoutError::Disconnected));
    outcome
}

#[test]
fn async_delivers_the_token_once_on_another_thread() {
    let client = client();
    let calls = Arc::new(AtomicUsize::new(0));
    let (callback, receive) = reporting(&calls);
    let user = unique("async");
    client.access_token_async(&user, callback).unwrap();
    let (result, thread) = only_outcome(&receive);
    assert_eq!(result.unwrap(), format!("at-{user}"));
    assert_ne!(thread, thread::current().id());
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[test]
fn async_delivers_an_error_with_its_fields() {
    let client = client();
    let calls = Arc::new(AtomicUsize::new(0));
    let (callback, receive) = reporting(&calls);
    client.access_token_async(&scenario("status=404&body=detail_code"), callback).unwrap();
    let error = expect_error(only_outcome(&receive).0, ErrorKind::NotFound);
    assert_eq!((error.status(), error.api_code()), (Some(404), Some("SCENARIO_CODE")));
    assert!(error.body().unwrap_or("").contains("SCENARIO_CODE"), "{error:?}");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(client.stats().errors, 1);
}

#[test]
fn async_that_cannot_start_drops_the_closure_uncalled() {
    let client = client();
    let calls = Arc::new(AtomicUsize::new(0));
    for bad in ["", "a\0b", &"x".repeat(1025), "tab\there"] {
        let (callback, receive) = reporting(&calls);
        expect_error(client.access_token_async(bad, callback), ErrorKind::InvalidArgument);
        assert_eq!(receive.try_recv().err(), Some(mpsc::TryRecvError::Disconnected), "{bad:?}");
    }
    client.close();
    let (callback, receive) = reporting(&calls);
    expect_error(client.access_token_async("u", callback), ErrorKind::Closed);
    assert_eq!(receive.try_recv().err(), Some(mpsc::TryRecvError::Disconnected));
    thread::sleep(Duration::from_millis(100));
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

#[test]
fn closing_with_an_async_call_pending_still_calls_back() {
    let client = client();
    let calls = Arc::new(AtomicUsize::new(0));
    let (callback, receive) = reporting(&calls);
    let user = scenario("delay_ms=300");
    client.access_token_async(&user, callback).unwrap();
    let started = Instant::now();
    client.close(); // does not wait for the pending async call
    assert!(started.elapsed() < Duration::from_millis(200), "close waited {:?}", started.elapsed());
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    assert_eq!(only_outcome(&receive).0.unwrap(), format!("at-{user}"));
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[test]
fn dropping_the_client_with_async_calls_pending_still_calls_back() {
    let calls = Arc::new(AtomicUsize::new(0));
    let (ok, ok_receive) = reporting(&calls);
    let (failing, failing_receive) = reporting(&calls);
    {
        let client = client();
        client.access_token_async(&scenario("delay_ms=200"), ok).unwrap();
        client.access_token_async(&scenario("delay_ms=200&status=503"), failing).unwrap();
    }
    only_outcome(&ok_receive).0.unwrap();
    expect_error(only_outcome(&failing_receive).0, ErrorKind::Server);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[test]
fn many_async_calls_each_call_back_once() {
    let client = client();
    let calls = Arc::new(AtomicUsize::new(0));
    let receivers: Vec<_> = (0..40)
        .map(|i| {
            let (callback, receive) = reporting(&calls);
            client.access_token_async(&format!("many-{i}"), callback).unwrap();
            receive
        })
        .collect();
    for (i, receive) in receivers.iter().enumerate() {
        assert_eq!(only_outcome(receive).0.unwrap(), format!("at-many-{i}"));
    }
    assert_eq!(calls.load(Ordering::SeqCst), 40);
}

#[test]
fn a_panicking_callback_does_not_break_the_library() {
    let client = client();
    client.access_token_async("panicker", |_| panic!("boom")).unwrap();
    let calls = Arc::new(AtomicUsize::new(0));
    let (callback, receive) = reporting(&calls);
    client.access_token_async("after-panicker", callback).unwrap();
    assert_eq!(only_outcome(&receive).0.unwrap(), "at-after-panicker");
    assert_eq!(client.access_token("still-fine").unwrap(), "at-still-fine");
}
