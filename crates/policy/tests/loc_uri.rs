//! `invalid-loc-uri`'s safe fix: whitespace around the whole LocURI is removed, exactly the
//! whitespace, on whichever side it stands.

use policy::{lint, Catalog, Config};

const URI: &str = "./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/SessionLogging";

/// The text each edit of the `invalid-loc-uri` fix removes, for a LocURI written as `written`.
fn removed(written: &str) -> Option<Vec<String>> {
    let text = format!(
        "<Get><CmdID>2</CmdID><Item><Target><LocURI>{written}</LocURI></Target></Item></Get>"
    );
    let diags = lint(text.as_bytes(), &Catalog::builtin(), &Config::default());
    let d = diags.iter().find(|d| d.code == "invalid-loc-uri")?;
    let fix = d.fix.as_ref()?;
    assert!(fix.edits.iter().all(|e| e.content.is_empty()), "{fix:?}");
    Some(
        fix.edits
            .iter()
            .map(|e| {
                text.get(e.span.start..e.span.end)
                    .unwrap_or("?")
                    .to_string()
            })
            .collect(),
    )
}

#[test]
fn whitespace_around_the_loc_uri_is_removed_on_each_side() {
    assert_eq!(
        removed(&format!("  {URI}\n")),
        Some(vec!["  ".to_string(), "\n".to_string()])
    );
    assert_eq!(removed(&format!(" {URI}")), Some(vec![" ".to_string()]));
    assert_eq!(
        removed(&format!("{URI}\t\t")),
        Some(vec!["\t\t".to_string()])
    );
    // a LocURI of whitespace alone has nothing to keep: no fix
    assert_eq!(removed("   "), None);
    // whitespace inside is not the fix's
    assert_eq!(
        removed("./Device/Vendor/MSFT/Policy/Config/ RemoteAssistance/SessionLogging"),
        None
    );
}
