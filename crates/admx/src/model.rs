//! What an ADMX file defines, with the schema defaults filled in.

use diagnostics::Span;

/// A namespace declaration: `<target>` or `<using>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Namespace {
    /// The prefix used inside the file (`remoteassistance`, `windows`).
    pub prefix: String,
    /// The namespace (`Microsoft.Policies.RemoteAssistance`).
    pub namespace: String,
}

/// Where a policy applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Class {
    /// Per user (HKCU).
    User,
    /// Per machine (HKLM).
    Machine,
    /// Either.
    Both,
}

impl Class {
    /// The name as written in ADMX.
    pub const fn as_str(self) -> &'static str {
        match self {
            Class::User => "User",
            Class::Machine => "Machine",
            Class::Both => "Both",
        }
    }

    /// Parses `User`, `Machine`, `Both`.
    pub fn parse(s: &str) -> Option<Class> {
        match s {
            "User" => Some(Class::User),
            "Machine" => Some(Class::Machine),
            "Both" => Some(Class::Both),
            _ => None,
        }
    }
}

/// A registry value written by `enabledValue`, `disabledValue`, an enum item...
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// `<decimal value="1"/>`.
    Decimal(u32),
    /// `<longDecimal value="1"/>`.
    LongDecimal(u64),
    /// `<string>text</string>`.
    String(String),
    /// `<delete/>`.
    Delete,
}

impl Value {
    /// The value as SyncML carries it in an enum `<data value>`.
    pub fn to_payload_string(&self) -> String {
        match self {
            Value::Decimal(n) => n.to_string(),
            Value::LongDecimal(n) => n.to_string(),
            Value::String(s) => s.clone(),
            Value::Delete => String::new(),
        }
    }

    /// Whether `s` is this value as written in a payload (the same text as
    /// [`Value::to_payload_string`], without allocating).
    pub fn is_payload(&self, s: &str) -> bool {
        let canonical_digits = |n: u64| {
            s.bytes().all(|b| b.is_ascii_digit())
                && (s == "0" || !s.starts_with('0'))
                && s.parse::<u64>() == Ok(n)
        };
        match self {
            Value::Decimal(n) => canonical_digits(u64::from(*n)),
            Value::LongDecimal(n) => canonical_digits(*n),
            Value::String(v) => v == s,
            Value::Delete => s.is_empty(),
        }
    }
}

/// One registry value of a value list: `<item key=".." valueName=".."><value>..</value></item>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListItem {
    /// `key`, when the value lives elsewhere than the list's default key.
    pub key: Option<String>,
    /// `valueName`.
    pub value_name: String,
    /// The value written.
    pub value: Option<Value>,
}

/// `enabledList`, `disabledList`, `trueList` or `falseList`: registry values written together.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValueList {
    /// `defaultKey`.
    pub default_key: Option<String>,
    /// The values in file order.
    pub items: Vec<ListItem>,
}

/// One item of an `enum` element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumItem {
    /// `displayName` as written (`$(string.X)`).
    pub display_name: String,
    /// The value; `None` when the item has none (a defect reported when loading).
    pub value: Option<Value>,
}

/// The type of an element, with its constraints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ElementKind {
    /// `boolean`: SyncML `true` / `false`.
    Boolean {
        /// `trueValue`.
        true_value: Option<Value>,
        /// `falseValue`.
        false_value: Option<Value>,
        /// `trueList`.
        true_list: Option<ValueList>,
        /// `falseList`.
        false_list: Option<ValueList>,
    },
    /// `decimal`: an unsigned 32-bit number in `min..=max`.
    Decimal {
        /// `minValue` (default 0).
        min: u32,
        /// `maxValue` (default 9999).
        max: u32,
        /// `storeAsText`.
        store_as_text: bool,
    },
    /// `longDecimal`: an unsigned 64-bit number in `min..=max`.
    LongDecimal {
        /// `minValue` (default 0).
        min: u64,
        /// `maxValue` (default 9999).
        max: u64,
        /// `storeAsText`.
        store_as_text: bool,
    },
    /// `text`: a string of at most `max_length` UTF-16 code units.
    Text {
        /// `maxLength` (default 1023).
        max_length: u32,
        /// `expandable`.
        expandable: bool,
    },
    /// `multiText`: strings separated by U+F000.
    MultiText {
        /// `maxLength` per string (default 1023).
        max_length: u32,
        /// `maxStrings` (default 0: unlimited).
        max_strings: u32,
    },
    /// `enum`: one of the items' values.
    Enum {
        /// The items in file order.
        items: Vec<EnumItem>,
    },
    /// `list`: name/value pairs separated by U+F000.
    List {
        /// `valuePrefix`: `None` when absent, `Some("")` when present and empty.
        value_prefix: Option<String>,
        /// `explicitValue`: the user gives names and values.
        explicit_value: bool,
        /// `additive`.
        additive: bool,
        /// `expandable`.
        expandable: bool,
    },
}

impl ElementKind {
    /// The ADMX element name: `boolean`, `decimal`, `longDecimal`, `text`, `multiText`, `enum`,
    /// `list`.
    pub const fn type_name(&self) -> &'static str {
        match self {
            ElementKind::Boolean { .. } => "boolean",
            ElementKind::Decimal { .. } => "decimal",
            ElementKind::LongDecimal { .. } => "longDecimal",
            ElementKind::Text { .. } => "text",
            ElementKind::MultiText { .. } => "multiText",
            ElementKind::Enum { .. } => "enum",
            ElementKind::List { .. } => "list",
        }
    }
}

/// One element of a policy's `<elements>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyElement {
    /// `id`, unique within the policy.
    pub id: String,
    /// The type and its constraints.
    pub kind: ElementKind,
    /// `key`, when the element writes elsewhere than its policy.
    pub key: Option<String>,
    /// `valueName`.
    pub value_name: Option<String>,
    /// `required`.
    pub required: bool,
    /// The element's start tag in the file.
    pub span: Span,
    /// The value of its `key` attribute, when present.
    pub key_span: Option<Span>,
}

/// A policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// `name`, unique within the namespace.
    pub name: String,
    /// `class`.
    pub class: Class,
    /// `key`.
    pub key: String,
    /// `valueName`.
    pub value_name: Option<String>,
    /// `displayName` as written (`$(string.X)`).
    pub display_name: String,
    /// `explainText` as written.
    pub explain_text: Option<String>,
    /// `presentation` as written (`$(presentation.X)`).
    pub presentation: Option<String>,
    /// `parentCategory ref`.
    pub parent_category: Option<String>,
    /// `supportedOn ref`.
    pub supported_on: Option<String>,
    /// `enabledValue`.
    pub enabled_value: Option<Value>,
    /// `disabledValue`.
    pub disabled_value: Option<Value>,
    /// `enabledList`.
    pub enabled_list: Option<ValueList>,
    /// `disabledList`.
    pub disabled_list: Option<ValueList>,
    /// The elements in file order.
    pub elements: Vec<PolicyElement>,
    /// The policy's start tag.
    pub span: Span,
    /// The value of its `key` attribute (the start tag when absent).
    pub key_span: Span,
}

impl Policy {
    /// The element with id `id` (exact).
    pub fn element(&self, id: &str) -> Option<&PolicyElement> {
        self.elements.iter().find(|e| e.id == id)
    }
}

/// A category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    /// `name`.
    pub name: String,
    /// `displayName` as written.
    pub display_name: String,
    /// `parentCategory ref`, possibly prefixed (`windows:System`).
    pub parent: Option<String>,
    /// The category's start tag.
    pub span: Span,
}

/// A `supportedOn` definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupportedOn {
    /// `name`.
    pub name: String,
    /// `displayName` as written.
    pub display_name: String,
}

/// A reference to check once the ADML and the rest of the file are known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// What is referenced: `$(string.X)`, `$(presentation.X)`, a category or supportedOn name.
    pub kind: RefKind,
    /// The referenced name, as written (with its prefix, for categories).
    pub name: String,
    /// Where it is written.
    pub span: Span,
}

/// What a [`Reference`] points to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefKind {
    /// `$(string.X)`.
    String,
    /// `$(presentation.X)`.
    Presentation,
    /// `parentCategory ref`.
    Category,
    /// `supportedOn ref`.
    SupportedOn,
}

/// A loaded ADMX file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AdmxFile {
    /// `policyNamespaces/target`.
    pub target: Option<Namespace>,
    /// `policyNamespaces/using`.
    pub using: Vec<Namespace>,
    /// `supportedOn/definitions`.
    pub supported_on: Vec<SupportedOn>,
    /// Categories in file order.
    pub categories: Vec<Category>,
    /// Policies in file order.
    pub policies: Vec<Policy>,
    /// References to resolve against the ADML and the file itself.
    pub references: Vec<Reference>,
}

impl AdmxFile {
    /// The policy named `name` (exact).
    pub fn policy(&self, name: &str) -> Option<&Policy> {
        self.policies.iter().find(|p| p.name == name)
    }

    /// The category named `name` in this file's own namespace.
    pub fn category(&self, name: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.name == name)
    }

    /// The chain of categories from the outermost in this file to `name` (inclusive), as an
    /// ingested-ADMX area names it (`Parent~Child`). Stops at a reference outside the file and
    /// at cycles.
    pub fn category_path(&self, name: &str) -> Vec<&str> {
        let mut path = Vec::new();
        let mut current = Some(name);
        while let Some(n) = current {
            let own = self.own_name(n);
            match self.category(own) {
                Some(c) if !path.contains(&c.name.as_str()) && path.len() < 64 => {
                    path.push(c.name.as_str());
                    current = c.parent.as_deref();
                }
                _ => break,
            }
        }
        path.reverse();
        path
    }

    /// `name` without this file's own target prefix; a name with another prefix is returned
    /// as is.
    pub fn own_name<'n>(&self, name: &'n str) -> &'n str {
        match (name.split_once(':'), &self.target) {
            (Some((p, rest)), Some(t)) if p == t.prefix => rest,
            _ => name,
        }
    }
}

/// A presentation in an ADML file: the ids its controls refer to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Presentation {
    /// `refId`s of the controls, with their spans.
    pub ref_ids: Vec<(String, Span)>,
}

/// A loaded ADML file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AdmlFile {
    /// The string table.
    pub strings: std::collections::HashMap<String, String>,
    /// The presentation table.
    pub presentations: std::collections::HashMap<String, Presentation>,
}

/// The id of `$(string.X)`, if `s` is one.
pub fn string_ref(s: &str) -> Option<&str> {
    s.strip_prefix("$(string.")
        .and_then(|r| r.strip_suffix(')'))
}

/// The id of `$(presentation.X)`, if `s` is one.
pub fn presentation_ref(s: &str) -> Option<&str> {
    s.strip_prefix("$(presentation.")
        .and_then(|r| r.strip_suffix(')'))
}

#[cfg(test)]
mod tests {
    use super::Value;

    #[test]
    fn payload_text_of_values() {
        for (value, text, is) in [
            (Value::Decimal(14), "14", true),
            (Value::Decimal(14), "014", false),
            (Value::Decimal(14), "+14", false),
            (Value::Decimal(0), "0", true),
            (Value::Decimal(0), "00", false),
            (Value::LongDecimal(u64::MAX), "18446744073709551615", true),
            (Value::String("a".into()), "a", true),
            (Value::String("a".into()), "A", false),
            (Value::Delete, "", true),
        ] {
            assert_eq!(value.is_payload(text), is, "{value:?} {text:?}");
            assert_eq!(value.to_payload_string() == text, is, "{value:?} {text:?}");
        }
    }
}
