//! Raw declarations of `include/b44sso.h`, one for one.
//!
//! Everything here is `unsafe` and follows the header's rules (ownership, NULL, threads);
//! the safe API is [`crate::Client`]. `tests/declarations.rs` parses the header and this
//! file and fails when they drift apart, so keep one declaration per line group, in the
//! `extern "C"` block below, with the header's parameter names.
#![allow(non_camel_case_types)]

use std::marker::{PhantomData, PhantomPinned};
use std::os::raw::{c_char, c_int, c_void};

/// Opaque `b44_options` (fill from one thread).
#[repr(C)]
pub struct b44_options {
    _data: [u8; 0],
    _marker: PhantomData<(*mut u8, PhantomPinned)>,
}

/// Opaque `b44_client` (thread-safe in C; the pointer itself is neither Send nor Sync here).
#[repr(C)]
pub struct b44_client {
    _data: [u8; 0],
    _marker: PhantomData<(*mut u8, PhantomPinned)>,
}

/// Opaque `b44_error`.
#[repr(C)]
pub struct b44_error {
    _data: [u8; 0],
    _marker: PhantomData<(*mut u8, PhantomPinned)>,
}

/// `b44_code`. An `int`, not a Rust enum: a newer library may return a value this
/// crate does not know, which would be undefined behaviour for a Rust enum.
pub type b44_code = c_int;

pub const B44_OK: b44_code = 0;
pub const B44_ERR_INVALID_ARGUMENT: b44_code = 1;
pub const B44_ERR_CONFIG: b44_code = 2;
pub const B44_ERR_UNAUTHORIZED: b44_code = 3;
pub const B44_ERR_FORBIDDEN: b44_code = 4;
pub const B44_ERR_NOT_FOUND: b44_code = 5;
pub const B44_ERR_RATE_LIMITED: b44_code = 6;
pub const B44_ERR_SERVER: b44_code = 7;
pub const B44_ERR_HTTP: b44_code = 8;
pub const B44_ERR_NETWORK: b44_code = 9;
pub const B44_ERR_TIMEOUT: b44_code = 10;
pub const B44_ERR_TLS: b44_code = 11;
pub const B44_ERR_PROTOCOL: b44_code = 12;
pub const B44_ERR_NOMEM: b44_code = 13;
pub const B44_ERR_INTERNAL: b44_code = 14;

/// Every `b44_code` this crate knows, by its header name, in header order.
pub const CODES: [(&str, b44_code); 15] = [
    ("B44_OK", B44_OK),
    ("B44_ERR_INVALID_ARGUMENT", B44_ERR_INVALID_ARGUMENT),
    ("B44_ERR_CONFIG", B44_ERR_CONFIG),
    ("B44_ERR_UNAUTHORIZED", B44_ERR_UNAUTHORIZED),
    ("B44_ERR_FORBIDDEN", B44_ERR_FORBIDDEN),
    ("B44_ERR_NOT_FOUND", B44_ERR_NOT_FOUND),
    ("B44_ERR_RATE_LIMITED", B44_ERR_RATE_LIMITED),
    ("B44_ERR_SERVER", B44_ERR_SERVER),
    ("B44_ERR_HTTP", B44_ERR_HTTP),
    ("B44_ERR_NETWORK", B44_ERR_NETWORK),
    ("B44_ERR_TIMEOUT", B44_ERR_TIMEOUT),
    ("B44_ERR_TLS", B44_ERR_TLS),
    ("B44_ERR_PROTOCOL", B44_ERR_PROTOCOL),
    ("B44_ERR_NOMEM", B44_ERR_NOMEM),
    ("B44_ERR_INTERNAL", B44_ERR_INTERNAL),
];

/// `b44_log_level`; an `int` for the same reason as `b44_code`.
pub type b44_log_level = c_int;

pub const B44_LOG_ERROR: b44_log_level = 1;
pub const B44_LOG_WARN: b44_log_level = 2;
pub const B44_LOG_INFO: b44_log_level = 3;
pub const B44_LOG_DEBUG: b44_log_level = 4;

/// Every `b44_log_level`, by its header name, in header order.
pub const LOG_LEVELS: [(&str, b44_log_level); 4] = [
    ("B44_LOG_ERROR", B44_LOG_ERROR),
    ("B44_LOG_WARN", B44_LOG_WARN),
    ("B44_LOG_INFO", B44_LOG_INFO),
    ("B44_LOG_DEBUG", B44_LOG_DEBUG),
];

/// `b44_log_threads`: the threads log lines are delivered on.
pub type b44_log_threads = c_int;

pub const B44_LOG_ALL_THREADS: b44_log_threads = 0;
pub const B44_LOG_CALLER_THREADS: b44_log_threads = 1;

/// `b44_stats`: the counters of one client. Fields are only ever appended in the header; pass
/// `size_of::<b44_stats>()` to `b44_client_stats` so a newer library fills only these.
#[repr(C)]
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct b44_stats {
    pub requests: u64,
    pub cache_hits: u64,
    pub cache_misses: u64,
    pub coalesced_waits: u64,
    pub retries: u64,
    pub errors: u64,
}

/// `b44_token_callback`; `token` and `err` are lent for the call only.
pub type b44_token_callback = Option<
    unsafe extern "C" fn(code: b44_code, token: *const c_char, err: *const b44_error, userdata: *mut c_void),
>;

/// `b44_log_handler`; `None` is the C NULL (logging off).
pub type b44_log_handler =
    Option<unsafe extern "C" fn(level: b44_log_level, message: *const c_char, userdata: *mut c_void)>;

// Linked by build.rs (rustc-link-lib=b44sso), not by a #[link] attribute, so that the
// library directory and rpath come from one place.
extern "C" {
    pub fn b44_version() -> *const c_char;
    pub fn b44_code_name(code: b44_code) -> *const c_char;
    pub fn b44_set_log_handler(handler: b44_log_handler, userdata: *mut c_void, level: b44_log_level);
    pub fn b44_set_log_threads(threads: b44_log_threads) -> b44_code;

    pub fn b44_options_new() -> *mut b44_options;
    pub fn b44_options_set(
        o: *mut b44_options,
        key: *const c_char,
        value: *const c_char,
        err: *mut *mut b44_error,
    ) -> b44_code;
    pub fn b44_options_free(o: *mut b44_options);

    pub fn b44_client_new(
        o: *const b44_options,
        out: *mut *mut b44_client,
        err: *mut *mut b44_error,
    ) -> b44_code;
    pub fn b44_client_new_from_env(out: *mut *mut b44_client, err: *mut *mut b44_error) -> b44_code;
    pub fn b44_client_new_from_request_headers(
        names: *const *const c_char,
        values: *const *const c_char,
        count: usize,
        out: *mut *mut b44_client,
        err: *mut *mut b44_error,
    ) -> b44_code;
    pub fn b44_client_free(c: *mut b44_client);

    pub fn b44_sso_get_access_token(
        c: *mut b44_client,
        user_id: *const c_char,
        out_token: *mut *mut c_char,
        err: *mut *mut b44_error,
    ) -> b44_code;
    pub fn b44_sso_get_id_token(
        c: *mut b44_client,
        user_id: *const c_char,
        out_token: *mut *mut c_char,
        err: *mut *mut b44_error,
    ) -> b44_code;
    pub fn b44_auth_me(
        c: *mut b44_client,
        out_user_json: *mut *mut c_char,
        err: *mut *mut b44_error,
    ) -> b44_code;
    pub fn b44_sso_get_access_tokens(
        c: *mut b44_client,
        user_ids: *const *const c_char,
        count: usize,
        out_tokens: *mut *mut c_char,
        out_errors: *mut *mut b44_error,
    ) -> b44_code;
    pub fn b44_sso_get_access_token_async(
        c: *mut b44_client,
        user_id: *const c_char,
        callback: b44_token_callback,
        userdata: *mut c_void,
    ) -> b44_code;
    pub fn b44_string_free(s: *mut c_char);

    pub fn b44_client_invalidate(c: *mut b44_client, user_id: *const c_char) -> b44_code;
    pub fn b44_client_stats(c: *const b44_client, out: *mut b44_stats, out_size: usize) -> b44_code;

    pub fn b44_error_code(e: *const b44_error) -> b44_code;
    pub fn b44_error_http_status(e: *const b44_error) -> c_int;
    pub fn b44_error_message(e: *const b44_error) -> *const c_char;
    pub fn b44_error_api_code(e: *const b44_error) -> *const c_char;
    pub fn b44_error_body(e: *const b44_error) -> *const c_char;
    pub fn b44_error_free(e: *mut b44_error);
}
