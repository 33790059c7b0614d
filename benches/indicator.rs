//! Cost of `cnbudget_indicator`: parsing target expressions (ns per expression, over a fixed
//! list of spellings taken from real tables) and reading whole performance tables (MB/s over
//! the committed seed fixtures).
//!
//! ```text
//! cargo bench --bench indicator -- --warm-up-time 1 --measurement-time 3
//! ```

use std::hint::black_box;

use cnbudget_indicator::{RawTable, Target, read_all};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// Target cells as printed in the seeds and corpus document 001.
const SPELLINGS: &[&str] = &[
    "≥37.3万人",
    "≥37.3萬人",
    "=100%",
    "≤2小时",
    "30万元",
    "≥13459.00(平方米)",
    "=100.00(%)",
    "≥5次",
    "$\\leq$",
    "定性优良中低差",
    "大于等于序时进度",
    "5月底前大于等于60%",
    "只减不增",
    "政府采购限价",
    "补贴对象生活改善度不低于 80%",
    "可控性100%",
    "≥185人",
    "≤345.19万元",
    "≥116000人次",
    "＝100",
];

const FIXTURES: &[&str] = &[
    include_str!("../crates/cnbudget-indicator/testdata/seed000.tsv"),
    include_str!("../crates/cnbudget-indicator/testdata/seed001.tsv"),
    include_str!("../crates/cnbudget-indicator/testdata/seed002.tsv"),
    include_str!("../crates/cnbudget-indicator/testdata/seed003.tsv"),
    include_str!("../crates/cnbudget-indicator/testdata/seed004.tsv"),
];

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("indicator");
    g.throughput(Throughput::Elements(SPELLINGS.len() as u64));
    g.bench_function("target_parse_20_spellings", |b| {
        b.iter(|| {
            for s in SPELLINGS {
                black_box(Target::parse(black_box(s)).ok());
            }
        })
    });
    let tables: Vec<RawTable<'static>> = FIXTURES
        .iter()
        .flat_map(|f| RawTable::many_from_tsv(f).expect("fixture"))
        .collect();
    let bytes: usize = FIXTURES.iter().map(|f| f.len()).sum();
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("read_goals_seed_fixtures", |b| {
        b.iter(|| black_box(read_all(black_box(&tables))))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
