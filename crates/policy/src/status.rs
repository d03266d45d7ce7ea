//! Windows MDM and SyncML error codes as admins meet them: a SyncML status (`405`), its
//! `0x87D1xxxx` form (`0x87D10195`), that form in decimal as Intune prints it (`-2016345707`),
//! and Intune's `65000` (`0x87D1FDE8`). One table with a source for every row
//! (`data/status-codes.tsv`); [`explain`] relates the forms and names the rules that catch
//! the usual causes in a profile.

use serde_json::{json, Value};

const TABLE: &str = include_str!("../data/status-codes.tsv");

/// The `0x87D1xxxx` family: SyncML status `xxxx` (in hexadecimal) as an HRESULT.
const SYNCML_FAMILY: u32 = 0x87D1_0000;

/// A row of the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The SyncML status, or the HRESULT of a row that is not a status.
    pub code: u32,
    /// What it means.
    pub meaning: &'static str,
    /// The usual causes in a profile.
    pub causes: &'static str,
    /// The rule codes that catch them.
    pub rules: Vec<&'static str>,
    /// Where the row comes from.
    pub source: &'static str,
}

/// Every row of the table.
pub fn rows() -> Vec<Row> {
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut c = l.split('\t');
            let code = c.next()?;
            let code = match code.strip_prefix("0x") {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => code.parse().ok()?,
            };
            Some(Row {
                code,
                meaning: c.next()?,
                causes: c.next()?,
                rules: c
                    .next()?
                    .split(' ')
                    .filter(|r| !r.is_empty() && *r != "-")
                    .collect(),
                source: c.next()?,
            })
        })
        .collect()
}

/// The code `input` stands for, as an HRESULT (`0x87D1xxxx` for a SyncML status); `None` when
/// it is not a code.
pub fn parse(input: &str) -> Option<u32> {
    let s = input.trim();
    if s == "65000" {
        // Intune's "Remediation failed"
        return Some(SYNCML_FAMILY | 65000);
    }
    if let Some(hex) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        return u32::from_str_radix(hex, 16).ok();
    }
    if let Ok(n) = s.parse::<i64>() {
        return match n {
            100..=599 => Some(SYNCML_FAMILY | n as u32),
            n if n < 0 => i32::try_from(n).ok().map(|n| n as u32),
            n => u32::try_from(n).ok(),
        };
    }
    // eight hexadecimal digits without `0x` (`87d1fde8`)
    (s.len() == 8 && s.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| u32::from_str_radix(s, 16).ok())
        .flatten()
}

/// Whether `input` looks like a code rather than a rule name or a LocURI.
pub fn looks_like_code(input: &str) -> bool {
    let s = input.trim().trim_start_matches('-');
    s.starts_with("0x")
        || s.starts_with("0X")
        || (!s.is_empty()
            && s.bytes().all(|b| b.is_ascii_hexdigit())
            && s.bytes().any(|b| b.is_ascii_digit()))
}

/// What `input` means: its forms, meaning, usual causes and the rules that catch them.
pub fn explain(input: &str) -> Option<Value> {
    let hresult = parse(input)?;
    let status = (hresult & 0xFFFF_0000 == SYNCML_FAMILY && (hresult & 0xFFFF) < 1000)
        .then_some(hresult & 0xFFFF);
    let rows = rows();
    let row = rows
        .iter()
        .find(|r| Some(r.code) == status || r.code == hresult);
    Some(json!({
        "input": input.trim(),
        "hex": format!("0x{hresult:08X}"),
        "decimal": hresult as i32,
        "syncml_status": status,
        "known": row.is_some(),
        "meaning": row.map(|r| r.meaning),
        "causes": row.map(|r| r.causes).filter(|c| !c.is_empty()),
        "rules": row.map(|r| r.rules.clone()).unwrap_or_default(),
        "source": row.map(|r| source_url(r.source)),
    }))
}

/// The address behind a source abbreviation of the table (`[OMA]`).
fn source_url(abbreviation: &str) -> String {
    TABLE
        .lines()
        .filter_map(|l| l.strip_prefix("# "))
        .find_map(|l| l.strip_prefix(abbreviation)?.trim().strip_prefix("= "))
        .map_or_else(
            || abbreviation.to_string(),
            |rest| {
                let url = rest.split(' ').next().unwrap_or(rest);
                format!("https://{url}")
            },
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_a_code() {
        assert_eq!(parse("405"), Some(0x87D1_0195));
        assert_eq!(parse("0x87D10195"), Some(0x87D1_0195));
        assert_eq!(parse("87d10195"), Some(0x87D1_0195));
        assert_eq!(parse("-2016345707"), Some(0x87D1_0195));
        assert_eq!(parse("-2016281112"), Some(0x87D1_FDE8));
        assert_eq!(parse("65000"), Some(0x87D1_FDE8));
        assert_eq!(parse("0x87D101F4"), Some(0x87D1_01F4));
        assert_eq!(parse("invalid-helper"), None);
        let v = explain("0x87D101F4").unwrap();
        assert_eq!(v["syncml_status"], 500);
        assert_eq!(v["decimal"], -2016345612);
        assert_eq!(explain("0x87D10194").unwrap()["syncml_status"], 404);
        let unknown = explain("0x80070005").unwrap();
        assert_eq!(unknown["known"], false);
        assert_eq!(unknown["hex"], "0x80070005");
        assert!(explain("405").unwrap()["source"]
            .as_str()
            .unwrap()
            .starts_with("https://learn.microsoft.com/"));
    }

    #[test]
    fn every_row_is_sourced_and_names_real_rules() {
        let rows = rows();
        assert!(rows.len() >= 19);
        for r in &rows {
            assert!(r.source.starts_with('['), "{r:?}");
            assert!(!r.meaning.is_empty(), "{r:?}");
            for rule in &r.rules {
                assert!(
                    crate::rules::find(rule).is_some(),
                    "{}: no rule `{rule}`",
                    r.code
                );
            }
            // every row explains through each of its forms
            let forms = if r.code < 1000 {
                vec![
                    r.code.to_string(),
                    format!("0x{:08X}", 0x87D1_0000 | r.code),
                    ((0x87D1_0000 | r.code) as i32).to_string(),
                ]
            } else {
                vec![format!("0x{:08X}", r.code), (r.code as i32).to_string()]
            };
            for f in forms {
                let v = explain(&f).unwrap();
                assert_eq!(v["known"], true, "{f}");
                assert_eq!(v["meaning"], r.meaning, "{f}");
            }
        }
    }
}
