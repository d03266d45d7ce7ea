//! Template placeholders left in a profile: `{{name}}`, `${name}`, `$name$`, and in a LocURI a
//! `{Name}` or `<Name>` segment copied from documentation, unless the MDM server substitutes
//! them (Fleet's `$FLEET_VAR_*` / `$FLEET_SECRET_*`, Intune's documented `{{...}}` variables,
//! the `server-variables` of the configuration).

use diagnostics::Span;

/// Intune's documented variables (certificate, Wi-Fi, VPN and e-mail profiles), which Intune
/// substitutes when it sends a profile.
pub const INTUNE_VARIABLES: &[&str] = &[
    "AAD_Device_ID",
    "AccountId",
    "AzureADDeviceId",
    "DeviceId",
    "DeviceName",
    "Device_Serial",
    "DeviceType",
    "Domain",
    "EmailAddress",
    "FullyQualifiedDomainName",
    "IMEI",
    "IMEINumber",
    "MEID",
    "OnPrem_Distinguished_Name",
    "OnPremisesSamAccountName",
    "OnPremisesSecurityIdentifier",
    "SerialNumber",
    "UserId",
    "UserName",
    "UserPrincipalName",
    "WiFiMacAddress",
];

/// A placeholder: where it stands and its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placeholder<'t> {
    /// Its span in the searched text.
    pub span: Span,
    /// Its text, delimiters included.
    pub text: &'t str,
}

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '))
        && !s.starts_with(' ')
        && !s.ends_with(' ')
}

/// Whether `pattern` (with `*` as any run of characters) matches `text` whole.
pub fn glob(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for p in middle {
        match rest.find(p) {
            Some(i) => rest = rest.get(i + p.len()..).unwrap_or(""),
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// Whether the server substitutes placeholder `text` (delimiters included).
pub fn substituted(text: &str, server_variables: &[String]) -> bool {
    let inner = text
        .trim_start_matches("${")
        .trim_start_matches("{{")
        .trim_start_matches(['$', '{', '<'])
        .trim_end_matches("}}")
        .trim_end_matches(['$', '}', '>']);
    inner.starts_with("FLEET_VAR_")
        || inner.starts_with("FLEET_SECRET_")
        || (text.starts_with("{{")
            && INTUNE_VARIABLES
                .iter()
                .any(|v| v.eq_ignore_ascii_case(inner)))
        || server_variables
            .iter()
            .any(|p| glob(p, text) || glob(p, inner))
}

/// The placeholders of `text`: `{{name}}`, `${name}`, `$name$`; with `segments`, also a
/// whole `/`-separated segment written `{Name}` or `<Name>`.
pub fn find(text: &str, segments: bool) -> Vec<Placeholder<'_>> {
    let mut out = Vec::new();
    // the usual text has none of the characters a placeholder starts with
    if memchr::memchr3(b'{', b'$', b'<', text.as_bytes()).is_none() {
        return out;
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = text.get(i..).unwrap_or("");
        let found = if rest.starts_with("{{") {
            rest.get(2..)
                .and_then(|r| r.find("}}"))
                .filter(|&e| rest.get(2..2 + e).is_some_and(is_name))
                .map(|e| e + 4)
        } else if rest.starts_with("${") {
            rest.get(2..)
                .and_then(|r| r.find('}'))
                .filter(|&e| rest.get(2..2 + e).is_some_and(is_name))
                .map(|e| e + 3)
        } else if rest.starts_with('$') {
            rest.get(1..)
                .and_then(|r| r.find('$'))
                .filter(|&e| {
                    rest.get(1..1 + e)
                        .is_some_and(|n| is_name(n) && !n.contains(' ') && !n.contains('.'))
                })
                .map(|e| e + 2)
        } else if segments
            && (rest.starts_with('{') || rest.starts_with('<'))
            && (i == 0 || bytes.get(i - 1) == Some(&b'/'))
        {
            let close = if rest.starts_with('{') { '}' } else { '>' };
            let seg_end = rest.find('/').unwrap_or(rest.len());
            rest.get(..seg_end)
                .filter(|seg| {
                    seg.ends_with(close) && seg.get(1..seg.len() - 1).is_some_and(is_name)
                })
                .map(str::len)
        } else {
            None
        };
        match found {
            Some(len) => {
                out.push(Placeholder {
                    span: Span::new(i, i + len),
                    text: text.get(i..i + len).unwrap_or(""),
                });
                i += len;
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str, segments: bool) -> Vec<&str> {
        find(s, segments).iter().map(|p| p.text).collect()
    }

    #[test]
    fn placeholders_of_every_form() {
        assert_eq!(
            texts("https://{{yourScepUrl}}/x", false),
            ["{{yourScepUrl}}"]
        );
        assert_eq!(texts("a ${x} b $CmdId$ c", false), ["${x}", "$CmdId$"]);
        assert_eq!(
            texts("./Vendor/MSFT/EnterpriseModernAppManagement/AppManagement/AppStore/{PackageFamilyName}", true),
            ["{PackageFamilyName}"]
        );
        assert_eq!(
            texts("./Vendor/MSFT/DMClient/Provider/<ProviderID>/X", true),
            ["<ProviderID>"]
        );
        assert!(texts("price $5 and $6", false).is_empty());
        assert!(texts("{not a segment}", false).is_empty());
        assert!(texts("a{b}c", true).is_empty());
    }

    #[test]
    fn server_variables_are_not_placeholders() {
        assert!(substituted("$FLEET_VAR_SCEP_WINDOWS_CERTIFICATE_ID", &[]));
        assert!(substituted("${FLEET_VAR_HOST_UUID}", &[]));
        assert!(substituted("{{DeviceName}}", &[]));
        assert!(!substituted("{{yourCertName}}", &[]));
        assert!(substituted("{{TenantId}}", &["{{TenantId}}".to_string()]));
        assert!(substituted("$MY_VAR_X$", &["$MY_VAR_*".to_string()]));
        assert!(glob("a*c", "abc") && glob("*", "") && !glob("a*c", "ab"));
    }
}
