//! Every malformed shape of a list value draws `invalid-list` on the characters at fault, in
//! CDATA and escaped payloads; the well-formed shapes draw nothing.

use policy::{lint, Catalog, Config};

const RA: &str = "./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/UnsolicitedRemoteAssistance";

/// The profile with the helper list `value` (written as it stands in a CDATA payload), in
/// CDATA or escaped.
fn profile(value: &str, cdata: bool) -> String {
    let payload = format!("<enabled/><data id=\"RA_Unsolicit_Control_List\" value=\"1\"/><data id=\"RA_Unsolicit_DACL_Edit\" value=\"{value}\"/>");
    let data = if cdata {
        format!("<![CDATA[{payload}]]>")
    } else {
        payload
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    format!("<Replace><CmdID>2</CmdID><Item><Target><LocURI>{RA}</LocURI></Target><Data>{data}</Data></Item></Replace>")
}

#[test]
fn every_malformed_shape_is_reported_where_it_is() {
    let d = "&#xF000;";
    // (value, the text the diagnostic points at, as written in CDATA)
    let cases = [
        (format!("A\\x{d}A\\x{d}B\\y"), "B\\y".to_string()),
        (format!("A\\x{d}A\\x{d}"), String::new()),
        (format!("{d}A\\x"), String::new()),
        (
            "A\\x&amp;#xF000;A\\x".to_string(),
            "&amp;#xF000;".to_string(),
        ),
        ("A\\x#xF000;A\\x".to_string(), "#xF000;".to_string()),
        ("A\\x;B\\y".to_string(), ";".to_string()),
        ("A\\x,B\\y".to_string(), ",".to_string()),
        ("A\\x\nB\\y".to_string(), "\n".to_string()),
        (
            format!("A\\x{d}A\\x{d}B\\y;C\\z{d}B\\y;C\\z"),
            ";".to_string(),
        ),
    ];
    for (value, at) in cases {
        for cdata in [true, false] {
            let text = profile(&value, cdata);
            let diags = lint(text.as_bytes(), &Catalog::builtin(), &Config::default());
            let hit = diags.iter().find(|x| x.code == "invalid-list");
            let Some(hit) = hit else {
                panic!("no invalid-list for {value:?} (cdata: {cdata}): {diags:#?}");
            };
            if cdata && !at.is_empty() {
                assert_eq!(&text[hit.span.start..hit.span.end], at, "{value:?}");
            }
        }
    }
}

#[test]
fn well_formed_lists_draw_nothing() {
    let d = "&#xF000;";
    for value in [
        format!("CONTOSO\\helpdesk{d}CONTOSO\\helpdesk"),
        format!("CONTOSO\\helpdesk{d}CONTOSO\\helpdesk{d}CONTOSO\\tier2{d}CONTOSO\\tier2"),
    ] {
        for cdata in [true, false] {
            let text = profile(&value, cdata);
            let diags = lint(text.as_bytes(), &Catalog::builtin(), &Config::default());
            assert!(diags.is_empty(), "{value}: {diags:#?}");
        }
    }
}

/// The first `invalid-list` of `text`, with the characters it points at.
fn invalid_list(text: &str) -> Option<(String, String)> {
    let diags = lint(text.as_bytes(), &Catalog::builtin(), &Config::default());
    diags.iter().find(|d| d.code == "invalid-list").map(|d| {
        (
            d.message.clone(),
            text.get(d.span.start..d.span.end)
                .unwrap_or("?")
                .to_string(),
        )
    })
}

#[test]
fn entries_that_are_not_of_one_kind_are_judged_by_the_list() {
    // helper entries with spaces in their names are no evident kind: in one field, `;`
    // between `Domain\Name` entries is still a wrong delimiter
    let (message, at) = invalid_list(&profile("CONTOSO\\help desk;CONTOSO\\tier 2", true)).unwrap();
    assert_eq!(at, ";", "{message}");
    // beside U+F000, such entries joined by a line break are left to the helper rules
    let value = "CONTOSO\\a b\nCONTOSO\\c d&#xF000;CONTOSO\\a b\nCONTOSO\\c d";
    assert_eq!(invalid_list(&profile(value, true)), None);
    // a multiText value of two lines: a line break separates its strings
    let uri = "./Device/Vendor/MSFT/Policy/Config/ADMX_srmfci/AccessDeniedConfiguration";
    let text = format!("<Replace><CmdID>2</CmdID><Item><Target><LocURI>{uri}</LocURI></Target><Data><![CDATA[<enabled/><data id=\"ErrorMessageText\" value=\"first line\nsecond line\"/>]]></Data></Item></Replace>");
    let (message, at) = invalid_list(&text).unwrap();
    assert_eq!(at, "\n");
    assert!(message.contains("a line break"), "{message}");
}

/// One multiText string that ends with a line break is one string, not several.
#[test]
fn one_string_with_a_trailing_line_break_is_not_several() {
    let uri = "./Device/Vendor/MSFT/Policy/Config/ADMX_srmfci/AccessDeniedConfiguration";
    let text = format!("<Replace><CmdID>2</CmdID><Item><Target><LocURI>{uri}</LocURI></Target><Data><![CDATA[<enabled/><data id=\"ErrorMessageText\" value=\"only line\n\"/>]]></Data></Item></Replace>");
    assert_eq!(invalid_list(&text), None);
}
