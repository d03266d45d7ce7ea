//! The CSP addressing checks of one item, on every node of the catalog: the LocURI resolved
//! segment by segment (`unknown-policy`, `unknown-node`, `not-in-catalog`, `scope-mismatch`),
//! then the command, applicability and the value against the node's facts. The order is the
//! contract's suppression order: the first failing step reports, the later ones do not run.

use csp::{Allowed, Facts, Format, NodeRef, Resolution, Tree};
use diagnostics::Span;
use smallvec::SmallVec;
use syncml::ast::{Command, Item};
use syncml::payload::Form;
use syncml::DataText;

use crate::catalog::{Catalog, Resolved, Scopes};
use crate::check::Cx;
use crate::rules::*;
use crate::uri::Scope;

/// A LocURI split for the catalog: its scope and the segments after it. Spans are kept in
/// LocURI offsets and mapped to the text only when a diagnostic asks (most LocURIs draw none).
#[derive(Clone, Debug)]
pub(crate) struct NodeUri<'u> {
    pub scope: Scope,
    /// The scope segment (`Device`, `User`), or `./` for no scope, in LocURI offsets.
    scope_raw: Span,
    /// The segments after the scope, with their spans in LocURI offsets.
    pub segments: SmallVec<[(&'u str, Span); 12]>,
    /// The whole LocURI, in text offsets.
    pub span: Span,
    uri: &'u DataText<'u>,
}

impl<'u> NodeUri<'u> {
    /// Reads an absolute LocURI (`./...`); `None` for anything else. A Get query (`?list=`)
    /// is not part of the name.
    pub fn read(uri: &'u DataText<'u>, whole: Span) -> Option<NodeUri<'u>> {
        NodeUri::split(&uri.text, uri, whole)
    }

    fn split(text: &'u str, uri: &'u DataText<'u>, whole: Span) -> Option<NodeUri<'u>> {
        let path = match memchr::memchr(b'?', text.as_bytes()) {
            Some(q) => text.get(..q).unwrap_or(text),
            None => text,
        };
        let rest = path.strip_prefix("./")?;
        let prefix = |p: &str| {
            rest.get(..p.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(p))
        };
        let (scope, skip) = if prefix("Device/") {
            (Scope::Device, 7)
        } else if prefix("User/") {
            (Scope::User, 5)
        } else {
            (Scope::Implicit, 0)
        };
        let scope_raw = match scope {
            Scope::Implicit => Span::new(0, 2),
            _ => Span::new(2, 2 + skip - 1),
        };
        let mut segments = SmallVec::new();
        let mut start = 2 + skip;
        let rest = path.get(start..)?;
        // segments are a few bytes long: a plain loop finds each `/`, not a vectorised search
        let bytes = rest.as_bytes();
        let mut from = 0;
        loop {
            let slash = bytes
                .get(from..)
                .and_then(|b| b.iter().position(|&c| c == b'/'))
                .map_or(bytes.len(), |i| from + i);
            let seg = rest.get(from..slash).unwrap_or("");
            segments.push((seg, Span::new(start, start + seg.len())));
            start += seg.len() + 1;
            if slash >= bytes.len() {
                break;
            }
            from = slash + 1;
        }
        Some(NodeUri {
            scope,
            scope_raw,
            segments,
            span: whole,
            uri,
        })
    }

    fn tree(&self) -> Tree {
        match self.scope {
            Scope::User => Tree::User,
            Scope::Device | Scope::Implicit => Tree::Device,
        }
    }

    fn names(&self) -> impl Iterator<Item = &'u str> + '_ {
        self.segments.iter().map(|(s, _)| *s)
    }

    /// The scope segment's span in the text.
    pub fn scope_span(&self) -> Span {
        self.uri.to_source(self.scope_raw)
    }

    /// Segment `i` and its span in the text.
    pub fn segment(&self, i: usize) -> Option<(&'u str, Span)> {
        self.segments
            .get(i)
            .map(|&(name, raw)| (name, self.uri.to_source(raw)))
    }

    /// The span of segment `i` in the text, else of the whole LocURI.
    pub fn segment_span(&self, i: usize) -> Span {
        self.segment(i).map_or(self.span, |s| s.1)
    }

    /// The last segment's span in the text.
    pub fn last_span(&self) -> Span {
        self.segment_span(self.segments.len().saturating_sub(1))
    }
}

/// Whether segment `n` after `./` of `uri` is the instance name of a dynamic node.
pub(crate) fn is_dynamic_segment<'u>(catalog: &Catalog, uri: &'u DataText<'u>, n: usize) -> bool {
    let Some(u) = NodeUri::read(uri, Span::default()) else {
        return false;
    };
    // segment 0 is `.`, then the scope when it is written
    let offset = 1 + usize::from(u.scope != Scope::Implicit);
    let Some(k) = n.checked_sub(offset) else {
        return false;
    };
    // an area of ingested ADMX (`App~Policy~Category`) holds no whitespace
    let names: Vec<&str> = u.names().take(k + 1).collect();
    if names.get(2) == Some(&"Policy") && matches!(names.get(3), Some(&"Config" | &"Result")) {
        return false;
    }
    match catalog.csp().resolve(u.tree(), names) {
        Resolution::Found(node) => node.is_dynamic(),
        Resolution::Missing { .. } => false,
    }
}

/// The checks of an item's node, from the catalog lookup to its applicability: the node, when
/// the item's value is to be checked next ([`value`]).
pub(crate) fn address<'c>(
    cx: &mut Cx<'_>,
    catalog: &'c Catalog,
    command: &Command<'_>,
    item: &Item<'_>,
    uri: &NodeUri<'_>,
) -> Option<csp::NodeRef<'c>> {
    let csp = catalog.csp();
    let names: SmallVec<[&str; 12]> = uri.names().collect();
    let parent_key = uri
        .segments
        .last()
        .and_then(|(_, last)| uri.uri.text.get(..last.start))
        .unwrap_or("");
    let node = match csp.resolve_memo(&mut cx.memo.parent, uri.tree(), parent_key, &names) {
        Resolution::Found(n) => n,
        Resolution::Missing { parent, at } => {
            let other = match uri.tree() {
                Tree::Device => Tree::User,
                Tree::User => Tree::Device,
            };
            match csp.resolve(other, uri.names()) {
                Resolution::Found(n) if n.segments().len() > 2 => {
                    scope_mismatch::report_node(cx, uri, n);
                    n
                }
                _ => {
                    if missing(cx, catalog, uri, parent, at) {
                        payload_not_escaped::check_uncatalogued(cx, command, item);
                    }
                    return None;
                }
            }
        }
    };
    if !command_not_allowed::check_node(cx, command, uri, node) {
        return None;
    }
    deprecated_node::check(cx, uri, node);
    unsupported_os::check(cx, uri, node);
    unsupported_edition::check(cx, uri, node);
    Some(node)
}

/// The checks of the value an item sends to `node`: Format, Data, and the value against the
/// node's facts (an ADMX-backed policy's payload against its definition).
pub(crate) fn value(
    cx: &mut Cx<'_>,
    catalog: &Catalog,
    command: &Command<'_>,
    item: &Item<'_>,
    node: csp::NodeRef<'_>,
) {
    if !crate::check::carries_value(command.kind) {
        return;
    }
    let facts = node.facts();
    if facts.admx().is_some() {
        let resolved = catalog.admx_policy_of(node).map(|(file, policy)| Resolved {
            policy,
            file,
            scopes: Scopes {
                device: true,
                user: true,
            },
        });
        crate::check::check_admx_value(cx, command, item, resolved.as_ref());
        return;
    }
    if matches!(facts.format, Format::Node | Format::Null) {
        return;
    }
    if !format_mismatch::check_native(cx, command, item, node) {
        return;
    }
    let Some(data) = item.data else {
        if !empty_allowed(facts) {
            missing_data::report_native(cx, item.element.start_tag(), None, node);
        }
        return;
    };
    let Ok(data_text) = DataText::of(data, cx.text) else {
        return;
    };
    if data_text.form == Form::Raw {
        // raw child elements: XML as written, for `xml` nodes; elsewhere the payload rules say
        // what is wrong
        if facts.format != Format::Xml {
            payload_not_escaped::check(cx, &data_text);
        }
        return;
    }
    if data_text.text.is_empty()
        || (facts.format != Format::Chr && data_text.text.trim().is_empty())
    {
        if !empty_allowed(facts) {
            missing_data::report_native(cx, data.span(), Some(()), node);
        }
        return;
    }
    let v = NativeValue {
        value: &data_text.text,
        node,
        data: &data_text,
    };
    check_value(cx, &v);
}

/// Whether a node can be set to an empty value.
fn empty_allowed(f: &Facts) -> bool {
    match &f.allowed {
        Allowed::Enum(values) => values.iter().any(|v| v.value.is_empty()),
        Allowed::Range { .. } | Allowed::Flag(_) | Allowed::Admx(_) => false,
        _ => matches!(
            f.format,
            Format::Chr | Format::Xml | Format::B64 | Format::Bin
        ),
    }
}

/// A native value: the decoded content of `Data`, with its node.
pub(crate) struct NativeValue<'v> {
    /// The decoded value.
    pub value: &'v str,
    /// The node.
    pub node: NodeRef<'v>,
    data: &'v DataText<'v>,
}

impl NativeValue<'_> {
    /// The text span of `sub`, a span of the value.
    pub fn span(&self, sub: Span) -> Span {
        self.data.to_source(sub)
    }

    /// The value without surrounding whitespace, and its span.
    pub fn trimmed(&self) -> (&str, Span) {
        let start = self.value.len() - self.value.trim_start().len();
        let t = self.value.trim();
        (t, self.span(Span::new(start, start + t.len())))
    }

    /// The node's name, for messages.
    pub fn name(&self) -> String {
        self.node.name()
    }
}

fn check_value(cx: &mut Cx<'_>, v: &NativeValue<'_>) {
    let facts = v.node.facts();
    match facts.format {
        Format::Int => {
            let signed = matches!(facts.allowed, Allowed::Range { min, .. } if min < 0);
            let Some(n) = invalid_number::check_native(cx, v, signed) else {
                return;
            };
            match &facts.allowed {
                Allowed::Range { min, max } => {
                    value_out_of_range::check_native(cx, v, n, *min, *max)
                }
                Allowed::Enum(values) => invalid_enum_value::check_native(cx, v, values),
                Allowed::Flag(values) => invalid_value::check_flags(cx, v, n, values),
                _ => value_out_of_range::check_native(
                    cx,
                    v,
                    n,
                    i64::from(i32::MIN),
                    i64::from(u32::MAX),
                ),
            }
        }
        Format::Bool => invalid_boolean::check_native(cx, v),
        Format::B64 => {
            if invalid_value::check_base64(cx, v) {
                if let Allowed::Enum(values) = &facts.allowed {
                    invalid_enum_value::check_native(cx, v, values);
                }
            }
        }
        Format::Xml => invalid_value::check_xml(cx, v),
        _ => match &facts.allowed {
            Allowed::Enum(values) => invalid_enum_value::check_native(cx, v, values),
            Allowed::Range { min, max } => {
                if let Some(n) = invalid_number::check_native(cx, v, *min < 0) {
                    value_out_of_range::check_native(cx, v, n, *min, *max);
                }
            }
            Allowed::Regex(re) => invalid_value::check_regex(cx, v, re),
            Allowed::Json => invalid_value::check_json(cx, v),
            Allowed::Flag(values) => {
                if let Some(n) = invalid_number::check_native(cx, v, false) {
                    invalid_value::check_flags(cx, v, n, values);
                }
            }
            _ => {}
        },
    }
}

/// Whether the LocURI starts with `Vendor/` (a vendor other than MSFT follows).
fn segs_vendor(uri: &NodeUri<'_>) -> bool {
    uri.segments
        .first()
        .is_some_and(|s| s.0.eq_ignore_ascii_case("Vendor"))
}

/// Reports a LocURI that leaves the catalog at segment `at` below `parent`.
/// Reports a node the catalog lacks; `true` when the whole CSP is unknown (`not-in-catalog`),
/// not a misspelt node of a known one.
fn missing(
    cx: &mut Cx<'_>,
    catalog: &Catalog,
    uri: &NodeUri<'_>,
    parent: NodeRef<'_>,
    at: usize,
) -> bool {
    let depth = parent.segments().len();
    let under_msft = uri.segments.get(..2).is_some_and(|s| {
        s[0].0.eq_ignore_ascii_case("Vendor") && s[1].0.eq_ignore_ascii_case("MSFT")
    });
    // the CSP itself is unknown: `./Vendor/Contoso/...`, `./Device/Vendor/MSFT/Unknown/...`,
    // or a root other than `./Vendor` (`./DevDetail` is one) that the catalog lacks
    if (under_msft && depth <= 2) || depth == 0 || (!under_msft && depth < 2 && segs_vendor(uri)) {
        not_in_catalog::report_root(cx, catalog.csp(), uri, at);
        return true;
    }
    let segs = parent.segments();
    let policy_tree = segs.get(2).is_some_and(|s| s == "Policy")
        && segs.get(3).is_some_and(|s| s == "Config" || s == "Result");
    if policy_tree {
        unknown_policy::report_node(cx, catalog, uri, parent, at);
    } else {
        unknown_node::report(cx, uri, parent, at);
    }
    false
}
