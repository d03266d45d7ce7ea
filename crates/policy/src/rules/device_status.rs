//! A device's response reports a command that failed.
//!
//! ## What it checks
//! In a message from a device (a `SyncBody` of `Status` and `Results`, as MDM servers and
//! device logs keep them), every `Status` whose code is not a success: 2xx are successes (the
//! header's `212` too; `216`, an Atomic's command rolled back, is reported through the
//! Atomic's `507`). The message names the command (`Cmd`, `CmdRef`, `TargetRef`) and what the
//! code means; `syncml-lint explain CODE` says more. A `Status` without a code, or with one
//! that is not a number, is reported too.
//!
//!
//! With `--request SENT` (the message the server sent, or the profile it came from), each
//! failed status gets a second diagnostic in SENT, on the command it answers (labelled on the
//! LocURI the status names), together with what the other rules find in that command. A
//! status that answers a command SENT does not hold (`CmdRef`), or another message (`MsgRef`
//! against SENT's `MsgID`), is reported in the response; a response of which nothing answers
//! SENT gets one diagnostic. The `Results` of a `Get` are checked as values sent to the node
//! (format, range, enumeration).
//!
//! ## Why it matters
//! A response is where the device says what it did not do. Read this way, a log of thousands of
//! statuses shows the failed ones, each with the likely cause in the profile.
//!
//! ## Example
//! ```xml
//! <Status><CmdID>3</CmdID><MsgRef>1</MsgRef><CmdRef>4</CmdRef><Cmd>Replace</Cmd>
//!   <TargetRef>./Device/Vendor/MSFT/Policy/Result/Update/ActiveHoursStart</TargetRef><Data>405</Data></Status>
//! ```
//!
//! ## Fix
//! Fix the command of the profile that the status answers (here: write under `Policy/Config`),
//! and check the profile with `syncml-lint check`.

use diagnostics::{Diagnostic, Span};
use syncml::ast::Leaf;
use syncml::{Command, CommandKind};

use crate::check::Cx;

pub(crate) const CODE: &str = "device-status";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

pub(crate) fn check(cx: &mut Cx<'_>, command: &Command<'_>) {
    if command.kind != CommandKind::Status {
        return;
    }
    let text = |name: &str| child_text(command, name);
    let what = {
        let mut parts = Vec::new();
        if let Some(c) = text("Cmd") {
            parts.push(format!("`{c}`"));
        }
        if let Some(r) = text("CmdRef") {
            parts.push(format!("command {r}"));
        }
        if let Some(t) = text("TargetRef") {
            parts.push(format!("on `{t}`"));
        }
        if parts.is_empty() {
            "a command".to_string()
        } else {
            parts.join(" ")
        }
    };
    let Some(data) = command.data else {
        cx.emit(
            Diagnostic::error(
                CODE,
                command.element.start_tag(),
                format!("the status of {what} has no code (`Data`)"),
            )
            .with_help("a `Status` carries its code in `Data`, e.g. `<Data>200</Data>`"),
        );
        return;
    };
    let leaf = Leaf::new(data);
    let value = leaf.value.trim();
    let Ok(code) = value.parse::<u16>() else {
        cx.emit(
            Diagnostic::error(
                CODE,
                leaf.primary_span(),
                format!("`{value}` is not a status code (status of {what})"),
            )
            .with_help("a status code is a number, e.g. `200`"),
        );
        return;
    };
    if is_success(code) {
        return;
    }
    let (meaning, help) = meaning(code);
    cx.emit(
        Diagnostic::error(
            CODE,
            leaf.primary_span(),
            format!("the device answered {what} with status {code}: {meaning}"),
        )
        .with_help(help),
    );
}

/// Whether a status code is a success: 2xx (the header's `212`, and `216` of a command an
/// `Atomic` rolled back, whose failure is the Atomic's `507`).
pub(crate) fn is_success(code: u16) -> bool {
    (200..300).contains(&code)
}

/// What a status code means, and the help that names its usual causes.
fn meaning(code: u16) -> (String, String) {
    let explained = crate::status::explain(&code.to_string());
    let field = |name: &str| {
        explained
            .as_ref()
            .and_then(|v| v[name].as_str().map(str::to_string))
    };
    let meaning = field("meaning").unwrap_or_else(|| "a status syncml-lint does not know".into());
    let help = match field("causes") {
        Some(c) => format!("usual causes: {c}; `syncml-lint explain {code}` says more"),
        None => format!("`syncml-lint explain {code}` says more"),
    };
    (meaning, help)
}

/// In the message the server sent (`--request`): the command a failed status answers.
/// `line` is the status's line in the response.
pub(crate) fn answered(
    start_tag: Span,
    target: Option<Span>,
    kind: &str,
    cmd_id: &str,
    code: u16,
    line: usize,
) -> Diagnostic {
    let (meaning, help) = meaning(code);
    let mut d = Diagnostic::error(
        CODE,
        start_tag,
        format!(
            "the device answered this `{kind}` (CmdID {cmd_id}) with status {code}: {meaning} (line {line} of the response)"
        ),
    )
    .with_help(help);
    if let Some(t) = target {
        d = d.with_label(t, format!("status {code} for this node"));
    }
    d
}

/// In a response: a status that refers to a command SENT does not hold.
pub(crate) fn unknown_command(span: Span, cmd_ref: &str) -> Diagnostic {
    Diagnostic::error(
        CODE,
        span,
        format!("this answers command {cmd_ref}, which the request does not hold"),
    )
    .with_help("pass with `--request` the message (or profile) that this response answers")
}

/// In a response: a status that answers another message than SENT.
pub(crate) fn not_this_message(span: Span, msg_ref: &str, msg_id: &str) -> Diagnostic {
    Diagnostic::error(
        CODE,
        span,
        format!("this answers message {msg_ref}, but the request is message {msg_id}"),
    )
    .with_help("pass with `--request` the message (or profile) that this response answers")
}

/// In a response: nothing in it answers SENT.
pub(crate) fn not_an_answer(span: Span, statuses: usize) -> Diagnostic {
    Diagnostic::error(
        CODE,
        span,
        format!(
            "this response does not answer the request: none of its {statuses} statuses refers to a command of it"
        ),
    )
    .with_help("pass with `--request` the message (or profile) that this response answers")
}

/// The trimmed text of the child `name` of `command` (`Cmd`, `CmdRef`, ...), when not empty.
pub(crate) fn child_text(command: &Command<'_>, name: &str) -> Option<String> {
    command
        .element
        .child(name)
        .map(|e| Leaf::new(e).value.trim().to_string())
        .filter(|v| !v.is_empty())
}
