//! The format of Remote Assistance helper entries: `<Domain Name>\<User Name>` or
//! `<Domain Name>\<Group Name>`.

use diagnostics::Span;

/// Domains that are not NetBIOS or DNS names but are valid, and the only ones with a space.
pub const WELL_KNOWN_AUTHORITIES: [&str; 3] = ["BUILTIN", "NT AUTHORITY", "NT SERVICE"];

/// What is wrong with a helper entry: a message, the bytes of the entry it is about (relative
/// to the entry), and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelperProblem {
    /// What is wrong.
    pub message: String,
    /// The part of the entry at fault, relative to the entry's start.
    pub span: Span,
    /// How to fix it.
    pub help: String,
}

fn problem(
    entry: &str,
    span: Span,
    message: impl Into<String>,
    help: impl Into<String>,
) -> Option<HelperProblem> {
    let span = if span.end > entry.len() {
        Span::new(0, entry.len())
    } else {
        span
    };
    Some(HelperProblem {
        message: message.into(),
        span,
        help: help.into(),
    })
}

const NETBIOS_FORBIDDEN: &[char] = &['\\', '/', ':', '*', '?', '"', '<', '>', '|'];
const NAME_FORBIDDEN: &[char] = &[
    '"', '/', '\\', '[', ']', ':', ';', '|', '=', ',', '+', '*', '?', '<', '>',
];

/// The common entry, `CONTOSO\helpdesk`, accepted in one pass: a NetBIOS domain of letters,
/// digits, `-` and `_`, and a name of those and dots. Whatever this accepts, the full check
/// below accepts too (a test holds it to that).
fn plainly_valid(entry: &str) -> bool {
    let Some((domain, name)) = entry.split_once('\\') else {
        return false;
    };
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    (1..=15).contains(&domain.len())
        && domain.bytes().all(word)
        && (1..=256).contains(&name.len())
        && name.bytes().all(|b| word(b) || b == b'.')
        && name.bytes().any(word)
}

/// Checks one helper entry; `None` when it is valid.
pub fn check(entry: &str) -> Option<HelperProblem> {
    if plainly_valid(entry) {
        return None;
    }
    check_fully(entry)
}

fn check_fully(entry: &str) -> Option<HelperProblem> {
    let whole = Span::new(0, entry.len());
    let trimmed = entry.trim();
    if trimmed.is_empty() {
        return problem(
            entry,
            whole,
            "empty helper entry",
            "write `DOMAIN\\name`, or remove the entry",
        );
    }
    if trimmed.len() != entry.len() {
        return problem(
            entry,
            whole,
            format!("helper entry `{entry}` has surrounding spaces"),
            format!("remove the spaces: `{trimmed}`"),
        );
    }
    let backslashes = entry.matches('\\').count();
    if backslashes == 0 {
        if let Some((user, domain)) = entry.split_once('@') {
            let netbios = domain
                .split('.')
                .next()
                .unwrap_or(domain)
                .to_ascii_uppercase();
            return problem(
                entry,
                whole,
                format!(
                    "`{entry}` is a user principal name (UPN), not `<Domain Name>\\<User Name>`"
                ),
                format!("write the down-level logon name, e.g. `{netbios}\\{user}`"),
            );
        }
        if let Some(slash) = entry.find('/') {
            return problem(
                entry,
                Span::new(slash, slash + 1),
                format!("`{entry}` separates domain and name with a forward slash"),
                format!("use a backslash: `{}`", entry.replacen('/', "\\", 1)),
            );
        }
        return problem(
            entry,
            whole,
            format!("`{entry}` has no domain"),
            format!(
                "write `<Domain Name>\\{entry}` (for a local account, the computer name as domain)"
            ),
        );
    }
    if let Some(at) = entry.find("\\\\") {
        return problem(
            entry,
            Span::new(at, at + 2),
            format!("`{entry}` has a doubled backslash"),
            format!(
                "write a single backslash: `{}` (XML needs no escaping of `\\`)",
                entry.replace("\\\\", "\\")
            ),
        );
    }
    if backslashes > 1 {
        let second = entry.rfind('\\').unwrap_or(0);
        return problem(
            entry,
            Span::new(second, second + 1),
            format!("`{entry}` has more than one backslash"),
            "write exactly one `DOMAIN\\name` per entry",
        );
    }
    let (domain, name) = entry.split_once('\\').unwrap_or(("", entry));
    let name_start = domain.len() + 1;
    if domain.is_empty() {
        return problem(
            entry,
            Span::new(0, 1),
            format!("`{entry}` has an empty domain"),
            "write `DOMAIN\\name`",
        );
    }
    if domain == "." {
        return problem(
            entry,
            Span::new(0, 1),
            format!("`{entry}` uses `.` for the local machine"),
            "write the computer name as the domain: `COMPUTERNAME\\name`",
        );
    }
    if let Some(p) = check_domain(domain) {
        return problem(entry, Span::new(0, domain.len()), p.0, p.1);
    }
    if name.is_empty() {
        return problem(
            entry,
            Span::new(domain.len(), entry.len()),
            format!("`{entry}` has an empty user or group name"),
            "write `DOMAIN\\name`",
        );
    }
    if name.chars().count() > 256 {
        return problem(
            entry,
            Span::new(name_start, entry.len()),
            "the user or group name is longer than 256 characters",
            "shorten the name",
        );
    }
    if let Some((i, c)) = name
        .char_indices()
        .find(|&(_, c)| NAME_FORBIDDEN.contains(&c) || c.is_control())
    {
        let at = name_start + i;
        return problem(
            entry,
            Span::new(at, at + c.len_utf8()),
            format!(
                "`{}` is not allowed in a user or group name",
                c.escape_debug()
            ),
            "user and group names cannot contain \" / \\ [ ] : ; | = , + * ? < >",
        );
    }
    if name.chars().all(|c| c == '.' || c == ' ') {
        return problem(
            entry,
            Span::new(name_start, entry.len()),
            "a user or group name cannot consist only of dots or spaces",
            "write the account name",
        );
    }
    None
}

fn check_domain(domain: &str) -> Option<(String, String)> {
    if WELL_KNOWN_AUTHORITIES
        .iter()
        .any(|a| a.eq_ignore_ascii_case(domain))
    {
        return None;
    }
    if domain.contains(' ') {
        return Some((
            format!("the domain `{domain}` contains a space"),
            "only the well-known authorities BUILTIN, NT AUTHORITY and NT SERVICE may contain a space".into(),
        ));
    }
    if domain.contains('.') {
        if domain.len() > 255 {
            return Some((
                format!("the DNS domain `{domain}` is longer than 255 characters"),
                "use the NetBIOS domain name".into(),
            ));
        }
        for label in domain.split('.') {
            let ok = !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-');
            if !ok {
                return Some((
                    format!("`{domain}` is not a valid DNS domain name (label `{label}`)"),
                    "DNS labels are 1 to 63 letters, digits or hyphens, not starting or ending with a hyphen; or use the NetBIOS domain name".into(),
                ));
            }
        }
        return None;
    }
    if domain.chars().count() > 15 {
        return Some((
            format!("the NetBIOS domain `{domain}` is longer than 15 characters"),
            "NetBIOS names have at most 15 characters; use the NetBIOS name of the domain or its DNS name".into(),
        ));
    }
    if let Some(c) = domain
        .chars()
        .find(|c| NETBIOS_FORBIDDEN.contains(c) || c.is_control())
    {
        return Some((
            format!(
                "`{}` is not allowed in a NetBIOS domain name",
                c.escape_debug()
            ),
            "NetBIOS names cannot contain \\ / : * ? \" < > |".into(),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_acceptance_accepts_only_valid_entries() {
        let alphabet = ['a', 'Z', '0', '-', '_', '.', '\\', ' ', '@', '/', ':', '*'];
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut accepted = 0;
        for _ in 0..50_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 20) as usize;
            let entry: String = (0..len)
                .map(|i| alphabet[((seed >> (3 * i % 60)) % 12) as usize])
                .collect();
            if plainly_valid(&entry) {
                accepted += 1;
                assert_eq!(check_fully(&entry), None, "{entry:?}");
            }
        }
        assert!(accepted > 100, "{accepted}");
        for entry in ["CONTOSO\\helpdesk", "A\\b.c", "x_y-1\\.a"] {
            assert!(plainly_valid(entry), "{entry}");
        }
        for entry in [
            "contoso.com\\a",
            "A\\...",
            "A\\b\\c",
            "TOOLONGDOMAINNAME\\a",
            ".\\a",
            "A\\",
        ] {
            assert!(!plainly_valid(entry), "{entry}");
        }
    }

    #[test]
    fn accepts_valid_helpers() {
        for ok in [
            "CONTOSO\\helpdesk",
            "contoso.com\\Tier 2",
            "BUILTIN\\Administrators",
            "NT AUTHORITY\\SYSTEM",
            "PC-01\\admin",
        ] {
            assert_eq!(check(ok), None, "{ok}");
        }
    }

    #[test]
    fn explains_typical_mistakes() {
        let upn = check("user@contoso.com").unwrap();
        assert!(upn.help.contains("CONTOSO\\user"), "{}", upn.help);
        assert_eq!(check("CONTOSO/helpdesk").unwrap().span, Span::new(7, 8));
        assert!(check("helpdesk").unwrap().message.contains("no domain"));
        assert_eq!(check("CONTOSO\\\\helpdesk").unwrap().span, Span::new(7, 9));
        assert!(check(" CONTOSO\\helpdesk")
            .unwrap()
            .message
            .contains("spaces"));
        assert!(check(".\\admin").unwrap().help.contains("computer name"));
        assert!(check("VERYLONGDOMAINNAME1\\a").is_some());
        assert!(check("CONTOSO\\a;b").is_some());
        assert!(check("bad-.com\\a").is_some());
    }

    /// Every branch, with the exact characters and the words of its message; every limit at its
    /// bound and one past it.
    #[test]
    fn every_problem_points_at_its_characters() {
        let name256 = format!("A\\{}", "n".repeat(256));
        let name257 = format!("A\\{}", "n".repeat(257));
        // past the one-pass acceptance, which takes ASCII only
        let name256_accented = format!("A\\{}", "é".repeat(256));
        let label63 = format!("{}.com\\a", "d".repeat(63));
        let label64 = format!("{}.com\\a", "d".repeat(64));
        // four labels of 62 and three dots: 251, and `.com`: 255 characters; one more: 256
        let dns255 = format!("{}.com\\a", vec!["d".repeat(62); 4].join("."));
        let dns256 = format!("d{}.com\\a", vec!["d".repeat(62); 4].join("."));
        // the entry, and the expected span and words (none when valid)
        type Want<'a> = Option<(usize, usize, &'a str)>;
        let cases: Vec<(&str, Want)> = vec![
            ("", Some((0, 0, "empty helper entry"))),
            ("  ", Some((0, 2, "empty helper entry"))),
            ("A\\b ", Some((0, 4, "surrounding spaces"))),
            ("u@contoso.com", Some((0, 13, "user principal name"))),
            ("CONTOSO/x", Some((7, 8, "forward slash"))),
            ("helpdesk", Some((0, 8, "has no domain"))),
            ("A\\\\b", Some((1, 3, "doubled backslash"))),
            ("A\\b\\c", Some((3, 4, "more than one backslash"))),
            ("\\b", Some((0, 1, "empty domain"))),
            (".\\b", Some((0, 1, "`.` for the local machine"))),
            ("CON TOSO\\b", Some((0, 8, "contains a space"))),
            ("A:B\\b", Some((0, 3, "not allowed in a NetBIOS domain"))),
            ("ABCDEFGHIJKLMNO\\b", None),
            (
                "ABCDEFGHIJKLMNOP\\b",
                Some((0, 16, "longer than 15 characters")),
            ),
            ("ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ\\b", None),
            ("A\\", Some((1, 2, "empty user or group name"))),
            (&name256, None),
            (&name257, Some((2, 259, "longer than 256 characters"))),
            (
                "AB\\ab;c",
                Some((5, 6, "not allowed in a user or group name")),
            ),
            (&name256_accented, None),
            ("con-toso.com\\a", None),
            ("A\\é[", Some((4, 5, "not allowed in a user or group name"))),
            ("A\\..", Some((2, 4, "only of dots or spaces"))),
            (&label63, None),
            (&label64, Some((0, 68, "not a valid DNS domain name"))),
            ("-a.com\\b", Some((0, 6, "label `-a`"))),
            ("a-.com\\b", Some((0, 6, "label `a-`"))),
            ("a..com\\b", Some((0, 6, "label ``"))),
            (&dns255, None),
            (&dns256, Some((0, 256, "longer than 255 characters"))),
            ("nt authority\\SYSTEM", None),
        ];
        for (entry, want) in cases {
            let got = check(entry);
            match (want, got) {
                (None, None) => {}
                (Some((start, end, words)), Some(p)) => {
                    assert_eq!(p.span, Span::new(start, end), "{entry:?}: {}", p.message);
                    assert!(p.message.contains(words), "{entry:?}: {}", p.message);
                    assert!(!p.help.is_empty(), "{entry:?}");
                }
                (want, got) => panic!("{entry:?}: expected {want:?}, got {got:?}"),
            }
        }
    }

    #[test]
    fn a_span_past_the_entry_becomes_the_whole_entry() {
        assert_eq!(
            problem("ab", Span::new(1, 9), "m", "h").map(|p| p.span),
            Some(Span::new(0, 2))
        );
        assert_eq!(
            problem("ab", Span::new(1, 2), "m", "h").map(|p| p.span),
            Some(Span::new(1, 2))
        );
    }
}
