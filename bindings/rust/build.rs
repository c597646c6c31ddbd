//! Links libb44sso. With B44SSO_LIB_DIR set, the library is searched there and that
//! directory is written as an rpath into this crate's tests, examples and binaries, so
//! they run without LD_LIBRARY_PATH. Without it the system linker and loader search
//! their usual paths (an installed libb44sso.so / libb44sso.so.0).
use std::env;
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=B44SSO_LIB_DIR");
    println!("cargo:rerun-if-changed=build.rs");
    if let Some(dir) = env::var_os("B44SSO_LIB_DIR") {
        // An rpath must be absolute to work from any working directory.
        let dir = PathBuf::from(dir);
        let dir = dir.canonicalize().unwrap_or(dir);
        println!("cargo:rustc-link-search=native={}", dir.display());
        println!("cargo:rustc-link-arg=-Wl,-rpath,{}", dir.display());
        // Exported to dependants' build scripts as DEP_B44SSO_LIB_DIR.
        println!("cargo:lib_dir={}", dir.display());
    }
    println!("cargo:rustc-link-lib=dylib=b44sso");
}
