//! Prints a user's SSO access token.
//!
//!     BASE44_APP_ID=... BASE44_SERVICE_TOKEN=... cargo run --example fetch_token -- USER_ID
use std::process::ExitCode;

use b44sso::{Client, ErrorKind};

fn main() -> ExitCode {
    let Some(user_id) = std::env::args().nth(1) else {
        eprintln!("usage: fetch_token USER_ID");
        return ExitCode::from(2);
    };
    let result = Client::from_env().and_then(|client| client.access_token(&user_id));
    match result {
        Ok(token) => {
            println!("{token}");
            ExitCode::SUCCESS
        }
        Err(e) if e.kind() == ErrorKind::NotFound => {
            eprintln!("Base44 holds no SSO token for {user_id}");
            ExitCode::FAILURE
        }
        Err(e) => {
            let status = e.status().map_or(String::new(), |s| format!(" (HTTP {s})"));
            eprintln!("{}{status}: {e}", e.kind());
            ExitCode::FAILURE
        }
    }
}
