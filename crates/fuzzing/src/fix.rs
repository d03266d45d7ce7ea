//! Any bytes → every fix, safe and unsafe, applied round after round: never a panic; a file
//! that parsed still parses once fixed, and fixing the result again changes nothing that the
//! bounded rounds had not reached.

/// The body of the `fix` fuzz target.
pub fn run(data: &[u8]) {
    let config = policy::Config::default();
    let (fixed, applied) = policy::fix::fix(data, crate::catalog(), &config, true);
    if applied == 0 {
        assert_eq!(fixed, data, "no fix applied, yet the bytes changed");
        return;
    }
    let parses = |bytes: &[u8]| {
        diagnostics::Source::decode(bytes)
            .ok()
            .is_some_and(|s| syncml::parse_with(&s.text, &config.limits).is_ok())
    };
    if parses(data) {
        assert!(
            parses(&fixed),
            "the fixes broke a well-formed file:\n{}",
            String::from_utf8_lossy(&fixed)
        );
    }
}
