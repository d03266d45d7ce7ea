//! The canonical encoder: an owned [`Document`] tree → text (a parsed document gives its tree
//! with [`crate::xml::Document::to_tree`]).
//!
//! Canonical form: one top-level node a line; an element whose children are elements (and
//! comments), with only whitespace between them, is laid out one child a line, indented by two
//! spaces a level; every other element (text, CDATA, mixed content) is written exactly, on one
//! line, so `Data` keeps its CDATA or escaped form and every character of its content.
//! Attributes keep their order and are double-quoted; text is escaped minimally (`&`, `<`, `>`,
//! and invisible characters such as U+F000 as references). Comments are kept.
//!
//! `encode(parse(x))` is a fixed point, and `parse(encode(doc))` equals `doc` up to spans and
//! the whitespace the layout adds (see [`Document::normalized`]).

use crate::escape::{escape, is_space, Context};
use crate::tree::{Document, Element, Node};

const INDENT: &str = "  ";

/// Whether an element's children are laid out one a line: it has a child element, comment or
/// processing instruction, and all its text is whitespace (no CDATA).
pub fn is_element_content(e: &Element<'_>) -> bool {
    let mut structured = false;
    for child in &e.children {
        match child {
            Node::Element(_) | Node::Comment(_) | Node::Pi(_) => structured = true,
            Node::Text(t) if t.value.chars().all(is_space) => {}
            _ => return false,
        }
    }
    structured
}

enum Task<'d, 'a> {
    Node(&'d Node<'a>, usize, bool),
    Close(&'d Element<'a>, usize, bool),
}

/// The line break a text uses: `\r\n` when its first line ends so, else `\n`.
pub fn detect_newline(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes().get(i - 1) == Some(&b'\r') => "\r\n",
        _ => "\n",
    }
}

/// Encodes `doc` in canonical form with `\n` line breaks, ending with one.
pub fn encode(doc: &Document<'_>) -> String {
    encode_with(doc, "\n")
}

/// Encodes `doc` in canonical form with `newline` (`\n` or `\r\n`) between lines and at the end.
pub fn encode_with(doc: &Document<'_>, newline: &str) -> String {
    let mut out = String::new();
    let mut tasks: Vec<Task<'_, '_>> = doc
        .nodes
        .iter()
        .rev()
        .map(|n| Task::Node(n, 0, false))
        .collect();
    while let Some(task) = tasks.pop() {
        match task {
            Task::Node(node, depth, inline) => {
                if matches!(node, Node::Text(t) if !inline && t.value.trim().is_empty()) {
                    continue;
                }
                if !inline {
                    if !out.is_empty() {
                        out.push_str(newline);
                    }
                    for _ in 0..depth {
                        out.push_str(INDENT);
                    }
                }
                match node {
                    Node::Element(e) => {
                        write_start(&mut out, e);
                        if e.children.is_empty() {
                            out.push_str("/>");
                            continue;
                        }
                        out.push('>');
                        let child_inline = inline || !is_element_content(e);
                        tasks.push(Task::Close(e, depth, inline));
                        tasks.extend(
                            e.children
                                .iter()
                                .rev()
                                .map(|c| Task::Node(c, depth + 1, child_inline)),
                        );
                    }
                    Node::Text(t) => {
                        let text = escape(&t.value, Context::Text);
                        // a line feed of text is written as the file writes its lines
                        if newline == "\n" {
                            out.push_str(&text);
                        } else {
                            out.push_str(&text.replace('\n', newline));
                        }
                    }
                    Node::CData(c) => {
                        out.push_str("<![CDATA[");
                        out.push_str(&c.value.replace("]]>", "]]]]><![CDATA[>"));
                        out.push_str("]]>");
                    }
                    Node::Comment(c) => {
                        out.push_str("<!--");
                        out.push_str(&c.value);
                        out.push_str("-->");
                    }
                    Node::Pi(p) => {
                        out.push_str("<?");
                        out.push_str(&p.target);
                        if !p.data.is_empty() {
                            out.push(' ');
                            out.push_str(&p.data);
                        }
                        out.push_str("?>");
                    }
                    Node::Doctype(d) => {
                        out.push_str("<!DOCTYPE ");
                        out.push_str(&d.value);
                        out.push('>');
                    }
                }
            }
            Task::Close(e, depth, inline) => {
                if !inline && is_element_content(e) {
                    out.push_str(newline);
                    for _ in 0..depth {
                        out.push_str(INDENT);
                    }
                }
                out.push_str("</");
                out.push_str(&e.name);
                out.push('>');
            }
        }
    }
    out.push_str(newline);
    out
}

fn write_start(out: &mut String, e: &Element<'_>) {
    out.push('<');
    out.push_str(&e.name);
    for a in &e.attributes {
        out.push(' ');
        out.push_str(&a.name);
        out.push_str("=\"");
        out.push_str(&escape(&a.value, Context::Attribute));
        out.push('"');
    }
}

impl Document<'_> {
    /// A copy without the nodes that carry no content in canonical form: whitespace-only text
    /// between the children of an element in element content, and empty text. Two documents
    /// that encode alike are equal once normalised and stripped of spans.
    pub fn normalized(&self) -> Self {
        let mut doc = self.clone();
        doc.nodes
            .retain(|n| !matches!(n, Node::Text(t) if t.value.trim().is_empty()));
        let mut stack: Vec<&mut Node<'_>> = doc.nodes.iter_mut().collect();
        while let Some(node) = stack.pop() {
            if let Node::Element(e) = node {
                if is_element_content(e) {
                    e.children.retain(|n| !matches!(n, Node::Text(_)));
                } else {
                    e.children
                        .retain(|n| !matches!(n, Node::Text(t) if t.value.is_empty()));
                }
                stack.extend(e.children.iter_mut());
            }
        }
        doc
    }
}

#[cfg(test)]
mod tests {
    use crate::xml::{parse, Limits, TopLevel};

    use super::*;

    fn roundtrip(s: &str) -> String {
        let doc = parse(s, &Limits::default(), TopLevel::Elements).unwrap();
        encode(&doc.to_tree())
    }

    #[test]
    fn lays_out_element_content_and_keeps_data() {
        let src = "<?xml version=\"1.0\"?><SyncML xmlns='SYNCML:SYNCML1.2'><SyncBody><!-- c --><Replace><CmdID>1</CmdID><Item><Data>&lt;enabled/&gt;</Data></Item></Replace><Final/></SyncBody></SyncML>";
        let out = roundtrip(src);
        assert_eq!(
            out,
            "<?xml version=\"1.0\"?>\n<SyncML xmlns=\"SYNCML:SYNCML1.2\">\n  <SyncBody>\n    <!-- c -->\n    <Replace>\n      <CmdID>1</CmdID>\n      <Item>\n        <Data>&lt;enabled/&gt;</Data>\n      </Item>\n    </Replace>\n    <Final/>\n  </SyncBody>\n</SyncML>\n"
        );
        assert_eq!(roundtrip(&out), out);
    }

    #[test]
    fn cdata_and_mixed_content_are_exact() {
        let src = "<Data> <![CDATA[<enabled/><data id=\"a\" value=\"x&#xF000;y\"/>]]> </Data>";
        assert_eq!(roundtrip(src), format!("{src}\n"));
        let raw = "<Data>\n  <Enabled/>\n</Data>";
        let out = roundtrip(raw);
        assert_eq!(out, "<Data>\n  <Enabled/>\n</Data>\n");
    }

    #[test]
    fn keeps_crlf_files_crlf() {
        let src = "<a>\r\n  <b>x\r\ny</b>\r\n</a>\r\n";
        let doc = parse(src, &Limits::default(), TopLevel::Elements).unwrap();
        let out = encode_with(&doc.to_tree(), detect_newline(src));
        assert_eq!(out, src);
        assert_eq!(detect_newline("<a/>\n"), "\n");
    }

    #[test]
    fn escapes_delimiters_visibly() {
        let out = roundtrip("<a v=\"1&#xF000;2\">x&#xF000;y&#65;</a>");
        assert_eq!(out, "<a v=\"1&#xF000;2\">x&#xF000;yA</a>\n");
    }
}
