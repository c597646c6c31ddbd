//! A safe Rust binding of libb44sso, the native client for the Base44 SSO API.
//!
//! A backend holding a Base44 app's service token asks Base44 for a user's SSO access
//! token or OIDC ID token; a user's own token gives their profile.
//!
//! ```no_run
//! use b44sso::{ErrorKind, Options};
//!
//! let client = Options::new().app_id("my-app").service_token("...").build()?;
//! match client.access_token("user-123") {
//!     Ok(token) => println!("got a token of {} bytes", token.len()),
//!     Err(e) if e.kind() == ErrorKind::NotFound => println!("no such user"),
//!     Err(e) => return Err(e),
//! }
//! # Ok::<(), b44sso::Error>(())
//! ```
//!
//! The raw declarations of the C header are in [`ffi`]; everything else is safe.

mod async_call;
mod client;
mod error;
pub mod ffi;
mod log;
mod options;
mod stats;
mod text;
mod version;

pub use client::Client;
pub use error::{Error, ErrorKind, Result};
pub use log::{clear_log_handler, set_log_handler, set_log_threads, LogLevel, LogThreads};
pub use options::{Cache, DataEnv, Options};
pub use stats::Stats;
pub use version::{library_version, SUPPORTED_LIBRARY_VERSION};
