//! The report's "Platform engineering and DevOps" explainer: the answer to "we already do
//! DevOps", from labels a practice can edit (`explainer.*` in `labels.toml`), tailored with the
//! client's quadrant, its two most telling findings and, when a scan ran, what its teams already
//! built (tools in use, repositories with a pipeline).

use super::format::{fill, Labels};
use crate::scoring::Assessment;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct ExplainerView {
    /// What DevOps is: the culture and way of working the client may already have.
    pub devops: String,
    /// What platform engineering adds: the product that makes it scale.
    pub platform: String,
    /// Where this client stands: its quadrant, in a sentence; empty without one.
    pub quadrant: String,
    /// Its two most telling findings: anti-patterns detected, else the aspects furthest below
    /// target.
    pub findings: Vec<String>,
    /// What its teams already built, from the scan; empty without one.
    pub built: String,
}

pub fn view(a: &Assessment, fw: &crate::framework::Framework, labels: &Labels) -> ExplainerView {
    let lang = labels.lang;
    let quadrant = a
        .topology
        .quadrant
        .as_ref()
        .map(|q| {
            fill(
                &labels.get("explainer.quadrant"),
                &[("quadrant", q.name.get(lang))],
            )
        })
        .unwrap_or_default();
    let mut findings: Vec<String> = a
        .antipatterns
        .iter()
        .take(2)
        .map(|p| format!("{} — {}", p.name.get(lang), p.description.get(lang)))
        .collect();
    if findings.len() < 2 {
        let mut gaps: Vec<_> = a
            .axes
            .iter()
            .filter(|x| x.family == crate::framework::Family::Cncf)
            .filter_map(|x| x.gap.filter(|g| *g > 0.0).map(|g| (x, g)))
            .collect();
        gaps.sort_by(|x, y| y.1.total_cmp(&x.1));
        for (axis, gap) in gaps.into_iter().take(2 - findings.len()) {
            let name = fw
                .axis(&axis.id)
                .map(|d| d.name.get(lang).to_string())
                .unwrap_or_else(|| axis.id.clone());
            findings.push(fill(
                &labels.get("explainer.gap"),
                &[
                    ("aspect", &name),
                    ("gap", &super::format::decimal(gap, lang)),
                ],
            ));
        }
    }
    let map = &a.assets;
    let built = if map.scanned {
        let pipelines = map
            .areas
            .iter()
            .flat_map(|area| area.jobs.iter())
            .find(|j| j.id == "ci")
            .map_or(0, |j| j.repositories);
        let tools: usize = map.areas.iter().map(|x| x.tools_in_use).sum();
        fill(
            &labels.get("explainer.built"),
            &[
                ("tools", &tools.to_string()),
                ("pipelines", &pipelines.to_string()),
                ("repositories", &map.repositories.to_string()),
                ("shared", &map.shared.len().to_string()),
            ],
        )
    } else {
        String::new()
    };
    ExplainerView {
        devops: labels.get("explainer.devops"),
        platform: labels.get("explainer.platform"),
        quadrant,
        findings,
        built,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn the_sample_explainer_uses_the_clients_own_findings() {
        let catalog = crate::questionnaire::Catalog::load(&[]).unwrap();
        let engagement =
            crate::engagement::Engagement::load(std::path::Path::new("samples/acme"), &catalog)
                .unwrap();
        let a = crate::scoring::assess(&engagement, &catalog).unwrap();
        let catalogue = super::super::Templates::load(None)
            .unwrap()
            .labels()
            .clone();
        let labels = Labels {
            catalogue: &catalogue,
            lang: Lang::En,
        };
        let v = view(&a, &catalog.framework, &labels);
        assert!(v
            .quadrant
            .contains(a.topology.quadrant.as_ref().unwrap().name.get(Lang::En)));
        assert_eq!(v.findings.len(), 2);
        assert!(v.findings[0].starts_with(a.antipatterns[0].name.get(Lang::En)));
        assert!(
            v.built.starts_with("Your teams have already built a lot: 32 tools in use, a continuous integration pipeline in 6 of the 8 scanned repositories, and assets already shared between repositories: 1."),
            "{}",
            v.built
        );
    }
}
