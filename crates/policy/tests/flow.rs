//! The order of the checks of a file: the size limit, CmdIDs numbered per part of a fragment,
//! queries only in a `Get`, and the items of ingested areas, which are checked once the
//! message's ADMX files are read.

use policy::{lint, Catalog, Config};

mod support;

fn codes(text: &str, config: &Config) -> Vec<&'static str> {
    lint(text.as_bytes(), &Catalog::builtin(), config)
        .into_iter()
        .map(|d| d.code)
        .collect()
}

#[test]
fn the_size_limit_is_inclusive() {
    let text =
        "<Get><CmdID>2</CmdID><Item><Target><LocURI>./DevDetail/SwV</LocURI></Target></Item></Get>";
    let mut config = Config::default();
    config.limits.max_size = text.len();
    assert_eq!(codes(text, &config), Vec::<&str>::new());
    config.limits.max_size = text.len() - 1;
    assert_eq!(codes(text, &config), ["limit-exceeded"]);
}

#[test]
fn install_and_remove_parts_of_a_fragment_number_their_own_cmdids() {
    let ra = "./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/SessionLogging";
    let replace = format!("<Replace><CmdID>2</CmdID><Item><Target><LocURI>{ra}</LocURI></Target><Data><![CDATA[<disabled/>]]></Data></Item></Replace>");
    let delete = format!(
        "<Delete><CmdID>2</CmdID><Item><Target><LocURI>{ra}</LocURI></Target></Item></Delete>"
    );
    let config = Config::default();
    assert_eq!(
        codes(&format!("{replace}{delete}"), &config),
        Vec::<&str>::new()
    );
    // a fragment that starts with its remove part
    assert_eq!(
        codes(&format!("{delete}{replace}"), &config),
        Vec::<&str>::new()
    );
    // within one part, a repeat is one
    assert_eq!(
        codes(&format!("{replace}{replace}"), &config),
        ["duplicate-cmdid"]
    );
    // a message is one whole: a repeat in it is one
    let message = format!("<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncBody>{replace}{delete}<Final/></SyncBody></SyncML>");
    assert_eq!(codes(&message, &config), ["duplicate-cmdid"]);
}

#[test]
fn only_a_get_sends_a_query() {
    let config = Config::default();
    let uri = "./Vendor/MSFT/NodeCache?list=Struct";
    let get =
        format!("<Get><CmdID>2</CmdID><Item><Target><LocURI>{uri}</LocURI></Target></Item></Get>");
    assert!(!codes(&get, &config).contains(&"invalid-loc-uri"));
    let replace = format!("<Replace><CmdID>2</CmdID><Item><Target><LocURI>{uri}</LocURI></Target><Data>1</Data></Item></Replace>");
    assert!(codes(&replace, &config).contains(&"invalid-loc-uri"));
}

/// The items of an ingested area: values are checked when they are sent to `Policy/Config`;
/// a `Get`, the area alone and a path below a policy are not values.
#[test]
fn ingested_policies_are_checked_where_values_are_sent() {
    let admx = r#"<policyDefinitions revision="1.0" schemaVersion="1.0"><policyNamespaces><target prefix="c" namespace="Contoso.Policies"/></policyNamespaces><resources minRequiredRevision="1.0"/><categories><category name="Cat" displayName="$(string.Cat)"/></categories><policies><policy name="P" class="Machine" displayName="$(string.P)" key="Software\Policies\Contoso" valueName="P"><parentCategory ref="Cat"/><supportedOn ref="windows:SUPPORTED_Windows10"/><elements><decimal id="N" valueName="N" maxValue="9"/></elements></policy></policies></policyDefinitions>"#;
    let install = format!("<Add><CmdID>1</CmdID><Item><Target><LocURI>./Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/Contoso/Policy/F1</LocURI></Target><Data><![CDATA[{admx}]]></Data></Item></Add>");
    let run = |command: &str, path: &str, data: &str| {
        let text = format!("<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncBody>{install}<{command}><CmdID>2</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/Policy/{path}</LocURI></Target>{data}</Item></{command}><Final/></SyncBody></SyncML>");
        codes(&text, &Config::default())
    };
    let bad = "<Data><![CDATA[<enabled/><data id=\"N\" value=\"10\"/>]]></Data>";
    assert_eq!(
        run("Replace", "Config/Contoso~Policy~Cat/P", bad),
        ["value-out-of-range"]
    );
    for path in [
        "Config/Contoso~Policy~Cat/P",
        "Result/Contoso~Policy~Cat/P",
        "Config/Contoso~Policy~Cat",
        "Config/Contoso~Policy~Cat/P/X",
    ] {
        assert_eq!(run("Get", path, ""), Vec::<&str>::new(), "{path}");
    }
}

/// Each `ADMXInstall` item is read for ingestion, even when an earlier one had the same
/// LocURI (checks of a repeated LocURI are skipped only for other nodes).
#[test]
fn every_admx_install_is_ingested_even_at_a_repeated_loc_uri() {
    let admx = |policy: &str| {
        format!(
            r#"<policyDefinitions revision="1.0" schemaVersion="1.0"><policyNamespaces><target prefix="c" namespace="Contoso.Policies"/></policyNamespaces><resources minRequiredRevision="1.0"/><categories><category name="Cat" displayName="$(string.Cat)"/></categories><policies><policy name="{policy}" class="Machine" displayName="$(string.P)" key="Software\Policies\Contoso" valueName="P"><parentCategory ref="Cat"/><supportedOn ref="windows:SUPPORTED_Windows10"/></policy></policies></policyDefinitions>"#
        )
    };
    let install = |id: usize, policy: &str| {
        format!("<Add><CmdID>{id}</CmdID><Item><Target><LocURI>./Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/Contoso/Policy/F1</LocURI></Target><Data><![CDATA[{}]]></Data></Item></Add>", admx(policy))
    };
    let set = |id: usize, policy: &str| {
        format!("<Replace><CmdID>{id}</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/Policy/Config/Contoso~Policy~Cat/{policy}</LocURI></Target><Data><![CDATA[<enabled/>]]></Data></Item></Replace>")
    };
    let text = format!(
        "<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncBody>{}{}{}{}<Final/></SyncBody></SyncML>",
        install(1, "P"),
        install(2, "Q"),
        set(3, "P"),
        set(4, "Q")
    );
    assert_eq!(codes(&text, &Config::default()), Vec::<&str>::new());
}

/// A definition that repeats an element id (`admx-duplicate-id`): one `<data>` of that id
/// gives both elements, neither is missing.
#[test]
fn one_data_gives_every_element_of_its_id() {
    let admx = r#"<policyDefinitions revision="1.0" schemaVersion="1.0"><policyNamespaces><target prefix="c" namespace="Contoso.Policies"/></policyNamespaces><resources minRequiredRevision="1.0"/><categories><category name="Cat" displayName="$(string.Cat)"/></categories><policies><policy name="P" class="Machine" displayName="$(string.P)" key="Software\Policies\Contoso" valueName="P"><parentCategory ref="Cat"/><supportedOn ref="windows:SUPPORTED_Windows10"/><elements><decimal id="N" valueName="N" maxValue="9"/><decimal id="N" valueName="M" maxValue="9"/></elements></policy></policies></policyDefinitions>"#;
    let text = format!("<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncBody><Add><CmdID>1</CmdID><Item><Target><LocURI>./Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/Contoso/Policy/F1</LocURI></Target><Data><![CDATA[{admx}]]></Data></Item></Add><Replace><CmdID>2</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/Policy/Config/Contoso~Policy~Cat/P</LocURI></Target><Data><![CDATA[<enabled/><data id=\"N\" value=\"1\"/>]]></Data></Item></Replace><Final/></SyncBody></SyncML>");
    assert_eq!(codes(&text, &Config::default()), ["admx-duplicate-id"]);
}

/// Whitespace is allowed in the instance name of a dynamic node, with or without the scope
/// written, and nowhere else: not in a fixed node, not in an ingested area.
#[test]
fn whitespace_only_in_instance_names() {
    let config = Config::default();
    let get = |uri: &str| {
        codes(
            &format!(
                "<Get><CmdID>2</CmdID><Item><Target><LocURI>{uri}</LocURI></Target></Item></Get>"
            ),
            &config,
        )
        .contains(&"invalid-loc-uri")
    };
    assert!(!get(
        "./Device/Vendor/MSFT/DMClient/Provider/MS DM Server/EntDMID"
    ));
    assert!(!get("./Vendor/MSFT/DMClient/Provider/MS DM Server/EntDMID"));
    assert!(!get(
        "./User/Vendor/MSFT/DMClient/Provider/MS DM Server/EntDMID"
    ));
    assert!(get(
        "./Device/Vendor/MSFT/DMClient/Provider/MS DM Server/Ent DMID"
    ));
    assert!(get("./Vendor/MSFT/DMClient/Provider/MS DM Server/Ent DMID"));
    assert!(get("./Device/Vendor/MSFT/DM Client/Provider/X/EntDMID"));
    assert!(get(
        "./Device/Vendor/MSFT/Policy/Config/Contoso~Policy~My Cat/P"
    ));
    assert!(get("./Vendor/MSFT/Policy/Result/Contoso~Policy~My Cat/P"));
}

/// A LocURI that a catalog has only in the other tree is a scope mismatch, but not the roots
/// (`./User/Vendor/MSFT` of a catalog with no user nodes).
#[test]
fn the_other_tree_is_named_below_the_roots_only() {
    let c = support::catalog_of(vec![(
        "./Device/Vendor/MSFT/Contoso/Level",
        csp::Facts {
            format: csp::Format::Int,
            access: csp::Access(csp::Access::GET),
            ..csp::Facts::default()
        },
    )]);
    let get = |uri: &str| -> Vec<&'static str> {
        let text = format!(
            "<Get><CmdID>2</CmdID><Item><Target><LocURI>{uri}</LocURI></Target></Item></Get>"
        );
        lint(text.as_bytes(), &c, &Config::default())
            .into_iter()
            .map(|d| d.code)
            .collect()
    };
    assert_eq!(get("./User/Vendor/MSFT/Contoso/Level"), ["scope-mismatch"]);
    assert!(!get("./User/Vendor/MSFT").contains(&"scope-mismatch"));
    assert!(!get("./User/Vendor").contains(&"scope-mismatch"));
}

/// Below a root that is not `Vendor` (`./DevDetail`), an unknown name is a node of that root,
/// even when it is `MSFT`; below `Vendor`, an unknown vendor or CSP is not in the catalog.
#[test]
fn unknown_names_below_other_roots_are_nodes() {
    let config = Config::default();
    let get = |uri: &str| -> Vec<&'static str> {
        codes(
            &format!(
                "<Get><CmdID>2</CmdID><Item><Target><LocURI>{uri}</LocURI></Target></Item></Get>"
            ),
            &config,
        )
    };
    assert_eq!(get("./DevDetail/Foo"), ["unknown-node"]);
    assert_eq!(get("./DevDetail/MSFT"), ["unknown-node"]);
    assert_eq!(get("./Vendor/Contoso/X"), ["not-in-catalog"]);
    assert_eq!(get("./Device/Vendor/MSFT/Nope/X"), ["not-in-catalog"]);
}
