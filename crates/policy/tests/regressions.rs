//! Replays `corpus/regressions/` and the fuzz seeds of `corpus/fuzz/` through the checks of the
//! fuzz targets, on stable Rust: no panic, spans inside the input and on char boundaries of the
//! decoded text, `lint` agreeing with `validate`, and a fixed point for the encoder. A crash found by fuzzing becomes a file here.

use std::path::Path;

use policy::{lint, Catalog, Config};

fn check(name: &str, bytes: &[u8], catalog: &Catalog) {
    let linted = lint(bytes, catalog, &Config::default());
    for d in &linted {
        for s in std::iter::once(d.span).chain(d.labels.iter().map(|l| l.span)) {
            assert!(s.start <= s.end && s.end <= bytes.len(), "{name}: {d:?}");
        }
    }
    let ddf = csp::ddf::load(bytes);
    assert!(
        ddf.diagnostics.iter().all(|d| d.span.end <= bytes.len()),
        "{name}"
    );
    let table = csp::table::write(&ddf.nodes);
    let back = csp::table::read(&table).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(csp::table::write(&back), table, "{name}");
    let admx = admx::parse_admx(bytes);
    assert!(
        admx.diagnostics.iter().all(|d| d.span.end <= bytes.len()),
        "{name}"
    );
    let Ok(source) = diagnostics::Source::decode(bytes) else {
        return;
    };
    let Ok(doc) = syncml::parse(&source.text) else {
        return;
    };
    // checking while parsing says what checking the parsed message says
    // (unless `lint` stopped at an encoding the declaration names, before any element)
    if source.is_identity()
        && doc.elements().next().is_some()
        && policy::declared_encoding_refusal(bytes).is_none()
    {
        let message = syncml::Message::new(&doc, &source.text);
        let whole = policy::validate(&message, catalog, &Config::default());
        assert_eq!(linted, whole, "{name}");
    }
    let once = syncml::encode(&doc.to_tree());
    let again = syncml::parse(&once)
        .unwrap_or_else(|d| panic!("{name}: encoder output does not parse: {d:?}"));
    assert_eq!(
        syncml::encode(&again.to_tree()),
        once,
        "{name}: not a fixed point"
    );
}

#[test]
fn regressions_and_fuzz_seeds_replay_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let catalog = Catalog::builtin();
    let mut n = 0;
    let mut dirs = vec![root.join("regressions"), root.join("fuzz")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_none_or(|e| e != "md") {
                check(
                    &path.display().to_string(),
                    &std::fs::read(&path).expect("readable"),
                    &catalog,
                );
                n += 1;
            }
        }
    }
    assert!(n >= 15, "{n} inputs replayed");
}

/// Every seed of `corpus/fuzz/TARGET/` goes through the body of TARGET, decoded as libFuzzer
/// decodes it (structure-aware targets through `arbitrary::Unstructured`), and every file of
/// `corpus/regressions/` through the body of every target: a saved crash reproduces in
/// `cargo test`.
#[test]
fn seeds_and_regressions_replay_through_the_fuzz_targets() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut n = 0;
    for (target, run) in fuzzing::TARGETS {
        let dir = root.join("fuzz").join(target);
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("entry").path();
            run(&std::fs::read(&path).expect("readable"));
            n += 1;
        }
        for entry in std::fs::read_dir(root.join("regressions")).expect("folder") {
            let path = entry.expect("entry").path();
            if path.extension().is_none_or(|e| e != "md") {
                run(&std::fs::read(&path).expect("readable"));
                n += 1;
            }
        }
    }
    assert!(n >= 30, "{n} inputs replayed");
}
