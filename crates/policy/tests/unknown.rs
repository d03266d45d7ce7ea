//! `unknown-node` and `unknown-policy`: the message for each depth, and the help that lists
//! the siblings exactly when they are at most 12 (generated over the catalog's parents).

use csp::{NodeRef, Tree};
use policy::{lint, Catalog, Config};

fn catalog() -> &'static Catalog {
    static C: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    C.get_or_init(Catalog::builtin)
}

fn loc_uri(n: &NodeRef<'_>) -> String {
    let mut s = match n.tree() {
        Tree::Device => "./Device".to_string(),
        Tree::User => "./User".to_string(),
    };
    for seg in n.segments() {
        s.push('/');
        s.push_str(if seg.starts_with('{') { "Inst1" } else { &seg });
    }
    s
}

/// The message and help of the diagnostic of `code` for a `Get` of `uri`.
fn said(uri: &str, code: &str) -> Option<(String, Option<String>)> {
    let text =
        format!("<Get><CmdID>2</CmdID><Item><Target><LocURI>{uri}</LocURI></Target></Item></Get>");
    lint(text.as_bytes(), catalog(), &Config::default())
        .into_iter()
        .find(|d| d.code == code)
        .map(|d| (d.message, d.help))
}

/// An unknown child of every interior node outside the Policy CSP: its siblings are listed
/// when there are at most 12 of them, and not otherwise.
#[test]
fn unknown_nodes_list_their_siblings_when_they_are_few() {
    let (mut listed, mut unlisted) = (0, 0);
    let mut failures = Vec::new();
    for n in catalog().csp().nodes() {
        let uri = loc_uri(&n);
        // a dynamic child takes any name; below an instance, the lookup is the instance's
        // below `Vendor` and `Vendor/MSFT`, an unknown name is an unknown CSP (`not-in-catalog`)
        if !n.has_children()
            || n.segments().len() < 3
            || uri.contains("/Policy/")
            || uri.contains("Inst1")
            || n.children().any(|c| c.is_dynamic())
        {
            continue;
        }
        let names: Vec<&str> = n.child_names().collect();
        let got = said(&format!("{uri}/Qqqqqqqqqqqqqqqq"), "unknown-node");
        let want_help = (names.len() <= 12)
            .then(|| format!("the nodes of `{}` are: {}", n.name(), names.join(", ")));
        match got {
            Some((msg, help))
                if msg == format!("`Qqqqqqqqqqqqqqqq` is not a node of `{}`", n.name())
                    && help == want_help => {}
            other => failures.push(format!("{uri}: {other:?}, want {want_help:?}")),
        }
        if names.len() <= 12 {
            listed += 1;
        } else {
            unlisted += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(listed > 100 && unlisted > 5, "{listed} {unlisted}");
}

/// An unknown policy of every Policy CSP area: the area's policies are listed when there are at
/// most 12 of them.
#[test]
fn unknown_policies_list_the_area_when_it_is_small() {
    let (mut listed, mut unlisted) = (0, 0);
    let mut failures = Vec::new();
    let config = catalog()
        .csp()
        .nodes()
        .find(|n| loc_uri(n) == "./Device/Vendor/MSFT/Policy/Config")
        .expect("Policy/Config");
    for area in config.children() {
        let names: Vec<&str> = area.child_names().collect();
        if names.is_empty() || area.children().any(|c| c.is_dynamic()) {
            continue;
        }
        let uri = format!("{}/Qqqqqqqqqqqqqqqq", loc_uri(&area));
        let got = said(&uri, "unknown-policy");
        let want_help = (names.len() <= 12).then(|| {
            format!(
                "the policies of `{}` are: {}",
                area.name(),
                names.join(", ")
            )
        });
        match got {
            Some((msg, help))
                if msg
                    == format!(
                        "`Qqqqqqqqqqqqqqqq` is not a policy of area `{}`",
                        area.name()
                    )
                    && help == want_help => {}
            other => failures.push(format!("{uri}: {other:?}, want {want_help:?}")),
        }
        if names.len() <= 12 {
            listed += 1;
        } else {
            unlisted += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(listed > 50 && unlisted > 20, "{listed} {unlisted}");
}

#[test]
fn each_depth_of_the_policy_csp_says_what_is_unknown() {
    let config = "./Device/Vendor/MSFT/Policy/Config";
    assert_eq!(
        said(&format!("{config}/Qqqqqqqq/X"), "unknown-policy").map(|s| s.0),
        Some("`Qqqqqqqq` is not a Policy CSP area".to_string())
    );
    assert_eq!(
        said(
            &format!("{config}/RemoteAssistance/SessionLogging/X"),
            "unknown-policy"
        ),
        Some((
            "`SessionLogging` is a policy: nothing is below it".to_string(),
            Some("end the LocURI at `SessionLogging`".to_string())
        ))
    );
}

/// A policy that an ingested area does not have.
#[test]
fn an_ingested_area_names_its_policies() {
    let admx = r#"<policyDefinitions revision="1.0" schemaVersion="1.0"><policyNamespaces><target prefix="c" namespace="Contoso.Policies"/></policyNamespaces><resources minRequiredRevision="1.0"/><categories><category name="Cat" displayName="$(string.Cat)"/></categories><policies><policy name="P" class="Machine" displayName="$(string.P)" key="Software\Policies\Contoso" valueName="P"><parentCategory ref="Cat"/><supportedOn ref="windows:SUPPORTED_Windows10"/></policy></policies></policyDefinitions>"#;
    let text = format!("<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncBody><Add><CmdID>1</CmdID><Item><Target><LocURI>./Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/Contoso/Policy/F1</LocURI></Target><Data><![CDATA[{admx}]]></Data></Item></Add><Replace><CmdID>2</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/Policy/Config/Contoso~Policy~Cat/Zzzzzz</LocURI></Target><Data><![CDATA[<enabled/>]]></Data></Item></Replace><Final/></SyncBody></SyncML>");
    let diags = lint(text.as_bytes(), catalog(), &Config::default());
    let d = diags
        .iter()
        .find(|d| d.code == "unknown-policy")
        .expect("unknown-policy");
    assert_eq!(
        d.message,
        "`Zzzzzz` is not a policy of area `Contoso~Policy~Cat`"
    );
    assert_eq!(
        d.help.as_deref(),
        Some("the policies of `Contoso~Policy~Cat` are: P")
    );
    assert_eq!(text.get(d.span.start..d.span.end), Some("Zzzzzz"));
}
