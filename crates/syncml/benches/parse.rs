//! Parser throughput on small (2 KB), medium (1 MB) and large (50 MB, 100,000 commands)
//! messages, next to quick-xml's raw event loop over the same bytes; and payload parsing, with
//! the one-pass reader next to the generic grammar.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use syncml::{DataText, Message, Payload};

fn parse(c: &mut Criterion) {
    let inputs = [
        ("small-2KB", bench::message(4)),
        ("medium-1MB", bench::message_of_size(1 << 20)),
        ("large-50MB", bench::message(100_000)),
    ];
    let mut group = c.benchmark_group("parse");
    for (name, text) in &inputs {
        group.throughput(Throughput::Bytes(text.len() as u64));
        if text.len() > 10 << 20 {
            group.sample_size(10);
        }
        group.bench_with_input(
            BenchmarkId::new("quick-xml-raw-events", name),
            text,
            |b, t| b.iter(|| bench::quick_xml_events(t.as_bytes())),
        );
        group.bench_with_input(BenchmarkId::new("syncml-parse", name), text, |b, t| {
            b.iter(|| syncml::parse(t).map(|d| d.node_count()))
        });
        group.bench_with_input(
            BenchmarkId::new("syncml-parse-and-ast", name),
            text,
            |b, t| {
                b.iter(|| {
                    let doc = syncml::parse(t).expect("valid");
                    Message::new(&doc, t).commands().count()
                })
            },
        );
    }
    group.finish();
}

fn payload(c: &mut Criterion) {
    let text = bench::message(4);
    let doc = syncml::parse(&text).expect("valid");
    let message = Message::new(&doc, &text);
    let datas: Vec<_> = message
        .commands()
        .flat_map(|c| c.items.iter().filter_map(|i| i.data).collect::<Vec<_>>())
        .collect();
    let mut group = c.benchmark_group("payload");
    group.throughput(Throughput::Elements(datas.len() as u64));
    group.bench_function("decode-and-parse", |b| {
        b.iter(|| {
            datas
                .iter()
                .map(|d| {
                    let dt = DataText::of(*d, &text).expect("decodes");
                    Payload::parse(&dt.text, &syncml::Limits::default())
                        .map(|p| p.items().len())
                        .unwrap_or(0)
                })
                .sum::<usize>()
        })
    });
    // the one-pass reader against the generic grammar it falls back to, on the same texts
    let texts: Vec<String> = datas
        .iter()
        .map(|d| DataText::of(*d, &text).expect("decodes").text.into_owned())
        .collect();
    let limits = syncml::Limits::default();
    let mut buffers = syncml::payload::Buffers::default();
    group.bench_function("read", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| {
                    Payload::parse(t, &limits)
                        .map(|p| p.items().len())
                        .unwrap_or(0)
                })
                .sum::<usize>()
        })
    });
    group.bench_function("generic-grammar", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| {
                    Payload::parse_generic(t, &limits, &mut buffers)
                        .map(|p| p.items().len())
                        .unwrap_or(0)
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, parse, payload);
criterion_main!(benches);
