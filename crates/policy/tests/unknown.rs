//! `unknown-node` and `unknown-policy`: the message for each depth, and the help that lists
//! the siblings exactly when they are at most 12 (generated over the catalog's parents).

use csp::NodeRef;
use policy::{lint, Config};

mod support;
use support::{catalog, loc_uri};

/// The message and help of the diagnostic of `code` for a `Get` of `uri`.
fn said(uri: &str, code: &str) -> Option<(String, Option<String>)> {
    let text =
        format!("<Get><CmdID>2</CmdID><Item><Target><LocURI>{uri}</LocURI></Target></Item></Get>");
    lint(text.as_bytes(), catalog(), &Config::default())
        .into_iter()
        .find(|d| d.code == code)
        .map(|d| (d.message, d.help))
}

/// The unknown name every test sends.
const UNKNOWN: &str = "Qqqqqqqqqqqqqqqq";

/// Checks the diagnostic of `code` for `UNKNOWN` below `parent`: the message names it in
/// `what` (`a node of`, `a policy of area`), and the help lists the children, as `kind`
/// (`nodes`, `policies`), exactly when they are at most 12. Returns whether they are.
fn expect_listing(
    parent: &NodeRef<'_>,
    code: &str,
    what: &str,
    kind: &str,
    failures: &mut Vec<String>,
) -> bool {
    let names: Vec<&str> = parent.child_names().collect();
    let uri = format!("{}/{UNKNOWN}", loc_uri(parent));
    let few = names.len() <= 12;
    let want = (
        format!("`{UNKNOWN}` is not {what} `{}`", parent.name()),
        few.then(|| {
            format!(
                "the {kind} of `{}` are: {}",
                parent.name(),
                names.join(", ")
            )
        }),
    );
    let got = said(&uri, code);
    if got.as_ref() != Some(&want) {
        failures.push(format!("{uri}: {got:?}, want {want:?}"));
    }
    few
}

/// An unknown child of every interior node outside the Policy CSP: its siblings are listed
/// when there are at most 12 of them, and not otherwise.
#[test]
fn unknown_nodes_list_their_siblings_when_they_are_few() {
    let (mut listed, mut unlisted) = (0, 0);
    let mut failures = Vec::new();
    for n in catalog().csp().nodes() {
        let uri = loc_uri(&n);
        // a dynamic child takes any name; below an instance, the lookup is the instance's;
        // below `Vendor` and `Vendor/MSFT`, an unknown name is an unknown CSP (`not-in-catalog`)
        if !n.has_children()
            || n.segments().len() < 3
            || uri.contains("/Policy/")
            || uri.contains("Inst1")
            || n.children().any(|c| c.is_dynamic())
        {
            continue;
        }
        match expect_listing(&n, "unknown-node", "a node of", "nodes", &mut failures) {
            true => listed += 1,
            false => unlisted += 1,
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
        if !area.has_children() || area.children().any(|c| c.is_dynamic()) {
            continue;
        }
        match expect_listing(
            &area,
            "unknown-policy",
            "a policy of area",
            "policies",
            &mut failures,
        ) {
            true => listed += 1,
            false => unlisted += 1,
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
