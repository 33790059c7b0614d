//! Test support for the cnbudget workspace: where the shared development documents are.
//!
//! The documents (`seeds/`, `corpus/`, `corpus-wide/`) live outside the repository, in
//! `$CNBUDGET_SHARED` or `../shared` beside the workspace. A user's clone has no such folder,
//! so the tests over real documents skip with a notice; CI sets `CNBUDGET_REQUIRE_SHARED=1`,
//! and then a missing folder fails the test instead of skipping it.
//!
//! ```
//! // Whatever the machine has, the answer is a folder with `seeds/` or nothing.
//! if let Some(dir) = cnbudget_testkit::shared() {
//!     assert!(dir.join("seeds").is_dir());
//! }
//! ```
#![deny(missing_docs)]

use std::path::{Path, PathBuf};

/// The workspace's root folder.
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// True when CI asks for the shared folder (`CNBUDGET_REQUIRE_SHARED` set, not `0`).
pub fn required() -> bool {
    std::env::var_os("CNBUDGET_REQUIRE_SHARED").is_some_and(|v| !v.is_empty() && v != "0")
}

/// The shared folder: `$CNBUDGET_SHARED`, or `../shared` beside the workspace.
///
/// `None`, with a notice on stderr, when it has no `seeds/`.
///
/// # Panics
///
/// When the folder is missing and [`required`] is true.
pub fn shared() -> Option<PathBuf> {
    let p = std::env::var_os("CNBUDGET_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("../shared"));
    if p.join("seeds").is_dir() {
        return Some(p);
    }
    assert!(
        !required(),
        "CNBUDGET_REQUIRE_SHARED is set but {} has no seeds/ (set CNBUDGET_SHARED)",
        p.display()
    );
    eprintln!(
        "NOTICE: no shared documents at {} (set CNBUDGET_SHARED); skipping",
        p.display()
    );
    None
}

/// The files of `shared/sub` whose extension is one of `exts`, sorted by name (empty when the
/// folder is missing).
pub fn files(sub: &str, exts: &[&str]) -> Vec<PathBuf> {
    let Some(dir) = shared() else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir.join(sub))
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.retain(|p| {
        p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| exts.contains(&e))
    });
    v.sort();
    v
}

/// The file of `shared/sub` whose name starts with `prefix` and has extension `ext`.
///
/// # Panics
///
/// When the shared folder is present but holds no such file (a renamed fixture is a test
/// defect, not a skip).
pub fn find(sub: &str, prefix: &str, ext: &str) -> Option<PathBuf> {
    let dir = shared()?;
    let found = files(sub, &[ext]).into_iter().find(|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
    });
    assert!(
        found.is_some(),
        "no {sub}/{prefix}*.{ext} under {}",
        dir.display()
    );
    found
}

/// The bytes of [`find`]'s file.
pub fn read(sub: &str, prefix: &str, ext: &str) -> Option<Vec<u8>> {
    let p = find(sub, prefix, ext)?;
    std::fs::read(&p).ok()
}
