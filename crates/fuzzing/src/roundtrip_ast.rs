//! An `Arbitrary` document → encoder → parser gives the same document (up to spans and the
//! whitespace the layout adds). Documents that no XML text can express (invalid or prefixed
//! names, `]]>` in CDATA, `--` in comments...) are skipped.

use syncml::escape::is_xml_char;
use syncml::tree::{Document, Element, Node};

/// A name the parser reads back: an XML name without namespace prefix (prefixes must be
/// declared, which an arbitrary document does not do).
fn name_ok(n: &str) -> bool {
    syncml::xml::is_name(n) && !n.contains(':') && n.chars().all(is_xml_char)
}

fn chars_ok(s: &str) -> bool {
    s.chars().all(is_xml_char)
}

fn node_ok(n: &Node<'_>, top: bool) -> bool {
    match n {
        Node::Element(e) => element_ok(e),
        Node::Text(t) => !top && !t.value.is_empty() && chars_ok(&t.value),
        Node::CData(c) => !top && !c.value.contains("]]>") && chars_ok(&c.value),
        Node::Comment(c) => {
            !c.value.contains("--") && !c.value.ends_with('-') && chars_ok(&c.value)
        }
        Node::Pi(p) => {
            !top && name_ok(&p.target)
                && !p.target.eq_ignore_ascii_case("xml")
                && !p.data.contains("?>")
                && !p.data.starts_with([' ', '\t', '\r', '\n'])
                && chars_ok(&p.data)
        }
        Node::Doctype(_) => false,
    }
}

fn element_ok(e: &Element<'_>) -> bool {
    let mut names: Vec<&str> = Vec::new();
    for a in &e.attributes {
        if !name_ok(&a.name) || !chars_ok(&a.value) || names.contains(&a.name.as_ref()) {
            return false;
        }
        names.push(&a.name);
    }
    let adjacent_text = e
        .children
        .windows(2)
        .any(|w| matches!(w, [Node::Text(_), Node::Text(_)]));
    name_ok(&e.name) && !adjacent_text && e.children.iter().all(|c| node_ok(c, false))
}

/// The body of the `roundtrip_ast` fuzz target: `data` decoded as libFuzzer decodes it
/// (`Arbitrary::arbitrary_take_rest`).
pub fn run(data: &[u8]) {
    let Some(doc) = crate::decoded::<Document<'_>>(data) else {
        return;
    };
    check(doc);
}

fn check<'a>(doc: Document<'a>) {
    if doc.nodes.is_empty() || doc.nodes.len() > 8 || !doc.nodes.iter().all(|n| node_ok(n, true)) {
        return;
    }
    if !doc.nodes.iter().any(|n| matches!(n, Node::Element(_))) {
        return;
    }
    let text = syncml::encode(&doc);
    let parsed = syncml::parse(&text)
        .unwrap_or_else(|d| panic!("encoder output does not parse: {d:?}\n{text}"));
    let back = parsed.to_tree();
    assert_eq!(
        back.without_spans().normalized(),
        doc.without_spans().normalized(),
        "{text}"
    );
}
