//! Inline suppressions: what each comment covers, what it does not, and that their cost stays
//! bounded whatever their number.

use policy::{lint, lint_counted, Catalog, Config, Diagnostic};

const WRONG_FORMAT: &str = r#"<Replace><CmdID>2</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/Policy/Config/Update/ActiveHoursStart</LocURI></Target><Meta><Format xmlns="syncml:metinf">chr</Format></Meta><Data>8</Data></Item></Replace>"#;

/// [`WRONG_FORMAT`] with CmdID `id`.
fn wrong_format(id: usize) -> String {
    WRONG_FORMAT.replace("<CmdID>2", &format!("<CmdID>{id}"))
}

fn codes(text: &str) -> Vec<&'static str> {
    codes_with(text, &Config::default())
}

fn codes_with(text: &str, config: &Config) -> Vec<&'static str> {
    lint(text.as_bytes(), &Catalog::builtin(), config)
        .iter()
        .map(|d: &Diagnostic| d.code)
        .collect()
}

#[test]
fn an_ignore_covers_the_next_element_and_only_it() {
    let two = format!(
        "<!-- syncml-lint: ignore format-mismatch -->\n{WRONG_FORMAT}\n{}",
        wrong_format(3)
    );
    let diags = lint(two.as_bytes(), &Catalog::builtin(), &Config::default());
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let second = two.rfind("chr").expect("second Format");
    assert_eq!(diags[0].code, "format-mismatch");
    assert_eq!(
        diags[0].span.start, second,
        "the second command is not covered"
    );
}

#[test]
fn an_ignore_inside_an_element_covers_its_next_sibling() {
    let inner = WRONG_FORMAT.replace(
        "<Meta>",
        "<!-- syncml-lint: ignore format-mismatch --><Meta>",
    );
    assert_eq!(codes(&inner), Vec::<&str>::new());
    // before the Target, the Meta is not covered, and the comment suppressed nothing
    let before = WRONG_FORMAT.replace(
        "<Target>",
        "<!-- syncml-lint: ignore format-mismatch --><Target>",
    );
    assert_eq!(codes(&before), ["unused-suppression", "format-mismatch"]);
}

#[test]
fn ignore_file_covers_the_whole_file_from_anywhere() {
    let text = format!(
        "{WRONG_FORMAT}\n{}\n<!-- syncml-lint: ignore-file format-mismatch -->\n",
        wrong_format(3)
    );
    assert_eq!(codes(&text), Vec::<&str>::new());
}

/// A whole message with `comment` in place of the `at`-th `{}`: before the root, in the header,
/// in the body, inside a command (which the check takes out of the document once read), after
/// the root.
fn message_with_comment(at: usize, comment: &str) -> String {
    let template = format!(
        "<?xml version=\"1.0\"?>\n{{}}<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncHdr>{{}}<VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>d</LocURI></Target><Source><LocURI>s</LocURI></Source></SyncHdr><SyncBody>{{}}{}<Final/></SyncBody></SyncML>{{}}\n",
        WRONG_FORMAT.replace("<Item>", "{}<Item>")
    );
    let mut out = String::new();
    for (i, part) in template.split("{}").enumerate() {
        if i > 0 && i - 1 == at {
            out.push_str(comment);
        }
        out.push_str(part);
    }
    out
}

#[test]
fn an_ignore_file_is_found_wherever_a_comment_stands() {
    for at in 0..5 {
        let ignored = message_with_comment(at, "<!-- syncml-lint: ignore-file format-mismatch -->");
        assert_eq!(codes(&ignored), Vec::<&str>::new(), "{ignored}");
        let plain = message_with_comment(at, "<!-- a comment that suppresses nothing -->");
        assert_eq!(codes(&plain), ["format-mismatch"], "{plain}");
    }
}

#[test]
fn a_comment_in_cdata_or_in_an_escaped_payload_is_data() {
    let cdata = WRONG_FORMAT.replace(
        "<Data>8</Data>",
        "<Data><![CDATA[<!-- syncml-lint: ignore-file format-mismatch -->]]></Data>",
    );
    assert!(codes(&cdata).contains(&"format-mismatch"));
    let escaped = WRONG_FORMAT.replace(
        "<Data>8</Data>",
        "<Data>&lt;!-- syncml-lint: ignore-file format-mismatch --&gt;</Data>",
    );
    assert!(codes(&escaped).contains(&"format-mismatch"));
}

#[test]
fn codes_are_separated_by_commas_or_spaces() {
    for list in [
        "format-mismatch,not-in-catalog",
        "format-mismatch not-in-catalog",
        " format-mismatch ,  not-in-catalog ",
    ] {
        let text = format!("<!-- syncml-lint: ignore {list} -->\n<Atomic><CmdID>1</CmdID>{WRONG_FORMAT}{}</Atomic>",
            WRONG_FORMAT.replace("<CmdID>2", "<CmdID>3").replace("Policy/Config/Update/ActiveHoursStart", "Contoso/Agent/Mode"));
        assert_eq!(codes(&text), Vec::<&str>::new(), "{list}");
    }
}

#[test]
fn a_suppressed_diagnostic_is_not_counted() {
    let text = format!("<!-- syncml-lint: ignore format-mismatch -->\n{WRONG_FORMAT}");
    let linted = lint_counted(
        text.as_bytes(),
        &Catalog::builtin(),
        &Config {
            max_diagnostics: 0,
            ..Config::default()
        },
    );
    assert_eq!(linted.hidden, policy::Counts::default());
}

#[test]
fn a_code_whose_rule_is_off_is_not_unused() {
    let text = format!("<!-- syncml-lint: ignore format-mismatch -->\n{WRONG_FORMAT}");
    let config = Config {
        ignore: vec!["format-mismatch".into()],
        ..Config::default()
    };
    assert_eq!(codes_with(&text, &config), Vec::<&str>::new());
}

#[test]
fn nested_suppressions_of_one_code_each_cover_their_element() {
    // an outer suppression of the same code on an Atomic, an inner one on a command: both
    // find their diagnostic
    let other = wrong_format(4);
    let text = format!(
        "<!-- syncml-lint: ignore format-mismatch -->\n<Atomic><CmdID>1</CmdID><!-- syncml-lint: ignore format-mismatch -->{WRONG_FORMAT}{other}</Atomic>"
    );
    assert_eq!(codes(&text), Vec::<&str>::new());
}

/// 20,000 suppressed commands, each with its own comment: every one is found, and the time is
/// that of the parse (a lookup walks up the nesting, not along the siblings).
#[test]
fn many_suppressions_cost_no_more_than_their_comments() {
    let mut text = String::new();
    for i in 0..20_000 {
        text.push_str("<!-- syncml-lint: ignore format-mismatch -->");
        text.push_str(&wrong_format(i + 2));
    }
    let config = Config {
        max_diagnostics: usize::MAX,
        ..Config::default()
    };
    assert_eq!(codes_with(&text, &config), Vec::<&str>::new());
}

/// The fix of an unused code takes it out with its separator; the used code stays.
#[test]
fn the_fix_of_an_unused_code_keeps_the_used_ones() {
    for (comment, fixed) in [
        ("format-mismatch, not-in-catalog", "format-mismatch"),
        ("not-in-catalog, format-mismatch", "format-mismatch"),
        (
            "not-in-catalog format-mismatch deprecated-node",
            "format-mismatch",
        ),
    ] {
        let text = format!("<!-- syncml-lint: ignore {comment} -->\n{WRONG_FORMAT}");
        let diags = lint(text.as_bytes(), &Catalog::builtin(), &Config::default());
        let mut out = text.clone();
        let mut edits: Vec<_> = diags
            .iter()
            .flat_map(|d| d.fix.iter().flat_map(|f| f.edits.iter()))
            .collect();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        for e in edits {
            out.replace_range(e.span.start..e.span.end, &e.content);
        }
        assert_eq!(
            out,
            format!("<!-- syncml-lint: ignore {fixed} -->\n{WRONG_FORMAT}"),
            "{comment}"
        );
    }
}

#[test]
fn a_suppressed_diagnostic_is_still_found_on_the_next_item_that_repeats_it() {
    // a device policy under `./User`: `scope-mismatch`, from the checks of the LocURI, which a
    // repeated LocURI skips only when they found nothing, suppressed or not
    let user = |id| {
        wrong_format(id)
            .replace("./Device/", "./User/")
            .replace(">chr<", ">int<")
    };
    let two = format!(
        "<!-- syncml-lint: ignore scope-mismatch -->\n{}\n{}",
        user(3),
        user(4)
    );
    let diags = lint(two.as_bytes(), &Catalog::builtin(), &Config::default());
    let second = two.rfind("User").expect("second LocURI");
    let found: Vec<(&str, usize)> = diags.iter().map(|d| (d.code, d.span.start)).collect();
    assert_eq!(found, [("scope-mismatch", second)], "{diags:#?}");
}
