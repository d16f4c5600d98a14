//! Which report to render: the profile (`board`, the deck a leadership meeting reads in ten
//! minutes, or `full`, every detail), the sections it shows (`--sections` picks them by id), and
//! how the appendix names respondents (`--attribution`). One view model and one set of templates
//! serve every choice: the view says which sections are shown, the templates lay them out.

use crate::error::{Error, Result};

/// The report's profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Cover, executive summary, maturity grid, at most four charts, the initiatives and a
    /// short methodology.
    Board,
    /// Everything: findings per aspect, anti-patterns, the ranked recommendations, every answer.
    Full,
}

impl Profile {
    pub fn parse(s: &str) -> Result<Profile> {
        match s {
            "board" => Ok(Profile::Board),
            "full" => Ok(Profile::Full),
            other => Err(Error::Usage(format!(
                "unknown report profile `{other}`: expected board or full"
            ))),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Profile::Board => "board",
            Profile::Full => "full",
        }
    }

    /// The sections the profile shows, in report order.
    pub fn sections(self) -> &'static [&'static str] {
        match self {
            Profile::Board => &BOARD_SECTIONS,
            Profile::Full => &SECTIONS,
        }
    }

    /// The charts the profile shows (`None`: all of them). The board keeps four: the aspects'
    /// radar, the topology, DORA on its own clusters and the initiatives' timeline.
    pub fn charts(self) -> Option<&'static [&'static str]> {
        match self {
            Profile::Board => Some(&BOARD_CHARTS),
            Profile::Full => None,
        }
    }

    /// How the appendix names respondents unless `--attribution` says otherwise: a board pack
    /// names roles, not people.
    pub fn default_attribution(self) -> Attribution {
        match self {
            Profile::Board => Attribution::Roles,
            Profile::Full => Attribution::Names,
        }
    }
}

/// Every section id, in report order.
pub const SECTIONS: [&str; 14] = [
    "cover",
    "summary",
    "grid",
    "charts",
    "value",
    "findings",
    "explainer",
    "assets",
    "antipatterns",
    "initiatives",
    "recommendations",
    "respondents",
    "answers",
    "methodology",
];

const BOARD_SECTIONS: [&str; 7] = [
    "cover",
    "summary",
    "grid",
    "charts",
    "value",
    "initiatives",
    "methodology",
];

/// At most four charts in a board pack.
pub const BOARD_CHARTS: [&str; 4] = ["radar", "topology", "dora_bands", "initiatives"];

/// How the appendix names the interview and self-assessment respondents (survey respondents are
/// never named, whatever this says).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attribution {
    /// The respondent ids as the engagement records them.
    Names,
    /// The role and a number within the role (`Leadership 2`).
    Roles,
    /// Nobody is named: the role and channel only.
    None,
}

impl Attribution {
    pub fn parse(s: &str) -> Result<Attribution> {
        match s {
            "names" => Ok(Attribution::Names),
            "roles" => Ok(Attribution::Roles),
            "none" => Ok(Attribution::None),
            other => Err(Error::Usage(format!(
                "unknown attribution `{other}`: expected names, roles or none"
            ))),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Attribution::Names => "names",
            Attribution::Roles => "roles",
            Attribution::None => "none",
        }
    }
}

/// What to render: a profile, its sections (or the reader's own cut) and the attribution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub profile: Profile,
    /// The section ids shown, a subset of [`SECTIONS`].
    pub sections: Vec<&'static str>,
    pub attribution: Attribution,
}

impl Options {
    /// The profile's sections and attribution, or the ones given. An unknown section id is a
    /// usage error naming the valid ones.
    pub fn new(
        profile: Profile,
        sections: Option<&[String]>,
        attribution: Option<Attribution>,
    ) -> Result<Options> {
        let sections = match sections {
            None => profile.sections().to_vec(),
            Some(ids) => {
                for id in ids {
                    if !SECTIONS.contains(&id.as_str()) {
                        return Err(Error::Usage(format!(
                            "unknown report section `{id}`: expected any of {}",
                            SECTIONS.join(", ")
                        )));
                    }
                }
                SECTIONS
                    .iter()
                    .copied()
                    .filter(|s| ids.iter().any(|id| id == s))
                    .collect()
            }
        };
        Ok(Options {
            profile,
            sections,
            attribution: attribution.unwrap_or_else(|| profile.default_attribution()),
        })
    }

    /// The full report, every section, respondents named.
    pub fn full() -> Options {
        Options {
            profile: Profile::Full,
            sections: SECTIONS.to_vec(),
            attribution: Attribution::Names,
        }
    }

    /// The board pack with its defaults.
    pub fn board() -> Options {
        Options {
            profile: Profile::Board,
            sections: BOARD_SECTIONS.to_vec(),
            attribution: Attribution::Roles,
        }
    }

    pub fn shows(&self, section: &str) -> bool {
        self.sections.contains(&section)
    }
}

impl Default for Options {
    fn default() -> Options {
        Options::full()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_board_names_roles_and_keeps_six_sections() {
        let o = Options::new(Profile::Board, None, None).unwrap();
        assert_eq!(o, Options::board());
        assert!(!o.shows("answers") && !o.shows("findings"));
    }

    #[test]
    fn sections_keep_report_order_and_reject_unknown_ids() {
        let ids = vec!["methodology".to_string(), "summary".to_string()];
        let o = Options::new(Profile::Full, Some(&ids), Some(Attribution::None)).unwrap();
        assert_eq!(o.sections, vec!["summary", "methodology"]);
        assert_eq!(o.attribution, Attribution::None);
        let err = Options::new(Profile::Full, Some(&["nope".to_string()]), None).unwrap_err();
        assert!(
            err.to_string().contains("unknown report section `nope`"),
            "{err}"
        );
    }
}
