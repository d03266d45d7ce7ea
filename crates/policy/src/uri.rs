//! Reading Policy CSP LocURIs: scope, tree, area and policy, each with its span.

use diagnostics::Span;

/// The scope a LocURI names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// `./Device/...`.
    Device,
    /// `./User/...`.
    User,
    /// `./Vendor/...`: device-wide.
    Implicit,
}

/// `Policy/Config` or `Policy/Result`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tree {
    /// Settings written by a configuration source.
    Config,
    /// Resolved values, read-only.
    Result,
}

/// A name in a LocURI with its span (in the same coordinates as the LocURI's span).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment<'u> {
    /// The text.
    pub name: &'u str,
    /// Where it stands.
    pub span: Span,
}

/// `<scope>/Vendor/MSFT/Policy/(Config|Result)/<Area>/<Policy>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PolicyUri<'u> {
    /// The scope.
    pub scope: Scope,
    /// The scope segment (`Device`, `User`), or the start of the URI for an implicit scope.
    pub scope_span: Span,
    /// Config or Result.
    pub tree: Tree,
    /// The area.
    pub area: Segment<'u>,
    /// The policy; `None` for an area node (`.../Config/RemoteAssistance`).
    pub policy: Option<Segment<'u>>,
    /// Whether segments follow the policy (not a policy node).
    pub deeper: bool,
}

/// `<scope>/Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/<App>/<Policy|Preference>/<Uid>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AdmxInstallUri<'u> {
    /// The application name.
    pub app: Segment<'u>,
    /// `Policy` or `Preference`.
    pub setting_type: Segment<'u>,
    /// The file's unique id, absent for the app or type node.
    pub uid: Option<Segment<'u>>,
}

/// The `/`-separated segments of `uri` (standing at `base`), each with its span. Segments are
/// a few bytes long: a plain scan beats a substring searcher set up for each.
fn segments(uri: &str, base: usize) -> impl Iterator<Item = Segment<'_>> {
    let mut rest = Some(uri);
    let mut start = base;
    std::iter::from_fn(move || {
        let r = rest?;
        let (name, tail) = match r.bytes().position(|b| b == b'/') {
            Some(i) => (r.get(..i)?, r.get(i + 1..)),
            None => (r, None),
        };
        rest = tail;
        let seg = Segment {
            name,
            span: Span::new(start, start + name.len()),
        };
        start += name.len() + 1;
        Some(seg)
    })
}

/// `s` without `prefix` (ASCII, any case).
fn strip_prefix_ci<'u>(s: &'u str, prefix: &str) -> Option<&'u str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

/// Splits off the scope: returns the scope, its span and the segments after `Vendor/MSFT`.
fn after_msft(uri: &str, base: usize) -> Option<(Scope, Span, impl Iterator<Item = Segment<'_>>)> {
    let rest = uri.strip_prefix("./")?;
    let (scope, scope_len, rest) = if let Some(r) = strip_prefix_ci(rest, "device/") {
        (Scope::Device, 6, r)
    } else if let Some(r) = strip_prefix_ci(rest, "user/") {
        (Scope::User, 4, r)
    } else {
        (Scope::Implicit, 0, rest)
    };
    let scope_span = match scope {
        // `./Vendor`
        Scope::Implicit => Span::new(base, base + 8),
        _ => Span::new(base + 2, base + 2 + scope_len),
    };
    let rest = strip_prefix_ci(rest, "vendor/msft/")?;
    Some((
        scope,
        scope_span,
        segments(rest, base + (uri.len() - rest.len())),
    ))
}

/// What a Policy CSP LocURI names: a Config/Result node, or an ADMX ingestion node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyNode<'u> {
    /// `<scope>/Vendor/MSFT/Policy/(Config|Result)/...`.
    Policy(PolicyUri<'u>),
    /// `<scope>/Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/...`.
    AdmxInstall(AdmxInstallUri<'u>),
}

impl<'u> PolicyNode<'u> {
    /// Reads `uri` (standing at `base`) once for either kind of node. The prefix up to
    /// `Policy/Config/` (or `Policy/ConfigOperations/ADMXInstall/`) matches case-insensitively;
    /// the names after it keep their case.
    pub fn read(uri: &'u str, base: usize) -> Option<PolicyNode<'u>> {
        // the common case, written as documented: the prefix compared at once
        for (prefix, scope, scope_span) in [
            ("./Device/Vendor/MSFT/Policy/Config/", Scope::Device, (2, 8)),
            ("./User/Vendor/MSFT/Policy/Config/", Scope::User, (2, 6)),
            ("./Vendor/MSFT/Policy/Config/", Scope::Implicit, (0, 8)),
        ] {
            if let Some(rest) = uri.strip_prefix(prefix) {
                let scope_span = Span::new(base + scope_span.0, base + scope_span.1);
                let it = segments(rest, base + prefix.len());
                return PolicyUri::after_tree(scope, scope_span, Tree::Config, it);
            }
        }
        PolicyNode::read_any_case(uri, base)
    }

    /// [`PolicyNode::read`] for any case of the prefix.
    fn read_any_case(uri: &'u str, base: usize) -> Option<PolicyNode<'u>> {
        let (scope, scope_span, mut it) = after_msft(uri, base)?;
        if !it.next()?.name.eq_ignore_ascii_case("policy") {
            return None;
        }
        let tree = match it.next()?.name {
            t if t.eq_ignore_ascii_case("config") => Tree::Config,
            t if t.eq_ignore_ascii_case("result") => Tree::Result,
            t if t.eq_ignore_ascii_case("configoperations") => {
                if !it.next()?.name.eq_ignore_ascii_case("admxinstall") {
                    return None;
                }
                let app = it.next()?;
                let setting_type = it.next()?;
                // a file is `{App}/Policy/{Uid}` or `{App}/Preference/{Uid}`, nothing below it
                // (`{App}/Properties/...` describes the files)
                let files = matches!(setting_type.name, "Policy" | "Preference");
                let uid = it.next().filter(|_| files);
                let uid = if it.next().is_some() { None } else { uid };
                return Some(PolicyNode::AdmxInstall(AdmxInstallUri {
                    app,
                    setting_type,
                    uid,
                }));
            }
            _ => return None,
        };
        PolicyUri::after_tree(scope, scope_span, tree, it)
    }
}

impl<'u> PolicyUri<'u> {
    /// The node whose segments after `Config` or `Result` are `it`: area, policy, and
    /// whether anything follows.
    fn after_tree(
        scope: Scope,
        scope_span: Span,
        tree: Tree,
        mut it: impl Iterator<Item = Segment<'u>>,
    ) -> Option<PolicyNode<'u>> {
        let area = it.next()?;
        let policy = it.next();
        let deeper = it.next().is_some();
        Some(PolicyNode::Policy(PolicyUri {
            scope,
            scope_span,
            tree,
            area,
            policy,
            deeper,
        }))
    }

    /// Reads `uri` (standing at `base`) as a Policy CSP Config/Result path.
    pub fn parse(uri: &'u str, base: usize) -> Option<PolicyUri<'u>> {
        match PolicyNode::read(uri, base)? {
            PolicyNode::Policy(p) => Some(p),
            PolicyNode::AdmxInstall(_) => None,
        }
    }
}

impl<'u> AdmxInstallUri<'u> {
    /// Reads `uri` as an ADMX ingestion path.
    pub fn parse(uri: &'u str, base: usize) -> Option<AdmxInstallUri<'u>> {
        match PolicyNode::read(uri, base)? {
            PolicyNode::AdmxInstall(a) => Some(a),
            PolicyNode::Policy(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_policy_paths() {
        let u = "./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/SessionLogging";
        let p = PolicyUri::parse(u, 10).unwrap();
        assert_eq!(p.scope, Scope::Device);
        assert_eq!(p.scope_span, Span::new(12, 18));
        assert_eq!(p.tree, Tree::Config);
        assert_eq!(p.area.name, "RemoteAssistance");
        assert_eq!(p.policy.unwrap().name, "SessionLogging");
        let p = PolicyUri::parse("./vendor/msft/policy/result/A/B", 0).unwrap();
        assert_eq!((p.scope, p.tree), (Scope::Implicit, Tree::Result));
        assert!(PolicyUri::parse("./Vendor/MSFT/BitLocker/X", 0).is_none());
        let i = AdmxInstallUri::parse(
            "./Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/Contoso/Policy/F1",
            0,
        )
        .unwrap();
        assert_eq!(
            (i.app.name, i.setting_type.name, i.uid.unwrap().name),
            ("Contoso", "Policy", "F1")
        );
        // ADMXInstall lives under ConfigOperations only, in any case
        assert!(AdmxInstallUri::parse(
            "./vendor/msft/policy/configoperations/admxinstall/A/Policy",
            0
        )
        .is_some());
        for other in ["Config", "Result", "Operations"] {
            let uri = format!("./Vendor/MSFT/Policy/{other}/ADMXInstall/Contoso/Policy/F1");
            assert!(AdmxInstallUri::parse(&uri, 0).is_none(), "{uri}");
        }
    }

    #[test]
    fn the_documented_prefixes_read_as_any_case_does() {
        for uri in [
            "./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/SessionLogging",
            "./User/Vendor/MSFT/Policy/Config/A/B",
            "./Vendor/MSFT/Policy/Config/A/B",
            "./Vendor/MSFT/Policy/Config/A",
            "./Vendor/MSFT/Policy/Config/A/B/C",
            "./Vendor/MSFT/Policy/Config/",
            "./Vendor/MSFT/Policy/Config/A//B",
            "./Device/Vendor/MSFT/Policy/Config/A/",
        ] {
            assert_eq!(
                PolicyNode::read(uri, 7),
                PolicyNode::read_any_case(uri, 7),
                "{uri}"
            );
        }
    }

    #[test]
    fn segments_keep_empty_ones_and_their_spans() {
        let segs: Vec<(&str, Span)> = segments("a//bc/", 5).map(|s| (s.name, s.span)).collect();
        assert_eq!(
            segs,
            vec![
                ("a", Span::new(5, 6)),
                ("", Span::new(7, 7)),
                ("bc", Span::new(8, 10)),
                ("", Span::new(11, 11)),
            ]
        );
        assert_eq!(segments("", 0).count(), 1);
    }
}
