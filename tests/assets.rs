//! The consolidation map and the TVP starter page: the map of the `estate` fixture repositories
//! (several CI systems, two provisioning tools, a reusable workflow shared by three repositories,
//! a Terraform module used by two, a scaffolder template), and the page of the sample engagement
//! with and without a scan.

mod common;

use common::{bin, copy_tree, mark_repositories, sample, scan_json, success_output};
use platform_audit::assets::{AssetMap, AssetModel};
use platform_audit::questionnaire::Catalog;
use std::path::Path;

fn estate_map() -> AssetMap {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("estate");
    copy_tree(Path::new("tests/fixtures/repos/estate"), &root);
    mark_repositories(&root);
    let report = scan_json(&[root.to_str().unwrap()], &[]);
    let catalog = Catalog::load(&[]).unwrap();
    AssetModel::embedded(&catalog).unwrap().map(Some(&report))
}

/// (tool label, repositories) of a job, most used first.
fn job(map: &AssetMap, area: &str, job: &str) -> (Vec<(String, usize)>, f64) {
    let area = map.areas.iter().find(|a| a.id == area).unwrap();
    let job = area.jobs.iter().find(|j| j.id == job).unwrap();
    (
        job.tools
            .iter()
            .map(|t| (t.label.en.clone(), t.repositories))
            .collect(),
        job.fragmentation,
    )
}

#[test]
fn estate_map_counts_tools_per_job_with_their_fragmentation_index() {
    let map = estate_map();
    assert!(map.scanned);
    assert_eq!(map.repositories, 7);
    // Four repositories on GitHub Actions (ci-templates too), one on GitLab CI, one on Jenkins:
    // shares 4/6, 1/6, 1/6, so 1 / (16 + 1 + 1) × 36 = 2.
    assert_eq!(
        job(&map, "build_test", "ci"),
        (
            vec![
                ("GitHub Actions".to_string(), 4),
                ("GitLab CI".to_string(), 1),
                ("Jenkins".to_string(), 1)
            ],
            2.0
        )
    );
    // Terraform in two repositories, Pulumi in one: 1 / (4/9 + 1/9) = 1.8.
    assert_eq!(
        job(&map, "infrastructure", "provisioning"),
        (
            vec![
                ("Terraform / OpenTofu".to_string(), 2),
                ("Pulumi".to_string(), 1)
            ],
            1.8
        )
    );
    // The template's skeleton is a payload: its workflow and Dockerfile are not practice.
    assert_eq!(
        job(&map, "build_test", "image_build").0,
        vec![(
            "Container image build (Dockerfile, Containerfile)".to_string(),
            3
        )]
    );
    let opportunities: Vec<(&str, f64)> = map
        .opportunities
        .iter()
        .map(|o| (o.job.as_str(), o.fragmentation))
        .collect();
    assert_eq!(opportunities, [("ci", 2.0), ("provisioning", 1.8)]);
    let artifacts = map.areas.iter().find(|a| a.id == "artifacts").unwrap();
    assert!(artifacts.jobs.is_empty() && artifacts.tools_in_use == 0);
}

#[test]
fn estate_map_names_the_assets_several_repositories_reference() {
    let map = estate_map();
    let shared: Vec<(&str, &str, Vec<&str>, Option<&str>)> = map
        .shared
        .iter()
        .map(|s| {
            (
                s.reference.as_str(),
                s.target.as_str(),
                s.users.iter().map(|u| u.repository.as_str()).collect(),
                s.defined_in.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        shared,
        [
            (
                "github.reusable_workflow",
                "shop/ci-templates/.github/workflows/build.yml",
                vec!["orders-api", "payments-api", "web-shop"],
                Some("ci-templates")
            ),
            (
                "terraform.module",
                "git::https://git.shop.example/platform/terraform-modules.git//postgres",
                vec!["orders-api", "payments-api"],
                None
            ),
        ],
        "the Jenkins library and the GitLab include are used once each: not shared"
    );
    assert_eq!(map.shared[0].users[0].paths, [".github/workflows/ci.yml"]);
    let build = map.areas.iter().find(|a| a.id == "build_test").unwrap();
    assert_eq!(build.shared_assets, 1);

    let templates: Vec<(&str, &str, Vec<&str>)> = map
        .templates
        .iter()
        .map(|t| {
            (
                t.repository.as_str(),
                t.path.as_str(),
                t.ships.iter().map(|s| s.signal.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        templates,
        [(
            "golden-paths",
            "templates/node-service/template.yaml",
            vec![
                "catalog.backstage_entity",
                "ci.github_actions",
                "containers.dockerfile"
            ]
        )]
    );
}

#[test]
fn score_json_carries_the_sample_map() {
    let out = success_output(bin().args(["score", "samples/acme", "--json"]));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let assets = &json["assets"];
    assert_eq!(assets["scanned"], true);
    assert_eq!(assets["repositories"], 8);
    assert_eq!(assets["areas"].as_array().unwrap().len(), 9);
    let ci = &assets["opportunities"][0];
    assert_eq!(ci["job"], "ci");
    assert_eq!(ci["tools"], 4);
    assert_eq!(
        assets["shared"][0]["target"],
        "acme/platform-gitops/.github/workflows/build-image.yml"
    );
}

fn tvp(dir: &Path, lang: &str) -> String {
    let out = dir.join(format!("page-{lang}.md"));
    success_output(
        bin()
            .arg("tvp")
            .arg(dir)
            .args(["--lang", lang, "--out"])
            .arg(&out),
    );
    std::fs::read_to_string(out).unwrap()
}

#[test]
fn tvp_page_of_the_sample_in_french() {
    let (_tmp, dir) = sample();
    insta::assert_snapshot!(tvp(&dir, "fr"));
}

#[test]
fn tvp_page_of_the_sample_in_english() {
    let (_tmp, dir) = sample();
    insta::assert_snapshot!(tvp(&dir, "en"));
}

#[test]
fn tvp_page_writes_beside_the_report_of_the_engagement_language_by_default() {
    let (_tmp, dir) = sample();
    let out = success_output(bin().arg("tvp").arg(&dir));
    let path = dir.join("reports/fr/tvp.md");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim(),
        path.display().to_string()
    );
    let page = std::fs::read_to_string(path).unwrap();
    assert!(page.starts_with("# Plateforme Acme Logistique — version 0\n"));
}

#[test]
fn without_a_scan_the_page_rests_on_the_answers_and_says_what_a_scan_would_add() {
    let (_tmp, dir) = sample();
    std::fs::remove_file(dir.join("evidence/scan.json")).unwrap();
    let page = tvp(&dir, "en");
    assert!(page.contains("no repository scan was run"), "{page}");
    assert!(page.contains("the assets already shared"), "{page}");
    // Every area keeps its section, with how it works today from the answers.
    let catalog = Catalog::load(&[]).unwrap();
    let model = AssetModel::embedded(&catalog).unwrap();
    for area in &model.areas {
        assert!(
            page.contains(&format!("\n## {}\n", area.label.en)),
            "{}",
            area.id
        );
    }
    assert!(page.contains("### How it works today\n\n- _How does a team get a new environment"));
    assert!(
        !page.contains("No tool of this area found"),
        "no scan is no finding"
    );

    // The report's section says how to run a scan instead of drawing an empty chart.
    success_output(
        bin()
            .arg("report")
            .arg(&dir)
            .args(["--format", "md", "--lang", "en"]),
    );
    let report = std::fs::read_to_string(dir.join("reports/en/report.md")).unwrap();
    assert!(report.contains("No repository scan for this engagement"));
    assert!(!dir.join("reports/en/chart-assets.svg").exists());
}

#[test]
fn the_report_shows_what_the_client_already_has() {
    let (_tmp, dir) = sample();
    success_output(bin().arg("report").arg(&dir).args(["--lang", "en"]));
    let md = std::fs::read_to_string(dir.join("reports/en/report.md")).unwrap();
    assert!(md.contains("## What you already have"));
    assert!(md.contains(
        "- CI systems (Build and test automation): 4 tools for 6 repositories, index 3.0"
    ));
    let svg = std::fs::read_to_string(dir.join("reports/en/chart-assets.svg")).unwrap();
    assert!(svg.contains("Tools in use per capability area"));
    let html = std::fs::read_to_string(dir.join("reports/en/report.html")).unwrap();
    assert!(html.contains("id=\"assets\""));
    assert!(html.contains("build-image.yml") && html.contains("<h2>What you already have</h2>"));
}

#[test]
fn a_bad_assets_file_given_with_data_is_refused_with_its_position() {
    let (tmp, dir) = sample();
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(
        data.join("assets.toml"),
        "version = \"1\"\nconsolidation_threshold = 1.5\nshared_min_repositories = 2\n[[areas]]\nid = \"ci\"\nlabel = { fr = \"IC\", en = \"CI\" }\nsummary = { fr = \"x\", en = \"x\" }\n[[areas.jobs]]\nid = \"ci_tools\"\nlabel = { fr = \"IC\", en = \"CI\" }\ntools = [{ signal = \"ci.nope\" }]\n",
    )
    .unwrap();
    let out = bin()
        .arg("tvp")
        .arg(&dir)
        .arg("--data")
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("assets.toml:11:21: [ci] unknown signal `ci.nope`"),
        "{err}"
    );
    assert!(!dir.join("reports/fr/tvp.md").exists());
}
