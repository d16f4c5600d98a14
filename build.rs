//! Compiles the default questionnaires, data, report templates and the sample engagement into the
//! binary, so the tool works from any folder. Lists every file under those folders into
//! `$OUT_DIR/embedded.rs` as `(relative path, include_str!(…))` pairs, sorted by path.

use std::fs;
use std::path::{Path, PathBuf};

const ROOTS: &[&str] = &[
    "questionnaires",
    "data",
    "report-templates",
    "form-templates",
    "samples",
];

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.is_file() {
            println!("cargo:rerun-if-changed={}", path.display());
            out.push(path);
        }
    }
}

fn main() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for root in ROOTS {
        collect(&manifest.join(root), &mut files);
    }
    // Sorted as strings, the order `embed::files` promises (`samples/acme-followup/…` before
    // `samples/acme/…`, as `-` comes before `/`); sorting the paths themselves compares them
    // component by component, which gives another order.
    let mut files: Vec<(String, PathBuf)> = files
        .into_iter()
        .map(|path| {
            let rel = path
                .strip_prefix(&manifest)
                .expect("collected under the manifest dir")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, path)
        })
        .collect();
    files.sort();
    let mut code = String::from("pub static FILES: &[(&str, &str)] = &[\n");
    for (rel, path) in files {
        code.push_str(&format!(
            "    ({rel:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    fs::write(out, code).expect("write embedded.rs");
}
