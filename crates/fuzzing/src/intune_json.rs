//! Any bytes → the Intune export reader and the checks of its settings. Never panics; every
//! span of a diagnostic lies inside the input.

/// The body of the `intune_json` fuzz target.
pub fn run(data: &[u8]) {
    let catalog = crate::catalog();
    let Some(linted) = policy::intune::lint_export(data, catalog, &policy::Config::default())
    else {
        return;
    };
    for d in &linted.diagnostics {
        for s in std::iter::once(d.span).chain(d.labels.iter().map(|l| l.span)) {
            assert!(s.start <= s.end && s.end <= data.len(), "{d:?}");
        }
    }
}
