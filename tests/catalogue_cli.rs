//! The catalogue examples as a command-line surface: `lookup` answers for a year and says
//! when a code did not exist or its name is unknown; its exit status is 0 when something is
//! found, 1 when a real query finds nothing, 2 for a usage error; a closed pipe stops it
//! quietly. `catalogue_coverage --help` names its `CNBUDGET_SHARED` variable.
//!
//! `cargo test` builds the examples before running tests; run on its own
//! (`cargo test --test catalogue_cli`) it skips the examples that are not built.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn example(name: &str) -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    // target/<profile>/deps/catalogue_cli-… → target/<profile>/examples/<name>
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

fn run(bin: &PathBuf, args: &[&str]) -> (Option<i32>, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(bin).args(args).output().unwrap();
    (
        status.code(),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

#[test]
fn lookup_exit_statuses() {
    let Some(bin) = example("lookup") else { return };
    let (code, out, _) = run(&bin, &["2101506"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("in 2024     医疗保障经办事务"), "{out}");
    let (code, _, err) = run(&bin, &["--bogus"]);
    assert_eq!(code, Some(2), "unknown option");
    assert!(
        err.contains("unknown option") && err.contains("usage: lookup"),
        "{err}"
    );
    assert_eq!(run(&bin, &["--year"]).0, Some(2), "--year without a year");
    assert_eq!(run(&bin, &["--year", "twenty", "210"]).0, Some(2));
    assert_eq!(run(&bin, &[]).0, Some(2), "no query");
    // Real queries that find nothing.
    let (code, _, err) = run(&bin, &["2999999"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("nothing found"), "{err}");
    assert_eq!(run(&bin, &["没有这个科目名称"]).0, Some(1));
    let (code, out, _) = run(&bin, &["--help"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("usage: lookup"), "{out}");
}

#[test]
fn lookup_answers_for_the_year() {
    let Some(bin) = example("lookup") else { return };
    let (code, out, _) = run(&bin, &["--year", "2017", "20828"]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("in 2017     not in the 2017 edition: new in the 2019 edition"),
        "{out}"
    );
    let (_, out, _) = run(&bin, &["--year", "2018", "21305"]);
    assert!(out.contains("in 2018     扶贫\n"), "{out}");
    let (_, out, _) = run(&bin, &["--year", "2016", "2010101"]);
    assert!(
        out.contains(
            "in 2016     unknown for 2016: no evidence for that year (named 行政运行 in 2017)"
        ),
        "{out}"
    );
    // JSON says the same: a name only when evidence covers the year.
    let (code, out, _) = run(&bin, &["--json", "--year", "2017", "224"]);
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["status"], "not_in_edition");
    assert!(v[0]["name"].is_null());
    assert!(
        v[0]["answer"]
            .as_str()
            .unwrap()
            .starts_with("not in the 2017 edition"),
        "{}",
        v[0]["answer"]
    );
    let (_, out, _) = run(&bin, &["--json", "--year", "2018", "21305"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v[0]["status"].as_str(), v[0]["name"].as_str()),
        (Some("named"), Some("扶贫"))
    );
    let (_, out, _) = run(&bin, &["--json", "--year", "2016", "2010101"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["status"], "unknown");
    assert!(v[0]["name"].is_null());
}

/// `lookup --json` spells enum values as every JSON of the crates does, in snake_case (the
/// level, the form, the expense kind, the mapping's unit scope, the edition and the evidence).
#[test]
fn lookup_json_spells_values_in_snake_case() {
    let Some(bin) = example("lookup") else { return };
    let (code, out, _) = run(&bin, &["--json", "30101"]);
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let hit = &v[0];
    assert_eq!(hit["classification"], "economic");
    assert_eq!(hit["level"], "kuan");
    assert_eq!(hit["form"], "department");
    assert_eq!(hit["expense_kind"], "personnel");
    assert_eq!(hit["government_mapping"][0]["scope"], "agency");
    assert_eq!(hit["government_mapping"][1]["scope"], "public_institution");
    assert_eq!(hit["edition"]["exact"], 2024);
    let (_, out, _) = run(&bin, &["--json", "2101506"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["level"], "xiang");
    assert_eq!(v[0]["entry"]["provenance"]["source"], "reconstructed2024");
}

/// `lookup … | head -1`: the reader closes the pipe; lookup stops without a panic.
#[test]
fn lookup_stops_quietly_on_a_closed_pipe() {
    let Some(bin) = example("lookup") else { return };
    // A name fragment with many matches writes many lines into a pipe already closed.
    let child = Command::new(&bin)
        .arg("行政")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut child = child;
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}

#[test]
fn catalogue_coverage_usage() {
    let Some(bin) = example("catalogue_coverage") else {
        return;
    };
    let (code, out, _) = run(&bin, &["--help"]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("usage: catalogue_coverage") && out.contains("CNBUDGET_SHARED"),
        "{out}"
    );
    let (code, _, err) = run(&bin, &["--no-such-option"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("unknown option"), "{err}");
}
