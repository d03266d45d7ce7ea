//! The W3C XML Conformance Test Suite (`../shared/xmlconf/xmlts20130923.zip`, read from the
//! zip): every `not-wf` test must draw `xml-syntax`, `xml-dtd` or `limit-exceeded`; no
//! `valid` or `invalid` test may draw `xml-syntax`. Tests whose verdict depends on an external
//! DTD or entity, XML 1.1 tests, editions before the fifth, optional errors, and documents of
//! several top-level elements (legal here: profile fragments) are set aside by rule. The
//! disagreements left are listed, each with its reason, in `corpus/xmlconf-known.txt`: the
//! test fails on a disagreement the list lacks (a regression) and on a listed one that now
//! agrees (the list is kept exact). It prints the table of counts by category.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use admx::load::{walk, Doctype, Ev};
use policy::{lint, Catalog, Config};

fn skipped(why: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED: {why}");
}

/// The sub-catalogs of the suite's `xmlconf.xml`; test URIs are relative to their folder.
const CATALOGS: &[&str] = &[
    "xmlconf/xmltest/xmltest.xml",
    "xmlconf/japanese/japanese.xml",
    "xmlconf/sun/sun-valid.xml",
    "xmlconf/sun/sun-invalid.xml",
    "xmlconf/sun/sun-not-wf.xml",
    "xmlconf/sun/sun-error.xml",
    "xmlconf/oasis/oasis.xml",
    "xmlconf/ibm/ibm_oasis_invalid.xml",
    "xmlconf/ibm/ibm_oasis_not-wf.xml",
    "xmlconf/ibm/ibm_oasis_valid.xml",
    "xmlconf/eduni/errata-2e/errata2e.xml",
    "xmlconf/eduni/namespaces/1.0/rmt-ns10.xml",
    "xmlconf/eduni/errata-3e/errata3e.xml",
    "xmlconf/eduni/namespaces/errata-1e/errata1e.xml",
    "xmlconf/eduni/errata-4e/errata4e.xml",
    "xmlconf/eduni/misc/ht-bh.xml",
];

struct Test {
    id: String,
    kind: String,
    file: String,
    entities: String,
    version: String,
    edition: String,
    namespace: String,
}

fn tests_of(catalog: &str, bytes: &[u8]) -> Vec<Test> {
    let dir = catalog.rsplit_once('/').map_or("", |(d, _)| d);
    let mut out = Vec::new();
    let _ = walk(bytes, "xml-syntax", Doctype::Skip, |ev, _| {
        if let Ev::Open(t) = ev {
            if t.local == "TEST" {
                let get = |k: &str| t.get(k).unwrap_or("").to_string();
                out.push(Test {
                    id: get("ID"),
                    kind: get("TYPE"),
                    file: format!("{dir}/{}", get("URI")),
                    entities: get("ENTITIES"),
                    version: get("VERSION"),
                    edition: get("EDITION"),
                    namespace: get("NAMESPACE"),
                });
            }
        }
    });
    out
}

/// Why a test is set aside by rule, if it is.
fn set_aside(t: &Test) -> Option<&'static str> {
    if t.version.contains("1.1") {
        return Some("XML 1.1");
    }
    if !t.edition.is_empty() && !t.edition.split_whitespace().any(|e| e == "5") {
        return Some("an edition before the fifth");
    }
    if t.kind == "error" {
        return Some("an optional error");
    }
    if !t.entities.is_empty() && t.entities != "none" {
        return Some("external entities decide it");
    }
    if t.namespace == "no" {
        return Some("well-formed without namespaces only");
    }
    None
}

fn several_top_level_elements(bytes: &[u8]) -> bool {
    let Ok(source) = diagnostics::Source::decode(bytes) else {
        return false;
    };
    syncml::parse(&source.text).is_ok_and(|doc| doc.elements().count() != 1)
}

#[test]
fn w3c_xml_conformance_suite() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let zip_path = root.join("../shared/xmlconf/xmlts20130923.zip");
    let Ok(file) = std::fs::File::open(&zip_path) else {
        skipped(format_args!(
            "{} is absent: the XML conformance suite does not run on this machine",
            zip_path.display()
        ));
        return;
    };
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut read = |name: &str| -> Option<Vec<u8>> {
        let mut f = zip.by_name(name).ok()?;
        let mut v = Vec::new();
        f.read_to_end(&mut v).ok()?;
        Some(v)
    };
    let known_text =
        std::fs::read_to_string(root.join("corpus/xmlconf-known.txt")).unwrap_or_default();
    let known: BTreeMap<&str, &str> = known_text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once(' '))
        .collect();
    let catalog = Catalog::builtin();
    let config = Config::default();
    // category → (agree, disagree, set aside)
    let mut table: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut new_disagreements = Vec::new();
    let mut now_agree = Vec::new();
    for cat in CATALOGS {
        let Some(bytes) = read(cat) else {
            panic!("{cat} is not in the suite");
        };
        for t in tests_of(cat, &bytes) {
            let category = format!("{} {}", cat.split('/').nth(1).unwrap_or(""), t.kind);
            let row = table.entry(category).or_default();
            if set_aside(&t).is_some() {
                row.2 += 1;
                continue;
            }
            let Some(doc) = read(&t.file) else {
                row.2 += 1;
                continue;
            };
            let codes: Vec<&str> = lint(&doc, &catalog, &config)
                .iter()
                .map(|d| d.code)
                .collect();
            let agrees = match t.kind.as_str() {
                "not-wf" => codes
                    .iter()
                    .any(|c| matches!(*c, "xml-syntax" | "xml-dtd" | "limit-exceeded")),
                _ => !codes.contains(&"xml-syntax"),
            };
            if !agrees && t.kind == "not-wf" && several_top_level_elements(&doc) {
                row.2 += 1;
                continue;
            }
            if agrees {
                row.0 += 1;
                if known.contains_key(t.id.as_str()) {
                    now_agree.push(t.id.clone());
                }
            } else {
                row.1 += 1;
                if !known.contains_key(t.id.as_str()) {
                    new_disagreements.push(format!("{} {} {} {:?}", t.id, t.kind, t.file, codes));
                }
            }
        }
    }
    let mut report =
        String::from("| category | agree | disagree (listed) | set aside |\n|---|---|---|---|\n");
    for (c, (a, d, s)) in &table {
        report.push_str(&format!("| {c} | {a} | {d} | {s} |\n"));
    }
    {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "{report}");
    }
    assert!(
        new_disagreements.is_empty(),
        "{} disagreements that corpus/xmlconf-known.txt does not list:\n{}",
        new_disagreements.len(),
        new_disagreements.join("\n")
    );
    assert!(
        now_agree.is_empty(),
        "listed in corpus/xmlconf-known.txt but agreeing now (remove them): {now_agree:?}"
    );
}
