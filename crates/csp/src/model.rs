//! The facts of a CSP node, as the DDF gives them.

/// The format of a node's value (DDF `DFFormat`, SyncML `Meta/Format`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// An interior node.
    #[default]
    Node,
    /// A string.
    Chr,
    /// An integer.
    Int,
    /// `true` / `false`.
    Bool,
    /// Base64.
    B64,
    /// Binary.
    Bin,
    /// XML.
    Xml,
    /// No value (an `Exec` trigger).
    Null,
    /// A time.
    Time,
    /// A date.
    Date,
    /// A floating-point number.
    Float,
}

impl Format {
    /// Every format, with its name.
    pub const ALL: [(Format, &'static str); 11] = [
        (Format::Node, "node"),
        (Format::Chr, "chr"),
        (Format::Int, "int"),
        (Format::Bool, "bool"),
        (Format::B64, "b64"),
        (Format::Bin, "bin"),
        (Format::Xml, "xml"),
        (Format::Null, "null"),
        (Format::Time, "time"),
        (Format::Date, "date"),
        (Format::Float, "float"),
    ];

    /// The name used in DDF and in `Meta/Format`.
    pub fn name(self) -> &'static str {
        Format::ALL
            .iter()
            .find(|(f, _)| *f == self)
            .map_or("chr", |(_, n)| n)
    }

    /// The format named `name` (exact).
    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(f, _)| *f)
    }
}

/// The commands a node accepts (DDF `AccessType`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Access(pub u8);

impl Access {
    /// `Add`.
    pub const ADD: u8 = 1;
    /// `Delete`.
    pub const DELETE: u8 = 2;
    /// `Get`.
    pub const GET: u8 = 4;
    /// `Replace`.
    pub const REPLACE: u8 = 8;
    /// `Exec`.
    pub const EXEC: u8 = 16;
    /// `Copy`.
    pub const COPY: u8 = 32;
    /// Names and bits, in the order messages list them; the first letter is the table's code.
    pub const NAMES: [(u8, &'static str); 6] = [
        (Access::ADD, "Add"),
        (Access::DELETE, "Delete"),
        (Access::GET, "Get"),
        (Access::REPLACE, "Replace"),
        (Access::EXEC, "Exec"),
        (Access::COPY, "Copy"),
    ];

    /// The bit of command `name`, if it is one.
    pub fn bit(name: &str) -> Option<u8> {
        Access::NAMES
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(b, _)| *b)
    }

    /// Whether command `name` (`Add`, `Replace`, ...) is allowed; an unknown name is not.
    pub fn allows(self, name: &str) -> bool {
        Access::bit(name).is_some_and(|b| self.0 & b != 0)
    }

    /// The names of the allowed commands.
    pub fn names(self) -> Vec<&'static str> {
        Access::NAMES
            .iter()
            .filter(|(b, _)| self.0 & b != 0)
            .map(|(_, n)| *n)
            .collect()
    }
}

/// An allowed value of an enumeration or a flag set, with its short label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumValue {
    /// The value as sent.
    pub value: String,
    /// A short label (empty when the DDF's description is prose rather than a label).
    pub label: String,
}

/// The ADMX policy behind an ADMX-backed node (DDF `MSFT:AdmxBacked`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdmxRef {
    /// The ADMX file name (`Bits.admx`), as the DDF writes it.
    pub file: String,
    /// The policy name in that file.
    pub policy: String,
    /// The category path (`Bits~AT~Network~BITS`).
    pub area: String,
}

impl AdmxRef {
    /// The file name without `.admx`.
    pub fn stem(&self) -> &str {
        let f = self.file.as_str();
        match f.len().checked_sub(5).and_then(|i| f.get(i..)) {
            Some(ext) if ext.eq_ignore_ascii_case(".admx") => f.get(..f.len() - 5).unwrap_or(f),
            _ => f,
        }
    }
}

/// What values a node accepts (DDF `MSFT:AllowedValues`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Allowed {
    /// Not constrained beyond the format.
    #[default]
    None,
    /// One of these values.
    Enum(Vec<EnumValue>),
    /// A sum of some of these values (each a number).
    Flag(Vec<EnumValue>),
    /// An integer in `min..=max`.
    Range {
        /// The smallest value.
        min: i64,
        /// The largest value.
        max: i64,
    },
    /// Matches this regular expression (.NET flavour, as the DDF writes it).
    Regex(String),
    /// An XML document described by an XSD.
    Xsd,
    /// A JSON document.
    Json,
    /// A security descriptor in SDDL.
    Sddl,
    /// An ADMX-backed policy: an `<enabled/>`/`<disabled/>` payload.
    Admx(AdmxRef),
}

/// A Windows build, `major.minor.build.revision`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Build(pub [u32; 4]);

impl Build {
    /// Reads `10.0.19045` or `10.0.19041.1202` (missing parts are 0).
    pub fn parse(s: &str) -> Option<Build> {
        let mut parts = [0u32; 4];
        let mut n = 0;
        for p in s.trim().split('.') {
            let slot = parts.get_mut(n)?;
            *slot = p.trim().parse().ok()?;
            n += 1;
        }
        (n >= 3).then_some(Build(parts))
    }

    /// The DDF's placeholder for a build not yet released (`99.9.99999`).
    pub fn is_placeholder(self) -> bool {
        self.0[0] >= 99
    }

    /// The Windows release of this build, when it is a known one.
    pub fn release(self) -> Option<&'static str> {
        let [major, _, build, _] = self.0;
        if major != 10 {
            return None;
        }
        Some(match build {
            10240 => "Windows 10 1507",
            10586 => "Windows 10 1511",
            14393 => "Windows 10 1607",
            15063 => "Windows 10 1703",
            16299 => "Windows 10 1709",
            17134 => "Windows 10 1803",
            17763 => "Windows 10 1809",
            18362 => "Windows 10 1903",
            18363 => "Windows 10 1909",
            19041 => "Windows 10 2004",
            19042 => "Windows 10 20H2",
            19043 => "Windows 10 21H1",
            19044 => "Windows 10 21H2",
            19045 => "Windows 10 22H2",
            20348 => "Windows Server 2022",
            22000 => "Windows 11 21H2",
            22621 => "Windows 11 22H2",
            22631 => "Windows 11 23H2",
            26100 => "Windows 11 24H2",
            26200 => "Windows 11 25H2",
            _ => return None,
        })
    }
}

impl std::fmt::Display for Build {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let [a, b, c, d] = self.0;
        if d == 0 {
            write!(f, "{a}.{b}.{c}")
        } else {
            write!(f, "{a}.{b}.{c}.{d}")
        }
    }
}

/// Everything the catalog knows of one node.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// The format (`node` for an interior node).
    pub format: Format,
    /// The commands it accepts.
    pub access: Access,
    /// The default value.
    pub default: Option<String>,
    /// The allowed values.
    pub allowed: Allowed,
    /// The delimiter when the value is a list (`MSFT:List`).
    pub list_delimiter: Option<String>,
    /// The builds it appeared in (`MSFT:OsBuildVersion`: one per servicing line; empty when
    /// unknown).
    pub builds: Vec<Build>,
    /// The editions it applies to (`MSFT:EditionAllowList`, product type numbers); `None`
    /// when not restricted.
    pub editions: Option<Vec<u16>>,
    /// The build that deprecated it (`MSFT:Deprecated`), `Some("")` when no build is named.
    pub deprecated: Option<String>,
}

impl Facts {
    /// The ADMX policy behind the node, if it is ADMX-backed.
    pub fn admx(&self) -> Option<&AdmxRef> {
        match &self.allowed {
            Allowed::Admx(a) => Some(a),
            _ => None,
        }
    }

    /// Whether a build at or above `target` has the node. `None` when the DDF does not say
    /// (no build, or only the placeholder `99.9.99999`).
    ///
    /// `OsBuildVersion` lists one build per servicing line (`10.0.22000, 10.0.19041.1202`):
    /// the node is there from that build and revision on, and in every later build.
    pub fn available_in(&self, target: Build) -> Option<bool> {
        let known: Vec<Build> = self
            .builds
            .iter()
            .copied()
            .filter(|b| !b.is_placeholder())
            .collect();
        if known.is_empty() {
            return None;
        }
        Some(known.iter().any(|b| {
            let same_line = b.0[..3] == target.0[..3];
            target.0[..3] > b.0[..3] || (same_line && target.0[3] >= b.0[3])
        }))
    }

    /// The smallest build listed, for messages.
    pub fn min_build(&self) -> Option<Build> {
        self.builds
            .iter()
            .copied()
            .filter(|b| !b.is_placeholder())
            .min()
    }
}

/// A name in a DDF path: a fixed name, or a dynamic node that takes any instance name (its
/// `DFTitle` names it in messages, `{ProviderID}`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Seg {
    /// A fixed node name.
    Named(String),
    /// A dynamic node, with its title.
    Dynamic(String),
}

impl Seg {
    /// The name as the table and messages write it: `{Title}` for a dynamic node.
    pub fn display(&self) -> String {
        match self {
            Seg::Named(n) => n.clone(),
            Seg::Dynamic(t) => format!("{{{t}}}"),
        }
    }
}

/// Whether a path lives under `./Device` or `./User`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tree {
    /// `./Device/...`, also the legacy `./Vendor/MSFT/...` and `./DevDetail`-style roots.
    Device,
    /// `./User/...`.
    User,
}

/// One node as loaded from a DDF file: where it is and its facts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeDef {
    /// The tree.
    pub tree: Tree,
    /// The path below the tree (`Vendor`, `MSFT`, `Policy`, ...).
    pub path: Vec<Seg>,
    /// The facts.
    pub facts: Facts,
}
