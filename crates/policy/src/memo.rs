//! What the checks of one file keep from one item to the next. A file's items mostly share
//! their area, a repeated mistake gets the same suggestion, and a large message names far
//! fewer nodes than it has items (the catalog has some 6,000 nodes; a message of 100,000
//! commands names each of its nodes many times).

use std::collections::HashMap;

use syncml::ast::CommandKind;

/// Lookups kept from one item to the next.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    /// The parent node of the last LocURI looked up in the catalog.
    pub parent: csp::ParentMemo,
    /// The last CSP name the catalog did not know, and the name suggested for it.
    pub unknown_root: Option<(String, Option<String>)>,
    /// LocURIs whose checks up to the value found nothing.
    pub clean: CleanUris,
}

/// LocURIs (their decoded text) whose checks up to the value (syntax, placeholders, the
/// catalog lookup, command, applicability) found nothing, with the node each names, by
/// command: those checks depend on nothing else (the configuration and catalog are the
/// file's), so an item that repeats them goes straight to its value. Only what found nothing
/// is kept: a LocURI with a diagnostic is checked again, and reported with its own spans.
#[derive(Debug, Default)]
pub(crate) struct CleanUris {
    /// By the hash of command and LocURI: the command, where the LocURI stands in `uris`, and
    /// the node. Two keys of one hash share a slot (the later wins: a miss, never a wrong hit).
    map: HashMap<u64, (CommandKind, u32, u32, csp::NodeKey), foldhash::fast::RandomState>,
    /// The LocURIs kept, one after the other: no allocation for each.
    uris: String,
    hasher: foldhash::fast::RandomState,
}

impl CleanUris {
    /// LocURIs kept at most: past that, the memo starts again.
    pub const MAX: usize = 4096;
    /// The longest LocURI kept (real ones are under 300 bytes): with [`CleanUris::MAX`], the
    /// memo holds 4 MiB at most, however many distinct LocURIs a hostile file holds.
    pub const MAX_URI: usize = 1024;

    fn hash(&self, uri: &str, kind: CommandKind) -> u64 {
        use std::hash::BuildHasher;
        self.hasher.hash_one((kind, uri))
    }

    /// The node of `uri` under `kind`, when its checks found nothing before.
    pub fn get(&self, uri: &str, kind: CommandKind) -> Option<csp::NodeKey> {
        let &(k, start, len, node) = self.map.get(&self.hash(uri, kind))?;
        let kept = self.uris.get(start as usize..(start + len) as usize)?;
        (k == kind && kept == uri).then_some(node)
    }

    /// Keeps that the checks of `uri` under `kind` found nothing and named `node`.
    pub fn insert(&mut self, uri: &str, kind: CommandKind, node: csp::NodeKey) {
        if uri.len() > Self::MAX_URI {
            return;
        }
        if self.map.len() >= Self::MAX {
            self.map.clear();
            self.uris.clear();
        }
        let start = self.uris.len() as u32;
        self.uris.push_str(uri);
        let hash = self.hash(uri, kind);
        self.map.insert(hash, (kind, start, uri.len() as u32, node));
    }

    /// How many LocURIs are kept, by command.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.map.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_uris_are_kept_by_command_and_bounded() {
        let catalog = csp::Catalog::builtin();
        let node = |i: usize| catalog.nodes().nth(i).map(|n| n.key()).unwrap();
        let mut clean = CleanUris::default();
        clean.insert("./A", CommandKind::Replace, node(1));
        clean.insert("./A", CommandKind::Get, node(2));
        assert_eq!(clean.get("./A", CommandKind::Replace), Some(node(1)));
        assert_eq!(clean.get("./A", CommandKind::Get), Some(node(2)));
        assert_eq!(clean.get("./A", CommandKind::Add), None);
        assert_eq!(clean.get("./B", CommandKind::Replace), None);
        for i in 0..CleanUris::MAX + 10 {
            clean.insert(&format!("./N{i}"), CommandKind::Replace, node(1));
            assert!(clean.len() <= CleanUris::MAX);
        }
        // the memo started again when full (`./A` twice and `./N0` to `./N4093`): what was
        // kept since is all there, what was kept before is not
        for i in CleanUris::MAX - 2..CleanUris::MAX + 10 {
            let uri = format!("./N{i}");
            assert_eq!(
                clean.get(&uri, CommandKind::Replace),
                Some(node(1)),
                "{uri}"
            );
        }
        assert_eq!(clean.len(), 12);
        assert_eq!(clean.get("./N0", CommandKind::Replace), None);
        assert_eq!(clean.get("./A", CommandKind::Get), None);
        // two keys of one hash: the slot holds one, and the other is a miss
        let mut clean = CleanUris::default();
        clean.insert("./A", CommandKind::Replace, node(1));
        let slot = clean
            .map
            .get(&clean.hash("./A", CommandKind::Replace))
            .copied();
        for (uri, kind) in [("./B", CommandKind::Replace), ("./A", CommandKind::Get)] {
            let hash = clean.hash(uri, kind);
            clean.map.insert(hash, slot.unwrap());
            assert_eq!(clean.get(uri, kind), None, "{uri} {kind:?}");
        }
        assert_eq!(clean.get("./A", CommandKind::Replace), Some(node(1)));
        // a LocURI longer than any real one is not kept
        let long = format!("./{}", "x".repeat(CleanUris::MAX_URI - 2));
        clean.insert(&long, CommandKind::Replace, node(1));
        assert_eq!(clean.get(&long, CommandKind::Replace), Some(node(1)));
        let longer = format!("{long}y");
        clean.insert(&longer, CommandKind::Replace, node(1));
        assert_eq!(clean.get(&longer, CommandKind::Replace), None);
    }
}
