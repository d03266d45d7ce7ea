//! Values at and past their bounds, and what the messages and help say of each: numbers (the
//! ADMX decimal of Remote Assistance, 1..=99 in a 32-bit number; a native `int` range, 0..=23;
//! a signed native range, -1..=2147483647), booleans, enumerations, lists and multiText.

use policy::{lint, Catalog, Config, Diagnostic};

const RA: &str = "./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/SolicitedRemoteAssistance";

fn admx_decimal(value: &str) -> Vec<Diagnostic> {
    let text = format!("<Replace><CmdID>2</CmdID><Item><Target><LocURI>{RA}</LocURI></Target><Data><![CDATA[<enabled/><data id=\"RA_Solicit_Control_List\" value=\"1\"/><data id=\"RA_Solicit_ExpireValue_Edt\" value=\"{value}\"/><data id=\"RA_Solicit_ExpireUnits_List\" value=\"1\"/><data id=\"RA_Solicit_Mailto_List\" value=\"0\"/>]]></Data></Item></Replace>");
    lint(text.as_bytes(), &Catalog::builtin(), &Config::default())
}

fn native(uri: &str, format: &str, value: &str) -> Vec<Diagnostic> {
    let text = format!("<Replace><CmdID>2</CmdID><Item><Target><LocURI>{uri}</LocURI></Target><Meta><Format xmlns=\"syncml:metinf\">{format}</Format></Meta><Data>{value}</Data></Item></Replace>");
    lint(text.as_bytes(), &Catalog::builtin(), &Config::default())
}

/// The one diagnostic's code and message.
fn one(diags: &[Diagnostic]) -> (&'static str, String) {
    assert_eq!(diags.len(), 1, "{diags:#?}");
    (diags[0].code, diags[0].message.clone())
}

#[test]
fn admx_decimal_bounds_and_what_is_said_of_them() {
    for in_range in ["1", "99"] {
        assert!(admx_decimal(in_range).is_empty(), "{in_range}");
    }
    for outside in ["0", "100", "4294967295"] {
        let (code, message) = one(&admx_decimal(outside));
        assert_eq!(code, "value-out-of-range");
        assert!(
            message.contains("is outside the range 1..=99"),
            "{outside}: {message}"
        );
    }
    for too_big in ["4294967296", "18446744073709551616", "99999999999999999999"] {
        let (code, message) = one(&admx_decimal(too_big));
        assert_eq!(code, "value-out-of-range");
        assert!(
            message.contains("does not fit the element's 32-bit number"),
            "{too_big}: {message}"
        );
    }
}

#[test]
fn what_is_wrong_with_a_number_that_is_not_digits() {
    for (value, says, help) in [
        ("1.5", "a fraction", "takes an unsigned decimal number"),
        ("1,5", "a fraction", "takes an unsigned decimal number"),
        (
            "a.b",
            "not an unsigned number",
            "takes an unsigned decimal number",
        ),
        ("0x10", "hexadecimal", "takes an unsigned decimal number"),
        ("0X10", "hexadecimal", "takes an unsigned decimal number"),
        ("-1", "negative", "takes an unsigned decimal number"),
        (
            "+5",
            "not an unsigned number",
            "write the number alone: `5`",
        ),
        (
            " 7 ",
            "not an unsigned number",
            "write the number alone: `7`",
        ),
    ] {
        let diags = admx_decimal(value);
        let (code, message) = one(&diags);
        assert_eq!(code, "invalid-number", "{value}");
        assert!(message.contains(says), "{value}: {message}");
        let h = diags[0].help.as_deref().unwrap_or("");
        assert!(h.contains(help), "{value}: {h}");
    }
}

#[test]
fn native_ranges_signed_and_unsigned() {
    let hours = "./Device/Vendor/MSFT/Policy/Config/Update/ActiveHoursStart";
    for ok in ["0", "23"] {
        assert!(native(hours, "int", ok).is_empty(), "{ok}");
    }
    assert_eq!(one(&native(hours, "int", "24")).0, "value-out-of-range");
    // an unsigned range takes no sign
    let (code, message) = one(&native(hours, "int", "-1"));
    assert_eq!(
        (code, message.contains("negative")),
        ("invalid-number", true),
        "{message}"
    );
    // a signed range: -1 is its minimum, -5 is below it
    let linger = "./User/Vendor/MSFT/EMAIL2/ContosoMail/LINGER";
    assert!(native(linger, "chr", "-1").is_empty());
    assert_eq!(one(&native(linger, "chr", "-5")).0, "value-out-of-range");
}

/// The help of the one diagnostic of `code`.
fn help_of<'d>(diags: &'d [Diagnostic], code: &str) -> &'d str {
    diags
        .iter()
        .find(|d| d.code == code)
        .and_then(|d| d.help.as_deref())
        .unwrap_or_else(|| panic!("no {code}: {diags:#?}"))
}

#[test]
fn booleans_suggest_what_the_value_meant() {
    let firewall = "./Vendor/MSFT/Firewall/MdmStore/DomainProfile/EnableFirewall";
    for (value, help) in [
        ("1", "write `true`"),
        ("on", "write `true`"),
        ("0", "write `false`"),
        ("Disabled", "write `false`"),
        ("maybe", "write `true` or `false`"),
    ] {
        let diags = native(firewall, "bool", value);
        assert_eq!(help_of(&diags, "invalid-boolean"), help, "{value}");
    }
    // an ADMX boolean element: the first the catalog has
    let catalog = Catalog::builtin();
    let (uri, payload) = catalog
        .csp()
        .nodes()
        .find_map(|n| {
            let a = n.facts().admx()?;
            let (_, p) = catalog.admx_policy(a.stem(), &a.policy)?;
            let e = p
                .elements
                .iter()
                .find(|e| matches!(e.kind, admx::ElementKind::Boolean { .. }))?;
            let uri = n.loc_uri().replace(['{', '}'], "");
            Some((
                uri,
                format!("<enabled/><data id=\"{}\" value=\"VALUE\"/>", e.id),
            ))
        })
        .expect("an ADMX boolean element");
    for (value, help) in [
        ("0", "write `false`"),
        ("yes", "write `true`"),
        ("x", "write `true` or `false`"),
    ] {
        let text = format!("<Replace><CmdID>2</CmdID><Item><Target><LocURI>{uri}</LocURI></Target><Data><![CDATA[{}]]></Data></Item></Replace>", payload.replace("VALUE", value));
        let diags = lint(text.as_bytes(), &catalog, &Config::default());
        assert_eq!(help_of(&diags, "invalid-boolean"), help, "{value}");
    }
}

#[test]
fn an_enumeration_lists_its_values_with_their_meaning() {
    let diags = native(
        "./Device/Vendor/MSFT/Policy/Config/Update/AllowAutoUpdate",
        "int",
        "9",
    );
    let help = help_of(&diags, "invalid-enum-value");
    assert!(
        help.contains("`0`")
            && help.contains("`5`")
            && help.contains("(Turn off automatic updates.)"),
        "{help}"
    );
}

#[test]
fn list_help_pairs_as_the_list_requires() {
    // the helper list pairs each entry with itself
    let ra = "./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/UnsolicitedRemoteAssistance";
    let text = format!("<Replace><CmdID>2</CmdID><Item><Target><LocURI>{ra}</LocURI></Target><Data><![CDATA[<enabled/><data id=\"RA_Unsolicit_Control_List\" value=\"1\"/><data id=\"RA_Unsolicit_DACL_Edit\" value=\"A\\x&#xF000;A\\x&#xF000;B\\y\"/>]]></Data></Item></Replace>");
    let diags = lint(text.as_bytes(), &Catalog::builtin(), &Config::default());
    assert!(
        help_of(&diags, "invalid-list").contains("B\\y&#xF000;B\\y`"),
        "{diags:#?}"
    );
    // an explicit list gives each entry its value
    let paths =
        "./Device/Vendor/MSFT/Policy/Config/ADMX_MicrosoftDefenderAntivirus/Exclusions_Paths";
    let text = format!("<Replace><CmdID>2</CmdID><Item><Target><LocURI>{paths}</LocURI></Target><Data><![CDATA[<enabled/><data id=\"Exclusions_PathsList\" value=\"C:\\Temp\"/>]]></Data></Item></Replace>");
    let diags = lint(text.as_bytes(), &Catalog::builtin(), &Config::default());
    assert!(
        help_of(&diags, "invalid-list").contains("C:\\Temp&#xF000;<value>"),
        "{diags:#?}"
    );
}

#[test]
fn multitext_holds_at_most_its_number_of_strings() {
    let uri = "./Device/Vendor/MSFT/Policy/Config/ADMX_srmfci/AccessDeniedConfiguration";
    let strings = |n: usize| {
        let value = (0..n)
            .map(|i| format!("line {i}"))
            .collect::<Vec<_>>()
            .join("&#xF000;");
        let text = format!("<Replace><CmdID>2</CmdID><Item><Target><LocURI>{uri}</LocURI></Target><Data><![CDATA[<enabled/><data id=\"ErrorMessageText\" value=\"{value}\"/>]]></Data></Item></Replace>");
        lint(text.as_bytes(), &Catalog::builtin(), &Config::default())
            .into_iter()
            .filter(|d| d.code == "text-too-long")
            .map(|d| d.message)
            .collect::<Vec<_>>()
    };
    assert_eq!(strings(15), Vec::<String>::new());
    let over = strings(16);
    assert_eq!(over.len(), 1, "{over:?}");
    assert!(
        over[0].starts_with("16 strings, more than the 15"),
        "{over:?}"
    );
}

/// A user-only node addressed for the device, explicitly or by the legacy `./Vendor` root: the
/// unsafe fix writes the scope it has, in the form the LocURI uses.
#[test]
fn the_scope_fix_keeps_the_form_of_the_locuri() {
    for (uri, replaced, content) in [
        (
            "./Device/Vendor/MSFT/EMAIL2/ContosoMail/LINGER",
            "Device",
            "User",
        ),
        ("./Vendor/MSFT/EMAIL2/ContosoMail/LINGER", "./", "./User/"),
    ] {
        let text = format!("<Replace><CmdID>2</CmdID><Item><Target><LocURI>{uri}</LocURI></Target><Meta><Format xmlns=\"syncml:metinf\">chr</Format></Meta><Data>15</Data></Item></Replace>");
        let diags = lint(text.as_bytes(), &Catalog::builtin(), &Config::default());
        let d = diags
            .iter()
            .find(|d| d.code == "scope-mismatch")
            .expect("scope-mismatch");
        let edit = &d.fix.as_ref().expect("a fix").edits[0];
        assert_eq!(
            (&text[edit.span.start..edit.span.end], edit.content.as_str()),
            (replaced, content),
            "{uri}"
        );
    }
}
