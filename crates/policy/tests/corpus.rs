//! The corpus contract: every valid sample draws no error and no warning; every defect sample
//! under `corpus/invalid/` draws exactly the diagnostics its `<!-- expect: code@line ... -->`
//! header names; every rule has a failing and a passing fixture; and the rendered diagnostics
//! of every defect sample are snapshot-tested.
//!
//! A sample may set options in header comments: `<!-- max-diagnostics: N -->`,
//! `<!-- limits: max-depth=N -->`.

use std::path::{Path, PathBuf};

use policy::{lint, Catalog, Config, Diagnostic, LineIndex, Severity};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

fn xml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("corpus folder") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "xml" || x == "json") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A header of a fixture: `<!-- key: value -->` in XML, `"//": "key: value"` in JSON.
fn header<'t>(text: &'t str, key: &str) -> Option<&'t str> {
    if let Some(at) = text.find(&format!("<!-- {key}: ")) {
        let start = at + key.len() + 7;
        let end = start + text.get(start..)?.find(" -->")?;
        return text.get(start..end);
    }
    let start = text.find(&format!("\"//\": \"{key}: "))? + key.len() + 8;
    let end = start + text.get(start..)?.find('"')?;
    text.get(start..end)
}

fn config_for(text: &str) -> Config {
    let mut config = Config::default();
    if let Some(n) = header(text, "max-diagnostics") {
        config.max_diagnostics = n.trim().parse().expect("a number");
    }
    if let Some(l) = header(text, "limits") {
        let (k, v) = l.trim().split_once('=').expect("key=value");
        assert_eq!(k, "max-depth");
        config.limits.max_depth = v.parse().expect("a number");
    }
    if let Some(b) = header(text, "target-build") {
        config.target_build = Some(csp::Build::parse(b).expect("a build"));
    }
    if let Some(e) = header(text, "target-edition") {
        for name in e.split(',') {
            let t = csp::editions::product_type(name).expect("an edition");
            config.target_editions.push((name.trim().to_string(), t));
        }
    }
    config
}

fn run(path: &Path) -> (String, Vec<Diagnostic>) {
    let bytes = std::fs::read(path).expect("readable");
    let text = String::from_utf8(bytes.clone()).expect("UTF-8 samples");
    let config = config_for(&text);
    let catalog = Catalog::builtin();
    // an Intune export or a WCD file is read as one; anything else as SyncML
    let diags = policy::lint_other_input(&bytes, &catalog, &config)
        .map_or_else(|| lint(&bytes, &catalog, &config), |l| l.diagnostics);
    (text, diags)
}

fn line_of(text: &str, offset: usize) -> usize {
    LineIndex::new(text).line_col(text, offset).line
}

/// A compact rendering: the code, severity and message, the source line with carets under
/// the span, labels and help.
fn render(text: &str, diags: &[Diagnostic]) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for d in diags {
        let start = index.line_col(text, d.span.start);
        let end = index.line_col(text, d.span.end);
        out.push_str(&format!(
            "{}[{}] {}:{}: {}\n",
            d.severity, d.code, start.line, start.column, d.message
        ));
        let line = text.lines().nth(start.line - 1).unwrap_or("");
        let width = if end.line == start.line {
            (end.column - start.column).max(1)
        } else {
            1
        };
        let from = start.column.saturating_sub(1);
        // show at most 60 characters around the span
        let skip = from.saturating_sub(30);
        let shown: String = line.chars().skip(skip).take(width + 60).collect();
        out.push_str(&format!(
            "  | {shown}\n  | {}{}\n",
            " ".repeat(from - skip),
            "^".repeat(width)
        ));
        for l in &d.labels {
            out.push_str(&format!(
                "  = label {}: {}\n",
                line_of(text, l.span.start),
                l.message
            ));
        }
        if let Some(h) = &d.help {
            out.push_str(&format!("  = help: {h}\n"));
        }
    }
    out
}

#[test]
fn valid_samples_draw_no_error_or_warning() {
    let files = xml_files(&corpus().join("valid"));
    assert!(files.len() >= 40, "the valid corpus is there");
    for path in files {
        let (text, diags) = run(&path);
        let bad: Vec<_> = diags
            .iter()
            .filter(|d| d.severity != Severity::Info)
            .collect();
        assert!(
            bad.is_empty(),
            "{}:\n{}",
            path.display(),
            render(&text, &diags)
        );
    }
}

#[test]
fn defect_samples_draw_exactly_their_expected_diagnostics() {
    let files = xml_files(&corpus().join("invalid"));
    assert!(files.len() >= 40);
    for path in files {
        let (text, diags) = run(&path);
        let expect = header(&text, "expect")
            .unwrap_or_else(|| panic!("{} names its expected diagnostics", path.display()));
        let mut expected: Vec<String> = expect.split_whitespace().map(str::to_string).collect();
        let mut got: Vec<String> = diags
            .iter()
            .map(|d| format!("{}@{}", d.code, line_of(&text, d.span.start)))
            .collect();
        expected.sort();
        got.sort();
        assert_eq!(
            got,
            expected,
            "{}:\n{}",
            path.display(),
            render(&text, &diags)
        );
        // `invalid/CODE.xml`, or more cases of a rule in `invalid/CODE/NAME.xml`
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let parent = path
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|s| s.to_str())
            .unwrap_or("");
        let (code, name) = if parent == "invalid" {
            (stem, stem.to_string())
        } else {
            (parent, format!("{parent}__{stem}"))
        };
        assert!(
            expected.iter().any(|e| e.starts_with(&format!("{code}@"))),
            "{} expects its own rule",
            path.display()
        );
        insta::assert_snapshot!(format!("invalid__{name}"), render(&text, &diags));
    }
}

#[test]
fn every_rule_has_a_failing_and_a_passing_fixture() {
    for rule in policy::RULES {
        if rule.code == "admx-missing-adml" {
            // an on-disk condition: fixtures are folders under corpus/admx/ (tested below)
            continue;
        }
        // an XML fixture, or a JSON one for the rules of Intune exports
        let fixture = |dir: &str| {
            let xml = corpus().join(dir).join(format!("{}.xml", rule.code));
            if xml.is_file() {
                xml
            } else {
                corpus().join(dir).join(format!("{}.json", rule.code))
            }
        };
        let (fail, pass) = (fixture("invalid"), fixture("valid/rules"));
        assert!(fail.is_file(), "no failing fixture {}", fail.display());
        assert!(pass.is_file(), "no passing fixture {}", pass.display());
        let (_, diags) = run(&pass);
        assert!(
            diags.iter().all(|d| d.code != rule.code),
            "{} draws {}",
            pass.display(),
            rule.code
        );
    }
}

#[test]
fn missing_adml_fixtures() {
    let load =
        |dir: &str| admx::fs::load_dir(&corpus().join("admx").join(dir), "en-US").expect("folder");
    let missing = load("missing-adml");
    let f = missing[0].as_ref().expect("loads");
    assert_eq!(
        f.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
        ["admx-missing-adml"]
    );
    let with = load("with-adml");
    let f = with[0].as_ref().expect("loads");
    assert!(
        f.diagnostics.is_empty() && f.adml_diagnostics.is_empty(),
        "{:?}",
        f.diagnostics
    );
}

#[test]
fn rule_docs_have_the_fixed_sections() {
    for rule in policy::RULES {
        let doc = rule.doc();
        for section in [
            "## What it checks",
            "## Why it matters",
            "## Example",
            "## Fix",
        ] {
            assert!(doc.contains(section), "{} lacks {section}", rule.code);
        }
        // the summary (`syncml-lint rules`) is the doc's first line: a whole sentence
        let summary = rule.summary();
        assert!(summary.ends_with('.'), "{}: `{summary}` is cut", rule.code);
        // a rule with a fix says so in its documentation
        assert_eq!(
            rule.fix().is_some(),
            doc.contains("`--fix"),
            "{}",
            rule.code
        );
    }
}

/// A policy of an ingested area is checked against the ingested file wherever the
/// `ADMXInstall` command stands in the message: here after the command that sets the policy.
#[test]
fn ingestion_applies_to_items_before_it() {
    let text = std::fs::read_to_string(corpus().join("invalid/invalid-boolean.xml")).unwrap();
    let add = text.find("  <Add>").unwrap();
    let replace = text.find("  <Replace>").unwrap();
    let end = text.find("</Replace>").unwrap() + "</Replace>\n".len();
    let reordered = format!(
        "{}{}{}{}",
        &text[..add],
        &text[replace..end],
        &text[add..replace],
        &text[end..]
    );
    let codes = |t: &str| -> Vec<&'static str> {
        lint(t.as_bytes(), &Catalog::builtin(), &Config::default())
            .iter()
            .map(|d| d.code)
            .collect()
    };
    assert_eq!(codes(&text), vec!["invalid-boolean"]);
    assert_eq!(codes(&reordered), vec!["invalid-boolean"]);
}

#[test]
fn nested_commands_are_checked_inside_their_outermost_atomic_only() {
    let get = |id: u32| {
        format!("<Get><CmdID>{id}</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/SessionLogging</LocURI></Target></Item></Get>")
    };
    let text = format!(
        "<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncBody><Atomic><CmdID>1</CmdID><Sequence><CmdID>2</CmdID>\
         <Atomic><CmdID>3</CmdID>{}</Atomic></Sequence>{}</Atomic>{}<Sequence><CmdID>7</CmdID>{}</Sequence>\
         <Final/></SyncBody></SyncML>",
        get(4),
        get(5),
        get(6),
        get(8)
    );
    let diags = lint(text.as_bytes(), &Catalog::builtin(), &Config::default());
    let found: Vec<(&str, usize, Vec<usize>)> = diags
        .iter()
        .map(|d| {
            (
                d.code,
                d.span.start,
                d.labels.iter().map(|l| l.span.start).collect(),
            )
        })
        .collect();
    let outer = text.find("<Atomic>").unwrap();
    let inner = text.rfind("<Atomic>").unwrap();
    let get_at = |id: u32| text.find(&format!("<Get><CmdID>{id}<")).unwrap();
    assert_eq!(
        found,
        vec![
            ("nested-atomic", inner, vec![outer]),
            ("nested-atomic", get_at(4), vec![outer]),
            ("nested-atomic", get_at(5), vec![outer]),
        ]
    );
}

/// `lint` checks commands while the file is parsed and drops them; `validate` checks a message
/// parsed whole. Both must say the same of every sample, valid, defective or hostile.
#[test]
fn checking_while_parsing_says_what_checking_the_parsed_message_says() {
    let mut files = xml_files(&corpus());
    files.retain(|p| !p.components().any(|c| c.as_os_str() == "admx"));
    // the parser's fuzz seeds, whatever their names
    let seeds = corpus().join("fuzz/parse_syncml");
    files.extend(
        std::fs::read_dir(seeds)
            .expect("seeds")
            .map(|e| e.expect("entry").path()),
    );
    let r = "<Replace><CmdID>2</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/SessionLogging</LocURI></Target><Data>&lt;enabled/&gt;</Data></Item></Replace>";
    let ingest =
        std::fs::read_to_string(corpus().join("invalid/invalid-boolean.xml")).expect("sample");
    // shapes whose body is found while parsing: each must read as `Message::new` reads it
    let shapes = [
        format!("{r}<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncBody>{r}</SyncBody></SyncML>{r}"),
        format!("<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncBody>{r}<Final/></SyncBody><SyncBody>{r}</SyncBody></SyncML>{r}"),
        format!("<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncHdr><SyncBody>{r}</SyncBody></SyncHdr><SyncBody>{r}<Foo/>{r}</SyncBody></SyncML>"),
        format!("<?xml version=\"1.0\"?><!-- c --><Foo>{r}</Foo>{r}"),
        format!("<!-- c -->{r}<Foo>{r}</Foo>{r}<Final/><Replace/>"),
        format!("<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncBody> {r} text {r} <![CDATA[x]]> {r}<Final/> </SyncBody></SyncML>"),
        format!("<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncBody>\n  {r}\n  {r}\n  x</SyncBody></SyncML>"),
        format!("<Atomic><CmdID>1</CmdID>{r}<Get><CmdID>3</CmdID></Get></Atomic>{r}<Replace/>"),
        "<SyncML><SyncBody/></SyncML>".to_string(),
        ingest.replacen("<Final/>", &format!("{r}<Final/>"), 1),
    ];
    let mut compared = 0;
    let inline = shapes
        .iter()
        .map(|s| (PathBuf::from(s.clone()), s.clone().into_bytes()));
    let on_disk = files.into_iter().map(|p| {
        let bytes = std::fs::read(&p).expect("readable");
        (p, bytes)
    });
    for (path, bytes) in inline.chain(on_disk) {
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let config = config_for(text);
        let Ok(doc) = syncml::parse_with(text, &config.limits) else {
            continue;
        };
        if doc.elements().next().is_none() {
            continue;
        }
        let message = syncml::Message::new(&doc, text);
        let whole = policy::validate(&message, &Catalog::builtin(), &config);
        let streamed = lint(&bytes, &Catalog::builtin(), &config);
        if streamed.iter().any(|d| d.code == "xml-syntax") {
            // a problem of the bytes (a declared encoding that contradicts them), which a
            // parsed message no longer shows
            continue;
        }
        assert_eq!(streamed, whole, "{}", path.display());
        compared += 1;
    }
    assert!(compared > 100, "only {compared} samples compared");
}
