//! What the structural rules say, exactly: `missing-element` for the message and its items,
//! `missing-data` on native nodes (with and without a default), `payload-state` for `data`
//! without `id` or `value`, `not-in-catalog` for areas of ADMX that was not ingested.

use policy::{lint, Catalog, Config, Diagnostic};

mod support;

fn run(text: &str) -> Vec<Diagnostic> {
    lint(text.as_bytes(), &Catalog::builtin(), &Config::default())
}

/// The diagnostics of `code`: the text each points at, its message and help.
fn said(text: &str, code: &str) -> Vec<(String, String, String)> {
    run(text)
        .into_iter()
        .filter(|d| d.code == code)
        .map(|d| {
            (
                text.get(d.span.start..d.span.end)
                    .unwrap_or("?")
                    .to_string(),
                d.message,
                d.help.unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn a_message_without_body_and_a_target_without_loc_uri() {
    let text = "<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>urn:uuid:1</LocURI></Target><Source><LocURI>https://mdm</LocURI></Source></SyncHdr></SyncML>";
    let got = said(text, "missing-element");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "<SyncML xmlns=\"SYNCML:SYNCML1.2\">");
    assert_eq!(got[0].1, "the message has no `SyncBody`");
    let text = "<Get><CmdID>2</CmdID><Item><Target></Target></Item></Get>";
    let got = said(text, "missing-element");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].0.as_str(), got[0].1.as_str()),
        ("<Target>", "`Target` has no `LocURI`")
    );
}

#[test]
fn a_native_node_without_a_value_names_its_default() {
    let catalog = Catalog::builtin();
    let leaf = |with_default: bool| {
        catalog
            .csp()
            .nodes()
            .find(|n| {
                let f = n.facts();
                n.loc_uri()
                    .starts_with("./Device/Vendor/MSFT/Policy/Config/")
                    && f.format == csp::Format::Int
                    && f.admx().is_none()
                    && f.access.allows("Replace")
                    && f.default.as_deref().is_some_and(|d| !d.is_empty()) == with_default
            })
            .expect("a node")
    };
    for with_default in [true, false] {
        let n = leaf(with_default);
        let uri = n.loc_uri();
        let name = n.name();
        let default = n.facts().default.clone().unwrap_or_default();
        let help = if with_default {
            format!("send a `int` value (its default is `{default}`); to unset it, use `Delete`")
        } else {
            "send a `int` value; to unset it, use `Delete`".to_string()
        };
        let meta = "<Meta><Format xmlns=\"syncml:metinf\">int</Format></Meta>";
        let none = format!("<Replace><CmdID>2</CmdID><Item><Target><LocURI>{uri}</LocURI></Target>{meta}</Item></Replace>");
        assert_eq!(
            said(&none, "missing-data"),
            [(
                "<Item>".to_string(),
                format!("`{name}` is set without `Data`"),
                help.clone()
            )]
        );
        let empty = format!("<Replace><CmdID>2</CmdID><Item><Target><LocURI>{uri}</LocURI></Target>{meta}<Data></Data></Item></Replace>");
        assert_eq!(
            said(&empty, "missing-data"),
            [(
                "<Data></Data>".to_string(),
                format!("`Data` is empty: `{name}` has no empty value"),
                help
            )]
        );
    }
}

#[test]
fn data_without_id_or_value() {
    let ra = "./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/SessionLogging";
    let with = |payload: &str| {
        said(
            &format!("<Replace><CmdID>2</CmdID><Item><Target><LocURI>{ra}</LocURI></Target><Data><![CDATA[<enabled/>{payload}]]></Data></Item></Replace>"),
            "payload-state",
        )
        .into_iter()
        .map(|(at, msg, _)| (at, msg))
        .collect::<Vec<_>>()
    };
    assert_eq!(
        with("<data value=\"1\"/>"),
        [(
            "<data value=\"1\"/>".to_string(),
            "`<data>` has no `id`".to_string()
        )]
    );
    assert_eq!(
        with("<data id=\"x\"/>"),
        [(
            "<data id=\"x\"/>".to_string(),
            "`<data>` has no `value`".to_string()
        )]
    );
}

#[test]
fn areas_of_admx_that_was_not_ingested() {
    let area = |a: &str| {
        said(
            &format!("<Replace><CmdID>2</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/Policy/Config/{a}/P</LocURI></Target><Data><![CDATA[<enabled/>]]></Data></Item></Replace>"),
            "not-in-catalog",
        )
    };
    let ingested = area("Contoso~Policy~Cat");
    assert_eq!(ingested.len(), 1, "{ingested:?}");
    assert_eq!(ingested[0].0, "Contoso~Policy~Cat");
    assert_eq!(
        ingested[0].1,
        "area `Contoso~Policy~Cat` is not in the catalog: its payload is checked for shape only"
    );
    assert_eq!(
        ingested[0].2,
        "ingest the ADMX file in the same message to check ids and values"
    );
    let other = area("Contoso~Other~Cat");
    assert_eq!(other.len(), 1, "{other:?}");
    assert_eq!(
        other[0].1,
        "area `Contoso~Other~Cat` is not in the catalog: its value is not checked"
    );
}

#[test]
fn a_root_in_another_namespace_is_told_which_to_declare() {
    let help = |ns: &str| {
        let text = format!("<SyncML xmlns=\"{ns}\"><SyncBody><Final/></SyncBody></SyncML>");
        let got = said(&text, "syncml-root");
        assert_eq!(got.len(), 1, "{got:?}");
        got[0].2.clone()
    };
    assert_eq!(
        help("syncml:syncml1.2"),
        "the namespace is case-sensitive: write `xmlns=\"SYNCML:SYNCML1.2\"`"
    );
    assert_eq!(
        help("urn:contoso"),
        "declare `xmlns=\"SYNCML:SYNCML1.2\"` on the root"
    );
}

#[test]
fn escapes_inside_cdata_are_named_by_either_bracket() {
    let ra = "./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/SessionLogging";
    for payload in ["&lt;enabled/>", "<enabled/>x&gt;", "&lt;enabled/&gt;"] {
        let got = said(
            &format!("<Replace><CmdID>2</CmdID><Item><Target><LocURI>{ra}</LocURI></Target><Data><![CDATA[{payload}]]></Data></Item></Replace>"),
            "payload-state",
        );
        assert!(
            got.iter().any(|(_, msg, _)| msg
                == "the payload is escaped inside CDATA: CDATA already keeps `<` as it is"),
            "{payload}: {got:?}"
        );
    }
}

/// Past `max-diagnostics`, the errors are kept first, then warnings, then infos, and the note
/// counts exactly what is not shown, by severity.
#[test]
fn the_note_counts_what_is_not_shown() {
    let ra = "./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/SessionLogging";
    let mut text = String::new();
    for i in 0..4 {
        // an error (CmdID 0) and an info (an unknown CSP)
        text += &format!("<Get><CmdID>0</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/Nope{i}/X</LocURI></Target></Item></Get>");
        // a warning: data sent with a disabled policy
        text += &format!("<Replace><CmdID>{}</CmdID><Item><Target><LocURI>{ra}</LocURI></Target><Data><![CDATA[<disabled/><data id=\"x\" value=\"1\"/>]]></Data></Item></Replace>", i + 10);
    }
    let all = lint(text.as_bytes(), &Catalog::builtin(), &Config::default());
    let count = |s: policy::Severity| all.iter().filter(|d| d.severity == s).count();
    let (errors, warnings, infos) = (
        count(policy::Severity::Error),
        count(policy::Severity::Warning),
        count(policy::Severity::Info),
    );
    assert!(errors >= 4 && warnings >= 4 && infos >= 4, "{all:#?}");
    let max = errors + 1;
    let config = Config {
        max_diagnostics: max,
        ..Config::default()
    };
    let kept = lint(text.as_bytes(), &Catalog::builtin(), &config);
    let note = kept
        .iter()
        .find(|d| d.code == "too-many-diagnostics")
        .expect("a note");
    let hidden = errors + warnings + infos - max;
    assert_eq!(
        note.message,
        format!(
            "{hidden} more diagnostics in this file are not shown ({} warnings, {infos} infos); they still count in the summary and the exit code",
            warnings - 1
        )
    );
    assert_eq!(
        kept.iter()
            .filter(|d| d.severity == policy::Severity::Error)
            .count(),
        errors
    );
}

#[test]
fn data_in_a_get_is_data_when_it_holds_an_element() {
    let get = |data: &str| {
        said(
            &format!("<Get><CmdID>2</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/SessionLogging</LocURI></Target><Data>{data}</Data></Item></Get>"),
            "unexpected-data",
        )
        .len()
    };
    assert_eq!(get(" "), 0);
    assert_eq!(get("<![CDATA[ ]]>"), 0);
    assert_eq!(get("<x/>"), 1);
    assert_eq!(get("1"), 1);
}

#[test]
fn an_element_misplaced_outside_a_command_is_not_wrapped_in_an_item() {
    let text = "<Get><CmdID>2</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/SessionLogging</LocURI><Meta/></Target></Item></Get>";
    let got = said(text, "unexpected-element");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "<Meta/>");
    assert_eq!(got[0].2, "`Meta` is not allowed here");
    // directly in a command, it is
    let text = "<Get><CmdID>2</CmdID><Target><LocURI>./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/SessionLogging</LocURI></Target></Get>";
    let got = said(text, "unexpected-element");
    assert_eq!(
        got.first().map(|g| g.2.as_str()),
        Some("wrap it in `<Item>`: a command holds its `Target` inside an `Item`")
    );
}

#[test]
fn an_unknown_data_id_is_told_what_the_policy_holds() {
    let help = |policy: &str, id: &str| {
        let got = said(
            &format!("<Replace><CmdID>2</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/{policy}</LocURI></Target><Data><![CDATA[<enabled/><data id=\"{id}\" value=\"1\"/>]]></Data></Item></Replace>"),
            "unknown-data-id",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        got[0].2.clone()
    };
    assert_eq!(
        help("SessionLogging", "Zzzz"),
        "policy `RA_Logging` has no elements: send `<enabled/>` alone"
    );
    let listed = help("UnsolicitedRemoteAssistance", "Zzzz");
    assert!(
        listed.starts_with("the elements of `RA_Unsolicit` are: "),
        "{listed}"
    );
    let elsewhere = help("SessionLogging", "RA_Solicit_Mailto_List");
    assert!(elsewhere.contains("RA_Solicit"), "{elsewhere}");
    assert!(elsewhere.contains(", whose elements are: "), "{elsewhere}");
}

#[test]
fn commands_outside_the_body_are_moved_into_it_and_others_removed() {
    let text = "<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>urn:uuid:1</LocURI></Target><Source><LocURI>https://mdm</LocURI></Source></SyncHdr><Foo/><Get><CmdID>3</CmdID><Item><Target><LocURI>./DevDetail/SwV</LocURI></Target></Item></Get><SyncBody><Final/></SyncBody></SyncML>";
    let got: Vec<(String, String)> = said(text, "unexpected-element")
        .into_iter()
        .map(|(at, _, help)| (at, help))
        .collect();
    assert_eq!(
        got,
        [
            (
                "<Foo/>".to_string(),
                "`Foo` is not part of SyncML as Windows reads it; remove it".to_string()
            ),
            ("<Get>".to_string(), "move it into `<SyncBody>`".to_string())
        ]
    );
}

/// A default written empty in a DDF is no default to name.
#[test]
fn an_empty_default_is_not_named() {
    let c = support::catalog_of(vec![(
        "./Device/Vendor/MSFT/Contoso/Level",
        csp::Facts {
            format: csp::Format::Int,
            access: csp::Access(csp::Access::REPLACE | csp::Access::GET),
            default: Some(String::new()),
            ..csp::Facts::default()
        },
    )]);
    let text = "<Replace><CmdID>2</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/Contoso/Level</LocURI></Target><Meta><Format xmlns=\"syncml:metinf\">int</Format></Meta></Item></Replace>";
    let diags = lint(text.as_bytes(), &c, &Config::default());
    let d = diags
        .iter()
        .find(|d| d.code == "missing-data")
        .expect("missing-data");
    assert_eq!(
        d.help.as_deref(),
        Some("send a `int` value; to unset it, use `Delete`")
    );
}

/// Whatever the order of errors, warnings and infos, what is kept past `max-diagnostics` is
/// the first of each severity, errors first, and the note counts the rest by severity:
/// against a model, over sequences that fill the buffer of four times the maximum.
#[test]
fn what_is_kept_is_the_first_of_each_severity_errors_first() {
    let ra = "./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/SessionLogging";
    // one command per diagnostic: an error, a warning or an info
    let command = |kind: u64, i: usize| {
        match kind {
        0 => format!("<Get><CmdID>{i}</CmdID><Item><Target><LocURI>/x</LocURI></Target></Item></Get>"),
        1 => format!("<Replace><CmdID>{i}</CmdID><Item><Target><LocURI>{ra}</LocURI></Target><Data><![CDATA[<disabled/><data id=\"x\" value=\"1\"/>]]></Data></Item></Replace>"),
        _ => format!("<Get><CmdID>{i}</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/Nope/X</LocURI></Target></Item></Get>"),
    }
    };
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    let kept = |text: &str, max: usize| -> Vec<(usize, &'static str)> {
        let config = Config {
            max_diagnostics: max,
            ..Config::default()
        };
        lint(text.as_bytes(), &Catalog::builtin(), &config)
            .into_iter()
            .filter(|d| d.code != "too-many-diagnostics")
            .map(|d| (d.span.start, d.code))
            .collect()
    };
    // the buffer filled with one severity, then better ones: (severity, how many) runs
    let fills: [&[(u64, usize)]; 6] = [
        &[(1, 64), (0, 3)],
        &[(2, 64), (1, 3), (0, 3)],
        &[(2, 40), (1, 24), (0, 20)],
        &[(0, 70), (1, 2), (2, 2)],
        &[(2, 10), (1, 54), (0, 20)],
        &[(2, 64), (1, 64), (0, 20)],
    ];
    for round in 0..18 {
        let max = [16, 17, 20][round % 3];
        let len = 4 * max + 20 + next(60) as usize;
        // runs of one severity, so that every order of filling and evicting occurs
        let mut kinds = Vec::new();
        match fills.get(round.wrapping_sub(12)) {
            Some(runs) => {
                for &(kind, n) in *runs {
                    kinds.extend(std::iter::repeat_n(kind, n));
                }
            }
            None => {
                while kinds.len() < len {
                    let kind = next(3);
                    for _ in 0..1 + next(3 * max as u64) {
                        kinds.push(kind);
                    }
                }
                kinds.truncate(len);
            }
        }
        let max = if round >= 12 { 16 } else { max };
        let len = kinds.len();
        let text: String = kinds
            .iter()
            .enumerate()
            .map(|(i, &k)| command(k, i + 1))
            .collect();
        let all = kept(&text, 100_000);
        assert_eq!(all.len(), len, "one diagnostic per command");
        let rank = |code: &str| match code {
            "invalid-loc-uri" => 0,
            "data-when-disabled" => 1,
            _ => 2,
        };
        let mut want: Vec<(usize, &'static str)> = all.clone();
        want.sort_by_key(|(at, code)| (rank(code), *at));
        want.truncate(max);
        want.sort();
        assert_eq!(kept(&text, max), want, "round {round}, max {max}");
    }
}

/// Empty `Data` is no value; whitespace is no value of a number, but is one of a string.
#[test]
fn empty_and_blank_values() {
    let find = |pick: &dyn Fn(&csp::Facts) -> bool| {
        support::settable_leaves()
            .find(|n| {
                let f = n.facts();
                !n.loc_uri().contains('{') && f.admx().is_none() && pick(f)
            })
            .expect("a node")
            .loc_uri()
    };
    let int = find(&|f| f.format == csp::Format::Int && f.default.is_none());
    let chr = find(&|f| f.format == csp::Format::Chr && f.allowed == csp::Allowed::None);
    let chr_enum = find(&|f| {
        f.format == csp::Format::Chr
            && matches!(&f.allowed, csp::Allowed::Enum(v) if v.iter().all(|e| !e.value.is_empty()))
    });
    let send = |uri: &str, format: &str, data: &str| {
        said(
            &format!("<Replace><CmdID>2</CmdID><Item><Target><LocURI>{uri}</LocURI></Target><Meta><Format xmlns=\"syncml:metinf\">{format}</Format></Meta><Data>{data}</Data></Item></Replace>"),
            "missing-data",
        )
        .len()
    };
    assert_eq!(send(&int, "int", ""), 1, "{int}");
    assert_eq!(send(&int, "int", "  "), 1, "{int}");
    assert_eq!(send(&chr, "chr", "  "), 0, "{chr}");
    assert_eq!(send(&chr_enum, "chr", ""), 1, "{chr_enum}");
    // string nodes that hold a number of a range, or flags (as a `--ddf-dir` may define)
    let def = |uri, allowed| {
        let facts = csp::Facts {
            format: csp::Format::Chr,
            access: csp::Access(csp::Access::REPLACE),
            allowed,
            ..csp::Facts::default()
        };
        (uri, facts)
    };
    let c = support::catalog_of(vec![
        def(
            "./Device/Vendor/MSFT/Contoso/Range",
            csp::Allowed::Range { min: 0, max: 9 },
        ),
        def(
            "./Device/Vendor/MSFT/Contoso/Flags",
            csp::Allowed::Flag(Vec::new()),
        ),
    ]);
    for node in ["Range", "Flags"] {
        let text = format!("<Replace><CmdID>2</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/Contoso/{node}</LocURI></Target><Data></Data></Item></Replace>");
        let diags = lint(text.as_bytes(), &c, &Config::default());
        assert!(
            diags.iter().any(|d| d.code == "missing-data"),
            "{node}: {diags:#?}"
        );
    }
}
