//! Process a folder of disclosure documents in parallel, one JSON line per document.
//!
//! ```text
//! cargo run --release --example batch -- DIR --out results.jsonl [--threads N]
//! ```
//!
//! Reads every `.txt`, `.md`, `.html`, `.htm`, `.csv`, `.tsv` and `.pdf` file under DIR (PDFs
//! need `pdftotext`). Each output line is either a summary
//! `{"document", "name", "year", "kind", "scope", "tables", "kinds", "unplaced", "findings": {"error", "warning", "notice"}, "rules": {...}}`
//! or, when a document cannot be read, `{"document", "error"}` — one bad file never stops the
//! batch. A progress line is written to stderr.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;
use serde_json::{Value, json};

use cnbudget::Disclosure;
use cnbudget::audit::Severity;

const EXTENSIONS: &[&str] = &["txt", "md", "html", "htm", "csv", "tsv", "pdf"];

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
    Ok(())
}

fn summarise(path: &Path) -> Value {
    let name = path.display().to_string();
    let d = match Disclosure::from_path(path) {
        Ok(d) => d,
        Err(e) => return json!({ "document": name, "error": e.to_string() }),
    };
    let findings = d.audit();
    let mut rules: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &findings {
        *rules.entry(f.rule.as_str()).or_default() += 1;
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    json!({
        "document": name,
        "name": d.metadata.name,
        "year": d.metadata.year,
        "kind": d.metadata.kind,
        "scope": d.metadata.scope,
        "encoding": format!("{:?}", d.prepared.encoding),
        "tables": d.document.tables.len(),
        "kinds": d.document.tables.iter().map(|t| t.kind.as_str()).collect::<Vec<_>>(),
        "unplaced": d.document.unplaced.len(),
        "prose_figures": d.facts.len(),
        "findings": {
            "error": count(Severity::Error),
            "warning": count(Severity::Warning),
            "notice": count(Severity::Notice),
        },
        "rules": rules,
    })
}

const USAGE: &str = "usage: batch DIR [--out results.jsonl] [--threads N]";

fn usage_error(what: &str) -> ExitCode {
    eprintln!("batch: {what}\n{USAGE}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut dir: Option<PathBuf> = None;
    let mut out: Option<PathBuf> = None;
    let mut threads: Option<usize> = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" | "-o" => match args.next() {
                Some(p) => out = Some(PathBuf::from(p)),
                None => return usage_error(&format!("{a} needs a file name")),
            },
            "--threads" | "-j" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) if n > 0 => threads = Some(n),
                _ => return usage_error(&format!("{a} needs a number of threads (1 or more)")),
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            flag if flag.starts_with('-') && flag.len() > 1 => {
                return usage_error(&format!("unknown option {flag}"));
            }
            _ if dir.is_some() => return usage_error("one DIR at a time"),
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let Some(dir) = dir else {
        return usage_error("no DIR given");
    };
    if let Some(n) = threads {
        if let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
        {
            eprintln!("batch: cannot set {n} threads: {e}");
        }
    }
    let mut files = Vec::new();
    if let Err(e) = collect(&dir, &mut files) {
        eprintln!("batch: cannot read {}: {e}", dir.display());
        return ExitCode::from(2);
    }
    files.sort();
    let sink: Box<dyn Write + Send> = match &out {
        Some(p) => match File::create(p) {
            Ok(f) => Box::new(BufWriter::new(f)),
            Err(e) => {
                eprintln!("batch: cannot create {}: {e}", p.display());
                return ExitCode::from(2);
            }
        },
        None => Box::new(BufWriter::new(std::io::stdout())),
    };
    let sink = Mutex::new(sink);
    let done = AtomicUsize::new(0);
    let total = files.len();
    let start = Instant::now();
    let tty = std::io::stderr().is_terminal();
    files.par_iter().for_each(|path| {
        let line = summarise(path);
        if let Ok(mut w) = sink.lock() {
            let _ = writeln!(w, "{line}");
        }
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        let name = path.file_name().and_then(|f| f.to_str()).unwrap_or("");
        let elapsed = start.elapsed().as_secs_f64();
        if tty {
            // One self-rewriting progress line on a terminal.
            eprint!("\r[{n}/{total}] {elapsed:.1}s {name}\x1b[K");
        } else {
            eprintln!("[{n}/{total}] {elapsed:.1}s {name}");
        }
    });
    if tty {
        eprintln!();
    }
    if let Ok(mut w) = sink.lock() {
        if let Err(e) = w.flush() {
            eprintln!("batch: write error: {e}");
            return ExitCode::from(2);
        }
    }
    eprintln!(
        "batch: {total} documents in {:.2}s",
        start.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}
