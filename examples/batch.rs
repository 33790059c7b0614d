//! Process a folder of disclosure documents in parallel, one JSON line per document, and
//! optionally every amount of every document as one long CSV or one Parquet file.
//!
//! ```text
//! cargo run --release --example batch -- DIR --out results.jsonl [--threads N]
//! cargo run --release --example batch -- DIR --out results.jsonl --csv amounts.csv
//! cargo run --release --example batch --features parquet -- DIR --parquet amounts.parquet
//! ```
//!
//! Reads every `.txt`, `.md`, `.html`, `.htm`, `.csv`, `.tsv` and `.pdf` file under DIR, in
//! path order, each through `cnbudget::Disclosure::from_path`. Each output line is either a
//! summary
//! `{"document", "name", "year", "kind", "scope", "tables", "kinds", "unplaced", "findings": {"error", "warning", "notice"}, "rules": {...}}`
//! or, when a document cannot be read, `{"document", "error"}` — one bad file never stops the
//! batch. The lines, and the rows of `--csv` and `--parquet` (the columns of
//! `cnbudget::export::CSV_HEADER`), come in path order. A progress line is written to stderr.
//!
//! Exit status: 0 when every output was written (whatever the documents say); 2 on a usage
//! error, an unreadable DIR or an output that cannot be written.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;
use serde_json::{Value, json};

use cnbudget::Disclosure;
use cnbudget::audit::Severity;
use cnbudget::export::{self, AmountRecord};

mod cli;

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

/// The summary line of a document and, when asked, its amounts.
fn summarise(path: &Path, with_amounts: bool) -> (Value, Vec<AmountRecord>) {
    let name = path.display().to_string();
    match Disclosure::from_path(path) {
        Ok(d) => {
            let records = if with_amounts {
                export::amounts(&d, &name)
            } else {
                Vec::new()
            };
            (summary(name, &d), records)
        }
        Err(e) => (
            json!({ "document": name, "error": e.to_string() }),
            Vec::new(),
        ),
    }
}

fn summary(name: String, d: &Disclosure) -> Value {
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

const USAGE: &str = "usage: batch DIR [--out results.jsonl] [--csv amounts.csv] [--parquet amounts.parquet] [--threads N]
  --out FILE      the JSON summary lines go to FILE instead of stdout
  --csv FILE      every amount of every document as one long CSV (amounts also in 元)
  --parquet FILE  the same amounts as one Parquet file (build with --features parquet)
  --threads N     documents read at once (default: one per core)
exit status: 0 every output written; 2 usage error, unreadable DIR or unwritable output";

fn usage_error(what: &str) -> ExitCode {
    eprintln!("batch: {what}\n{USAGE}");
    ExitCode::from(cli::EXIT_USAGE)
}

/// Documents read in parallel before their output is written in path order.
const CHUNK: usize = 64;

/// Where the amounts go: a long CSV, a Parquet file, or both.
struct AmountSinks {
    csv: Option<BufWriter<File>>,
    #[cfg(feature = "parquet")]
    parquet: Option<export::ParquetWriter<BufWriter<File>>>,
}

impl AmountSinks {
    fn open(csv: Option<&Path>, parquet: Option<&Path>) -> Result<AmountSinks, String> {
        let create = |p: &Path| {
            File::create(p)
                .map(BufWriter::new)
                .map_err(|e| format!("cannot create {}: {e}", p.display()))
        };
        let csv = match csv {
            Some(p) => {
                let mut w = create(p)?;
                writeln!(w, "{}", export::CSV_HEADER)
                    .map_err(|e| format!("cannot write {}: {e}", p.display()))?;
                Some(w)
            }
            None => None,
        };
        #[cfg(feature = "parquet")]
        let parquet = match parquet {
            Some(p) => Some(export::ParquetWriter::new(create(p)?).map_err(|e| e.to_string())?),
            None => None,
        };
        #[cfg(not(feature = "parquet"))]
        if let Some(p) = parquet {
            return Err(format!(
                "cannot write {}: this build has no Parquet support \
                 (cargo run --features parquet --example batch -- …)",
                p.display()
            ));
        }
        Ok(AmountSinks {
            csv,
            #[cfg(feature = "parquet")]
            parquet,
        })
    }

    fn wanted(&self) -> bool {
        #[cfg(feature = "parquet")]
        if self.parquet.is_some() {
            return true;
        }
        self.csv.is_some()
    }

    fn write(&mut self, records: &[AmountRecord]) -> Result<(), String> {
        if let Some(w) = &mut self.csv {
            export::write_csv_rows(w, records).map_err(|e| format!("cannot write CSV: {e}"))?;
        }
        #[cfg(feature = "parquet")]
        if let Some(w) = &mut self.parquet {
            w.write(records).map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    fn finish(self) -> Result<(), String> {
        if let Some(mut w) = self.csv {
            w.flush().map_err(|e| format!("cannot write CSV: {e}"))?;
        }
        #[cfg(feature = "parquet")]
        if let Some(w) = self.parquet {
            w.finish()
                .map_err(|e| e.to_string())?
                .flush()
                .map_err(|e| format!("cannot write Parquet: {e}"))?;
        }
        Ok(())
    }
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut dir: Option<PathBuf> = None;
    let mut out: Option<PathBuf> = None;
    let mut csv: Option<PathBuf> = None;
    let mut parquet: Option<PathBuf> = None;
    let mut threads: Option<usize> = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" | "-o" | "--csv" | "--parquet" => match args.next() {
                Some(p) => {
                    let target = match a.as_str() {
                        "--csv" => &mut csv,
                        "--parquet" => &mut parquet,
                        _ => &mut out,
                    };
                    *target = Some(PathBuf::from(p));
                }
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
    if let Some(n) = threads
        && let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
    {
        eprintln!("batch: cannot set {n} threads: {e}");
    }
    let mut files = Vec::new();
    if let Err(e) = collect(&dir, &mut files) {
        eprintln!("batch: cannot read {}: {e}", dir.display());
        return ExitCode::from(cli::EXIT_USAGE);
    }
    files.sort();
    let mut amounts = match AmountSinks::open(csv.as_deref(), parquet.as_deref()) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("batch: {e}");
            return ExitCode::from(cli::EXIT_USAGE);
        }
    };
    let mut sink: Box<dyn Write> = match &out {
        Some(p) => match File::create(p) {
            Ok(f) => Box::new(BufWriter::new(f)),
            Err(e) => {
                eprintln!("batch: cannot create {}: {e}", p.display());
                return ExitCode::from(cli::EXIT_USAGE);
            }
        },
        None => Box::new(BufWriter::new(std::io::stdout())),
    };
    let with_amounts = amounts.wanted();
    let done = AtomicUsize::new(0);
    let total = files.len();
    let start = Instant::now();
    let tty = std::io::stderr().is_terminal();
    for chunk in files.chunks(CHUNK) {
        let results: Vec<(Value, Vec<AmountRecord>)> = chunk
            .par_iter()
            .map(|path| {
                let result = summarise(path, with_amounts);
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                let name = path.file_name().and_then(|f| f.to_str()).unwrap_or("");
                let elapsed = start.elapsed().as_secs_f64();
                if tty {
                    // One self-rewriting progress line on a terminal.
                    eprint!("\r[{n}/{total}] {elapsed:.1}s {name}\x1b[K");
                } else {
                    eprintln!("[{n}/{total}] {elapsed:.1}s {name}");
                }
                result
            })
            .collect();
        for (line, records) in results {
            match writeln!(sink, "{line}") {
                Ok(()) => {}
                // The reader of the summary lines went away (`| head`): the amount files are
                // still written.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                    sink = Box::new(std::io::sink());
                }
                Err(e) => {
                    eprintln!("batch: write error: {e}");
                    return ExitCode::from(cli::EXIT_USAGE);
                }
            }
            if let Err(e) = amounts.write(&records) {
                eprintln!("batch: {e}");
                return ExitCode::from(cli::EXIT_USAGE);
            }
        }
    }
    if tty {
        eprintln!();
    }
    if let Err(e) = sink.flush()
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("batch: write error: {e}");
        return ExitCode::from(cli::EXIT_USAGE);
    }
    if let Err(e) = amounts.finish() {
        eprintln!("batch: {e}");
        return ExitCode::from(cli::EXIT_USAGE);
    }
    eprintln!(
        "batch: {total} documents in {:.2}s",
        start.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}
