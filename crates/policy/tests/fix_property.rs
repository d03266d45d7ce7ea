//! `--fix` undoes planted defects exactly: messages are generated valid, every fixable defect
//! is planted in some of their commands (in escaped and CDATA payloads, in UTF-8 and UTF-16
//! files), and the safe fixes must give back the valid message byte for byte: the result
//! parses, keeps every other byte, draws none of the fixed diagnostics, and fixing it again
//! changes nothing.

use policy::{fix::fix, lint, Catalog, Config};
use proptest::prelude::*;

const RA_UNSOLICIT: &str =
    "./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/UnsolicitedRemoteAssistance";
const RA_SOLICIT: &str =
    "./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/SolicitedRemoteAssistance";
const HOURS: &str = "./Device/Vendor/MSFT/Policy/Config/Update/ActiveHoursStart";

/// A payload, in CDATA or escaped.
fn payload(raw: &str, cdata: bool) -> String {
    if cdata {
        format!("<![CDATA[{raw}]]>")
    } else {
        raw.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    }
}

fn item(uri: &str, format: &str, data: &str) -> String {
    format!("<Item><Target><LocURI>{uri}</LocURI></Target><Meta><Format xmlns=\"syncml:metinf\">{format}</Format></Meta><Data>{data}</Data></Item>")
}

/// One valid command (without its `Replace` and CmdID) and, for `defect`, the same command
/// with a fixable defect planted; `None` when the defect does not apply to it.
fn command(kind: usize, cdata: bool, defect: usize) -> (String, Option<String>) {
    let delim = if cdata { "&#xF000;" } else { "&amp;#xF000;" };
    match kind % 3 {
        0 => {
            let raw = "<enabled/><data id=\"RA_Unsolicit_Control_List\" value=\"1\"/><data id=\"RA_Unsolicit_DACL_Edit\" value=\"CONTOSO\\helpdesk&#xF000;CONTOSO\\helpdesk&#xF000;CONTOSO\\tier2&#xF000;CONTOSO\\tier2\"/>";
            let good = item(RA_UNSOLICIT, "chr", &payload(raw, cdata));
            let bad = match defect % 7 {
                1 => {
                    Some(good.replacen("RA_Unsolicit_Control_List", "RA_Unsolicit_Control_list", 1))
                }
                2 => Some(good.replacen(">chr<", ">int<", 1)),
                3 => Some(good.replacen(delim, "#xF000;", 1)),
                4 => Some(good.replacen(delim, &delim.replacen('&', "&amp;", 1), 1)),
                5 => {
                    let value = format!(
                        "CONTOSO\\helpdesk{d}CONTOSO\\helpdesk{d}CONTOSO\\tier2{d}CONTOSO\\tier2",
                        d = delim
                    );
                    Some(good.replacen(&value, "CONTOSO\\helpdesk;CONTOSO\\tier2", 1))
                }
                6 if cdata => Some(good.replacen("<![CDATA[", "", 1).replacen("]]>", "", 1)),
                _ => None,
            };
            (good, bad)
        }
        1 => {
            let good = item(HOURS, "int", "8");
            let bad = match defect % 4 {
                1 => Some(good.replacen(HOURS, &format!(" {HOURS} "), 1)),
                2 => Some(good.replacen(">int<", ">chr<", 1)),
                3 => Some(good.replacen("ActiveHoursStart", "ActiveHoursstart", 1)),
                _ => None,
            };
            (good, bad)
        }
        _ => {
            let raw = "<enabled/><data id=\"RA_Solicit_Control_List\" value=\"1\"/><data id=\"RA_Solicit_ExpireValue_Edt\" value=\"2\"/><data id=\"RA_Solicit_ExpireUnits_List\" value=\"1\"/><data id=\"RA_Solicit_Mailto_List\" value=\"0\"/>";
            let good = item(RA_SOLICIT, "chr", &payload(raw, cdata));
            let bad = (defect % 2 == 1)
                .then(|| good.replacen("RA_Solicit_Mailto_List", "RA_Solicit_Mailto_list", 1));
            (good, bad)
        }
    }
}

/// The planted message and the valid one it came from.
fn messages(
    commands: &[(usize, bool, usize)],
    message: bool,
    drop_final: bool,
    last_id: usize,
    suppression: bool,
) -> (String, String) {
    let n = commands.len();
    let (mut good, mut bad) = (Vec::new(), Vec::new());
    for (i, &(kind, cdata, defect)) in commands.iter().enumerate() {
        let (g, b) = command(kind, cdata, defect);
        let id = (i + 1).to_string();
        // the last command's CmdID: a repeat of the first, or a template placeholder
        let planted_id = match (i + 1 == n && n > 1, last_id % 3) {
            (true, 1) => "1".to_string(),
            (true, 2) => "{{cmd_id}}".to_string(),
            _ => id.clone(),
        };
        good.push(format!("<Replace><CmdID>{id}</CmdID>{g}</Replace>"));
        bad.push(format!(
            "<Replace><CmdID>{planted_id}</CmdID>{}</Replace>",
            b.unwrap_or(g)
        ));
    }
    let (mut good, mut bad) = (good.join("\n"), bad.join("\n"));
    if suppression {
        bad = format!("<!-- syncml-lint: ignore not-in-catalog -->\n{bad}");
    }
    if message {
        let wrap = |body: &str, fin: &str| {
            format!("<SyncML xmlns=\"SYNCML:SYNCML1.2\">\n<SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>urn:uuid:1</LocURI></Target><Source><LocURI>https://mdm.contoso.com/</LocURI></Source></SyncHdr>\n<SyncBody>\n{body}\n{fin}</SyncBody>\n</SyncML>\n")
        };
        good = wrap(&good, "<Final/>");
        bad = wrap(&bad, if drop_final { "" } else { "<Final/>" });
    }
    (good, bad)
}

fn utf16(text: &str) -> Vec<u8> {
    [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn fixes_give_back_the_valid_message(
        commands in prop::collection::vec((0usize..3, any::<bool>(), 0usize..8), 1..6),
        message in any::<bool>(),
        drop_final in any::<bool>(),
        last_id in 0usize..3,
        suppression in any::<bool>(),
        wide in any::<bool>(),
    ) {
        let catalog = Catalog::builtin();
        let config = Config::default();
        let (good, bad) = messages(&commands, message, drop_final, last_id, suppression);
        let encode = |s: &str| if wide { utf16(s) } else { s.as_bytes().to_vec() };
        let (good, bad) = (encode(&good), encode(&bad));
        // the generated message is valid
        prop_assert_eq!(lint(&good, &catalog, &config), vec![]);
        let (fixed, _) = fix(&bad, &catalog, &config, false);
        prop_assert_eq!(
            String::from_utf8_lossy(&fixed).into_owned(),
            String::from_utf8_lossy(&good).into_owned()
        );
        let (again, applied) = fix(&fixed, &catalog, &config, false);
        prop_assert_eq!(applied, 0);
        prop_assert_eq!(again, fixed);
    }
}
