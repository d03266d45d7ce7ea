//! A device's response read with the message it answers (`check RESPONSE --request SENT`):
//! each failed `Status` of the response is pointed at in SENT, on the command it answers,
//! together with what the rules find in that command. A response that does not answer SENT
//! (a `CmdRef` or `MsgRef` that SENT does not have) says so.

use std::collections::HashMap;

use diagnostics::{Diagnostic, LineIndex, Source, Span};
use syncml::ast::{CommandKind, Leaf};
use syncml::Message;

use crate::check::{finish, Counts, Linted};
use crate::rules::device_status;
use crate::{lint_counted, Catalog, Config};

/// What [`lint_with_request`] found: the response's diagnostics and SENT's.
#[derive(Clone, Debug, Default)]
pub struct Answered {
    /// The response, as [`lint_counted`] checks it, and the statuses that answer nothing in
    /// SENT.
    pub response: Linted,
    /// SENT: the commands the device failed, each with the diagnostics of the rules on it.
    pub request: Linted,
}

/// One `Status` or `Results` of a response.
struct Answer {
    cmd: Option<String>,
    cmd_ref: String,
    msg_ref: Option<String>,
    target_ref: Option<String>,
    /// The status code, when it is a number.
    code: Option<u16>,
    /// Where to point in the response: the code, else the start tag.
    span: Span,
    is_status: bool,
}

/// One command of SENT.
#[derive(Debug)]
struct Sent {
    kind: CommandKind,
    /// The whole command, its start tag, and the LocURIs of its items.
    span: Span,
    start_tag: Span,
    targets: Vec<(String, Span)>,
}

/// The message (or profile) the server sent, read once for all the responses that answer it:
/// its commands by `CmdID` (spans in the file), its `MsgID`, and what the rules find in it.
#[derive(Debug)]
pub struct Request {
    /// `None` when the file is not well-formed: no status can be matched.
    sent: Option<HashMap<String, Sent>>,
    msg_id: Option<String>,
    linted: Linted,
}

impl Request {
    /// Reads and checks `bytes`, the message the server sent.
    pub fn read(bytes: &[u8], catalog: &Catalog, config: &Config) -> Request {
        let linted = lint_counted(bytes, catalog, config);
        let parsed = Source::decode(bytes).ok().and_then(|source| {
            let doc = syncml::parse_with(&source.text, &config.limits).ok()?;
            let message = Message::new(&doc, &source.text);
            let msg_id = message
                .header
                .as_ref()
                .and_then(|h| h.msg_id.as_ref())
                .map(|l| l.value.trim().to_string());
            Some((sent_commands(&message, &source), msg_id))
        });
        let (sent, msg_id) = match parsed {
            Some((sent, msg_id)) => (Some(sent), msg_id),
            None => (None, None),
        };
        Request {
            sent,
            msg_id,
            linted,
        }
    }
}

/// Checks `response` (a device's message of `Status` and `Results`) against `request`, the
/// message or profile the server sent. Spans are byte offsets into each file.
pub fn lint_with_request(
    response: &[u8],
    request: &[u8],
    catalog: &Catalog,
    config: &Config,
) -> Answered {
    answer(
        response,
        &Request::read(request, catalog, config),
        catalog,
        config,
    )
}

/// Checks `response` against `request`, read once with [`Request::read`].
pub fn answer(response: &[u8], request: &Request, catalog: &Catalog, config: &Config) -> Answered {
    let mut answered = Answered {
        response: lint_counted(response, catalog, config),
        request: Linted::default(),
    };
    let Some(sent) = &request.sent else {
        // a request that is not well-formed has its syntax error, and nothing can be matched
        answered.request = request.linted.clone();
        return answered;
    };
    let Ok(response_source) = Source::decode(response) else {
        answered.request = request.linted.clone();
        return answered;
    };
    let Ok(response_doc) = syncml::parse_with(&response_source.text, &config.limits) else {
        answered.request = request.linted.clone();
        return answered;
    };
    let answers = answers(&Message::new(&response_doc, &response_source.text));
    let response_index = LineIndex::new(&response_source.text);
    let mut in_response = Vec::new();
    let mut in_request = Vec::new();
    let mut failed: Vec<Span> = Vec::new();
    let mut matched = 0usize;
    for a in answers.iter().filter(|a| a.cmd_ref != "0") {
        if let (Some(got), Some(id)) = (&a.msg_ref, &request.msg_id) {
            if got != id {
                in_response.push(device_status::not_this_message(a.span, got, id));
                continue;
            }
        }
        let Some(command) = sent.get(a.cmd_ref.as_str()) else {
            in_response.push(device_status::unknown_command(a.span, &a.cmd_ref));
            continue;
        };
        matched += 1;
        // 2xx are successes; `216`, a command an `Atomic` rolled back, is one too: the
        // Atomic's `507` is the failure, reported on the Atomic
        let Some(code) = a
            .code
            .filter(|c| a.is_status && !device_status::is_success(*c))
        else {
            continue;
        };
        let line = response_index
            .line_col(&response_source.text, a.span.start)
            .line;
        let target = a
            .target_ref
            .as_deref()
            .and_then(|t| command.targets.iter().find(|(uri, _)| uri == t))
            .or(command.targets.first())
            .map(|(_, span)| *span);
        in_request.push(device_status::answered(
            command.start_tag,
            target,
            command.kind.name(),
            &a.cmd_ref,
            code,
            line,
        ));
        failed.push(command.span);
    }
    // a response of which nothing answers SENT: one diagnostic, not one per status
    if matched == 0 && !in_response.is_empty() {
        let first = in_response.first().map_or(Span::empty(0), |d| d.span);
        in_response = vec![device_status::not_an_answer(first, in_response.len())];
    }

    // the rules' findings in the failed commands
    let mut diags: Vec<Diagnostic> = request
        .linted
        .diagnostics
        .iter()
        .filter(|d| {
            failed
                .iter()
                .any(|f| f.start <= d.span.start && d.span.end <= f.end)
        })
        .cloned()
        .collect();
    diags.extend(in_request);
    answered.request = finish(diags, Counts::default(), config);

    if !in_response.is_empty() {
        let extra = finish(
            in_response
                .into_iter()
                .map(|d| d.map_spans(|s| response_source.span_to_file(s)))
                .collect(),
            Counts::default(),
            config,
        );
        answered.response.absorb(extra);
    }
    answered
}

/// The `Status` and `Results` of a response, with what they refer to.
fn answers(message: &Message<'_>) -> Vec<Answer> {
    let mut out = Vec::new();
    for top in message.commands() {
        for c in top.walk() {
            let is_status = c.kind == CommandKind::Status;
            if !is_status && c.kind != CommandKind::Results {
                continue;
            }
            let Some(cmd_ref) = device_status::child_text(c, "CmdRef") else {
                continue;
            };
            let data = c.data.map(Leaf::new);
            out.push(Answer {
                cmd: device_status::child_text(c, "Cmd"),
                cmd_ref,
                msg_ref: device_status::child_text(c, "MsgRef"),
                target_ref: device_status::child_text(c, "TargetRef"),
                code: data.as_ref().and_then(|d| d.value.trim().parse().ok()),
                span: data
                    .as_ref()
                    .map_or(c.element.start_tag(), |d| d.primary_span()),
                is_status,
            });
        }
    }
    // the header's status answers the header, not a command
    out.retain(|a| a.cmd.as_deref() != Some("SyncHdr"));
    out
}

/// The commands of SENT by `CmdID` (the first of a repeated one), with spans in the file.
fn sent_commands(message: &Message<'_>, source: &Source<'_>) -> HashMap<String, Sent> {
    let to_file = |s: Span| source.span_to_file(s);
    let mut out = HashMap::new();
    for top in message.commands() {
        for c in top.walk() {
            let Some(id) = c.cmd_id.as_ref().map(|l| l.value.trim().to_string()) else {
                continue;
            };
            let targets = c
                .items
                .iter()
                .filter_map(|i| i.loc_uri())
                .map(|l| (l.value.trim().to_string(), to_file(l.primary_span())))
                .collect();
            out.entry(id).or_insert(Sent {
                kind: c.kind,
                span: to_file(c.element.span()),
                start_tag: to_file(c.element.start_tag()),
                targets,
            });
        }
    }
    out
}
