//! What the checks of one file keep from one item to the next. A file's items mostly share
//! their area, a repeated mistake gets the same suggestion, and a large message names far
//! fewer nodes than it has items (the catalog has some 6,000 nodes; a message of 100,000
//! commands names each of its nodes many times).

use std::collections::HashMap;

use smallvec::SmallVec;
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
    map: HashMap<Box<str>, ByCommand, foldhash::fast::RandomState>,
}

/// The nodes of one LocURI, by command (mostly one).
type ByCommand = SmallVec<[(CommandKind, csp::NodeKey); 2]>;

impl CleanUris {
    /// LocURIs kept at most: past that, the memo starts again (a few hundred kilobytes, however
    /// many distinct LocURIs a hostile file holds).
    pub const MAX: usize = 4096;

    /// The node of `uri` under `kind`, when its checks found nothing before.
    pub fn get(&self, uri: &str, kind: CommandKind) -> Option<csp::NodeKey> {
        let kinds = self.map.get(uri)?;
        kinds
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, node)| *node)
    }

    /// Keeps that the checks of `uri` under `kind` found nothing and named `node`.
    pub fn insert(&mut self, uri: &str, kind: CommandKind, node: csp::NodeKey) {
        if let Some(kinds) = self.map.get_mut(uri) {
            if !kinds.iter().any(|(k, _)| *k == kind) {
                kinds.push((kind, node));
            }
            return;
        }
        if self.map.len() >= Self::MAX {
            self.map.clear();
        }
        self.map
            .insert(uri.into(), smallvec::smallvec![(kind, node)]);
    }

    /// How many LocURIs are kept.
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
        clean.insert("./A", CommandKind::Replace, node(3));
        assert_eq!(clean.get("./A", CommandKind::Replace), Some(node(1)));
        assert_eq!(clean.get("./A", CommandKind::Get), Some(node(2)));
        assert_eq!(clean.get("./A", CommandKind::Add), None);
        assert_eq!(clean.get("./B", CommandKind::Replace), None);
        for i in 0..CleanUris::MAX + 10 {
            clean.insert(&format!("./N{i}"), CommandKind::Replace, node(1));
            assert!(clean.len() <= CleanUris::MAX);
        }
        // what was kept last is still there; what was kept before the memo started again is not
        let last = format!("./N{}", CleanUris::MAX + 9);
        assert_eq!(clean.get(&last, CommandKind::Replace), Some(node(1)));
        assert_eq!(clean.get("./N0", CommandKind::Replace), None);
    }
}
