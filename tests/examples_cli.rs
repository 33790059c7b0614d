#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The examples are a public command-line surface: `--help` prints the usage on stdout and
//! exits 0; an unknown option is a usage error (exit status 2), never read as a file name.
//!
//! `cargo test` builds the examples before running tests; run on its own
//! (`cargo test --test examples_cli`) it skips the examples that are not built.

use std::path::PathBuf;
use std::process::Command;

fn example(name: &str) -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    // target/<profile>/deps/examples_cli-… → target/<profile>/examples/<name>
    let path = exe
        .parent()?
        .parent()?
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    if path.is_file() {
        Some(path)
    } else {
        eprintln!("skipping {name}: not built at {}", path.display());
        None
    }
}

#[test]
fn help_and_unknown_options() {
    for name in [
        "audit",
        "batch",
        "convert",
        "indicators",
        "lookup",
        "tables",
    ] {
        let Some(bin) = example(name) else { continue };
        let help = Command::new(&bin).arg("--help").output().unwrap();
        assert_eq!(help.status.code(), Some(0), "{name} --help");
        let out = String::from_utf8_lossy(&help.stdout).into_owned()
            + &String::from_utf8_lossy(&help.stderr);
        assert!(out.contains(&format!("usage: {name}")), "{name}: {out}");
        if name == "lookup" {
            continue; // lookup reads any other word as a name to look up
        }
        let bad = Command::new(&bin).arg("--no-such-option").output().unwrap();
        assert_eq!(bad.status.code(), Some(2), "{name} --no-such-option");
    }
}
