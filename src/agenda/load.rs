//! Reading an agenda file: TOML with spans, validated key by key so that every problem is
//! reported at its `LINE:COL`. (Stub: the loader is being written.)

use super::Agenda;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in an agenda, with its place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// 1-based line and column (in characters).
    pub line: usize,
    pub col: usize,
    pub message: String,
    /// The offending source line, sanitized for printing to a terminal.
    pub source_line: String,
}

impl Diagnostic {
    /// `FILE:LINE:COL: error: message` followed by the offending line and a caret.
    pub fn render(&self, file: &str) -> String {
        let _ = file;
        todo!()
    }
}

/// Why an agenda could not be used.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read or is not text at all: one line, `FILE: reason`.
    Unreadable(String),
    /// The file was read; these are its problems (at least one error).
    Invalid(Vec<Diagnostic>),
}

/// Parses and validates agenda source text. On success also returns the warnings.
pub fn parse_str(source: &str) -> Result<(Agenda, Vec<Diagnostic>), Vec<Diagnostic>> {
    let _ = source;
    todo!()
}

/// Reads and validates the agenda at `path`.
pub fn load_file(path: &Path) -> Result<(Agenda, Vec<Diagnostic>, String), LoadError> {
    let _ = path;
    todo!()
}
