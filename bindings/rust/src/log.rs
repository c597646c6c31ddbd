//! The library's process-wide log, delivered to a Rust closure.
//!
//! One C trampoline is installed, with no userdata; it looks the current closure up in a
//! global. So replacing or clearing the handler never leaves the library holding a
//! pointer to a freed closure (the header warns that running calls may still report to
//! the previous handler for a moment).

use std::ffi::CStr;
use std::os::raw::{c_char, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use crate::ffi;

/// How severe a log line is; a handler gets its level and the more severe ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LogLevel {
    Error = 1,
    /// Failed calls.
    Warn = 2,
    /// Retries.
    Info = 3,
    /// Every request and its outcome.
    Debug = 4,
}

impl LogLevel {
    fn from_native(level: ffi::b44_log_level) -> LogLevel {
        match level {
            ffi::B44_LOG_ERROR => LogLevel::Error,
            ffi::B44_LOG_WARN => LogLevel::Warn,
            ffi::B44_LOG_INFO => LogLevel::Info,
            _ => LogLevel::Debug,
        }
    }
}

/// The threads log lines are delivered on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LogThreads {
    /// Every thread doing logged work, the library's own included (the default).
    All = 0,
    /// Only the callers' threads: lines of batch workers, async calls and background cache
    /// refreshes are dropped.
    Callers = 1,
}

/// Chooses, for the whole process, the threads log lines are delivered on.
pub fn set_log_threads(threads: LogThreads) {
    let native = match threads {
        LogThreads::All => ffi::B44_LOG_ALL_THREADS,
        LogThreads::Callers => ffi::B44_LOG_CALLER_THREADS,
    };
    // SAFETY: no pointers; both values are in the header's enum, so the call cannot fail.
    let code = unsafe { ffi::b44_set_log_threads(native) };
    debug_assert_eq!(code, ffi::B44_OK);
}

type Handler = Arc<dyn Fn(LogLevel, &str) + Send + Sync>;

static HANDLER: RwLock<Option<Handler>> = RwLock::new(None);
// Keeps the Rust global and the library's setting changing together.
static INSTALLING: Mutex<()> = Mutex::new(());

/// Sends the library's log lines at `level` and more severe to `handler`, for the whole
/// process, replacing any previous handler.
///
/// The handler runs on the thread making the logged call, possibly on several threads at
/// once, and must not call into b44sso (a [`Client`](crate::Client) method would
/// deadlock or recurse). Lines never hold a secret. A panic in the handler is caught and
/// the line dropped: it cannot unwind into C.
pub fn set_log_handler(level: LogLevel, handler: impl Fn(LogLevel, &str) + Send + Sync + 'static) {
    let _turn = INSTALLING.lock().unwrap_or_else(PoisonError::into_inner);
    *HANDLER.write().unwrap_or_else(PoisonError::into_inner) = Some(Arc::new(handler));
    // SAFETY: a static function that is valid forever; no userdata.
    unsafe { ffi::b44_set_log_handler(Some(trampoline), ptr::null_mut(), level as ffi::b44_log_level) }
}

/// Turns the library's logging off (the default).
pub fn clear_log_handler() {
    let _turn = INSTALLING.lock().unwrap_or_else(PoisonError::into_inner);
    // SAFETY: NULL turns logging off.
    unsafe { ffi::b44_set_log_handler(None, ptr::null_mut(), ffi::B44_LOG_ERROR) }
    *HANDLER.write().unwrap_or_else(PoisonError::into_inner) = None;
}

unsafe extern "C" fn trampoline(level: ffi::b44_log_level, message: *const c_char, _userdata: *mut c_void) {
    // Cloned out so the lock is not held while user code runs (it may set a new handler).
    let handler = HANDLER.read().unwrap_or_else(PoisonError::into_inner).clone();
    let (Some(handler), false) = (handler, message.is_null()) else { return };
    let message = CStr::from_ptr(message).to_string_lossy();
    let _ = catch_unwind(AssertUnwindSafe(|| handler(LogLevel::from_native(level), &message)));
}
