//! The whole pipeline, bytes to findings: prepare, parse tables, read prose, audit.
//!
//! Input: the concatenated `.txt` documents of `../shared/seeds` and `../shared/corpus`
//! (`CNBUDGET_SHARED` overrides the location); without them, the embedded sample.
//!
//! ```text
//! cargo bench --bench pipeline
//! ```

use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use cnbudget::Disclosure;

fn documents() -> Vec<Vec<u8>> {
    let shared = std::env::var_os("CNBUDGET_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared")));
    let mut docs = Vec::new();
    for sub in ["seeds", "corpus"] {
        let Ok(dir) = std::fs::read_dir(shared.join(sub)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = dir
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        for p in paths {
            if let Ok(bytes) = std::fs::read(&p) {
                docs.push(bytes);
            }
        }
    }
    if docs.is_empty() {
        eprintln!("pipeline bench: shared documents not found, using the embedded sample");
        docs.push(cnbudget::SAMPLE.as_bytes().to_vec());
    }
    docs
}

fn bench(c: &mut Criterion) {
    let docs = documents();
    let bytes: usize = docs.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("bytes_to_findings", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for doc in &docs {
                let d = Disclosure::from_bytes(doc);
                n += d.audit().len();
            }
            n
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
