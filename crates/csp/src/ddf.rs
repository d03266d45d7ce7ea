//! Reading DDF v2 files (Microsoft's CSP definitions) into [`NodeDef`]s.
//!
//! A DDF file is a `MgmtTree` of nested `Node`s; the top ones carry a `Path`
//! (`./Device/Vendor/MSFT`, `./User/Vendor/MSFT/Policy/Config`, the legacy `./Vendor/MSFT`, or
//! `.`). Files are UTF-8 with a BOM and CRLF, and carry a DOCTYPE with an internal subset that
//! is skipped unread (nothing is ever expanded or fetched). Only facts are read: names, access
//! types, formats, defaults, allowed values with short labels, applicability, deprecation.
//! Descriptions are not kept.
//!
//! Where Microsoft's data is wrong or malformed, the loader follows what a device accepts:
//! - a range written `[0,4320]` is read as `[0-4320]`, and `[(-1)-2147483647]` as -1 up;
//! - a node name with trailing spaces (`NIDefaultTimeout `) is trimmed;
//! - [`CORRECTIONS`] fixes mappings that contradict Microsoft's own documentation, and
//!   [`ACCESS_CORRECTIONS`] commands the documentation says a device refuses.

use admx::load::{walk, Doctype, Ev, Tag};
use diagnostics::{Diagnostic, Span};

use crate::editions::parse_allow_list;
use crate::model::*;
use crate::DDF_SYNTAX;

/// Corrections of Microsoft's DDF data: (node path suffix, wrong ADMX policy, right ADMX policy,
/// right category path, evidence).
pub const CORRECTIONS: &[(&str, &str, &str, &str, &str)] = &[(
    "BitLocker/EncryptionMethodByDriveType",
    "RDVDenyWriteAccess_Name",
    "EncryptionMethodWithXts_Name",
    "VolumeEncryption~AT~WindowsComponents~FVECategory",
    "the node's own description in BitLocker.xml (January 2026) says it maps to GP \
     EncryptionMethodWithXts_Name, and its data ids (EncryptionMethodWithXtsOsDropDown_Name, ...) \
     are elements of that policy in VolumeEncryption.admx; RDVDenyWriteAccess_Name has none",
)];

/// Commands the DDF lists on a node that Microsoft's documentation says the device refuses:
/// (node path suffix, access bits taken away, what to do instead, evidence).
pub const ACCESS_CORRECTIONS: &[(&str, u8, &str, &str)] = &[(
    "Policy/ConfigOperations/ADMXInstall/{AppName}/{SettingsType}/{AdmxFileId}",
    Access::DELETE,
    "an ingested file is not deleted alone: `Delete` of `ADMXInstall/<AppName>` removes all \
     the files of an app",
    "the Policy CSP documentation of ADMXInstall/{AppName}/Policy/{UniqueID} (and Preference) \
     lists Add and Get only and says Delete is not supported there; an app's ingested files are \
     removed by deleting ADMXInstall/{AppName}",
)];

/// ADMX policies that DDF nodes name but no inbox ADMX file of Windows 11 25H2 defines:
/// (file, policy, evidence); an empty policy stands for the whole file. Their nodes get the
/// checks that need no definition (Format, Data, payload shape).
pub const ADMX_NOT_INBOX: &[(&str, &str, &str)] = &[
    (
        "AdmPwd.admx",
        "",
        "legacy LAPS: the file ships with the LAPS download, not with Windows",
    ),
    (
        "EAIME.admx",
        "L_TurnOnLexiconUpdate",
        "absent from EAIME.admx of build 26200.6584",
    ),
    (
        "EAIME.admx",
        "L_TurnOnLiveStickers",
        "absent from EAIME.admx of build 26200.6584",
    ),
    (
        "WindowsDefender.admx",
        "UX_Configuration_CustomDefaultActionToastString",
        "absent from WindowsDefender.admx of build 26200.6584",
    ),
];

/// The nodes of one DDF file and the problems found in it.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    /// The nodes, children before their parents (in the order their end tags close).
    pub nodes: Vec<NodeDef>,
    /// Problems, with spans into the file's bytes.
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Default)]
struct Building {
    name: Option<String>,
    title: Option<String>,
    path: Option<(Tree, Vec<Seg>)>,
    facts: Facts,
    value_type: Option<String>,
    values: Vec<String>,
    enums: Vec<EnumValue>,
    current_enum: Option<EnumValue>,
    span: Span,
}

/// A name as a path segment: `{Title}` (how documentation writes an instance name) is the
/// dynamic node it stands for, as the table writes it.
fn named_or_dynamic(name: &str) -> Seg {
    match name.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
        Some(title) => Seg::Dynamic(title.to_string()),
        None => Seg::Named(name.to_string()),
    }
}

impl Building {
    fn seg(&self) -> Seg {
        match &self.name {
            Some(n) if !n.trim().is_empty() => named_or_dynamic(n.trim()),
            _ => Seg::Dynamic(
                self.title
                    .as_deref()
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .unwrap_or("name")
                    .to_string(),
            ),
        }
    }
}

/// Reads `./Device/Vendor/MSFT/Policy/Config` into its tree and segments.
pub fn split_path(path: &str) -> (Tree, Vec<Seg>) {
    let rest = path.trim().trim_start_matches('.');
    let mut segs = rest.split('/').filter(|s| !s.is_empty()).peekable();
    let tree = match segs.peek() {
        Some(s) if s.eq_ignore_ascii_case("User") => {
            segs.next();
            Tree::User
        }
        Some(s) if s.eq_ignore_ascii_case("Device") => {
            segs.next();
            Tree::Device
        }
        _ => Tree::Device,
    };
    (tree, segs.map(named_or_dynamic).collect())
}

/// A DDF range (`[0-730]`, `[1]`, `[0,4320]`, `[(-1)-4294967295]`).
pub fn parse_range(s: &str) -> Option<(i64, i64)> {
    let inner: String = s
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .chars()
        .filter(|c| !matches!(c, '(' | ')' | ' '))
        .collect();
    let number_end = |t: &str| {
        let skip = usize::from(t.starts_with('-'));
        t.get(skip..).map_or(0, |r| {
            skip + r.bytes().take_while(u8::is_ascii_digit).count()
        })
    };
    let end = number_end(&inner);
    let min: i64 = inner.get(..end)?.parse().ok()?;
    let rest = inner.get(end..)?;
    if rest.is_empty() {
        return Some((min, min));
    }
    let second = rest.strip_prefix('-').or_else(|| rest.strip_prefix(','))?;
    let max: i64 = second.parse().ok()?;
    (min <= max).then_some((min, max))
}

/// At most this many characters of an enumeration's description are kept as its label; a
/// longer description is prose, not a label, and is dropped.
pub const LABEL_MAX: usize = 60;

fn label(description: &str) -> String {
    let d = description.split_whitespace().collect::<Vec<_>>().join(" ");
    if d.chars().count() <= LABEL_MAX {
        d
    } else {
        String::new()
    }
}

/// Reads one DDF file.
pub fn load(bytes: &[u8]) -> Loaded {
    let mut out = Loaded::default();
    let mut stack: Vec<Building> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut text = String::new();
    let (source, error) = walk(bytes, DDF_SYNTAX, Doctype::Skip, |ev, _| match ev {
        Ev::Open(tag) => {
            text.clear();
            open(&mut stack, &names, &tag, &mut out.diagnostics);
            names.push(tag.local);
        }
        Ev::Text(s) => text.push_str(&s),
        Ev::Close => {
            let closing = names.pop().unwrap_or_default();
            close(&mut stack, &names, &closing, &text, &mut out);
            text.clear();
        }
    });
    if let Some(source) = source.filter(|s| !s.is_identity()) {
        for d in &mut out.diagnostics {
            *d = d.clone().map_spans(|s| source.span_to_file(s));
        }
    }
    out.diagnostics.extend(error);
    out
}

fn parent_is(names: &[String], parent: &str) -> bool {
    names.last().is_some_and(|n| n == parent)
}

fn open(stack: &mut Vec<Building>, names: &[String], tag: &Tag, diags: &mut Vec<Diagnostic>) {
    let local = tag.local.as_str();
    if local == "Node" {
        stack.push(Building {
            span: tag.span,
            ..Building::default()
        });
        return;
    }
    let Some(b) = stack.last_mut() else { return };
    let in_props = |names: &[String]| {
        names
            .len()
            .checked_sub(2)
            .and_then(|i| names.get(i))
            .is_some_and(|n| n == "DFProperties")
    };
    match local {
        _ if parent_is(names, "AccessType") && in_props(names) => match Access::bit(local) {
            Some(bit) => b.facts.access.0 |= bit,
            None => diags.push(Diagnostic::warning(
                DDF_SYNTAX,
                tag.span,
                format!("unknown access type `{local}`"),
            )),
        },
        _ if parent_is(names, "DFFormat") && in_props(names) => match Format::parse(local) {
            Some(f) => b.facts.format = f,
            None => diags.push(Diagnostic::warning(
                DDF_SYNTAX,
                tag.span,
                format!("unknown format `{local}`"),
            )),
        },
        "AllowedValues" if parent_is(names, "DFProperties") => {
            b.value_type = Some(tag.get("ValueType").unwrap_or("None").to_string());
            b.values.clear();
            b.enums.clear();
        }
        "Enum" if parent_is(names, "AllowedValues") => {
            b.current_enum = Some(EnumValue {
                value: String::new(),
                label: String::new(),
            });
        }
        "AdmxBacked" if parent_is(names, "AllowedValues") => {
            b.facts.allowed = Allowed::Admx(AdmxRef {
                file: tag.get("File").unwrap_or("").to_string(),
                policy: tag.get("Name").unwrap_or("").to_string(),
                area: tag.get("Area").unwrap_or("").to_string(),
            });
        }
        "List" if parent_is(names, "AllowedValues") => {
            b.facts.list_delimiter = Some(tag.get("Delimiter").unwrap_or(";").to_string());
        }
        "Deprecated" if parent_is(names, "DFProperties") => {
            b.facts.deprecated = Some(tag.get("OsBuildDeprecated").unwrap_or("").to_string());
        }
        _ => {}
    }
}

fn close(stack: &mut Vec<Building>, names: &[String], closing: &str, text: &str, out: &mut Loaded) {
    if closing == "Node" {
        let Some(b) = stack.pop() else { return };
        let seg = b.seg();
        let (tree, mut path) = match (&b.path, stack.last()) {
            (Some(p), _) => p.clone(),
            // parents close after their children: the path is built from the open nodes
            (None, Some(_)) => parent_path(stack),
            (None, None) => {
                out.diagnostics.push(Diagnostic::warning(
                    DDF_SYNTAX,
                    b.span,
                    "a top-level node without `Path`: read as below `.`",
                ));
                (Tree::Device, Vec::new())
            }
        };
        path.push(seg);
        let mut facts = b.facts;
        correct(&path, &mut facts);
        out.nodes.push(NodeDef { tree, path, facts });
        return;
    }
    let Some(b) = stack.last_mut() else { return };
    match closing {
        "NodeName" if parent_is(names, "Node") => b.name = Some(text.to_string()),
        "Path" if parent_is(names, "Node") => b.path = Some(split_path(text)),
        "DFTitle" if parent_is(names, "DFProperties") => b.title = Some(text.trim().to_string()),
        "DefaultValue" if parent_is(names, "DFProperties") => {
            b.facts.default = Some(text.to_string())
        }
        "OsBuildVersion" if parent_is(names, "Applicability") => {
            b.facts.builds = text.split(',').filter_map(Build::parse).collect();
            b.facts.builds.sort_unstable();
        }
        "EditionAllowList" if parent_is(names, "Applicability") => {
            // an empty list restricts nothing (a few DDF nodes carry one)
            let list = parse_allow_list(text);
            b.facts.editions = (!list.is_empty()).then_some(list);
        }
        "Value" if parent_is(names, "AllowedValues") => b.values.push(text.trim().to_string()),
        "Value" if parent_is(names, "Enum") => {
            if let Some(e) = &mut b.current_enum {
                e.value = text.trim().to_string();
            }
        }
        "ValueDescription" if parent_is(names, "Enum") => {
            if let Some(e) = &mut b.current_enum {
                e.label = label(text);
            }
        }
        "Enum" if parent_is(names, "AllowedValues") => b.enums.extend(b.current_enum.take()),
        "AllowedValues" if parent_is(names, "DFProperties") => {
            let first = b.values.first().cloned().unwrap_or_default();
            let enums = std::mem::take(&mut b.enums);
            b.facts.allowed = match b.value_type.take().as_deref() {
                Some("ENUM") => Allowed::Enum(enums),
                Some("Flag") => Allowed::Flag(enums),
                Some("Range") => match parse_range(&first) {
                    Some((min, max)) => Allowed::Range { min, max },
                    None => {
                        out.diagnostics.push(Diagnostic::warning(
                            DDF_SYNTAX,
                            b.span,
                            format!("malformed range `{first}`: not checked"),
                        ));
                        Allowed::None
                    }
                },
                Some("RegEx") => Allowed::Regex(first),
                Some("XSD") => Allowed::Xsd,
                Some("JSON") => Allowed::Json,
                Some("SDDL") => Allowed::Sddl,
                Some("ADMX") => std::mem::take(&mut b.facts.allowed),
                _ => Allowed::None,
            };
        }
        _ => {}
    }
}

/// The path of the innermost open node, built from the open nodes' names.
fn parent_path(stack: &[Building]) -> (Tree, Vec<Seg>) {
    let mut tree = Tree::Device;
    let mut path = Vec::new();
    for b in stack {
        if let Some((t, p)) = &b.path {
            tree = *t;
            path = p.clone();
        }
        path.push(b.seg());
    }
    (tree, path)
}

fn correct(path: &[Seg], facts: &mut Facts) {
    let joined: Vec<String> = path.iter().map(Seg::display).collect();
    let joined = joined.join("/");
    for (suffix, wrong, right, area, _) in CORRECTIONS {
        if !joined.ends_with(suffix) {
            continue;
        }
        if let Allowed::Admx(a) = &mut facts.allowed {
            if a.policy == *wrong {
                a.policy = (*right).to_string();
                a.area = (*area).to_string();
            }
        }
    }
    for (suffix, taken, _, _) in ACCESS_CORRECTIONS {
        if joined.ends_with(suffix) {
            facts.access.0 &= !taken;
        }
    }
}

/// Reads every `*.xml` of `dir` (sorted by name) into nodes, with the problems found as
/// `file: message` lines.
pub fn load_dir(dir: &std::path::Path) -> std::io::Result<(Vec<NodeDef>, Vec<String>)> {
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("xml")))
        .collect();
    files.sort();
    let mut nodes = Vec::new();
    let mut problems = Vec::new();
    for f in files {
        let bytes = std::fs::read(&f)?;
        let loaded = load(&bytes);
        for d in &loaded.diagnostics {
            problems.push(format!("{}: {}", f.display(), d.message));
        }
        nodes.extend(loaded.nodes);
    }
    Ok((nodes, problems))
}

/// The table of every DDF file in `dir` (see [`crate::table`]).
pub fn compile_dir(dir: &std::path::Path) -> std::io::Result<(String, Vec<String>)> {
    let (nodes, problems) = load_dir(dir)?;
    Ok((crate::table::write(&nodes), problems))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_as_the_ddf_writes_them() {
        assert_eq!(parse_range("[0-730]"), Some((0, 730)));
        assert_eq!(parse_range("[1]"), Some((1, 1)));
        assert_eq!(parse_range("[0,4320]"), Some((0, 4320)));
        assert_eq!(parse_range("[(-1)-2147483647]"), Some((-1, 2147483647)));
        assert_eq!(parse_range("[5-1]"), None);
        assert_eq!(parse_range("[a-b]"), None);
        assert_eq!(parse_range(""), None);
    }

    #[test]
    fn a_small_file() {
        let ddf = "\u{feff}<?xml version=\"1.0\"?>\r\n<!DOCTYPE MgmtTree PUBLIC \" -//OMA//DTD-DM-DDF 1.2//EN\" \"x.dtd\" [<?oma-dm-ddf-ver supported-versions=\"1.2\"?>]>\r\n<MgmtTree xmlns:MSFT=\"http://schemas.microsoft.com/MobileDevice/DM\"><Node><NodeName>Contoso</NodeName><Path>./Vendor/MSFT</Path><DFProperties><AccessType><Get/></AccessType><DFFormat><node/></DFFormat></DFProperties>\
<Node><NodeName></NodeName><DFProperties><AccessType><Add/><Get/></AccessType><DFFormat><node/></DFFormat><DFTitle>Id</DFTitle></DFProperties>\
<Node><NodeName>Level</NodeName><DFProperties><AccessType><Get/><Replace/></AccessType><DefaultValue>1</DefaultValue><DFFormat><int/></DFFormat><MSFT:Applicability><MSFT:OsBuildVersion>10.0.22000, 10.0.19041.1202</MSFT:OsBuildVersion><MSFT:EditionAllowList>0x4;0x30;</MSFT:EditionAllowList></MSFT:Applicability><MSFT:AllowedValues ValueType=\"ENUM\"><MSFT:Enum><MSFT:Value>1</MSFT:Value><MSFT:ValueDescription>On</MSFT:ValueDescription></MSFT:Enum><MSFT:Enum><MSFT:Value>0</MSFT:Value><MSFT:ValueDescription>Off</MSFT:ValueDescription></MSFT:Enum></MSFT:AllowedValues></DFProperties></Node>\
</Node></Node></MgmtTree>";
        let loaded = load(ddf.as_bytes());
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let paths: Vec<String> = loaded
            .nodes
            .iter()
            .map(|n| {
                n.path
                    .iter()
                    .map(Seg::display)
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .collect();
        assert_eq!(
            paths,
            [
                "Vendor/MSFT/Contoso/{Id}/Level",
                "Vendor/MSFT/Contoso/{Id}",
                "Vendor/MSFT/Contoso"
            ]
        );
        let level = &loaded.nodes[0].facts;
        assert_eq!(level.format, Format::Int);
        assert_eq!(level.access.names(), ["Get", "Replace"]);
        assert_eq!(level.default.as_deref(), Some("1"));
        assert_eq!(level.editions, Some(vec![0x4, 0x30]));
        assert_eq!(
            level.min_build().map(|b| b.to_string()).as_deref(),
            Some("10.0.19041.1202")
        );
        let Allowed::Enum(values) = &level.allowed else {
            panic!("an enum")
        };
        assert_eq!(values[1].label, "Off");
    }

    #[test]
    fn broken_files_give_diagnostics() {
        for bad in [
            "",
            "<MgmtTree><Node>",
            "\u{0}\u{1}",
            "<MgmtTree><Node><NodeName>&x;</NodeName></Node></MgmtTree>",
        ] {
            let loaded = load(bad.as_bytes());
            assert!(
                !loaded.diagnostics.is_empty() || loaded.nodes.is_empty(),
                "{bad:?}"
            );
        }
    }
}
