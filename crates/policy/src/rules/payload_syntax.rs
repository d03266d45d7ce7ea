//! The payload inside `Data` is not a well-formed XML fragment.
//!
//! ## What it checks
//! The decoded text of `Data` (after CDATA and escapes) must parse as XML: closed tags, quoted
//! attributes, known entities. (A payload nested deeper than 32 levels is `limit-exceeded`.)
//!
//! ## Why it matters
//! The device parses the payload as XML and fails the command when it cannot.
//!
//! ## Example
//! ```xml
//! <Data>&lt;enabled/&gt;&lt;data id="RA_Solicit_Control_List" value="1"&gt;</Data>
//! ```
//!
//! ## Fix
//! Close every element: `&lt;data id="..." value="1"/&gt;`. Inside CDATA, escape `&` in values
//! as `&amp;`, except in the list delimiter `&#xF000;`.

use diagnostics::Diagnostic;
use syncml::DataText;

use crate::check::Cx;

pub(crate) const CODE: &str = "payload-syntax";
pub(crate) const SEVERITY: diagnostics::Severity = diagnostics::Severity::Error;

/// Reports a parse error of the payload (spans in payload offsets).
pub(crate) fn report(cx: &mut Cx<'_>, error: Diagnostic, data: &DataText<'_>) {
    let mut d = error.map_spans(|s| data.to_source(s));
    // a limit crossed inside the payload keeps its own code
    if d.code != syncml::codes::LIMIT_EXCEEDED {
        d.code = CODE;
    }
    d.message = format!("payload: {}", d.message);
    if d.help.is_none() {
        d.help = Some(
            "the payload is an XML fragment such as `<enabled/><data id=\"...\" value=\"...\"/>`"
                .into(),
        );
    }
    cx.emit(d);
}
