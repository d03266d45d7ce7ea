//! What the catalog knows of a node, for `syncml-lint explain LOCURI`: one JSON value that the
//! command line prints as JSON or renders for people.

use csp::{Allowed, NodeRef, Resolution, Tree};
use serde_json::{json, Value};

use crate::catalog::Catalog;

/// Resolves `query` (a LocURI such as `./Device/Vendor/MSFT/BitLocker/RequireDeviceEncryption`,
/// `./Vendor/MSFT/...`, or `Area/Policy` for a Policy CSP policy) and describes the node.
pub fn describe(catalog: &Catalog, query: &str) -> Result<Value, String> {
    let q = query.trim();
    let q = q.split('?').next().unwrap_or(q);
    let candidates: Vec<(Tree, String)> = if let Some(rest) = q.strip_prefix("./") {
        let lower = rest.to_ascii_lowercase();
        if lower.starts_with("device/") {
            vec![(Tree::Device, rest.get(7..).unwrap_or("").to_string())]
        } else if lower.starts_with("user/") {
            vec![(Tree::User, rest.get(5..).unwrap_or("").to_string())]
        } else {
            vec![(Tree::Device, rest.to_string())]
        }
    } else {
        let path = format!("Vendor/MSFT/Policy/Config/{q}");
        vec![(Tree::Device, path.clone()), (Tree::User, path)]
    };
    let mut nodes = Vec::new();
    let mut missing = None;
    for (tree, path) in &candidates {
        match catalog.csp().resolve(*tree, path.split('/')) {
            Resolution::Found(n) => nodes.push(n),
            Resolution::Missing { parent, at } => {
                missing.get_or_insert((parent, at, path.clone()));
            }
        }
    }
    if nodes.is_empty() {
        let Some((parent, at, path)) = missing else {
            return Err(format!("`{query}` is not a LocURI"));
        };
        let seg = path.split('/').nth(at).unwrap_or("");
        let hint = crate::suggest::did_you_mean(seg, parent.child_names())
            .map(|(_, m)| format!(": {m}"))
            .unwrap_or_default();
        return Err(format!(
            "`{query}`: `{seg}` is not a node of `{}`{hint}",
            parent.loc_uri()
        ));
    }
    Ok(Value::Array(
        nodes.iter().map(|n| node(catalog, *n)).collect(),
    ))
}

fn node(catalog: &Catalog, n: NodeRef<'_>) -> Value {
    let f = n.facts();
    let other = match n.tree() {
        Tree::Device => Tree::User,
        Tree::User => Tree::Device,
    };
    let segs = n.segments();
    let in_other = matches!(
        catalog
            .csp()
            .resolve(other, segs.iter().map(String::as_str)),
        Resolution::Found(_)
    );
    let scopes: Vec<&str> = [(Tree::Device, "device"), (Tree::User, "user")]
        .into_iter()
        .filter(|(t, _)| *t == n.tree() || in_other)
        .map(|(_, s)| s)
        .collect();
    let allowed = match &f.allowed {
        Allowed::None => json!(null),
        Allowed::Enum(v) => {
            json!({ "type": "enum", "values": v.iter().map(|e| json!({ "value": e.value, "label": e.label })).collect::<Vec<_>>() })
        }
        Allowed::Flag(v) => {
            json!({ "type": "flag", "values": v.iter().map(|e| json!({ "value": e.value, "label": e.label })).collect::<Vec<_>>() })
        }
        Allowed::Range { min, max } => json!({ "type": "range", "min": min, "max": max }),
        Allowed::Regex(r) => json!({ "type": "regex", "pattern": r }),
        Allowed::Xsd => json!({ "type": "xsd" }),
        Allowed::Json => json!({ "type": "json" }),
        Allowed::Sddl => json!({ "type": "sddl" }),
        Allowed::Admx(_) => json!({ "type": "admx" }),
    };
    let editions: Option<Vec<&str>> = f.editions.as_ref().map(|e| {
        let mut names: Vec<&str> = e
            .iter()
            .filter_map(|t| csp::editions::name_of(*t))
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    });
    let builds: Vec<Value> = f
        .builds
        .iter()
        .filter(|b| !b.is_placeholder())
        .map(|b| json!({ "build": b.to_string(), "release": b.release() }))
        .collect();
    let admx = f.admx().map(|a| {
        let mut v =
            json!({ "file": a.file, "policy": a.policy, "category": a.area, "loaded": false });
        if let Some((file, p)) = catalog.admx_policy(a.stem(), &a.policy) {
            v["loaded"] = json!(true);
            v["display_name"] = json!(file.display(&p.display_name));
            v["class"] = json!(p.class.as_str());
            v["key"] = json!(p.key);
            v["value_name"] = json!(p.value_name);
            v["elements"] = Value::Array(p.elements.iter().map(|e| element(file, e)).collect());
            v["example"] = json!(crate::example::enabled_payload(p));
        }
        v
    });
    json!({
        "loc_uri": n.loc_uri(),
        "scopes": scopes,
        "access": f.access.names(),
        "format": f.format.name(),
        "default": f.default,
        "allowed": allowed,
        "list_delimiter": f.list_delimiter,
        "min_build": builds,
        "editions": editions,
        "deprecated": f.deprecated,
        "admx": admx,
        "children": n.child_names().collect::<Vec<_>>(),
        "example": if f.admx().is_some() { None } else { crate::example::node_value(n) },
    })
}

/// An ADMX element as JSON (the `admx dump` format of the contract).
pub fn element(file: &admx::LoadedAdmx, e: &admx::PolicyElement) -> Value {
    use admx::ElementKind;
    let display = |r: &str| file.display(r).map(str::to_string);
    let mut o = json!({ "id": e.id, "type": e.kind.type_name(), "required": e.required });
    if let Some(k) = &e.key {
        o["key"] = json!(k);
    }
    if let Some(v) = &e.value_name {
        o["value_name"] = json!(v);
    }
    match &e.kind {
        ElementKind::Decimal { min, max, .. } => {
            o["min"] = json!(min);
            o["max"] = json!(max);
        }
        ElementKind::LongDecimal { min, max, .. } => {
            o["min"] = json!(min);
            o["max"] = json!(max);
        }
        ElementKind::Text { max_length, .. } => o["max_length"] = json!(max_length),
        ElementKind::MultiText {
            max_length,
            max_strings,
        } => {
            o["max_length"] = json!(max_length);
            o["max_strings"] = json!(max_strings);
        }
        ElementKind::Enum { items } => {
            o["items"] = Value::Array(
                items
                    .iter()
                    .map(|i| {
                        let mut item = json!({
                            "value": i.value.as_ref().filter(|v| **v != admx::Value::Delete).map(admx::Value::to_payload_string),
                            "display_name": display(&i.display_name),
                        });
                        if i.value == Some(admx::Value::Delete) {
                            item["delete"] = json!(true);
                        }
                        item
                    })
                    .collect(),
            );
        }
        ElementKind::List {
            value_prefix,
            explicit_value,
            additive,
            ..
        } => {
            o["value_prefix"] = json!(value_prefix);
            o["explicit_value"] = json!(explicit_value);
            o["additive"] = json!(additive);
        }
        ElementKind::Boolean { .. } => {}
    }
    o
}
