//! Loads the real ADMX/ADML files of `../shared/admx-samples` (or `$SYNCML_LINT_ADMX_SAMPLES`)
//! and checks what was read against values read off the files by hand.

use std::path::PathBuf;

use admx::{fs, Class, ElementKind, LoadedAdmx};

/// Says that a test could not run here, past the test harness's capture of `eprintln!` (a
/// direct write to standard error), so that a fresh clone without `../shared` shows it.
fn skipped(why: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED: {why}");
}

fn samples() -> Option<PathBuf> {
    let dir = std::env::var_os("SYNCML_LINT_ADMX_SAMPLES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/admx-samples")
        });
    if dir.is_dir() {
        Some(dir)
    } else {
        skipped(format_args!(
            "no ADMX samples at {} (set SYNCML_LINT_ADMX_SAMPLES)",
            dir.display()
        ));
        None
    }
}

fn load(name: &str) -> Option<LoadedAdmx> {
    let path = samples()?.join(name);
    Some(fs::load_file(&path, "en-US").expect("readable"))
}

fn errors(f: &LoadedAdmx) -> Vec<String> {
    f.diagnostics
        .iter()
        .chain(&f.adml_diagnostics)
        .filter(|d| d.severity == admx::Severity::Error)
        .map(|d| format!("{}: {} {}", f.path, d.code, d.message))
        .collect()
}

#[test]
fn every_sample_loads_without_errors() {
    let Some(dir) = samples() else { return };
    let loaded = fs::load_dir(&dir, "en-US").expect("a folder");
    assert_eq!(loaded.len(), 17);
    for f in loaded {
        let f = f.expect("readable");
        assert!(errors(&f).is_empty(), "{:#?}", errors(&f));
        assert!(!f.admx.policies.is_empty() || f.stem != "RemoteAssistance");
        assert!(f.admx.target.is_some(), "{} has a target namespace", f.path);
    }
}

#[test]
fn remote_assistance_utf8_bom() {
    let Some(f) = load("RemoteAssistance.admx") else {
        return;
    };
    let names: Vec<&str> = f.admx.policies.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "RA_Logging",
            "RA_EncryptedTicketOnly",
            "RA_Optimize_Bandwidth",
            "RA_Options",
            "RA_Solicit",
            "RA_Unsolicit"
        ]
    );
    let solicit = f.admx.policy("RA_Solicit").unwrap();
    assert_eq!(solicit.class, Class::Machine);
    let ids: Vec<(&str, &str)> = solicit
        .elements
        .iter()
        .map(|e| (e.id.as_str(), e.kind.type_name()))
        .collect();
    assert_eq!(
        ids,
        [
            ("RA_Solicit_Control_List", "enum"),
            ("RA_Solicit_ExpireValue_Edt", "decimal"),
            ("RA_Solicit_ExpireUnits_List", "enum"),
            ("RA_Solicit_Mailto_List", "enum")
        ]
    );
    assert!(matches!(
        solicit.elements[1].kind,
        ElementKind::Decimal {
            min: 1,
            max: 99,
            ..
        }
    ));
    let unsolicit = f.admx.policy("RA_Unsolicit").unwrap();
    assert_eq!(
        unsolicit.elements[1].kind,
        ElementKind::List {
            value_prefix: None,
            explicit_value: false,
            additive: false,
            expandable: false
        }
    );
    assert_eq!(
        f.display(&unsolicit.display_name),
        Some("Configure Offer Remote Assistance")
    );
    // a span points at the policy's start tag in the file (after the 3-byte BOM)
    let bytes = std::fs::read(samples().unwrap().join("RemoteAssistance.admx")).unwrap();
    let tag = &bytes[unsolicit.span.start..unsolicit.span.end];
    assert!(tag.starts_with(b"<policy name=\"RA_Unsolicit\""));
}

#[test]
fn camera_utf16_le() {
    let Some(f) = load("Camera.admx") else { return };
    assert_eq!(f.admx.policies.len(), 1);
    let p = &f.admx.policies[0];
    assert_eq!(p.name, "L_AllowCamera");
    assert_eq!(p.key, "software\\Policies\\Microsoft\\Camera");
    assert_eq!(p.value_name.as_deref(), Some("AllowCamera"));
    assert!(p.elements.is_empty());
    assert!(f.adml.is_some(), "the UTF-16 ADML loads too");
    assert!(f.display(&p.display_name).is_some());
}

#[test]
fn activex_explicit_value_list() {
    let Some(f) = load("ActiveXInstallService.admx") else {
        return;
    };
    let names: Vec<&str> = f.admx.policies.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["ApprovedActiveXInstallSites", "AxISURLZonePolicies"]
    );
    let list = &f.admx.policies[0].elements[0];
    assert_eq!(list.id, "ApprovedActiveXInstallSiteslist");
    assert_eq!(
        list.kind,
        ElementKind::List {
            value_prefix: None,
            explicit_value: true,
            additive: true,
            expandable: false
        }
    );
    let zones = &f.admx.policies[1];
    let ids: Vec<&str> = zones.elements.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "InstallTrustedOCX",
            "InstallSignedOCX",
            "InstallUnSignedOCX",
            "IgnoreUnknownCA",
            "IgnoreInvalidCN",
            "IgnoreInvalidCertDate",
            "IgnoreWrongCertUsage"
        ]
    );
    assert!(zones.elements[0].required);
    let ElementKind::Enum { items } = &zones.elements[0].kind else {
        panic!("an enum")
    };
    let values: Vec<String> = items
        .iter()
        .map(|i| i.value.as_ref().unwrap().to_payload_string())
        .collect();
    assert_eq!(values, ["0", "1", "2"]);
}

#[test]
fn inetres_has_no_adml() {
    let Some(f) = load("inetres.admx") else {
        return;
    };
    assert_eq!(f.admx.policies.len(), 929);
    assert!(f.adml.is_none());
    assert!(f.diagnostics.iter().any(|d| d.code == "admx-missing-adml"));
}

#[test]
fn utf16_be_is_read_like_le() {
    let Some(dir) = samples() else { return };
    let le = std::fs::read(dir.join("Camera.admx")).unwrap();
    let mut be = vec![0xFE, 0xFF];
    be.extend(le[2..].chunks_exact(2).flat_map(|c| [c[1], c[0]]));
    let a = admx::parse_admx(&le);
    let b = admx::parse_admx(&be);
    assert_eq!(a.value, b.value);
    assert!(b.diagnostics.is_empty());
}

#[test]
fn value_lists_and_boolean_values() {
    use admx::{ListItem, Value, ValueList};
    let Some(f) = load("ErrorReporting.admx") else {
        return;
    };
    let p = f.admx.policy("PCH_ShowUI").unwrap();
    let key = "Software\\Policies\\Microsoft\\PCHealth\\ErrorReporting\\DW";
    let list = |n| ValueList {
        default_key: None,
        items: vec![ListItem {
            key: Some(key.to_string()),
            value_name: "DWAllowHeadless".into(),
            value: Some(Value::Decimal(n)),
        }],
    };
    assert_eq!(p.enabled_list, Some(list(0)));
    assert_eq!(p.disabled_list, Some(list(1)));
    assert_eq!(
        (p.enabled_value.clone(), p.disabled_value.clone()),
        (Some(Value::Decimal(1)), Some(Value::Decimal(0)))
    );
    let Some(f) = load("ActiveXInstallService.admx") else {
        return;
    };
    let b = f
        .admx
        .policy("AxISURLZonePolicies")
        .unwrap()
        .element("IgnoreUnknownCA")
        .unwrap();
    assert_eq!(
        b.kind,
        ElementKind::Boolean {
            true_value: Some(Value::Decimal(1)),
            false_value: Some(Value::Decimal(0)),
            true_list: None,
            false_list: None
        }
    );
}
