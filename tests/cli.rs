//! End-to-end tests of the `syncml-lint` binary on the corpus: exit codes, JSON (exact),
//! SARIF (shape), GitHub annotations, the human report (snapshot, colours off), `fmt`, `admx`,
//! configuration and bad input.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{json, Value};

/// Says that a test could not run here, past the test harness's capture of `eprintln!` (a
/// direct write to standard error), so that a fresh clone without `../shared` shows it.
fn skipped(why: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED: {why}");
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn cmd() -> Command {
    let mut c = Command::cargo_bin("syncml-lint").expect("binary");
    c.current_dir(root()).env("NO_COLOR", "1");
    c
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = cmd().args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    )
}

fn run_stdin(args: &[&str], input: &str) -> (i32, String, String) {
    let out = cmd()
        .args(args)
        .write_stdin(input.as_bytes().to_vec())
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    )
}

const EXAMPLE: &str = "corpus/examples/offer-remote-assistance.xml";

/// Two fields of every diagnostic of a JSON report, as text.
fn pairs(doc: &Value, a: &str, b: &str) -> Vec<(String, String)> {
    let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
    doc["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| (text(&d[a]), text(&d[b])))
        .collect()
}

#[test]
fn human_report_of_the_example() {
    let (code, stdout, _) = run(&["check", "--no-config", EXAMPLE]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("human_example", stdout);
}

/// The README shows what its first command prints; it must be the tool's real output.
#[test]
fn readme_shows_the_real_output() {
    let (_, stdout, _) = run(&["check", EXAMPLE]);
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.contains(&format!("cargo run -q -p syncml-lint -- check {EXAMPLE}")));
    assert!(
        readme.contains(stdout.trim_end()),
        "README.md shows stale output of the example:\n{stdout}"
    );
}

#[test]
fn json_of_the_example_is_exact() {
    let (code, stdout, stderr) = run(&["check", "--no-config", "--format", "json", EXAMPLE]);
    assert_eq!(code, 1, "{stderr}");
    let got: Value = serde_json::from_str(&stdout).expect("one JSON document");
    let expected = json!({
        "version": 1,
        "diagnostics": [
            {
                "file": EXAMPLE, "code": "invalid-helper", "severity": "error",
                "message": "`tier2@contoso.com` is a user principal name (UPN), not `<Domain Name>\\<User Name>`",
                "line": 17, "column": 125, "end_line": 17, "end_column": 142, "offset": 746, "length": 17,
                "help": "write the down-level logon name, e.g. `CONTOSO\\tier2`"
            },
            {
                "file": EXAMPLE, "code": "value-out-of-range", "severity": "error",
                "message": "`120` is outside the range 1..=99 of `RA_Solicit_ExpireValue_Edt`",
                "line": 32, "column": 59, "end_line": 32, "end_column": 62, "offset": 1241, "length": 3,
                "help": "use a value from 1 to 99"
            },
            {
                "file": EXAMPLE, "code": "unknown-data-id", "severity": "error",
                "message": "`RA_Solicit_Mailto_list` is not an element of policy RA_Solicit",
                "line": 34, "column": 24, "end_line": 34, "end_column": 46, "offset": 1341, "length": 22,
                "help": "did you mean `RA_Solicit_Mailto_List`? (names are case-sensitive: only the case differs)",
                "fix": { "applicability": "safe", "message": "write `RA_Solicit_Mailto_List`",
                         "edits": [ { "offset": 1341, "length": 22, "content": "RA_Solicit_Mailto_List" } ] }
            }
        ],
        "summary": { "files": 1, "errors": 3, "warnings": 0, "infos": 0 }
    });
    assert_eq!(got, expected);
    // offsets point at the characters in the file
    let bytes = std::fs::read(root().join(EXAMPLE)).unwrap();
    assert_eq!(&bytes[746..763], b"tier2@contoso.com");
    assert_eq!(&bytes[1241..1244], b"120");
    assert_eq!(&bytes[1341..1363], b"RA_Solicit_Mailto_list");
}

#[test]
fn exit_codes() {
    assert_eq!(run(&["check", "--no-config", "corpus/valid"]).0, 0);
    assert_eq!(
        run(&["check", "--no-config", "corpus/invalid/unknown-data-id.xml"]).0,
        1
    );
    // a warning fails only under --deny-warnings
    let warn = "corpus/invalid/missing-final.xml";
    assert_eq!(run(&["check", "--no-config", warn]).0, 0);
    assert_eq!(run(&["check", "--no-config", "--deny-warnings", warn]).0, 1);
    // an unreadable path is exit 2, and the other files are still reported
    let (code, stdout, stderr) = run(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "no/such/file.xml",
        warn,
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no/such/file.xml"), "{stderr}");
    let doc: Value = serde_json::from_str(&stdout).expect("complete JSON");
    assert_eq!(doc["summary"]["files"], 1);
    // bad usage
    assert_eq!(
        run(&["check", "--no-config", "--select", "no-such-rule", warn]).0,
        2
    );
    assert_eq!(run(&["explain", "unknown-data"]).0, 2);
}

#[test]
fn empty_directory_is_a_note_and_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run(&[
        "check",
        "--no-config",
        "--format",
        "json",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(stderr.contains("no SyncML file"), "{stderr}");
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        doc["summary"],
        json!({ "files": 0, "errors": 0, "warnings": 0, "infos": 0 })
    );
}

#[test]
fn directories_are_walked_in_sorted_order_skipping_ignored_files() {
    let dir = tempfile::tempdir().unwrap();
    let bad = std::fs::read(root().join("corpus/invalid/unknown-data-id.xml")).unwrap();
    std::fs::create_dir_all(dir.path().join("b")).unwrap();
    std::fs::write(dir.path().join("b/z.xml"), &bad).unwrap();
    std::fs::write(dir.path().join("a.syncml"), &bad).unwrap();
    std::fs::write(dir.path().join("ignored.xml"), &bad).unwrap();
    std::fs::write(dir.path().join(".hidden.xml"), &bad).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not SyncML").unwrap();
    std::fs::write(dir.path().join(".gitignore"), "ignored.xml\n").unwrap();
    let out = cmd()
        .current_dir(dir.path())
        .args(["check", "--no-config", "--format", "json", "."])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["a.syncml", "b/z.xml"]);
}

#[test]
fn non_utf8_path_names_are_reported_not_fatal() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.xml");
    std::fs::copy(
        root().join("corpus/invalid/unknown-data-id.xml"),
        dir.path().join(name),
    )
    .unwrap();
    let out = cmd()
        .current_dir(dir.path())
        .args(["check", "--no-config", "--format", "json", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["diagnostics"][0]["file"], "caf\u{FFFD}.xml");
}

#[test]
fn sarif_has_rules_and_regions() {
    let (code, stdout, _) = run(&["check", "--no-config", "--format", "sarif", EXAMPLE]);
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), policy::RULES.len());
    assert!(rules.iter().all(|r| r["help"]["text"]
        .as_str()
        .is_some_and(|t| t.contains("## Why it matters"))));
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(17), Some(125))
    );
    let idx = results[0]["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[idx]["id"], results[0]["ruleId"]);
}

#[test]
fn github_annotations() {
    let (_, stdout, _) = run(&["check", "--no-config", "--format", "github", EXAMPLE]);
    let first = stdout.lines().next().unwrap();
    assert!(
        first.starts_with(
            "::error file=corpus/examples/offer-remote-assistance.xml,line=17,col=125,endLine=17,endColumn=142,title=invalid-helper::"
        ),
        "{first}"
    );
    assert!(first.contains("%0Ahelp: "), "newlines are escaped: {first}");
    assert_eq!(stdout.lines().count(), 3);
}

#[test]
fn stdin_and_bad_input() {
    let ok = std::fs::read(root().join("corpus/valid/profile-fragment.xml")).unwrap();
    let out = cmd()
        .args(["check", "--no-config", "--format", "json", "-"])
        .write_stdin(ok)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    for (bytes, what) in [
        (vec![], "empty"),
        (vec![0u8, 159, 146, 150, 0xFF, 0xFE, 0x00], "binary"),
        (b"<Replace><Item>".to_vec(), "truncated"),
    ] {
        let out = cmd()
            .args(["check", "--no-config", "--format", "json", "-"])
            .write_stdin(bytes)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{what}");
        let doc: Value = serde_json::from_slice(&out.stdout).expect("complete JSON");
        assert_eq!(doc["diagnostics"][0]["code"], "xml-syntax", "{what}");
        assert_eq!(doc["diagnostics"][0]["file"], "<stdin>");
    }
}

#[test]
fn utf16_positions_are_file_offsets() {
    let text =
        std::fs::read_to_string(root().join("corpus/invalid/value-out-of-range.xml")).unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("utf16.xml");
    std::fs::write(&path, &bytes).unwrap();
    let (code, stdout, _) = run(&[
        "check",
        "--no-config",
        "--format",
        "json",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let d = &doc["diagnostics"][0];
    assert_eq!(d["code"], "value-out-of-range");
    let (offset, length) = (
        d["offset"].as_u64().unwrap() as usize,
        d["length"].as_u64().unwrap() as usize,
    );
    let units: Vec<u16> = bytes[offset..offset + length]
        .chunks(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    assert_eq!(String::from_utf16(&units).unwrap(), "120");
    let utf8 = run(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "corpus/invalid/value-out-of-range.xml",
    ])
    .1;
    let utf8: Value = serde_json::from_str(&utf8).unwrap();
    assert_eq!(d["line"], utf8["diagnostics"][0]["line"]);
    assert_eq!(d["column"], utf8["diagnostics"][0]["column"]);
}

#[test]
fn config_file_sets_severities_and_bad_config_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("corpus/invalid/missing-final.xml"),
        dir.path().join("p.xml"),
    )
    .unwrap();
    // runs `check --format json p.xml` in a folder whose syncml-lint.toml is `toml`
    let with_config = |toml: &str| {
        std::fs::write(dir.path().join("syncml-lint.toml"), toml).unwrap();
        cmd()
            .current_dir(dir.path())
            .args(["check", "--format", "json", "p.xml"])
            .output()
            .unwrap()
    };
    assert_eq!(
        with_config("[rules]\nmissing-final = \"error\"\n")
            .status
            .code(),
        Some(1)
    );
    let out = with_config("[rules]\nmissing-final = \"off\"\n");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["diagnostics"], json!([]));
    let out = with_config("[rules]\nmissing-finale = \"off\"\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `missing-final`"));
    assert_eq!(with_config("unknown-key = 1\n").status.code(), Some(2));
}

#[test]
fn files_over_the_size_limit_are_reported_not_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("syncml-lint.toml"),
        "[limits]\nmax-size = 100\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("big.xml"),
        format!("<Replace>{}</Replace>", "x".repeat(10_000)),
    )
    .unwrap();
    let out = cmd()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "big.xml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["diagnostics"][0]["code"], "limit-exceeded");
    assert!(doc["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("larger than the limit of 100 bytes"));
}

#[test]
fn fmt_check_and_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.xml");
    std::fs::copy(root().join("corpus/valid/profile-fragment.xml"), &path).unwrap();
    let p = path.to_str().unwrap();
    assert_eq!(run(&["fmt", "--check", p]).0, 1);
    assert_eq!(run(&["fmt", "--write", p]).0, 0);
    let formatted = std::fs::read(&path).unwrap();
    assert_eq!(run(&["fmt", "--check", p]).0, 0);
    // formatting keeps the meaning: the linter sees the same (no) problems
    assert_eq!(run(&["check", "--no-config", p]).0, 0);
    assert!(String::from_utf8(formatted)
        .unwrap()
        .contains("<![CDATA[<enabled/>"));
    // a broken file is reported and never written
    std::fs::write(&path, "<Replace><Item></Replace>").unwrap();
    let (code, _, stderr) = run(&["fmt", "--write", p]);
    assert_eq!(code, 1);
    assert!(stderr.contains("xml-syntax"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "<Replace><Item></Replace>"
    );
}

#[test]
fn admx_check_and_dump() {
    let (code, stdout, _) = run(&[
        "admx",
        "check",
        "--format",
        "json",
        "corpus/admx/missing-adml",
    ]);
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["diagnostics"][0]["code"], "admx-missing-adml");
    let (code, stdout, _) = run(&["admx", "dump", "corpus/admx/with-adml"]);
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let policy = &doc["files"][0]["policies"][0];
    assert_eq!(policy["name"], "Telemetry");
    assert_eq!(policy["display_name"], "Configure telemetry");
    assert_eq!(
        policy["elements"][2],
        json!({ "id": "Servers", "type": "list", "required": false, "key": "Software\\Policies\\Contoso\\App\\Servers",
                "value_prefix": "Server", "explicit_value": false, "additive": false })
    );
    assert_eq!(policy["elements"][1]["max_strings"], 3);
}

/// The codes and lines of a JSON report.
fn codes_and_lines(stdout: &str) -> Vec<(String, u64)> {
    let doc: Value = serde_json::from_str(stdout).unwrap();
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn admx_areas_validate_out_of_the_box_and_with_admx_dir() {
    let file = "corpus/examples/admx-areas.xml";
    let (code, stdout, _) = run(&["check", "--no-config", "--format", "json", file]);
    assert_eq!(code, 1);
    // the inbox definitions are built in: the out-of-range monitor count is found, and the
    // Defender area (file WindowsDefender.admx, by the DDF's mapping) has a valid list
    let builtin = codes_and_lines(&stdout);
    assert_eq!(builtin, [("value-out-of-range".to_string(), 12)]);
    let samples = root().join("../shared/admx-samples");
    if !samples.is_dir() {
        skipped(format_args!(
            "the --admx-dir half needs ../shared/admx-samples"
        ));
    } else {
        let dir = samples.to_str().unwrap();
        let (code, stdout, _) = run(&[
            "check",
            "--no-config",
            "--format",
            "json",
            "--admx-dir",
            dir,
            file,
        ]);
        assert_eq!(code, 1);
        assert_eq!(codes_and_lines(&stdout), builtin, "the two paths agree");
    }
    let (code, _, stderr) = run(&["check", "--no-config", "--admx-dir", "no/such/dir", file]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no/such/dir"));
}

#[test]
fn completions_and_help() {
    let (code, stdout, _) = run(&["completions", "bash"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("syncml-lint"));
    // `--select` and `--ignore` complete rule codes
    assert!(stdout.contains("invalid-helper") && stdout.contains("unknown-node"));
    let (code, stdout, _) = run(&["check", "--help"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("--admx-dir"));
    assert!(
        !stdout.contains("invalid-helper"),
        "the codes do not clutter --help"
    );
}

/// `docs/rules/CODE.md` is generated from the rule docs; run with `UPDATE_RULE_PAGES=1` to
/// regenerate.
#[test]
fn rule_pages_are_current() {
    let dir = root().join("docs/rules");
    let update = std::env::var_os("UPDATE_RULE_PAGES").is_some();
    for rule in policy::RULES {
        let (code, page, _) = run(&["explain", rule.code]);
        assert_eq!(code, 0);
        let path = dir.join(format!("{}.md", rule.code));
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &page).unwrap();
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            on_disk,
            page,
            "{} is stale: run `UPDATE_RULE_PAGES=1 cargo test --test cli`",
            path.display()
        );
    }
}

#[test]
fn explain_a_node() {
    let (code, stdout, _) = run(&[
        "explain",
        "RemoteAssistance/UnsolicitedRemoteAssistance",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let n = &doc[0];
    assert_eq!(
        n["loc_uri"],
        "./Device/Vendor/MSFT/Policy/Config/RemoteAssistance/UnsolicitedRemoteAssistance"
    );
    assert_eq!(n["format"], "chr");
    assert_eq!(n["admx"]["policy"], "RA_Unsolicit");
    assert_eq!(n["admx"]["loaded"], true);
    assert_eq!(n["admx"]["elements"][1]["id"], "RA_Unsolicit_DACL_Edit");
    // the example payload is valid: checking it draws nothing
    let example = n["admx"]["example"].as_str().unwrap();
    let profile = format!("<Replace><Item><Target><LocURI>{}</LocURI></Target><Data><![CDATA[{example}]]></Data></Item></Replace>", n["loc_uri"].as_str().unwrap());
    let (code, stdout, _) = run_stdin(&["check", "--no-config", "--format", "json", "-"], &profile);
    assert_eq!(code, 0, "{stdout}");
    let (code, stdout, _) = run(&[
        "explain",
        "./Device/Vendor/MSFT/BitLocker/RequireDeviceEncryption",
    ]);
    assert_eq!(code, 0);
    assert!(stdout.contains("format        int"), "{stdout}");
    let (code, _, stderr) = run(&["explain", "Update/ActiveHourStart"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("did you mean `ActiveHoursStart`"),
        "{stderr}"
    );
}

/// Control characters and terminal escapes of a file never reach the terminal raw.
#[test]
fn human_report_writes_no_control_sequence_of_the_file() {
    let profile = "<Replace><CmdID>1</CmdID><Item><Target><LocURI>./Device/Vendor/MSFT/Policy/Config/Update/ActiveHoursStart</LocURI></Target><Meta><Format xmlns=\"syncml:metinf\">int</Format></Meta><Data>\u{1b}[2J\u{1b}]0;pwned\u{7}</Data></Item></Replace>";
    let (code, stdout, _) = run_stdin(&["check", "--no-config", "-"], profile);
    assert_eq!(code, 1);
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{7}'),
        "{stdout:?}"
    );
    assert!(
        stdout.contains('\u{241b}'),
        "the escape is shown as a control picture: {stdout}"
    );
}

/// Past `--max-diagnostics`, errors are shown before infos and every diagnostic still counts.
#[test]
fn max_diagnostics_never_hides_an_error() {
    let info = "<Replace><Item><Target><LocURI>./Vendor/Contoso/X</LocURI></Target><Data>1</Data></Item></Replace>";
    let error = "<Replace><Item><Target><LocURI>./Device/Vendor/MSFT/Policy/Config/Update/ActiveHoursStart</LocURI></Target><Meta><Format xmlns=\"syncml:metinf\">int</Format></Meta><Data>99</Data></Item></Replace>";
    let profile = format!("{}{error}", info.repeat(1001));
    let (code, stdout, _) = run_stdin(&["check", "--no-config", "--format", "json", "-"], &profile);
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["summary"]["errors"], 1);
    assert!(doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "value-out-of-range"));
    for max in ["0", "1"] {
        let (code, stdout, _) = run_stdin(
            &[
                "check",
                "--no-config",
                "--format",
                "json",
                "--max-diagnostics",
                max,
                "-",
            ],
            &profile,
        );
        assert_eq!(code, 1, "--max-diagnostics {max}");
        let doc: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(doc["summary"]["errors"], 1, "--max-diagnostics {max}");
        assert_eq!(doc["summary"]["infos"], 1002, "--max-diagnostics {max}");
    }
}

/// `fmt` keeps what a reader reads: line ends and tabs written as references stay references.
#[test]
fn fmt_keeps_references_that_a_reader_reads_differently_from_raw_characters() {
    let input = "<Replace><CmdID>1</CmdID><Item><Target><LocURI>./Vendor/Contoso/X</LocURI></Target><Data>a&#13;&#10;b</Data><Meta a=\"x&#10;y&#9;z\"/></Item></Replace>";
    let (code, stdout, _) = run_stdin(&["fmt", "-"], input);
    assert_eq!(code, 0);
    assert!(stdout.contains("<Data>a&#xD;\nb</Data>"), "{stdout}");
    assert!(stdout.contains("a=\"x&#xA;y&#x9;z\""), "{stdout}");
    for empty in ["", "  \n", "<!-- only a comment -->"] {
        let (code, stdout, stderr) = run_stdin(&["fmt", "-"], empty);
        assert_eq!(code, 1, "{empty:?}");
        assert!(
            stdout.is_empty() && stderr.contains("xml-syntax"),
            "{empty:?}: {stderr}"
        );
    }
}

/// `fmt --write` rewrites through a symbolic link, keeps mode and hard links, and refuses a
/// read-only file.
#[cfg(unix)]
#[test]
fn fmt_write_keeps_links_mode_and_read_only_files() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let unformatted = "<Replace><CmdID>1</CmdID><Item><Target><LocURI>./Vendor/Contoso/X</LocURI></Target><Data>1</Data></Item></Replace>";
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("profile.xml");
    let link = dir.path().join("link.xml");
    let hard = dir.path().join("hard.xml");
    std::fs::write(&target, unformatted).unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    std::fs::hard_link(&target, &hard).unwrap();
    let (code, _, stderr) = run(&["fmt", "--write", link.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    let formatted = std::fs::read_to_string(&target).unwrap();
    assert!(formatted.contains("\n  <CmdID>1</CmdID>"), "{formatted}");
    assert_eq!(
        std::fs::read_to_string(&hard).unwrap(),
        formatted,
        "the hard link sees the change"
    );
    let meta = std::fs::metadata(&target).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    assert_eq!(meta.nlink(), 2);
    // a read-only file is refused and left alone
    let ro = dir.path().join("ro.xml");
    std::fs::write(&ro, unformatted).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    let (code, _, stderr) = run(&["fmt", "--write", ro.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("read-only"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&ro).unwrap(), unformatted);
    // a file of another owner keeps its owner (when this test runs as root)
    if meta.uid() == 0 {
        let other = dir.path().join("other.xml");
        std::fs::write(&other, unformatted).unwrap();
        std::os::unix::fs::chown(&other, Some(1234), Some(1234)).unwrap();
        let (code, _, stderr) = run(&["fmt", "--write", other.to_str().unwrap()]);
        assert_eq!(code, 0, "{stderr}");
        let m = std::fs::metadata(&other).unwrap();
        assert_eq!((m.uid(), m.gid()), (1234, 1234));
        assert_ne!(std::fs::read_to_string(&other).unwrap(), unformatted);
    }
    // no temporary file is left behind
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 5, "{left:?}");
}

/// SARIF locations are valid URIs: percent-encoded, `file:` for absolute paths, `%SRCROOT%`
/// for relative ones.
#[test]
fn sarif_uris_are_valid_uris() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("a dir#1");
    std::fs::create_dir(&sub).unwrap();
    let file = sub.join("p%q é.xml");
    std::fs::copy(root().join(EXAMPLE), &file).unwrap();
    let (_, stdout, _) = run(&[
        "check",
        "--no-config",
        "--format",
        "sarif",
        file.to_str().unwrap(),
    ]);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(uri.starts_with("file:///"), "{uri}");
    assert!(uri.ends_with("/a%20dir%231/p%25q%20%C3%A9.xml"), "{uri}");
    let (_, stdout, _) = run(&["check", "--no-config", "--format", "sarif", EXAMPLE]);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let loc = &doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(loc["uri"], EXAMPLE);
    assert_eq!(loc["uriBaseId"], "%SRCROOT%");
    assert!(doc["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap()
        .starts_with("file:///"));
}

/// A folder of symbolic links is checked through them; standard input is read once.
#[cfg(unix)]
#[test]
fn walking_follows_links_and_stdin_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let links = dir.path().join("links");
    std::fs::create_dir(&links).unwrap();
    std::os::unix::fs::symlink(root().join(EXAMPLE), links.join("ra.xml")).unwrap();
    std::os::unix::fs::symlink(&links, links.join("loop")).unwrap();
    let (code, stdout, stderr) = run(&[
        "check",
        "--no-config",
        "--format",
        "json",
        links.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{stderr}");
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["summary"]["files"], 1, "{stderr}");
    assert_eq!(doc["summary"]["errors"], 3);
    let (code, _, stderr) = run_stdin(&["check", "--no-config", "-", "-"], "<Replace/>");
    assert_eq!(code, 2);
    assert!(stderr.contains("given twice"), "{stderr}");
}

/// `--ddf-dir` replaces the built-in catalog with the CSP definitions of a folder.
#[test]
fn ddf_dir_replaces_the_built_in_catalog() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("corpus/fuzz/ddf/small.xml"),
        dir.path().join("Contoso.xml"),
    )
    .unwrap();
    let profile = "<Replace><Item><Target><LocURI>./Vendor/MSFT/Contoso/Unit1/Level</LocURI></Target><Meta><Format xmlns=\"syncml:metinf\">int</Format></Meta><Data>9999</Data></Item></Replace>\
<Replace><Item><Target><LocURI>./Device/Vendor/MSFT/BitLocker/RequireDeviceEncryption</LocURI></Target><Meta><Format xmlns=\"syncml:metinf\">int</Format></Meta><Data>1</Data></Item></Replace>";
    let ddf = dir.path().to_str().unwrap();
    let (code, stdout, stderr) = run_stdin(
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--ddf-dir",
            ddf,
            "-",
        ],
        profile,
    );
    assert_eq!(code, 1, "{stderr}");
    let codes: Vec<String> = codes_and_lines(&stdout)
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    // the folder's node and its range; BitLocker is not in that catalog
    assert_eq!(
        codes,
        ["deprecated-node", "value-out-of-range", "not-in-catalog"],
        "{stdout}"
    );
    let (code, _, stderr) = run(&["check", "--no-config", "--ddf-dir", "no/such/dir", EXAMPLE]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no/such/dir"), "{stderr}");
}

/// `explain CODE`: every form of a device's or Intune's code, human and JSON.
#[test]
fn explain_an_error_code() {
    let (code, stdout, _) = run(&["explain", "-2016281112"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("Remediation failed") && stdout.contains("0x87D1FDE8"),
        "{stdout}"
    );
    let (code, stdout, _) = run(&["explain", "0x87D10194", "--format", "json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["syncml_status"], 404);
    assert!(v["rules"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r == "unknown-policy"));
    let (code, stdout, _) = run(&["explain", "0x80070005"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("not a code syncml-lint knows") && stdout.contains("-2147024891"),
        "{stdout}"
    );
}

/// A folder of Intune exports is checked; a `.json` that is not an export is skipped with a
/// note, never a syntax error.
#[test]
fn intune_exports_in_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("corpus/invalid/format-mismatch/intune-export.json"),
        dir.path().join("profile.json"),
    )
    .unwrap();
    std::fs::write(dir.path().join("package.json"), "{\"name\": \"x\"}").unwrap();
    let (code, stdout, stderr) = run(&[
        "check",
        "--no-config",
        "--format",
        "json",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{stderr}");
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["summary"]["files"], 1);
    assert!(stderr.contains("1 .json file not checked"), "{stderr}");
    let first = &doc["diagnostics"][0];
    assert_eq!(first["code"], "format-mismatch");
    assert_eq!(first["line"], 9);
}

/// `--fix` on every defect sample: the fixed file draws no diagnostic with a safe fix, a second
/// `--fix` (seen through `--diff`) changes nothing, and `--diff` wrote nothing.
#[test]
fn fix_every_defect_sample() {
    let dir = tempfile::tempdir().unwrap();
    let mut fixed_some = 0;
    let mut samples = Vec::new();
    let mut stack = vec![root().join("corpus/invalid")];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "xml") {
                samples.push(path);
            }
        }
    }
    samples.sort();
    let errors = |stdout: &str| -> Vec<String> {
        let doc: Value = serde_json::from_str(stdout).unwrap();
        let mut codes: Vec<String> = doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == "error")
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect();
        codes.sort();
        codes.dedup();
        codes
    };
    let mut all_diffs = String::new();
    for path in samples {
        let name = path
            .strip_prefix(root().join("corpus/invalid"))
            .unwrap()
            .to_str()
            .unwrap()
            .replace('/', "__");
        let copy = dir.path().join(&name);
        std::fs::copy(&path, &copy).unwrap();
        let original = std::fs::read(&copy).unwrap();
        let copy_s = copy.to_str().unwrap();
        let (_, before, _) = run(&["check", "--no-config", "--format", "json", copy_s]);
        let (_, diff, _) = run(&["check", "--no-config", "--diff", copy_s]);
        assert_eq!(
            std::fs::read(&copy).unwrap(),
            original,
            "--diff writes nothing"
        );
        let (_, _, stderr) = run(&["check", "--no-config", "--fix", copy_s]);
        let after = std::fs::read(&copy).unwrap();
        assert_eq!(
            after != original,
            !diff.is_empty(),
            "{copy_s}: --diff and --fix agree"
        );
        if after != original {
            fixed_some += 1;
            assert!(stderr.contains("fixed"), "{stderr}");
            all_diffs.push_str(&diff.replace(dir.path().to_str().unwrap(), ""));
        }
        let (_, stdout, _) = run(&["check", "--no-config", "--format", "json", copy_s]);
        let doc: Value = serde_json::from_str(&stdout).unwrap();
        for d in doc["diagnostics"].as_array().unwrap() {
            assert_ne!(d["fix"]["applicability"], "safe", "{copy_s}: {d}");
        }
        // no new kind of error, but those a fixed Format lets the payload checks find
        let was = errors(&before);
        for code in errors(&stdout) {
            assert!(
                was.contains(&code) || was.contains(&"format-mismatch".to_string()),
                "{copy_s}: the fix brought `{code}`"
            );
        }
        let (_, diff, _) = run(&["check", "--no-config", "--diff", copy_s]);
        assert!(
            diff.is_empty(),
            "{copy_s}: a second --fix would change\n{diff}"
        );
        // the unsafe fixes too: the file still parses, and they also reach a fixed point
        std::fs::write(&copy, &original).unwrap();
        run(&["check", "--no-config", "--fix", "--unsafe-fixes", copy_s]);
        let (_, stdout, _) = run(&["check", "--no-config", "--format", "json", copy_s]);
        if !was.contains(&"xml-syntax".to_string()) {
            assert!(
                !errors(&stdout).contains(&"xml-syntax".to_string()),
                "{copy_s}"
            );
        }
        let (_, diff, _) = run(&["check", "--no-config", "--diff", "--unsafe-fixes", copy_s]);
        assert!(
            diff.is_empty(),
            "{copy_s}: a second --fix --unsafe-fixes would change\n{diff}"
        );
    }
    assert!(fixed_some >= 10, "{fixed_some} samples fixed");
    insta::assert_snapshot!("fixes_of_the_defect_samples", all_diffs);
}

/// `[[overrides]]`: rule levels by path glob, relative to the configuration file, whatever the
/// working directory and however the path is written (`..`); a glob without `/` matches a file
/// name anywhere; a bad code or glob is exit 2.
#[test]
fn overrides_set_rule_levels_by_path() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["legacy/old", "new"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        std::fs::copy(
            root().join("corpus/invalid/format-mismatch.xml"),
            dir.path().join(sub).join("p.xml"),
        )
        .unwrap();
    }
    let toml = |t: &str| std::fs::write(dir.path().join("syncml-lint.toml"), t).unwrap();
    let run_in = |cwd: &str, paths: &[&str]| {
        let out = cmd()
            .current_dir(dir.path().join(cwd))
            .args(["check", "--format", "json"])
            .args(paths)
            .output()
            .unwrap();
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        let found = pairs(&doc, "file", "severity");
        (out.status.code(), found)
    };
    toml("[[overrides]]\npaths = [\"legacy/**\"]\nrules = { format-mismatch = \"off\" }\n");
    assert_eq!(
        run_in(".", &[]),
        (Some(1), vec![("new/p.xml".into(), "error".into())])
    );
    // from inside `legacy`, `../new` is not under `legacy`
    assert_eq!(
        run_in("legacy", &[".", "../new"]),
        (Some(1), vec![("../new/p.xml".into(), "error".into())])
    );
    // a file-name glob, and a later override that wins
    toml("[[overrides]]\npaths = [\"p.xml\"]\nrules = { format-mismatch = \"info\" }\n\n[[overrides]]\npaths = [\"new/*.xml\"]\nrules = { format-mismatch = \"warning\" }\n");
    assert_eq!(
        run_in(".", &[]),
        (
            Some(0),
            vec![
                ("legacy/old/p.xml".into(), "info".into()),
                ("new/p.xml".into(), "warning".into())
            ]
        )
    );
    toml("[[overrides]]\npaths = [\"legacy/**\"]\nrules = { format-mismatc = \"off\" }\n");
    let out = cmd().current_dir(dir.path()).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `format-mismatch`"));
    toml("[[overrides]]\npaths = [\"legacy/[\"]\nrules = { format-mismatch = \"off\" }\n");
    assert_eq!(
        cmd()
            .current_dir(dir.path())
            .arg("check")
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
}

/// Inline suppressions end to end: `--fix` removes the unused one (with its line) and keeps
/// the used one.
#[test]
fn fix_removes_unused_suppressions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.xml");
    let used = "<!-- syncml-lint: ignore format-mismatch -->\n";
    let unused = "  <!-- syncml-lint: ignore-file not-in-catalog -->\n";
    let body = std::fs::read_to_string(root().join("corpus/invalid/format-mismatch.xml")).unwrap();
    let at = body.find("  <Replace").unwrap();
    let text = format!("{}{unused}{used}{}", &body[..at], &body[at..]);
    std::fs::write(&path, &text).unwrap();
    let (code, _, _) = run(&["check", "--no-config", "--fix", path.to_str().unwrap()]);
    assert_eq!(code, 0);
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(fixed, text.replace(unused, ""));
}

/// A device's response with and without the message it answers: the snapshots are what an
/// admin reads after a failed sync.
#[test]
fn device_response_with_and_without_request() {
    let response = "corpus/responses/response.xml";
    let (code, alone, _) = run(&["check", "--no-config", response]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("response_alone", alone);
    let (code, with_request, _) = run(&[
        "check",
        "--no-config",
        response,
        "--request",
        "corpus/responses/sent.xml",
    ]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("response_with_request", with_request);
    // the request is reported once, after the responses, even when several responses answer it
    let (_, json, _) = run(&[
        "check",
        "--no-config",
        "--format",
        "json",
        response,
        response,
        "--request",
        "corpus/responses/sent.xml",
    ]);
    let doc: Value = serde_json::from_str(&json).unwrap();
    let in_sent = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == "corpus/responses/sent.xml")
        .count();
    assert_eq!(in_sent, 6);
    // an unreadable request is exit 2
    let (code, _, stderr) = run(&["check", response, "--request", "no/such/file.xml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--request"), "{stderr}");
}

/// A Windows Configuration Designer file is recognised by its content wherever it lies: `check`
/// reports into it, `fmt` leaves it as it is.
#[test]
fn wcd_customizations_are_checked_and_never_formatted() {
    let file = "corpus/invalid/value-out-of-range/wcd-customizations.xml";
    let (code, json, _) = run(&["check", "--no-config", "--format", "json", file]);
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&json).unwrap();
    let found = pairs(&doc, "code", "line");
    assert_eq!(
        found,
        [
            ("value-out-of-range".to_string(), "20".to_string()),
            ("unknown-policy".to_string(), "21".to_string()),
            ("unknown-data-id".to_string(), "24".to_string()),
            ("invalid-enum-value".to_string(), "31".to_string())
        ]
    );
    let (code, stdout, _) = run(&["fmt", "--check", file]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    let original = std::fs::read(root().join(file)).unwrap();
    let out = cmd().args(["fmt", file]).output().unwrap();
    assert_eq!(out.stdout, original);
}
