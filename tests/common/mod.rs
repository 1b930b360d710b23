//! Helpers shared by the conformance tests.

#![allow(dead_code)]

pub mod cases;

use std::path::{Path, PathBuf};

/// The repository's copy of the conformance corpus.
pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("conformance")
}

/// Names of the cases `conformance/cases/PREFIX*.py`, sorted.
pub fn case_names(prefix: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(corpus().join("cases"))
        .expect("conformance/cases exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix) && n.ends_with(".py"))
        .map(|n| n.trim_end_matches(".py").to_string())
        .collect();
    names.sort();
    names
}
