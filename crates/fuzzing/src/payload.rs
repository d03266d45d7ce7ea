//! Payloads: (1) a `PayloadSpec` → payload encoder (escaped or CDATA) → decoder gives the
//! spec back; (2) arbitrary text as `Data` content → decoding with its span map and payload
//! parsing never panic, and every mapped span lies inside the source, on char boundaries;
//! (3) the one-pass payload reader says what the generic grammar says of the same text.

use arbitrary::Arbitrary;
use syncml::payload::{DataText, Form, Payload, PayloadItem, PayloadSpec, State};
use syncml::Span;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    enabled: bool,
    cdata: bool,
    data: Vec<(&'a str, Vec<&'a str>)>,
    raw: &'a str,
}

fn in_source(src: &str, s: Span) {
    assert!(
        s.start <= s.end && s.end <= src.len(),
        "{s:?} outside {}",
        src.len()
    );
    assert!(
        src.is_char_boundary(s.start) && src.is_char_boundary(s.end),
        "{s:?} not on char boundaries"
    );
}

/// The body of the `payload` fuzz target: `data` decoded as libFuzzer decodes it
/// (`Arbitrary::arbitrary_take_rest`).
pub fn run(data: &[u8]) {
    let Some(input) = crate::decoded::<Input<'_>>(data) else {
        return;
    };
    check(input);
}

fn check<'a>(input: Input<'a>) {
    let ok = |s: &str| s.chars().all(syncml::escape::is_xml_char);
    if input
        .data
        .iter()
        .all(|(id, v)| ok(id) && v.iter().all(|e| ok(e) && !e.contains('\u{F000}')))
    {
        let spec = PayloadSpec {
            state: if input.enabled {
                State::Enabled
            } else {
                State::Disabled
            },
            data: input
                .data
                .iter()
                .map(|(id, v)| (id.to_string(), PayloadSpec::join_list(v)))
                .collect(),
        };
        let form = if input.cdata {
            Form::CData
        } else {
            Form::Escaped
        };
        let encoded = spec.encode(form);
        assert_eq!(PayloadSpec::decode(&encoded), Some(spec), "{encoded}");
    }
    let src = format!("<Data>{}</Data>", input.raw);
    let Ok(doc) = syncml::parse(&src) else { return };
    let Some(data) = doc.elements().next() else {
        return;
    };
    let Ok(text) = DataText::of(data, &src) else {
        return;
    };
    in_source(&src, text.to_source(Span::new(0, text.text.len())));
    let limits = syncml::Limits {
        max_depth: 32,
        ..Default::default()
    };
    // the raw text too: the reader must agree with the grammar on text that `Data` never holds
    for payload_text in [&*text.text, input.raw] {
        let read = Payload::parse(payload_text, &limits);
        let generic = Payload::parse_generic(payload_text, &limits, &mut Default::default());
        match (&read, &generic) {
            (Ok(r), Ok(g)) => assert_eq!(r.items(), g.items(), "{payload_text:?}"),
            (Err(r), Err(g)) => assert_eq!(r, g, "{payload_text:?}"),
            _ => panic!(
                "{payload_text:?}: reader ok {}, grammar ok {}",
                read.is_ok(),
                generic.is_ok()
            ),
        }
    }
    let Ok(payload) = Payload::parse(&text.text, &limits) else {
        return;
    };
    for item in payload.items() {
        if let PayloadItem::Data(d) = item {
            if let Some(v) = d.value {
                let map = Payload::value_map(&text.text, v);
                for (i, _) in v.value.char_indices() {
                    in_source(
                        &src,
                        text.to_source(map.map_span(Span::new(i, v.value.len()))),
                    );
                }
            }
        }
    }
}
