//! The crate's error type: what failed ([`ErrorKind`]) and what Base44 said about it.

use std::fmt;

use crate::ffi;

/// The result of every fallible call in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What kind of failure an [`Error`] is: one variant per `b44_code` of the library, plus
/// [`Closed`](ErrorKind::Closed) for a call on a closed [`Client`](crate::Client).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Bad input refused before anything was sent (`B44_ERR_INVALID_ARGUMENT`): an
    /// unknown option key, a bad option value, an empty or NUL-containing user id, ...
    InvalidArgument,
    /// Missing or unusable configuration (`B44_ERR_CONFIG`): no app id, no token the
    /// call needs, plain http to a non-loopback host, an unreadable `ca_file`, or a
    /// libb44sso whose major version this crate does not support.
    Config,
    /// Base44 answered HTTP 401 (`B44_ERR_UNAUTHORIZED`).
    Unauthorized,
    /// Base44 answered HTTP 403 (`B44_ERR_FORBIDDEN`).
    Forbidden,
    /// Base44 answered HTTP 404 (`B44_ERR_NOT_FOUND`).
    NotFound,
    /// Base44 answered HTTP 429 and retries did not help (`B44_ERR_RATE_LIMITED`).
    RateLimited,
    /// Base44 answered HTTP 5xx (`B44_ERR_SERVER`).
    Server,
    /// Any other non-2xx answer, redirects included (`B44_ERR_HTTP`).
    Http,
    /// No answer: connection refused or reset, DNS failure (`B44_ERR_NETWORK`).
    Network,
    /// The total deadline (`timeout_ms`, retries included) passed (`B44_ERR_TIMEOUT`).
    Timeout,
    /// Certificate or TLS handshake failure (`B44_ERR_TLS`).
    Tls,
    /// A 2xx answer that is not what the API promises (`B44_ERR_PROTOCOL`).
    Protocol,
    /// The library ran out of memory (`B44_ERR_NOMEM`).
    OutOfMemory,
    /// A bug in b44sso (`B44_ERR_INTERNAL`); please report it.
    Internal,
    /// The [`Client`](crate::Client) was closed before this call (a bug in the caller,
    /// never worth a retry). Not a library code.
    Closed,
    /// A code added to the library after this crate was written.
    Unknown(i32),
}

/// (kind, header code) for every library code; ErrorKind::Closed has none.
const KIND_CODES: [(ErrorKind, ffi::b44_code); 14] = [
    (ErrorKind::InvalidArgument, ffi::B44_ERR_INVALID_ARGUMENT),
    (ErrorKind::Config, ffi::B44_ERR_CONFIG),
    (ErrorKind::Unauthorized, ffi::B44_ERR_UNAUTHORIZED),
    (ErrorKind::Forbidden, ffi::B44_ERR_FORBIDDEN),
    (ErrorKind::NotFound, ffi::B44_ERR_NOT_FOUND),
    (ErrorKind::RateLimited, ffi::B44_ERR_RATE_LIMITED),
    (ErrorKind::Server, ffi::B44_ERR_SERVER),
    (ErrorKind::Http, ffi::B44_ERR_HTTP),
    (ErrorKind::Network, ffi::B44_ERR_NETWORK),
    (ErrorKind::Timeout, ffi::B44_ERR_TIMEOUT),
    (ErrorKind::Tls, ffi::B44_ERR_TLS),
    (ErrorKind::Protocol, ffi::B44_ERR_PROTOCOL),
    (ErrorKind::OutOfMemory, ffi::B44_ERR_NOMEM),
    (ErrorKind::Internal, ffi::B44_ERR_INTERNAL),
];

impl ErrorKind {
    /// The kind for a library status code (`B44_OK` has no kind: it is not a failure).
    pub fn from_code(code: i32) -> Option<ErrorKind> {
        if code == ffi::B44_OK {
            return None;
        }
        let known = KIND_CODES.iter().find(|(_, c)| *c == code).map(|(kind, _)| *kind);
        Some(known.unwrap_or(ErrorKind::Unknown(code)))
    }

    /// The library status code of this kind; `None` for [`Closed`](ErrorKind::Closed).
    pub fn code(self) -> Option<i32> {
        match self {
            ErrorKind::Unknown(code) => Some(code),
            _ => KIND_CODES.iter().find(|(kind, _)| *kind == self).map(|(_, c)| *c),
        }
    }

    /// The header name of the code, e.g. `"B44_ERR_TIMEOUT"`, as `b44_code_name` gives it
    /// (`"B44_ERR_UNKNOWN"` for an unknown code); `"CLIENT_CLOSED"` for `Closed`.
    pub fn name(self) -> &'static str {
        match self.code() {
            None => "CLIENT_CLOSED",
            Some(code) => {
                ffi::CODES.iter().find(|(_, c)| *c == code).map_or("B44_ERR_UNKNOWN", |(name, _)| *name)
            }
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A failed call: its kind plus what the library learnt from Base44's answer.
///
/// `Display` gives the library's one-line message, which never holds a secret. The body
/// (in `Debug` and [`body`](Error::body)) has every secret the client holds replaced by
/// `[REDACTED]` by the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    status: Option<u16>,
    api_code: Option<String>,
    message: String,
    body: Option<String>,
}

impl Error {
    /// An error raised by this crate itself (no answer from Base44 behind it).
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error { kind, status: None, api_code: None, message: message.into(), body: None }
    }

    /// The error of a call on a closed client.
    pub(crate) fn closed() -> Error {
        Error::new(ErrorKind::Closed, "the b44sso client is closed")
    }

    /// Builds the error of a failed library call from its code and (owned) error object,
    /// and frees that object.
    ///
    /// # Safety
    /// `native` is NULL or an error object returned by the library and not freed yet.
    pub(crate) unsafe fn from_native(code: ffi::b44_code, native: *mut ffi::b44_error) -> Error {
        let error = Error::copy_native(code, native);
        ffi::b44_error_free(native);
        error
    }

    /// Builds the error of a failed library call from an error object the library only lends
    /// (as to a callback), leaving it alone.
    ///
    /// # Safety
    /// `native` is NULL or an error object that stays valid during the call.
    pub(crate) unsafe fn copy_native(code: ffi::b44_code, native: *const ffi::b44_error) -> Error {
        let kind = ErrorKind::from_code(code).unwrap_or(ErrorKind::Internal);
        if native.is_null() {
            // Only out of memory leaves no error object; say what we know.
            return Error::new(kind, kind.name());
        }
        let status = u16::try_from(ffi::b44_error_http_status(native)).ok().filter(|s| *s > 0);
        Error {
            kind,
            status,
            api_code: crate::text::optional(ffi::b44_error_api_code(native)),
            message: crate::text::optional(ffi::b44_error_message(native))
                .unwrap_or_else(|| kind.name().to_owned()),
            body: crate::text::optional(ffi::b44_error_body(native)),
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The HTTP status of the answer that caused the failure; `None` when there was no
    /// answer (bad argument, configuration, network failure, timeout).
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// Base44's own error code (`error.code`, `code`, or the `X-Base44-Connector-Error`
    /// header of the answer), if it gave one.
    pub fn api_code(&self) -> Option<&str> {
        self.api_code.as_deref()
    }

    /// A one-line human-readable message; never holds a secret.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The body of the error answer (at most 4096 bytes, secrets redacted), if any.
    pub fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
