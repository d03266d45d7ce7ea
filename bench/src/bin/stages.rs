//! Times each stage of a check on one file, on one thread: read, decode, parse, typed view (the
//! message's frame; commands are read as validation reaches them), validation; then `lint`,
//! which the command line runs: the same checks, each command checked as soon as it is parsed. A tool for profiling work: `cargo run --release -p syncml-lint-bench --bin
//! stages -- FILE [RUNS]`.

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: stages FILE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let catalog = policy::Catalog::builtin();
    let config = policy::Config::default();
    for _ in 0..runs {
        let t = Instant::now();
        let bytes = std::fs::read(&path).unwrap_or_default();
        let read = t.elapsed();
        let t = Instant::now();
        let Ok(source) = diagnostics::Source::decode(&bytes) else {
            eprintln!("cannot decode {path}");
            std::process::exit(1);
        };
        let decode = t.elapsed();
        let t = Instant::now();
        let doc = match syncml::parse_with(&source.text, &config.limits) {
            Ok(doc) => doc,
            Err(d) => {
                eprintln!("{}", d.message);
                std::process::exit(1);
            }
        };
        let parse = t.elapsed();
        let t = Instant::now();
        let message = syncml::Message::new(&doc, &source.text);
        let view = t.elapsed();
        if std::env::var_os("STAGES_COUNTS").is_some() {
            eprintln!(
                "nodes {} commands {}",
                doc.node_count(),
                message.commands().map(|c| c.walk().count()).sum::<usize>()
            );
        }
        let t = Instant::now();
        let diags = policy::validate(&message, &catalog, &config);
        let validate = t.elapsed();
        if std::env::var_os("STAGES_AGAIN").is_some() {
            let t = Instant::now();
            let again = policy::validate(&message, &catalog, &config);
            eprintln!(
                "validate again {:.1?} ({} diagnostics)",
                t.elapsed(),
                again.len()
            );
        }
        let t = Instant::now();
        drop(message);
        drop(doc);
        let drop_time = t.elapsed();
        // what the command line runs: the checks while the file is parsed
        let t = Instant::now();
        let linted = policy::lint(&bytes, &catalog, &config);
        let lint = t.elapsed();
        let mb = bytes.len() as f64 / 1e6;
        println!(
            "read {:>6.1?}  decode {:>6.1?}  parse {:>6.1?} ({:.0} MB/s)  view {:>6.1?}  validate {:>6.1?}  drop {:>6.1?}  ({} diagnostics) | lint {:>6.1?} ({} diagnostics)",
            read,
            decode,
            parse,
            mb / parse.as_secs_f64(),
            view,
            validate,
            drop_time,
            diags.len(),
            lint,
            linted.len()
        );
    }
}
