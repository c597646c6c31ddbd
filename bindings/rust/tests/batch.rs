//! access_tokens: many users in one call, answered in order, one Result each.
mod common;

use std::time::{Duration, Instant};

use b44sso::ErrorKind;
use common::{client, expect_error, jwt_user, logged_requests_containing, options, scenario, unique};

#[test]
fn a_batch_answers_in_the_order_asked() {
    let client = client();
    let users: Vec<String> = (0..12).map(|_| unique("batch")).collect();
    let results = client.access_tokens(&users);
    assert_eq!(results.len(), users.len());
    for (user, result) in users.iter().zip(results) {
        assert_eq!(result.unwrap(), format!("at-{user}"));
    }
    assert_eq!(client.stats().requests, 12);
}

#[test]
fn duplicates_are_fetched_once() {
    let client = client();
    let (user, other) = (unique("dup"), unique("dup"));
    let results: Vec<String> =
        client.access_tokens(&[&user, &other, &user, &user]).into_iter().map(Result::unwrap).collect();
    let want = format!("at-{user}");
    assert_eq!(results, [want.clone(), format!("at-{other}"), want.clone(), want]);
    assert_eq!(logged_requests_containing(&format!("/accesstoken/{user}")).len(), 1);
    assert_eq!(client.stats().requests, 2);
}

#[test]
fn each_failed_id_carries_its_own_error() {
    let client = client();
    let (good, missing, nul_tag) = (unique("ok"), scenario("status=404&body=detail_code"), unique("nul"));
    let with_nul = format!("{nul_tag}\0x");
    let mut results = client.access_tokens(&[good.as_str(), &missing, "", &with_nul, &good]).into_iter();
    assert_eq!(results.next().unwrap().unwrap(), format!("at-{good}"));
    let not_found = expect_error(results.next().unwrap(), ErrorKind::NotFound);
    assert_eq!((not_found.status(), not_found.api_code()), (Some(404), Some("SCENARIO_CODE")));
    assert!(not_found.message().contains("scenario detail"), "{not_found}");
    expect_error(results.next().unwrap(), ErrorKind::InvalidArgument);
    let nul = expect_error(results.next().unwrap(), ErrorKind::InvalidArgument);
    assert!(nul.message().contains("NUL"), "{nul}");
    assert_eq!(results.next().unwrap().unwrap(), format!("at-{good}"));
    assert!(results.next().is_none());
    assert!(logged_requests_containing(&nul_tag).is_empty());
}

#[test]
fn a_batch_uses_the_cache() {
    let client = client();
    let user = jwt_user("");
    let token = client.access_token(&user).unwrap();
    let results: Vec<_> =
        client.access_tokens(&[user.as_str(), "plain"]).into_iter().map(Result::unwrap).collect();
    assert_eq!(results, [token, "at-plain".to_owned()]);
    assert_eq!(client.stats().cache_hits, 1);
}

#[test]
fn empty_and_closed_batches() {
    let client = client();
    assert!(client.access_tokens::<&str>(&[]).is_empty());
    assert_eq!(client.stats().requests, 0);
    client.close();
    let results = client.access_tokens(&["a", "b\0"]);
    assert_eq!(results.len(), 2);
    let errors: Vec<_> = results.into_iter().map(|r| r.unwrap_err().kind()).collect();
    assert_eq!(errors, [ErrorKind::Closed, ErrorKind::InvalidArgument]);
}

#[test]
fn a_batch_runs_up_to_max_connections_at_once() {
    let elapsed = |connections| {
        let client = options().max_connections(connections).build().unwrap();
        let users: Vec<String> = (0..4).map(|_| scenario("delay_ms=250")).collect();
        let started = Instant::now();
        for result in client.access_tokens(&users) {
            result.unwrap();
        }
        started.elapsed()
    };
    let parallel = elapsed(4);
    assert!(parallel < Duration::from_millis(750), "4 connections took {parallel:?}");
    let serial = elapsed(1);
    assert!(serial >= Duration::from_millis(950), "1 connection took only {serial:?}");
}
