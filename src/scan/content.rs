//! Content rules: the regular expressions a catalogue searches in a file's first bytes. Each
//! distinct pattern is compiled once and evaluated in the cheapest way that gives the same answer
//! as running it over the whole text:
//!
//! - A pattern that starts at a line start with a literal (`^apiVersion:…`, `^kind:…`, as most
//!   Kubernetes rules do) can only match where a line starts with that literal: the lines are
//!   found with one SIMD substring search (shared by every pattern of the same head, once per
//!   file), and the pattern is run anchored at each, which ends within the line. No pass of a
//!   regular expression over the whole prefix.
//! - Any other pattern is guarded by literal gates: literals every match must start with, end
//!   with or contain, extracted from the pattern, and kept only when they are long enough to be
//!   rare (a gate of `-` or a digit opens on every file and only costs time). A gate is searched
//!   only when a rule asks for it, once per file, and the search stops at the first literal
//!   found: a SIMD substring search for one literal, an Aho-Corasick automaton of its own for
//!   several. The pattern runs only when its gates let it. (One automaton of every gate's
//!   literals, searched whole on every file, cost more than the patterns it spared: case-blind
//!   gates expand into hundreds of short literals that occur in every YAML file.)
//!
//! Each pattern runs at most once per file whatever the number of rules naming it ([`Memo`]).

use aho_corasick::AhoCorasick;
use memchr::memmem;
use regex::bytes::{Regex, RegexBuilder};
use regex_syntax::hir::literal::{ExtractKind, Extractor, Seq};
use regex_syntax::hir::{Hir, HirKind, Look};
use std::collections::HashMap;

/// A detection block's content rules, as pattern ids of the catalogue's [`Patterns`].
#[derive(Debug, Clone)]
pub struct ContentRule {
    /// One must match (none: no condition).
    pub any: Vec<usize>,
    /// All must match.
    pub all: Vec<usize>,
}

/// Gate literals shorter than this are not worth a gate: they are in nearly every file.
const MIN_GATE_LITERAL: usize = 3;

/// How a pattern is evaluated.
#[derive(Debug, Clone)]
enum Plan {
    /// Only where a line starts with the head literal `head`, by `anchored` (the pattern behind
    /// `\A`) on the text from there.
    AtLineStarts { head: usize, anchored: Regex },
    /// Over the whole text, when every gate (ids in `Patterns::gates`) is open.
    Gated(Vec<usize>),
}

/// A head literal: what a line must start with, and the search for it after a line feed.
#[derive(Debug, Clone)]
struct Head {
    literal: Vec<u8>,
    after_newline: memmem::Finder<'static>,
}

/// Every distinct content pattern of a catalogue, with how it is evaluated.
#[derive(Debug, Clone, Default)]
pub struct Patterns {
    regexes: Vec<Regex>,
    plans: Vec<Plan>,
    /// Per gate: the search for its literals.
    gates: Vec<Gate>,
    ids: HashMap<String, usize>,
    gate_ids: HashMap<Vec<Vec<u8>>, usize>,
    heads: Vec<Head>,
    head_ids: HashMap<Vec<u8>, usize>,
}

/// Gates of up to this many literals search each with its own SIMD substring search: faster on
/// YAML than an automaton, whose prefilter keys on bytes such as `:` that are on every line.
const MAX_FEW_LITERALS: usize = 8;

/// A gate: the search for any of its literals.
#[derive(Debug, Clone)]
enum Gate {
    Few(Vec<memmem::Finder<'static>>),
    Many(AhoCorasick),
}

impl Gate {
    fn new(literals: &[Vec<u8>]) -> Result<Gate, String> {
        if literals.len() <= MAX_FEW_LITERALS {
            let finders = literals.iter().map(|l| memmem::Finder::new(l).into_owned());
            return Ok(Gate::Few(finders.collect()));
        }
        AhoCorasick::new(literals)
            .map(Gate::Many)
            .map_err(|e| format!("content patterns' literals: {e}"))
    }

    fn is_open(&self, text: &[u8]) -> bool {
        match self {
            Gate::Few(finders) => finders.iter().any(|f| f.find(text).is_some()),
            Gate::Many(automaton) => automaton.is_match(text),
        }
    }
}

/// What one file's prefix showed (0: not evaluated yet).
#[derive(Debug, Default)]
pub struct Memo {
    gates: Vec<u8>,
    patterns: Vec<u8>,
    /// Per head: whether its lines were searched, and where they start.
    heads_searched: Vec<bool>,
    lines: Vec<Vec<usize>>,
}

const NO: u8 = 1;
const YES: u8 = 2;

impl Memo {
    /// Forgets the last file: call whenever the text changes.
    pub fn reset(&mut self, patterns: &Patterns) {
        self.gates.clear();
        self.gates.resize(patterns.gates.len(), 0);
        self.patterns.clear();
        self.patterns.resize(patterns.regexes.len(), 0);
        self.heads_searched.clear();
        self.heads_searched.resize(patterns.heads.len(), false);
        self.lines.resize_with(patterns.heads.len(), Vec::new);
    }
}

fn build(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .multi_line(true)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| e.to_string())
}

impl Patterns {
    /// The id of a pattern, compiling it the first time it is seen; the compiler's message when
    /// it does not compile.
    pub fn intern(&mut self, pattern: &str) -> Result<usize, String> {
        if let Some(&id) = self.ids.get(pattern) {
            return Ok(id);
        }
        let regex = build(pattern)?;
        let hir = regex_syntax::ParserBuilder::new()
            .multi_line(true)
            .utf8(false)
            .build()
            .parse(pattern)
            .ok();
        let head = hir.as_ref().and_then(line_head);
        let plan = match head {
            Some(literal) => Plan::AtLineStarts {
                head: self.head(literal),
                anchored: build(&format!(r"\A(?:{pattern})"))?,
            },
            None => {
                let mut gates = Vec::new();
                if let Some(hir) = &hir {
                    let ends = [
                        required_literals(hir, ExtractKind::Prefix),
                        required_literals(hir, ExtractKind::Suffix),
                    ];
                    for literals in ends.into_iter().flatten() {
                        if let Some(gate) = self.gate(literals)? {
                            if !gates.contains(&gate) {
                                gates.push(gate);
                            }
                        }
                    }
                    // Only when neither end gives a gate: the literals inside mostly repeat them.
                    if gates.is_empty() {
                        if let Some(literals) = inner_literals(hir) {
                            gates.extend(self.gate(literals)?);
                        }
                    }
                }
                Plan::Gated(gates)
            }
        };
        let id = self.regexes.len();
        self.regexes.push(regex);
        self.plans.push(plan);
        self.ids.insert(pattern.to_string(), id);
        Ok(id)
    }

    fn head(&mut self, literal: Vec<u8>) -> usize {
        if let Some(&id) = self.head_ids.get(&literal) {
            return id;
        }
        let mut needle = vec![b'\n'];
        needle.extend_from_slice(&literal);
        let id = self.heads.len();
        self.heads.push(Head {
            literal: literal.clone(),
            after_newline: memmem::Finder::new(&needle).into_owned(),
        });
        self.head_ids.insert(literal, id);
        id
    }

    /// The gate of these literals; none when some literal is too short to ever keep a file out.
    fn gate(&mut self, literals: Vec<Vec<u8>>) -> Result<Option<usize>, String> {
        if literals.iter().any(|l| l.len() < MIN_GATE_LITERAL) {
            return Ok(None);
        }
        if let Some(&id) = self.gate_ids.get(&literals) {
            return Ok(Some(id));
        }
        let id = self.gates.len();
        self.gates.push(Gate::new(&literals)?);
        self.gate_ids.insert(literals, id);
        Ok(Some(id))
    }

    /// Whether `text` (a file's prefix) satisfies `rule`. An `all` pattern whose literals are
    /// missing fails the rule before any pattern runs.
    pub fn matches(&self, rule: &ContentRule, text: &[u8], memo: &mut Memo) -> bool {
        if memo.patterns.len() != self.regexes.len() {
            memo.reset(self);
        }
        rule.all.iter().all(|&p| self.admits(p, text, memo))
            && (rule.any.is_empty() || rule.any.iter().any(|&p| self.is_match(p, text, memo)))
            && rule.all.iter().all(|&p| self.is_match(p, text, memo))
    }

    /// Whether the gates of a pattern are open (always, for a pattern evaluated at line starts).
    fn admits(&self, pattern: usize, text: &[u8], memo: &mut Memo) -> bool {
        let Plan::Gated(gates) = &self.plans[pattern] else {
            return true;
        };
        gates.iter().all(|&g| {
            if memo.gates[g] == 0 {
                memo.gates[g] = if self.gates[g].is_open(text) { YES } else { NO };
            }
            memo.gates[g] == YES
        })
    }

    fn is_match(&self, pattern: usize, text: &[u8], memo: &mut Memo) -> bool {
        if memo.patterns[pattern] == 0 {
            let found = match &self.plans[pattern] {
                Plan::AtLineStarts { head, anchored } => {
                    self.lines_of(*head, text, memo);
                    memo.lines[*head]
                        .iter()
                        .any(|&start| anchored.is_match(&text[start..]))
                }
                Plan::Gated(_) => {
                    self.admits(pattern, text, memo) && self.regexes[pattern].is_match(text)
                }
            };
            memo.patterns[pattern] = if found { YES } else { NO };
        }
        memo.patterns[pattern] == YES
    }

    /// Where the lines starting with a head literal start, searched once per text.
    fn lines_of(&self, head: usize, text: &[u8], memo: &mut Memo) {
        if memo.heads_searched[head] {
            return;
        }
        memo.heads_searched[head] = true;
        let Head {
            literal,
            after_newline,
        } = &self.heads[head];
        let lines = &mut memo.lines[head];
        lines.clear();
        if text.starts_with(literal) {
            lines.push(0);
        }
        lines.extend(after_newline.find_iter(text).map(|at| at + 1));
    }
}

/// The literal a pattern's every match starts with at a line start (`^literal…`, `^` matching
/// after a line feed), when it has one.
fn line_head(hir: &Hir) -> Option<Vec<u8>> {
    let HirKind::Concat(parts) = hir.kind() else {
        return None;
    };
    match (parts.first()?.kind(), parts.get(1)?.kind()) {
        (HirKind::Look(Look::StartLF), HirKind::Literal(literal)) if !literal.0.is_empty() => {
            Some(literal.0.to_vec())
        }
        _ => None,
    }
}

/// The literals every match of `hir` starts (or ends) with; none when they are not all known
/// and non-empty (the pattern then always runs).
fn required_literals(hir: &Hir, kind: ExtractKind) -> Option<Vec<Vec<u8>>> {
    let mut extractor = Extractor::new();
    extractor.kind(kind);
    literals_of(&extractor.extract(hir))
}

fn literals_of(seq: &Seq) -> Option<Vec<Vec<u8>>> {
    let literals = seq.literals()?;
    if literals.is_empty() || literals.iter().any(|l| l.as_bytes().is_empty()) {
        return None;
    }
    let mut out: Vec<Vec<u8>> = literals.iter().map(|l| l.as_bytes().to_vec()).collect();
    out.sort();
    out.dedup();
    Some(out)
}

/// Literals one of which every match contains: the exact strings of a part of the pattern's
/// top-level sequence that matches only those strings (`(openapi|swagger|asyncapi)` in
/// `^\s*(openapi|swagger|asyncapi):`), the part whose shortest string is longest.
fn inner_literals(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let HirKind::Concat(parts) = hir.kind() else {
        return None;
    };
    let extractor = Extractor::new();
    parts
        .iter()
        .filter_map(|part| {
            let seq = extractor.extract(part);
            if !seq.is_exact() {
                return None;
            }
            literals_of(&seq)
        })
        .max_by_key(|literals| literals.iter().map(Vec::len).min().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(patterns: &mut Patterns, any: &[&str], all: &[&str]) -> ContentRule {
        let mut ids = |list: &[&str]| -> Vec<usize> {
            list.iter().map(|p| patterns.intern(p).unwrap()).collect()
        };
        ContentRule {
            any: ids(any),
            all: ids(all),
        }
    }

    fn matches(patterns: &Patterns, rule: &ContentRule, text: &str) -> bool {
        let mut memo = Memo::default();
        memo.reset(patterns);
        patterns.matches(rule, text.as_bytes(), &mut memo)
    }

    #[test]
    fn content_rule_needs_any_and_all() {
        let mut p = Patterns::default();
        let r = rule(&mut p, &["a", "b"], &["c"]);
        assert!(matches(&p, &r, "bc"));
        assert!(!matches(&p, &r, "ab"));
        assert!(!matches(&p, &r, "c"));
    }

    #[test]
    fn literal_gates_never_refuse_a_match() {
        // Each pattern with a text it must match and one that lacks its literals.
        for (pattern, hit, miss) in [
            (
                r#"^apiVersion:\s*["\x27]?backstage\.io/"#,
                "x: 1\napiVersion: 'backstage.io/v1'",
                "apiVersion: v1",
            ),
            (
                r"^kind:\s*(Deployment|Service)\b",
                "a: b\nkind: Service\n",
                "kind: Pod\n",
            ),
            (
                r"(?i)grafonnet",
                "local g = import 'GrafoNNet';",
                "local x = 1;",
            ),
            (
                r#""panels"\s*:\s*\["#,
                r#"{"panels" : []}"#,
                r#"{"panels": {}}"#,
            ),
            (
                r#"\A\s*\{\s*"dashboard"\s*:\s*\{"#,
                "  {\"dashboard\": {}}",
                "{\"x\": {\"dashboard\": {}}}",
            ),
            (r"\d+", "x 42", "x"),
        ] {
            let mut p = Patterns::default();
            let r = rule(&mut p, &[], &[pattern]);
            assert!(matches(&p, &r, hit), "{pattern} on {hit}");
            assert!(!matches(&p, &r, miss), "{pattern} on {miss}");
        }
    }

    #[test]
    fn a_pattern_and_a_gate_are_compiled_once() {
        let mut p = Patterns::default();
        let a = p.intern("\\s*kind: Template").unwrap();
        let b = p.intern("\\s*kind: Template").unwrap();
        p.intern("\\s*kind: Template\\b").unwrap();
        assert_eq!(a, b);
        assert_eq!(p.regexes.len(), 2);
        // Both end with `kind: Template`: one gate.
        let gates = |i: usize| match &p.plans[i] {
            Plan::Gated(gates) => gates.clone(),
            Plan::AtLineStarts { .. } => Vec::new(),
        };
        assert_eq!(gates(0), gates(1));
        assert_eq!(gates(0).len(), 1);
        assert!(p.intern("(").is_err());
    }

    #[test]
    fn patterns_at_line_starts_share_one_search_per_head() {
        let mut p = Patterns::default();
        p.intern(r"^kind:\s*Deployment\b").unwrap();
        p.intern(r"^kind:\s*Service\b").unwrap();
        p.intern(r"^\s*kind:").unwrap();
        assert_eq!(p.heads.len(), 1);
        assert!(matches!(p.plans[2], Plan::Gated(_)));
    }

    #[test]
    fn gates_of_short_literals_are_dropped_and_inner_literals_kept() {
        let mut p = Patterns::default();
        // Prefix `-` and no suffix: no gate; the words inside the group are one.
        p.intern(r"\s*-\s+(hosts|import_playbook):\s*\S").unwrap();
        let Plan::Gated(gates) = &p.plans[0] else {
            panic!("gated")
        };
        assert_eq!(gates.len(), 1);
        assert!(matches!(&p.gates[gates[0]], Gate::Few(f) if f.len() == 2));
    }

    /// Every way of evaluating a pattern gives the answer of the pattern run over the whole text.
    #[test]
    fn plans_agree_with_the_whole_text_regex() {
        let patterns = [
            r"^apiVersion:\s*\S",
            r#"^kind:\s*["\x27]?(Deployment|Service|List)\b"#,
            r#"^apiVersion:\s*["\x27]?argoproj\.io/v1alpha1"#,
            r#"^\s*["\x27]?(openapi|swagger|asyncapi)["\x27]?\s*:\s*["\x27]?[0-9]"#,
            r"^-\s+(hosts|import_playbook):\s*\S",
            r"^services:",
            r"^\s*groups:",
            r"(?i)^#+\s*(status|statut)\b",
            r"^kind:$",
            r"^kind:\s*\n\s*Service",
        ];
        let texts = [
            "",
            "kind: Service",
            "kind: ServiceAccount\n",
            "apiVersion: v1\nkind: Service\n",
            "x: 1\n  kind: Service\nkind: Pod\n",
            "data:\n  a: b\nkind: List\nmetadata: {}\n",
            "kind:\n  Service\n",
            "kind:",
            "kind:\r\nx",
            "\nkind:",
            "apiVersion:'argoproj.io/v1alpha1'\n",
            "apiVersion:\n\"argoproj.io/v1alpha1\"",
            "openapi: 3.0.0\n",
            "  'swagger' : \"2.0\"",
            "info:\n  openapi: x\n",
            "- hosts: all\n",
            "-  import_playbook: x.yml",
            " - hosts: all\n",
            "services:\n",
            "x\nservices:",
            "    groups:\n",
            "## Status\naccepted",
            "text kind: Service\nkind:Deployment",
        ];
        for pattern in patterns {
            let whole = RegexBuilder::new(pattern).multi_line(true).build().unwrap();
            let mut p = Patterns::default();
            let r = rule(&mut p, &[pattern], &[]);
            for text in texts {
                assert_eq!(
                    matches(&p, &r, text),
                    whole.is_match(text.as_bytes()),
                    "{pattern} on {text:?}"
                );
            }
        }
    }
}
