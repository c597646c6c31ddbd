//! One client shared by many threads.
mod common;

use std::sync::Arc;
use std::thread;

use common::{options, unique};

#[test]
fn one_client_serves_many_threads_at_once() {
    let client = Arc::new(options().build().unwrap());
    let workers: Vec<_> = (0..8)
        .map(|worker| {
            let client = Arc::clone(&client);
            thread::spawn(move || {
                for call in 0..10 {
                    let user = unique(&format!("w{worker}c{call}"));
                    if call % 2 == 0 {
                        assert_eq!(client.access_token(&user).unwrap(), format!("at-{user}"));
                    } else {
                        assert_eq!(client.id_token(&user).unwrap(), format!("idt-{user}"));
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("a worker failed");
    }
}

#[test]
fn slow_calls_overlap_instead_of_queueing() {
    let client = Arc::new(options().build().unwrap());
    let started = std::time::Instant::now();
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let client = Arc::clone(&client);
            thread::spawn(move || client.access_token(&common::scenario("delay_ms=500")).unwrap())
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    // Four 500 ms answers in a row would take 2 s.
    assert!(started.elapsed() < std::time::Duration::from_millis(1500), "{:?}", started.elapsed());
}
