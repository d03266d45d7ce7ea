//! The same `CmdID` is used twice in one message.
//!
//! ## What it checks
//! Every `CmdID` of the message, nested commands included; one diagnostic per repeat, labelled
//! with the first use. A placeholder that `invalid-cmdid` reports is not compared. A fragment
//! kept as install and remove parts (a run of `Add`/`Replace`, then the `Delete`s of the same
//! nodes, as Workspace ONE keeps a profile's install and remove settings) needs unique ids
//! within each part: the server sends the parts separately.
//!
//! ## Why it matters
//! The device reports one status per `CmdID`: with duplicates, a failure cannot be traced to
//! its command.
//!
//! ## Example
//! ```xml
//! <Replace><CmdID>2</CmdID>...</Replace>
//! <Replace><CmdID>2</CmdID>...</Replace>
//! ```
//!
//! ## Fix
//! Number the commands uniquely: `2`, `3`, ...
//!
//! `--fix` gives each repeat a number above every numeric CmdID of the message (a safe fix).

use diagnostics::{Diagnostic, Span};
use syncml::Command;

use crate::check::Cx;
use crate::seen::FirstSeen;

pub(crate) const CODE: &str = "duplicate-cmdid";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

/// Checks a command's CmdID against those of the commands before it, in `seen`.
pub(crate) fn check(cx: &mut Cx<'_>, seen: &mut Seen, command: &Command<'_>) {
    let Some(id) = &command.cmd_id else { return };
    if id.value.is_empty() {
        return;
    }
    if let Some(earlier) = seen.repeat_of(&id.value, id.primary_span()) {
        cx.emit(
            Diagnostic::error(
                CODE,
                id.primary_span(),
                format!("`CmdID` `{}` is already used in this message", id.value),
            )
            .with_label(earlier, "first used here")
            .with_help("give every command its own `CmdID`")
            .with_fix(super::invalid_cmdid::renumbering(id.span)),
        );
    }
}

/// The CmdIDs seen so far. Most messages number their commands upwards: such a number is new
/// when it is above every number before it, and is kept in a sorted vector without hashing.
/// Other numbers (all below the last ascending one) and other ids go to hash maps; numbers and
/// other ids never meet, as a number is read here only when written without leading zeros.
#[derive(Default)]
pub(crate) struct Seen {
    ascending: Vec<(u64, Span)>,
    numbers: Option<FirstSeen<u64>>,
    /// Commands are checked one at a time and dropped: other ids are kept as copies.
    others: Option<FirstSeen<Box<str>>>,
}

impl Seen {
    fn repeat_of(&mut self, id: &str, span: Span) -> Option<Span> {
        let Some(n) = canonical_number(id) else {
            return self
                .others
                .get_or_insert_with(FirstSeen::new)
                .repeat_of(id.into(), span);
        };
        if self.ascending.last().is_none_or(|&(last, _)| n > last) {
            self.ascending.push((n, span));
            return None;
        }
        if let Ok(i) = self.ascending.binary_search_by_key(&n, |&(k, _)| k) {
            return self.ascending.get(i).map(|&(_, first)| first);
        }
        self.numbers
            .get_or_insert_with(FirstSeen::new)
            .repeat_of(n, span)
    }
}

/// `id` as a number, when it is digits without a leading zero that fit in a `u64`.
fn canonical_number(id: &str) -> Option<u64> {
    if id.starts_with('0') || id.len() > 19 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    id.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_repeats_in_any_order() {
        let mut seen = Seen::default();
        let ids = [
            "2", "3", "10", "7", "02", "x", "11", "3", "7", "02", "x", "10", "4", "2",
        ];
        let repeats: Vec<Option<usize>> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| seen.repeat_of(id, Span::empty(i)).map(|s| s.start))
            .collect();
        let expected = [
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            Some(1),
            Some(3),
            Some(4),
            Some(5),
            Some(2),
            None,
            Some(0),
        ];
        assert_eq!(repeats, expected);
    }

    #[test]
    fn numbers_are_read_only_without_leading_zeros() {
        assert_eq!(canonical_number("42"), Some(42));
        assert_eq!(canonical_number("042"), None);
        assert_eq!(canonical_number("0"), None);
        assert_eq!(canonical_number("99999999999999999999"), None);
        assert_eq!(canonical_number("4 2"), None);
        assert_eq!(canonical_number("+42"), None);
        assert_eq!(
            canonical_number("1000000000000000000"),
            Some(1_000_000_000_000_000_000)
        );
    }

    /// Against a map of every id seen: sequences rising, falling and shuffled, with repeats,
    /// numbers and other ids mixed.
    #[test]
    fn agrees_with_a_map_of_first_occurrences() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for round in 0..300 {
            let len = 1 + next(40) as usize;
            let ids: Vec<String> = (0..len)
                .map(|i| match round % 3 {
                    0 => (i as u64 + next(3)).to_string(),
                    1 => (100 - i as u64 + next(3)).to_string(),
                    _ => match next(5) {
                        0 => format!("0{}", next(10)),
                        1 => format!("x{}", next(4)),
                        _ => next(25).to_string(),
                    },
                })
                .collect();
            let mut seen = Seen::default();
            let mut first = std::collections::HashMap::new();
            for (i, id) in ids.iter().enumerate() {
                let want = first.get(id.as_str()).copied();
                first.entry(id.as_str()).or_insert(i);
                let got = seen.repeat_of(id, Span::empty(i)).map(|s| s.start);
                assert_eq!(got, want, "{ids:?} at {i}");
            }
        }
    }
}
