//! A LocURI lookup in the built-in catalog (budget: under 1 µs, no allocation).

use criterion::{black_box, criterion_group, criterion_main, Criterion};

fn lookup(c: &mut Criterion) {
    let catalog = csp::Catalog::builtin();
    let mut group = c.benchmark_group("csp-lookup");
    for (name, uri) in [
        (
            "policy",
            "Vendor/MSFT/Policy/Config/Update/ActiveHoursStart",
        ),
        (
            "admx-policy",
            "Vendor/MSFT/Policy/Config/ADMX_Bits/BITS_EnablePeercaching",
        ),
        (
            "dynamic",
            "Vendor/MSFT/Firewall/MdmStore/FirewallRules/MyRule/Action/Type",
        ),
        (
            "missing",
            "Vendor/MSFT/Policy/Config/Update/ActiveHourStart",
        ),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                matches!(
                    catalog.resolve(csp::Scope::Device, black_box(uri).split('/')),
                    csp::Resolution::Found(_)
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, lookup);
criterion_main!(benches);
