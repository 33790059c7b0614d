//! Benchmarks of `cnbudget-text`: decode, normalise, mojibake detection, script detection,
//! convert (each backend), prepare.
//!
//! Input: every `.txt` in `shared/seeds` and `shared/corpus` concatenated (`CNBUDGET_SHARED`
//! or `../shared`), or, when absent, the embedded sample repeated to a similar size.
//!
//! ```text
//! cargo bench --bench text -- --warm-up-time 1 --measurement-time 3
//! cargo bench --bench text --features opencc -- --warm-up-time 1 --measurement-time 3
//! ```
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::hint::black_box;
use std::path::PathBuf;

use cnbudget::text::{self, OpenCcTables, ScriptConverter};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn shared_texts() -> Vec<(String, Vec<u8>)> {
    let dir = std::env::var_os("CNBUDGET_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared")));
    let mut out = Vec::new();
    for sub in ["seeds", "corpus"] {
        let Ok(rd) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "txt") {
                out.push((p.display().to_string(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// (all documents, traditional documents only) as UTF-8 bytes.
fn inputs() -> (Vec<u8>, Vec<u8>) {
    let docs = shared_texts();
    if docs.is_empty() {
        eprintln!("shared folder absent: benchmarking the embedded sample repeated");
        let all = text::SAMPLE_TRADITIONAL.repeat(40);
        return (all.clone(), all);
    }
    let mut all = Vec::new();
    let mut trad = Vec::new();
    for (_, b) in &docs {
        all.extend_from_slice(b);
        all.push(b'\n');
        let p = text::decode(b);
        if p.encoding == text::Encoding::Utf8
            && text::detect_script(&p.text).script == text::Script::Traditional
        {
            trad.extend_from_slice(b);
            trad.push(b'\n');
        }
    }
    (all, trad)
}

fn benches(c: &mut Criterion) {
    let (all, trad) = inputs();
    let docs: Vec<Vec<u8>> = shared_texts().into_iter().map(|(_, b)| b).collect();
    let docs_len: usize = docs.iter().map(Vec::len).sum();
    let all_text = String::from_utf8(all.clone()).expect("the development texts are UTF-8");
    let trad_text = String::from_utf8(trad.clone()).expect("UTF-8");
    eprintln!(
        "input: {} bytes (all documents), {} bytes (traditional documents)",
        all.len(),
        trad.len()
    );

    let mut g = c.benchmark_group("text");
    g.throughput(Throughput::Bytes(all.len() as u64));
    g.bench_function("decode_utf8", |b| b.iter(|| text::decode(black_box(&all))));
    g.bench_function("normalize", |b| {
        b.iter(|| text::normalize(black_box(&all_text)))
    });
    g.bench_function("convert_tables/all", |b| {
        b.iter(|| OpenCcTables.convert(black_box(&all_text)).len())
    });
    g.bench_function("find_mojibake", |b| {
        b.iter(|| text::find_mojibake(black_box(&all_text)).len())
    });
    g.bench_function("detect_script", |b| {
        b.iter(|| text::detect_script(black_box(&all_text)).spans.len())
    });
    g.bench_function("prepare/all", |b| {
        b.iter(|| text::prepare(black_box(&all)).text.len())
    });
    if docs_len > 0 {
        // One document at a time, as the facade calls it (most have no repair to make).
        g.throughput(Throughput::Bytes(docs_len as u64));
        g.bench_function("prepare/each", |b| {
            b.iter(|| {
                docs.iter()
                    .map(|d| text::prepare(black_box(d)).text.len())
                    .sum::<usize>()
            })
        });
        g.throughput(Throughput::Bytes(all.len() as u64));
    }
    #[cfg(feature = "opencc")]
    {
        let lib = text::OpenCcLibrary::t2s().expect("libopencc t2s.json");
        g.bench_function("convert_libopencc/all", |b| {
            b.iter(|| lib.convert(black_box(&all_text)).len())
        });
    }
    g.throughput(Throughput::Bytes(trad.len() as u64));
    g.bench_function("prepare/traditional", |b| {
        b.iter(|| text::prepare(black_box(&trad)).text.len())
    });
    g.bench_function("convert_tables/traditional", |b| {
        b.iter(|| OpenCcTables.convert(black_box(&trad_text)).len())
    });
    #[cfg(feature = "opencc")]
    {
        let lib = text::OpenCcLibrary::t2s().expect("libopencc t2s.json");
        g.bench_function("convert_libopencc/traditional", |b| {
            b.iter(|| lib.convert(black_box(&trad_text)).len())
        });
    }
    g.finish();
}

criterion_group!(text_benches, benches);
criterion_main!(text_benches);
