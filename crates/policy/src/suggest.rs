//! Did-you-mean: the closest known name to a mistyped one.

/// The best match for `wrong` among `candidates`, with a phrase for the help text:
/// a case-only difference is named as such.
pub fn did_you_mean<'c>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<(&'c str, String)> {
    let mut best: Option<(&'c str, f64)> = None;
    for c in candidates {
        if c.eq_ignore_ascii_case(wrong) {
            return Some((
                c,
                format!("did you mean `{c}`? (names are case-sensitive: only the case differs)"),
            ));
        }
        let score = strsim::jaro_winkler(&wrong.to_ascii_lowercase(), &c.to_ascii_lowercase());
        let distance = strsim::levenshtein(wrong, c);
        let close = distance <= (c.chars().count() / 3).max(2) || score >= 0.9;
        if close && best.is_none_or(|(_, s)| score > s) {
            best = Some((c, score));
        }
    }
    best.map(|(c, _)| (c, format!("did you mean `{c}`?")))
}

/// The fix of a misspelt name: the closest of `candidates`, safe when only the case differs.
pub fn rename_fix<'c>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'c str>,
    span: diagnostics::Span,
) -> Option<diagnostics::Fix> {
    let (best, _) = did_you_mean(wrong, candidates)?;
    let applicability = if best.eq_ignore_ascii_case(wrong) {
        diagnostics::Applicability::Safe
    } else {
        diagnostics::Applicability::Unsafe
    };
    Some(diagnostics::Fix::one(
        applicability,
        format!("write `{best}`"),
        span,
        best,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_case() {
        let names = ["RA_Unsolicit_DACL_Edit", "RA_Unsolicit_Control_List"];
        assert_eq!(
            did_you_mean("RA_Unsolicit_DACL", names).unwrap().0,
            "RA_Unsolicit_DACL_Edit"
        );
        let (c, msg) = did_you_mean("ra_unsolicit_dacl_edit", names).unwrap();
        assert_eq!(c, "RA_Unsolicit_DACL_Edit");
        assert!(msg.contains("case"));
        assert!(did_you_mean("Completely_Different", names).is_none());
    }
}
