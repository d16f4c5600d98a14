//! The signal catalogue: what `scan` looks for, as data (`data/signals.toml`, embedded; a user
//! file replaces it with `--signals`). Parsed into serde structs, then checked once into a
//! [`Catalogue`] whose globs and patterns are compiled (see [`super::matcher`]).

pub use super::content::ContentRule;
use super::content::Patterns;
use super::matcher::{Matcher, Rule};
use crate::error::{Diagnostic, Error, Result};
use crate::evidence::PathContext;
use crate::framework::Framework;
use crate::i18n::Text;
use crate::source::Source;
use globset::{Glob, GlobBuilder};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use toml::Spanned;

/// Where the embedded catalogue lives (see `build.rs`).
pub const EMBEDDED_PATH: &str = "data/signals.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    version: String,
    categories: Vec<CategoryFile>,
    signals: Vec<SignalFile>,
    /// Where matches are not the repository's own practice (fixtures, examples, template
    /// payloads); none means every match is practice.
    #[serde(default)]
    contexts: Vec<ContextFile>,
    /// What a repository's own configuration points at (reusable workflows, module sources, CI
    /// libraries): the shared assets of the consolidation map.
    #[serde(default)]
    references: Vec<ReferenceFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReferenceFile {
    id: Spanned<String>,
    label: Text,
    /// The signal whose practice files are searched.
    signal: Spanned<String>,
    /// A regular expression with one capture group: what is referenced.
    pattern: Spanned<String>,
    /// How another repository would use the asset, with `{target}` in it.
    usage: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContextFile {
    context: Spanned<String>,
    #[serde(default)]
    files: Vec<Spanned<String>>,
    #[serde(default)]
    dirs: Vec<Spanned<String>>,
    #[serde(default)]
    content_any: Vec<Spanned<String>>,
    /// With `dirs`: the folder is in the context only when its parent holds one of these names.
    #[serde(default)]
    beside: Vec<String>,
    /// Signal ids (globs such as `docs.*`) this rule does not apply to.
    #[serde(default)]
    except_signals: Vec<Spanned<String>>,
    #[serde(default)]
    ignore_case: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryFile {
    id: Spanned<String>,
    label: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignalFile {
    id: Spanned<String>,
    category: Spanned<String>,
    label: Text,
    axes: Spanned<Vec<String>>,
    detect: Spanned<Vec<DetectFile>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DetectFile {
    #[serde(default)]
    files: Vec<Spanned<String>>,
    #[serde(default)]
    dirs: Vec<Spanned<String>>,
    #[serde(default)]
    content_any: Vec<Spanned<String>>,
    #[serde(default)]
    content_all: Vec<Spanned<String>>,
    #[serde(default)]
    ignore_case: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Category {
    pub id: String,
    pub label: Text,
}

/// One checked signal (its detection rules live, compiled, in the catalogue's matcher).
#[derive(Debug, Clone, Serialize)]
pub struct Signal {
    pub id: String,
    pub category: String,
    pub label: Text,
    /// Framework axis ids this signal informs.
    pub axes: Vec<String>,
}

/// One checked context rule: paths it matches are in `context` (never practice) for every signal
/// but the exempt ones.
#[derive(Debug, Clone)]
pub struct ContextRule {
    pub context: PathContext,
    /// Per signal (catalogue order): whether this rule leaves the signal's matches alone.
    pub exempt: Vec<bool>,
    /// With folder globs: names one of which the folder's parent must hold.
    pub beside: Vec<std::ffi::OsString>,
}

/// One checked reference rule: in the files where `signal` matched as practice, every match of
/// `regex` names a referenced asset (its first capture group).
#[derive(Debug, Clone)]
pub struct ReferenceRule {
    pub id: String,
    pub label: Text,
    /// The signal's index (catalogue order).
    pub signal: usize,
    pub(crate) regex: regex::bytes::Regex,
}

/// The checked catalogue: categories and signals sorted by id, and their compiled matcher.
#[derive(Debug, Clone)]
pub struct Catalogue {
    pub version: String,
    /// Where it was read from (`<embedded>/data/signals.toml` or a path).
    pub source: String,
    pub categories: Vec<Category>,
    pub signals: Vec<Signal>,
    pub(crate) matcher: Matcher,
    /// Context rules in file order (the first that applies wins, folders before files).
    pub context_rules: Vec<ContextRule>,
    /// Their globs and content rules; a compiled rule's `signal` is the context rule's index.
    pub(crate) context_matcher: Matcher,
    /// Every content pattern of the signals and contexts, compiled once.
    pub(crate) patterns: Patterns,
    /// Reference rules in file order.
    pub references: Vec<ReferenceRule>,
    /// Per signal (catalogue order): the indices of the reference rules searching its files.
    pub(crate) references_of: Vec<Vec<usize>>,
}

impl Catalogue {
    /// The catalogue compiled into the binary.
    pub fn embedded(framework: &Framework) -> Result<Catalogue> {
        let text = crate::embed::file(EMBEDDED_PATH).ok_or_else(|| {
            Error::Usage(format!("{EMBEDDED_PATH} is not embedded in this build"))
        })?;
        Catalogue::load(&Source::embedded(EMBEDDED_PATH, text), framework)
    }

    /// Parses and checks a catalogue; every problem is reported with its line and column.
    pub fn load(source: &Source, framework: &Framework) -> Result<Catalogue> {
        let file: CatalogueFile = source.parse()?;
        let mut diags = Vec::new();
        let mut categories = check_categories(source, file.categories, &mut diags);
        let category_ids: BTreeSet<&str> = categories.iter().map(|c| c.id.as_str()).collect();
        let mut signal_ids = BTreeSet::new();
        let mut signals = Vec::new();
        for s in file.signals {
            if !signal_ids.insert(s.id.get_ref().clone()) {
                let id = s.id.get_ref();
                diags.push(
                    source
                        .diag_at(s.id.span().start, "duplicate signal id")
                        .with_id(id),
                );
            }
            signals.push(check_signal(
                source,
                s,
                &category_ids,
                framework,
                &mut diags,
            ));
        }
        // Signal indices are positions in id order, so hits come out sorted.
        signals.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        categories.sort_by(|a, b| a.id.cmp(&b.id));

        let mut rules = Vec::new();
        let mut patterns = Patterns::default();
        for (index, (signal, blocks, at)) in signals.iter().enumerate() {
            for block in blocks {
                let mut sink = Sink {
                    rules: &mut rules,
                    patterns: &mut patterns,
                    diags: &mut diags,
                };
                compile_block(source, index, &signal.id, block, *at, &mut sink);
            }
        }
        let ids: Vec<&str> = signals.iter().map(|(s, _, _)| s.id.as_str()).collect();
        let mut context_rules = Vec::new();
        let mut context_globs = Vec::new();
        for (index, c) in file.contexts.into_iter().enumerate() {
            let mut sink = Sink {
                rules: &mut context_globs,
                patterns: &mut patterns,
                diags: &mut diags,
            };
            if let Some(rule) = check_context(source, index, c, &ids, &mut sink) {
                context_rules.push(rule);
            }
        }
        let references = check_references(source, file.references, &ids, &mut diags);
        if !diags.is_empty() {
            return Err(Error::Input(diags));
        }
        let mut references_of = vec![Vec::new(); ids.len()];
        for (i, r) in references.iter().enumerate() {
            references_of[r.signal].push(i);
        }
        let matcher = Matcher::new(rules).map_err(|m| Error::one(source.diag(m)))?;
        let context_matcher =
            Matcher::new(context_globs).map_err(|m| Error::one(source.diag(m)))?;
        Ok(Catalogue {
            version: file.version,
            source: source.name.clone(),
            categories,
            signals: signals.into_iter().map(|(s, _, _)| s).collect(),
            matcher,
            context_rules,
            context_matcher,
            patterns,
            references,
            references_of,
        })
    }

    pub fn signal(&self, id: &str) -> Option<&Signal> {
        self.signals.iter().find(|s| s.id == id)
    }

    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }
}

fn check_categories(
    source: &Source,
    files: Vec<CategoryFile>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Category> {
    let mut ids = BTreeSet::new();
    let mut categories = Vec::new();
    for c in files {
        let at = c.id.span().start;
        let id = c.id.into_inner();
        if !is_id(&id) {
            diags.push(source.diag_at(
                at,
                format!("category id `{id}`: expected lowercase letters, digits and `_`"),
            ));
        }
        if !ids.insert(id.clone()) {
            diags.push(source.diag_at(at, "duplicate category id").with_id(&id));
        }
        check_label(source, &c.label, at, &id, diags);
        categories.push(Category { id, label: c.label });
    }
    categories
}

/// Checks one signal's id, category, label and axes; returns it with its detection blocks (and
/// where they are) for compiling.
fn check_signal(
    source: &Source,
    s: SignalFile,
    categories: &BTreeSet<&str>,
    framework: &Framework,
    diags: &mut Vec<Diagnostic>,
) -> (Signal, Vec<DetectFile>, usize) {
    let at = s.id.span().start;
    let id = s.id.into_inner();
    let category = s.category.get_ref().clone();
    let mut err = |at: usize, message: String| diags.push(source.diag_at(at, message).with_id(&id));
    if !id.strip_prefix(&format!("{category}.")).is_some_and(is_id) {
        err(
            at,
            format!(
                "signal id `{id}`: expected `{category}.<name>` (lowercase letters, digits, `_`)"
            ),
        );
    }
    if !categories.contains(category.as_str()) {
        err(
            s.category.span().start,
            format!("unknown category `{category}`: expected one of the [[categories]] ids"),
        );
    }
    let axes_at = s.axes.span().start;
    let axes = s.axes.into_inner();
    if axes.is_empty() {
        err(
            axes_at,
            "no `axes`: expected the framework axis ids this signal informs".into(),
        );
    }
    for axis in axes.iter().filter(|a| framework.axis(a).is_none()) {
        err(axes_at, format!("unknown axis `{axis}`: expected an axis id of the framework (e.g. `cncf.operations`)"));
    }
    let detect_at = s.detect.span().start;
    let blocks = s.detect.into_inner();
    if blocks.is_empty() {
        err(
            detect_at,
            "no [[signals.detect]] block: expected at least one".into(),
        );
    }
    check_label(source, &s.label, at, &id, diags);
    let signal = Signal {
        id,
        category,
        label: s.label,
        axes,
    };
    (signal, blocks, detect_at)
}

/// Checks one `[[contexts]]` rule and compiles its globs (into `globs`, with the rule's index as
/// their `signal`).
fn check_context(
    source: &Source,
    index: usize,
    c: ContextFile,
    signal_ids: &[&str],
    out: &mut Sink<'_>,
) -> Option<ContextRule> {
    let diags = &mut *out.diags;
    let at = c.context.span().start;
    let name = format!("contexts[{}]", index + 1);
    let context = match PathContext::from_id(c.context.get_ref()) {
        Some(PathContext::Practice) | None => {
            diags.push(
                source
                    .diag_at(
                        at,
                        format!(
                            "context `{}`: expected `fixture`, `example` or `template_payload` (practice is what no rule matches)",
                            c.context.get_ref()
                        ),
                    )
                    .with_id(&name),
            );
            None
        }
        Some(context) => Some(context),
    };
    if !c.beside.is_empty() && c.dirs.is_empty() {
        diags.push(
            source
                .diag_at(at, "`beside` applies to folders: expected `dirs` beside it")
                .with_id(&name),
        );
    }
    let mut exempt = vec![false; signal_ids.len()];
    for pattern in &c.except_signals {
        match Glob::new(pattern.get_ref()) {
            Ok(glob) => {
                let m = glob.compile_matcher();
                let mut any = false;
                for (i, id) in signal_ids.iter().enumerate() {
                    if m.is_match(id) {
                        exempt[i] = true;
                        any = true;
                    }
                }
                if !any {
                    diags.push(
                        source
                            .diag_at(
                                pattern.span().start,
                                format!(
                                    "except_signals `{}` names no signal: expected a signal id or a glob such as `docs.*`",
                                    pattern.get_ref()
                                ),
                            )
                            .with_id(&name),
                    );
                }
            }
            Err(e) => diags.push(
                source
                    .diag_at(
                        pattern.span().start,
                        format!("except_signals `{}`: {}", pattern.get_ref(), e.kind()),
                    )
                    .with_id(&name),
            ),
        }
    }
    let block = DetectFile {
        files: c.files,
        dirs: c.dirs,
        content_any: c.content_any,
        content_all: Vec::new(),
        ignore_case: c.ignore_case,
    };
    compile_block(source, index, &name, &block, at, out);
    Some(ContextRule {
        context: context?,
        exempt,
        beside: c.beside.into_iter().map(Into::into).collect(),
    })
}

/// Checks the `[[references]]` rules: unique ids (`<family>.<name>`), a known signal, a pattern
/// with exactly one capture group.
fn check_references(
    source: &Source,
    files: Vec<ReferenceFile>,
    signal_ids: &[&str],
    diags: &mut Vec<Diagnostic>,
) -> Vec<ReferenceRule> {
    let mut ids = BTreeSet::new();
    let mut rules = Vec::new();
    for r in files {
        let at = r.id.span().start;
        let id = r.id.into_inner();
        let mut err =
            |at: usize, message: String| diags.push(source.diag_at(at, message).with_id(&id));
        if !id
            .split_once('.')
            .is_some_and(|(a, b)| is_id(a) && is_id(b))
        {
            err(at, format!("reference id `{id}`: expected `<family>.<name>` (lowercase letters, digits, `_`)"));
        }
        if !ids.insert(id.clone()) {
            err(at, "duplicate reference id".into());
        }
        let signal = signal_ids.iter().position(|s| s == r.signal.get_ref());
        if signal.is_none() {
            err(
                r.signal.span().start,
                format!(
                    "unknown signal `{}`: expected a signal id of this catalogue",
                    r.signal.get_ref()
                ),
            );
        }
        let regex = regex::bytes::RegexBuilder::new(r.pattern.get_ref())
            .multi_line(true)
            .size_limit(1 << 20)
            .build();
        let regex = match regex {
            Ok(regex) if regex.captures_len() == 2 => Some(regex),
            Ok(_) => {
                err(
                    r.pattern.span().start,
                    "pattern: expected exactly one capture group `( … )`, the referenced asset (use `(?: … )` for other groups)".into(),
                );
                None
            }
            Err(e) => {
                err(r.pattern.span().start, format!("pattern: {e}"));
                None
            }
        };
        if let Some(usage) = r
            .usage
            .as_ref()
            .filter(|u| !u.get_ref().contains("{target}"))
        {
            diags.push(
                source
                    .diag_at(
                        usage.span().start,
                        "usage: expected `{target}` where the referenced asset goes",
                    )
                    .with_id(&id),
            );
        }
        check_label(source, &r.label, at, &id, diags);
        if let (Some(signal), Some(regex)) = (signal, regex) {
            rules.push(ReferenceRule {
                id,
                label: r.label,
                signal,
                regex,
            });
        }
    }
    rules
}

/// Whether `s` is an id part: lowercase ASCII letters, digits and `_`, not empty.
pub(crate) fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn check_label(source: &Source, label: &Text, at: usize, id: &str, diags: &mut Vec<Diagnostic>) {
    for lang in label.missing() {
        diags.push(
            source
                .diag_at(
                    at,
                    format!("label has no `{lang}` text: expected a label in French and English"),
                )
                .with_id(id),
        );
    }
}

/// Which entries a glob applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    File,
    Dir,
}

/// Where compiling a block writes: its globs, its patterns (one table for the whole catalogue)
/// and its problems.
struct Sink<'a> {
    rules: &'a mut Vec<Rule>,
    patterns: &'a mut Patterns,
    diags: &'a mut Vec<Diagnostic>,
}

fn compile_block(
    source: &Source,
    signal: usize,
    id: &str,
    block: &DetectFile,
    at: usize,
    out: &mut Sink<'_>,
) {
    let Sink {
        rules,
        patterns,
        diags,
    } = out;
    if block.files.is_empty() && block.dirs.is_empty() {
        diags.push(
            source
                .diag_at(at, "a detect block names no `files` or `dirs`")
                .with_id(id),
        );
        return;
    }
    let has_content = !block.content_any.is_empty() || !block.content_all.is_empty();
    if has_content && block.files.is_empty() {
        diags.push(source.diag_at(at, "content rules apply to files: expected `files` beside `content_any`/`content_all`").with_id(id));
    }
    let mut regexes = |list: &[Spanned<String>]| -> Vec<usize> {
        list.iter()
            .filter_map(|p| {
                patterns
                    .intern(p.get_ref())
                    .map_err(|e| {
                        diags.push(
                            source
                                .diag_at(p.span().start, format!("content pattern: {e}"))
                                .with_id(id),
                        )
                    })
                    .ok()
            })
            .collect()
    };
    let content = has_content.then(|| ContentRule {
        any: regexes(&block.content_any),
        all: regexes(&block.content_all),
    });
    for (list, target) in [(&block.files, Target::File), (&block.dirs, Target::Dir)] {
        for pattern in list {
            match compile_glob(pattern.get_ref(), block.ignore_case) {
                Ok((name, full)) => rules.push(Rule {
                    signal,
                    target,
                    name,
                    full,
                    content: if target == Target::File {
                        content.clone()
                    } else {
                        None
                    },
                }),
                Err(message) => {
                    diags.push(source.diag_at(pattern.span().start, message).with_id(id))
                }
            }
        }
    }
}

/// Splits a pattern into the glob its last component must match (the cheap first test, on the
/// entry's name) and, when the pattern names folders, the glob the whole relative path must match.
fn compile_glob(
    pattern: &str,
    ignore_case: bool,
) -> std::result::Result<(Glob, Option<Glob>), String> {
    // A name never holds a `/`, so its glob need not guard separators, which lets globset pick a
    // literal, prefix or suffix test over a regular expression for most names.
    let build = |p: &str, separator: bool| {
        GlobBuilder::new(p)
            .literal_separator(separator)
            .case_insensitive(ignore_case)
            .backslash_escape(true)
            .build()
            .map_err(|e| format!("glob `{pattern}`: {}", e.kind()))
    };
    let anchored = pattern.strip_prefix('/').unwrap_or(pattern);
    if anchored.is_empty() || anchored.ends_with('/') {
        return Err(format!(
            "glob `{pattern}`: expected a name after the last `/`"
        ));
    }
    let last = anchored.rsplit('/').next().unwrap_or(anchored);
    if last == "**" || last == "*" {
        return Err(format!(
            "glob `{pattern}`: its last component matches any name; name the files (e.g. `docs/**/*.md`) or use `dirs`"
        ));
    }
    let name = build(last, false)?;
    let full = if anchored.contains('/') || pattern.starts_with('/') {
        Some(build(anchored, true)?)
    } else {
        None
    };
    Ok((name, full))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framework() -> Framework {
        crate::embed::framework().unwrap()
    }

    const FIXED_IDS: &[&str] = &[
        "ci.github_actions",
        "ci.gitlab_ci",
        "ci.jenkins",
        "ci.azure_pipelines",
        "ci.circleci",
        "ci.bitbucket_pipelines",
        "ci.tekton",
        "iac.terraform",
        "iac.pulumi",
        "iac.cloudformation",
        "iac.bicep_arm",
        "iac.ansible",
        "iac.crossplane",
        "containers.dockerfile",
        "containers.compose",
        "deploy.kubernetes",
        "deploy.helm",
        "deploy.kustomize",
        "deploy.argocd",
        "deploy.flux",
        "catalog.backstage_entity",
        "golden_paths.scaffolder_template",
        "golden_paths.cookiecutter",
        "golden_paths.copier",
        "docs.readme",
        "docs.site",
        "docs.adr",
        "docs.runbook",
        "ownership.codeowners",
        "security.policy",
        "security.dependabot",
        "security.renovate",
        "security.secret_scanning",
        "security.sast",
        "security.sbom",
        "security.signing",
        "quality.tests",
        "quality.pre_commit",
        "quality.linters",
        "observability.opentelemetry",
        "observability.prometheus_rules",
        "observability.grafana_dashboards",
        "observability.slo",
        "devex.devcontainer",
        "devex.task_runner",
        "devex.tool_versions",
    ];
    const FIXED_CATEGORIES: &[&str] = &[
        "ci",
        "iac",
        "containers",
        "deploy",
        "catalog",
        "golden_paths",
        "docs",
        "ownership",
        "security",
        "quality",
        "observability",
        "devex",
    ];

    #[test]
    fn embedded_catalogue_has_every_fixed_signal_and_category() {
        let c = Catalogue::embedded(&framework()).unwrap();
        for id in FIXED_IDS {
            assert!(c.signal(id).is_some(), "missing signal {id}");
        }
        for id in FIXED_CATEGORIES {
            assert!(c.category(id).is_some(), "missing category {id}");
        }
        assert!(c.signals.len() >= 40);
    }

    #[test]
    fn embedded_labels_are_bilingual_and_axes_known() {
        let fw = framework();
        let c = Catalogue::embedded(&fw).unwrap();
        for s in &c.signals {
            assert!(s.label.missing().is_empty(), "{}", s.id);
            assert!(!s.axes.is_empty(), "{}", s.id);
            assert!(s.axes.iter().all(|a| fw.axis(a).is_some()), "{}", s.id);
        }
        for cat in &c.categories {
            assert!(cat.label.missing().is_empty(), "{}", cat.id);
        }
    }

    fn load(text: &str) -> Result<Catalogue> {
        let src = Source {
            name: "s.toml".into(),
            text: text.into(),
        };
        Catalogue::load(&src, &framework())
    }

    const HEAD: &str =
        "version = \"1\"\n[[categories]]\nid = \"ci\"\nlabel = { fr = \"IC\", en = \"CI\" }\n";

    #[test]
    fn unknown_category_and_axis_are_reported_with_position_and_id() {
        let err = load(&format!(
            "{HEAD}[[signals]]\nid = \"ci.x\"\ncategory = \"cd\"\nlabel = {{ fr = \"x\", en = \"x\" }}\naxes = [\"nope\"]\n[[signals.detect]]\nfiles = [\"x\"]\n"
        ))
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("s.toml:7:12: [ci.x] unknown category `cd`"),
            "{err}"
        );
        assert!(
            err.contains("s.toml:9:8: [ci.x] unknown axis `nope`"),
            "{err}"
        );
        assert!(
            err.contains("signal id `ci.x`: expected `cd.<name>`"),
            "{err}"
        );
    }

    #[test]
    fn bad_reference_rules_are_reported_with_position() {
        let signal = "[[signals]]\nid = \"ci.x\"\ncategory = \"ci\"\nlabel = { fr = \"x\", en = \"x\" }\naxes = [\"dora.capabilities\"]\n[[signals.detect]]\nfiles = [\"x\"]\n";
        let err = load(&format!(
            "{HEAD}{signal}[[references]]\nid = \"a.b\"\nlabel = {{ fr = \"x\", en = \"x\" }}\nsignal = \"ci.y\"\npattern = \"(a)(b)\"\n[[references]]\nid = \"nodot\"\nlabel = {{ fr = \"x\", en = \"x\" }}\nsignal = \"ci.x\"\npattern = \"x\"\nusage = \"x\"\n"
        ))
        .unwrap_err()
        .to_string();
        for expected in [
            "s.toml:15:10: [a.b] unknown signal `ci.y`",
            "s.toml:16:11: [a.b] pattern: expected exactly one capture group",
            "[nodot] reference id `nodot`: expected `<family>.<name>`",
            "[nodot] pattern: expected exactly one capture group",
            "[nodot] usage: expected `{target}`",
        ] {
            assert!(err.contains(expected), "{expected}\n{err}");
        }
        let ok = load(&format!(
            "{HEAD}{signal}[[references]]\nid = \"a.b\"\nlabel = {{ fr = \"x\", en = \"x\" }}\nsignal = \"ci.x\"\npattern = \"use (\\\\w+)\"\n"
        ))
        .unwrap();
        assert_eq!(ok.references.len(), 1);
        assert_eq!(ok.references_of[0], vec![0]);
    }

    #[test]
    fn embedded_reference_rules_extract_their_targets() {
        let c = Catalogue::embedded(&framework()).unwrap();
        let rule = |id: &str| c.references.iter().find(|r| r.id == id).unwrap();
        let first = |id: &str, text: &str| -> Vec<String> {
            rule(id)
                .regex
                .captures_iter(text.as_bytes())
                .map(|c| String::from_utf8(c[1].to_vec()).unwrap())
                .collect()
        };
        assert_eq!(
            first("github.reusable_workflow", "jobs:\n  b:\n    uses: acme/ci/.github/workflows/build.yml@v2\n    steps:\n      - uses: actions/checkout@v4\n"),
            ["acme/ci/.github/workflows/build.yml"]
        );
        assert_eq!(
            first("terraform.module", "terraform {\n  required_providers {\n    aws = { source = \"hashicorp/aws\" }\n  }\n}\nmodule \"a\" {\n  source = \"./local\"\n}\nmodule \"b\" {\n  version = \"1\"\n  source = \"git::https://x/m.git//net?ref=v1\"\n}\n"),
            ["git::https://x/m.git//net"]
        );
        assert_eq!(
            first("helm.chart_dependency", "name: app\nmaintainers:\n  - name: Zoe\n    email: z@x\ndependencies:\n  - name: common\n    version: 1.0.0\n    repository: oci://registry/charts\n"),
            ["common"]
        );
        assert_eq!(
            first(
                "jenkins.shared_library",
                "@Library(['acme-pipeline@v3', 'other']) _\n"
            ),
            ["acme-pipeline"]
        );
        assert_eq!(
            first(
                "gitlab.include_project",
                "include:\n  - project: 'platform/ci-templates'\n    file: '/python.yml'\n"
            ),
            ["platform/ci-templates"]
        );
        assert_eq!(
            first("azure.template_repository", "resources:\n  repositories:\n    - repository: templates\n      type: git\n      name: Platform/pipeline-templates\n"),
            ["Platform/pipeline-templates"]
        );
        for r in &c.references {
            assert!(r.label.missing().is_empty(), "{}", r.id);
        }
    }

    #[test]
    fn bad_glob_and_bad_regex_are_reported() {
        let err = load(&format!(
            "{HEAD}[[signals]]\nid = \"ci.x\"\ncategory = \"ci\"\nlabel = {{ fr = \"x\", en = \"x\" }}\naxes = [\"dora.capabilities\"]\n[[signals.detect]]\nfiles = [\"a[\", \"docs/**\"]\ncontent_any = [\"(\"]\n"
        ))
        .unwrap_err()
        .to_string();
        assert!(err.contains("glob `a[`"), "{err}");
        assert!(
            err.contains("glob `docs/**`: its last component matches any name"),
            "{err}"
        );
        assert!(
            err.contains("s.toml:12:16: [ci.x] content pattern"),
            "{err}"
        );
    }

    #[test]
    fn missing_french_label_is_reported() {
        let err = load(&format!(
            "{HEAD}[[signals]]\nid = \"ci.x\"\ncategory = \"ci\"\nlabel = {{ fr = \" \", en = \"x\" }}\naxes = [\"dora.capabilities\"]\n[[signals.detect]]\nfiles = [\"x\"]\n"
        ))
        .unwrap_err()
        .to_string();
        assert!(err.contains("[ci.x] label has no `fr` text"), "{err}");
    }

    #[test]
    fn unknown_field_names_line_and_column() {
        let err = load(&format!(
            "{HEAD}[[signals]]\nid = \"ci.x\"\ncategory = \"ci\"\nlabel = {{ fr = \"x\", en = \"x\" }}\naxes = [\"dora.capabilities\"]\n[[signals.detect]]\nfile = [\"x\"]\n"
        ))
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("s.toml:11:1: "), "{err}");
        assert!(err.contains("unknown field `file`"), "{err}");
    }

    #[test]
    fn a_bad_context_rule_is_reported_with_position() {
        let err = load(&format!(
            "{HEAD}[[signals]]\nid = \"ci.x\"\ncategory = \"ci\"\nlabel = {{ fr = \"x\", en = \"x\" }}\naxes = [\"dora.capabilities\"]\n[[signals.detect]]\nfiles = [\"x\"]\n[[contexts]]\ncontext = \"practice\"\ndirs = [\"t\"]\n[[contexts]]\ncontext = \"fixture\"\nfiles = [\"y\"]\nbeside = [\"z\"]\nexcept_signals = [\"cd.*\"]\n"
        ))
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("s.toml:13:11: [contexts[1]] context `practice`: expected `fixture`"),
            "{err}"
        );
        assert!(
            err.contains("[contexts[2]] `beside` applies to folders"),
            "{err}"
        );
        assert!(
            err.contains("s.toml:19:19: [contexts[2]] except_signals `cd.*` names no signal"),
            "{err}"
        );
    }
}
