//! [`Options`]: the builder of a [`Client`], one method per library option key.

use std::fmt;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::ptr::{self, NonNull};
use std::time::Duration;

use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::{ffi, text};

/// Which Base44 data environment requests address (sent as `X-Data-Env`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DataEnv {
    Dev,
    Prod,
}

/// Whether the library may cache tokens it fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cache {
    Auto,
    Off,
}

/// Keys whose values `Debug` hides and `Drop` zeroes (a proxy URL may hold a password).
const SECRET_KEYS: [&str; 3] = ["service_token", "user_token", "proxy"];

/// Settings for a [`Client`]. Every key defaults as the library says; nothing is checked
/// until [`build`](Options::build) (or [`Client::new`]), whose error names a bad key.
///
/// ```no_run
/// use std::time::Duration;
/// let client = b44sso::Options::new()
///     .app_id("my-app")
///     .service_token("...")
///     .timeout(Duration::from_secs(5))
///     .build()?;
/// # Ok::<(), b44sso::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct Options {
    // (key, value) in the order set; the library keeps the last value of a key.
    entries: Vec<(String, Vec<u8>)>,
}

impl Options {
    /// Options with every key at its default.
    pub fn new() -> Options {
        Options::default()
    }

    /// The Base44 app id (required).
    pub fn app_id(self, app_id: impl Into<String>) -> Options {
        self.set("app_id", app_id.into())
    }

    /// The app's service token; needed by the SSO calls.
    pub fn service_token(self, token: impl Into<String>) -> Options {
        self.set("service_token", token.into())
    }

    /// A user's token; needed by [`Client::me_json`], sent as `on-behalf-of` on SSO calls.
    pub fn user_token(self, token: impl Into<String>) -> Options {
        self.set("user_token", token.into())
    }

    /// The API server, default `https://base44.app`; plain http only to loopback hosts.
    pub fn server_url(self, url: impl Into<String>) -> Options {
        self.set("server_url", url.into())
    }

    /// Forwarded as the `Base44-State` header.
    pub fn state(self, state: impl Into<String>) -> Options {
        self.set("state", state.into())
    }

    /// The data environment, sent as `X-Data-Env`.
    pub fn data_env(self, env: DataEnv) -> Options {
        self.set("data_env", if env == DataEnv::Dev { "dev" } else { "prod" })
    }

    /// The total deadline of one call, retries included (default 15 s; 1 ms ..= 600 s).
    pub fn timeout(self, timeout: Duration) -> Options {
        self.set("timeout_ms", whole_millis(timeout))
    }

    /// The deadline of one connection attempt (default 5 s; 1 ms ..= 600 s).
    pub fn connect_timeout(self, timeout: Duration) -> Options {
        self.set("connect_timeout_ms", whole_millis(timeout))
    }

    /// Extra attempts after a connection failure, 429, 502, 503 or 504 (default 2; 0 ..= 10).
    pub fn max_retries(self, retries: u32) -> Options {
        self.set("max_retries", retries.to_string())
    }

    /// An extra trusted CA bundle (PEM); an unreadable file fails the build with Config.
    pub fn ca_file(self, path: impl AsRef<Path>) -> Options {
        self.set("ca_file", path.as_ref().as_os_str().as_bytes())
    }

    /// The only proxy used (`*_proxy` environment variables are ignored).
    pub fn proxy(self, url: impl Into<String>) -> Options {
        self.set("proxy", url.into())
    }

    /// Appended to the `User-Agent` the library sends (`b44sso/VERSION <yours>`).
    pub fn user_agent(self, agent: impl Into<String>) -> Options {
        self.set("user_agent", agent.into())
    }

    /// Whether fetched tokens may be cached (default auto).
    pub fn cache(self, cache: Cache) -> Options {
        self.set("cache", if cache == Cache::Auto { "auto" } else { "off" })
    }

    /// How long opaque (non-JWT) tokens are cached: the caller's risk (default 0 = never; up
    /// to a day). Whole seconds, rounded up.
    pub fn cache_ttl(self, ttl: Duration) -> Options {
        self.set("cache_ttl_s", whole_seconds(ttl))
    }

    /// A cached JWT is no longer served this close to its `exp` (default 60 s; up to an hour).
    pub fn cache_skew(self, skew: Duration) -> Options {
        self.set("cache_skew_s", whole_seconds(skew))
    }

    /// Before that, a hit in this window also starts one background refresh (default 300 s;
    /// up to a day).
    pub fn cache_refresh(self, window: Duration) -> Options {
        self.set("cache_refresh_s", whole_seconds(window))
    }

    /// Bounds the process-wide cache (default 10000; the largest bound any client asks wins).
    pub fn cache_max_entries(self, entries: usize) -> Options {
        self.set("cache_max_entries", entries.to_string())
    }

    /// Connections the client keeps at most, which bounds [`Client::access_tokens`] and
    /// async concurrency (default 8; 1 ..= 64).
    pub fn max_connections(self, connections: u32) -> Options {
        self.set("max_connections", connections.to_string())
    }

    /// Sets any key in the library's text form, e.g. a key newer than this crate.
    pub fn set(mut self, key: impl Into<String>, value: impl Into<Vec<u8>>) -> Options {
        self.entries.push((key.into(), value.into()));
        self
    }

    /// Creates a client from these options (same as [`Client::new`]).
    pub fn build(&self) -> Result<Client> {
        Client::new(self)
    }

    /// A native option set holding these entries.
    pub(crate) fn to_native(&self) -> Result<NativeOptions> {
        let mut native = NativeOptions::new()?;
        for (key, value) in &self.entries {
            native.set(key, value)?;
        }
        Ok(native)
    }
}

/// Milliseconds, rounded up so a non-zero duration never becomes the invalid 0.
fn whole_millis(duration: Duration) -> String {
    duration.as_nanos().div_ceil(1_000_000).to_string()
}

/// Seconds, rounded up so a non-zero duration never becomes 0 (which means "off" for some keys).
fn whole_seconds(duration: Duration) -> String {
    duration.as_nanos().div_ceil(1_000_000_000).to_string()
}

impl fmt::Debug for Options {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (key, value) in &self.entries {
            if SECRET_KEYS.contains(&key.as_str()) {
                map.entry(key, &"[REDACTED]");
            } else {
                map.entry(key, &String::from_utf8_lossy(value));
            }
        }
        map.finish()
    }
}

impl Drop for Options {
    fn drop(&mut self) {
        for (key, value) in &mut self.entries {
            if SECRET_KEYS.contains(&key.as_str()) {
                for byte in value.iter_mut() {
                    // Volatile: the compiler must not drop the store to memory about to be freed.
                    // SAFETY: `byte` is a valid, exclusive reference.
                    unsafe { ptr::write_volatile(byte, 0) };
                }
            }
        }
    }
}

/// An owned `b44_options`, freed (and its secrets zeroed) on drop.
pub(crate) struct NativeOptions(NonNull<ffi::b44_options>);

impl NativeOptions {
    fn new() -> Result<NativeOptions> {
        // SAFETY: no arguments; NULL only when out of memory.
        let raw = unsafe { ffi::b44_options_new() };
        NonNull::new(raw)
            .map(NativeOptions)
            .ok_or_else(|| Error::new(ErrorKind::OutOfMemory, "b44_options_new: out of memory"))
    }

    fn set(&mut self, key: &str, value: &[u8]) -> Result<()> {
        let c_key = text::c_string("an option key", key)?;
        let c_value = text::c_string(&format!("option {key}"), value)?;
        let mut err = ptr::null_mut();
        // SAFETY: valid option set and NUL-terminated strings; the library copies them.
        let code =
            unsafe { ffi::b44_options_set(self.0.as_ptr(), c_key.as_ptr(), c_value.as_ptr(), &mut err) };
        if code == ffi::B44_OK {
            return Ok(());
        }
        // SAFETY: a failed call hands us its error object.
        Err(unsafe { Error::from_native(code, err) })
    }

    pub(crate) fn as_ptr(&self) -> *const ffi::b44_options {
        self.0.as_ptr()
    }
}

impl Drop for NativeOptions {
    fn drop(&mut self) {
        // SAFETY: owned, freed once.
        unsafe { ffi::b44_options_free(self.0.as_ptr()) }
    }
}
