//! Windows editions: the product type numbers of the DDF's `EditionAllowList` and the names
//! users give them (`--target-edition pro,enterprise`).
//!
//! The numbers are Windows' `PRODUCT_*` product types (`GetProductInfo`, `winnt.h`). An edition
//! name stands for its main product type: a node applies to `pro` when the DDF allows
//! `PRODUCT_PROFESSIONAL` (0x30).

/// Edition names, their main product type and the other product types of the same edition
/// (N, evaluation and regional variants), for naming the numbers of an allow list.
pub const EDITIONS: &[(&str, u16, &[u16])] = &[
    ("home", 0x65, &[0x62, 0x63, 0x64]),
    ("pro", 0x30, &[0x31, 0x8A, 0x8B]),
    ("enterprise", 0x04, &[0x1B, 0x48, 0x54]),
    ("education", 0x79, &[0x7A]),
    ("pro-education", 0xA4, &[0xA5]),
    ("pro-workstation", 0xA1, &[0xA2]),
    ("enterprise-ltsc", 0x7D, &[0x7E, 0x81, 0x82]),
    ("enterprise-multi-session", 0xAF, &[]),
    ("enterprise-g", 0xAB, &[0xAC]),
    ("iot-enterprise", 0xBC, &[]),
    ("iot-enterprise-ltsc", 0xBF, &[0xCD]),
    ("holographic", 0x88, &[]),
    ("team", 0x77, &[]),
    ("se", 0xCB, &[0xCA]),
];

/// The main product type of edition `name` (case-insensitive).
pub fn product_type(name: &str) -> Option<u16> {
    EDITIONS
        .iter()
        .find(|(n, _, _)| n.eq_ignore_ascii_case(name.trim()))
        .map(|(_, t, _)| *t)
}

/// The edition name of product type `t`, if known.
pub fn name_of(t: u16) -> Option<&'static str> {
    EDITIONS
        .iter()
        .find(|(_, main, others)| *main == t || others.contains(&t))
        .map(|(n, _, _)| *n)
}

/// The edition names, for help texts.
pub fn names() -> Vec<&'static str> {
    EDITIONS.iter().map(|(n, _, _)| *n).collect()
}

/// Reads an `EditionAllowList` (`0x4;0x1B;0x30;`).
pub fn parse_allow_list(s: &str) -> Vec<u16> {
    let mut v: Vec<u16> = s
        .split([';', ','])
        .filter_map(|p| {
            let p = p.trim();
            let hex = p.strip_prefix("0x").or_else(|| p.strip_prefix("0X"))?;
            u16::from_str_radix(hex, 16).ok()
        })
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers() {
        assert_eq!(product_type("Pro"), Some(0x30));
        assert_eq!(name_of(0x31), Some("pro"));
        assert_eq!(name_of(0x999), None);
        assert_eq!(parse_allow_list("0x4;0x1B;0x30;"), vec![0x4, 0x1B, 0x30]);
        for (n, main, _) in EDITIONS {
            assert_eq!(product_type(n), Some(*main));
        }
    }
}
