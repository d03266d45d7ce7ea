//! `format-mismatch` on native nodes offers the node's own Format as a safe fix exactly when
//! the value sent is already one of that Format: generated over the catalog's `int`, `bool`
//! and `chr` settings.

use csp::{Format, NodeRef};
use policy::{lint, Config};

mod support;
use support::{catalog, loc_uri};

/// The Format fix offered when `value` is sent to `uri` as `sent`, if any.
fn fix_for(uri: &str, sent: &str, value: &str) -> Option<String> {
    let text = format!("<Replace><CmdID>2</CmdID><Item><Target><LocURI>{uri}</LocURI></Target><Meta><Format xmlns=\"syncml:metinf\">{sent}</Format></Meta><Data>{value}</Data></Item></Replace>");
    let diags = lint(text.as_bytes(), catalog(), &Config::default());
    let d = diags.iter().find(|d| d.code == "format-mismatch")?;
    d.fix
        .as_ref()
        .and_then(|f| f.edits.first())
        .map(|e| e.content.clone())
}

#[test]
fn the_nodes_own_format_is_offered_where_the_value_fits_it() {
    // (node format, Format sent, values that fit, values that do not)
    let cases: [(Format, &str, &[&str], &[&str]); 3] = [
        (Format::Int, "chr", &["5", "-3"], &["x", "5.0"]),
        (Format::Bool, "chr", &["true", "False"], &["1", "yes"]),
        (Format::Chr, "int", &["abc", "7"], &[]),
    ];
    for (format, sent, fit, misfit) in cases {
        let nodes: Vec<NodeRef<'_>> = support::settable_leaves()
            .filter(|n| {
                let f = n.facts();
                f.format == format
                    && f.admx().is_none()
                    && !loc_uri(n).contains("/Policy/Config/Inst1")
            })
            .take(40)
            .collect();
        assert!(nodes.len() >= 20, "{format:?}: {}", nodes.len());
        for n in nodes {
            let uri = loc_uri(&n);
            for v in fit {
                assert_eq!(
                    fix_for(&uri, sent, v).as_deref(),
                    Some(format.name()),
                    "{uri} {v}"
                );
            }
            for v in misfit {
                assert_eq!(fix_for(&uri, sent, v), None, "{uri} {v}");
            }
        }
    }
}
