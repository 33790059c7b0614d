#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
//! Whole-pipeline output snapshot for refactoring and performance work: with
//! `CNBUDGET_SNAPSHOT=DIR`, writes for every seed and corpus document and both embedded samples
//! the prepared text (with encoding, script and issues), the table parser's JSON, the
//! disclosure's JSON (without the document and prepared text, already written) and the audit
//! findings' JSON, so two runs — before and after a change — can be compared with `diff -r`.
//! Every performance change of session 2 was checked this way (the notes in `docs/perf-*.md`
//! call it the golden check).
//!
//! ```text
//! git stash; CNBUDGET_SNAPSHOT=/tmp/before cargo test --release --test snapshot -- --ignored
//! git stash pop; CNBUDGET_SNAPSHOT=/tmp/after cargo test --release --test snapshot -- --ignored
//! diff -r /tmp/before /tmp/after
//! ```

use std::io::Write;
use std::path::PathBuf;

fn shared() -> PathBuf {
    cnbudget_testkit::shared().unwrap_or_default()
}

#[test]
#[ignore = "writes a snapshot when CNBUDGET_SNAPSHOT is set"]
fn snapshot() {
    let Some(out) = std::env::var_os("CNBUDGET_SNAPSHOT").map(PathBuf::from) else {
        eprintln!("set CNBUDGET_SNAPSHOT=DIR to write a snapshot");
        return;
    };
    std::fs::create_dir_all(&out).unwrap();
    let mut docs: Vec<(String, Vec<u8>)> = Vec::new();
    for sub in ["seeds", "corpus"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(shared().join(sub))
            .map(|rd| rd.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        paths.sort();
        for p in paths
            .iter()
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        {
            let stem = p.file_stem().unwrap().to_string_lossy().to_string();
            docs.push((format!("{sub}-{stem}"), std::fs::read(p).unwrap()));
        }
    }
    if docs.is_empty() {
        eprintln!(
            "no shared folder at {}: only the embedded samples",
            shared().display()
        );
    }
    docs.push(("sample-facade".into(), cnbudget::SAMPLE.as_bytes().to_vec()));
    docs.push((
        "sample-table".into(),
        cnbudget::table::SAMPLE.as_bytes().to_vec(),
    ));
    for (name, bytes) in &docs {
        let p = cnbudget::text::prepare(bytes);
        let mut f = std::fs::File::create(out.join(format!("{name}.prepared.txt"))).unwrap();
        writeln!(
            f,
            "{:?} {:?}\n{:#?}\n{}",
            p.encoding, p.script, p.issues, p.text
        )
        .unwrap();
        let doc = cnbudget::table::parse(&p.text);
        let json = serde_json::to_string_pretty(&doc).unwrap();
        std::fs::write(out.join(format!("{name}.tables.json")), json).unwrap();
        let d = cnbudget::Disclosure::from_bytes(bytes);
        let mut v = serde_json::to_value(&d).unwrap();
        if let Some(o) = v.as_object_mut() {
            o.remove("document");
            o.remove("prepared");
        }
        let json = serde_json::to_string_pretty(&v).unwrap();
        std::fs::write(out.join(format!("{name}.disclosure.json")), json).unwrap();
        let json = serde_json::to_string_pretty(&d.audit()).unwrap();
        std::fs::write(out.join(format!("{name}.findings.json")), json).unwrap();
    }
    eprintln!("{} documents written to {}", docs.len(), out.display());
}
