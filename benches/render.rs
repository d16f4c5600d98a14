//! Rendering the sample engagement's reports: HTML (with its inline charts), Markdown (with its
//! sibling chart files) and the Assessment JSON, in one language.
//!
//! `cargo bench --bench render`
//!
//! - `render/all-formats`: from a scored Assessment and loaded templates to the files' contents;
//! - `render/end-to-end`: loading the catalogue, the engagement and the templates, scoring, then
//!   rendering — what `platform-audit report` does, minus writing files.

use criterion::{criterion_group, criterion_main, Criterion};
use platform_audit::engagement::Engagement;
use platform_audit::evidence::ScanReport;
use platform_audit::questionnaire::Catalog;
use platform_audit::report::{render, Format, Options, Output, Templates};
use platform_audit::scoring::Assessment;
use platform_audit::{scoring, Lang};
use std::hint::black_box;
use std::path::Path;

const SAMPLE: &str = "samples/acme";

/// What `render` takes: the catalogue, the sample's scores and scan, and the templates.
struct Inputs {
    catalog: Catalog,
    assessment: Assessment,
    scan: Option<ScanReport>,
    templates: Templates,
}

impl Inputs {
    fn load(dir: &Path) -> Inputs {
        let catalog = Catalog::load(&[]).expect("embedded catalogue");
        let engagement = Engagement::load(dir, &catalog).expect("sample engagement");
        let assessment = scoring::assess(&engagement, &catalog).expect("sample scores");
        Inputs {
            scan: ScanReport::load_optional(dir).expect("sample scan"),
            templates: Templates::load(None).expect("embedded templates"),
            catalog,
            assessment,
        }
    }

    fn render(&self) -> Vec<Output> {
        render(
            &self.assessment,
            &self.catalog,
            self.scan.as_ref(),
            &self.templates,
            Lang::Fr,
            &Format::ALL,
            &Options::full(),
        )
        .expect("render")
    }
}

fn bench(c: &mut Criterion) {
    let dir = Path::new(SAMPLE);
    let inputs = Inputs::load(dir);
    let mut group = c.benchmark_group("render");
    group.sample_size(20);
    group.bench_function("all-formats", |b| b.iter(|| black_box(&inputs).render()));
    group.bench_function("end-to-end", |b| b.iter(|| Inputs::load(dir).render()));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
