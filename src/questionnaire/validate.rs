//! Checks a parsed questionnaire file against the framework and converts it into the checked
//! model. Every problem is collected, so an author sees them all at once.

use super::file::{BandFile, ChoiceFile, QuestionFile, QuestionnaireFile};
use super::*;
use crate::error::{Diagnostic, Error, Result};
use crate::framework::Framework;
use crate::source::{Finite, Source};
use std::collections::BTreeSet;

/// Ids are lowercase ASCII letters, digits, `.`, `_` and `-`, starting with a letter or digit.
pub fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}

struct Checker<'a> {
    source: &'a Source,
    framework: &'a Framework,
    diags: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn err(&mut self, offset: usize, id: &str, message: impl Into<String>) {
        let d = self.source.diag_at(offset, message).with_id(id);
        self.diags.push(d);
    }

    fn text(&mut self, t: &Text, what: &str, offset: usize, id: &str) {
        for lang in t.missing() {
            self.err(
                offset,
                id,
                format!("{what} is missing its `{lang}` text: expected a non-empty `fr` and `en`"),
            );
        }
    }
}

pub fn check(source: &Source, framework: &Framework) -> Result<Questionnaire> {
    let file: QuestionnaireFile = source.parse()?;
    let mut c = Checker {
        source,
        framework,
        diags: Vec::new(),
    };
    let qid = file.id.get_ref().clone();
    let qat = file.id.span().start;
    if !valid_id(&qid) {
        c.err(
            qat,
            &qid,
            "invalid questionnaire id: expected lowercase letters, digits, `.`, `_`, `-`",
        );
    }
    let version = file.version.get_ref();
    if version.trim().is_empty() || version.chars().any(char::is_control) {
        c.err(
            file.version.span().start,
            &qid,
            format!(
                "version {version:?}: expected one non-empty line without control characters (e.g. \"1.0.0\")"
            ),
        );
    }
    c.text(&file.title, "title", qat, &qid);
    c.text(&file.description, "description", qat, &qid);
    if file.audience.is_empty() {
        c.err(
            qat,
            &qid,
            "audience is empty: expected one or more of \"interview\", \"self\", \"survey\"",
        );
    }
    if file.duration_minutes == 0 {
        c.err(
            qat,
            &qid,
            "duration_minutes is 0: expected the estimated minutes to answer",
        );
    }
    if file.sections.is_empty() {
        c.err(
            qat,
            &qid,
            "no sections: expected at least one [[sections]] with questions",
        );
    }

    let mut section_ids = BTreeSet::new();
    let mut question_ids = BTreeSet::new();
    let mut sections = Vec::new();
    for s in file.sections {
        let sid = s.id.get_ref().clone();
        let sat = s.id.span().start;
        if !section_ids.insert(sid.clone()) {
            c.err(sat, &sid, "duplicate section id");
        }
        c.text(&s.title, "section title", sat, &sid);
        if let Some(d) = &s.description {
            c.text(d, "section description", sat, &sid);
        }
        if s.questions.is_empty() {
            c.err(sat, &sid, "section has no questions");
        }
        let mut questions = Vec::new();
        for q in s.questions {
            let id = q.id.get_ref().clone();
            if !question_ids.insert(id.clone()) {
                c.err(q.id.span().start, &id, "duplicate question id");
            }
            if let Some(q) = check_question(&mut c, q, &qid, &sid) {
                questions.push(q);
            }
        }
        sections.push(Section {
            id: sid,
            title: s.title,
            description: s.description,
            questions,
        });
    }

    if !c.diags.is_empty() {
        return Err(Error::Input(c.diags));
    }
    Ok(Questionnaire {
        id: qid,
        version: file.version.into_inner(),
        title: file.title,
        description: file.description,
        audience: file.audience,
        duration_minutes: file.duration_minutes,
        sources: file.sources,
        sections,
        origin: source.name.clone(),
    })
}

fn check_question(
    c: &mut Checker,
    q: QuestionFile,
    questionnaire: &str,
    section: &str,
) -> Option<Question> {
    let id = q.id.get_ref().clone();
    let at = q.id.span().start;
    let before = c.diags.len();
    if !valid_id(&id) {
        c.err(
            at,
            &id,
            "invalid question id: expected lowercase letters, digits, `.`, `_`, `-`",
        );
    }
    c.text(&q.text, "text", at, &id);
    if let Some(h) = &q.help {
        c.text(h, "help", at, &id);
    }
    if let Some(h) = &q.respondent_help {
        c.text(h, "respondent_help", at, &id);
    }
    let kind_name = *q.kind.get_ref();

    // Fields that belong to other kinds are mistakes worth naming.
    let stray = |present: bool, field: &str, owner: &str| -> Option<String> {
        present.then(|| format!("`{field}` is only for {owner} questions"))
    };
    let strays = [
        stray(
            q.descriptors.is_some() && kind_name != KindName::Level,
            "descriptors",
            "level",
        ),
        stray(
            q.choices.is_some() && !matches!(kind_name, KindName::Choice | KindName::Multi),
            "choices",
            "choice and multi",
        ),
        stray(
            (q.bands.is_some() || q.unit.is_some() || q.min.is_some() || q.max.is_some())
                && kind_name != KindName::Number,
            "bands/unit/min/max",
            "number",
        ),
        stray(
            q.reverse && !matches!(kind_name, KindName::Likert | KindName::YesNo),
            "reverse",
            "likert and yes_no",
        ),
    ];
    for msg in strays.into_iter().flatten() {
        c.err(at, &id, msg);
    }

    let kind = match kind_name {
        KindName::Level => match &q.descriptors {
            Some(d) if d.get_ref().len() == 4 => {
                for t in d.get_ref() {
                    c.text(t, "descriptor", d.span().start, &id);
                }
                let distinct: BTreeSet<_> = d.get_ref().iter().map(|t| (&t.fr, &t.en)).collect();
                if distinct.len() != 4 {
                    c.err(
                        d.span().start,
                        &id,
                        "descriptors repeat: expected 4 distinct descriptors",
                    );
                }
                Kind::Level {
                    descriptors: d.get_ref().clone(),
                }
            }
            Some(d) => {
                c.err(
                    d.span().start,
                    &id,
                    format!(
                        "{} descriptors: expected exactly 4, one per level (Provisional, Operational, Scalable, Optimizing)",
                        d.get_ref().len()
                    ),
                );
                Kind::Text
            }
            None => {
                c.err(
                    at,
                    &id,
                    "level question without `descriptors`: expected 4, one per level",
                );
                Kind::Text
            }
        },
        KindName::Likert => Kind::Likert { reverse: q.reverse },
        KindName::YesNo => Kind::YesNo { reverse: q.reverse },
        KindName::Choice => Kind::Choice {
            choices: check_choices(c, &q.choices, &id, at, has_axes(&q)),
        },
        KindName::Multi => {
            let choices = check_choices(c, &q.choices, &id, at, false);
            for ch in &choices {
                // Survey tools join the choices ticked with these: a label holding one could
                // not be read back.
                if [&ch.label.fr, &ch.label.en]
                    .iter()
                    .any(|l| l.contains([',', ';']))
                {
                    c.err(
                        at,
                        &id,
                        format!("choice `{}` of a multi question has a `,` or `;` in its label: expected labels without them, since survey tools join the choices ticked with them", ch.id),
                    );
                }
                if ch.score.is_some() || ch.cluster.is_some() {
                    c.err(
                        at,
                        &id,
                        format!("choice `{}` of a multi question has a score or cluster: a multi question is never scored", ch.id),
                    );
                }
            }
            if choices.len() < 2 {
                c.err(at, &id, "a multi question with fewer than 2 choices: expected a choice question instead");
            }
            if choices.len() > 32 {
                c.err(
                    at,
                    &id,
                    format!("a multi question with {} choices: expected at most 32, which a respondent can still read", choices.len()),
                );
            }
            Kind::Multi { choices }
        }
        KindName::Number => Kind::Number {
            unit: q.unit.clone(),
            min: q.min.map(Finite::get),
            max: q.max.map(Finite::get),
            bands: check_bands(c, &q.bands, &id, at),
        },
        KindName::Text => Kind::Text,
    };
    if let Some(u) = &q.unit {
        c.text(u, "unit", at, &id);
    }
    if let (Some(lo), Some(hi)) = (q.min.map(Finite::get), q.max.map(Finite::get)) {
        if lo > hi {
            c.err(at, &id, format!("min {lo} is above max {hi}"));
        }
    }

    let mut axes = Vec::new();
    if let Some(map) = &q.axes {
        for (axis, weight) in map.get_ref() {
            let weight = &weight.get();
            if c.framework.axis(axis).is_none() {
                c.err(
                    map.span().start,
                    &id,
                    format!("unknown axis `{axis}`: expected an axis of the framework (e.g. `cncf.investment`)"),
                );
            }
            if !(weight.is_finite() && *weight > 0.0) {
                c.err(
                    map.span().start,
                    &id,
                    format!("weight {weight} for `{axis}`: expected a positive number"),
                );
            }
            axes.push(Mapping {
                axis: axis.clone(),
                weight: *weight,
            });
        }
    }
    if matches!(kind_name, KindName::Text | KindName::Multi) && !axes.is_empty() {
        let kind = if kind_name == KindName::Text {
            "text"
        } else {
            "multi"
        };
        c.err(
            at,
            &id,
            format!("a {kind} question is never scored: remove its `axes`"),
        );
    }

    let mut recommendations = Vec::new();
    let mut rec_levels = BTreeSet::new();
    for (i, r) in q.recommendations.into_iter().enumerate() {
        let level = *r.level.get_ref();
        let rat = r.level.span().start;
        if !(1..=3).contains(&level) {
            c.err(rat, &id, format!("recommendation for level {level}: expected 1, 2 or 3 (the level it lifts from)"));
        }
        if !rec_levels.insert(level) {
            c.err(rat, &id, format!("two recommendations for level {level}"));
        }
        c.text(&r.title, "recommendation title", rat, &id);
        c.text(&r.text, "recommendation text", rat, &id);
        let rid = r.id.unwrap_or_else(|| format!("{id}#{}", i + 1));
        recommendations.push(Recommendation {
            id: rid,
            level,
            effort: r.effort,
            title: r.title,
            text: r.text,
        });
    }

    let mut evidence = Vec::new();
    for e in q.evidence {
        let eat = e.levels.span().start;
        if e.signals.is_empty() && e.categories.is_empty() {
            c.err(eat, &id, "evidence rule names no `signals` or `categories`");
        }
        let known = crate::evidence::SignalLabels::embedded().category_ids();
        for spanned in &e.categories {
            let category = spanned.get_ref();
            if !known.contains(&category.as_str()) {
                c.err(
                    spanned.span().start,
                    &id,
                    format!(
                        "evidence rule names unknown category `{category}`: expected one of {}",
                        known.join(", ")
                    ),
                );
            }
        }
        let l: Vec<f64> = e.levels.get_ref().iter().map(|x| x.get()).collect();
        let ok = (1..=3).contains(&l.len())
            && l.iter().all(|x| (0.0..=1.0).contains(x))
            && l.windows(2).all(|w| w[0] <= w[1]);
        if !ok {
            c.err(
                eat,
                &id,
                format!("evidence levels {l:?}: expected 1 to 3 ascending coverage thresholds in [0, 1] (for levels 2, 3, 4; fewer cap the level the scan can show)"),
            );
            continue;
        }
        evidence.push(EvidenceRule {
            signals: e.signals,
            categories: e.categories.into_iter().map(|c| c.into_inner()).collect(),
            levels: l,
        });
    }

    (c.diags.len() == before).then(|| Question {
        id,
        questionnaire: questionnaire.to_string(),
        section: section.to_string(),
        text: q.text,
        help: q.help,
        respondent_help: q.respondent_help,
        kind,
        axes,
        optional: q.optional,
        recommendations,
        evidence,
    })
}

fn has_axes(q: &QuestionFile) -> bool {
    q.axes.as_ref().is_some_and(|m| !m.get_ref().is_empty())
}

fn check_choices(
    c: &mut Checker,
    choices: &Option<toml::Spanned<Vec<ChoiceFile>>>,
    id: &str,
    at: usize,
    scored: bool,
) -> Vec<Choice> {
    let Some(list) = choices else {
        c.err(
            at,
            id,
            "choice question without `choices`: expected a non-empty list",
        );
        return Vec::new();
    };
    if list.get_ref().is_empty() {
        c.err(
            list.span().start,
            id,
            "`choices` is empty: expected at least one choice",
        );
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for ch in list.get_ref() {
        let cid = ch.id.get_ref();
        let cat = ch.id.span().start;
        if !seen.insert(cid.clone()) {
            c.err(cat, id, format!("duplicate choice id `{cid}`"));
        }
        if !valid_id(cid) {
            c.err(
                cat,
                id,
                format!(
                    "invalid choice id `{cid}`: expected lowercase letters, digits, `.`, `_`, `-`"
                ),
            );
        }
        c.text(&ch.label, "choice label", cat, id);
        match ch.score.map(Finite::get) {
            Some(s) if !(0.0..=1.0).contains(&s) => {
                c.err(cat, id, format!("choice `{cid}` score {s}: expected a score in [0, 1]"))
            }
            None if scored => c.err(
                cat,
                id,
                format!("choice `{cid}` has no score, but the question maps to axes: expected a score in [0, 1]"),
            ),
            _ => {}
        }
        out.push(Choice {
            id: cid.clone(),
            label: ch.label.clone(),
            score: ch.score.map(Finite::get),
            cluster: ch.cluster.clone(),
            outside: ch.outside,
        });
    }
    out
}

fn check_bands(
    c: &mut Checker,
    bands: &Option<toml::Spanned<Vec<BandFile>>>,
    id: &str,
    at: usize,
) -> Vec<Band> {
    let Some(list) = bands else {
        c.err(
            at,
            id,
            "number question without `bands`: expected bands ordered by `up_to`",
        );
        return Vec::new();
    };
    let bat = list.span().start;
    let items = list.get_ref();
    if items.is_empty() {
        c.err(bat, id, "`bands` is empty: expected at least one band");
    }
    let mut previous: Option<f64> = None;
    for (i, b) in items.iter().enumerate() {
        let last = i + 1 == items.len();
        match (b.up_to.map(Finite::get), last) {
            (None, false) => c.err(
                bat,
                id,
                format!(
                    "band {} has no `up_to`: only the last band may be open-ended",
                    i + 1
                ),
            ),
            (Some(up), _) => {
                if let Some(p) = previous {
                    if up <= p {
                        c.err(
                            bat,
                            id,
                            format!(
                                "bands out of order: band {} ends at {up}, not above {p}",
                                i + 1
                            ),
                        );
                    }
                }
                previous = Some(up);
            }
            (None, true) => {}
        }
        if !(0.0..=1.0).contains(&b.score.get()) {
            c.err(
                bat,
                id,
                format!(
                    "band {} score {}: expected a score in [0, 1]",
                    i + 1,
                    b.score.get()
                ),
            );
        }
        c.text(&b.label, "band label", bat, id);
    }
    items
        .iter()
        .map(|b| Band {
            up_to: b.up_to.map(Finite::get),
            score: b.score.get(),
            label: b.label.clone(),
            cluster: b.cluster.clone(),
            outside: b.outside,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_lowercase_slugs() {
        assert!(valid_id("inv.funding-2"));
        assert!(!valid_id("Inv"));
        assert!(!valid_id(".x"));
        assert!(!valid_id(""));
    }

    fn multi_file(question: &str) -> String {
        format!(
            "id = \"m\"\nversion = \"1.0.0\"\naudience = [\"survey\"]\nduration_minutes = 5\n\
             title = {{ fr = \"Essai\", en = \"Trial\" }}\ndescription = {{ fr = \"Essai.\", en = \"Trial.\" }}\n\
             [[sections]]\nid = \"s\"\ntitle = {{ fr = \"Section\", en = \"Section\" }}\n\
             [[sections.questions]]\nid = \"m.q\"\nkind = \"multi\"\n\
             text = {{ fr = \"Qu'est-ce qui vous freine\u{202f}?\", en = \"What slows you down?\" }}\n{question}"
        )
    }

    fn problems(text: &str) -> String {
        let framework = crate::questionnaire::Catalog::load(&[]).unwrap().framework;
        let source = Source {
            name: "m.toml".into(),
            text: text.into(),
        };
        match check(&source, &framework) {
            Ok(_) => String::new(),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn a_multi_question_is_unscored_with_labels_survey_tools_can_join() {
        let choices = "choices = [\n  { id = \"a\", label = { fr = \"Attendre\", en = \"Waiting\" } },\n  { id = \"b\", label = { fr = \"Tests\", en = \"Tests\" } },\n]\n";
        assert_eq!(problems(&multi_file(choices)), "");
        let scored = format!("axes = {{ \"space.efficiency\" = 1.0 }}\n{choices}");
        assert!(problems(&multi_file(&scored))
            .contains("a multi question is never scored: remove its `axes`"));
        let comma = choices.replace("\"Waiting\"", "\"Waiting, mostly\"");
        assert!(problems(&multi_file(&comma))
            .contains("choice `a` of a multi question has a `,` or `;` in its label"));
        let score = choices.replace("id = \"b\",", "id = \"b\", score = 1.0,");
        assert!(
            problems(&multi_file(&score)).contains("choice `b` of a multi question has a score")
        );
        let one = "choices = [{ id = \"a\", label = { fr = \"Attendre\", en = \"Waiting\" } }]\n";
        assert!(problems(&multi_file(one)).contains("fewer than 2 choices"));
        assert!(problems(&multi_file("")).contains("without `choices`"));
    }
}
