//! Windows Configuration Designer `customizations.xml` (`WindowsCustomizations`): the settings
//! of a provisioning package that are Policy CSP items are checked as those items.
//!
//! - `Policies/<Area>/<Policy>` with a value: `./Device/Vendor/MSFT/Policy/Config/<Area>/<Policy>`
//!   (a provisioning package applies device scope only), sent with the node's own Format;
//! - `ADMXIngestion/ConfigADMXInstalledPolicy`: `<PolicyName Name="AREA">` holds
//!   `<SetAdmxPolicy Name="POLICY">` with the escaped payload, checked as
//!   `./Device/Vendor/MSFT/Policy/Config/AREA/POLICY`;
//! - `ADMXIngestion/ConfigOperations/ADMXInstall`: `<SettingType Name="APP">` holds
//!   `<ADMXFileUniqueID Name="TYPE">`, which holds `<InsertADMXFile Name="UID">` with the
//!   escaped, single-line ADMX, checked (and ingested, for the policies above) as
//!   `./Device/Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/APP/TYPE/UID`.
//!
//! WCD writes a dynamic node as an element named after the setting below it, with the
//! instance name in `Name` (and again in an attribute named after the node). The items are
//! written as a profile fragment (`fragment`) and every diagnostic points at the
//! characters of the customizations file: the element or attribute that gave each part.

use diagnostics::{Source, Span};
use syncml::xml::{self, Element, TopLevel};
use syncml::DataText;

use crate::catalog::Catalog;
use crate::check::Linted;
use crate::config::Config;
use crate::fragment::Fragment;

/// The root element of a customizations file.
const ROOT: &str = "WindowsCustomizations";

/// Whether `text` is a customizations file: its first element is `WindowsCustomizations`
/// (looked for near the start, so that any other file costs a short search).
pub fn is_customizations(text: &str) -> bool {
    let mut rest = text;
    // past the declaration, comments and processing instructions, to the first tag
    for _ in 0..64 {
        let Some(at) = rest.find('<') else {
            return false;
        };
        rest = rest.get(at + 1..).unwrap_or("");
        if rest.starts_with('?') || rest.starts_with('!') {
            continue;
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let name = rest.get(..name_end).unwrap_or("");
        return name.rsplit(':').next() == Some(ROOT);
    }
    false
}

/// Whether the file `bytes` is a customizations file, in any encoding that is read; only its
/// first 4 KiB are looked at.
pub fn is_customizations_file(bytes: &[u8]) -> bool {
    let head = bytes.get(..bytes.len().min(4096)).unwrap_or(bytes);
    if let [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] = head {
        let even = head.get(..head.len() & !1).unwrap_or(head);
        return Source::decode(even).is_ok_and(|s| is_customizations(&s.text));
    }
    let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = match std::str::from_utf8(body) {
        Ok(t) => t,
        // the head may end inside a character
        Err(e) => body
            .get(..e.valid_up_to())
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or(""),
    };
    is_customizations(text)
}

/// Checks `bytes` as a customizations file: `None` when it is not one. Spans are byte offsets
/// into `bytes`.
pub fn lint_customizations(bytes: &[u8], catalog: &Catalog, config: &Config) -> Option<Linted> {
    // the head first: any other file is rejected without decoding it whole
    if !is_customizations_file(bytes) {
        return None;
    }
    let source = Source::decode(bytes).ok()?;
    let text: &str = &source.text;
    if bytes.len() > config.limits.max_size {
        // the SyncML path reports the limit
        return None;
    }
    let doc = match xml::parse(text, &config.limits, TopLevel::Elements) {
        Ok(doc) => doc,
        // not well-formed: the SyncML path reports the syntax error at its place
        Err(_) => return None,
    };
    let root = doc.elements().next().filter(|r| r.local_name() == ROOT)?;
    let mut f = Fragment::default();
    let mut stack = vec![root];
    while let Some(e) = stack.pop() {
        match e.local_name() {
            "Policies" => policies(&mut f, e, text, catalog),
            "ADMXIngestion" => ingestion(&mut f, e, text),
            _ => stack.extend(e.elements().collect::<Vec<_>>().into_iter().rev()),
        }
    }
    let mut linted = f.lint(catalog, config, 0);
    if !source.is_identity() {
        for d in &mut linted.diagnostics {
            *d = d.clone().map_spans(|s| source.span_to_file(s));
        }
    }
    Some(linted)
}

/// `Policies/<Area>/<Policy>`.
fn policies(f: &mut Fragment, policies: Element<'_>, text: &str, catalog: &Catalog) {
    for area in policies.elements() {
        for policy in area.elements() {
            let format = node_format(catalog, area.local_name(), policy.local_name());
            let start = f.text.len();
            let root = "./Device/Vendor/MSFT/Policy/Config/";
            uri(f, "Replace", root, &[area, policy], name, format);
            item_end(f, "Replace", start, policy, policy.name_span(), text);
        }
    }
}

/// `ADMXIngestion`: `ConfigADMXInstalledPolicy` and `ConfigOperations/ADMXInstall`.
fn ingestion(f: &mut Fragment, ingestion: Element<'_>, text: &str) {
    let mut stack = vec![(ingestion, Vec::<Element<'_>>::new())];
    while let Some((e, ancestors)) = stack.pop() {
        match e.local_name() {
            "SetAdmxPolicy" => {
                let Some(area) = ancestors.last() else {
                    continue;
                };
                let start = f.text.len();
                let root = "./Device/Vendor/MSFT/Policy/Config/";
                uri(f, "Replace", root, &[*area, e], instance, "chr");
                item_end(f, "Replace", start, e, instance_span(e), text);
            }
            "InsertADMXFile" => {
                let (Some(setting_type), Some(app)) = (
                    ancestors.last(),
                    ancestors
                        .len()
                        .checked_sub(2)
                        .and_then(|i| ancestors.get(i)),
                ) else {
                    continue;
                };
                let start = f.text.len();
                let root = "./Device/Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/";
                uri(f, "Add", root, &[*app, *setting_type, e], instance, "chr");
                item_end(f, "Add", start, e, instance_span(e), text);
            }
            _ => {
                let mut path = ancestors.clone();
                path.push(e);
                for child in e.elements().collect::<Vec<_>>().into_iter().rev() {
                    stack.push((child, path.clone()));
                }
            }
        }
    }
}

/// Opens a `command` with an item whose LocURI is `root` and the segment each of `parts`
/// gives (written by `segment`), sent with `format`.
fn uri<'a>(
    f: &mut Fragment,
    command: &str,
    root: &str,
    parts: &[Element<'a>],
    segment: fn(&mut Fragment, Element<'a>),
    format: &str,
) {
    f.push("<");
    f.push(command);
    f.push("><Item><Target><LocURI>");
    f.push(root);
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            f.push("/");
        }
        segment(f, *part);
    }
    f.push("</LocURI></Target><Meta><Format xmlns=\"syncml:metinf\">");
    f.push(format);
    f.push("</Format></Meta>");
}

/// Appends the Data of `value` and closes the item and its `command`; `uri` is where the
/// LocURI came from.
fn item_end(
    f: &mut Fragment,
    command: &str,
    start: usize,
    value: Element<'_>,
    uri: Span,
    text: &str,
) {
    f.push("<Data>");
    let data_at = f.text.len();
    let whole = value.content_span();
    let whole = if whole.is_empty() {
        value.start_tag()
    } else {
        whole
    };
    match DataText::of(value, text) {
        Ok(data) => {
            // raw markup stays raw, so that `payload-not-escaped` sees it as the device would
            let raw = data.form == syncml::Form::Raw;
            f.push_mapped_as(&data.text, Some(&|s| data.to_source(s)), whole, !raw);
        }
        Err(_) => f.push_mapped("", None, whole),
    }
    f.push("</Data></Item></");
    f.push(command);
    f.push(">\n");
    f.setting(start, data_at, uri, whole);
}

/// Appends the name of element `e`, mapped to its name in the start tag.
fn name(f: &mut Fragment, e: Element<'_>) {
    // the local name ends the qualified name; it stands for the whole name, which an edit
    // must not change (the end tag repeats it)
    let span = e.name_span();
    let local = Span::new(span.end - e.local_name().len(), span.end);
    f.push_mapped(e.local_name(), None, local);
}

/// The instance name WCD writes in the `Name` attribute of `e`.
fn instance(f: &mut Fragment, e: Element<'_>) {
    match e.attribute("Name") {
        Some(a) => {
            // a value without references maps character by character
            let raw = a.value_span;
            let verbatim = |s: Span| Span::new(raw.start + s.start, raw.start + s.end);
            if raw.len() == a.value.len() {
                f.push_mapped(a.value, Some(&verbatim), raw);
            } else {
                f.push_mapped(a.value, None, raw);
            }
        }
        None => f.push_mapped("", None, e.start_tag()),
    }
}

/// Where the instance name of `e` is written: its `Name` value, else its start tag.
fn instance_span(e: Element<'_>) -> Span {
    e.attribute("Name").map_or(e.start_tag(), |a| a.value_span)
}

/// The Format the Policy CSP node `Area/Policy` takes (`chr` for an ADMX-backed policy and
/// for a node the catalog does not know).
fn node_format(catalog: &Catalog, area: &str, policy: &str) -> &'static str {
    let segments = ["Vendor", "MSFT", "Policy", "Config", area, policy];
    match catalog.csp().resolve(csp::Tree::Device, segments) {
        csp::Resolution::Found(node) if node.facts().admx().is_none() => {
            match node.facts().format {
                csp::Format::Node | csp::Format::Null => "chr",
                other => other.name(),
            }
        }
        _ => "chr",
    }
}
