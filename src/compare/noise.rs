//! The noise rule: when a level change between two assessments means something (docs/compare.md,
//! "The noise rule", with a worked example that `tests/compare_docs.rs` recomputes).
//!
//! A level comes from the median of several answers. When respondents disagree, another
//! sample of the same people could give a median half an interquartile range away; and when
//! other people answered, the level may move with nobody's view changing. So:
//!
//! - the *spread* of an assessment on an axis is `3 × (1 − agreement)`: the interquartile range
//!   of its answers in levels (agreement is the axis's weighted 1 − IQR);
//! - the *margin* is `max(FLOOR, FACTOR × the larger spread of the two sides)`;
//! - a change of at most the margin is *within the noise*;
//! - a change beyond it is *due to who answered* when at least `TURNOVER` of the named
//!   respondents of the axis changed and the respondents present both times, on the questions
//!   they answered both times, moved by at most the margin (or the other way, or there are none);
//! - otherwise it is a *change*, up or down.

use serde::Serialize;

/// The smallest margin, in levels: below a quarter of a level, a change is one answer moving a
/// step on one of four questions.
pub const FLOOR: f64 = 0.25;
/// The share of the wider spread a median can move by when the sample changes.
pub const FACTOR: f64 = 0.5;
/// The share of named respondents that changed above which who answered may explain a move.
pub const TURNOVER: f64 = 0.5;
/// Changes smaller than this (they print as 0.0) are no change at all.
pub const NONE: f64 = 0.05;

/// The rule's constants, written in the JSON so that a reader can recompute every verdict.
#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    pub floor: f64,
    pub factor: f64,
    pub turnover: f64,
    pub no_change: f64,
}

impl Rule {
    pub fn current() -> Rule {
        Rule {
            floor: FLOOR,
            factor: FACTOR,
            turnover: TURNOVER,
            no_change: NONE,
        }
    }
}

/// What a level change means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Beyond the noise, upwards.
    Up,
    /// Beyond the noise, downwards.
    Down,
    /// Beyond the margin, but explained by the change in who answered.
    WhoAnswered,
    /// Within the margin: not significant.
    WithinNoise,
    /// No change at all (less than 0.05 level).
    Same,
    /// One side has no level.
    NotComparable,
}

impl Verdict {
    pub fn code(self) -> &'static str {
        match self {
            Verdict::Up => "up",
            Verdict::Down => "down",
            Verdict::WhoAnswered => "who_answered",
            Verdict::WithinNoise => "within_noise",
            Verdict::Same => "same",
            Verdict::NotComparable => "not_comparable",
        }
    }
}

/// The spread of answers on an axis, in levels, from its agreement (1 − IQR in scores).
pub fn spread(agreement: Option<f64>) -> f64 {
    3.0 * (1.0 - agreement.unwrap_or(1.0)).clamp(0.0, 1.0)
}

/// The margin a change must exceed to be more than noise.
pub fn margin(spread_before: f64, spread_after: f64) -> f64 {
    FLOOR.max(FACTOR * spread_before.max(spread_after))
}

/// The share of respondents that are not in both sets: 1 − |common| / |all|; `None` when
/// neither side has a named respondent (survey answers cannot be matched: they are anonymous).
pub fn turnover(common: usize, all: usize) -> Option<f64> {
    (all > 0).then(|| 1.0 - common as f64 / all as f64)
}

/// The verdict on a change `delta` with its `margin`, the `turnover` of named respondents and
/// the change among the respondents present both times (`stayers`).
pub fn verdict(
    delta: Option<f64>,
    margin: f64,
    turnover: Option<f64>,
    stayers: Option<f64>,
) -> Verdict {
    let Some(delta) = delta else {
        return Verdict::NotComparable;
    };
    if delta.abs() < NONE {
        return Verdict::Same;
    }
    if delta.abs() <= margin + 1e-9 {
        return Verdict::WithinNoise;
    }
    let stayers_agree = stayers.is_some_and(|s| s.abs() > margin + 1e-9 && s * delta > 0.0);
    if turnover.is_some_and(|t| t >= TURNOVER - 1e-9) && !stayers_agree {
        return Verdict::WhoAnswered;
    }
    if delta > 0.0 {
        Verdict::Up
    } else {
        Verdict::Down
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_change_is_same_and_nothing_improved() {
        assert_eq!(
            verdict(Some(0.0), 0.25, Some(0.0), Some(0.0)),
            Verdict::Same
        );
    }

    #[test]
    fn a_change_within_the_margin_is_not_significant() {
        let m = margin(spread(Some(0.5)), spread(Some(0.75)));
        assert!((m - 0.75).abs() < 1e-12, "{m}");
        assert_eq!(verdict(Some(0.6), m, Some(0.0), None), Verdict::WithinNoise);
        assert_eq!(
            verdict(Some(-0.75), m, Some(0.0), None),
            Verdict::WithinNoise
        );
    }

    #[test]
    fn the_margin_never_falls_below_the_floor() {
        assert_eq!(margin(0.0, 0.0), FLOOR);
        assert_eq!(
            verdict(Some(0.2), margin(0.0, 0.0), None, None),
            Verdict::WithinNoise
        );
    }

    #[test]
    fn a_move_only_new_respondents_explain_is_labelled_so() {
        // Everybody changed but one person, who did not move.
        assert_eq!(
            verdict(Some(1.0), 0.25, turnover(1, 4), Some(0.0)),
            Verdict::WhoAnswered
        );
        // Nobody in common at all.
        assert_eq!(
            verdict(Some(1.0), 0.25, turnover(0, 4), None),
            Verdict::WhoAnswered
        );
        // The people present both times moved as much: a real change.
        assert_eq!(
            verdict(Some(1.0), 0.25, turnover(1, 4), Some(0.8)),
            Verdict::Up
        );
        // Mostly the same people: a real change, down.
        assert_eq!(
            verdict(Some(-1.0), 0.25, turnover(3, 4), None),
            Verdict::Down
        );
    }

    #[test]
    fn a_side_without_a_level_is_not_comparable() {
        assert_eq!(verdict(None, 0.25, None, None), Verdict::NotComparable);
        assert_eq!(turnover(0, 0), None);
    }
}
