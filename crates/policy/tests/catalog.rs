//! Generated from the catalog itself: for every leaf of every CSP, a valid item built from the
//! node's own facts draws no error or warning, and each fact it can break (scope, format,
//! range, enum, boolean, access) draws the right code on the right characters.

use csp::{Access, Allowed, Format, NodeRef, Resolution, Tree};
use policy::{lint, Catalog, Config, Diagnostic, Severity};

/// Says that a test could not run here, past the test harness's capture of `eprintln!` (a
/// direct write to standard error), so that a fresh clone without `../shared` shows it.
fn skipped(why: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED: {why}");
}

fn loc_uri(n: &NodeRef<'_>, tree: Tree) -> String {
    let scope = match tree {
        Tree::Device => "./Device",
        Tree::User => "./User",
    };
    let mut s = scope.to_string();
    for seg in n.segments() {
        s.push('/');
        if seg.starts_with('{') {
            // an instance name of a dynamic node; in the Policy CSP, an ingested area
            s.push_str("Inst1");
        } else {
            s.push_str(&seg);
        }
    }
    s
}

struct Item {
    command: &'static str,
    uri: String,
    format: Option<String>,
    data: Option<String>,
}

impl Item {
    fn text(&self) -> String {
        let meta = self
            .format
            .as_ref()
            .map(|f| format!("<Meta><Format xmlns=\"syncml:metinf\">{f}</Format></Meta>"))
            .unwrap_or_default();
        let data = self
            .data
            .as_ref()
            .map(|d| format!("<Data><![CDATA[{d}]]></Data>"))
            .unwrap_or_default();
        format!(
            "<{c}><CmdID>2</CmdID><Item><Target><LocURI>{}</LocURI></Target>{meta}{data}</Item></{c}>",
            self.uri,
            c = self.command
        )
    }
}

/// The valid item of a leaf, when its facts give one.
fn valid(c: &Catalog, n: &NodeRef<'_>) -> Option<Item> {
    let f = n.facts();
    let command = [("Replace", Access::REPLACE), ("Add", Access::ADD)]
        .into_iter()
        .find(|(_, b)| f.access.0 & b != 0)
        .map(|(c, _)| c)?;
    let data = match f.admx() {
        Some(a) => Some(c.admx_policy(a.stem(), &a.policy).map_or_else(
            || "<disabled/>".to_string(),
            |(_, p)| policy::example::enabled_payload(p),
        )),
        None => Some(policy::example::node_value(*n)?),
    };
    Some(Item {
        command,
        uri: loc_uri(n, n.tree()),
        format: Some(f.format.name().to_string()),
        data,
    })
}

fn catalog() -> &'static Catalog {
    static C: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    C.get_or_init(Catalog::builtin)
}

fn run(item: &Item) -> (String, Vec<Diagnostic>) {
    let text = item.text();
    let diags = lint(text.as_bytes(), catalog(), &Config::default());
    (text, diags)
}

/// Errors and warnings, but `deprecated-node`: a deprecated node is still a valid address.
fn serious(diags: &[Diagnostic]) -> Vec<&Diagnostic> {
    diags
        .iter()
        .filter(|d| d.severity != Severity::Info && d.code != "deprecated-node")
        .collect()
}

/// Asserts that `item` draws `code` on the characters `at`.
fn expect(item: &Item, code: &str, at: &str, failures: &mut Vec<String>) {
    let (text, diags) = run(item);
    expect_in(&text, &diags, code, at, failures);
}

/// Asserts that `diags`, drawn by `text`, hold `code` on the characters `at`.
fn expect_in(text: &str, diags: &[Diagnostic], code: &str, at: &str, failures: &mut Vec<String>) {
    let hit = diags
        .iter()
        .any(|d| d.code == code && text.get(d.span.start..d.span.end) == Some(at));
    if !hit {
        failures.push(format!(
            "{text}\n  expected {code} on `{at}`, got {:?}",
            diags
                .iter()
                .map(|d| (d.code, text.get(d.span.start..d.span.end).unwrap_or("")))
                .collect::<Vec<_>>()
        ));
    }
}

#[test]
fn every_leaf_of_every_csp() {
    let c = catalog();
    let csp = c.csp();
    let mut failures = Vec::new();
    let (mut valid_items, mut broken, mut without_value) = (0, 0, 0);
    for n in csp.nodes() {
        let f = n.facts();
        if matches!(f.format, Format::Node | Format::Null) || n.has_children() {
            continue;
        }
        let Some(item) = valid(c, &n) else {
            without_value += 1;
            continue;
        };
        valid_items += 1;
        let (text, diags) = run(&item);
        let bad = serious(&diags);
        if !bad.is_empty() {
            failures.push(format!(
                "{text}\n  valid item drew {:?}",
                bad.iter().map(|d| (d.code, &d.message)).collect::<Vec<_>>()
            ));
            continue;
        }
        // scope: the other tree, when the node is not there too
        let other = match n.tree() {
            Tree::Device => Tree::User,
            Tree::User => Tree::Device,
        };
        let segs = n.segments();
        if !matches!(
            csp.resolve(other, segs.iter().map(String::as_str)),
            Resolution::Found(_)
        ) {
            let scope = if other == Tree::User {
                "User"
            } else {
                "Device"
            };
            let wrong = Item {
                uri: loc_uri(&n, other),
                ..item_clone(&item)
            };
            expect(&wrong, "scope-mismatch", scope, &mut failures);
            broken += 1;
        }
        // format
        let wrong_format = if f.format == Format::Int {
            "chr"
        } else {
            "int"
        };
        let wrong = Item {
            format: Some(wrong_format.into()),
            ..item_clone(&item)
        };
        expect(&wrong, "format-mismatch", wrong_format, &mut failures);
        broken += 1;
        // access: a command the node does not accept
        if let Some((cmd, _)) = [
            ("Replace", Access::REPLACE),
            ("Delete", Access::DELETE),
            ("Exec", Access::EXEC),
        ]
        .into_iter()
        .find(|(_, b)| f.access.0 & b == 0)
        {
            let wrong = Item {
                command: cmd,
                data: None,
                ..item_clone(&item)
            };
            expect(
                &wrong,
                "command-not-allowed",
                &format!("<{cmd}>"),
                &mut failures,
            );
            broken += 1;
        }
        // values
        if f.admx().is_some() {
            continue;
        }
        let value = |v: &str| Item {
            data: Some(v.to_string()),
            ..item_clone(&item)
        };
        match (&f.allowed, f.format) {
            (_, Format::Bool) => {
                expect(&value("yes"), "invalid-boolean", "yes", &mut failures);
                broken += 1;
            }
            (Allowed::Range { min, max }, _) => {
                if *max < i64::MAX {
                    let over = (max + 1).to_string();
                    expect(&value(&over), "value-out-of-range", &over, &mut failures);
                    broken += 1;
                }
                if *min > 0 {
                    let under = (min - 1).to_string();
                    expect(&value(&under), "value-out-of-range", &under, &mut failures);
                    broken += 1;
                }
            }
            (Allowed::Enum(values), _) => {
                let not = match f.format {
                    Format::Int => "987654",
                    Format::B64 => "bm90YXZhbHVl",
                    _ => "not-a-value",
                };
                if !values.iter().any(|v| v.value == not) {
                    expect(&value(not), "invalid-enum-value", not, &mut failures);
                    broken += 1;
                }
            }
            (_, Format::Int) => {
                expect(&value("1.5"), "invalid-number", "1.5", &mut failures);
                broken += 1;
            }
            _ => {}
        }
    }
    eprintln!(
        "{valid_items} leaves checked with a valid item, {broken} broken items, {without_value} leaves whose facts give no value"
    );
    assert!(valid_items > 4000, "{valid_items}");
    assert_no_failures(&failures, 40);
}

/// An item's diagnostics do not depend on the items before it, although the checks keep
/// lookups from one item to the next: for every leaf, a fragment of its valid item, the item
/// broken each way (Format, value, commands it takes and does not) and the valid item again
/// draws in each command exactly what that command draws alone.
#[test]
fn an_items_diagnostics_do_not_depend_on_the_items_before_it() {
    let c = catalog();
    let mut failures = Vec::new();
    let mut leaves = 0;
    for n in c.csp().nodes() {
        let f = n.facts();
        if matches!(f.format, Format::Node | Format::Null) || n.has_children() {
            continue;
        }
        let Some(item) = valid(c, &n) else {
            continue;
        };
        leaves += 1;
        let wrong_format = if f.format == Format::Int {
            "chr"
        } else {
            "int"
        };
        let bare = |command| Item {
            command,
            format: None,
            data: None,
            ..item_clone(&item)
        };
        let variants = [
            item_clone(&item),
            Item {
                format: Some(wrong_format.into()),
                ..item_clone(&item)
            },
            Item {
                data: Some("987654".into()),
                ..item_clone(&item)
            },
            bare("Get"),
            bare("Delete"),
            Item {
                command: "Exec",
                ..item_clone(&item)
            },
            item_clone(&item),
        ];
        let commands: Vec<String> = variants
            .iter()
            .enumerate()
            .map(|(k, v)| {
                v.text()
                    .replacen("<CmdID>2</CmdID>", &format!("<CmdID>{}</CmdID>", k + 2), 1)
            })
            .collect();
        let whole = lint(commands.concat().as_bytes(), c, &Config::default());
        let mut at = 0;
        for command in &commands {
            let alone: Vec<(&str, usize, usize, String)> =
                lint(command.as_bytes(), c, &Config::default())
                    .into_iter()
                    .map(|d| (d.code, d.span.start, d.span.end, d.message))
                    .collect();
            let inside: Vec<(&str, usize, usize, String)> = whole
                .iter()
                .filter(|d| d.span.start >= at && d.span.end <= at + command.len())
                .map(|d| {
                    (
                        d.code,
                        d.span.start - at,
                        d.span.end - at,
                        d.message.clone(),
                    )
                })
                .collect();
            if alone != inside {
                failures.push(format!(
                    "{command}\n  alone {alone:?}\n  after others {inside:?}"
                ));
            }
            at += command.len();
        }
    }
    assert!(leaves > 4000, "{leaves}");
    assert_no_failures(&failures, 10);
}

/// Fails with the count of `failures` and the first `shown` of them, if there are any.
fn assert_no_failures(failures: &[String], shown: usize) {
    assert!(
        failures.is_empty(),
        "{} failures, the first {shown}:\n{}",
        failures.len(),
        failures
            .iter()
            .take(shown)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn item_clone(i: &Item) -> Item {
    Item {
        command: i.command,
        uri: i.uri.clone(),
        format: i.format.clone(),
        data: i.data.clone(),
    }
}

/// The payload of `policy` enabled with every element at a valid value, `broken` replacing
/// the `<data>` of one element (`None` leaves it out).
fn payload_with(policy: &admx::Policy, broken: Option<(&str, Option<String>)>) -> String {
    let mut out = String::from("<enabled/>");
    for e in &policy.elements {
        let value = match broken {
            Some((id, ref v)) if id == e.id => match v {
                Some(v) => v.clone(),
                None => continue,
            },
            _ => policy::example::element_value(e),
        };
        out.push_str(&format!(
            "<data id=\"{}\" value=\"{}\"/>",
            e.id,
            value.replace('"', "&quot;")
        ));
    }
    out
}

/// Every ADMX-backed node of the catalog, against the ADMX definitions of `c`: a valid payload
/// (enabled with every element set, and disabled) draws nothing; each element broken per its
/// facts draws its code on the right characters. Returns the failures and counts.
fn admx_backed_nodes(c: &Catalog) -> (Vec<String>, usize, usize) {
    let mut failures = Vec::new();
    let (mut policies, mut broken) = (0, 0);
    let run_with = |text: &str| lint(text.as_bytes(), c, &Config::default());
    for n in c.csp().nodes() {
        let Some(a) = n.facts().admx() else { continue };
        let Some((file, p)) = c.admx_policy(a.stem(), &a.policy) else {
            continue;
        };
        if n.facts().access.0 & Access::REPLACE == 0 {
            continue;
        }
        policies += 1;
        let item = |payload: &str| Item {
            command: "Replace",
            uri: loc_uri(&n, n.tree()),
            format: Some("chr".into()),
            data: Some(payload.to_string()),
        };
        for payload in [payload_with(p, None), "<disabled/>".to_string()] {
            let text = item(&payload).text();
            let diags = run_with(&text);
            let bad = serious(&diags);
            if !bad.is_empty() {
                failures.push(format!(
                    "{text}\n  drew {:?}",
                    bad.iter().map(|d| (d.code, &d.message)).collect::<Vec<_>>()
                ));
            }
        }
        // an id of another policy of the same file is named with the policy it belongs to
        let foreign = file.admx.policies.iter().find_map(|o| {
            let e = o.elements.iter().find(|e| p.element(&e.id).is_none())?;
            (o.name != p.name).then_some((o, e))
        });
        if let Some((other, e)) = foreign {
            let payload = format!("<enabled/><data id=\"{}\" value=\"1\"/>", e.id);
            let text = item(&payload).text();
            let diags = run_with(&text);
            let want = format!("belongs to policy `{}`", other.name);
            if !diags.iter().any(|d| {
                d.code == "unknown-data-id"
                    && d.help.as_deref().is_some_and(|h| h.contains(&want))
                    && text.get(d.span.start..d.span.end) == Some(e.id.as_str())
            }) {
                failures.push(format!("{text}\n  expected `{want}`, got {diags:?}"));
            }
            broken += 1;
        }
        // `code` on `at`; an empty `code`: no error or warning at all
        let mut check = |payload: String, code: &str, at: &str| {
            let text = item(&payload).text();
            let diags = run_with(&text);
            if code.is_empty() {
                let bad: Vec<_> = serious(&diags).into_iter().map(|d| d.code).collect();
                if !bad.is_empty() {
                    failures.push(format!("{text}\n  `{at}` is in range, yet drew {bad:?}"));
                }
            } else {
                expect_in(&text, &diags, code, at, &mut failures);
            }
        };
        if let Some(first) = p.elements.first() {
            let unknown = format!("{}Zz", first.id);
            let payload = payload_with(p, None).replacen(
                &format!("id=\"{}\"", first.id),
                &format!("id=\"{unknown}\""),
                1,
            );
            check(payload, "unknown-data-id", &unknown);
            broken += 1;
        }
        for e in &p.elements {
            use admx::ElementKind::*;
            let mut one = |value: String, code: &str, at: &str| {
                check(payload_with(p, Some((&e.id, Some(value)))), code, at);
                broken += 1;
            };
            // every bound of a number: min and max are in range; min-1, max+1, the type's
            // largest value (when above max) and one past it are not
            let bounds = match &e.kind {
                Decimal { min, max, .. } => {
                    Some((u128::from(*min), u128::from(*max), u128::from(u32::MAX)))
                }
                LongDecimal { min, max, .. } => {
                    Some((u128::from(*min), u128::from(*max), u128::from(u64::MAX)))
                }
                _ => None,
            };
            if let Some((min, max, type_max)) = bounds {
                let mut outside = vec![max + 1, type_max + 1];
                if min > 0 {
                    outside.push(min - 1);
                }
                if type_max > max {
                    outside.push(type_max);
                }
                for v in outside.into_iter().filter(|v| *v <= type_max + 1) {
                    if v > max || v < min {
                        let v = v.to_string();
                        one(v.clone(), "value-out-of-range", &v);
                    }
                }
                for v in [min, max] {
                    let v = v.to_string();
                    one(v.clone(), "", &v);
                }
            }
            match &e.kind {
                Enum { .. } => one("987654321".into(), "invalid-enum-value", "987654321"),
                Boolean { .. } => one("yes".into(), "invalid-boolean", "yes"),
                Text { max_length, .. } if *max_length < 5000 => {
                    let long = "a".repeat(*max_length as usize + 1);
                    one(long.clone(), "text-too-long", &long);
                }
                _ => {}
            }
            if e.required {
                check(
                    payload_with(p, Some((&e.id, None))),
                    "missing-data-id",
                    "<enabled/>",
                );
                broken += 1;
            }
        }
    }
    (failures, policies, broken)
}

#[test]
fn every_admx_backed_node_with_the_built_in_definitions() {
    let (failures, policies, broken) = admx_backed_nodes(catalog());
    eprintln!("{policies} ADMX-backed nodes, {broken} broken payloads");
    assert!(policies > 2400, "{policies}");
    assert_no_failures(&failures, 30);
}

#[test]
fn every_admx_backed_node_with_the_inbox_folder_agrees() {
    let dir = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/admx-inbox"
    ));
    if !dir.is_dir() {
        skipped(format_args!("{} is absent: the built-in definitions are not compared with the folder on this machine", dir.display()));
        return;
    }
    let files: Vec<admx::LoadedAdmx> = admx::fs::load_paths(&[dir.to_path_buf()], "en-US")
        .into_iter()
        .filter_map(Result::ok)
        .collect();
    let from_folder = Catalog::with_files(files);
    let (failures, policies, _) = admx_backed_nodes(&from_folder);
    let (_, builtin_policies, _) = admx_backed_nodes(catalog());
    assert_eq!(policies, builtin_policies);
    assert_no_failures(&failures, 10);
}

/// Each unknown CSP of a file gets the suggestion of its own name, whether the names repeat or
/// alternate (the suggestion of the last one is kept for the next item).
#[test]
fn every_unknown_csp_gets_its_own_suggestion() {
    let get = |csp: &str, id: usize| {
        format!("<Get><CmdID>{id}</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/{csp}/X</LocURI></Target></Item></Get>")
    };
    let names = ["Bitlocker", "Bitlocker", "Firewal", "Bitlocker", "Zzzzqqq"];
    let text: String = names
        .iter()
        .enumerate()
        .map(|(i, n)| get(n, i + 1))
        .collect();
    let diags = lint(text.as_bytes(), catalog(), &Config::default());
    let helps: Vec<String> = diags
        .iter()
        .filter(|d| d.code == "not-in-catalog")
        .map(|d| {
            let help = d.help.clone().unwrap_or_default();
            help.split('`').nth(1).unwrap_or("").to_string()
        })
        .collect();
    assert_eq!(
        helps,
        [
            "BitLocker",
            "BitLocker",
            "Firewall",
            "BitLocker",
            "./Vendor/MSFT/..."
        ],
        "{diags:#?}"
    );
    // a root that is not below `Vendor/MSFT` is not a CSP: no CSP is suggested for it
    let text = "<Get><CmdID>1</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/Bitlocker/X</LocURI></Target></Item></Get><Get><CmdID>2</CmdID><Item><Target><LocURI>./Device/Bitlocker/X</LocURI></Target></Item></Get>";
    let diags = lint(text.as_bytes(), catalog(), &Config::default());
    let helps: Vec<&str> = diags
        .iter()
        .filter(|d| d.code == "not-in-catalog")
        .map(|d| d.help.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(helps.len(), 2, "{diags:#?}");
    assert!(
        helps[0].starts_with("did you mean the CSP `BitLocker`?"),
        "{helps:?}"
    );
    assert!(
        helps[1].starts_with("only the LocURI's syntax is checked"),
        "{helps:?}"
    );
}
