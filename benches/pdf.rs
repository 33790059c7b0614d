//! PDFs in documents per second, three ways over the same files in the same run:
//!
//! - `pdf/pdftotext_layout`: `pdftotext -layout FILE -` (poppler), its text read from the pipe;
//! - `pdf/cnbudget_pdf`: the file read and [`cnbudget_pdf::Document::from_bytes`] (glyphs,
//!   rulings, grids, lines of every page);
//! - `pdf/pdf_to_findings`: [`cnbudget::Disclosure::from_path`] and `audit()`, the whole
//!   pipeline from the file to the findings.
//!
//! Input: every `.pdf` of `../shared/corpus` and `../shared/corpus-wide` (`CNBUDGET_SHARED`
//! overrides the location); without them, the embedded one-page sample. `Throughput::Elements`
//! counts documents, so criterion prints documents per second.
//!
//! ```text
//! cargo bench --bench pdf -- --warm-up-time 2 --measurement-time 20
//! ```
//!
//! With `CNBUDGET_BENCH_ROUNDS=N` set, criterion is not run; instead the three are run in
//! turn, N rounds, the order rotating each round, and each round's wall and CPU time and the
//! rates relative to `pdftotext -layout` are printed, then their median and range. On a
//! machine shared with other work, the ratios of one round are taken under the same load, so
//! they move less than separate criterion figures, and CPU time (pdftotext's counted as this
//! process's child) moves less than wall time:
//!
//! ```text
//! CNBUDGET_BENCH_ROUNDS=7 cargo bench --bench pdf
//! ```

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};

use cnbudget::Disclosure;

/// The shared PDFs, sorted by folder and name; the embedded sample (written to a temporary
/// file) when there are none.
fn documents() -> Vec<PathBuf> {
    let shared = std::env::var_os("CNBUDGET_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared")));
    let mut docs = Vec::new();
    for sub in ["corpus", "corpus-wide"] {
        let Ok(dir) = std::fs::read_dir(shared.join(sub)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = dir
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
            .collect();
        paths.sort();
        docs.extend(paths);
    }
    if docs.is_empty() {
        eprintln!("pdf bench: shared PDFs not found, using the embedded sample");
        let p = std::env::temp_dir().join(format!("cnbudget-bench-{}.pdf", std::process::id()));
        std::fs::write(&p, cnbudget::pdf::SAMPLE_PDF).expect("write the sample PDF");
        docs.push(p);
    }
    docs
}

/// `pdftotext -layout FILE -`: the bytes of text it writes, or `None` when it cannot be run.
fn pdftotext(path: &Path) -> Option<usize> {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(path)
        .arg("-")
        .output()
        .ok()?;
    out.status.success().then_some(out.stdout.len())
}

/// Pages read by `cnbudget-pdf` from the file (0 when it is no PDF).
fn geometry(path: &Path) -> usize {
    let bytes = std::fs::read(path).expect("read a shared PDF");
    cnbudget::pdf::Document::from_bytes(&bytes).map_or(0, |d| d.pages().len())
}

/// Findings of the whole pipeline on the file (0 when it cannot be read).
fn findings(path: &Path) -> usize {
    Disclosure::from_path(path).map_or(0, |d| d.audit().len())
}

type Way = (&'static str, fn(&Path) -> usize);

fn ways(with_pdftotext: bool) -> Vec<Way> {
    let mut v: Vec<Way> = Vec::new();
    if with_pdftotext {
        v.push(("pdftotext_layout", |p| pdftotext(p).unwrap_or(0)));
    }
    v.push(("cnbudget_pdf", geometry));
    v.push(("pdf_to_findings", findings));
    v
}

fn pass(docs: &[PathBuf], f: fn(&Path) -> usize) -> usize {
    docs.iter().map(|p| f(black_box(p))).sum()
}

/// CPU time used so far by this process and its waited-for children (user + system), from
/// `/proc/self/stat` (Linux; clock ticks of 1/100 s); `None` elsewhere.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (in parentheses, and it may hold spaces) start with
    // the state, field 3; utime, stime, cutime and cstime are fields 14 to 17.
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let fields: Vec<&str> = rest.split(' ').collect();
    let ticks: u64 = fields
        .get(11..15)?
        .iter()
        .map(|f| f.parse::<u64>().ok())
        .sum::<Option<u64>>()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Median, lowest and highest of `v`.
fn spread(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[0], v[v.len() - 1])
}

/// Rounds of every way in turn, the order rotating each round; prints each round's wall and
/// CPU times and the rates against `pdftotext -layout` (the first way), then their median
/// and range. CPU time (the process's own, and pdftotext's as a waited-for child) moves less
/// than wall time when other work shares the cores.
fn interleaved(docs: &[PathBuf], ways: &[Way], rounds: usize) {
    let n = docs.len() as f64;
    // Warm the page cache and the lazily built tables once.
    for (_, f) in ways {
        pass(docs, *f);
    }
    let mut wall: Vec<Vec<f64>> = vec![Vec::new(); ways.len()];
    let mut cpu: Vec<Vec<f64>> = vec![Vec::new(); ways.len()];
    for r in 0..rounds {
        let mut line = format!("round {}:", r + 1);
        for k in 0..ways.len() {
            let w = (k + r) % ways.len();
            let (name, f) = ways[w];
            let (c0, t) = (cpu_time(), Instant::now());
            black_box(pass(docs, f));
            let d = t.elapsed().as_secs_f64();
            let c = cpu_time()
                .zip(c0)
                .map_or(f64::NAN, |(b, a)| (b - a).as_secs_f64());
            wall[w].push(d);
            cpu[w].push(c);
            line.push_str(&format!(" {name} {d:.3} s ({c:.2} s CPU);"));
        }
        println!("{line}");
    }
    for (w, (name, _)) in ways.iter().enumerate() {
        let (m, lo, hi) = spread(wall[w].iter().map(|d| n / d).collect());
        let (cm, clo, chi) = spread(cpu[w].iter().map(|d| n / d).collect());
        println!(
            "{name}: {m:.1} documents/s (range {lo:.1}–{hi:.1}); \
             per CPU second {cm:.1} (range {clo:.1}–{chi:.1})"
        );
        if w > 0 && ways[0].0 == "pdftotext_layout" {
            let ratio =
                |t: &[Vec<f64>]| spread(t[0].iter().zip(&t[w]).map(|(a, b)| a / b).collect());
            let (m, lo, hi) = ratio(&wall);
            let (cm, clo, chi) = ratio(&cpu);
            println!(
                "  {name} / pdftotext_layout: {m:.2}× wall (range {lo:.2}–{hi:.2}× over the \
                 rounds), {cm:.2}× CPU (range {clo:.2}–{chi:.2}×)"
            );
        }
    }
}

fn main() {
    let docs = documents();
    let with_pdftotext = pdftotext(&docs[0]).is_some();
    if !with_pdftotext {
        eprintln!("pdf bench: pdftotext not found, its row is left out");
    }
    let ways = ways(with_pdftotext);
    let pages: usize = pass(&docs, geometry);
    let bytes: u64 = docs
        .iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .sum();
    eprintln!(
        "pdf bench: {} PDFs, {pages} pages, {bytes} bytes",
        docs.len()
    );

    if let Some(rounds) = std::env::var("CNBUDGET_BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse::<usize>().ok())
    {
        interleaved(&docs, &ways, rounds.max(1));
        return;
    }

    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("pdf");
    group.throughput(Throughput::Elements(docs.len() as u64));
    group.sample_size(10);
    for (name, f) in &ways {
        group.bench_function(*name, |b| b.iter(|| pass(&docs, *f)));
    }
    group.finish();
    c.final_summary();
}
