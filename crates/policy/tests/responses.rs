//! A device's response read with the message it answers (`--request`): each failed status
//! points at its command in the request, with the rules' findings there; a response that does
//! not answer the request says so, once.

use std::path::Path;

use policy::response::lint_with_request;
use policy::{Catalog, Config, Diagnostic, LineIndex};

fn corpus(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../corpus/responses")
            .join(name),
    )
    .expect("fixture")
}

/// `(code, line)` of each diagnostic.
fn lines(bytes: &[u8], diags: &[Diagnostic]) -> Vec<(&'static str, usize)> {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let index = LineIndex::new(text);
    diags
        .iter()
        .map(|d| (d.code, index.line_col(text, d.span.start).line))
        .collect()
}

#[test]
fn failed_statuses_point_at_their_commands_with_the_rules_findings() {
    let (response, sent) = (corpus("response.xml"), corpus("sent.xml"));
    let a = lint_with_request(&response, &sent, &Catalog::builtin(), &Config::default());
    // 404, 405, 507 and 418; the 216 of the command the Atomic rolled back is not a failure
    assert_eq!(
        lines(&response, &a.response.diagnostics),
        [
            ("device-status", 21),
            ("device-status", 23),
            ("device-status", 24),
            ("device-status", 25)
        ]
    );
    // in the request: each failed command, and what the rules say of it (the misspelt policy,
    // the write to Policy/Result); the commands that succeeded are not reported
    assert_eq!(
        lines(&sent, &a.request.diagnostics),
        [
            ("device-status", 23),
            ("unknown-policy", 26),
            ("command-not-allowed", 31),
            ("device-status", 31),
            ("device-status", 39),
            ("device-status", 41)
        ]
    );
    let first = &a.request.diagnostics[0];
    assert!(first.message.contains("status 404"), "{}", first.message);
    assert!(
        first.message.contains("line 21 of the response"),
        "{}",
        first.message
    );
    // the label is on the LocURI the status names
    let label = first.labels.first().expect("a label on the LocURI");
    let text = std::str::from_utf8(&sent).unwrap();
    assert_eq!(
        &text[label.span.start..label.span.end],
        "./Device/Vendor/MSFT/Policy/Config/Experience/AllowCortanna"
    );
}

#[test]
fn a_response_to_another_message_says_so_once() {
    let response = corpus("response.xml");
    let other = br#"<Replace><CmdID>42</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/Policy/Config/Update/ActiveHoursStart</LocURI></Target><Meta><Format xmlns="syncml:metinf">int</Format></Meta><Data>8</Data></Item></Replace>"#;
    let a = lint_with_request(&response, other, &Catalog::builtin(), &Config::default());
    let not_answers: Vec<&Diagnostic> = a
        .response
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("does not answer"))
        .collect();
    assert_eq!(not_answers.len(), 1, "{:#?}", a.response.diagnostics);
    assert!(not_answers[0].message.contains("none of its 8 statuses"));
    assert!(a.request.diagnostics.is_empty());
}

#[test]
fn an_unknown_cmdref_and_another_msgref_are_reported_each() {
    let sent = corpus("sent.xml");
    let text = String::from_utf8(corpus("response.xml")).unwrap();
    let text = text
        .replace("<CmdRef>4</CmdRef>", "<CmdRef>40</CmdRef>")
        .replace(
            "<MsgRef>1</MsgRef><CmdRef>5</CmdRef>",
            "<MsgRef>7</MsgRef><CmdRef>5</CmdRef>",
        );
    let a = lint_with_request(
        text.as_bytes(),
        &sent,
        &Catalog::builtin(),
        &Config::default(),
    );
    let messages: Vec<&str> = a
        .response
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("answers command 40, which the request does not hold")),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("answers message 7, but the request is message 1")),
        "{messages:#?}"
    );
    // what no longer matches is not pointed at in the request
    let sent_lines = lines(&sent, &a.request.diagnostics);
    assert!(
        !sent_lines.contains(&("device-status", 31)),
        "{sent_lines:?}"
    );
    assert!(
        !sent_lines.contains(&("device-status", 39)),
        "{sent_lines:?}"
    );
}

#[test]
fn a_request_that_is_a_profile_fragment_is_matched_by_cmdid() {
    let response = corpus("response.xml");
    let fragment = br#"<Replace><CmdID>3</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/Policy/Config/Experience/AllowCortanna</LocURI></Target><Meta><Format xmlns="syncml:metinf">int</Format></Meta><Data>0</Data></Item></Replace>"#;
    let a = lint_with_request(&response, fragment, &Catalog::builtin(), &Config::default());
    let codes: Vec<&str> = a.request.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["device-status", "unknown-policy"]);
}

#[test]
fn results_are_checked_against_the_catalog() {
    let text = String::from_utf8(corpus("response.xml"))
        .unwrap()
        .replace("<Data>8</Data>", "<Data>30</Data>");
    let diags = policy::lint(text.as_bytes(), &Catalog::builtin(), &Config::default());
    let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"value-out-of-range"), "{codes:?}");
}

/// 100,000 statuses that answer nothing: one diagnostic in the response for the mismatch, and
/// the cost of a parse.
#[test]
fn many_statuses_answering_nothing_are_one_diagnostic() {
    let mut text = String::from("<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>2</MsgID><Target><LocURI>https://mdm</LocURI></Target><Source><LocURI>urn:uuid:1</LocURI></Source></SyncHdr><SyncBody>");
    for i in 0..100_000 {
        text.push_str(&format!("<Status><CmdID>{}</CmdID><MsgRef>1</MsgRef><CmdRef>{}</CmdRef><Cmd>Replace</Cmd><Data>200</Data></Status>", i + 1, i + 1000));
    }
    text.push_str("<Final/></SyncBody></SyncML>");
    let a = lint_with_request(
        text.as_bytes(),
        &corpus("sent.xml"),
        &Catalog::builtin(),
        &Config::default(),
    );
    assert_eq!(
        a.response.diagnostics.len(),
        1,
        "{:#?}",
        a.response.diagnostics.first()
    );
}
