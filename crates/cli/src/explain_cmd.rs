//! Renders what `policy::describe` says of a node for people.

use std::fmt::Write;

use serde_json::Value;

fn list(v: &Value) -> String {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

fn values(v: &Value) -> String {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    let value = e["value"].as_str().unwrap_or("");
                    match e["label"].as_str().or(e["display_name"].as_str()) {
                        Some(l) if !l.is_empty() => format!("`{value}` ({l})"),
                        _ => format!("`{value}`"),
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

/// The human page of a `describe` result (one entry per tree the node exists in).
pub fn human(doc: &Value) -> String {
    let mut out = String::new();
    for n in doc.as_array().into_iter().flatten() {
        let _ = writeln!(out, "{}", n["loc_uri"].as_str().unwrap_or(""));
        let row = |out: &mut String, k: &str, v: String| {
            if !v.is_empty() {
                let _ = writeln!(out, "  {k:<13} {v}");
            }
        };
        row(&mut out, "scope", list(&n["scopes"]));
        row(&mut out, "access", list(&n["access"]));
        row(
            &mut out,
            "format",
            n["format"].as_str().unwrap_or("").to_string(),
        );
        let allowed = &n["allowed"];
        let allowed_text = match allowed["type"].as_str() {
            Some("enum") => format!("one of {}", values(&allowed["values"])),
            Some("flag") => format!("a sum of {}", values(&allowed["values"])),
            Some("range") => format!("{}..={}", allowed["min"], allowed["max"]),
            Some("regex") => format!("matches `{}`", allowed["pattern"].as_str().unwrap_or("")),
            Some("admx") => {
                "an ADMX payload: `<enabled/>` with `<data>` elements, or `<disabled/>`".into()
            }
            Some(t) => format!("{t} document"),
            None => String::new(),
        };
        row(&mut out, "values", allowed_text);
        if let Some(d) = n["list_delimiter"].as_str() {
            row(&mut out, "list", format!("entries separated by `{d}`"));
        }
        if let Some(d) = n["default"].as_str() {
            row(&mut out, "default", format!("`{d}`"));
        }
        let builds: Vec<String> = n["min_build"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|b| match b["release"].as_str() {
                Some(r) => format!("{} ({r})", b["build"].as_str().unwrap_or("")),
                None => b["build"].as_str().unwrap_or("").to_string(),
            })
            .collect();
        row(&mut out, "since", builds.join(", "));
        match n["editions"].as_array() {
            Some(_) => row(&mut out, "editions", list(&n["editions"])),
            None => row(&mut out, "editions", "all".into()),
        }
        if let Some(d) = n["deprecated"].as_str() {
            row(
                &mut out,
                "deprecated",
                if d.is_empty() {
                    "yes".into()
                } else {
                    format!("since {d}")
                },
            );
        }
        if let Some(a) = n["admx"].as_object() {
            row(
                &mut out,
                "ADMX",
                format!(
                    "policy `{}` of `{}` (category {})",
                    a["policy"].as_str().unwrap_or(""),
                    a["file"].as_str().unwrap_or(""),
                    a["category"].as_str().unwrap_or("")
                ),
            );
            if a["loaded"] == Value::Bool(true) {
                if let Some(d) = a["display_name"].as_str() {
                    row(&mut out, "display name", d.to_string());
                }
                row(
                    &mut out,
                    "registry",
                    format!(
                        "{}{}",
                        a["key"].as_str().unwrap_or(""),
                        a["value_name"]
                            .as_str()
                            .map(|v| format!(" \\ {v}"))
                            .unwrap_or_default()
                    ),
                );
                for e in a["elements"].as_array().into_iter().flatten() {
                    let mut facts = vec![e["type"].as_str().unwrap_or("").to_string()];
                    if e["required"] == Value::Bool(true) {
                        facts.push("required".into());
                    }
                    if e.get("min").is_some() {
                        facts.push(format!("{}..={}", e["min"], e["max"]));
                    }
                    if let Some(m) = e.get("max_length") {
                        facts.push(format!("at most {m} characters"));
                    }
                    if e.get("items").is_some() {
                        facts.push(format!("one of {}", values(&e["items"])));
                    }
                    row(
                        &mut out,
                        "element",
                        format!("`{}`: {}", e["id"].as_str().unwrap_or(""), facts.join(", ")),
                    );
                }
                if let Some(x) = a["example"].as_str() {
                    row(&mut out, "example", format!("<![CDATA[{x}]]>"));
                }
            } else {
                row(
                    &mut out,
                    "elements",
                    "give --admx-dir with a PolicyDefinitions folder to see them".into(),
                );
            }
        }
        if let Some(x) = n["example"].as_str() {
            row(&mut out, "example", format!("<Data>{x}</Data>"));
        }
        let children = list(&n["children"]);
        if !children.is_empty() {
            row(&mut out, "children", children);
        }
        out.push('\n');
    }
    out
}

/// The human page of an error code (`policy::status::explain`).
pub fn human_code(v: &Value) -> String {
    let mut out = String::new();
    let status = v["syncml_status"].as_u64();
    let _ = writeln!(
        out,
        "{}: {}",
        v["input"].as_str().unwrap_or(""),
        v["meaning"]
            .as_str()
            .unwrap_or("not a code syncml-lint knows")
    );
    let _ = writeln!(
        out,
        "  forms         {} = {}{}",
        v["hex"].as_str().unwrap_or(""),
        v["decimal"],
        status.map_or(String::new(), |s| format!(
            " = SyncML status {s} (0x87D1xxxx is status xxxx in hexadecimal)"
        ))
    );
    if let Some(c) = v["causes"].as_str() {
        let _ = writeln!(out, "  causes        {c}");
    }
    let rules = list(&v["rules"]);
    if !rules.is_empty() {
        let _ = writeln!(
            out,
            "  caught by     {rules} (syncml-lint check finds them before deployment)"
        );
    }
    if let Some(s) = v["source"].as_str() {
        let _ = writeln!(out, "  source        {s}");
    }
    out
}
