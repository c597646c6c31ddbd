//! Moving text across the C boundary: Rust strings in, library strings out.

use std::ffi::{CStr, CString};
use std::os::raw::c_char;

use crate::error::{Error, ErrorKind, Result};
use crate::ffi;

/// A C copy of `value`; a NUL byte (which C would silently cut at) is refused as
/// InvalidArgument naming `what`.
pub(crate) fn c_string(what: &str, value: impl Into<Vec<u8>>) -> Result<CString> {
    CString::new(value)
        .map_err(|_| Error::new(ErrorKind::InvalidArgument, format!("{what} must not contain a NUL byte")))
}

/// Copies a string the library still owns (error fields, static names); NULL gives None.
/// Invalid UTF-8 (e.g. in a server's error body) is replaced, not refused.
///
/// # Safety
/// `ptr` is NULL or a NUL-terminated string that stays valid during the call.
pub(crate) unsafe fn optional(ptr: *const c_char) -> Option<String> {
    if ptr.is_null() {
        return None;
    }
    Some(CStr::from_ptr(ptr).to_string_lossy().into_owned())
}

/// Copies a string the library handed over to us, then gives it back with
/// `b44_string_free` (which zeroes it: it may be a token).
///
/// # Safety
/// `ptr` is NULL or a string returned through a `char **` of the library, not freed yet.
pub(crate) unsafe fn take_owned(ptr: *mut c_char) -> String {
    let text = optional(ptr).unwrap_or_default();
    ffi::b44_string_free(ptr);
    text
}

/// Copies a static string of the library (`b44_version`, `b44_code_name`).
pub(crate) fn static_str(ptr: *const c_char) -> &'static str {
    if ptr.is_null() {
        return "";
    }
    // SAFETY: the header documents these strings as static and never freed.
    unsafe { CStr::from_ptr(ptr) }.to_str().unwrap_or("")
}
