//! Finding repeats: CmdIDs, data ids, list entries.

use foldhash::HashMap;
use smallvec::SmallVec;
use std::hash::Hash;

use diagnostics::Span;

/// Up to this many keys are compared one by one; past it a hash map takes over.
const SMALL: usize = 16;

/// Remembers where each key was first seen. Payloads hold a handful of ids, where a short scan
/// beats hashing; hostile files hold hundreds of thousands of CmdIDs, where hashing keeps the
/// check linear.
pub(crate) struct FirstSeen<K> {
    /// On the stack: most lists and payloads have a few keys, and a check makes one of these.
    small: SmallVec<[(K, Span); SMALL]>,
    /// Made when `small` is full.
    map: Option<HashMap<K, Span>>,
}

impl<K: Eq + Hash> FirstSeen<K> {
    pub fn new() -> Self {
        FirstSeen {
            small: SmallVec::new(),
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

/// A key that compares as its lowercase form (`str::to_lowercase`), without making that form
/// when the text is ASCII, as nearly all account names are.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Caseless<'a>(pub &'a str);

impl PartialEq for Caseless<'_> {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.0, other.0);
        if a.is_ascii() && b.is_ascii() {
            a.eq_ignore_ascii_case(b)
        } else {
            a.to_lowercase() == b.to_lowercase()
        }
    }
}

impl Eq for Caseless<'_> {}

impl Hash for Caseless<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        if self.0.is_ascii() {
            self.0
                .bytes()
                .for_each(|b| state.write_u8(b.to_ascii_lowercase()));
        } else {
            self.0
                .to_lowercase()
                .bytes()
                .for_each(|b| state.write_u8(b));
        }
        state.write_u8(0xFF);
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

    #[test]
    fn caseless_keys_compare_and_hash_as_their_lowercase_form() {
        use std::hash::BuildHasher;
        let hash = |k: Caseless<'_>| foldhash::fast::FixedState::with_seed(7).hash_one(k);
        // ASCII, non-ASCII, and non-ASCII whose lowercase form is ASCII (KELVIN SIGN)
        for (a, b) in [
            ("CONTOSO\\Tier2", "contoso\\tier2"),
            ("ÉQUIPE\\Ünd", "équipe\\ünd"),
            ("\u{212A}", "k"),
        ] {
            assert_eq!(a.to_lowercase(), b.to_lowercase());
            assert_eq!(Caseless(a), Caseless(b), "{a} {b}");
            assert_eq!(hash(Caseless(a)), hash(Caseless(b)), "{a} {b}");
        }
        assert_ne!(Caseless("CONTOSO\\a"), Caseless("CONTOSO\\b"));
        // past the short list, the map must find caseless repeats too
        let names: Vec<String> = (0..40).map(|i| format!("D\\User{i}")).collect();
        let mut seen = FirstSeen::new();
        for (i, n) in names.iter().enumerate() {
            assert_eq!(seen.repeat_of(Caseless(n), Span::empty(i)), None);
        }
        assert_eq!(
            seen.repeat_of(Caseless("d\\user39"), Span::empty(99)),
            Some(Span::empty(39))
        );
    }
}
