//! Validation per command (the whole pipeline on a 2,000-command message) and the cost of
//! building the built-in catalog, which every run pays at start-up.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use policy::{lint, Catalog, Config};

fn validate(c: &mut Criterion) {
    let commands = 2_000;
    let text = bench::message(commands);
    let catalog = Catalog::builtin();
    let config = Config::default();
    let mut group = c.benchmark_group("validate");
    group.throughput(Throughput::Elements(commands as u64));
    group.bench_function("lint-per-command", |b| {
        b.iter(|| lint(text.as_bytes(), &catalog, &config).len())
    });
    group.finish();
    c.bench_function("catalog/builtin", |b| {
        b.iter(|| Catalog::builtin().stems().count())
    });
}

criterion_group!(benches, validate);
criterion_main!(benches);
