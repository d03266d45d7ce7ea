//! Round-trip properties of the parser, the encoder and the payload encoder.

use std::borrow::Cow;

use proptest::prelude::*;
use syncml::payload::{Form, PayloadSpec, State};
use syncml::tree::{Attribute, CData, Comment, Document, Element, Node, Text};
use syncml::Span;

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("SyncML".to_string()),
        Just("Replace".to_string()),
        Just("Data".to_string()),
        Just("metinf:Format".to_string()),
        "[A-Za-z_][A-Za-z0-9_.-]{0,8}",
    ]
}

/// Text with the characters that need care: markup, references, quotes, U+F000, non-ASCII.
fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("&".to_string()),
            Just("<".to_string()),
            Just(">".to_string()),
            Just("]]>".to_string()),
            Just("\"".to_string()),
            Just("'".to_string()),
            Just("\u{F000}".to_string()),
            Just("é€😀".to_string()),
            Just("\t".to_string()),
            "[a-zA-Z0-9 \\\\/.;=-]{1,6}",
        ],
        1..6,
    )
    .prop_map(|v| v.concat())
}

fn leaf() -> impl Strategy<Value = Node<'static>> {
    prop_oneof![
        text()
            .prop_filter("not blank", |t| !t.trim().is_empty())
            .prop_map(|t| Node::Text(Text {
                value: Cow::Owned(t),
                span: Span::default()
            })),
        text()
            .prop_filter("no ]]>", |t| !t.contains("]]>"))
            .prop_map(|t| Node::CData(CData {
                value: Cow::Owned(t),
                span: Span::default()
            })),
    ]
}

fn attrs() -> impl Strategy<Value = Vec<Attribute<'static>>> {
    proptest::collection::vec((name(), text()), 0..3).prop_map(|v| {
        let mut seen = Vec::new();
        v.into_iter()
            .filter(|(n, _)| {
                let fresh = !seen.contains(n);
                seen.push(n.clone());
                fresh
            })
            .map(|(n, v)| Attribute {
                name: Cow::Owned(n),
                value: Cow::Owned(v),
                name_span: Span::default(),
                value_span: Span::default(),
            })
            .collect::<Vec<_>>()
    })
}

fn element() -> impl Strategy<Value = Element<'static>> {
    let leaf_element = (name(), attrs(), proptest::option::of(leaf())).prop_map(|(n, a, l)| {
        let mut e = Element::new(n);
        e.attributes = a;
        e.children = l.into_iter().collect();
        e
    });
    leaf_element.prop_recursive(4, 32, 4, move |inner| {
        (
            name(),
            attrs(),
            proptest::collection::vec(inner, 1..4),
            proptest::bool::ANY,
        )
            .prop_map(|(n, a, kids, comment)| {
                let mut e = Element::new(n);
                e.attributes = a;
                if comment {
                    e.children.push(Node::Comment(Comment {
                        value: Cow::Borrowed(" note "),
                        span: Span::default(),
                    }));
                }
                e.children.extend(kids.into_iter().map(Node::Element));
                e
            })
    })
}

/// A root element: it declares the `metinf` prefix that names may use (a whole document
/// declares its prefixes).
fn root() -> impl Strategy<Value = Element<'static>> {
    element().prop_map(|mut e| {
        e.attributes.retain(|a| a.name != "xmlns:metinf");
        e.attributes.push(Attribute {
            name: Cow::Borrowed("xmlns:metinf"),
            value: Cow::Borrowed("syncml:metinf"),
            name_span: Span::default(),
            value_span: Span::default(),
        });
        e
    })
}

fn reparse(text: &str) -> Document<'static> {
    syncml::parse(text)
        .unwrap_or_else(|d| panic!("{d:?}\n{text}"))
        .to_tree()
        .into_owned()
}

/// Pieces of payload text: the plain shapes the one-pass reader takes, and every near miss
/// it must leave to the generic grammar (content, prefixes, non-ASCII names, bad references,
/// forbidden characters, duplicates, missing quotes or spaces, comments, CDATA, text).
fn payload_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<enabled/>".to_string()),
        Just("<Disabled />".to_string()),
        Just("<data id=\"A\" value=\"1\"/>".to_string()),
        Just("<data id='x' value='a&amp;b&#xF000;c\u{F000}\"'/>".to_string()),
        Just("<DATA VALUE=\"v\" ID=\"i\" extra=\"e\"/>".to_string()),
        Just("<data id = \"a\"\n value\t=\t'b' />".to_string()),
        Just("<data id=\"a\" id=\"b\"/>".to_string()),
        Just("<data id=\"a\" Id=\"b\" value=\"1\" VALUE=\"2\"/>".to_string()),
        Just("<x:data id=\"a\"/>".to_string()),
        Just("<data x:id=\"a\"/>".to_string()),
        Just("<enabled>".to_string()),
        Just("</enabled>".to_string()),
        Just("<data id=\"<\"/>".to_string()),
        Just("<data id=\"a\"value=\"b\"/>".to_string()),
        Just("<enabled/x>".to_string()),
        Just("<data id=\"a\"/x/>".to_string()),
        Just("<data/ >".to_string()),
        Just("<data id=\"&bogus;\"/>".to_string()),
        Just("<data id=\"&#0;\"/>".to_string()),
        Just("<data id=\"a&b\"/>".to_string()),
        Just("<data id=\"\u{1}\"/>".to_string()),
        Just("<data id=\"\u{FFFF}\"/>".to_string()),
        Just("<data id=\"a\u{F000}b\u{FFFE}\"/>".to_string()),
        Just(
            "<data a=\"1\" b=\"2\" c=\"3\" d=\"4\" e=\"5\" f=\"6\" g=\"7\" h=\"8\" i=\"9\"/>"
                .to_string()
        ),
        Just("<data id=\"x\" value=\"y\"".to_string()),
        Just("<data id=\"x".to_string()),
        Just("<data id=x/>".to_string()),
        Just("<data id/>".to_string()),
        Just("<é/>".to_string()),
        Just("<dataé/>".to_string()),
        Just("<_a.b-c9/>".to_string()),
        Just("<1a/>".to_string()),
        Just("<!-- note -->".to_string()),
        Just("<?pi x?>".to_string()),
        Just("<![CDATA[x]]>".to_string()),
        Just("&lt;".to_string()),
        Just("<".to_string()),
        Just("/>".to_string()),
        Just("\u{FEFF}".to_string()),
        Just(" ".to_string()),
        Just("\r\n\t".to_string()),
        "[a-z<>/=\"' ]{1,4}",
    ]
}

/// A name the one-pass reader takes: an ASCII letter or `_`, then letters, digits, `_ . -`.
fn plain_name() -> impl Strategy<Value = String> {
    "[A-Za-z_][A-Za-z0-9_.-]{0,6}"
}

/// An attribute value as payloads write them between `quote`s: text, the other quote, tabs
/// and line breaks, references, U+F000 as it is and other characters of three UTF-8 bytes
/// that start with 0xEF.
fn plain_value(quote: char) -> impl Strategy<Value = String> {
    let other = if quote == '"' { "'" } else { "\"" };
    proptest::collection::vec(
        prop_oneof![
            "[a-zA-Z0-9 \\\\@.:/-]{1,5}".boxed(),
            Just(other.to_string()).boxed(),
            Just("\t\n\r".to_string()).boxed(),
            Just("&amp;".to_string()).boxed(),
            Just("&#xF000;".to_string()).boxed(),
            Just("&#61;&lt;&gt;&quot;&apos;".to_string()).boxed(),
            Just("\u{F000}".to_string()).boxed(),
            Just("\u{FFFD}\u{FEFF}".to_string()).boxed(),
            Just("é✓".to_string()).boxed(),
        ],
        0..4,
    )
    .prop_map(|v| v.concat())
}

/// Whitespace, possibly none.
fn space(min: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![Just(" "), Just("\t"), Just("\n"), Just("\r\n")],
        min..3,
    )
    .prop_map(|v| v.concat())
}

/// An element of the plain shape: an empty element, up to eight attributes of distinct names,
/// any spacing the grammar allows.
fn plain_element() -> impl Strategy<Value = String> {
    let attribute = (
        plain_name(),
        space(0),
        space(0),
        prop_oneof![Just('"'), Just('\'')],
    )
        .prop_flat_map(|(name, s1, s2, q)| {
            plain_value(q).prop_map(move |v| format!("{name}{s1}={s2}{q}{v}{q}"))
        });
    (
        prop_oneof![
            plain_name(),
            Just("data".to_string()),
            Just("Enabled".to_string()),
            Just("disabled".to_string())
        ],
        proptest::collection::vec((space(1), attribute), 0..9),
        space(0),
    )
        .prop_map(|(name, attrs, end)| {
            let mut seen = std::collections::HashSet::new();
            let attrs: String = attrs
                .into_iter()
                .filter(|(_, a)| seen.insert(a.split('=').next().unwrap_or("").trim().to_string()))
                .map(|(s, a)| format!("{s}{a}"))
                .collect();
            format!("<{name}{attrs}{end}/>")
        })
}

/// Each near miss alone and after a plain element: the reader says what the grammar says (the
/// property test below mixes them, where another piece may hide a difference).
#[test]
fn each_near_miss_reads_as_the_grammar_parses_it() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let limits = syncml::Limits::default();
    for _ in 0..400 {
        let piece = payload_piece().new_tree(&mut runner).unwrap().current();
        for text in [piece.clone(), format!("<enabled/>{piece}")] {
            let read = syncml::Payload::parse(&text, &limits);
            let generic = syncml::Payload::parse_generic(&text, &limits, &mut Default::default());
            match (&read, &generic) {
                (Ok(r), Ok(g)) => assert_eq!(r.items(), g.items(), "{text:?}"),
                (Err(r), Err(g)) => assert_eq!(r, g, "{text:?}"),
                _ => panic!("{text:?}: {:?} vs {:?}", read.is_ok(), generic.is_ok()),
            }
        }
    }
}

/// `id` and `value` are the first attributes of those names, in any case, whatever stands
/// before or between them.
#[test]
fn data_takes_the_first_id_and_value() {
    let limits = syncml::Limits::default();
    for text in [
        "<data value=\"v\" id=\"i\"/>",
        "<data id=\"i\" extra=\"e\" value=\"v\"/>",
        "<data ID=\"i\" Id=\"j\" VALUE=\"v\" Value=\"w\"/>",
        "<data x=\"e\" id=\"i\" y=\"f\" value=\"v\"/>",
    ] {
        for payload in [
            syncml::Payload::parse(text, &limits).unwrap(),
            syncml::Payload::parse_generic(text, &limits, &mut Default::default()).unwrap(),
        ] {
            let items = payload.items();
            let Some(syncml::payload::PayloadItem::Data(d)) = items.first() else {
                panic!("{text}: {items:?}");
            };
            assert_eq!(d.id.map(|a| a.value), Some("i"), "{text}");
            assert_eq!(d.value.map(|a| a.value), Some("v"), "{text}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Every payload of the plain shape is taken by the one-pass reader (it does not leave it
    /// to the generic grammar), and reads as the grammar parses it.
    #[test]
    fn the_one_pass_reader_takes_every_plain_payload(
        elements in proptest::collection::vec((space(0), plain_element()), 0..6),
        tail in space(0),
    ) {
        let text: String = elements.into_iter().map(|(s, e)| s + &e).collect::<String>() + &tail;
        let limits = syncml::Limits::default();
        let read = syncml::Payload::parse(&text, &limits);
        let generic = syncml::Payload::parse_generic(&text, &limits, &mut Default::default());
        let (Ok(read), Ok(generic)) = (read, generic) else {
            return Err(TestCaseError::fail(format!("{text:?} is not a payload")));
        };
        prop_assert!(read.read_in_one_pass(), "{:?} left to the grammar", text);
        prop_assert_eq!(read.items(), generic.items(), "{:?}", text);
        // a payload of exactly the size limit is within it
        let exact = syncml::Limits { max_size: text.len(), ..limits };
        let read = syncml::Payload::parse(&text, &exact);
        prop_assert!(read.is_ok_and(|r| r.read_in_one_pass()), "{:?} at its size limit", text);
    }

    /// The one-pass payload reader says what the generic grammar says: the same items, or
    /// (when it gives up) the same error, under any limits.
    #[test]
    fn payload_reader_reads_what_the_generic_grammar_parses(
        pieces in proptest::collection::vec(payload_piece(), 0..6),
        max_attributes in prop_oneof![Just(0usize), Just(1), Just(2), Just(256)],
        max_depth in prop_oneof![Just(0usize), Just(1), Just(256)],
        max_size in prop_oneof![Just(8usize), Just(256 * 1024 * 1024)],
    ) {
        let text = pieces.concat();
        let limits = syncml::Limits { max_attributes, max_depth, max_size };
        let read = syncml::Payload::parse(&text, &limits);
        let generic = syncml::Payload::parse_generic(&text, &limits, &mut Default::default());
        match (&read, &generic) {
            (Ok(r), Ok(g)) => prop_assert_eq!(r.items(), g.items(), "{:?}", text),
            (Err(r), Err(g)) => prop_assert_eq!(r, g, "{:?}", text),
            _ => prop_assert!(false, "{:?}: {:?} vs {:?}", text, read.is_ok(), generic.is_ok()),
        }
    }

    #[test]
    fn parse_of_encode_is_the_document(root in root()) {
        let doc = Document { nodes: vec![Node::Element(root)] };
        let text = syncml::encode(&doc);
        let back = reparse(&text);
        prop_assert_eq!(back.without_spans().normalized(), doc.without_spans().normalized(), "{}", text);
    }

    /// What the parser records of a text while checking it (no references, blank or not) is
    /// what reading the text again says, whitespace and references anywhere.
    #[test]
    fn what_the_parser_knows_of_texts_is_what_they_say(
        root in root(),
        pads in proptest::collection::vec(prop_oneof![Just(" "), Just("\n\t"), Just("&#32;"), Just("&#x9;&#xA;"), Just("x"), Just("&amp;")], 0..4),
    ) {
        let doc = Document { nodes: vec![Node::Element(root)] };
        let text = syncml::encode(&doc);
        // whitespace and references put between the tags, where layout goes
        let padded = text.replacen("><", &format!(">{}<", pads.concat()), 2);
        let Ok(parsed) = syncml::parse(&padded) else { return Ok(()) };
        let mut stack: Vec<syncml::Node<'_>> = parsed.nodes().collect();
        while let Some(node) = stack.pop() {
            match node {
                syncml::Node::Element(e) => stack.extend(e.children()),
                syncml::Node::Text(t) => {
                    prop_assert_eq!(t.value(), syncml::escape::unescape(t.raw, 0).unwrap(), "{}", padded);
                    prop_assert_eq!(t.is_blank(), syncml::escape::is_blank(t.raw), "{:?} in {}", t.raw, padded);
                    prop_assert_eq!(t.has_references(), t.raw.contains('&'), "{}", padded);
                }
                _ => {}
            }
        }
    }

    #[test]
    fn encode_is_a_fixed_point(root in root()) {
        let doc = Document { nodes: vec![Node::Element(root)] };
        let once = syncml::encode(&doc);
        let twice = syncml::encode(&reparse(&once));
        prop_assert_eq!(&twice, &once);
    }

    #[test]
    fn payload_roundtrips(
        enabled in proptest::bool::ANY,
        data in proptest::collection::vec(("[A-Za-z_][A-Za-z0-9_]{0,12}", proptest::collection::vec(text(), 0..4)), 0..4),
        cdata in proptest::bool::ANY,
    ) {
        let spec = PayloadSpec {
            state: if enabled { State::Enabled } else { State::Disabled },
            data: data.into_iter().map(|(id, entries)| (id, PayloadSpec::join_list(&entries))).collect(),
        };
        let form = if cdata { Form::CData } else { Form::Escaped };
        let encoded = spec.encode(form);
        prop_assert_eq!(PayloadSpec::decode(&encoded), Some(spec), "{}", encoded);
    }
}

/// Every sample of the corpus formats to a fixed point, and keeps its meaning.
#[test]
fn corpus_formats_to_a_fixed_point() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut stack = vec![dir];
    let mut n = 0;
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "xml") {
                continue;
            }
            let Ok(text) = String::from_utf8(std::fs::read(&p).unwrap()) else {
                continue;
            };
            let Ok(parsed) = syncml::parse(&text) else {
                continue;
            };
            let doc = parsed.to_tree();
            let once = syncml::encode(&doc);
            let again = reparse(&once);
            assert_eq!(syncml::encode(&again), once, "{}", p.display());
            assert_eq!(
                again.without_spans().normalized(),
                doc.without_spans().normalized(),
                "{}",
                p.display()
            );
            n += 1;
        }
    }
    assert!(n > 80, "{n} samples");
}
