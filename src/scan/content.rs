//! Content rules: the regular expressions a catalogue searches in a file's first bytes. Each
//! distinct pattern is compiled once and guarded by literal gates (the literals every match must
//! start with, and end with, extracted from the pattern). One Aho-Corasick automaton holds every
//! gate's literals: a file needing content rules is searched for all of them in one pass, then
//! each gate is a look-up, each pattern runs at most once whatever the number of rules naming it
//! ([`Memo`]), and only when its gates let it: a Kubernetes manifest holds `apiVersion:` but not
//! `backstage.io/`, so the Backstage patterns never run on it.

use aho_corasick::AhoCorasick;
use regex::bytes::{Regex, RegexBuilder};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use std::collections::HashMap;

/// A detection block's content rules, as pattern ids of the catalogue's [`Patterns`].
#[derive(Debug, Clone)]
pub struct ContentRule {
    /// One must match (none: no condition).
    pub any: Vec<usize>,
    /// All must match.
    pub all: Vec<usize>,
}

/// Every distinct content pattern of a catalogue, with its gates.
#[derive(Debug, Clone, Default)]
pub struct Patterns {
    regexes: Vec<Regex>,
    /// Per pattern: the gates of its prefixes and of its suffixes, when known.
    gates_of: Vec<[Option<usize>; 2]>,
    /// Per gate: its literals (ids in `literal_ids`).
    gates: Vec<Vec<usize>>,
    /// Every literal of every gate, in one automaton (built by [`Patterns::finish`]).
    literals: Option<AhoCorasick>,
    literal_ids: HashMap<Vec<u8>, usize>,
    ids: HashMap<String, usize>,
    gate_ids: HashMap<Vec<Vec<u8>>, usize>,
}

/// What one file's prefix showed (0: not evaluated yet).
#[derive(Debug, Default)]
pub struct Memo {
    /// Whether the text was searched for the literals, and which it holds.
    searched: bool,
    literals: Vec<bool>,
    gates: Vec<u8>,
    patterns: Vec<u8>,
}

const NO: u8 = 1;
const YES: u8 = 2;

impl Memo {
    /// Forgets the last file: call whenever the text changes.
    pub fn reset(&mut self, patterns: &Patterns) {
        self.searched = false;
        self.literals.clear();
        self.literals.resize(patterns.literal_ids.len(), false);
        self.gates.clear();
        self.gates.resize(patterns.gates.len(), 0);
        self.patterns.clear();
        self.patterns.resize(patterns.regexes.len(), 0);
    }
}

impl Patterns {
    /// The id of a pattern, compiling it the first time it is seen; the compiler's message when
    /// it does not compile.
    pub fn intern(&mut self, pattern: &str) -> Result<usize, String> {
        if let Some(&id) = self.ids.get(pattern) {
            return Ok(id);
        }
        let regex = RegexBuilder::new(pattern)
            .multi_line(true)
            .size_limit(1 << 20)
            .build()
            .map_err(|e| e.to_string())?;
        let hir = regex_syntax::ParserBuilder::new()
            .multi_line(true)
            .utf8(false)
            .build()
            .parse(pattern)
            .ok();
        let mut gates = [None, None];
        for (slot, kind) in gates
            .iter_mut()
            .zip([ExtractKind::Prefix, ExtractKind::Suffix])
        {
            *slot = hir
                .as_ref()
                .and_then(|h| required_literals(h, kind))
                .and_then(|literals| self.gate(literals));
        }
        let id = self.regexes.len();
        self.regexes.push(regex);
        self.gates_of.push(gates);
        self.ids.insert(pattern.to_string(), id);
        Ok(id)
    }

    fn gate(&mut self, literals: Vec<Vec<u8>>) -> Option<usize> {
        if let Some(&id) = self.gate_ids.get(&literals) {
            return Some(id);
        }
        let ids = literals
            .iter()
            .map(|l| {
                let next = self.literal_ids.len();
                *self.literal_ids.entry(l.clone()).or_insert(next)
            })
            .collect();
        let id = self.gates.len();
        self.gates.push(ids);
        self.gate_ids.insert(literals, id);
        self.literals = None;
        Some(id)
    }

    /// Builds the automaton of every gate's literals, once every pattern is interned; the
    /// automaton's message if it cannot be built.
    pub fn finish(&mut self) -> Result<(), String> {
        let mut literals: Vec<(&Vec<u8>, usize)> =
            self.literal_ids.iter().map(|(l, &id)| (l, id)).collect();
        literals.sort_by_key(|(_, id)| *id);
        let automaton = AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(literals.iter().map(|(l, _)| l))
            .or_else(|_| AhoCorasick::new(literals.iter().map(|(l, _)| l)))
            .map_err(|e| format!("content patterns' literals: {e}"))?;
        self.literals = Some(automaton);
        Ok(())
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

    fn admits(&self, pattern: usize, text: &[u8], memo: &mut Memo) -> bool {
        self.gates_of[pattern].iter().flatten().all(|&g| {
            if memo.gates[g] == 0 {
                if !memo.searched {
                    self.search(text, memo);
                }
                let open = self.gates[g].iter().any(|&l| memo.literals[l]);
                memo.gates[g] = if open { YES } else { NO };
            }
            memo.gates[g] == YES
        })
    }

    /// One pass over the text for every literal (overlapping, so none hides another).
    fn search(&self, text: &[u8], memo: &mut Memo) {
        memo.searched = true;
        match &self.literals {
            Some(automaton) => {
                for m in automaton.find_overlapping_iter(text) {
                    memo.literals[m.pattern().as_usize()] = true;
                }
            }
            // Not finished: every gate stays open, so patterns decide alone.
            None => memo.literals.iter_mut().for_each(|l| *l = true),
        }
    }

    fn is_match(&self, pattern: usize, text: &[u8], memo: &mut Memo) -> bool {
        if memo.patterns[pattern] == 0 {
            let found = self.admits(pattern, text, memo) && self.regexes[pattern].is_match(text);
            memo.patterns[pattern] = if found { YES } else { NO };
        }
        memo.patterns[pattern] == YES
    }
}

/// The literals every match of `hir` starts (or ends) with; none when they are not all known
/// and non-empty (the pattern then always runs).
fn required_literals(hir: &regex_syntax::hir::Hir, kind: ExtractKind) -> Option<Vec<Vec<u8>>> {
    let mut extractor = Extractor::new();
    extractor.kind(kind);
    let seq = extractor.extract(hir);
    let literals = seq.literals()?;
    if literals.is_empty() || literals.iter().any(|l| l.as_bytes().is_empty()) {
        return None;
    }
    let mut out: Vec<Vec<u8>> = literals.iter().map(|l| l.as_bytes().to_vec()).collect();
    out.sort();
    out.dedup();
    Some(out)
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
        let mut patterns = patterns.clone();
        patterns.finish().unwrap();
        let patterns = &patterns;
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
        let a = p.intern("^kind: Template").unwrap();
        let b = p.intern("^kind: Template").unwrap();
        p.intern("^kind: Template\\b").unwrap();
        assert_eq!(a, b);
        assert_eq!(p.regexes.len(), 2);
        // Both start with `kind: Template`: one prefix automaton.
        assert_eq!(p.gates_of[0][0], p.gates_of[1][0]);
        assert!(p.gates_of[0][0].is_some());
        assert!(p.intern("(").is_err());
    }
}
