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

use diagnostics::Diagnostic;
use syncml::ast::Leaf;
use syncml::{Command, CommandKind};

use crate::check::Cx;

pub(crate) const CODE: &str = "device-status";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

pub(crate) fn check(cx: &mut Cx<'_>, command: &Command<'_>) {
    if command.kind != CommandKind::Status {
        return;
    }
    let text = |name: &str| {
        command
            .element
            .child(name)
            .map(|e| Leaf::new(e).value.trim().to_string())
            .filter(|v| !v.is_empty())
    };
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
    if (200..300).contains(&code) {
        return;
    }
    let explained = crate::status::explain(value);
    let meaning = explained
        .as_ref()
        .and_then(|v| v["meaning"].as_str().map(str::to_string))
        .unwrap_or_else(|| "a status syncml-lint does not know".to_string());
    let causes = explained
        .as_ref()
        .and_then(|v| v["causes"].as_str().map(str::to_string));
    let help = match causes {
        Some(c) => format!("usual causes: {c}; `syncml-lint explain {code}` says more"),
        None => format!("`syncml-lint explain {code}` says more"),
    };
    cx.emit(
        Diagnostic::error(
            CODE,
            leaf.primary_span(),
            format!("the device answered {what} with status {code}: {meaning}"),
        )
        .with_help(help),
    );
}
