//! Windows Configuration Designer files are checked as the Policy CSP items they hold:
//! converting one into a SyncML profile by hand gives the same codes, every diagnostic points
//! at the characters of the customizations file (in UTF-8 and UTF-16), and other XML is not
//! taken for one.

use policy::{lint, wcd, Catalog, Config};
use syncml::xml::{self, Element, TopLevel};

const INVALID: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../corpus/invalid/value-out-of-range/wcd-customizations.xml"
);
const VALID: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../corpus/valid/wcd/customizations.xml"
);

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The elements named `local` below `e`, each with its ancestors (the nearest last).
fn descendants<'a>(e: Element<'a>, local: &str) -> Vec<(Element<'a>, Vec<Element<'a>>)> {
    let mut found = Vec::new();
    let mut stack = vec![(e, Vec::new())];
    while let Some((e, ancestors)) = stack.pop() {
        if e.local_name() == local {
            found.push((e, ancestors.clone()));
        }
        let mut path = ancestors;
        path.push(e);
        for child in e.elements() {
            stack.push((child, path.clone()));
        }
    }
    found
}

/// The profile an MDM server would send for the settings of a customizations file, written
/// from the file by walking its elements.
fn as_syncml(text: &str) -> String {
    let doc = xml::parse(text, &Default::default(), TopLevel::Elements).unwrap();
    let mut out = String::new();
    let name = |e: Element<'_>| e.attribute("Name").unwrap().value.to_string();
    let root = doc.elements().next().unwrap();
    for (policies, _) in descendants(root, "Policies") {
        for area in policies.elements() {
            for policy in area.elements() {
                let format = if policy.text().unwrap().starts_with('<') {
                    "chr"
                } else {
                    "int"
                };
                out.push_str(&format!(
                    "<Replace><Item><Target><LocURI>./Device/Vendor/MSFT/Policy/Config/{}/{}</LocURI></Target><Meta><Format xmlns=\"syncml:metinf\">{format}</Format></Meta><Data>{}</Data></Item></Replace>\n",
                    area.local_name(), policy.local_name(), escape(&policy.text().unwrap())
                ));
            }
        }
    }
    for (install, up) in descendants(root, "InsertADMXFile") {
        let (setting_type, app) = (up[up.len() - 1], up[up.len() - 2]);
        out.push_str(&format!(
            "<Add><Item><Target><LocURI>./Device/Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/{}/{}/{}</LocURI></Target><Meta><Format xmlns=\"syncml:metinf\">chr</Format></Meta><Data>{}</Data></Item></Add>\n",
            name(app), name(setting_type), name(install), escape(&install.text().unwrap())
        ));
    }
    for (set, up) in descendants(root, "SetAdmxPolicy") {
        let area = up[up.len() - 1];
        out.push_str(&format!(
            "<Replace><Item><Target><LocURI>./Device/Vendor/MSFT/Policy/Config/{}/{}</LocURI></Target><Meta><Format xmlns=\"syncml:metinf\">chr</Format></Meta><Data>{}</Data></Item></Replace>\n",
            name(area), name(set), escape(&set.text().unwrap())
        ));
    }
    out
}

fn codes_of_file(bytes: &[u8]) -> Vec<&'static str> {
    let mut codes: Vec<&str> =
        wcd::lint_customizations(bytes, &Catalog::builtin(), &Config::default())
            .expect("a customizations file")
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect();
    codes.sort();
    codes
}

#[test]
fn a_customizations_file_and_its_profile_draw_the_same_codes() {
    for path in [INVALID, VALID] {
        let text = std::fs::read_to_string(path).unwrap();
        let profile = as_syncml(&text);
        let mut from_profile: Vec<&str> =
            lint(profile.as_bytes(), &Catalog::builtin(), &Config::default())
                .iter()
                .map(|d| d.code)
                .collect();
        from_profile.sort();
        assert_eq!(
            codes_of_file(text.as_bytes()),
            from_profile,
            "{path}\n{profile}"
        );
    }
}

#[test]
fn diagnostics_point_at_the_characters_of_the_file_in_every_encoding() {
    let text = std::fs::read_to_string(INVALID).unwrap();
    let expected = ["30", "ActiveHoursEndd", "RA_Solicit_Mailto_list", "3"];
    let utf8 =
        wcd::lint_customizations(text.as_bytes(), &Catalog::builtin(), &Config::default()).unwrap();
    let shown: Vec<&str> = utf8
        .diagnostics
        .iter()
        .map(|d| &text[d.span.start..d.span.end])
        .collect();
    assert_eq!(shown, expected);
    // the same file in UTF-16LE with a byte order mark: spans are byte offsets into it
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let linted = wcd::lint_customizations(&utf16, &Catalog::builtin(), &Config::default()).unwrap();
    let shown: Vec<String> = linted
        .diagnostics
        .iter()
        .map(|d| {
            let units: Vec<u16> = utf16[d.span.start..d.span.end]
                .chunks(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).unwrap()
        })
        .collect();
    assert_eq!(shown, expected);
}

#[test]
fn only_a_windows_customizations_root_is_read_as_one() {
    assert!(wcd::is_customizations(
        "<?xml version=\"1.0\"?>\n<!-- a project -->\n<WindowsCustomizations>"
    ));
    assert!(!wcd::is_customizations("<SyncML><SyncBody/></SyncML>"));
    assert!(!wcd::is_customizations("<WindowsCustomizationsX/>"));
    assert!(!wcd::is_customizations(
        "<Replace><Data>&lt;WindowsCustomizations&gt;</Data></Replace>"
    ));
    let syncml = b"<Replace><CmdID>1</CmdID></Replace>";
    assert!(wcd::lint_customizations(syncml, &Catalog::builtin(), &Config::default()).is_none());
}

#[test]
fn a_policy_the_catalog_lacks_and_an_ingestion_without_names_are_reported_not_fatal() {
    let text = "<WindowsCustomizations><Settings><Customizations><Common><Policies><Contoso><Mode>1</Mode></Contoso></Policies><ADMXIngestion><ConfigADMXInstalledPolicy><SetAdmxPolicy>&lt;enabled/&gt;</SetAdmxPolicy></ConfigADMXInstalledPolicy></ADMXIngestion></Common></Customizations></Settings></WindowsCustomizations>";
    let codes = codes_of_file(text.as_bytes());
    assert!(
        codes.contains(&"unknown-policy") || codes.contains(&"not-in-catalog"),
        "{codes:?}"
    );
}

/// The safe fixes reach a WCD file where an edit means the same there (a data id inside an
/// escaped payload); a misspelt element name is not edited (its end tag repeats it).
#[test]
fn fixes_edit_the_customizations_file() {
    let text = std::fs::read_to_string(INVALID).unwrap();
    let (fixed, _) = policy::fix::fix(
        text.as_bytes(),
        &Catalog::builtin(),
        &Config::default(),
        true,
    );
    let fixed = String::from_utf8(fixed).unwrap();
    assert_eq!(
        fixed,
        text.replace("RA_Solicit_Mailto_list", "RA_Solicit_Mailto_List")
    );
}
