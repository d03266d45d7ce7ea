//! The encoding a file declares, against the bytes it is in: each refusal names the declared
//! encoding on its exact bytes, in UTF-8 and UTF-16 files.

use policy::{declared_encoding_refusal, lint, Catalog, Config, Counts};

const BODY: &str =
    "<Get><CmdID>2</CmdID><Item><Target><LocURI>./DevDetail/SwV</LocURI></Target></Item></Get>";

fn utf16le(s: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    out.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

fn utf16be(s: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    out.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
    out
}

/// The refusal of `bytes`: its message and the declared name it points at (decoded).
fn refusal(bytes: &[u8], utf16: Option<bool>) -> Option<(String, String)> {
    let d = declared_encoding_refusal(bytes)?;
    let at = bytes.get(d.span.start..d.span.end)?;
    let name = match utf16 {
        None => String::from_utf8(at.to_vec()).ok()?,
        Some(le) => {
            let units: Vec<u16> = at
                .chunks_exact(2)
                .map(|c| match le {
                    true => u16::from_le_bytes([c[0], c[1]]),
                    false => u16::from_be_bytes([c[0], c[1]]),
                })
                .collect();
            String::from_utf16(&units).ok()?
        }
    };
    Some((d.message, name))
}

#[test]
fn each_declared_encoding_against_the_bytes() {
    let doc = |enc: &str, quote: char, space: &str| {
        format!("<?xml version=\"1.0\" encoding{space}={space}{quote}{enc}{quote}?>{BODY}")
    };
    // UTF-8 bytes
    for ok in ["UTF-8", "utf8", "US-ASCII"] {
        assert_eq!(refusal(doc(ok, '"', "").as_bytes(), None), None, "{ok}");
    }
    assert_eq!(
        refusal(doc("ISO-8859-1", '\'', " ").as_bytes(), None),
        Some((
            "the file declares the encoding `ISO-8859-1`, which is not read: only UTF-8 and UTF-16 are".into(),
            "ISO-8859-1".into()
        ))
    );
    assert_eq!(
        refusal(doc("UTF-16", '"', "").as_bytes(), None),
        Some((
            "the file declares `UTF-16` but is not UTF-16 (it has no byte order mark)".into(),
            "UTF-16".into()
        ))
    );
    // UTF-8 with a byte order mark: the span counts the mark
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend(doc("UTF-16", '"', "").into_bytes());
    assert_eq!(refusal(&bom, None).map(|r| r.1), Some("UTF-16".into()));
    // UTF-16 bytes, both orders
    for (bytes, le) in [
        (utf16le(&doc("utf-8", '"', "  ")), true),
        (utf16be(&doc("utf-8", '"', "  ")), false),
    ] {
        assert_eq!(
            refusal(&bytes, Some(le)),
            Some((
                "the file declares `utf-8` but is UTF-16 (it starts with a UTF-16 byte order mark)"
                    .into(),
                "utf-8".into()
            ))
        );
    }
    for ok in ["UTF-16", "unicode", "UTF-16LE"] {
        assert_eq!(
            refusal(&utf16le(&doc(ok, '"', "")), Some(true)),
            None,
            "{ok}"
        );
    }
    assert_eq!(
        refusal(&utf16le(&doc("latin1", '"', "")), Some(true)).map(|r| r.1),
        Some("latin1".into())
    );
    // `lint` stops at it with that one diagnostic
    let diags = lint(
        doc("ISO-8859-1", '"', "").as_bytes(),
        &Catalog::builtin(),
        &Config::default(),
    );
    assert_eq!(diags.len(), 1, "{diags:#?}");
}

#[test]
fn counts_add_up() {
    let mut a = Counts {
        errors: 1,
        warnings: 2,
        infos: 3,
    };
    a.absorb(Counts {
        errors: 10,
        warnings: 20,
        infos: 30,
    });
    assert_eq!(
        a,
        Counts {
            errors: 11,
            warnings: 22,
            infos: 33
        }
    );
}
