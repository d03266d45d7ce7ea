//! `command-not-allowed` over the whole catalog: every branch of the access check, on the
//! nodes that take it (generated from the catalog's facts), and on the areas of ingested ADMX.

use csp::{Access, Format, NodeRef};
use policy::{lint, Config, Diagnostic};

mod support;
use support::{catalog, loc_uri};

/// `command` of `uri`, alone in a fragment, and its diagnostics.
fn send(command: &str, uri: &str) -> Vec<Diagnostic> {
    let text = format!(
        "<{command}><CmdID>2</CmdID><Item><Target><LocURI>{uri}</LocURI></Target></Item></{command}>"
    );
    lint(text.as_bytes(), catalog(), &Config::default())
}

/// The help of the `command-not-allowed` of `diags`, if there is one.
fn refusal(diags: &[Diagnostic]) -> Option<String> {
    diags
        .iter()
        .find(|d| d.code == "command-not-allowed")
        .map(|d| d.help.clone().unwrap_or_default())
}

fn has_dynamic_ancestor(n: &NodeRef<'_>) -> bool {
    std::iter::successors(n.parent(), |p| p.parent()).any(|p| p.is_dynamic())
}

fn nodes() -> impl Iterator<Item = NodeRef<'static>> {
    // an instance name under `Policy/Config` or `Policy/Result` is an ingested area, which
    // `ingested_areas_take_the_policy_commands` covers
    catalog().csp().nodes().filter(|n| {
        let uri = loc_uri(n);
        !uri.contains("/Policy/Config/Inst1") && !uri.contains("/Policy/Result/Inst1")
    })
}

/// `Add` of a setting that takes `Replace` but not `Add` creates its dynamic instance: it is
/// accepted below a dynamic node, refused elsewhere with the node's commands.
#[test]
fn add_is_taken_where_replace_is_only_below_a_dynamic_instance() {
    let (mut below, mut elsewhere) = (0, 0);
    let mut failures = Vec::new();
    for n in nodes() {
        let access = n.facts().access;
        if access.allows("Add") || !access.allows("Replace") || n.has_children() {
            continue;
        }
        let uri = loc_uri(&n);
        let got = refusal(&send("Add", &uri));
        let dynamic = has_dynamic_ancestor(&n);
        let want = (!dynamic).then(|| format!("this node accepts {}", access.names().join(", ")));
        if got != want {
            failures.push(format!("{uri}: {got:?}, want {want:?}"));
        }
        if dynamic {
            below += 1;
        } else {
            elsewhere += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        below > 50 && elsewhere > 50,
        "{below} below, {elsewhere} elsewhere"
    );
}

/// A node that takes no command says so; an interior node names itself as one and the
/// commands it takes; a leaf names its commands.
#[test]
fn each_refusal_says_what_the_node_takes() {
    let (mut none, mut interior, mut leaf) = (0, 0, 0);
    let mut failures = Vec::new();
    for n in nodes() {
        let f = n.facts();
        let access = f.access;
        let Some(command) = ["Replace", "Exec", "Delete"]
            .into_iter()
            .find(|c| !access.allows(c))
        else {
            continue;
        };
        if command == "Replace" && access.allows("Add") && has_dynamic_ancestor(&n) {
            continue;
        }
        let uri = loc_uri(&n);
        if uri.contains("/ADMXInstall/") {
            continue;
        }
        let want = if access.0 == 0 {
            none += 1;
            "this node accepts no command".to_string()
        } else if n.has_children() && f.format == Format::Node {
            interior += 1;
            format!(
                "`{}` is an interior node that accepts {}: address one of its settings",
                n.name(),
                access.names().join(", ")
            )
        } else {
            leaf += 1;
            format!("this node accepts {}", access.names().join(", "))
        };
        let got = refusal(&send(command, &uri));
        if got.as_deref() != Some(want.as_str()) {
            failures.push(format!("{command} {uri}: {got:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // the built-in catalog has no node without commands: `a_node_without_commands_says_so`
    // makes one
    assert!(interior > 100 && leaf > 100, "{none} {interior} {leaf}");
}

/// A node of a `--ddf-dir` catalog that takes no command says so.
#[test]
fn a_node_without_commands_says_so() {
    let c = support::catalog_of(vec![(
        "./Device/Vendor/MSFT/Contoso/Locked",
        csp::Facts {
            format: Format::Chr,
            access: Access(0),
            ..csp::Facts::default()
        },
    )]);
    let text = "<Get><CmdID>2</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/Contoso/Locked</LocURI></Target></Item></Get>";
    let diags = lint(text.as_bytes(), &c, &Config::default());
    assert_eq!(
        refusal(&diags).as_deref(),
        Some("this node accepts no command"),
        "{diags:#?}"
    );
}

/// The commands the DDF lists but the device refuses (`csp::ddf::ACCESS_CORRECTIONS`) get the
/// correction's advice; a command refused for another reason does not.
#[test]
fn corrected_commands_get_their_advice_and_only_they() {
    let file = "./Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/Contoso/Policy/File1";
    for (_, taken, instead, _) in csp::ddf::ACCESS_CORRECTIONS {
        for (bit, name) in Access::NAMES {
            if taken & bit == 0 {
                continue;
            }
            assert_eq!(
                refusal(&send(name, file)).as_deref(),
                Some(*instead),
                "{name}"
            );
        }
    }
    let exec = refusal(&send("Exec", file)).unwrap_or_default();
    assert!(exec.starts_with("this node accepts "), "{exec}");
    // a node whose path ends like a correction's only in its last segments
    let other = "./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/SessionLogging";
    let exec = refusal(&send("Exec", other)).unwrap_or_default();
    assert!(exec.starts_with("this node accepts "), "{exec}");
}

/// The areas of ingested ADMX take `Add`, `Delete`, `Get` and `Replace` under `Policy/Config`
/// and only `Get` under `Policy/Result`.
#[test]
fn ingested_areas_take_the_policy_commands() {
    let admx = r#"<policyDefinitions revision="1.0" schemaVersion="1.0"><policyNamespaces><target prefix="c" namespace="Contoso.Policies"/></policyNamespaces><resources minRequiredRevision="1.0"/><categories><category name="Cat" displayName="$(string.Cat)"/></categories><policies><policy name="P" class="Machine" displayName="$(string.P)" key="Software\Policies\Contoso" valueName="P"><parentCategory ref="Cat"/><supportedOn ref="windows:SUPPORTED_Windows10"/></policy></policies></policyDefinitions>"#;
    let install = format!("<Add><CmdID>1</CmdID><Item><Target><LocURI>./Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/Contoso/Policy/F1</LocURI></Target><Data><![CDATA[{admx}]]></Data></Item></Add>");
    let run = |command: &str, tree: &str| {
        let data = match command {
            "Add" | "Replace" => "<Data><![CDATA[<enabled/>]]></Data>",
            _ => "",
        };
        let text = format!("<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncBody>{install}<{command}><CmdID>2</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/Policy/{tree}/Contoso~Policy~Cat/P</LocURI></Target>{data}</Item></{command}><Final/></SyncBody></SyncML>");
        refusal(&lint(text.as_bytes(), catalog(), &Config::default()))
    };
    for command in ["Add", "Delete", "Get", "Replace"] {
        assert_eq!(run(command, "Config"), None, "{command}");
    }
    assert_eq!(
        run("Exec", "Config").as_deref(),
        Some("this node accepts Add, Delete, Get, Replace")
    );
    assert_eq!(run("Get", "Result"), None);
    for command in ["Add", "Delete", "Replace", "Exec"] {
        assert_eq!(
            run(command, "Result").as_deref(),
            Some("`Policy/Result` is read-only: write the setting under `Policy/Config`"),
            "{command}"
        );
    }
}
