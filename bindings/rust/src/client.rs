//! [`Client`]: an owned, shareable `b44_client` and the calls made with it.

use std::ffi::CString;
use std::fmt;
use std::os::raw::c_char;
use std::ptr::{self, NonNull};
use std::sync::{PoisonError, RwLock};

use crate::error::{Error, ErrorKind, Result};
use crate::options::Options;
use crate::stats::{self, Stats};
use crate::version::ensure_supported_library;
use crate::{async_call, ffi, text};

/// A client of the Base44 SSO API.
///
/// Create one per app and share it: it is `Send + Sync` (wrap it in an `Arc`), calls from
/// many threads run at once and reuse connections. No network traffic happens at
/// creation. Dropping it frees the native client and zeroes the secrets it held;
/// [`close`](Client::close) does the same early, for a client that is shared.
///
/// ```no_run
/// let client = b44sso::Options::new().app_id("my-app").service_token("...").build()?;
/// let token = client.access_token("user-123")?;
/// # Ok::<(), b44sso::Error>(())
/// ```
pub struct Client {
    // Calls hold the read lock for their whole duration; close() takes the write lock,
    // so b44_client_free never runs while a call is inside the client (the header's rule).
    handle: RwLock<State>,
}

enum State {
    Open(RawClient),
    /// The counters read just before the native client was freed.
    Closed(Stats),
}

/// The native pointer. Send + Sync: the header documents b44_client as safe to share
/// between threads, and the RwLock above keeps its free apart from every call.
struct RawClient(NonNull<ffi::b44_client>);

// SAFETY: see RawClient's comment.
unsafe impl Send for RawClient {}
// SAFETY: see RawClient's comment.
unsafe impl Sync for RawClient {}

/// `b44_sso_get_access_token` and `b44_sso_get_id_token` share this shape.
type TokenCall = unsafe extern "C" fn(
    *mut ffi::b44_client,
    *const c_char,
    *mut *mut c_char,
    *mut *mut ffi::b44_error,
) -> ffi::b44_code;

impl Client {
    /// Creates a client from options.
    ///
    /// Fails with `InvalidArgument` for an unknown key or bad value (the message names the
    /// key), `Config` without app id, without any token, for plain http to a non-loopback
    /// server, or for an unreadable `ca_file`.
    pub fn new(options: &Options) -> Result<Client> {
        ensure_supported_library()?;
        let native = options.to_native()?;
        // SAFETY: a valid option set; the library copies it.
        create(|out, err| unsafe { ffi::b44_client_new(native.as_ptr(), out, err) })
    }

    /// Creates a client from `BASE44_APP_ID`, `BASE44_SERVICE_TOKEN`, `BASE44_USER_TOKEN`,
    /// `BASE44_API_URL` and `BASE44_CA_FILE`, with the rules of [`Client::new`].
    ///
    /// Reads the process environment: do not call it while another thread changes it.
    pub fn from_env() -> Result<Client> {
        ensure_supported_library()?;
        // SAFETY: only out-pointers.
        create(|out, err| unsafe { ffi::b44_client_new_from_env(out, err) })
    }

    /// Creates a client from the headers of an incoming Base44 platform request, as the
    /// JavaScript SDK's `createClientFromRequest` does. Takes any (name, value) pairs, such
    /// as a `HashMap<String, String>` or `[("Base44-App-Id", "...")]`; names are
    /// case-insensitive.
    ///
    /// `Base44-App-Id` is required (`Config`); `Base44-Service-Authorization` and
    /// `Authorization` must be exactly `Bearer <token>` when present (`InvalidArgument`);
    /// `Base44-Api-Url` sets the server; `Base44-State` and `X-Data-Env` (dev or prod) are
    /// forwarded; other headers are ignored.
    pub fn from_request_headers<I, K, V>(headers: I) -> Result<Client>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        ensure_supported_library()?;
        let mut names: Vec<CString> = Vec::new();
        let mut values: Vec<CString> = Vec::new();
        for (name, value) in headers {
            let name = name.as_ref();
            values.push(text::c_string(&format!("header {name}"), value.as_ref())?);
            names.push(text::c_string("a header name", name)?);
        }
        let name_ptrs: Vec<*const c_char> = names.iter().map(|n| n.as_ptr()).collect();
        let value_ptrs: Vec<*const c_char> = values.iter().map(|v| v.as_ptr()).collect();
        // SAFETY: two arrays of `len` valid strings that outlive the call (copied by it).
        create(|out, err| unsafe {
            ffi::b44_client_new_from_request_headers(
                name_ptrs.as_ptr(),
                value_ptrs.as_ptr(),
                name_ptrs.len(),
                out,
                err,
            )
        })
    }

    /// Fetches the SSO access token Base44 holds for `user_id`. Needs a service token.
    ///
    /// Blocks until Base44 answers or the deadline passes. `user_id` must be non-empty,
    /// at most 1024 bytes, without control characters (`InvalidArgument` otherwise).
    pub fn access_token(&self, user_id: &str) -> Result<String> {
        self.fetch_token(ffi::b44_sso_get_access_token, user_id)
    }

    /// Fetches the OIDC ID token Base44 holds for `user_id`; rules as
    /// [`access_token`](Client::access_token).
    pub fn id_token(&self, user_id: &str) -> Result<String> {
        self.fetch_token(ffi::b44_sso_get_id_token, user_id)
    }

    /// The user who owns the client's user token, as JSON object text (`id`, `email`,
    /// `role`, ...), ready for e.g. `serde_json::from_str`. Needs a user token (`Config`).
    pub fn me_json(&self) -> Result<String> {
        self.with_native(|client| {
            // SAFETY: a live client and a valid out-pointer.
            out_string(|out, err| unsafe { ffi::b44_auth_me(client, out, err) })
        })
    }

    /// Fetches the access tokens of many users at once: concurrently over at most
    /// `max_connections` connections, duplicates once, the cache first. One result per id, in
    /// the same order; a failed id does not fail the others.
    ///
    /// ```no_run
    /// # let client = b44sso::Options::new().app_id("my-app").service_token("...").build()?;
    /// for (user, token) in ["ann", "bob"].iter().zip(client.access_tokens(&["ann", "bob"])) {
    ///     println!("{user}: {}", token.is_ok());
    /// }
    /// # Ok::<(), b44sso::Error>(())
    /// ```
    pub fn access_tokens<S: AsRef<str>>(&self, user_ids: &[S]) -> Vec<Result<String>> {
        // Ids with a NUL are answered here (C would cut them short); the rest go to the library.
        let c_ids: Vec<Result<std::ffi::CString>> =
            user_ids.iter().map(|id| text::c_string("user_id", id.as_ref())).collect();
        let sent: Vec<*const c_char> =
            c_ids.iter().filter_map(|id| id.as_ref().ok()).map(|id| id.as_ptr()).collect();
        let mut tokens = vec![ptr::null_mut(); sent.len()];
        let mut errors = vec![ptr::null_mut(); sent.len()];
        let handle = self.handle.read().unwrap_or_else(PoisonError::into_inner);
        let State::Open(raw) = &*handle else {
            return c_ids.into_iter().map(|id| id.and(Err(Error::closed()))).collect();
        };
        let code = if sent.is_empty() {
            ffi::B44_OK
        } else {
            // SAFETY: a live client, `len` valid strings and two out-arrays of `len` entries.
            unsafe {
                ffi::b44_sso_get_access_tokens(
                    raw.0.as_ptr(),
                    sent.as_ptr(),
                    sent.len(),
                    tokens.as_mut_ptr(),
                    errors.as_mut_ptr(),
                )
            }
        };
        drop(handle);
        let mut answers = tokens.into_iter().zip(errors);
        c_ids
            .into_iter()
            .map(|id| {
                id?;
                let (token, error) = answers.next().expect("one answer per id sent");
                // SAFETY: each entry is NULL or a string / error object now ours.
                unsafe {
                    if !token.is_null() {
                        Ok(text::take_owned(token))
                    } else if !error.is_null() {
                        Err(Error::from_native(ffi::b44_error_code(error), error))
                    } else {
                        // The whole call was refused without per-entry answers.
                        let kind = ErrorKind::from_code(code).unwrap_or(ErrorKind::Internal);
                        Err(Error::new(kind, "the library returned neither a token nor an error"))
                    }
                }
            })
            .collect()
    }

    /// Starts fetching `user_id`'s access token and returns at once. When it returns `Ok`,
    /// `callback` runs exactly once, on a library thread, with the token or the error, even
    /// if the client is closed or dropped meanwhile. When it returns `Err` (a bad id, a
    /// closed client), `callback` is dropped without being called. A panic in `callback` is
    /// caught and dropped (it must not unwind into C).
    ///
    /// ```no_run
    /// # let client = b44sso::Options::new().app_id("my-app").service_token("...").build()?;
    /// let (send, receive) = std::sync::mpsc::channel();
    /// client.access_token_async("user-123", move |token| drop(send.send(token)))?;
    /// let token = receive.recv().unwrap()?;
    /// # Ok::<(), b44sso::Error>(())
    /// ```
    pub fn access_token_async<F>(&self, user_id: &str, callback: F) -> Result<()>
    where
        F: FnOnce(Result<String>) + Send + 'static,
    {
        let user_id = text::c_string("user_id", user_id)?;
        self.with_native(|client| {
            // SAFETY: a live client and a NUL-terminated id (the library copies it).
            unsafe { async_call::start(client, user_id.as_ptr(), Box::new(callback)) }
        })
    }

    /// Drops the cached tokens of `user_id`, for every client of the process, so the next
    /// call fetches them afresh.
    pub fn invalidate(&self, user_id: &str) -> Result<()> {
        let user_id = text::c_string("user_id", user_id)?;
        self.with_native(|client| {
            // SAFETY: a live client and a NUL-terminated id.
            let code = unsafe { ffi::b44_client_invalidate(client, user_id.as_ptr()) };
            if code == ffi::B44_OK {
                return Ok(());
            }
            let kind = ErrorKind::from_code(code).unwrap_or(ErrorKind::Internal);
            Err(Error::new(kind, "b44_client_invalidate failed"))
        })
    }

    /// This client's counters since it was created; after [`close`](Client::close), their
    /// final values.
    pub fn stats(&self) -> Stats {
        match &*self.handle.read().unwrap_or_else(PoisonError::into_inner) {
            // SAFETY: the read lock keeps the client alive.
            State::Open(raw) => unsafe { stats::read(raw.0.as_ptr()) },
            State::Closed(stats) => *stats,
        }
    }

    /// Frees the native client now, after the blocking calls still running on other threads
    /// end (within their deadline). Pending [`access_token_async`](Client::access_token_async)
    /// calls are not waited for: the library keeps what they need alive and they still call
    /// back. Later calls fail with [`ErrorKind::Closed`](crate::ErrorKind::Closed); `stats()`
    /// keeps the final counters. Closing twice is harmless.
    pub fn close(&self) {
        let mut handle = self.handle.write().unwrap_or_else(PoisonError::into_inner);
        if let State::Open(raw) = &*handle {
            let raw = raw.0.as_ptr();
            // SAFETY: the write lock proves no call is inside the client; freed once, as the
            // state becomes Closed right after.
            let final_stats = unsafe { stats::read(raw) };
            unsafe { ffi::b44_client_free(raw) }
            *handle = State::Closed(final_stats);
        }
    }

    /// Whether [`close`](Client::close) has been called.
    pub fn is_closed(&self) -> bool {
        matches!(*self.handle.read().unwrap_or_else(PoisonError::into_inner), State::Closed(_))
    }

    fn fetch_token(&self, call: TokenCall, user_id: &str) -> Result<String> {
        let user_id = text::c_string("user_id", user_id)?;
        self.with_native(|client| {
            // SAFETY: a live client, a NUL-terminated id and a valid out-pointer.
            out_string(|out, err| unsafe { call(client, user_id.as_ptr(), out, err) })
        })
    }

    /// Runs `call` with the native client, holding the read lock so close() waits for it.
    fn with_native<T>(&self, call: impl FnOnce(*mut ffi::b44_client) -> Result<T>) -> Result<T> {
        let handle = self.handle.read().unwrap_or_else(PoisonError::into_inner);
        match &*handle {
            State::Open(raw) => call(raw.0.as_ptr()),
            State::Closed(_) => Err(Error::closed()),
        }
    }
}

/// Runs a library constructor and wraps the client it gives.
fn create(
    call: impl FnOnce(*mut *mut ffi::b44_client, *mut *mut ffi::b44_error) -> ffi::b44_code,
) -> Result<Client> {
    let mut out = ptr::null_mut();
    let mut err = ptr::null_mut();
    let code = call(&mut out, &mut err);
    match NonNull::new(out) {
        Some(raw) if code == ffi::B44_OK => Ok(Client { handle: RwLock::new(State::Open(RawClient(raw))) }),
        // SAFETY: a failed call hands us its error object.
        _ => Err(unsafe { Error::from_native(code, err) }),
    }
}

/// Runs a library call that returns a string through `char **` and takes that string.
fn out_string(
    call: impl FnOnce(*mut *mut c_char, *mut *mut ffi::b44_error) -> ffi::b44_code,
) -> Result<String> {
    let mut out = ptr::null_mut();
    let mut err = ptr::null_mut();
    let code = call(&mut out, &mut err);
    if code == ffi::B44_OK {
        // SAFETY: on success the string is ours to free.
        Ok(unsafe { text::take_owned(out) })
    } else {
        // SAFETY: a failed call hands us its error object.
        Err(unsafe { Error::from_native(code, err) })
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // &mut self: no call can be running, no lock needed.
        let handle = self.handle.get_mut().unwrap_or_else(PoisonError::into_inner);
        if let State::Open(raw) = handle {
            // SAFETY: owned and not freed yet (pending async calls keep their own reference).
            unsafe { ffi::b44_client_free(raw.0.as_ptr()) }
        }
    }
}

impl fmt::Debug for Client {
    // Never shows a token: the native client holds them, and only a flag is printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client").field("closed", &self.is_closed()).finish_non_exhaustive()
    }
}
