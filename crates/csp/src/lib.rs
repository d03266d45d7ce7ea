//! The catalog of Windows CSP nodes: every node of Microsoft's CSP definitions (DDF v2), with
//! the facts that decide whether an OMA-DM command on it can work: scope, access types,
//! format, allowed values (enumerations with short labels, ranges, regular expressions, flags,
//! the ADMX policy behind an ADMX-backed node), applicability (minimum build, editions) and
//! deprecation.
//!
//! This crate knows nothing of SyncML. It has three parts:
//! - [`ddf`]: reads DDF v2 files (quick-xml, through the ADMX crate's reader) into
//!   [`model::NodeDef`]s, reporting malformed files as diagnostics, never panicking;
//! - [`table`]: the compact, facts-only text table that the repository commits (generated from
//!   `../shared/ddf` by `cargo run -p xtask -- catalog`) and that the binary reads without
//!   parsing XML;
//! - [`Catalog`]: the node tree, and lookups of LocURI segments that allocate nothing.
//!
//! ```
//! let catalog = csp::Catalog::builtin();
//! let found = catalog.resolve(csp::Scope::Device, "Vendor/MSFT/Policy/Config/Update/ActiveHoursStart".split('/'));
//! let csp::Resolution::Found(node) = found else { panic!("in the catalog") };
//! assert_eq!(node.facts().format, csp::Format::Int);
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod builder;
pub mod catalog;
pub mod ddf;
pub mod editions;
pub mod model;
pub mod table;

pub use catalog::{Catalog, NodeKey, NodeRef, ParentMemo, Resolution, Scope};
pub use model::*;

/// The rule code of problems in DDF files.
pub const DDF_SYNTAX: &str = "ddf-syntax";
