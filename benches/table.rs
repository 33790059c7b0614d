//! Throughput of `cnbudget_table::parse` over the concatenated seed documents,
//! and, in the same run, the csv crate splitting the same bytes as TSV; then
//! `parse` over the concatenated `pdftotext -layout` corpus; then `parse` over
//! the corpus's space-aligned tables alone, each table's lines (the line spans of
//! the `SpaceAligned` tables `parse` finds) parsed as a document of their own.
//!
//! ```text
//! cargo bench --bench table -- --warm-up-time 1 --measurement-time 3
//! ```
//! Reads `$CNBUDGET_SHARED/seeds` (or `../shared/seeds`); falls back to the
//! embedded sample when the folder is absent.

use std::hint::black_box;
use std::path::PathBuf;

use cnbudget_table::Layout;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn input(folder: &str) -> String {
    let dir = std::env::var_os("CNBUDGET_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared")))
        .join(folder);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    let mut text = String::new();
    for p in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
    {
        if let Ok(bytes) = std::fs::read(p) {
            text.push_str(&cnbudget_text::prepare(&bytes).text);
            text.push('\n');
        }
    }
    if text.is_empty() {
        eprintln!(
            "no seeds at {}: benchmarking the embedded sample",
            dir.display()
        );
        text = cnbudget_table::SAMPLE.to_string();
    }
    text
}

fn bench(c: &mut Criterion) {
    let text = input("seeds");
    let mut g = c.benchmark_group("table");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("parse_seeds", |b| {
        b.iter(|| black_box(cnbudget_table::parse(black_box(&text))))
    });
    g.bench_function("csv_tsv_split_seeds", |b| {
        b.iter(|| {
            let mut rdr = csv::ReaderBuilder::new()
                .delimiter(b'\t')
                .flexible(true)
                .has_headers(false)
                .from_reader(black_box(text.as_bytes()));
            let mut rec = csv::ByteRecord::new();
            let mut fields = 0usize;
            while rdr.read_byte_record(&mut rec).unwrap_or(false) {
                fields += rec.len();
            }
            black_box(fields)
        })
    });
    g.finish();

    let corpus = input("corpus");
    let mut g = c.benchmark_group("table_corpus");
    g.throughput(Throughput::Bytes(corpus.len() as u64));
    g.bench_function("parse_corpus", |b| {
        b.iter(|| black_box(cnbudget_table::parse(black_box(&corpus))))
    });
    g.finish();

    // The space-aligned tables of the corpus, each cut once outside the timed loop.
    let doc = cnbudget_table::parse(&corpus);
    let all: Vec<&str> = corpus.split('\n').collect();
    let regions: Vec<String> = doc
        .tables
        .iter()
        .filter(|t| t.layout == Layout::SpaceAligned)
        .map(|t| {
            let from = t.first_line.saturating_sub(1);
            let to = t.last_line.min(all.len());
            all.get(from..to).unwrap_or_default().join("\n")
        })
        .collect();
    let bytes: usize = regions.iter().map(|r| r.len() + 1).sum();
    eprintln!("{} space-aligned regions, {bytes} bytes", regions.len());
    let mut g = c.benchmark_group("table_layout");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("parse_corpus_layout_tables", |b| {
        b.iter(|| {
            for r in &regions {
                black_box(cnbudget_table::parse(black_box(r)));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
