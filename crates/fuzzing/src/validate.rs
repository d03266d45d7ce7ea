//! Structure-aware SyncML built from fragments of real policies (LocURIs, element ids, values,
//! helper entries, delimiters, escaping forms) and from LocURIs, formats and values drawn from
//! the CSP catalog → full validation. Never panics; every span
//! lies inside the input and on char boundaries; `lint` agrees with `validate`.

use arbitrary::Arbitrary;

const URIS: &[&str] = &[
    "./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/UnsolicitedRemoteAssistance",
    "./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/SolicitedRemoteAssistance",
    "./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/CustomizeWarningMessages",
    "./User/Vendor/MSFT/Policy/Config/RemoteAssistance/SessionLogging",
    "./Vendor/MSFT/Policy/Config/ADMX_RemoteAssistance/RA_Optimize_Bandwidth",
    "./Device/Vendor/MSFT/Policy/Result/RemoteAssistance/SessionLogging",
    "./Device/Vendor/MSFT/Policy/Config/ADMX_Foo/Bar",
    "./Device/Vendor/MSFT/Policy/Config/ContosoApp~Policy~ContosoApp~Security/Telemetry",
    "./Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/ContosoApp/Policy/F1",
    "./Device/Vendor/MSFT/Policy/Config/ RemoteAssistance/X",
    "/bad//uri/",
];
const IDS: &[&str] = &[
    "RA_Unsolicit_Control_List",
    "RA_Unsolicit_DACL_Edit",
    "RA_Solicit_Control_List",
    "RA_Solicit_ExpireValue_Edt",
    "RA_Solicit_ExpireUnits_List",
    "RA_Solicit_Mailto_List",
    "RA_Options_Connect_Message",
    "RA_Optimize_Bandwidth_List",
    "SendCrashDumps",
    "TrustedHosts",
    "Servers",
    "ra_unsolicit_dacl_edit",
];
const VALUES: &[&str] = &[
    "1",
    "0",
    "99",
    "120",
    "18446744073709551616",
    "-1",
    "true",
    "CONTOSO\\helpdesk",
    "user@contoso.com",
    "a/b",
    "BUILTIN\\Administrators",
    "",
    " ",
    "é",
    "&#xF000;",
    "&amp;#xF000;",
    "#xF000;",
    ";",
    "\n",
    "Server1",
];
const COMMANDS: &[&str] = &[
    "Replace", "Add", "Delete", "Get", "Exec", "Copy", "Atomic", "Sequence", "Alert",
];
const STATES: &[&str] = &[
    "<enabled/>",
    "<disabled/>",
    "<Enabled/>",
    "",
    "<enabled>",
    "<foo/>",
];
const ADMX: &str = r#"<policyDefinitions><policyNamespaces><target prefix="c" namespace="C"/></policyNamespaces><categories><category name="ContosoApp" displayName="$(string.A)"/><category name="Security" displayName="$(string.B)"><parentCategory ref="ContosoApp"/></category></categories><policies><policy name="Telemetry" class="Both" displayName="$(string.T)" key="Software\Policies\Microsoft\X"><parentCategory ref="Security"/><elements><boolean id="SendCrashDumps"/><multiText id="TrustedHosts" maxStrings="2"/><list id="Servers" valuePrefix="Server"/></elements></policy></policies></policyDefinitions>"#;

#[derive(Arbitrary, Debug)]
struct Data {
    id: u8,
    entries: Vec<u8>,
    delimiter: u8,
}

#[derive(Arbitrary, Debug)]
struct Cmd {
    kind: u8,
    cmd_id: Option<u8>,
    uri: u8,
    format: Option<bool>,
    state: u8,
    data: Vec<Data>,
    cdata: bool,
    nested: Vec<Cmd>,
    /// A node of the catalog instead of `uri`, with a native value (its example or `value`).
    node: Option<(u16, Option<u8>)>,
}

#[derive(Arbitrary, Debug)]
struct Msg {
    message: bool,
    header: bool,
    final_: bool,
    ingest: bool,
    commands: Vec<Cmd>,
}

fn pick<'a>(list: &[&'a str], i: u8) -> &'a str {
    list[i as usize % list.len()]
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn command(out: &mut String, c: &Cmd, depth: usize) {
    let kind = pick(COMMANDS, c.kind);
    out.push_str(&format!("<{kind}>"));
    if let Some(id) = c.cmd_id {
        out.push_str(&format!("<CmdID>{id}</CmdID>"));
    }
    if matches!(kind, "Atomic" | "Sequence") && depth < 4 {
        for n in c.nested.iter().take(4) {
            command(out, n, depth + 1);
        }
    } else {
        if let Some((i, value)) = c.node {
            let csp = crate::catalog().csp();
            let n = csp.nodes().nth(usize::from(i) % csp.len().max(1));
            if let Some(n) = n {
                let uri = n.loc_uri().replace('{', "X").replace('}', "");
                let f = n.facts();
                let v = match value {
                    Some(v) => pick(VALUES, v).to_string(),
                    None => policy::example::node_value(n).unwrap_or_default(),
                };
                out.push_str(&format!(
                    "<Item><Target><LocURI>{uri}</LocURI></Target><Meta><Format xmlns=\"syncml:metinf\">{}</Format></Meta><Data>{}</Data></Item></{kind}>",
                    f.format.name(),
                    escape(&v)
                ));
                return;
            }
        }
        out.push_str(&format!(
            "<Item><Target><LocURI>{}</LocURI></Target>",
            pick(URIS, c.uri)
        ));
        match c.format {
            Some(true) => out.push_str("<Meta><Format xmlns=\"syncml:metinf\">chr</Format></Meta>"),
            Some(false) => out.push_str("<Meta><Format>int</Format></Meta>"),
            None => {}
        }
        let mut payload = pick(STATES, c.state).to_string();
        for d in c.data.iter().take(6) {
            let delim = pick(
                &["&#xF000;", ";", "&amp;#xF000;", "\u{F000}", ","],
                d.delimiter,
            );
            let value: Vec<&str> = d.entries.iter().take(8).map(|&e| pick(VALUES, e)).collect();
            payload.push_str(&format!(
                "<data id=\"{}\" value=\"{}\"/>",
                pick(IDS, d.id),
                value.join(delim)
            ));
        }
        if c.cdata {
            out.push_str(&format!("<Data><![CDATA[{payload}]]></Data>"));
        } else {
            out.push_str(&format!("<Data>{}</Data>", escape(&payload)));
        }
        out.push_str("</Item>");
    }
    out.push_str(&format!("</{kind}>"));
}

/// The body of the `validate` fuzz target: `data` decoded as libFuzzer decodes it
/// (`Arbitrary::arbitrary_take_rest`).
pub fn run(data: &[u8]) {
    let Some(m) = crate::decoded::<Msg>(data) else {
        return;
    };
    check(m);
}

fn check(m: Msg) {
    let mut body = String::new();
    if m.ingest {
        body.push_str(&format!(
            "<Add><CmdID>200</CmdID><Item><Target><LocURI>./Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/ContosoApp/Policy/F1</LocURI></Target><Data><![CDATA[{ADMX}]]></Data></Item></Add>"
        ));
    }
    for c in m.commands.iter().take(8) {
        command(&mut body, c, 0);
    }
    let text = if m.message {
        let hdr = if m.header {
            "<SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>x</MsgID></SyncHdr>"
        } else {
            ""
        };
        let fin = if m.final_ { "<Final/>" } else { "" };
        format!("<SyncML xmlns=\"SYNCML:SYNCML1.2\">{hdr}<SyncBody>{body}{fin}</SyncBody></SyncML>")
    } else {
        body
    };
    let diags = policy::lint(
        text.as_bytes(),
        crate::catalog(),
        &policy::Config::default(),
    );
    // checking while parsing says what checking the parsed message says
    if let Ok(doc) = syncml::parse(&text) {
        if doc.elements().next().is_some() {
            let message = syncml::Message::new(&doc, &text);
            let whole = policy::validate(&message, crate::catalog(), &policy::Config::default());
            assert_eq!(diags, whole, "{text}");
        }
    }
    for d in &diags {
        for s in std::iter::once(d.span).chain(d.labels.iter().map(|l| l.span)) {
            assert!(s.start <= s.end && s.end <= text.len(), "{d:?}\n{text}");
            assert!(
                text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
                "{d:?}\n{text}"
            );
        }
    }
}
