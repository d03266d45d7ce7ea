//! The typed SyncML AST: a view over the parsed document.
//!
//! [`Message::new`] reads a [`Document`] as either a SyncML message (`<SyncML>` root) or a
//! profile fragment (top-level commands); its commands are read when asked for
//! ([`Message::body_children`], [`Message::commands`]), each a typed node (command, item, target,
//! meta, data) that borrows its element, so every span stays at hand. Elements that the SyncML
//! content model does not allow where they stand are collected ([`Message::unexpected`],
//! [`BodyChild::Unexpected`], [`Command::unexpected`]); nothing is dropped, and the encoder works
//! on the document's tree. [`parse_body_visiting`] hands each child of the body over as soon as
//! it is parsed, for checks that run while a large file is read.

use smallvec::SmallVec;
use std::borrow::Cow;

use diagnostics::{Diagnostic, Span};

use crate::xml::{self, Document, Element, Limits, Node, TopLevel, Visit};

/// Namespaces that a `SyncML` root may declare.
pub const SYNCML_NAMESPACES: [&str; 2] = ["SYNCML:SYNCML1.1", "SYNCML:SYNCML1.2"];

/// Commands nested deeper than this (Atomic in Sequence in Atomic...) are not descended into.
pub const MAX_COMMAND_NESTING: usize = 64;

/// The two shapes of input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A `<SyncML>` message.
    Message,
    /// Top-level commands without a root, as MDM servers store custom profiles.
    Fragment,
}

/// The kind of a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CommandKind {
    /// `Add`.
    Add,
    /// `Alert`.
    Alert,
    /// `Atomic`.
    Atomic,
    /// `Copy` (an OMA-DM command that Windows does not support).
    Copy,
    /// `Delete`.
    Delete,
    /// `Exec`.
    Exec,
    /// `Get`.
    Get,
    /// `Replace`.
    Replace,
    /// `Results`.
    Results,
    /// `Sequence`.
    Sequence,
    /// `Status`.
    Status,
}

impl CommandKind {
    /// Every command, in alphabetical order.
    pub const ALL: [CommandKind; 11] = [
        CommandKind::Add,
        CommandKind::Alert,
        CommandKind::Atomic,
        CommandKind::Copy,
        CommandKind::Delete,
        CommandKind::Exec,
        CommandKind::Get,
        CommandKind::Replace,
        CommandKind::Results,
        CommandKind::Sequence,
        CommandKind::Status,
    ];

    /// The element name.
    pub const fn name(self) -> &'static str {
        match self {
            CommandKind::Add => "Add",
            CommandKind::Alert => "Alert",
            CommandKind::Atomic => "Atomic",
            CommandKind::Copy => "Copy",
            CommandKind::Delete => "Delete",
            CommandKind::Exec => "Exec",
            CommandKind::Get => "Get",
            CommandKind::Replace => "Replace",
            CommandKind::Results => "Results",
            CommandKind::Sequence => "Sequence",
            CommandKind::Status => "Status",
        }
    }

    /// The command named `name` (exact, case-sensitive as XML is).
    pub fn from_name(name: &str) -> Option<CommandKind> {
        Some(match name {
            "Add" => CommandKind::Add,
            "Alert" => CommandKind::Alert,
            "Atomic" => CommandKind::Atomic,
            "Copy" => CommandKind::Copy,
            "Delete" => CommandKind::Delete,
            "Exec" => CommandKind::Exec,
            "Get" => CommandKind::Get,
            "Replace" => CommandKind::Replace,
            "Results" => CommandKind::Results,
            "Sequence" => CommandKind::Sequence,
            "Status" => CommandKind::Status,
            _ => return None,
        })
    }

    /// Whether the command holds other commands (`Atomic`, `Sequence`).
    pub const fn is_container(self) -> bool {
        matches!(self, CommandKind::Atomic | CommandKind::Sequence)
    }

    /// Whether the command must carry at least one `Item` with a `Target/LocURI`.
    pub const fn requires_item(self) -> bool {
        matches!(
            self,
            CommandKind::Add
                | CommandKind::Replace
                | CommandKind::Delete
                | CommandKind::Get
                | CommandKind::Exec
        )
    }

    /// Whether the content model allows a child element named `name` (other than commands).
    /// A match on the name, which compiles to comparisons of known lengths and bytes: a list
    /// of names would call `memcmp` for each name of the same length, for every child.
    fn allows_child(self, name: &str) -> bool {
        use CommandKind::*;
        match name {
            "CmdID" => true,
            "NoResp" => !matches!(self, Status | Results),
            "Cred" => !matches!(self, Atomic | Sequence | Results),
            "Meta" => !matches!(self, Alert | Status),
            "Item" => !matches!(self, Atomic | Sequence),
            "Lang" => self == Get,
            "Correlator" => matches!(self, Exec | Alert),
            "Data" => matches!(self, Alert | Status),
            "MsgRef" | "CmdRef" | "TargetRef" | "SourceRef" => matches!(self, Status | Results),
            "Cmd" | "Chal" => self == Status,
            _ => false,
        }
    }

    /// The commands a container may hold.
    fn allowed_commands(self) -> &'static [CommandKind] {
        use CommandKind::*;
        match self {
            // Atomic inside Atomic and Get inside Atomic are parsed as commands so that the
            // `nested-atomic` rule can name them precisely.
            Atomic => &[Add, Alert, Atomic, Delete, Exec, Get, Replace, Sequence],
            Sequence => &[Add, Alert, Atomic, Delete, Exec, Get, Replace],
            _ => &[],
        }
    }
}

/// An element whose content is text: `CmdID`, `LocURI`, `Format`...
#[derive(Clone, Debug)]
pub struct Leaf<'a> {
    /// The element.
    pub element: Element<'a>,
    /// Its text (CDATA and references decoded); empty when it holds elements.
    pub value: Cow<'a, str>,
    /// The span of the text, or the empty content span.
    pub span: Span,
}

impl<'a> Leaf<'a> {
    /// Reads `element` as a leaf.
    pub fn new(element: Element<'a>) -> Self {
        // the common leaf, one text or CDATA child, read in one step
        let mut children = element.children();
        if let (Some(only), None) = (children.next(), children.next()) {
            match only {
                Node::Text(t) => {
                    return Leaf {
                        element,
                        value: t.value(),
                        span: t.span,
                    }
                }
                Node::CData(c) => {
                    return Leaf {
                        element,
                        value: Cow::Borrowed(c.value),
                        span: c.span,
                    }
                }
                _ => {}
            }
        }
        Leaf {
            element,
            value: element.text().unwrap_or(Cow::Borrowed("")),
            span: element.text_span(),
        }
    }

    /// The span to point at: the text, else the start tag.
    pub fn primary_span(&self) -> Span {
        if self.span.is_empty() {
            self.element.start_tag()
        } else {
            self.span
        }
    }
}

/// `SyncHdr`.
#[derive(Clone, Debug)]
pub struct SyncHdr<'a> {
    /// The element.
    pub element: Element<'a>,
    /// `VerDTD`.
    pub ver_dtd: Option<Leaf<'a>>,
    /// `VerProto`.
    pub ver_proto: Option<Leaf<'a>>,
    /// `SessionID`.
    pub session_id: Option<Leaf<'a>>,
    /// `MsgID`.
    pub msg_id: Option<Leaf<'a>>,
    /// `Target/LocURI`.
    pub target: Option<Target<'a>>,
    /// `Source/LocURI`.
    pub source: Option<Target<'a>>,
}

/// `SyncBody`, or the top level of a fragment. Its children are read when asked for, one at a
/// time, with [`Message::body_children`] or [`Message::commands`]: a large message holds a
/// hundred thousand commands, which are best checked one by one while each is in the cache.
#[derive(Clone, Copy)]
pub struct SyncBody<'a> {
    /// The element; `None` for a fragment.
    pub element: Option<Element<'a>>,
    /// The document of a fragment, whose top-level elements are the body.
    fragment: Option<&'a Document<'a>>,
}

impl std::fmt::Debug for SyncBody<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncBody")
            .field("element", &self.element)
            .field("fragment", &self.fragment.is_some())
            .finish()
    }
}

/// A child of `SyncBody` (or a top-level element of a fragment).
#[derive(Clone, Debug)]
// a body child lives on the stack while it is checked: boxing the command would cost an
// allocation per command, which the item kept in place is there to spare
#[allow(clippy::large_enum_variant)]
pub enum BodyChild<'a> {
    /// A command, read with the commands nested in it.
    Command(Command<'a>),
    /// `Final`.
    Final(Element<'a>),
    /// Anything else, which the content model does not allow there.
    Unexpected(Element<'a>),
}

impl<'a> BodyChild<'a> {
    /// Reads `e`, a child of the body.
    pub fn read(e: Element<'a>) -> BodyChild<'a> {
        let name = e.local_name();
        match CommandKind::from_name(name) {
            Some(kind) => BodyChild::Command(Command::read(kind, e)),
            None if name == "Final" => BodyChild::Final(e),
            None => BodyChild::Unexpected(e),
        }
    }
}

/// Parses `text` and hands each child of the body (the message's `SyncBody`, or the top level
/// of a fragment, as [`Message::new`] reads them) to `visit` with the shape of the input as
/// soon as it closes, while it is in the cache. The document comes back without the children
/// that `visit` answered [`Visit::Drop`]: read the rest of it with [`Message::new`]. A large
/// message is so checked one command at a time, in the memory of one command.
pub fn parse_body_visiting<'a>(
    text: &'a str,
    limits: &Limits,
    visit: &mut dyn FnMut(Shape, &BodyChild<'_>) -> Visit,
) -> Result<Document<'a>, Box<Diagnostic>> {
    let mut watch = BodyWatch::default();
    let mut visitor = |e: Element<'_>, parent: Option<Element<'_>>| {
        if watch.is_body_child(e, parent) {
            let shape = match parent {
                None => Shape::Fragment,
                Some(_) => Shape::Message,
            };
            visit(shape, &BodyChild::read(e))
        } else {
            Visit::Keep
        }
    };
    // body children stand at the top level (fragment) or two levels down (SyncML/SyncBody)
    xml::parse_visiting(text, limits, TopLevel::Elements, 2, &mut visitor)
}

/// Tells the children of the body while the document is parsed, by the rules of
/// [`Message::new`]: the first top-level element decides the shape.
#[derive(Debug, Default)]
struct BodyWatch {
    /// Decided when the first top-level element closes: whether the input is a fragment.
    fragment: Option<bool>,
    /// Where the message's body starts, once found.
    body_start: Option<usize>,
}

impl BodyWatch {
    fn is_body_child(&mut self, e: Element<'_>, parent: Option<Element<'_>>) -> bool {
        match parent {
            None => *self
                .fragment
                .get_or_insert_with(|| shape_of(e) == Some(Shape::Fragment)),
            // inside the first top-level element, while its shape is still open
            Some(p) => self.fragment.is_none() && p.local_name() == "SyncBody" && self.is_body(p),
        }
    }

    /// Whether `p` is the first `SyncBody` of a `SyncML` root.
    fn is_body(&mut self, p: Element<'_>) -> bool {
        if let Some(start) = self.body_start {
            return p.span().start == start;
        }
        let Some(root) = p.document().elements().next() else {
            return false;
        };
        if shape_of(root) != Some(Shape::Message) {
            return false;
        }
        match root.elements().find(|c| c.local_name() == "SyncBody") {
            Some(body) => {
                self.body_start = Some(body.span().start);
                body == p
            }
            None => false,
        }
    }
}

/// A command.
#[derive(Clone, Debug)]
pub struct Command<'a> {
    /// Which command.
    pub kind: CommandKind,
    /// The element.
    pub element: Element<'a>,
    /// `CmdID`.
    pub cmd_id: Option<Leaf<'a>>,
    /// The command's own `Meta`.
    pub meta: Option<Meta<'a>>,
    /// `Item`s.
    pub items: SmallVec<[Item<'a>; 1]>,
    /// Commands inside `Atomic` / `Sequence`.
    pub commands: Vec<Command<'a>>,
    /// `Data` of `Alert` and `Status`.
    pub data: Option<Element<'a>>,
    /// Elements inside this command (its items, targets and meta included, nested commands
    /// excluded) that the content model does not allow where they stand, in document order.
    pub unexpected: Vec<Element<'a>>,
}

impl<'a> Command<'a> {
    /// Reads `element`, a command of `kind`, with the commands nested in it.
    pub fn read(kind: CommandKind, element: Element<'a>) -> Command<'a> {
        command(kind, element, 0)
    }

    /// This command and all commands nested in it, depth first.
    pub fn walk(&self) -> Walk<'_, 'a> {
        Walk {
            next: Some(self),
            stack: Vec::new(),
        }
    }
}

/// The iterator of [`Command::walk`]; it allocates only for nested commands.
#[derive(Clone, Debug)]
pub struct Walk<'c, 'a> {
    next: Option<&'c Command<'a>>,
    stack: Vec<std::slice::Iter<'c, Command<'a>>>,
}

impl<'c, 'a> Iterator for Walk<'c, 'a> {
    type Item = &'c Command<'a>;

    fn next(&mut self) -> Option<&'c Command<'a>> {
        let current = match self.next.take() {
            Some(c) => c,
            None => loop {
                let top = self.stack.last_mut()?;
                match top.next() {
                    Some(c) => break c,
                    None => {
                        self.stack.pop();
                    }
                }
            },
        };
        if !current.commands.is_empty() {
            self.stack.push(current.commands.iter());
        }
        Some(current)
    }
}

/// `Target` or `Source`.
#[derive(Clone, Debug)]
pub struct Target<'a> {
    /// The element.
    pub element: Element<'a>,
    /// `LocURI`.
    pub loc_uri: Option<Leaf<'a>>,
}

/// `Item`.
#[derive(Clone, Debug)]
pub struct Item<'a> {
    /// The element.
    pub element: Element<'a>,
    /// `Target`.
    pub target: Option<Target<'a>>,
    /// `Source` (read its `LocURI` with [`Target::new`] when needed).
    pub source: Option<Element<'a>>,
    /// The item's own `Meta`.
    pub meta: Option<Meta<'a>>,
    /// `Data`.
    pub data: Option<Element<'a>>,
}

impl<'a> Item<'a> {
    /// The target LocURI, if any.
    pub fn loc_uri(&self) -> Option<&Leaf<'a>> {
        self.target.as_ref().and_then(|t| t.loc_uri.as_ref())
    }
}

/// `Meta`: its leaves are read when asked for.
#[derive(Clone, Copy, Debug)]
pub struct Meta<'a> {
    /// The element.
    pub element: Element<'a>,
}

impl<'a> Meta<'a> {
    /// `Format` (`chr`, `int`, `b64`...).
    pub fn format(&self) -> Option<Leaf<'a>> {
        leaf(self.element, "Format")
    }

    /// `Type` (`text/plain`...).
    pub fn type_(&self) -> Option<Leaf<'a>> {
        leaf(self.element, "Type")
    }
}

/// A SyncML message or profile fragment, read from a [`Document`].
#[derive(Clone, Debug)]
pub struct Message<'a> {
    /// The text the document was parsed from (needed to map payload offsets back to it).
    pub text: &'a str,
    /// Message or fragment.
    pub shape: Shape,
    /// The `SyncML` root of a message (or the unknown root, for a document that is neither).
    pub root: Option<Element<'a>>,
    /// `SyncHdr`.
    pub header: Option<SyncHdr<'a>>,
    /// `SyncBody`, or the top level of a fragment. `None` when a message has none.
    pub body: Option<SyncBody<'a>>,
    /// Elements outside the body (under the root, in `SyncHdr`, after the root) that the
    /// SyncML content model does not allow where they stand, in document order. Those of the
    /// body are [`BodyChild::Unexpected`] and [`Command::unexpected`].
    pub unexpected: Vec<Element<'a>>,
}

fn leaf<'a>(e: Element<'a>, name: &str) -> Option<Leaf<'a>> {
    e.child(name).map(Leaf::new)
}

impl<'a> Target<'a> {
    /// Reads a `Target` or `Source` element.
    pub fn new(e: Element<'a>) -> Target<'a> {
        Target {
            element: e,
            loc_uri: leaf(e, "LocURI"),
        }
    }
}

/// Collects the children of a `Target` or `Source` that are not `LocURI` or `LocName`, and
/// returns the first `LocURI`.
fn check_target<'a>(e: Element<'a>, unexpected: &mut Vec<Element<'a>>) -> Option<Element<'a>> {
    let mut loc_uri = None;
    for c in e.elements() {
        match c.local_name() {
            "LocURI" => {
                loc_uri.get_or_insert(c);
            }
            "LocName" => {}
            _ => unexpected.push(c),
        }
    }
    loc_uri
}

/// [`Target::new`], with the children it does not allow collected in the same pass.
fn target<'a>(e: Element<'a>, unexpected: &mut Vec<Element<'a>>) -> Target<'a> {
    Target {
        element: e,
        loc_uri: check_target(e, unexpected).map(Leaf::new),
    }
}

/// Reads `Meta`; children that are not meta-information elements are unexpected.
fn meta<'a>(e: Element<'a>, unexpected: &mut Vec<Element<'a>>) -> Meta<'a> {
    unexpected.extend(
        e.elements()
            .filter(|m| !META_CHILDREN.contains(&m.local_name())),
    );
    Meta { element: e }
}

const META_CHILDREN: [&str; 10] = [
    "Format",
    "Type",
    "Mark",
    "Size",
    "NextNonce",
    "Version",
    "MaxMsgSize",
    "MaxObjSize",
    "EMI",
    "Anchor",
];

impl<'a> Message<'a> {
    /// Reads `doc`, parsed from `text`, as a message (when its first element is `SyncML`) or
    /// a fragment. The commands are read later, when [`Message::body_children`] reaches them.
    pub fn new(doc: &'a Document<'a>, text: &'a str) -> Message<'a> {
        let mut unexpected = Vec::new();
        let mut roots = doc.elements();
        match roots.next().map(|root| (root, shape_of(root))) {
            Some((root, Some(Shape::Message))) => {
                let mut header = None;
                let mut body = None;
                for c in root.elements() {
                    match c.local_name() {
                        "SyncHdr" if header.is_none() && body.is_none() => {
                            header = Some(sync_hdr(c, &mut unexpected))
                        }
                        "SyncBody" if body.is_none() => {
                            body = Some(SyncBody {
                                element: Some(c),
                                fragment: None,
                            })
                        }
                        _ => unexpected.push(c),
                    }
                }
                unexpected.extend(roots);
                Message {
                    text,
                    shape: Shape::Message,
                    root: Some(root),
                    header,
                    body,
                    unexpected,
                }
            }
            Some((root, None)) => {
                // Neither a SyncML root nor a fragment: reported by `syncml-root`.
                Message {
                    text,
                    shape: Shape::Fragment,
                    root: Some(root),
                    header: None,
                    body: None,
                    unexpected,
                }
            }
            _ => Message {
                text,
                shape: Shape::Fragment,
                root: None,
                header: None,
                body: Some(SyncBody {
                    element: None,
                    fragment: Some(doc),
                }),
                unexpected,
            },
        }
    }

    /// The children of the body in document order, each command read when reached.
    pub fn body_children(&self) -> impl Iterator<Item = BodyChild<'a>> + 'a {
        let body = self.body.and_then(|b| b.element);
        let fragment = self.body.and_then(|b| b.fragment);
        let children = body
            .into_iter()
            .flat_map(|b| b.elements())
            .chain(fragment.into_iter().flat_map(|d| d.elements()));
        children.map(BodyChild::read)
    }

    /// The commands of the body in document order (nested ones inside them: see
    /// [`Command::walk`]), each read when reached.
    pub fn commands(&self) -> impl Iterator<Item = Command<'a>> + 'a {
        self.body_children().filter_map(|c| match c {
            BodyChild::Command(c) => Some(c),
            _ => None,
        })
    }
}

/// How the first top-level element makes the input read: a message (`SyncML`), a fragment (a
/// command or `Final`), or neither (`None`).
fn shape_of(first: Element<'_>) -> Option<Shape> {
    match first.local_name() {
        "SyncML" => Some(Shape::Message),
        name if is_body_child(name) => Some(Shape::Fragment),
        _ => None,
    }
}

/// Whether `name` may stand directly in `SyncBody`.
pub fn is_body_child(name: &str) -> bool {
    name == "Final" || CommandKind::from_name(name).is_some()
}

fn sync_hdr<'a>(e: Element<'a>, unexpected: &mut Vec<Element<'a>>) -> SyncHdr<'a> {
    const ALLOWED: [&str; 10] = [
        "VerDTD",
        "VerProto",
        "SessionID",
        "MsgID",
        "Target",
        "Source",
        "RespURI",
        "NoResp",
        "Cred",
        "Meta",
    ];
    let mut hdr = SyncHdr {
        element: e,
        ver_dtd: leaf(e, "VerDTD"),
        ver_proto: leaf(e, "VerProto"),
        session_id: leaf(e, "SessionID"),
        msg_id: leaf(e, "MsgID"),
        target: None,
        source: None,
    };
    for c in e.elements() {
        match c.local_name() {
            "Target" => hdr.target = Some(target(c, unexpected)),
            "Source" => hdr.source = Some(target(c, unexpected)),
            n if ALLOWED.contains(&n) => {}
            _ => unexpected.push(c),
        }
    }
    hdr
}

fn command(kind: CommandKind, e: Element<'_>, depth: usize) -> Command<'_> {
    let mut cmd = Command {
        kind,
        element: e,
        cmd_id: None,
        meta: None,
        items: SmallVec::new(),
        commands: Vec::new(),
        data: None,
        unexpected: Vec::new(),
    };
    let unexpected = &mut cmd.unexpected;
    // only containers hold commands: the others' children are not looked up as commands
    let container = kind.is_container();
    for c in e.elements() {
        let name = c.local_name();
        let inner = container
            .then(|| CommandKind::from_name(name))
            .flatten()
            .filter(|k| kind.allowed_commands().contains(k));
        if let Some(inner) = inner {
            if depth < MAX_COMMAND_NESTING {
                cmd.commands.push(command(inner, c, depth + 1));
            } else {
                unexpected.push(c);
            }
            continue;
        }
        if !kind.allows_child(name) {
            unexpected.push(c);
            continue;
        }
        match name {
            "CmdID" if cmd.cmd_id.is_none() => cmd.cmd_id = Some(Leaf::new(c)),
            "Meta" if cmd.meta.is_none() => cmd.meta = Some(meta(c, unexpected)),
            "Item" => cmd.items.push(item(c, unexpected)),
            "Data" if cmd.data.is_none() => cmd.data = Some(c),
            "CmdID" | "Meta" | "Data" => unexpected.push(c),
            _ => {}
        }
    }
    cmd
}

fn item<'a>(e: Element<'a>, unexpected: &mut Vec<Element<'a>>) -> Item<'a> {
    let mut it = Item {
        element: e,
        target: None,
        source: None,
        meta: None,
        data: None,
    };
    for c in e.elements() {
        match c.local_name() {
            "Target" if it.target.is_none() => it.target = Some(target(c, unexpected)),
            "Source" if it.source.is_none() => {
                check_target(c, unexpected);
                it.source = Some(c);
            }
            "Meta" if it.meta.is_none() => it.meta = Some(meta(c, unexpected)),
            "Data" if it.data.is_none() => it.data = Some(c),
            "SourceParent" | "TargetParent" => {}
            _ => unexpected.push(c),
        }
    }
    it
}

#[cfg(test)]
mod tests {
    use super::CommandKind;

    /// The content model of each command (OMA-DM 1.2 representation protocol), as lists.
    fn allowed_children(kind: CommandKind) -> &'static [&'static str] {
        match kind {
            CommandKind::Add | CommandKind::Replace | CommandKind::Delete | CommandKind::Copy => {
                &["CmdID", "NoResp", "Cred", "Meta", "Item"]
            }
            CommandKind::Get => &["CmdID", "NoResp", "Lang", "Cred", "Meta", "Item"],
            CommandKind::Exec => &["CmdID", "NoResp", "Cred", "Meta", "Correlator", "Item"],
            CommandKind::Alert => &["CmdID", "NoResp", "Cred", "Data", "Correlator", "Item"],
            CommandKind::Atomic | CommandKind::Sequence => &["CmdID", "NoResp", "Meta"],
            CommandKind::Status => &[
                "CmdID",
                "MsgRef",
                "CmdRef",
                "Cmd",
                "TargetRef",
                "SourceRef",
                "Cred",
                "Chal",
                "Data",
                "Item",
            ],
            CommandKind::Results => &[
                "CmdID",
                "MsgRef",
                "CmdRef",
                "Meta",
                "TargetRef",
                "SourceRef",
                "Item",
            ],
        }
    }

    #[test]
    fn the_allowed_children_are_the_content_model() {
        let names: Vec<&str> = CommandKind::ALL
            .iter()
            .flat_map(|k| allowed_children(*k).iter().copied())
            .chain(["", "cmdid", "Target", "Source", "Final", "Items", "Met"])
            .collect();
        for kind in CommandKind::ALL {
            for name in &names {
                assert_eq!(
                    kind.allows_child(name),
                    allowed_children(kind).contains(name),
                    "{kind:?} {name}"
                );
            }
        }
    }

    #[test]
    fn command_names_read_back() {
        for kind in CommandKind::ALL {
            assert_eq!(CommandKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(CommandKind::from_name("replace"), None);
        assert_eq!(CommandKind::from_name("Final"), None);
    }

    #[test]
    fn a_target_takes_its_first_loc_uri_and_a_loc_name() {
        let text = "<Replace><CmdID>1</CmdID><Item><Target><LocName>n</LocName><LocURI>./a</LocURI><LocURI>./b</LocURI><X/></Target><Source><LocName>m</LocName><Y/></Source></Item></Replace>";
        let doc = crate::parse(text).unwrap();
        let message = super::Message::new(&doc, text);
        let command = message.commands().next().unwrap();
        let item = command.items.first().unwrap();
        assert_eq!(item.loc_uri().map(|l| l.value.as_ref()), Some("./a"));
        // the elements that are neither
        let unexpected: Vec<&str> = command.unexpected.iter().map(|e| e.name()).collect();
        assert_eq!(unexpected, ["X", "Y"]);
    }
}
