//! A deterministic fuzzer for the py_fn compiler front end: mutated corpus
//! programs and grammar-generated valid tier-1 programs through `parse`,
//! `compile`, `compile_to_rust`, `dis_recursive` and `case_json`, each
//! under `catch_unwind` with a 2 s watchdog. See `fuzz/README.md`.

pub mod generate;
pub mod harness;
pub mod inputs;
pub mod minimize;
pub mod mutate;
pub mod rng;
pub mod stats;
