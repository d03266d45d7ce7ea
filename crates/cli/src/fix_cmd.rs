//! `check --fix` / `--unsafe-fixes` / `--diff`: the fixes are applied by [`policy::fix`];
//! this shows them as a unified diff.

pub use policy::fix::fix;

/// A unified diff of two versions of `path`.
pub fn diff(path: &str, before: &[u8], after: &[u8]) -> String {
    let before = String::from_utf8_lossy(before);
    let after = String::from_utf8_lossy(after);
    similar::TextDiff::from_lines(before.as_ref(), after.as_ref())
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("a/{}", path.trim_start_matches('/')),
            &format!("b/{}", path.trim_start_matches('/')),
        )
        .to_string()
}
