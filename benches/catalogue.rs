//! Benchmarks for the classification catalogues: `get` by code and `resolve` with a name.
//!
//! `cargo bench --bench catalogue -- --warm-up-time 1 --measurement-time 3`
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::hint::black_box;

use cnbudget::economic::{self, EconomicCode};
use cnbudget::functional::{Catalogue, FunctionCode};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let cat = Catalogue::embedded();
    let codes: Vec<FunctionCode> = Catalogue::embedded_entries()
        .iter()
        .map(|e| e.code)
        .collect();
    let mut g = c.benchmark_group("catalogue");
    g.throughput(Throughput::Elements(1));
    let code = FunctionCode::new(2101506).unwrap();
    g.bench_function("functional_get", |b| {
        b.iter(|| cat.get(black_box(code), black_box(2024)))
    });
    let mut i = 0usize;
    g.bench_function("functional_get_rotating", |b| {
        b.iter(|| {
            i = (i + 1) % codes.len();
            cat.get(black_box(codes[i]), black_box(2024))
        })
    });
    g.bench_function("functional_resolve_exact", |b| {
        b.iter(|| {
            cat.resolve(
                black_box(code),
                black_box("医疗保障经办事务"),
                black_box(2024),
            )
            .is_match()
        })
    });
    let lei = FunctionCode::new(221).unwrap();
    g.bench_function("functional_resolve_variant", |b| {
        b.iter(|| {
            cat.resolve(black_box(lei), black_box("住房保障"), black_box(2024))
                .is_match()
        })
    });
    g.bench_function("functional_resolve_mismatch", |b| {
        b.iter(|| {
            cat.resolve(black_box(code), black_box("行政运行"), black_box(2024))
                .is_match()
        })
    });
    g.bench_function("functional_parse_split_code", |b| {
        b.iter(|| FunctionCode::parse(black_box("210 15 06")))
    });
    let ecat = economic::Catalogue::embedded();
    let ecode = EconomicCode::new(30239).unwrap();
    g.bench_function("economic_get", |b| {
        b.iter(|| ecat.get(black_box(ecode), black_box(2024)))
    });
    g.bench_function("economic_resolve_exact", |b| {
        b.iter(|| {
            ecat.resolve(black_box(ecode), black_box("其他交通费用"), black_box(2024))
                .is_match()
        })
    });
    g.bench_function("economic_government_for", |b| {
        b.iter(|| ecat.government_for(black_box(ecode), economic::UnitType::Agency))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
