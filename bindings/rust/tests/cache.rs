//! The process-wide token cache seen through clients: hits, invalidate and stats.
mod common;

use std::sync::Arc;
use std::thread;
use std::time::Duration;

use b44sso::{Cache, ErrorKind};
use common::{client, counts, expect_error, jwt_user, logged_requests_containing, options, scenario, unique};

#[test]
fn a_jwt_is_served_from_the_cache_the_second_time() {
    let client = client();
    let user = jwt_user("");
    let first = client.access_token(&user).unwrap();
    assert!(first.starts_with("eyJ"), "not a JWT: {first}");
    assert_eq!(client.access_token(&user).unwrap(), first);
    assert_eq!(counts(client.stats()), [1, 1, 1, 0, 0, 0]);
    let tag = &user[user.find("&tag=").unwrap() + 5..];
    assert_eq!(logged_requests_containing(tag).len(), 1);
}

#[test]
fn with_the_cache_off_every_call_fetches() {
    let client = options().cache(Cache::Off).build().unwrap();
    let user = jwt_user("");
    assert_ne!(client.access_token(&user).unwrap(), client.access_token(&user).unwrap());
    assert_eq!(counts(client.stats()), [2, 0, 0, 0, 0, 0]);
}

#[test]
fn the_cache_is_shared_by_the_clients_of_the_process() {
    let (first, second) = (client(), client());
    let user = jwt_user("");
    let token = first.access_token(&user).unwrap();
    assert_eq!(second.access_token(&user).unwrap(), token);
    assert_eq!(counts(second.stats()), [0, 1, 0, 0, 0, 0]);
    // Another service token is another key: the cache never answers for it.
    let other = options().service_token("wrong-token").build().unwrap();
    expect_error(other.access_token(&user), ErrorKind::Unauthorized);
}

#[test]
fn invalidate_drops_a_users_cached_tokens() {
    let (client, other) = (client(), client());
    let (user, kept) = (jwt_user(""), jwt_user(""));
    let first = client.access_token(&user).unwrap();
    let kept_token = client.access_token(&kept).unwrap();
    client.invalidate(&user).unwrap();
    let second = other.access_token(&user).unwrap(); // dropped for every client
    assert_ne!(second, first);
    assert_eq!(client.access_token(&user).unwrap(), second);
    assert_eq!(client.access_token(&kept).unwrap(), kept_token);
    assert_eq!(counts(client.stats()), [2, 2, 2, 0, 0, 0]);
    client.invalidate("never-fetched").unwrap();
}

#[test]
fn invalidate_refuses_a_nul_and_a_closed_client() {
    let client = client();
    expect_error(client.invalidate("a\0b"), ErrorKind::InvalidArgument);
    client.close();
    expect_error(client.invalidate("x"), ErrorKind::Closed);
}

#[test]
fn stats_count_requests_retries_and_errors() {
    let client = options().max_retries(2).build().unwrap();
    assert_eq!(counts(client.stats()), [0; 6]);
    client.access_token(&scenario("status=503&times=1")).unwrap();
    expect_error(client.access_token(&scenario("status=404")), ErrorKind::NotFound);
    expect_error(client.access_token(""), ErrorKind::InvalidArgument);
    assert_eq!(counts(client.stats()), [3, 0, 2, 0, 1, 2]);
}

#[test]
fn concurrent_misses_for_one_token_make_one_request() {
    let client = Arc::new(client());
    let user = jwt_user("&delay_ms=300");
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (client, user) = (Arc::clone(&client), user.clone());
            thread::spawn(move || client.access_token(&user).unwrap())
        })
        .collect();
    let tokens: Vec<String> = workers.into_iter().map(|w| w.join().unwrap()).collect();
    assert!(tokens.iter().all(|t| *t == tokens[0]), "{tokens:?}");
    let stats = client.stats();
    assert_eq!(stats.requests, 1, "{stats:?}");
    assert_eq!(stats.coalesced_waits + stats.cache_hits, 3, "{stats:?}");
    assert!(stats.coalesced_waits >= 1, "{stats:?}");
}

#[test]
fn stats_keep_their_final_values_after_close() {
    let client = client();
    let user = jwt_user("");
    client.access_token(&user).unwrap();
    client.access_token(&user).unwrap();
    let before = client.stats();
    client.close();
    assert_eq!(client.stats(), before);
    assert_eq!(before.cache_hits, 1);
}

#[test]
fn cache_options_are_typed_and_checked() {
    let client = options()
        .cache_ttl(Duration::from_secs(30))
        .cache_skew(Duration::from_secs(10))
        .cache_refresh(Duration::from_secs(60))
        .cache_max_entries(500)
        .max_connections(2)
        .build()
        .unwrap();
    // A TTL caches opaque tokens too.
    let user = unique("opaque");
    for _ in 0..2 {
        assert_eq!(client.access_token(&user).unwrap(), format!("at-{user}"));
    }
    assert_eq!(counts(client.stats()), [1, 1, 1, 0, 0, 0]);
    // Sub-second durations round up rather than becoming 0.
    options().cache_ttl(Duration::from_millis(1)).build().unwrap();
    let refused = [
        (options().max_connections(0), "max_connections"),
        (options().max_connections(65), "max_connections"),
        (options().cache_max_entries(0), "cache_max_entries"),
        (options().cache_skew(Duration::from_secs(7200)), "cache_skew_s"),
        (options().cache_refresh(Duration::from_secs(90000)), "cache_refresh_s"),
        (options().cache_ttl(Duration::from_secs(90000)), "cache_ttl_s"),
    ];
    for (options, key) in refused {
        let error = expect_error(options.build(), ErrorKind::InvalidArgument);
        assert!(error.message().contains(key), "{key}: {error}");
    }
}
