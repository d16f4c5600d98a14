//! Value stream impact: each business goal of the client linked to what blocks it (the goal's
//! questions, and those of the axes it rests on, answered below their target) and to the
//! recommendations that lift those blockers. The links are the consultant's (`[[goals]]` names
//! the axes and questions); the engine only reads the levels.

use crate::engagement::Goal;
use crate::questionnaire::Question;
use crate::scoring::{AxisScore, QuestionScore, RecommendationItem};
use serde::{Deserialize, Serialize};

/// How many blockers and recommendations a goal lists.
const SHOWN: usize = 3;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalLink {
    pub text: String,
    /// The goal's axes with their level and target, in the goal's order.
    pub axes: Vec<GoalAxis>,
    /// What blocks it: the goal's own questions first, then those of its axes, largest gap
    /// first (at most three).
    pub blockers: Vec<Blocker>,
    /// Per blocker, the id of its highest-priority recommendation (when it has one).
    pub recommendations: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalAxis {
    pub id: String,
    pub level: Option<f64>,
    pub target: Option<u8>,
    pub gap: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Blocker {
    pub question: String,
    pub level: f64,
    pub target: u8,
    pub gap: f64,
}

pub fn links(
    goals: &[Goal],
    defs: &[&Question],
    questions: &[QuestionScore],
    axes: &[AxisScore],
    recommendations: &[RecommendationItem],
) -> Vec<GoalLink> {
    goals
        .iter()
        .map(|goal| {
            let mut blockers: Vec<Blocker> = defs
                .iter()
                .zip(questions)
                .filter(|(d, _)| {
                    goal.questions.contains(&d.id)
                        || d.axes.iter().any(|m| goal.axes.contains(&m.axis))
                })
                .filter_map(|(_, q)| {
                    let (gap, target, score) = (q.gap?, q.target?, q.effective_score()?);
                    (gap > 0.0).then(|| Blocker {
                        question: q.id.clone(),
                        level: crate::scoring::level_of(score),
                        target,
                        gap,
                    })
                })
                .collect();
            // The questions the consultant named first, then the largest gaps.
            let named = |b: &Blocker| !goal.questions.contains(&b.question);
            blockers.sort_by(|a, b| {
                named(a)
                    .cmp(&named(b))
                    .then(b.gap.total_cmp(&a.gap))
                    .then(a.question.cmp(&b.question))
            });
            blockers.truncate(SHOWN);
            // Per blocker, its highest-priority recommendation (they come sorted by priority).
            let mut picked: Vec<String> = Vec::new();
            for b in &blockers {
                if let Some(r) = recommendations.iter().find(|r| {
                    !picked.contains(&r.id) && r.sources.iter().any(|s| s.question == b.question)
                }) {
                    picked.push(r.id.clone());
                }
            }
            GoalLink {
                text: goal.text.clone(),
                axes: goal
                    .axes
                    .iter()
                    .map(|id| {
                        let a = axes.iter().find(|a| &a.id == id);
                        GoalAxis {
                            id: id.clone(),
                            level: a.and_then(|a| a.level),
                            target: a.and_then(|a| a.target),
                            gap: a.and_then(|a| a.gap),
                        }
                    })
                    .collect(),
                blockers,
                recommendations: picked,
            }
        })
        .collect()
}
