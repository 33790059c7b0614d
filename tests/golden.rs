//! The regression net: every real document's tables and findings, rendered as text and
//! compared with the golden files under `tests/golden/`.
//!
//! A change in reading or auditing shows up here as a diff of readable lines. When the change
//! is meant, re-bless and commit the new files with the reason in the commit message:
//!
//! ```text
//! CNBUDGET_BLESS=1 cargo test --release --test golden
//! git diff --stat tests/golden
//! ```
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fmt::Write as _;
use std::path::PathBuf;

use cnbudget::Disclosure;
use cnbudget::table::{Table, Value};

/// Every document of the shared folders the snapshot covers: (golden name, path).
fn documents() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for (sub, exts) in [
        ("seeds", &["txt"][..]),
        ("corpus", &["txt", "pdf"][..]),
        ("corpus-wide", &["txt", "html", "pdf"][..]),
    ] {
        for p in cnbudget_testkit::files(sub, exts) {
            let ext = p.extension().unwrap().to_string_lossy().to_string();
            let stem = p.file_stem().unwrap().to_string_lossy().to_string();
            out.push((format!("{sub}/{stem}.{ext}"), p));
        }
    }
    out
}

fn render_table(out: &mut String, i: usize, t: &Table) {
    let _ = writeln!(
        out,
        "\n## table {i}: {} [{}] unit={} layout={:?} lines={}-{}{}",
        t.title.as_deref().unwrap_or("(untitled)"),
        t.kind,
        t.unit.map_or("-", |u| u.as_str()),
        t.layout,
        t.first_line,
        t.last_line,
        if t.empty { " empty" } else { "" }
    );
    if let Some(n) = &t.number {
        let _ = writeln!(out, "number: {n}");
    }
    for c in &t.columns {
        let side = c.side.map_or(String::new(), |s| format!(" {s:?}"));
        let _ = writeln!(
            out,
            "col {}: {:?}{side} {}",
            c.index,
            c.role,
            c.path.join(" / ")
        );
    }
    for r in &t.rows {
        let mut line = format!("L{}", r.lines.first().copied().unwrap_or(0));
        match (&r.code, &r.other_code) {
            (Some(c), Some(o)) => {
                let _ = write!(line, " [{} / {}]", c.digits, o.digits);
            }
            (Some(c), None) => {
                let _ = write!(line, " [{}]", c.digits);
            }
            (None, Some(o)) => {
                let _ = write!(line, " [- / {}]", o.digits);
            }
            (None, None) => {}
        }
        if let Some(n) = &r.name {
            let _ = write!(line, " {n}");
        }
        if r.total {
            line.push_str(" (total)");
        }
        for (k, c) in r.cells.iter().enumerate() {
            match &c.value {
                Value::Amount { amount } => {
                    let _ = write!(line, " | {k}={amount}");
                }
                Value::Percent { percent } => {
                    let _ = write!(line, " | {k}={percent}%");
                }
                Value::Text if !c.text.is_empty() && c.text.chars().count() <= 24 => {
                    let _ = write!(line, " | {k}:{}", c.text);
                }
                _ => {}
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    for w in &t.warnings {
        let _ = writeln!(out, "warning L{}: {}", w.line, w.message);
    }
}

fn render(d: &Disclosure) -> String {
    let mut out = String::new();
    let m = &d.metadata;
    let _ = writeln!(
        out,
        "meta: name={} year={} kind={:?} scope={:?}",
        m.name.as_deref().unwrap_or("-"),
        m.year.map_or("-".into(), |y| y.to_string()),
        m.kind,
        m.scope
    );
    let _ = writeln!(
        out,
        "tables={} prose={} unplaced={} facts={} goals={}/{}/{}/{} goal-unplaced={}",
        d.document.tables.len(),
        d.document.prose.len(),
        d.document.unplaced.len(),
        d.facts.len(),
        d.goals.projects.len(),
        d.goals.overall.len(),
        d.goals.evaluations.len(),
        d.goals.overall_evaluations.len(),
        d.goals.unplaced.len()
    );
    for (i, t) in d.document.tables.iter().enumerate() {
        render_table(&mut out, i + 1, t);
    }
    out.push_str("\n## findings\n");
    for f in d.audit() {
        let _ = writeln!(out, "{f}");
    }
    out
}

#[test]
fn golden_snapshot_of_every_document() {
    if cnbudget_testkit::shared().is_none() {
        return;
    }
    let bless = std::env::var_os("CNBUDGET_BLESS").is_some_and(|v| v == "1");
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden"));
    let docs = documents();
    assert!(docs.len() >= 80, "only {} documents", docs.len());
    let mut changed = Vec::new();
    for (name, path) in &docs {
        let text = match Disclosure::from_path(path) {
            Ok(d) => render(&d),
            Err(e) => format!("error: {e}\n"),
        };
        let golden = root.join(format!("{name}.golden"));
        let old = std::fs::read_to_string(&golden).unwrap_or_default();
        if old != text {
            if bless {
                std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
                std::fs::write(&golden, &text).unwrap();
            }
            changed.push(name.clone());
        }
    }
    assert!(
        bless || changed.is_empty(),
        "{} documents differ from tests/golden (re-bless with CNBUDGET_BLESS=1 when meant): {changed:?}",
        changed.len()
    );
}
