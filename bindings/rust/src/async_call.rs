//! `b44_sso_get_access_token_async` with a Rust closure: the closure is boxed, handed to the
//! library as userdata, and taken back (and freed) by the trampoline that runs it, or at once
//! when the library refuses the call.

use std::ffi::CStr;
use std::os::raw::{c_char, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::error::{Error, ErrorKind, Result};
use crate::ffi;

/// Boxed twice over in `start`: a `Box<dyn FnOnce>` is a fat pointer, userdata a thin one.
type TokenCallback = Box<dyn FnOnce(Result<String>) + Send + 'static>;

/// Starts the call; on success the library owns `callback` until the trampoline runs it.
///
/// # Safety
/// `client` is a live client; `user_id` a NUL-terminated string valid during the call.
pub(crate) unsafe fn start(
    client: *mut ffi::b44_client,
    user_id: *const c_char,
    callback: TokenCallback,
) -> Result<()> {
    let userdata = Box::into_raw(Box::new(callback)).cast::<c_void>();
    let code = ffi::b44_sso_get_access_token_async(client, user_id, Some(trampoline), userdata);
    if code == ffi::B44_OK {
        return Ok(()); // `userdata` may be gone already: the callback may have run
    }
    // Refused: the library never calls back, so the closure is ours to drop.
    drop(Box::from_raw(userdata.cast::<TokenCallback>()));
    Err(start_error(code))
}

/// The start reports only a code, no error object: say what each one means.
fn start_error(code: ffi::b44_code) -> Error {
    match code {
        ffi::B44_ERR_INVALID_ARGUMENT => Error::new(
            ErrorKind::InvalidArgument,
            "user_id is empty, over 1024 bytes, not UTF-8 or holds a control character",
        ),
        ffi::B44_ERR_NOMEM => Error::new(ErrorKind::OutOfMemory, "no thread could be started for the call"),
        _ => {
            let kind = ErrorKind::from_code(code).unwrap_or(ErrorKind::Internal);
            Error::new(kind, "b44_sso_get_access_token_async failed")
        }
    }
}

/// Runs on a library thread, exactly once per started call. `token` and `err` are lent for
/// this call only, so they are copied first. A panic in the closure is caught: it must not
/// unwind into C.
unsafe extern "C" fn trampoline(
    code: ffi::b44_code,
    token: *const c_char,
    err: *const ffi::b44_error,
    userdata: *mut c_void,
) {
    let callback = Box::from_raw(userdata.cast::<TokenCallback>());
    let outcome = if code != ffi::B44_OK {
        Err(Error::copy_native(code, err))
    } else if token.is_null() {
        Err(Error::new(ErrorKind::Internal, "the library returned no token"))
    } else {
        Ok(CStr::from_ptr(token).to_string_lossy().into_owned())
    };
    let _ = catch_unwind(AssertUnwindSafe(move || callback(outcome)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trampoline_has_the_headers_callback_type() {
        let _: ffi::b44_token_callback = Some(trampoline);
    }
}
