//! The parser reads every sample of the corpus with exact spans: each element's span slices
//! the source to its own markup, each attribute's value span to its raw value, each text span
//! to raw text that decodes to the node's value; and the outline of the valid samples (element
//! names, spans, LocURIs) is snapshot-tested.

use std::path::{Path, PathBuf};

use syncml::escape::unescape;
use syncml::xml::{Element, Node};
use syncml::Message;

fn samples(sub: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus")
        .join(sub);
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    out.sort();
    out
}

fn check_spans(src: &str, e: Element<'_>) {
    let markup = e.span().slice(src).unwrap();
    assert!(
        markup.starts_with(&format!("<{}", e.name())) && markup.ends_with('>'),
        "{markup}"
    );
    assert_eq!(e.name_span().slice(src), Some(e.name()));
    assert!(e.start_tag().slice(src).unwrap().ends_with('>'));
    if let Some(end) = e.end_tag() {
        assert_eq!(
            end.slice(src).map(str::trim_end),
            Some(format!("</{}>", e.name()).as_str())
        );
    }
    for a in e.attributes() {
        assert_eq!(a.name_span.slice(src), Some(a.name));
        let raw = a.value_span.slice(src).unwrap();
        assert_eq!(unescape(raw, 0).unwrap(), a.value);
    }
    for child in e.children() {
        match child {
            Node::Element(c) => check_spans(src, c),
            Node::Text(t) => {
                assert_eq!(unescape(t.span.slice(src).unwrap(), 0).unwrap(), t.value())
            }
            Node::CData(c) => assert_eq!(c.content_span().slice(src), Some(c.value)),
            Node::Comment(c) => assert_eq!(
                c.span.slice(src),
                Some(format!("<!--{}-->", c.value).as_str())
            ),
            _ => {}
        }
    }
}

fn outline(e: Element<'_>, depth: usize, out: &mut String) {
    out.push_str(&format!(
        "{}{} {}..{}",
        "  ".repeat(depth),
        e.name(),
        e.span().start,
        e.span().end
    ));
    if e.elements().next().is_none() {
        if let Some(text) = e.text() {
            let text = text.trim();
            if !text.is_empty() {
                let shown: String = text.chars().take(60).collect();
                out.push_str(&format!(
                    " {:?}{}",
                    shown,
                    if text.chars().count() > 60 { "…" } else { "" }
                ));
            }
        }
        out.push('\n');
        return;
    }
    out.push('\n');
    for c in e.elements() {
        outline(c, depth + 1, out);
    }
}

#[test]
fn every_sample_has_exact_spans() {
    for sub in ["valid", "valid/rules", "invalid", "examples"] {
        for path in samples(sub) {
            let src = std::fs::read_to_string(&path).unwrap();
            let Ok(doc) = syncml::parse(&src) else {
                continue;
            };
            for e in doc.elements() {
                check_spans(&src, e);
            }
        }
    }
}

#[test]
fn outlines_of_the_valid_samples() {
    for path in samples("valid") {
        let src = std::fs::read_to_string(&path).unwrap();
        let doc = syncml::parse(&src).unwrap();
        let message = Message::new(&doc, &src);
        let mut out = format!(
            "shape: {:?}, commands: {}\n",
            message.shape,
            message.commands().map(|c| c.walk().count()).sum::<usize>()
        );
        for e in doc.elements() {
            outline(e, 0, &mut out);
        }
        for c in message
            .commands()
            .flat_map(|c| c.walk().cloned().collect::<Vec<_>>())
        {
            for item in &c.items {
                if let Some(uri) = item.loc_uri() {
                    assert_eq!(uri.span.slice(&src), Some(uri.value.as_ref()));
                }
            }
        }
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(name, out);
    }
}
