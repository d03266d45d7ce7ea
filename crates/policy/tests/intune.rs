//! Intune exports are checked as the SyncML Intune sends: converting an export into a profile
//! by hand gives the same codes as checking the export, and hostile JSON is bounded.

use policy::{intune, lint, Catalog, Config};
use serde_json::Value;

/// The profile Intune sends for an export, written from the export with serde_json.
fn as_syncml(export: &str) -> String {
    let v: Value = serde_json::from_str(export).unwrap();
    let configs: Vec<Value> = match v.get("value") {
        Some(Value::Array(a)) => a.clone(),
        _ => vec![v],
    };
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut out = String::new();
    for c in configs {
        for s in c["omaSettings"].as_array().unwrap() {
            let kind = s["@odata.type"].as_str().unwrap();
            let format = match kind {
                "#microsoft.graph.omaSettingInteger" => "int",
                "#microsoft.graph.omaSettingBoolean" => "bool",
                "#microsoft.graph.omaSettingBase64" => "b64",
                _ => "chr",
            };
            let value = match &s["value"] {
                Value::String(v) if kind == "#microsoft.graph.omaSettingStringXml" => unbase64(v),
                Value::String(v) => v.clone(),
                other => other.to_string(),
            };
            out.push_str(&format!(
                "<Replace><Item><Target><LocURI>{}</LocURI></Target><Meta><Format xmlns=\"syncml:metinf\">{format}</Format></Meta><Data>{}</Data></Item></Replace>\n",
                escape(s["omaUri"].as_str().unwrap()),
                escape(&value)
            ));
        }
    }
    out
}

/// Standard base64 as UTF-8 text (written here again, not the library's).
fn unbase64(s: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let sextets: Vec<u32> = s
        .bytes()
        .take_while(|b| *b != b'=')
        .map(|b| ALPHABET.iter().position(|a| *a == b).unwrap() as u32)
        .collect();
    let mut out = Vec::new();
    for chunk in sextets.chunks(4) {
        let n = chunk.iter().fold(0u32, |acc, v| (acc << 6) | v) << (6 * (4 - chunk.len()));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len() - 1]);
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn an_export_and_its_profile_draw_the_same_codes() {
    for name in [
        "invalid/format-mismatch/intune-export.json",
        "invalid/format-mismatch/intune-setting-types.json",
        "valid/intune/every-setting-type.json",
    ] {
        same_codes(name);
    }
}

fn same_codes(name: &str) {
    let path = format!("{}/../../corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    let export = std::fs::read_to_string(path).unwrap();
    let catalog = Catalog::builtin();
    let config = Config::default();
    let from_export: Vec<&str> = intune::lint_export(export.as_bytes(), &catalog, &config)
        .expect("an Intune export")
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect();
    let profile = as_syncml(&export);
    let from_profile: Vec<&str> = lint(profile.as_bytes(), &catalog, &config)
        .iter()
        .map(|d| d.code)
        .collect();
    let sorted = |mut v: Vec<&'static str>| {
        v.sort_unstable();
        v
    };
    assert_eq!(sorted(from_export), sorted(from_profile), "{profile}");
}

#[test]
fn json_that_is_not_an_export_is_not_one() {
    let catalog = Catalog::builtin();
    let config = Config::default();
    for other in [
        "{}",
        "[1, 2]",
        "{\"name\": \"package.json\"}",
        "not json",
        "<SyncML/>",
        "{\"omaSettings\": 3}",
    ] {
        assert!(
            intune::lint_export(other.as_bytes(), &catalog, &config).is_none(),
            "{other}"
        );
    }
    // hostile: nested a million deep, a huge string, a million settings
    let deep = "[".repeat(1_000_000);
    assert!(intune::lint_export(deep.as_bytes(), &catalog, &config).is_none());
    let huge = format!("{{\"omaSettings\": [{{\"@odata.type\": \"#microsoft.graph.omaSettingString\", \"omaUri\": \"./Vendor/Contoso/X\", \"value\": \"{}\"}}]}}", "a".repeat(10 << 20));
    assert!(intune::lint_export(huge.as_bytes(), &catalog, &config).is_some());
}

/// The safe fixes reach the export through its JSON escapes: the case of a policy and of a
/// data id, the space after an OMA-URI; the result is the same JSON with those strings fixed.
#[test]
fn fixes_edit_the_export() {
    let export = r##"{"@odata.type": "#microsoft.graph.windows10CustomConfiguration", "omaSettings": [
  {"@odata.type": "#microsoft.graph.omaSettingInteger", "omaUri": "./Device/Vendor/MSFT/Policy/Config/Update/ActiveHoursstart ", "value": 8},
  {"@odata.type": "#microsoft.graph.omaSettingString", "omaUri": "./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/SolicitedRemoteAssistance",
   "value": "\u003cenabled/\u003e<data id=\"RA_Solicit_Control_List\" value=\"1\"/><data id=\"RA_Solicit_ExpireValue_Edt\" value=\"2\"/><data id=\"RA_Solicit_ExpireUnits_List\" value=\"1\"/><data id=\"RA_Solicit_Mailto_list\" value=\"0\"/>"}
]}"##;
    let catalog = Catalog::builtin();
    let config = Config::default();
    let (fixed, applied) = policy::fix::fix(export.as_bytes(), &catalog, &config, false);
    let fixed = String::from_utf8(fixed).unwrap();
    assert_eq!(applied, 3, "{fixed}");
    assert_eq!(
        fixed,
        export
            .replace("ActiveHoursstart ", "ActiveHoursStart")
            .replace("RA_Solicit_Mailto_list", "RA_Solicit_Mailto_List")
    );
    let linted = intune::lint_export(fixed.as_bytes(), &catalog, &config).unwrap();
    assert!(linted.diagnostics.is_empty(), "{:#?}", linted.diagnostics);
}
