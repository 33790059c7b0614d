#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
//! Output snapshot for refactoring: with `CNBUDGET_TABLE_SNAPSHOT=DIR`, writes
//! `parse` output (JSON) of every seed and corpus document into `DIR`, so two
//! runs (before and after a change) can be compared with `diff -r`.
//!
//! ```text
//! CNBUDGET_TABLE_SNAPSHOT=/tmp/before cargo test -p cnbudget-table --test snapshot -- --ignored
//! ```

use std::path::PathBuf;

fn shared() -> Option<PathBuf> {
    cnbudget_testkit::shared()
}

/// The prepared text of `p`; with `CNBUDGET_TABLE_PREPARED=DIR`, cached in
/// `DIR` so that changes in `cnbudget-text` do not show up as table changes.
fn prepared(p: &std::path::Path) -> String {
    let cache = std::env::var_os("CNBUDGET_TABLE_PREPARED")
        .map(|d| PathBuf::from(d).join(p.file_name().unwrap()));
    if let Some(c) = &cache {
        if let Ok(t) = std::fs::read_to_string(c) {
            return t;
        }
    }
    let text = cnbudget_text::prepare(&std::fs::read(p).unwrap()).text;
    if let Some(c) = &cache {
        std::fs::create_dir_all(c.parent().unwrap()).unwrap();
        std::fs::write(c, &text).unwrap();
    }
    text
}

#[test]
#[ignore = "writes a snapshot for manual comparison; set CNBUDGET_TABLE_SNAPSHOT"]
fn write_snapshot() {
    let Some(out) = std::env::var_os("CNBUDGET_TABLE_SNAPSHOT").map(PathBuf::from) else {
        eprintln!("skipping: CNBUDGET_TABLE_SNAPSHOT not set");
        return;
    };
    let Some(shared) = shared() else { return };
    std::fs::create_dir_all(&out).unwrap();
    let mut n = 0;
    for folder in ["seeds", "corpus"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(shared.join(folder))
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        for p in paths {
            let text = prepared(&p);
            let doc = cnbudget_table::parse(&text);
            let json = serde_json::to_string_pretty(&doc).unwrap();
            let name = format!("{folder}-{}.json", p.file_stem().unwrap().to_string_lossy());
            std::fs::write(out.join(name), json).unwrap();
            n += 1;
        }
    }
    assert!(n > 0, "no documents found");
}
