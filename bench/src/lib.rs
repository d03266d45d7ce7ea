//! Realistic SyncML for benchmarks: valid Remote Assistance commands, mixing escaped and
//! CDATA payloads, messages and profile fragments. Deterministic for a given seed.

/// The four Remote Assistance policies with valid payloads.
const POLICIES: [(&str, &str); 4] = [
    (
        "UnsolicitedRemoteAssistance",
        r#"<enabled/><data id="RA_Unsolicit_Control_List" value="1"/><data id="RA_Unsolicit_DACL_Edit" value="CONTOSO\helpdesk&#xF000;CONTOSO\helpdesk&#xF000;CONTOSO\tier2&#xF000;CONTOSO\tier2"/>"#,
    ),
    (
        "SolicitedRemoteAssistance",
        r#"<enabled/><data id="RA_Solicit_Control_List" value="1"/><data id="RA_Solicit_ExpireValue_Edt" value="24"/><data id="RA_Solicit_ExpireUnits_List" value="1"/><data id="RA_Solicit_Mailto_List" value="1"/>"#,
    ),
    (
        "CustomizeWarningMessages",
        r#"<enabled/><data id="RA_Options_Share_Control_Message" value="Your screen will be shared with the Contoso help desk."/><data id="RA_Options_Connect_Message" value="A technician is connecting."/>"#,
    ),
    ("SessionLogging", "<disabled/>"),
];

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// One `Replace` command, number `i` (its CmdID is `i + 2`).
pub fn command(i: usize) -> String {
    let (policy, payload) = POLICIES[i % POLICIES.len()];
    let data = if (i / POLICIES.len()) % 2 == 0 {
        format!("<![CDATA[{payload}]]>")
    } else {
        escape(payload)
    };
    format!(
        "    <Replace>\n      <CmdID>{}</CmdID>\n      <Item>\n        <Target><LocURI>./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/{policy}</LocURI></Target>\n        <Meta><Format xmlns=\"syncml:metinf\">chr</Format></Meta>\n        <Data>{data}</Data>\n      </Item>\n    </Replace>\n",
        i + 2
    )
}

/// A message of `commands` commands (about 480 bytes each).
pub fn message(commands: usize) -> String {
    let mut out = String::with_capacity(commands * 520 + 256);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<SyncML xmlns=\"SYNCML:SYNCML1.2\">\n  <SyncBody>\n");
    for i in 0..commands {
        out.push_str(&command(i));
    }
    out.push_str("    <Final/>\n  </SyncBody>\n</SyncML>\n");
    out
}

/// A message of about `bytes` bytes.
pub fn message_of_size(bytes: usize) -> String {
    message((bytes / 480).max(1))
}

/// A small profile (fragment or message, 1 to 4 commands), as MDM servers store them.
pub fn profile(seed: usize) -> String {
    let n = 1 + seed % 4;
    if seed % 3 == 0 {
        (0..n).map(|k| command(seed + k)).collect()
    } else {
        let mut out = String::from("<SyncML xmlns=\"SYNCML:SYNCML1.2\">\n  <SyncBody>\n");
        for k in 0..n {
            out.push_str(&command(seed + k));
        }
        out.push_str("    <Final/>\n  </SyncBody>\n</SyncML>\n");
        out
    }
}

/// The raw quick-xml event loop over `bytes`: reads every event and counts them. The baseline
/// for "as fast as a raw XML tokenizer".
pub fn quick_xml_events(bytes: &[u8]) -> usize {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().trim_text(false);
    let mut buf = Vec::new();
    let mut n = 0;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Eof) | Err(_) => break,
            Ok(_) => n += 1,
        }
        buf.clear();
    }
    n
}
