//! A file that is not an ADMX document says so, with a span inside it (after a byte order
//! mark too).

#[test]
fn text_or_another_root_is_not_an_admx_file() {
    for (bytes, says, at) in [
        (
            &b"ContosoAgent.admx"[..],
            "it holds no element",
            "ContosoAgent.admx",
        ),
        (&b"\xEF\xBB\xBFled/>"[..], "it holds no element", "led/>"),
        (&b"<foo/>"[..], "the root element is `foo`", "<foo/>"),
    ] {
        let loaded = admx::parse_admx(bytes);
        let d = loaded
            .diagnostics
            .iter()
            .find(|d| d.message.contains("not an ADMX file"))
            .unwrap_or_else(|| {
                panic!(
                    "{:?}: {:?}",
                    String::from_utf8_lossy(bytes),
                    loaded.diagnostics
                )
            });
        assert!(d.message.contains(says), "{}", d.message);
        assert_eq!(
            bytes.get(d.span.start..d.span.end),
            Some(at.as_bytes()),
            "{}",
            d.message
        );
    }
    let admx = br#"<policyDefinitions revision="1.0" schemaVersion="1.0"><policyNamespaces><target prefix="c" namespace="C.P"/></policyNamespaces><resources minRequiredRevision="1.0"/></policyDefinitions>"#;
    assert!(admx::parse_admx(admx)
        .diagnostics
        .iter()
        .all(|d| !d.message.contains("not an ADMX file")));
}
