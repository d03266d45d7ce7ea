//! Finding repeats: CmdIDs, data ids, list entries.

use foldhash::HashMap;
use std::hash::Hash;

use diagnostics::Span;

/// Up to this many keys are compared one by one; past it a hash map takes over.
const SMALL: usize = 16;

/// Remembers where each key was first seen. Payloads hold a handful of ids, where a short scan
/// beats hashing; hostile files hold hundreds of thousands of CmdIDs, where hashing keeps the
/// check linear.
pub(crate) struct FirstSeen<K> {
    small: Vec<(K, Span)>,
    /// Made when `small` is full.
    map: Option<HashMap<K, Span>>,
}

impl<K: Eq + Hash> FirstSeen<K> {
    pub fn new() -> Self {
        FirstSeen {
            small: Vec::new(),
            map: None,
        }
    }

    /// Where `key` was first seen, when this is a repeat; otherwise records it at `span`.
    pub fn repeat_of(&mut self, key: K, span: Span) -> Option<Span> {
        let map = match &mut self.map {
            Some(map) => map,
            None => {
                if let Some((_, first)) = self.small.iter().find(|(k, _)| *k == key) {
                    return Some(*first);
                }
                if self.small.len() < SMALL {
                    self.small.push((key, span));
                    return None;
                }
                self.map.insert(self.small.drain(..).collect())
            }
        };
        match map.get(&key) {
            Some(first) => Some(*first),
            None => {
                map.insert(key, span);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_repeats_before_and_after_the_switch_to_hashing() {
        let mut seen = FirstSeen::new();
        for i in 0..100usize {
            assert_eq!(seen.repeat_of(i, Span::empty(i)), None);
        }
        assert_eq!(seen.repeat_of(3, Span::empty(500)), Some(Span::empty(3)));
        assert_eq!(seen.repeat_of(99, Span::empty(500)), Some(Span::empty(99)));
        let mut few = FirstSeen::new();
        assert_eq!(few.repeat_of("a", Span::empty(1)), None);
        assert_eq!(few.repeat_of("a", Span::empty(2)), Some(Span::empty(1)));
    }
}
