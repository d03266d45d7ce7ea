//! An enum item's value is its own `value`, never one from the `valueList` it carries; an item
//! whose value is `<delete/>` reads as `Value::Delete`.

use admx::{ElementKind, LoadedAdmx, Value};

#[test]
fn item_values_are_not_read_from_their_value_lists() {
    let admx = br#"<policyDefinitions><policyNamespaces><target prefix="w" namespace="W"/></policyNamespaces><policies>
<policy name="Proxy" class="Machine" displayName="$(string.P)" key="Software\Policies\W" presentation="$(presentation.P)">
<elements><enum id="Proxytype" valueName="ProxyType">
<item displayName="$(string.A)"><value><decimal value="3"/></value><valueList><item key="Software\Policies\W" valueName="X"><value><decimal value="1"/></value></item></valueList></item>
<item displayName="$(string.B)"><value><decimal value="2"/></value><valueList><item key="Software\Policies\W" valueName="X"><value><string>1</string></value></item><item key="Software\Policies\W" valueName="Y"><value><delete/></value></item></valueList></item>
<item displayName="$(string.C)"><value><delete/></value></item>
<item displayName="$(string.D)"><value><string>On</string></value></item>
</enum></elements></policy></policies></policyDefinitions>"#;
    let f = LoadedAdmx::load("w.admx", admx, None, None);
    assert!(f.diagnostics.is_empty(), "{:?}", f.diagnostics);
    let p = f.admx.policy("Proxy").expect("the policy");
    let e = p.element("Proxytype").expect("the element");
    let ElementKind::Enum { items } = &e.kind else {
        panic!("an enum")
    };
    let values: Vec<Option<Value>> = items.iter().map(|i| i.value.clone()).collect();
    assert_eq!(
        values,
        [
            Some(Value::Decimal(3)),
            Some(Value::Decimal(2)),
            Some(Value::Delete),
            Some(Value::String("On".into()))
        ]
    );
}
