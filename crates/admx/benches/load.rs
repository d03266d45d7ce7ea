//! Loading ADMX: the built-in definitions, and the whole `../shared/admx-samples` folder (or
//! `$SYNCML_LINT_ADMX_SAMPLES`) next to quick-xml's raw event loop over the same files (UTF-16
//! ones decoded first, as the loader does).

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn load(c: &mut Criterion) {
    c.bench_function("admx/builtin", |b| {
        b.iter(|| admx::builtin::definitions().len())
    });
    let dir = std::env::var_os("SYNCML_LINT_ADMX_SAMPLES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/admx-samples")
        });
    if !dir.is_dir() {
        eprintln!("SKIPPED admx/folder: no samples at {}", dir.display());
        return;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    if let Ok(lang) = std::fs::read_dir(dir.join("en-US")) {
        files.extend(lang.map(|e| e.unwrap().path()));
    }
    let bytes: Vec<Vec<u8>> = files
        .iter()
        .filter(|p| p.is_file())
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    let total: usize = bytes.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("admx/folder");
    group.throughput(Throughput::Bytes(total as u64));
    group.sample_size(20);
    // the baseline decodes UTF-16 files too: a raw loop over their bytes would stop at once
    group.bench_function("decode-and-quick-xml-raw-events", |b| {
        b.iter(|| {
            bytes
                .iter()
                .map(|f| {
                    diagnostics::Source::decode(f)
                        .map_or(0, |s| bench::quick_xml_events(s.text.as_bytes()))
                })
                .sum::<usize>()
        })
    });
    group.bench_function("load-dir-parallel", |b| {
        b.iter(|| admx::fs::load_dir(&dir, "en-US").unwrap().len())
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
