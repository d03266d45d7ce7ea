//! Applying the fixes of diagnostics: the edits of every applicable fix, in the file's own
//! encoding (UTF-8, or UTF-16 with its byte order), then a new check of the result, round after
//! round until nothing changes (bounded). `check --fix`, `--unsafe-fixes` and `--diff` write or
//! show what [`fix`] returns.

use diagnostics::{Applicability, Diagnostic};

use crate::{Catalog, Config};

/// The diagnostics of a file, read as what it is: an Intune export, a WCD file or SyncML.
fn diagnostics_of(bytes: &[u8], catalog: &Catalog, config: &Config) -> Vec<Diagnostic> {
    crate::lint_other_input(bytes, catalog, config)
        .unwrap_or_else(|| crate::lint_counted(bytes, catalog, config))
        .diagnostics
}

/// Rounds of fixing: each round checks again the file the previous one wrote.
const ROUNDS: usize = 8;

/// The fixed bytes of `bytes` and how many fixes were applied, or `None` when no fix applies.
fn apply(bytes: &[u8], diagnostics: &[Diagnostic], unsafe_fixes: bool) -> Option<(Vec<u8>, usize)> {
    let utf16 = match bytes {
        [0xFF, 0xFE, ..] => Some(false),
        [0xFE, 0xFF, ..] => Some(true),
        _ => None,
    };
    let encode = |s: &str| -> Vec<u8> {
        match utf16 {
            None => s.as_bytes().to_vec(),
            Some(big) => s
                .encode_utf16()
                .flat_map(|u| {
                    if big {
                        u.to_be_bytes()
                    } else {
                        u.to_le_bytes()
                    }
                })
                .collect(),
        }
    };
    let mut fixes: Vec<&diagnostics::Fix> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| f.applicability == Applicability::Safe || unsafe_fixes)
        .filter(|f| !f.edits.is_empty())
        .collect();
    fixes.sort_by_key(|f| f.edits.first().map(|e| e.span.start));
    // a fix whose edits overlap those of one taken before waits for the next round
    let mut taken: Vec<(usize, usize, Vec<u8>)> = Vec::new();
    let mut count = 0;
    for f in fixes {
        let overlaps = f.edits.iter().any(|e| {
            e.span.end > bytes.len()
                || taken.iter().any(|(s, end, _)| {
                    e.span.start < *end.max(&(s + 1)) && *s < e.span.end.max(e.span.start + 1)
                })
        });
        if overlaps {
            continue;
        }
        taken.extend(
            f.edits
                .iter()
                .map(|e| (e.span.start, e.span.end, encode(&e.content))),
        );
        count += 1;
    }
    if taken.is_empty() {
        return None;
    }
    taken.sort_by_key(|(s, e, _)| (*s, *e));
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    for (s, e, content) in taken {
        out.extend_from_slice(bytes.get(at..s)?);
        out.extend_from_slice(&content);
        at = e;
    }
    out.extend_from_slice(bytes.get(at..)?);
    Some((out, count))
}

/// `bytes` with every applicable fix applied, round after round; and how many were applied.
pub fn fix(
    bytes: &[u8],
    catalog: &Catalog,
    config: &Config,
    unsafe_fixes: bool,
) -> (Vec<u8>, usize) {
    let mut current = bytes.to_vec();
    let mut applied = 0;
    for _ in 0..ROUNDS {
        let diagnostics = diagnostics_of(&current, catalog, config);
        match apply(&current, &diagnostics, unsafe_fixes) {
            Some((next, n)) if next != current => {
                current = next;
                applied += n;
            }
            _ => break,
        }
    }
    (current, applied)
}

#[cfg(test)]
mod tests {
    use super::*;
    use diagnostics::{Fix, Span};

    #[test]
    fn edits_apply_once_and_in_order() {
        let d = |fix| Diagnostic::error("x", Span::empty(0), "m").with_fix(fix);
        let diags = [
            d(Fix::one(Applicability::Safe, "a", Span::new(4, 5), "XY")),
            d(Fix::one(Applicability::Safe, "b", Span::new(0, 1), "")),
            d(Fix::one(
                Applicability::Safe,
                "overlap",
                Span::new(4, 6),
                "Z",
            )),
            d(Fix::one(
                Applicability::Unsafe,
                "guess",
                Span::new(8, 9),
                "?",
            )),
        ];
        let (out, n) = apply(b"abcdefghij", &diags, false).unwrap();
        assert_eq!(
            (String::from_utf8(out).unwrap().as_str(), n),
            ("bcdXYfghij", 2)
        );
        let (out, _) = apply(b"abcdefghij", &diags, true).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "bcdXYfgh?j");
        assert!(apply(b"abc", &[], true).is_none());
    }
}
