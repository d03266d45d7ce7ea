//! `invalid-header` on each value of the `SyncHdr`: the exact element and message.

use policy::{lint, Catalog, Config};

/// The `invalid-header` messages of a message whose header has `SessionID` and `MsgID` as
/// given, with the text each points at.
fn header(session: &str, msg: &str) -> Vec<(String, String)> {
    let text = format!("<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>{session}</SessionID><MsgID>{msg}</MsgID><Target><LocURI>urn:uuid:1</LocURI></Target><Source><LocURI>https://mdm.contoso.com</LocURI></Source></SyncHdr><SyncBody><Final/></SyncBody></SyncML>");
    lint(text.as_bytes(), &Catalog::builtin(), &Config::default())
        .into_iter()
        .filter(|d| d.code == "invalid-header")
        .map(|d| {
            let at = text.get(d.span.start..d.span.end).unwrap_or("").to_string();
            (at, d.message)
        })
        .collect()
}

#[test]
fn session_and_message_ids_are_decimal_integers() {
    assert_eq!(header("1", "12"), []);
    assert_eq!(
        header("1A", "1"),
        [(
            "1A".to_string(),
            "`SessionID` must be a decimal integer, found `1A`".to_string()
        )]
    );
    assert_eq!(
        header("1", "x"),
        [(
            "x".to_string(),
            "`MsgID` must be a decimal integer, found `x`".to_string()
        )]
    );
    let empty = header("", "1");
    assert_eq!(empty.len(), 1, "{empty:?}");
    assert_eq!(
        empty[0].1,
        "`SessionID` must be a decimal integer, found ``"
    );
}
