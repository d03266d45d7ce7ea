//! Arbitrary bytes → the SyncML parser and the whole linter. Never panics; when the input
//! parses, `lint` (checks while parsing) agrees with `validate` (checks of the parsed message;
//! unless `lint` stopped at an encoding the XML declaration names that is not read),
//! and encoding it and parsing again gives the same document (differential round-trip); every
//! diagnostic span and label lies inside the input. An input with a `Status` is also read as
//! a device's response to itself (`--request`), and a Windows Configuration Designer file as
//! one, with the same guarantee on spans.

/// The body of the `parse_syncml` fuzz target.
pub fn run(data: &[u8]) {
    let diags = policy::lint(data, crate::catalog(), &policy::Config::default());
    for d in &diags {
        for s in std::iter::once(d.span).chain(d.labels.iter().map(|l| l.span)) {
            assert!(s.start <= s.end && s.end <= data.len(), "{d:?}");
        }
    }
    if data.windows(6).any(|w| w == b"Status") {
        let answered = policy::response::lint_with_request(
            data,
            data,
            crate::catalog(),
            &policy::Config::default(),
        );
        for d in answered
            .response
            .diagnostics
            .iter()
            .chain(&answered.request.diagnostics)
        {
            for s in std::iter::once(d.span).chain(d.labels.iter().map(|l| l.span)) {
                assert!(s.start <= s.end && s.end <= data.len(), "{d:?}");
            }
        }
    }
    if let Some(linted) =
        policy::wcd::lint_customizations(data, crate::catalog(), &policy::Config::default())
    {
        for d in &linted.diagnostics {
            for s in std::iter::once(d.span).chain(d.labels.iter().map(|l| l.span)) {
                assert!(s.start <= s.end && s.end <= data.len(), "{d:?}");
            }
        }
    }
    let Ok(source) = diagnostics::Source::decode(data) else {
        return;
    };
    let Ok(doc) = syncml::parse(&source.text) else {
        return;
    };
    // checking while parsing says what checking the parsed message says
    // (unless `lint` stopped at an encoding the declaration names, before any element)
    if source.is_identity()
        && doc.elements().next().is_some()
        && policy::declared_encoding_refusal(data).is_none()
    {
        let message = syncml::Message::new(&doc, &source.text);
        let whole = policy::validate(&message, crate::catalog(), &policy::Config::default());
        assert_eq!(diags, whole);
    }
    let tree = doc.to_tree();
    let once = syncml::encode(&tree);
    let again = syncml::parse(&once)
        .unwrap_or_else(|d| panic!("encoder output does not parse: {d:?}\n{once}"));
    let again = again.to_tree();
    assert_eq!(
        again.without_spans().normalized(),
        tree.without_spans().normalized()
    );
    assert_eq!(syncml::encode(&again), once, "not a fixed point");
}
