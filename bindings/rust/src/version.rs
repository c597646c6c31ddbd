//! Which libb44sso this crate works with, checked before the first client is made.

use std::sync::OnceLock;

use crate::error::{Error, ErrorKind, Result};
use crate::{ffi, text};

/// The libb44sso version this crate was written against (the header's
/// `B44SSO_VERSION_STRING`). Any library with the same major version is accepted.
pub const SUPPORTED_LIBRARY_VERSION: &str = "0.1.0";

/// The version of the libb44sso loaded at run time, e.g. `"0.1.0"`.
pub fn library_version() -> &'static str {
    // SAFETY: no arguments; returns a static string.
    text::static_str(unsafe { ffi::b44_version() })
}

/// Fails (Config) when the loaded library's major version differs from the supported
/// one; checked once per process.
pub(crate) fn ensure_supported_library() -> Result<()> {
    static CHECK: OnceLock<Result<()>> = OnceLock::new();
    CHECK.get_or_init(|| check_compatible(library_version())).clone()
}

fn major(version: &str) -> Option<u32> {
    let mut parts = version.split('.');
    let major = parts.next()?.parse().ok()?;
    // Want MAJOR.MINOR.PATCH: anything else is not a version we can judge.
    let rest_ok = parts.clone().count() == 2 && parts.all(|p| p.parse::<u32>().is_ok());
    rest_ok.then_some(major)
}

fn check_compatible(found: &str) -> Result<()> {
    if major(found).is_some() && major(found) == major(SUPPORTED_LIBRARY_VERSION) {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::Config,
        format!(
            "libb44sso {found:?} is not supported by this binding (it needs version \
             {SUPPORTED_LIBRARY_VERSION} or another with the same major version)"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_same_major_version() {
        assert!(check_compatible("0.1.0").is_ok());
        assert!(check_compatible("0.9.12").is_ok());
    }

    #[test]
    fn refuses_another_major_version_or_garbage() {
        for found in ["1.0.0", "2.1.0", "", "0.1", "zero.1.0", "0.1.0-beta"] {
            let err = check_compatible(found).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Config, "{found}");
            assert!(err.message().contains(SUPPORTED_LIBRARY_VERSION), "{err}");
        }
    }

    #[test]
    fn the_loaded_library_is_supported() {
        assert!(ensure_supported_library().is_ok(), "{}", library_version());
    }
}
