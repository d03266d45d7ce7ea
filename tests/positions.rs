//! Positions in every output are the same characters, whatever the encoding: for generated
//! messages full of multi-byte characters (2-, 3- and 4-byte UTF-8, UTF-16 surrogate pairs)
//! written as UTF-8, UTF-8 with a BOM, UTF-16 LE and UTF-16 BE, every diagnostic's
//! `offset`/`length` cover whole characters of the file as read, `line`/`column` and
//! `end_line`/`end_column` agree with them (computed here independently from the bytes), and the
//! four files draw the same diagnostics at the same lines and columns.

use proptest::prelude::*;

/// A diagnostic's code and its start and end line and column.
type Place = (String, u64, u64, u64, u64);

const ENCODINGS: [&str; 4] = ["utf8", "utf8-bom", "utf16le", "utf16be"];

fn encode(text: &str, encoding: &str) -> Vec<u8> {
    let utf16 = |le: bool| {
        let mut out = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in text.encode_utf16() {
            out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    };
    match encoding {
        "utf8" => text.as_bytes().to_vec(),
        "utf8-bom" => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        "utf16le" => utf16(true),
        _ => utf16(false),
    }
}

/// The characters of the file with the byte offset each starts at, and the file length; the BOM
/// is no character.
fn characters(text: &str, encoding: &str) -> (Vec<(usize, char)>, usize) {
    let mut at = match encoding {
        "utf8" => 0,
        "utf8-bom" => 3,
        _ => 2,
    };
    let mut out = Vec::new();
    for c in text.chars() {
        out.push((at, c));
        at += if encoding.starts_with("utf16") {
            2 * c.len_utf16()
        } else {
            c.len_utf8()
        };
    }
    (out, at)
}

/// 1-based line and column (in characters) of the byte offset `at`, which must start a character
/// or be the end of the file.
fn line_column(chars: &[(usize, char)], end: usize, at: usize) -> Option<(u64, u64)> {
    let (mut line, mut column) = (1, 1);
    for &(o, c) in chars {
        if o == at {
            return Some((line, column));
        }
        if o > at {
            return None;
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (at == end).then_some((line, column))
}

/// Text pieces with multi-byte characters, none of which is markup.
fn filler() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("a"),
            Just("é"),
            Just("”"),
            Just("€"),
            Just("😀"),
            Just("𝄞"),
            Just("\n"),
            Just(" ")
        ],
        0..6,
    )
    .prop_map(|v| v.concat())
}

/// One command, valid or broken, with multi-byte characters where they change positions.
fn command() -> impl Strategy<Value = String> {
    (0..6u8, filler(), filler()).prop_map(|(kind, a, b)| {
        let uri = |u: &str| format!("<Target><LocURI>{u}</LocURI></Target>");
        let int = "<Meta><Format xmlns=\"syncml:metinf\">int</Format></Meta>";
        let chr = "<Meta><Format xmlns=\"syncml:metinf\">chr</Format></Meta>";
        let item = match kind {
            // a number with characters after it
            0 => format!(
                "{}{int}<Data>8{}</Data>",
                uri("./Device/Vendor/MSFT/Policy/Config/Update/ActiveHoursStart"),
                a.replace('\n', "")
            ),
            // an unknown policy named with multi-byte characters
            1 => format!(
                "{}{int}<Data>1</Data>",
                uri(&format!(
                    "./Device/Vendor/MSFT/Policy/Config/Update/Activé{}",
                    a.replace(['\n', ' '], "")
                ))
            ),
            // an unknown data id in an escaped payload
            2 => format!(
                "{}{chr}<Data>&lt;enabled/&gt;&lt;data id=\"RA_Unsolicit_Control_List\" value=\"1\"/&gt;&lt;data id=\"X{}\" value=\"{b}\"/&gt;</Data>",
                uri("./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/UnsolicitedRemoteAssistance"),
                a.replace(['\n', ' '], "")
            ),
            // a value out of range, after a comment of multi-byte characters
            3 => format!(
                "<!-- {a} -->{}{int}<Data>99</Data>",
                uri("./Device/Vendor/MSFT/Policy/Config/Update/ActiveHoursStart")
            ),
            // an unknown CSP root
            4 => format!(
                "{}<Data>{}</Data>",
                uri(&format!("./Vendor/Contoso{}", a.replace(['\n', ' '], ""))),
                b.replace('\n', "")
            ),
            // a valid item
            _ => format!(
                "{}{int}<Data>{}</Data>",
                uri("./Device/Vendor/MSFT/Policy/Config/Update/ActiveHoursStart"),
                8 + a.len() % 10
            ),
        };
        format!("<Replace><CmdID>{}</CmdID><Item>{item}</Item></Replace>\n{b}", kind + 2)
            .replace("\n𝄞", "\n")
    })
}

fn message() -> impl Strategy<Value = String> {
    (filler(), proptest::collection::vec(command(), 1..5)).prop_map(|(lead, commands)| {
        format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- {lead} -->\n<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncBody>\n{}<Final/></SyncBody></SyncML>\n",
            commands.concat()
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn positions_cover_whole_characters_in_every_encoding(text in message()) {
        // the encoding declaration says UTF-8; it is left out of the UTF-16 files
        let dir = tempfile::tempdir().unwrap();
        for encoding in ENCODINGS {
            let body = if encoding.starts_with("utf16") {
                text.replacen(" encoding=\"utf-8\"", "", 1)
            } else {
                text.clone()
            };
            std::fs::write(dir.path().join(format!("{encoding}.xml")), encode(&body, encoding)).unwrap();
        }
        let out = assert_cmd::Command::cargo_bin("syncml-lint")
            .unwrap()
            .args(["check", "--no-config", "--format", "json", "--jobs", "1"])
            .arg(dir.path())
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut seen: Vec<Vec<Place>> = Vec::new();
        for encoding in ENCODINGS {
            let body = if encoding.starts_with("utf16") {
                text.replacen(" encoding=\"utf-8\"", "", 1)
            } else {
                text.clone()
            };
            let (chars, end) = characters(&body, encoding);
            let name = format!("{encoding}.xml");
            let mut these = Vec::new();
            for d in json["diagnostics"].as_array().unwrap() {
                if !d["file"].as_str().unwrap().ends_with(&name) {
                    continue;
                }
                let offset = d["offset"].as_u64().unwrap() as usize;
                let length = d["length"].as_u64().unwrap() as usize;
                let start = line_column(&chars, end, offset);
                let stop = line_column(&chars, end, offset + length);
                prop_assert!(start.is_some() && stop.is_some(), "{name}: {d} cuts a character\n{body}");
                let (start, stop) = (start.unwrap(), stop.unwrap());
                let at = |k: &str| d[k].as_u64().unwrap();
                prop_assert_eq!(start, (at("line"), at("column")), "{}: {}\n{}", name, d, body);
                prop_assert_eq!(stop, (at("end_line"), at("end_column")), "{}: {}\n{}", name, d, body);
                these.push((d["code"].as_str().unwrap().to_string(), start.0, start.1, stop.0, stop.1));
            }
            seen.push(these);
        }
        for (encoding, these) in ENCODINGS.iter().zip(&seen).skip(1) {
            prop_assert_eq!(&seen[0], these, "utf8 against {}\n{}", encoding, text);
        }
        prop_assert!(!seen[0].is_empty() || !text.contains("99"), "no diagnostic for\n{}", text);
    }
}
