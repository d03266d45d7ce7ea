//! Arbitrary bytes → the ADMX and ADML loaders. Never panics; every span lies in the input.

/// The body of the `admx` fuzz target.
pub fn run(data: &[u8]) {
    let admx = admx::parse_admx(data);
    let adml = admx::parse_adml(data);
    let (a, b) = admx::check_adml(&admx.value, &adml.value);
    for d in admx
        .diagnostics
        .iter()
        .chain(&adml.diagnostics)
        .chain(&a)
        .chain(&b)
    {
        assert!(
            d.span.start <= d.span.end && d.span.end <= data.len(),
            "{d:?}"
        );
    }
    for p in &admx.value.policies {
        assert!(p.span.end <= data.len());
        let _ = admx
            .value
            .category_path(p.parent_category.as_deref().unwrap_or(""));
    }
}
