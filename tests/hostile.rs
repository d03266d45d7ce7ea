//! Hostile inputs: every case must end with a clear diagnostic (or none), within a time and a
//! peak-memory bound, with a complete JSON document on stdout, never a crash. The binary runs as
//! a child process; its peak memory is read from `wait4`. Bounds here are generous (debug
//! builds, shared CI machines); `bench/hostile.sh` measures the release binary against the exact
//! targets (5 s, 10x the input plus 200 MB).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RA_UN: &str =
    "./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/UnsolicitedRemoteAssistance";

struct Outcome {
    elapsed: Duration,
    max_rss: u64,
    status: i32,
    json: serde_json::Value,
}

/// Runs `syncml-lint check --format json` on `bytes`, measuring the child.
#[allow(clippy::zombie_processes)] // the child is reaped by `wait4` in `wait`
fn run(name: &str, bytes: &[u8]) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(format!("{name}.xml"));
    std::fs::write(&input, bytes).unwrap();
    if std::env::var_os("HOSTILE_KEEP").is_some() {
        // bench/hostile.sh measures the release binary on the same inputs
        let keep = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/hostile");
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::write(keep.join(format!("{name}.xml")), bytes).unwrap();
    }
    let out_path = dir.path().join("out.json");
    let start = Instant::now();
    let child = Command::new(assert_cmd::cargo::cargo_bin("syncml-lint"))
        .args(["check", "--no-config", "--format", "json", "--jobs", "1"])
        .arg(&input)
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (status, max_rss) = wait(child.id());
    let elapsed = start.elapsed();
    let text = std::fs::read_to_string(&out_path).unwrap();
    let json = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{name}: stdout is not one JSON document ({e})"));
    Outcome {
        elapsed,
        max_rss,
        status,
        json,
    }
}

/// Waits for the child, returning its exit code and peak resident memory in bytes.
fn wait(pid: u32) -> (i32, u64) {
    let mut status = 0;
    // SAFETY: `rusage` is plain data, zero is a valid value; `wait4` writes into both
    // out-parameters for the child we spawned and have not waited for.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(rc, pid as libc::pid_t, "wait4");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (code, usage.ru_maxrss as u64 * 1024)
}

fn codes(o: &Outcome) -> Vec<String> {
    o.json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// Runs a case and checks the generous bounds and the expected code.
fn case(name: &str, bytes: Vec<u8>, expect: Option<&str>) -> Outcome {
    let size = bytes.len() as u64;
    let o = run(name, &bytes);
    assert!(o.status == 0 || o.status == 1, "{name}: exit {}", o.status);
    assert!(
        o.elapsed < Duration::from_secs(60),
        "{name}: took {:?}",
        o.elapsed
    );
    let bound = 10 * size + 400 * 1024 * 1024;
    assert!(
        o.max_rss <= bound,
        "{name}: peak memory {} MB for {} MB of input",
        o.max_rss >> 20,
        size >> 20
    );
    if let Some(code) = expect {
        assert!(
            codes(&o).iter().any(|c| c == code),
            "{name}: expected {code}, got {:?}",
            codes(&o)
        );
    }
    o
}

fn fragment(data: &str) -> String {
    format!("<Replace><CmdID>1</CmdID><Item><Target><LocURI>{RA_UN}</LocURI></Target><Data>{data}</Data></Item></Replace>")
}

#[test]
fn entity_attacks_are_refused_without_expansion() {
    let mut lol =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        lol.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    lol.push_str("]>\n<lolz>&lol9;</lolz>");
    case("billion-laughs", lol.into_bytes(), Some("xml-dtd"));
    let xxe = "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><Replace>&xxe;</Replace>";
    case("external-entity", xxe.into(), Some("xml-dtd"));
    let pe = "<!DOCTYPE r [<!ENTITY % pe SYSTEM \"http://127.0.0.1:9/x.dtd\"> %pe;]><Replace/>";
    case("parameter-entity", pe.into(), Some("xml-dtd"));
    // an entity reference without any declaration is simply unknown
    case(
        "undeclared-entity",
        b"<Replace>&xxe;</Replace>".to_vec(),
        Some("xml-syntax"),
    );
    // an external DTD is named, never fetched: the run finishes at once
    let o = case(
        "external-dtd",
        b"<!DOCTYPE SyncML SYSTEM \"http://10.255.255.1/never.dtd\"><Replace><CmdID>1</CmdID></Replace>".to_vec(),
        None,
    );
    assert!(o.elapsed < Duration::from_secs(10));
}

#[test]
fn deep_wide_and_huge_structures() {
    case(
        "million-nested",
        "<a>".repeat(1_000_000).into_bytes(),
        Some("limit-exceeded"),
    );
    case(
        "payload-nesting",
        fragment(&format!("<![CDATA[{}]]>", "<a>".repeat(100_000))).into_bytes(),
        Some("limit-exceeded"),
    );
    let attrs: String = (0..300_000).map(|i| format!(" a{i}=\"1\"")).collect();
    case(
        "many-attributes",
        format!("<Replace{attrs}/>").into_bytes(),
        Some("limit-exceeded"),
    );
    case(
        "duplicate-attributes",
        b"<Replace a=\"1\" a=\"2\"/>".to_vec(),
        Some("xml-syntax"),
    );
    // whitespace held back at every level, then text that makes each level mixed content:
    // the whitespace is put back without moving the million elements below it
    let late_text = format!(
        "{}{}{}",
        "<a> ".repeat(250),
        "<b/> ".repeat(1_000_000),
        "x</a>".repeat(250)
    );
    case(
        "late-text-at-every-level",
        late_text.into_bytes(),
        Some("syncml-root"),
    );
    // an ADMX carried by ADMXInstall is read by the ADMX loader, which has no attribute limit:
    // a 2 MB start tag of distinct attributes must be read in linear time (a quadratic
    // duplicate check, RUSTSEC-2026-0194, takes minutes on it)
    let attrs: String = (0..200_000).map(|i| format!(" a{i:06}=\"1\"")).collect();
    let admx = format!("<policyDefinitions{attrs}><policyNamespaces/></policyDefinitions>");
    assert!(admx.len() > 2 << 20);
    let install = format!("<Add><CmdID>1</CmdID><Item><Target><LocURI>./Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/ContosoApp/Policy/ContosoAdmx01</LocURI></Target><Data><![CDATA[{admx}]]></Data></Item></Add>");
    let o = case("admx-2mb-attribute-tag", install.into_bytes(), None);
    assert!(
        o.elapsed < Duration::from_secs(15),
        "2 MB tag of attributes: {:?}",
        o.elapsed
    );
    let big = format!("<Replace><CmdID>1</CmdID><Item><Target><LocURI x=\"{}\">{RA_UN}</LocURI></Target><Data><![CDATA[<disabled/>]]></Data></Item></Replace>", "A".repeat(50 << 20));
    case("50mb-attribute", big.into_bytes(), None);
}

#[test]
fn broken_bytes() {
    case(
        "invalid-utf8",
        b"<Replace>\xC3\x28</Replace>".to_vec(),
        Some("xml-syntax"),
    );
    case(
        "nul-bytes",
        b"<Replace>\0\0</Replace>".to_vec(),
        Some("xml-syntax"),
    );
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "<Replace><CmdID>1</CmdID></Replace>"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    case("utf16", utf16, Some("missing-element"));
    let odd: Vec<u8> = [0xFF, 0xFE, b'<', 0, b'a'].to_vec();
    case("utf16-odd-length", odd, Some("xml-syntax"));
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let random: Vec<u8> = (0..1 << 20)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    case("random-binary", random, Some("xml-syntax"));
    for (name, text) in [
        ("cdata-end-in-text", "<Replace>a]]>b</Replace>"),
        ("nul-reference", "<Replace>&#0;</Replace>"),
        ("nonchar-reference", "<Replace>&#xFFFE;</Replace>"),
        ("surrogate-reference", "<Replace>&#xD800;</Replace>"),
        ("out-of-range-reference", "<Replace>&#x110000;</Replace>"),
        (
            "huge-reference",
            "<Replace>&#99999999999999999999999;</Replace>",
        ),
    ] {
        case(name, text.into(), Some("xml-syntax"));
    }
    // `]]>` split across CDATA sections is legitimate
    case(
        "split-cdata",
        fragment("<![CDATA[<enabled/>]]]]><![CDATA[>]]>").into_bytes(),
        Some("payload-syntax"),
    );
}

#[test]
fn huge_values_lists_and_repeats() {
    let digits = "9".repeat(1 << 20);
    let so = "./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/SolicitedRemoteAssistance";
    let huge = format!(
        "<Replace><CmdID>1</CmdID><Item><Target><LocURI>{so}</LocURI></Target><Data><![CDATA[<enabled/><data id=\"RA_Solicit_Control_List\" value=\"1\"/><data id=\"RA_Solicit_ExpireValue_Edt\" value=\"{digits}\"/><data id=\"RA_Solicit_ExpireUnits_List\" value=\"1\"/><data id=\"RA_Solicit_Mailto_List\" value=\"1\"/>]]></Data></Item></Replace>"
    );
    case("huge-number", huge.into_bytes(), Some("value-out-of-range"));
    let entries: Vec<String> = (0..250_000)
        .map(|i| format!("CONTOSO\\user{i}&#xF000;CONTOSO\\user{i}"))
        .collect();
    let list = fragment(&format!(
        "<![CDATA[<enabled/><data id=\"RA_Unsolicit_Control_List\" value=\"1\"/><data id=\"RA_Unsolicit_DACL_Edit\" value=\"{}\"/>]]>",
        entries.join("&#xF000;")
    ));
    let o = case("500k-entry-helper-list", list.into_bytes(), None);
    assert_eq!(o.json["summary"]["errors"], 0, "{:?}", codes(&o));
    let bad: Vec<String> = (0..250_000)
        .map(|i| format!("user{i}@contoso.com&#xF000;user{i}@contoso.com"))
        .collect();
    let list = fragment(&format!(
        "<![CDATA[<enabled/><data id=\"RA_Unsolicit_Control_List\" value=\"1\"/><data id=\"RA_Unsolicit_DACL_Edit\" value=\"{}\"/>]]>",
        bad.join("&#xF000;")
    ));
    let o = case(
        "500k-invalid-helpers",
        list.into_bytes(),
        Some("too-many-diagnostics"),
    );
    assert_eq!(o.json["diagnostics"].as_array().unwrap().len(), 1001);
    let cmds: String = (0..200_000).map(|_| "<Get><CmdID>7</CmdID><Item><Target><LocURI>./Vendor/MSFT/A</LocURI></Target></Item></Get>").collect();
    case(
        "200k-identical-cmdids",
        format!("<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncBody>{cmds}<Final/></SyncBody></SyncML>")
            .into_bytes(),
        Some("duplicate-cmdid"),
    );
    let escapes = "&amp;amp;lt;".repeat(300_000);
    case(
        "nested-escapes",
        fragment(&format!(
            "&lt;enabled/&gt;&lt;data id=\"x\" value=\"{escapes}\"/&gt;"
        ))
        .into_bytes(),
        Some("unknown-data-id"),
    );
}

/// Every prefix of a real sample: no panic, a complete result.
#[test]
fn truncation_at_every_byte() {
    let sample = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../corpus/valid/remote-assistance-all-escaped.xml"),
    )
    .unwrap();
    let catalog = policy::Catalog::builtin();
    let config = policy::Config::default();
    for end in 0..sample.len() {
        let diags = policy::lint(&sample[..end], &catalog, &config);
        assert!(diags.iter().all(|d| d.span.end <= end), "prefix {end}");
        if end > 60 && end < sample.len() - 2 {
            assert!(
                diags.iter().any(|d| d.code == "xml-syntax"),
                "prefix {end}: {diags:?}"
            );
        }
    }
}

/// A minified message of 5 MB (one line) with errors near its end: the human report is a
/// report (no panic), bounded in size, and points at the true column.
#[test]
fn human_report_of_a_minified_five_megabyte_line() {
    let ok = "<Replace><Item><Target><LocURI>./Device/Vendor/MSFT/Policy/Config/Update/ActiveHoursStart</LocURI></Target><Meta><Format xmlns=\"syncml:metinf\">int</Format></Meta><Data>8</Data></Item></Replace>";
    let bad = "<Replace><Item><Target><LocURI>./Device/Vendor/MSFT/Policy/Config/Update/ActiveHoursStart</LocURI></Target><Meta><Format xmlns=\"syncml:metinf\">int</Format></Meta><Data>99</Data></Item></Replace>";
    let mut body = ok.repeat(5 * 1024 * 1024 / ok.len());
    for _ in 0..20 {
        body.push_str(bad);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("minified.xml");
    std::fs::write(&path, &body).unwrap();
    let out = Command::new(assert_cmd::cargo::cargo_bin("syncml-lint"))
        .args(["check", "--no-config"])
        .arg(&path)
        .output()
        .unwrap();
    let (code, stdout, stderr) = (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stdout.contains("20 errors"),
        "{}",
        &stdout[stdout.len().saturating_sub(300)..]
    );
    assert!(stdout.len() < 40_000, "{} bytes of report", stdout.len());
    let column = body.len() - 20 * bad.len() + bad.find("99").unwrap() + 1;
    assert!(
        stdout.contains(&format!("minified.xml:1:{column}]")),
        "{}",
        &stdout[..600]
    );
}

/// Inputs other than SyncML, and suppressions, at scale: an Intune export of 300,000 settings,
/// JSON nested a million deep, a WCD file of 200,000 policies, 100,000 suppression comments.
#[test]
fn other_inputs_and_suppressions_at_scale() {
    let setting = r##"{"@odata.type": "#microsoft.graph.omaSettingInteger", "displayName": "x", "omaUri": "./Device/Vendor/MSFT/Policy/Config/Update/ActiveHoursStart", "value": 30}"##;
    let export = format!(
        "{{\"@odata.type\": \"#microsoft.graph.windows10CustomConfiguration\", \"omaSettings\": [{}]}}",
        vec![setting; 300_000].join(",")
    );
    let o = case(
        "300k-setting-export",
        export.into_bytes(),
        Some("too-many-diagnostics"),
    );
    assert!(codes(&o).iter().any(|c| c == "value-out-of-range"));
    case(
        "json-nested-1m-deep",
        "[".repeat(1_000_000).into_bytes(),
        Some("xml-syntax"),
    );
    let policies = "<Update><ActiveHoursStart>30</ActiveHoursStart></Update>".repeat(200_000);
    let wcd = format!("<WindowsCustomizations><Settings><Customizations><Common><Policies>{policies}</Policies></Common></Customizations></Settings></WindowsCustomizations>");
    case(
        "200k-policy-wcd",
        wcd.into_bytes(),
        Some("value-out-of-range"),
    );
    let suppressed: String = (0..100_000)
        .map(|i| {
            format!(
                "<!-- syncml-lint: ignore missing-data, not-in-catalog -->{}",
                fragment("").replace("<CmdID>1<", &format!("<CmdID>{}<", i + 1))
            )
        })
        .collect();
    // 100,000 suppression comments in a row before one element: each finds it in one pass
    let in_a_row = format!(
        "{}{}",
        "<!-- syncml-lint: ignore not-in-catalog -->".repeat(100_000),
        fragment("")
    );
    case(
        "100k-suppressions-in-a-row",
        in_a_row.into_bytes(),
        Some("unused-suppression"),
    );
    let o = case(
        "100k-suppressions",
        suppressed.into_bytes(),
        Some("unused-suppression"),
    );
    assert_eq!(o.json["summary"]["errors"], 0, "{:?}", codes(&o));
}
