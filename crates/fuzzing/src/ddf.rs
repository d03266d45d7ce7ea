//! DDF v2 files: any bytes → the loader never panics and every span lies in the input; what it
//! loads goes through the catalog table and back unchanged, and the catalog built from it
//! resolves every node's own path.

/// The body of the `ddf` fuzz target.
pub fn run(bytes: &[u8]) {
    let loaded = csp::ddf::load(bytes);
    for d in &loaded.diagnostics {
        assert!(
            d.span.start <= d.span.end && d.span.end <= bytes.len(),
            "{d:?}"
        );
    }
    let table = csp::table::write(&loaded.nodes);
    let back = csp::table::read(&table).expect("a written table reads back");
    assert_eq!(csp::table::write(&back), table);
    let catalog = csp::Catalog::new(back);
    for n in catalog.nodes() {
        let segs: Vec<String> = n
            .segments()
            .into_iter()
            .map(|s| {
                if s.starts_with('{') {
                    "X~Y".to_string()
                } else {
                    s
                }
            })
            .collect();
        let found = catalog.resolve(n.tree(), segs.iter().map(String::as_str));
        assert!(
            matches!(found, csp::Resolution::Found(_)),
            "{}",
            n.loc_uri()
        );
    }
}
