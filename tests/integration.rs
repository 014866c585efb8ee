//! The integration tests on files and the command line, as one test binary with one module
//! per file in tests/ (tests/live.rs holds those that wait on a terminal, a socket or a
//! browser).
//!
//! Each module was its own test crate until issue 30: 28 binaries, each linking the whole
//! crate and its dependencies, made most of a clean `cargo test`'s build time. Run one
//! file's tests with a filter on its module path, for example
//! `cargo test --test integration import_read::` (see TESTING.md).

mod common;

mod architecture;
mod chart;
mod cli;
mod compat;
mod completions;
mod config;
mod corpus;
mod data_safety;
mod hostile;
mod hostile_props;
mod import;
mod import_lists;
mod import_output;
mod import_read;
mod journal;
mod markdown_structure;
mod properties;
mod safety;
mod series;
mod zones;
