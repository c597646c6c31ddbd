//! Shared by the integration tests: the stand-in's address, clients pointed at it,
//! unique scenario ids and a look at what the stand-in received.
#![allow(dead_code)] // each test binary uses its own part of this module

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use b44sso::{Client, Error, ErrorKind, Options};

/// The stand-in started by Tests/StandIn/with-standin.sh.
pub struct StandIn {
    pub url: String,
    pub app_id: String,
    pub service_token: String,
}

pub fn standin() -> StandIn {
    let var = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| {
            panic!("{name} is not set: run under Tests/StandIn/with-standin.sh (see run_tests.sh)")
        })
    };
    StandIn {
        url: var("B44SSO_TEST_URL"),
        app_id: var("B44SSO_TEST_APP_ID"),
        service_token: var("B44SSO_TEST_SERVICE_TOKEN"),
    }
}

/// Options for the stand-in with its app id and service token; short retries so
/// failing scenarios end quickly.
pub fn options() -> Options {
    let s = standin();
    Options::new()
        .app_id(s.app_id)
        .service_token(s.service_token)
        .server_url(s.url)
        .timeout(Duration::from_secs(10))
        .max_retries(0)
}

pub fn client() -> Client {
    options().build().expect("a client for the stand-in")
}

/// A text no other test (or test process) uses, for scenario ids and header values.
pub fn unique(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!("{prefix}-rs-{}-{}", process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}

/// A scenario user id with a fresh times= counter: "!<params>&tag=<unique>".
pub fn scenario(params: &str) -> String {
    format!("!{params}&tag={}", unique("t"))
}

/// The error of `result`, after checking its kind.
pub fn expect_error<T: std::fmt::Debug>(result: Result<T, Error>, kind: ErrorKind) -> Error {
    let error = result.expect_err("the call should fail");
    assert_eq!(error.kind(), kind, "unexpected error: {error:?}");
    error
}

/// The body of GET /__admin/<path> on the stand-in (plain HTTP/1.1, one request).
pub fn admin_get(path: &str) -> String {
    let url = standin().url;
    let address = url.strip_prefix("http://").expect("an http:// stand-in URL");
    let mut stream = TcpStream::connect(address).expect("connect to the stand-in");
    write!(stream, "GET /__admin/{path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n")
        .expect("send the admin request");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read the admin answer");
    let (head, body) = answer.split_once("\r\n\r\n").expect("an HTTP answer");
    assert!(head.starts_with("HTTP/1.1 200"), "admin {path}: {head}");
    body.to_owned()
}

/// The JSON request log, cut to the entries whose raw path contains `marker`
/// (each entry is one JSON object; the markers are unique, so a substring search is enough).
pub fn logged_requests_containing(marker: &str) -> Vec<String> {
    let log = admin_get("requests");
    log.split("{\"method\": ").filter(|entry| entry.contains(marker)).map(str::to_owned).collect()
}

/// A stats snapshot as [requests, cache_hits, cache_misses, coalesced_waits, retries, errors]
/// (Stats is non_exhaustive, so tests cannot build one to compare with).
pub fn counts(stats: b44sso::Stats) -> [u64; 6] {
    [stats.requests, stats.cache_hits, stats.cache_misses, stats.coalesced_waits, stats.retries, stats.errors]
}

/// A user id the stand-in answers with a JWT expiring in 600 s, numbered per fetch: the same
/// token twice means the second came from the cache.
pub fn jwt_user(extra: &str) -> String {
    format!("!jwt_exp=600{extra}&tag={}", unique("jwt"))
}
