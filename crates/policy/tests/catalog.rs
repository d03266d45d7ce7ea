//! Generated from the catalog itself: for every leaf of every CSP, a valid item built from the
//! node's own facts draws no error or warning, and each fact it can break (scope, format,
//! range, enum, boolean, access) draws the right code on the right characters.

use csp::{Access, Allowed, Format, NodeRef, Resolution, Tree};
use policy::{lint, Catalog, Config, Diagnostic, Severity};

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
        None => Some(policy::example::native_value(f)?),
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
    assert!(
        failures.is_empty(),
        "{} failures, the first 40:\n{}",
        failures.len(),
        failures
            .iter()
            .take(40)
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
