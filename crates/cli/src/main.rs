//! `syncml-lint`: lint, format and inspect SyncML (OMA-DM) for Windows MDM Policy CSP.
//!
//! This binary only reads arguments, does I/O and renders: parsing lives in `syncml`, ADMX in
//! `admx`, validation in `policy`.

#![forbid(unsafe_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand};
use policy::{Catalog, Config};
use rayon::prelude::*;

mod admx_cmd;
mod explain_cmd;
mod files;
mod fix_cmd;
mod fmt_cmd;
mod progress;
mod report;
mod settings;
mod snippet;
mod write;

use files::Input;

use report::{FileReport, Format};

/// Lint SyncML (OMA-DM 1.2) for Windows MDM Policy CSP before it reaches a device.
///
/// Checks the XML, the SyncML structure, the Policy CSP addressing and the ADMX-backed payloads
/// (element ids, enum values, ranges, list encodings, Remote Assistance helpers), pointing at
/// the exact characters in the original file, also inside escaped and CDATA payloads.
///
/// Exit codes: 0 no error, 1 errors found (or warnings with --deny-warnings, or files to
/// reformat with `fmt --check`), 2 the tool could not do its job (bad usage, unreadable path,
/// bad configuration).
#[derive(Parser, Debug)]
#[command(name = "syncml-lint", version, about, long_about, max_term_width = 100, after_long_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Colour in human output: `auto` (on a terminal, unless NO_COLOR; CLICOLOR_FORCE or
    /// FORCE_COLOR force it), `always`, `never`.
    #[arg(long, global = true, value_enum, default_value_t = report::ColorChoice::Auto)]
    color: report::ColorChoice,
}

const EXAMPLES: &str = "\
Examples:
  syncml-lint check profiles/                       lint every *.xml and *.syncml below profiles/
  syncml-lint check --format sarif . > lint.sarif   SARIF for GitHub code scanning
  syncml-lint check --admx-dir PolicyDefinitions .  also validate ADMX_* areas against those files
  syncml-lint explain invalid-helper                what a rule checks, why, and how to fix it
  syncml-lint explain Update/ActiveHoursStart       what the catalog knows of a node
  syncml-lint explain -2016281112                   what an error code of a device or Intune means
  syncml-lint check --target-build 10.0.19045 .     warn about nodes that Windows 10 22H2 lacks
  syncml-lint fmt --check profiles/                 exit 1 when a file is not in canonical form

Configuration: syncml-lint.toml, looked up from the current directory upward (admx-dirs,
ddf-dirs, lang, deny-warnings, max-diagnostics, [target] min-build, editions, [rules] code =
\"off\" | \"info\" | \"warning\" | \"error\", [limits] max-depth, max-size, max-attributes).";

#[derive(Subcommand, Debug)]
enum Command {
    /// Lint SyncML files, directories (walked for *.xml and *.syncml) or `-` for stdin.
    Check(Box<CheckArgs>),
    /// List every rule with its code, default severity and summary.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
        format: RulesFormat,
    },
    /// Print the documentation of a rule, or what the catalog knows of a node.
    Explain {
        /// A rule code (`unknown-data-id`), a LocURI (`./Device/Vendor/MSFT/BitLocker/
        /// RequireDeviceEncryption`; `Area/Policy` for a Policy CSP policy), or an error code a
        /// device or Intune reported (`405`, `0x87D1FDE8`, `-2016281112`, `65000`).
        #[arg(allow_hyphen_values = true)]
        topic: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
        format: RulesFormat,
        /// Also load every *.admx in DIR, to show the elements of ADMX-backed policies.
        #[arg(long = "admx-dir", value_name = "DIR")]
        admx_dirs: Vec<PathBuf>,
        /// Use the CSP definitions (DDF v2 files) in DIR instead of the built-in catalog.
        #[arg(long = "ddf-dir", value_name = "DIR")]
        ddf_dirs: Vec<PathBuf>,
    },
    /// Check or dump ADMX/ADML files and PolicyDefinitions folders.
    #[command(subcommand)]
    Admx(AdmxCommand),
    /// Print SyncML in canonical form, check it (--check) or rewrite it (--write).
    Fmt(FmtArgs),
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum RulesFormat {
    Human,
    Json,
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// Files, directories or `-` (standard input). Default: the current directory.
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Also load every *.admx in DIR (and its ADML from DIR/LANG/). Repeatable.
    #[arg(long = "admx-dir", value_name = "DIR")]
    admx_dirs: Vec<PathBuf>,
    /// ADML language for display names.
    #[arg(long, value_name = "TAG")]
    lang: Option<String>,
    /// Warnings also make the exit code 1.
    #[arg(long)]
    deny_warnings: bool,
    /// Run only these rules.
    #[arg(long, value_delimiter = ',', value_name = "CODE,...", value_parser = RuleCodes, hide_possible_values = true)]
    select: Option<Vec<String>>,
    /// Do not run these rules.
    #[arg(long, value_delimiter = ',', value_name = "CODE,...", value_parser = RuleCodes, hide_possible_values = true)]
    ignore: Vec<String>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// At most N diagnostics per file.
    #[arg(long, value_name = "N")]
    max_diagnostics: Option<usize>,
    /// Use the CSP definitions (DDF v2 *.xml files) in DIR instead of the built-in catalog,
    /// for another Windows release. Repeatable (later folders add nodes).
    #[arg(long = "ddf-dir", value_name = "DIR")]
    ddf_dirs: Vec<PathBuf>,
    /// The oldest Windows build the profiles must work on (`10.0.19045`): newer nodes draw
    /// `unsupported-os`.
    #[arg(long, value_name = "VERSION")]
    target_build: Option<String>,
    /// The Windows editions the profiles must work on (`pro,enterprise`): nodes that do not
    /// apply to one draw `unsupported-edition`.
    #[arg(long, value_delimiter = ',', value_name = "NAME,...")]
    target_edition: Vec<String>,
    /// Apply the safe fixes of the diagnostics to the files (in place, as `fmt --write`); the
    /// diagnostics left are reported.
    #[arg(long)]
    fix: bool,
    /// With `--fix` or `--diff`, also apply fixes that may change meaning (did-you-mean
    /// suggestions, the scope a node has).
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print the fixes as a unified diff and write nothing (exit 1 when there is one).
    #[arg(long, conflicts_with = "fix")]
    diff: bool,
    /// When checking a device's response: the message (or profile) the server sent, so that
    /// failed statuses point at the commands they answer, with what the rules find there.
    #[arg(long, value_name = "FILE")]
    request: Option<PathBuf>,
    /// Read settings from FILE instead of the nearest syncml-lint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore any syncml-lint.toml.
    #[arg(long)]
    no_config: bool,
}

#[derive(Subcommand, Debug)]
enum AdmxCommand {
    /// Load ADMX/ADML files or folders and report problems in them.
    Check {
        /// ADMX files or PolicyDefinitions folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// ADML language.
        #[arg(long, default_value = "en-US")]
        lang: String,
        /// Warnings also make the exit code 1.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Print what was loaded as JSON.
    Dump {
        /// ADMX files or PolicyDefinitions folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// ADML language.
        #[arg(long, default_value = "en-US")]
        lang: String,
    },
}

#[derive(Args, Debug)]
struct FmtArgs {
    /// Files or directories. Default: the current directory.
    paths: Vec<PathBuf>,
    /// Exit 1 when a file would change; change nothing.
    #[arg(long, conflicts_with = "write")]
    check: bool,
    /// Rewrite files that change, in place (atomically).
    #[arg(long)]
    write: bool,
}

/// Rule codes: offered by shell completions, trimmed (`--select "a, b"`), checked against the
/// rules when the configuration is built (with a did-you-mean).
#[derive(Clone, Debug)]
struct RuleCodes;

impl clap::builder::TypedValueParser for RuleCodes {
    type Value = String;

    fn parse_ref(
        &self,
        _: &clap::Command,
        _: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        Ok(value.to_string_lossy().trim().to_string())
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            policy::RULES
                .iter()
                .map(|r| clap::builder::PossibleValue::new(r.code)),
        ))
    }
}

/// Writes to stdout, ignoring a closed pipe (`syncml-lint rules | head`).
pub(crate) fn out(text: &str) {
    out_bytes(text.as_bytes());
}

/// Writes bytes to stdout, ignoring a closed pipe.
pub(crate) fn out_bytes(bytes: &[u8]) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(bytes);
    let _ = stdout.flush();
}

/// `outln!` that ignores a closed pipe.
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => { $crate::out(&format!("{}\n", format_args!($($arg)*))) };
}

/// An error that ends the run with exit code 2.
pub(crate) fn usage_error(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    report::set_colour(cli.color);
    match cli.command {
        Command::Check(args) => check(*args),
        Command::Rules { format } => rules(format),
        Command::Explain {
            topic,
            format,
            admx_dirs,
            ddf_dirs,
        } => explain(&topic, format, &admx_dirs, &ddf_dirs),
        Command::Admx(cmd) => admx_cmd::run(cmd),
        Command::Fmt(args) => fmt_cmd::run(&args.paths, args.check, args.write),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "syncml-lint",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
    }
}

fn rules(format: RulesFormat) -> ExitCode {
    match format {
        RulesFormat::Json => {
            let list: Vec<_> = policy::RULES
                .iter()
                .map(|r| {
                    serde_json::json!({ "code": r.code, "severity": r.severity.as_str(), "group": r.group, "summary": r.summary(), "fix": r.fix() })
                })
                .collect();
            outln!(
                "{}",
                serde_json::to_string_pretty(&list).unwrap_or_default()
            );
        }
        RulesFormat::Human => {
            let mut group = "";
            for r in policy::RULES {
                if r.group != group {
                    group = r.group;
                    outln!("\n{group}");
                }
                outln!(
                    "  {:<24} {:<8} {}",
                    r.code,
                    r.severity.as_str(),
                    r.summary()
                );
            }
        }
    }
    ExitCode::SUCCESS
}

fn explain(
    topic: &str,
    format: RulesFormat,
    admx_dirs: &[PathBuf],
    ddf_dirs: &[PathBuf],
) -> ExitCode {
    if let Some(r) = policy::rules::find(topic) {
        match format {
            RulesFormat::Human => outln!("# {} ({})\n\n{}", r.code, r.severity.as_str(), r.doc()),
            RulesFormat::Json => outln!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({ "code": r.code, "severity": r.severity.as_str(), "group": r.group, "doc": r.doc() })).unwrap_or_default()
            ),
        }
        return ExitCode::SUCCESS;
    }
    if topic.contains('/') {
        let catalog = match build_catalog(admx_dirs, ddf_dirs, "en-US") {
            Ok((c, _)) => c,
            Err(e) => return usage_error(e),
        };
        return match policy::describe::describe(&catalog, topic) {
            Ok(v) => {
                match format {
                    RulesFormat::Json => {
                        outln!("{}", serde_json::to_string_pretty(&v).unwrap_or_default())
                    }
                    RulesFormat::Human => out(&explain_cmd::human(&v)),
                }
                ExitCode::SUCCESS
            }
            Err(e) => usage_error(e),
        };
    }
    if policy::status::looks_like_code(topic) {
        if let Some(v) = policy::status::explain(topic) {
            match format {
                RulesFormat::Json => {
                    outln!("{}", serde_json::to_string_pretty(&v).unwrap_or_default())
                }
                RulesFormat::Human => out(&explain_cmd::human_code(&v)),
            }
            return ExitCode::SUCCESS;
        }
    }
    let hint = policy::suggest::did_you_mean(topic, policy::RULES.iter().map(|r| r.code))
        .map(|(c, _)| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default();
    usage_error(format!(
        "unknown rule `{topic}`{hint}; `syncml-lint rules` lists them, and a LocURI (with `/`) shows what the catalog knows of a node"
    ))
}

/// The catalog: the built-in CSP nodes (or those of `ddf_dirs`) and ADMX definitions, plus
/// the ADMX files of `admx_dirs`. Returns it and whether a folder could not be read (reported
/// on stderr).
fn build_catalog(
    admx_dirs: &[PathBuf],
    ddf_dirs: &[PathBuf],
    lang: &str,
) -> Result<(Catalog, bool), String> {
    let mut failed = false;
    let mut readable = Vec::new();
    for dir in admx_dirs {
        if dir.is_dir() {
            readable.push(dir.clone());
        } else {
            eprintln!(
                "error: `--admx-dir {}` is not a readable folder",
                dir.display()
            );
            failed = true;
        }
    }
    // the folders are listed now; each file is read when a check first needs it
    let mut catalog = Catalog::with_admx_dirs(&readable, lang)?;
    if !ddf_dirs.is_empty() {
        let mut nodes = Vec::new();
        for dir in ddf_dirs {
            match csp::ddf::load_dir(dir) {
                Ok((n, problems)) => {
                    for p in problems {
                        eprintln!("warning: {p}");
                    }
                    nodes.extend(n);
                }
                Err(e) => {
                    eprintln!(
                        "error: `--ddf-dir {}` is not a readable folder: {e}",
                        dir.display()
                    );
                    failed = true;
                }
            }
        }
        if nodes.is_empty() && !failed {
            return Err("the `--ddf-dir` folders hold no DDF node".to_string());
        }
        catalog = catalog.with_csp(std::sync::Arc::new(csp::Catalog::new(nodes)));
    }
    Ok((catalog, failed))
}

/// Builds the validator configuration from the settings file and the arguments.
/// What `check` runs with.
struct Setup {
    config: Config,
    overrides: settings::Overrides,
    admx_dirs: Vec<PathBuf>,
    ddf_dirs: Vec<PathBuf>,
    lang: String,
    deny_warnings: bool,
}

fn configure(args: &CheckArgs) -> Result<Setup, String> {
    let settings = match (&args.config, args.no_config) {
        (Some(path), _) => settings::load(path)?,
        (None, true) => settings::Settings::default(),
        (None, false) => match std::env::current_dir()
            .ok()
            .and_then(|d| settings::find(&d))
        {
            Some(path) => settings::load(&path)?,
            None => settings::Settings::default(),
        },
    };
    let mut config = Config::default();
    for (code, level) in &settings.rules {
        config
            .rules
            .insert(code.clone(), settings::rule_level(code, level)?);
    }
    let overrides = settings::Overrides::new(&settings)?;
    // `--select "a, b"`: the codes without the spaces around them
    let codes = |list: &[String]| -> Vec<String> {
        list.iter()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect()
    };
    config.select = args.select.as_deref().map(codes);
    config.ignore = codes(&args.ignore);
    if let Some(n) = args.max_diagnostics.or(settings.max_diagnostics) {
        config.max_diagnostics = n;
    }
    let l = &settings.limits;
    config.limits.max_depth = l.max_depth.unwrap_or(config.limits.max_depth).min(4096);
    config.limits.max_size = l.max_size.unwrap_or(config.limits.max_size);
    config.limits.max_attributes = l.max_attributes.unwrap_or(config.limits.max_attributes);
    config.validate().map_err(|e| e.to_string())?;
    if let Some(b) = args
        .target_build
        .as_ref()
        .or(settings.target.min_build.as_ref())
    {
        config.target_build =
            Some(csp::Build::parse(b).ok_or_else(|| {
                format!("`{b}` is not a Windows build: write it as `10.0.19045`")
            })?);
    }
    let editions = if args.target_edition.is_empty() {
        &settings.target.editions
    } else {
        &args.target_edition
    };
    for name in editions.iter().map(|e| e.trim()).filter(|e| !e.is_empty()) {
        let t = csp::editions::product_type(name).ok_or_else(|| {
            format!(
                "`{name}` is not a Windows edition: use one of {}",
                csp::editions::names().join(", ")
            )
        })?;
        config.target_editions.push((name.to_ascii_lowercase(), t));
    }
    for (key, list) in [
        ("admx-dirs", &settings.admx_dirs),
        ("ddf-dirs", &settings.ddf_dirs),
    ] {
        if let Some(bad) = list.iter().find(|d| !d.is_dir()) {
            return Err(format!(
                "`{key}` of the configuration file: `{}` is not a readable folder",
                bad.display()
            ));
        }
    }
    config.server_variables = settings.server_variables.clone();
    let mut dirs = settings.admx_dirs;
    dirs.extend(args.admx_dirs.iter().cloned());
    let mut ddf_dirs = settings.ddf_dirs;
    ddf_dirs.extend(args.ddf_dirs.iter().cloned());
    let lang = args
        .lang
        .clone()
        .or(settings.lang)
        .unwrap_or_else(|| "en-US".to_string());
    let deny_warnings = args.deny_warnings || settings.deny_warnings.unwrap_or(false);
    Ok(Setup {
        config,
        overrides,
        admx_dirs: dirs,
        ddf_dirs,
        lang,
        deny_warnings,
    })
}

fn check(args: CheckArgs) -> ExitCode {
    let Setup {
        config,
        overrides,
        admx_dirs,
        ddf_dirs,
        lang,
        deny_warnings,
    } = match configure(&args) {
        Ok(c) => c,
        Err(e) => return usage_error(e),
    };
    let (catalog, mut failed) = match build_catalog(&admx_dirs, &ddf_dirs, &lang) {
        Ok(c) => c,
        Err(e) => return usage_error(e),
    };
    let request = match &args.request {
        Some(path) => match files::read(
            &Input::File(path.clone(), path.display().to_string()),
            config.limits.max_size,
        ) {
            Ok(bytes) => {
                let read = policy::response::Request::read(&bytes, &catalog, &config);
                Some((path.display().to_string(), bytes, read))
            }
            Err(e) => return usage_error(format!("--request: {e}")),
        },
        None => None,
    };
    let answered = std::sync::Mutex::new(Vec::new());
    let (inputs, errors) = files::collect(&args.paths);
    for e in &errors {
        eprintln!("error: {e}");
    }
    failed |= !errors.is_empty();
    if inputs.is_empty() && errors.is_empty() {
        eprintln!("note: no SyncML file (*.xml, *.syncml) found");
    }
    // threads only for several files: one file is checked on the main thread (below)
    let pool = (inputs.len() > 1).then(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(args.jobs.unwrap_or(0))
            .build()
    });
    let progress = progress::Progress::start(inputs.len());
    let skipped_json = std::sync::atomic::AtomicUsize::new(0);
    let diffs = std::sync::Mutex::new(Vec::new());
    let check_one = |input: &Input| -> Result<Option<FileReport>, String> {
        let overridden;
        let config = match input {
            Input::File(path, _) => {
                let levels = overrides.for_path(path);
                if levels.is_empty() {
                    &config
                } else {
                    let mut c = config.clone();
                    c.rules.extend(levels);
                    overridden = c;
                    &overridden
                }
            }
            Input::Stdin => &config,
        };
        let mut bytes = files::read(input, config.limits.max_size)?;
        progress.tick();
        if args.fix || args.diff {
            if let Input::File(path, shown) = input {
                let (fixed, applied) = fix_cmd::fix(&bytes, &catalog, config, args.unsafe_fixes);
                if applied > 0 && fixed != bytes {
                    if args.diff {
                        if let Ok(mut d) = diffs.lock() {
                            d.push(fix_cmd::diff(shown, &bytes, &fixed));
                        }
                    } else {
                        write::rewrite(path, &fixed).map_err(|e| e.to_string())?;
                        eprintln!(
                            "fixed {shown}: {}",
                            diagnostics::count(applied, "fix", "fixes")
                        );
                        bytes = fixed;
                    }
                }
            }
        }
        // an Intune export or a WCD file is recognised by its content; a `.json` that is not
        // an export is skipped
        if let Some(linted) = policy::lint_other_input(&bytes, &catalog, config) {
            return Ok(Some(FileReport::linted(input.display(), &bytes, linted)));
        }
        if files::is_json(input) {
            skipped_json.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return Ok(None);
        }
        if let Some((_, _, sent)) = &request {
            let a = policy::response::answer(&bytes, sent, &catalog, config);
            if let Ok(mut all) = answered.lock() {
                all.push(a.request);
            }
            return Ok(Some(FileReport::linted(
                input.display(),
                &bytes,
                a.response,
            )));
        }
        let linted = policy::lint_counted(&bytes, &catalog, config);
        Ok(Some(FileReport::linted(input.display(), &bytes, linted)))
    };
    let results: Vec<Result<Option<FileReport>, String>> = match pool {
        Some(Ok(pool)) => pool.install(|| inputs.par_iter().map(check_one).collect()),
        // One file is checked on the main thread: glibc grows the heap of other threads in small
        // mprotect steps, which cost a large message 12% of its time (measured with perf).
        _ => inputs.iter().map(check_one).collect(),
    };
    drop(progress);
    for e in catalog.load_errors() {
        eprintln!("warning: {e}");
    }
    let skipped = skipped_json.into_inner();
    if skipped > 0 {
        eprintln!(
            "note: {} not checked: not an Intune export",
            diagnostics::count(skipped, ".json file", ".json files")
        );
    }
    let mut reports = Vec::new();
    for r in results {
        match r {
            Ok(Some(r)) => reports.push(r),
            Ok(None) => {}
            Err(e) => {
                eprintln!("error: {e}");
                failed = true;
            }
        }
    }
    // the request once, with what every response said of it
    if let Some((shown, bytes, _)) = &request {
        let mut merged = policy::Linted::default();
        for l in answered.into_inner().unwrap_or_default() {
            merged.absorb(l);
        }
        if !merged.diagnostics.is_empty() {
            reports.push(FileReport::linted(shown.clone(), bytes, merged));
        }
    }
    let diffs = diffs.into_inner().unwrap_or_default();
    if args.diff {
        for d in &diffs {
            out(d);
        }
        return if failed {
            ExitCode::from(2)
        } else if diffs.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        };
    }
    emit(&reports, args.format);
    exit_code(&reports, deny_warnings, failed)
}

/// Writes the reports in `format` to stdout.
pub(crate) fn emit(reports: &[FileReport], format: Format) {
    let out = match format {
        Format::Human => report::human(reports, report::use_colour()),
        Format::Json => format!("{:#}\n", report::json_document(reports)),
        Format::Sarif => format!("{:#}\n", report::sarif(reports)),
        Format::Github => report::github(reports),
    };
    self::out(&out);
}

/// 2 when the tool failed, 1 on errors (or warnings when denied), else 0.
pub(crate) fn exit_code(reports: &[FileReport], deny_warnings: bool, failed: bool) -> ExitCode {
    let (errors, warnings, _) = report::totals(reports);
    if failed {
        ExitCode::from(2)
    } else if errors > 0 || (deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
