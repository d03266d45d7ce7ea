//! Values at and past their bounds, and what the messages and help say of each: numbers (the
//! ADMX decimal of Remote Assistance, 1..=99 in a 32-bit number; a native `int` range, 0..=23;
//! a signed native range, -1..=2147483647), booleans, enumerations, lists and multiText.

use policy::{lint, Catalog, Config, Diagnostic};

mod support;

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

/// Every node of the catalog with a pattern that the `regex` crate reads: a value that does not
/// match draws `invalid-value` on the whole value, with the pattern in the help.
#[test]
fn every_pattern_of_the_catalog_is_checked() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for n in support::settable_leaves() {
        let f = n.facts();
        let csp::Allowed::Regex(re) = &f.allowed else {
            continue;
        };
        let Ok(compiled) = regex::Regex::new(&format!("^(?:{re})$")) else {
            continue;
        };
        let Some(bad) = ["~!~", "zz zz", "-", "0", "x"]
            .into_iter()
            .find(|v| !compiled.is_match(v))
        else {
            continue;
        };
        let uri = support::loc_uri(&n);
        let diags = native(&uri, f.format.name(), bad);
        let hit = diags.iter().find(|d| d.code == "invalid-value");
        let want_help = format!("the value must match `{re}`");
        match hit {
            Some(d)
                if d.help.as_deref() == Some(want_help.as_str()) && d.span.len() == bad.len() =>
            {
                checked += 1
            }
            _ => failures.push(format!("{uri} {bad:?}: {diags:#?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 10, "{checked} patterns checked");
}

/// Every flag node of the catalog: the sum of all its flags and each flag alone are taken; a
/// bit outside them and a negative number draw `invalid-value`.
#[test]
fn every_flag_node_takes_its_combinations_only() {
    let mut checked = 0;
    let mut failures = Vec::new();
    let flag = |s: &str| match s.trim().strip_prefix("0x") {
        Some(h) => i64::from_str_radix(h, 16).ok(),
        None => s.trim().parse::<i64>().ok(),
    };
    for n in support::settable_leaves() {
        let f = n.facts();
        let csp::Allowed::Flag(values) = &f.allowed else {
            continue;
        };
        let flags: Vec<i64> = values.iter().filter_map(|v| flag(&v.value)).collect();
        let mask = flags.iter().fold(0, |m, f| m | f);
        let Some(outside) = (0..40).map(|b| 1i64 << b).find(|b| mask & b == 0) else {
            continue;
        };
        let uri = support::loc_uri(&n);
        let codes = |v: &str| -> Vec<&'static str> {
            native(&uri, f.format.name(), v)
                .iter()
                .map(|d| d.code)
                .filter(|c| *c == "invalid-value")
                .collect()
        };
        let mut good: Vec<String> = flags.iter().map(i64::to_string).collect();
        good.push(mask.to_string());
        for v in &good {
            if !codes(v).is_empty() {
                failures.push(format!("{uri}: {v} refused"));
            }
        }
        let outside = (mask | outside).to_string();
        if codes(&outside) != ["invalid-value"] {
            failures.push(format!("{uri}: {outside} taken"));
        }
        // a flag node holds no negative number: `invalid-number` says so first
        let negative = native(&uri, f.format.name(), "-1");
        if !negative
            .iter()
            .any(|d| matches!(d.code, "invalid-number" | "invalid-value"))
        {
            failures.push(format!("{uri}: -1 taken"));
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 3, "{checked} flag nodes checked");
}

/// The LocURI of the first settable leaf of the catalog that `pick` takes.
fn first_leaf(pick: impl Fn(&csp::Facts) -> bool) -> (String, &'static str) {
    let n = support::settable_leaves()
        .find(|n| pick(n.facts()))
        .expect("a node");
    let uri = support::loc_uri(&n);
    (uri, n.facts().format.name())
}

/// The `invalid-value` of `value` sent to `uri`: the characters it points at (in the value)
/// and its message; `None` when the value is taken.
fn invalid(uri: &str, format: &str, value: &str) -> Option<(String, String)> {
    let text = format!("<Replace><CmdID>2</CmdID><Item><Target><LocURI>{uri}</LocURI></Target><Meta><Format xmlns=\"syncml:metinf\">{format}</Format></Meta><Data>{value}</Data></Item></Replace>");
    let diags = lint(text.as_bytes(), &Catalog::builtin(), &Config::default());
    let d = diags.iter().find(|d| d.code == "invalid-value")?;
    Some((
        text.get(d.span.start..d.span.end)
            .unwrap_or("?")
            .to_string(),
        d.message.clone(),
    ))
}

#[test]
fn base64_values_point_at_the_first_wrong_character() {
    let (uri, format) =
        first_leaf(|f| f.format == csp::Format::B64 && f.allowed == csp::Allowed::None);
    for ok in ["QUJD", "QQ==", "QUI=", "QUJD\r\nQUJD", ""] {
        assert_eq!(invalid(&uri, format, ok), None, "{ok:?}");
    }
    let at = |v: &str| {
        invalid(&uri, format, v)
            .map(|(at, m)| (at, m.split(' ').take(4).collect::<Vec<_>>().join(" ")))
    };
    let character = "this character is not".to_string();
    assert_eq!(at("QU!D"), Some(("!".into(), character.clone())));
    assert_eq!(at("QU✓D"), Some(("✓".into(), character.clone())));
    assert_eq!(at("QQ==="), Some(("=".into(), character.clone())));
    assert_eq!(at("QQ=A"), Some(("A".into(), character)));
    let whole = "the value is not".to_string();
    assert_eq!(at("QUJ"), Some(("QUJ".into(), whole.clone())));
    assert_eq!(at("QUJDQ"), Some(("QUJDQ".into(), whole)));
}

#[test]
fn xml_values_must_be_well_formed() {
    let (uri, format) = first_leaf(|f| f.format == csp::Format::Xml);
    assert_eq!(invalid(&uri, format, "&lt;a&gt;&lt;b/&gt;&lt;/a&gt;"), None);
    let (_, msg) = invalid(&uri, format, "&lt;a&gt;&lt;b&gt;&lt;/a&gt;").expect("refused");
    assert!(msg.contains("is not well-formed XML"), "{msg}");
}

#[test]
fn json_values_point_at_the_character_serde_json_names() {
    let (uri, format) = first_leaf(|f| f.allowed == csp::Allowed::Json);
    assert_eq!(invalid(&uri, format, "{\"a\": [1, 2]}"), None);
    // line 1: the `}` where a value was due; line 2: the `x`
    let at = |v: &str| invalid(&uri, format, v).map(|(at, _)| at);
    assert_eq!(at("{\"a\":}").as_deref(), Some("}"));
    assert_eq!(at("{\"é\":}").as_deref(), Some("}"));
    assert_eq!(at("[\"✓\", x]").as_deref(), Some("x"));
    // a column inside a character (serde_json stops in the middle of `é`): the character
    assert_eq!(at("[\"a\\u12é\"]").as_deref(), Some("é"));
    assert_eq!(at("{\n\"a\": x}").as_deref(), Some("x"));
    assert_eq!(at("{\n\"a\": 1,\n\"b\": y}").as_deref(), Some("y"));
    let (_, msg) = invalid(&uri, format, "[1,").expect("refused");
    assert!(msg.contains("is not valid JSON"), "{msg}");
}
