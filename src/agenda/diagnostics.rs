//! What is wrong with an agenda and where: [`Severity`], [`Diagnostic`] (rendered as
//! `FILE:LINE:COL: error: ...` with the line and a caret), [`LoadError`], and the sink `Cx`
//! that turns byte offsets into lines and columns while the loader collects problems.

use crate::text::clean_line;

/// After this many diagnostics the rest are summarised in one line.
const MAX_DIAGNOSTICS: usize = 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
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
    /// `FILE:LINE:COL: error: message` followed by the offending line and a caret:
    ///
    /// ```text
    /// agenda.toml:5:12: error: unknown time zone `Mars/Olympus`: ...
    ///   5 | timezone = "Mars/Olympus"
    ///     |            ^
    /// ```
    ///
    /// Everything printed is sanitized; the result has no trailing newline.
    pub fn render(&self, file: &str) -> String {
        let number = self.line.to_string();
        let pad = " ".repeat(number.len());
        let source = clean_line(&self.source_line);
        // Display width of the characters before the column, so the caret sits under the
        // right character even after wide (CJK, emoji) characters.
        let before: usize = source
            .chars()
            .take(self.col.saturating_sub(1))
            .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
            .sum();
        let short = self
            .col
            .saturating_sub(1)
            .saturating_sub(source.chars().count());
        let shown = format!("  {number} | {source}");
        format!(
            "{}:{}:{}: {}: {}\n{}\n  {pad} | {}^",
            clean_line(file),
            self.line,
            self.col,
            self.severity.as_str(),
            clean_line(&self.message),
            shown.trim_end(),
            " ".repeat(before + short),
        )
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Why an agenda could not be used.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read or is not text at all. The string is the reason only
    /// ("no such file"), without the file name: print it as one line, `FILE: reason`
    /// (see [`LoadError::render`]).
    Unreadable(String),
    /// The file was read; these are its problems (at least one error), warnings included,
    /// in file order.
    Invalid(Vec<Diagnostic>),
}

impl LoadError {
    /// What `gavel check` prints for this error: `FILE: reason`, or every diagnostic
    /// rendered with [`Diagnostic::render`], separated by newlines. No trailing newline.
    pub fn render(&self, file: &str) -> String {
        match self {
            LoadError::Unreadable(reason) => {
                format!("{}: {}", clean_line(file), clean_line(reason))
            }
            LoadError::Invalid(diags) => diags
                .iter()
                .map(|d| d.render(file))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Unreadable(reason) => write!(f, "{}", clean_line(reason)),
            LoadError::Invalid(diags) => {
                let errors = diags.iter().filter(|d| d.is_error()).count();
                write!(
                    f,
                    "invalid agenda: {errors} error{}",
                    if errors == 1 { "" } else { "s" }
                )
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// A diagnostic at byte `offset` of `source`, for the other TOML files gavel reads (its
/// config file), so that they report problems exactly as agendas do.
pub fn diagnostic_at(source: &str, offset: usize, severity: Severity, message: &str) -> Diagnostic {
    Cx::new(source).diag(severity, offset, message)
}

// ---------------------------------------------------------------------------------------------
// Positions and the diagnostic sink

/// Where each line starts, and the diagnostics found so far (at most [`MAX_DIAGNOSTICS`],
/// the rest counted and summarised by [`Cx::finish`]).
pub(super) struct Cx<'s> {
    src: &'s str,
    /// Byte offset at which each line starts.
    line_starts: Vec<usize>,
    diags: Vec<Diagnostic>,
    dropped_errors: usize,
    dropped_warnings: usize,
}

impl<'s> Cx<'s> {
    pub(super) fn new(src: &'s str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        Cx {
            src,
            line_starts,
            diags: Vec::new(),
            dropped_errors: 0,
            dropped_warnings: 0,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(super) fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.src.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let col = self.src[start..]
            .char_indices()
            .take_while(|(i, _)| start + i < offset)
            .count()
            + 1;
        (line, col)
    }

    pub(super) fn line_text(&self, line: usize) -> &'s str {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .map(|&e| e - 1)
            .unwrap_or(self.src.len());
        let text = &self.src[start..end.max(start)];
        text.strip_suffix('\r').unwrap_or(text)
    }

    pub(super) fn diag(&self, severity: Severity, offset: usize, message: &str) -> Diagnostic {
        let (line, col) = self.position(offset);
        Diagnostic {
            severity,
            line,
            col,
            message: clean_line(message),
            source_line: clean_line(self.line_text(line)),
        }
    }

    pub(super) fn push(&mut self, severity: Severity, offset: usize, message: String) {
        if self.diags.len() >= MAX_DIAGNOSTICS {
            match severity {
                Severity::Error => self.dropped_errors += 1,
                Severity::Warning => self.dropped_warnings += 1,
            }
            return;
        }
        let d = self.diag(severity, offset, &message);
        self.diags.push(d);
    }

    pub(super) fn error(&mut self, offset: usize, message: String) {
        self.push(Severity::Error, offset, message);
    }

    pub(super) fn warning(&mut self, offset: usize, message: String) {
        self.push(Severity::Warning, offset, message);
    }

    pub(super) fn has_errors(&self) -> bool {
        self.dropped_errors > 0 || self.diags.iter().any(Diagnostic::is_error)
    }

    pub(super) fn finish(mut self) -> Vec<Diagnostic> {
        self.diags.sort_by_key(|d| (d.line, d.col));
        let dropped = self.dropped_errors + self.dropped_warnings;
        if dropped > 0 {
            let severity = if self.dropped_errors > 0 {
                Severity::Error
            } else {
                Severity::Warning
            };
            let last = self.src.len();
            let d = self.diag(
                severity,
                last,
                &format!("{dropped} more problems not shown; fix the ones above first"),
            );
            self.diags.push(d);
        }
        self.diags
    }
}
