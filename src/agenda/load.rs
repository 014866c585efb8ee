//! Reading an agenda file: TOML with spans, validated key by key so that every problem is
//! reported at its `LINE:COL`.
//!
//! The loader walks the spanned TOML tree (`toml::de::DeTable`) itself instead of deriving
//! `Deserialize`, so that it can report every problem in one pass (not just the first), point
//! at the exact key or value, and suggest a correction for a misspelt key. Text from the file
//! is sanitized as it enters (`crate::text`), so nothing later can print a control character.

use super::zone::Zone;
use super::{
    format_duration, parse_cadence, parse_duration, Agenda, AgendaItem, CarriedAction, ItemKind,
    MeetingSpec, Person, Secs, VoteRule,
};
use crate::text::{clean_line, sanitize};
use chrono::{NaiveDate, NaiveTime};
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// At most this many `[[people]]` and at most this many `[[items]]`.
pub const MAX_ENTRIES: usize = 10_000;
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

/// Parses and validates agenda source text. On success also returns the warnings.
///
/// On failure returns every diagnostic (errors and warnings, at least one error), sorted by
/// position. A leading UTF-8 byte-order mark is ignored.
pub fn parse_str(source: &str) -> Result<(Agenda, Vec<Diagnostic>), Vec<Diagnostic>> {
    let source = source.strip_prefix('\u{FEFF}').unwrap_or(source);
    let mut cx = Cx::new(source);
    let agenda = match DeTable::parse(source) {
        Ok(root) => validate(&mut cx, root.get_ref()),
        Err(err) => {
            let at = err.span().map(|s| s.start).unwrap_or(0);
            cx.error(at, format!("invalid TOML: {}", err.message().trim()));
            None
        }
    };
    let diags = cx.finish();
    match agenda {
        Some(agenda) if !diags.iter().any(Diagnostic::is_error) => Ok((agenda, diags)),
        _ => {
            let mut diags = diags;
            if !diags.iter().any(Diagnostic::is_error) {
                // Cannot happen (every failed field reports an error); stay honest anyway.
                diags.insert(
                    0,
                    Cx::new(source).diag(Severity::Error, 0, "invalid agenda"),
                );
            }
            Err(diags)
        }
    }
}

/// A diagnostic at byte `offset` of `source`, for the other TOML files gavel reads (its
/// config file), so that they report problems exactly as agendas do.
pub fn diagnostic_at(source: &str, offset: usize, severity: Severity, message: &str) -> Diagnostic {
    Cx::new(source).diag(severity, offset, message)
}

/// Reads and validates the agenda at `path`. Returns the agenda, its warnings, and the source
/// text (without a byte-order mark) that the diagnostics' lines and columns refer to.
pub fn load_file(path: &Path) -> Result<(Agenda, Vec<Diagnostic>, String), LoadError> {
    let source =
        crate::output::read_text(path, crate::output::AGENDA).map_err(LoadError::Unreadable)?;
    match parse_str(&source) {
        Ok((agenda, warnings)) => Ok((agenda, warnings, source)),
        Err(diags) => Err(LoadError::Invalid(diags)),
    }
}

// ---------------------------------------------------------------------------------------------
// Positions and the diagnostic sink

struct Cx<'s> {
    src: &'s str,
    /// Byte offset at which each line starts.
    line_starts: Vec<usize>,
    diags: Vec<Diagnostic>,
    dropped_errors: usize,
    dropped_warnings: usize,
}

impl<'s> Cx<'s> {
    fn new(src: &'s str) -> Self {
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
    fn position(&self, offset: usize) -> (usize, usize) {
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

    fn line_text(&self, line: usize) -> &'s str {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .map(|&e| e - 1)
            .unwrap_or(self.src.len());
        let text = &self.src[start..end.max(start)];
        text.strip_suffix('\r').unwrap_or(text)
    }

    fn diag(&self, severity: Severity, offset: usize, message: &str) -> Diagnostic {
        let (line, col) = self.position(offset);
        Diagnostic {
            severity,
            line,
            col,
            message: clean_line(message),
            source_line: clean_line(self.line_text(line)),
        }
    }

    fn push(&mut self, severity: Severity, offset: usize, message: String) {
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

    fn error(&mut self, offset: usize, message: String) {
        self.push(Severity::Error, offset, message);
    }

    fn warning(&mut self, offset: usize, message: String) {
        self.push(Severity::Warning, offset, message);
    }

    fn has_errors(&self) -> bool {
        self.dropped_errors > 0 || self.diags.iter().any(Diagnostic::is_error)
    }

    fn finish(mut self) -> Vec<Diagnostic> {
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

// ---------------------------------------------------------------------------------------------
// Looking at values

type Val<'i> = Spanned<DeValue<'i>>;

/// "a string", "an integer", "a date", ... for messages.
fn describe(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(dt) => match (dt.date.is_some(), dt.time.is_some()) {
            (true, false) => "a date",
            (false, true) => "a time",
            _ => "a date-time",
        },
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

fn integer(v: &DeValue<'_>) -> Option<Result<i64, ()>> {
    match v {
        DeValue::Integer(i) => Some(i64::from_str_radix(i.as_str(), i.radix()).map_err(|_| ())),
        _ => None,
    }
}

fn get<'t, 'i>(table: &'t DeTable<'i>, key: &str) -> Option<&'t Val<'i>> {
    table
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == key)
        .map(|(_, v)| v)
}

/// Optimal-string-alignment edit distance (a transposition counts as one edit).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// The allowed key that `key` was probably meant to be: a close spelling or a known synonym.
fn suggest<'a>(key: &str, allowed: &[&'a str], aliases: &[(&str, &'a str)]) -> Option<&'a str> {
    let lower = key.to_lowercase().replace(['-', ' '], "_");
    if lower.chars().count() > 40 {
        return None;
    }
    if let Some((_, to)) = aliases.iter().find(|(from, _)| *from == lower) {
        return Some(to);
    }
    allowed
        .iter()
        .map(|cand| (edit_distance(&lower, cand), *cand))
        .filter(|(d, cand)| *d <= (cand.len() / 3).clamp(1, 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, cand)| cand)
}

// ---------------------------------------------------------------------------------------------
// Tables of the agenda

/// One table being validated: `what` names it in messages ("[meeting]", "[[people]]").
struct Tbl<'t, 'i> {
    table: &'t DeTable<'i>,
    /// Where to report a missing key: the table's header.
    at: usize,
    what: &'static str,
}

const MEETING_KEYS: &[&str] = &[
    "title",
    "series",
    "date",
    "start",
    "timezone",
    "zones",
    "length",
    "link",
    "moderator",
    "notetaker",
    "cadence",
    "quorum",
    "vote_rule",
    "speaker_limit",
    "info",
    "previous_minutes",
];
const MEETING_ALIASES: &[(&str, &str)] = &[
    ("name", "title"),
    ("tz", "timezone"),
    ("time_zone", "timezone"),
    ("zone", "timezone"),
    ("duration", "length"),
    ("time", "start"),
    ("start_time", "start"),
    ("url", "link"),
    ("chair", "moderator"),
    ("facilitator", "moderator"),
    ("scribe", "notetaker"),
    ("note_taker", "notetaker"),
    ("minutes_taker", "notetaker"),
    ("rule", "vote_rule"),
    ("voting_rule", "vote_rule"),
];
const PEOPLE_KEYS: &[&str] = &[
    "name",
    "affiliation",
    "role",
    "votes",
    "alternate_for",
    "guest",
];
const PEOPLE_ALIASES: &[(&str, &str)] = &[
    ("organization", "affiliation"),
    ("organisation", "affiliation"),
    ("company", "affiliation"),
    ("employer", "affiliation"),
    ("org", "affiliation"),
    ("voting", "votes"),
    ("vote", "votes"),
    ("alternate", "alternate_for"),
];
const ITEM_KEYS: &[&str] = &[
    "title",
    "presenter",
    "timebox",
    "kind",
    "background",
    "links",
    "fixed",
    "standing",
    "speaker_limit",
];
const ITEM_ALIASES: &[(&str, &str)] = &[
    ("name", "title"),
    ("topic", "title"),
    ("owner", "presenter"),
    ("lead", "presenter"),
    ("duration", "timebox"),
    ("length", "timebox"),
    ("time", "timebox"),
    ("type", "kind"),
    ("description", "background"),
    ("notes", "background"),
    ("link", "links"),
    ("url", "links"),
    ("urls", "links"),
];
const ACTION_KEYS: &[&str] = &["owner", "text", "due", "from", "carried"];
const ACTION_ALIASES: &[(&str, &str)] = &[
    ("owners", "owner"),
    ("assignee", "owner"),
    ("who", "owner"),
    ("title", "text"),
    ("action", "text"),
    ("description", "text"),
    ("due_date", "due"),
    ("deadline", "due"),
    ("created", "from"),
    ("since", "from"),
];
const TOP_KEYS: &[&str] = &["meeting", "people", "items", "actions"];
const TOP_ALIASES: &[(&str, &str)] = &[
    ("person", "people"),
    ("persons", "people"),
    ("roster", "people"),
    ("members", "people"),
    ("attendees", "people"),
    ("item", "items"),
    ("agenda", "items"),
    ("topics", "items"),
    ("action", "actions"),
    ("action_items", "actions"),
];

impl<'t, 'i> Tbl<'t, 'i> {
    fn check_keys(&self, cx: &mut Cx<'_>, allowed: &[&str], aliases: &[(&str, &str)]) {
        for (key, _) in self.table.iter() {
            let name = key.get_ref().as_ref();
            if allowed.contains(&name) {
                continue;
            }
            let hint = match suggest(name, allowed, aliases) {
                Some(s) => format!("; did you mean `{s}`?"),
                None => format!("; allowed keys: {}", allowed.join(", ")),
            };
            cx.error(
                key.span().start,
                format!("unknown key `{}` in {}{hint}", clean_line(name), self.what),
            );
        }
    }

    /// The value of `key`; reports it missing when `required`.
    fn value(&self, cx: &mut Cx<'_>, key: &str, required: bool) -> Option<&'t Val<'i>> {
        let v = get(self.table, key);
        if v.is_none() && required {
            cx.error(
                self.at,
                format!("missing required key `{key}` in {}", self.what),
            );
        }
        v
    }

    /// A one-line string, cleaned and trimmed. Empty is an error when `required`, and
    /// counts as absent otherwise.
    fn string(&self, cx: &mut Cx<'_>, key: &str, required: bool) -> Option<String> {
        let v = self.value(cx, key, required)?;
        let s = string_value(cx, key, v)?;
        let s = clean_line(s).trim().to_string();
        if s.is_empty() {
            if required {
                cx.error(v.span().start, format!("`{key}` must not be empty"));
            }
            return None;
        }
        Some(s)
    }

    fn boolean(&self, cx: &mut Cx<'_>, key: &str, default: bool) -> bool {
        match self.value(cx, key, false) {
            None => default,
            Some(v) => match v.get_ref() {
                DeValue::Boolean(b) => *b,
                other => {
                    cx.error(
                        v.span().start,
                        format!("`{key}` must be true or false, found {}", describe(other)),
                    );
                    default
                }
            },
        }
    }

    /// A whole number within `min..=u32::MAX`.
    fn whole(&self, cx: &mut Cx<'_>, key: &str, min: i64) -> Option<u32> {
        let v = self.value(cx, key, false)?;
        let what = if min > 0 {
            "a positive whole number"
        } else {
            "a whole number, zero or more"
        };
        match integer(v.get_ref()) {
            None => {
                cx.error(
                    v.span().start,
                    format!(
                        "`{key}` must be a whole number, found {}",
                        describe(v.get_ref())
                    ),
                );
                None
            }
            Some(Ok(n)) if n >= min && n <= i64::from(u32::MAX) => Some(n as u32),
            Some(_) => {
                cx.error(v.span().start, format!("`{key}` must be {what}"));
                None
            }
        }
    }

    fn duration(&self, cx: &mut Cx<'_>, key: &str, required: bool) -> Option<Secs> {
        let v = self.value(cx, key, required)?;
        let parsed = match v.get_ref() {
            DeValue::Integer(i) => parse_duration(&integer_text(i)),
            DeValue::String(s) => parse_duration(s),
            other => Err(format!(
                "`{key}` must be a duration like \"15m\" or \"1h30m\", or a number of minutes, found {}",
                describe(other)
            )),
        };
        parsed
            .map_err(|e| cx.error(v.span().start, format!("bad `{key}`: {e}")))
            .ok()
    }

    fn date(&self, cx: &mut Cx<'_>, key: &str, required: bool) -> Option<NaiveDate> {
        let v = self.value(cx, key, required)?;
        let bad =
            |found: &str| format!("`{key}` must be a date written like 2026-03-04, found {found}");
        let date = match v.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
                dt.date.and_then(|d| {
                    NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                })
            }
            DeValue::String(s) => {
                let t = s.trim();
                if t.len() == 10 {
                    NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()
                } else {
                    None
                }
            }
            _ => None,
        };
        if date.is_none() {
            let found = match v.get_ref() {
                DeValue::String(s) => format!("\"{}\"", clean_line(s)),
                other => describe(other).to_string(),
            };
            cx.error(v.span().start, bad(&found));
        }
        date
    }

    fn time(&self, cx: &mut Cx<'_>, key: &str, required: bool) -> Option<NaiveTime> {
        let v = self.value(cx, key, required)?;
        let time = match v.get_ref() {
            DeValue::Datetime(dt) if dt.date.is_none() && dt.offset.is_none() => {
                dt.time.and_then(|t| {
                    NaiveTime::from_hms_opt(
                        u32::from(t.hour),
                        u32::from(t.minute),
                        u32::from(t.second.unwrap_or(0)),
                    )
                })
            }
            DeValue::String(s) => {
                let t = s.trim();
                let digits_ok = t.split(':').all(|p| p.len() == 2 || p.len() == 1);
                if digits_ok {
                    NaiveTime::parse_from_str(t, "%H:%M")
                        .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M:%S"))
                        .ok()
                } else {
                    None
                }
            }
            _ => None,
        };
        if time.is_none() {
            let found = match v.get_ref() {
                DeValue::String(s) => format!("\"{}\"", clean_line(s)),
                other => describe(other).to_string(),
            };
            cx.error(
                v.span().start,
                format!("`{key}` must be a 24-hour time written like \"17:00\", found {found}"),
            );
        }
        time
    }

    /// An array of one-line strings (empty entries dropped).
    fn strings(&self, cx: &mut Cx<'_>, key: &str) -> Vec<String> {
        let Some(v) = self.value(cx, key, false) else {
            return Vec::new();
        };
        let DeValue::Array(arr) = v.get_ref() else {
            cx.error(
                v.span().start,
                format!(
                    "`{key}` must be an array of strings, like [\"https://example.org\"], found {}",
                    describe(v.get_ref())
                ),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for e in arr.iter() {
            match e.get_ref() {
                DeValue::String(s) => {
                    let s = clean_line(s).trim().to_string();
                    if !s.is_empty() {
                        out.push(s);
                    }
                }
                other => cx.error(
                    e.span().start,
                    format!(
                        "each entry of `{key}` must be a string, found {}",
                        describe(other)
                    ),
                ),
            }
        }
        out
    }
}

fn integer_text(i: &toml::de::DeInteger<'_>) -> String {
    match i64::from_str_radix(i.as_str(), i.radix()) {
        Ok(n) => n.to_string(),
        Err(_) => i.as_str().to_string(),
    }
}

fn string_value<'v>(cx: &mut Cx<'_>, key: &str, v: &'v Val<'_>) -> Option<&'v str> {
    match v.get_ref() {
        DeValue::String(s) => Some(s.as_ref()),
        other => {
            cx.error(
                v.span().start,
                format!("`{key}` must be a string, found {}", describe(other)),
            );
            None
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The agenda

fn validate(cx: &mut Cx<'_>, root: &DeTable<'_>) -> Option<Agenda> {
    for (key, _) in root.iter() {
        let name = key.get_ref().as_ref();
        if !TOP_KEYS.contains(&name) {
            let hint = match suggest(name, TOP_KEYS, TOP_ALIASES) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "an agenda has only [meeting], [[people]], [[items]] and [[actions]]"
                    .to_string(),
            };
            cx.error(
                key.span().start,
                format!("unknown table or key `{}`; {hint}", clean_line(name)),
            );
        }
    }

    let meeting = match get(root, "meeting") {
        None => {
            cx.error(
                0,
                "no [meeting] table: an agenda needs [meeting] with title, date, start, timezone and length"
                    .into(),
            );
            None
        }
        Some(v) => match v.get_ref() {
            DeValue::Table(t) => Some((t, v.span())),
            other => {
                cx.error(
                    v.span().start,
                    format!(
                        "`meeting` must be a table ([meeting]), found {}",
                        describe(other)
                    ),
                );
                None
            }
        },
    };
    let meeting = meeting.and_then(|(t, span)| meeting_spec(cx, t, span));

    let people: Vec<_> = entries(cx, root, "people", "person")
        .into_iter()
        .map(|(t, at)| (person(cx, t, at), t))
        .collect();
    let roster = check_roster(cx, people);

    let items: Vec<Option<AgendaItem>> = entries(cx, root, "items", "item")
        .into_iter()
        .map(|(t, at)| item(cx, t, at, roster.as_ref()))
        .collect();
    let actions: Vec<Option<CarriedAction>> = entries(cx, root, "actions", "action")
        .into_iter()
        .map(|(t, at)| action(cx, t, at))
        .collect();

    let items: Option<Vec<AgendaItem>> = items.into_iter().collect();
    if let (Some((m, length_at)), Some(items)) = (&meeting, &items) {
        let planned: Secs = items.iter().map(|i| i.timebox).sum();
        if planned > m.length {
            cx.warning(
                *length_at,
                format!(
                    "the items' time boxes add up to {}, {} more than the meeting's length of {}",
                    format_duration(planned),
                    format_duration(planned - m.length),
                    format_duration(m.length),
                ),
            );
        }
    }

    if cx.has_errors() {
        return None;
    }
    Some(Agenda {
        meeting: meeting?.0,
        people: roster?,
        items: items?,
        actions: actions.into_iter().collect::<Option<_>>()?,
    })
}

/// The entries of an array of tables (`[[people]]`), with where each one starts. Reports a
/// wrong shape and entries beyond [`MAX_ENTRIES`].
fn entries<'t, 'i>(
    cx: &mut Cx<'_>,
    root: &'t DeTable<'i>,
    key: &'static str,
    one: &str,
) -> Vec<(&'t DeTable<'i>, usize)> {
    let Some(v) = get(root, key) else {
        return Vec::new();
    };
    let DeValue::Array(arr) = v.get_ref() else {
        cx.error(
            v.span().start,
            format!(
                "`{key}` must be a list of tables, each one written as [[{key}]], found {}",
                describe(v.get_ref())
            ),
        );
        return Vec::new();
    };
    if key != "actions" && arr.len() > MAX_ENTRIES {
        cx.error(
            arr[MAX_ENTRIES].span().start,
            format!(
                "too many {key}: {} (at most {MAX_ENTRIES} are allowed)",
                arr.len()
            ),
        );
    }
    let mut out = Vec::new();
    let limit = if key == "actions" {
        usize::MAX
    } else {
        MAX_ENTRIES
    };
    for e in arr.iter().take(limit) {
        match e.get_ref() {
            DeValue::Table(t) => out.push((t, e.span().start)),
            other => cx.error(
                e.span().start,
                format!(
                    "each {one} in `{key}` must be a table ([[{key}]] or {{ ... }}), found {}",
                    describe(other)
                ),
            ),
        }
    }
    out
}

/// The meeting and where its `length` is written (for the over-length warning).
/// `zones = ["America/Los_Angeles", "Europe/Berlin"]`: each entry a zone as `timezone`
/// accepts, an unknown one an error at that entry.
fn meeting_zones(cx: &mut Cx<'_>, t: &Tbl<'_, '_>) -> Vec<Zone> {
    let Some(v) = t.value(cx, "zones", false) else {
        return Vec::new();
    };
    let DeValue::Array(arr) = v.get_ref() else {
        cx.error(
            v.span().start,
            format!(
                "`zones` must be an array of time zones, like [\"America/Los_Angeles\", \"Europe/Berlin\"], found {}",
                describe(v.get_ref())
            ),
        );
        return Vec::new();
    };
    let mut out: Vec<Zone> = Vec::new();
    for e in arr.iter() {
        let Some(s) = string_value(cx, "zones", e) else {
            continue;
        };
        match Zone::parse(s) {
            Ok(z) if !out.contains(&z) => out.push(z),
            Ok(_) => {}
            Err(msg) => cx.error(e.span().start, msg),
        }
    }
    out
}

fn meeting_spec(
    cx: &mut Cx<'_>,
    table: &DeTable<'_>,
    span: Range<usize>,
) -> Option<(MeetingSpec, usize)> {
    let t = Tbl {
        table,
        at: span.start,
        what: "[meeting]",
    };
    t.check_keys(cx, MEETING_KEYS, MEETING_ALIASES);
    let title = t.string(cx, "title", true);
    let series = t.string(cx, "series", false);
    let date = t.date(cx, "date", true);
    let start = t.time(cx, "start", true);
    let timezone = t.value(cx, "timezone", true).and_then(|v| {
        let s = string_value(cx, "timezone", v)?;
        Zone::parse(s).map_err(|e| cx.error(v.span().start, e)).ok()
    });
    let zones = meeting_zones(cx, &t);
    let length_at = get(table, "length").map(|v| v.span().start).unwrap_or(t.at);
    let length = t.duration(cx, "length", true);
    let link = t.string(cx, "link", false);
    let moderator = t.string(cx, "moderator", false);
    let notetaker = t.string(cx, "notetaker", false);
    let cadence = t.value(cx, "cadence", false).and_then(|v| {
        let s = string_value(cx, "cadence", v)?;
        parse_cadence(s.trim())
            .map_err(|e| cx.error(v.span().start, e))
            .ok()
    });
    let quorum = t.whole(cx, "quorum", 1);
    let vote_rule = t
        .value(cx, "vote_rule", false)
        .and_then(|v| {
            let s = string_value(cx, "vote_rule", v)?;
            let rule = VoteRule::parse(s.trim());
            if rule.is_none() {
                cx.error(
                    v.span().start,
                    format!(
                        "unknown vote_rule `{}`: use \"majority\", \"two-thirds\", \"majority-of-present\" or \"consensus\"",
                        clean_line(s)
                    ),
                );
            }
            rule
        })
        .unwrap_or_default();
    let speaker_limit = t.duration(cx, "speaker_limit", false);
    let info = meeting_info(cx, table);
    let previous_minutes = t.string(cx, "previous_minutes", false);

    Some((
        MeetingSpec {
            title: title?,
            series,
            date: date?,
            start: start?,
            timezone: timezone?,
            zones,
            length: length?,
            link,
            moderator,
            notetaker,
            cadence,
            quorum,
            vote_rule,
            speaker_limit,
            info,
            previous_minutes,
        },
        length_at,
    ))
}

fn meeting_info(cx: &mut Cx<'_>, meeting: &DeTable<'_>) -> Vec<(String, String)> {
    let Some(v) = get(meeting, "info") else {
        return Vec::new();
    };
    let DeValue::Table(info) = v.get_ref() else {
        cx.error(
            v.span().start,
            format!(
                "`info` must be a table ([meeting.info]) of names and texts, found {}",
                describe(v.get_ref())
            ),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in info.iter() {
        let key = clean_line(k.get_ref()).trim().to_string();
        match v.get_ref() {
            DeValue::String(s) => out.push((key, clean_line(s).trim().to_string())),
            other => cx.error(
                v.span().start,
                format!(
                    "[meeting.info] values must be strings, but `{key}` is {}",
                    describe(other)
                ),
            ),
        }
    }
    out
}

fn person(cx: &mut Cx<'_>, table: &DeTable<'_>, at: usize) -> Option<Person> {
    let t = Tbl {
        table,
        at,
        what: "[[people]]",
    };
    t.check_keys(cx, PEOPLE_KEYS, PEOPLE_ALIASES);
    let name = t.string(cx, "name", true);
    let affiliation = t.string(cx, "affiliation", false);
    let role = t
        .string(cx, "role", false)
        .unwrap_or_else(|| "member".to_string());
    let votes = t.boolean(cx, "votes", true);
    let alternate_for = t.string(cx, "alternate_for", false);
    let guest = t.boolean(cx, "guest", false);
    Some(Person {
        name: name?,
        affiliation,
        role,
        votes,
        alternate_for,
        guest,
    })
}

/// Duplicate names and `alternate_for` are checked once the whole roster is read. Returns
/// the roster (alternates spelled as the roster spells the member) or `None` if any entry
/// was invalid.
fn check_roster(
    cx: &mut Cx<'_>,
    people: Vec<(Option<Person>, &DeTable<'_>)>,
) -> Option<Vec<Person>> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (p, t) in &people {
        let Some(p) = p else { continue };
        let at = get(t, "name").map(|v| v.span().start).unwrap_or(0);
        match seen.get(&p.name.to_lowercase()) {
            Some(&first) => {
                let (line, _) = cx.position(first);
                cx.error(
                    at,
                    format!(
                        "`{}` is already on the roster (line {line}); names must be unique, ignoring case",
                        p.name
                    ),
                );
            }
            None => {
                seen.insert(p.name.to_lowercase(), at);
            }
        }
    }
    let canonical: HashMap<String, String> = people
        .iter()
        .filter_map(|(p, _)| p.as_ref())
        .map(|p| (p.name.to_lowercase(), p.name.clone()))
        .collect();
    let mut roster = Vec::new();
    let mut complete = true;
    for (p, t) in people {
        let Some(mut p) = p else {
            complete = false;
            continue;
        };
        if let Some(member) = &p.alternate_for {
            let at = get(t, "alternate_for").map(|v| v.span().start).unwrap_or(0);
            match canonical.get(&member.to_lowercase()) {
                None => cx.error(
                    at,
                    format!("`alternate_for` names `{member}`, who is not on the roster"),
                ),
                Some(m) if m.to_lowercase() == p.name.to_lowercase() => {
                    cx.error(at, format!("`{}` cannot be their own alternate", p.name))
                }
                Some(m) => p.alternate_for = Some(m.clone()),
            }
        }
        roster.push(p);
    }
    complete.then_some(roster)
}

fn item(
    cx: &mut Cx<'_>,
    table: &DeTable<'_>,
    at: usize,
    roster: Option<&Vec<Person>>,
) -> Option<AgendaItem> {
    let t = Tbl {
        table,
        at,
        what: "[[items]]",
    };
    t.check_keys(cx, ITEM_KEYS, ITEM_ALIASES);
    let title = t.string(cx, "title", true);
    let presenter = t.string(cx, "presenter", false);
    // Without a roster there is nothing to check a presenter against.
    let roster = roster.filter(|r| !r.is_empty());
    if let (Some(name), Some(roster)) = (&presenter, roster) {
        let lower = name.to_lowercase();
        if !roster.iter().any(|p| p.name.to_lowercase() == lower) {
            let at = get(table, "presenter")
                .map(|v| v.span().start)
                .unwrap_or(at);
            cx.warning(at, format!("presenter `{name}` is not on the roster"));
        }
    }
    let timebox = t.duration(cx, "timebox", true);
    let kind = t
        .value(cx, "kind", false)
        .and_then(|v| {
            let s = string_value(cx, "kind", v)?;
            let kind = ItemKind::parse(s.trim());
            if kind.is_none() {
                cx.error(
                    v.span().start,
                    format!(
                        "unknown kind `{}`: use \"info\", \"discussion\" or \"decision\"",
                        clean_line(s)
                    ),
                );
            }
            kind
        })
        .unwrap_or_default();
    let background = t.value(cx, "background", false).and_then(|v| {
        let s = sanitize(string_value(cx, "background", v)?, true);
        let s = s.trim_end().trim_start_matches('\n');
        (!s.trim().is_empty()).then(|| s.to_string())
    });
    let links = t.strings(cx, "links");
    let fixed = t.boolean(cx, "fixed", false);
    let standing = t.boolean(cx, "standing", false);
    let speaker_limit = t.duration(cx, "speaker_limit", false);
    Some(AgendaItem {
        title: title?,
        presenter,
        timebox: timebox?,
        kind,
        background,
        links,
        fixed,
        standing,
        speaker_limit,
    })
}

fn action(cx: &mut Cx<'_>, table: &DeTable<'_>, at: usize) -> Option<CarriedAction> {
    let t = Tbl {
        table,
        at,
        what: "[[actions]]",
    };
    t.check_keys(cx, ACTION_KEYS, ACTION_ALIASES);
    let owners = t.value(cx, "owner", true).and_then(|v| {
        let bad = |cx: &mut Cx<'_>, found: &str| {
            cx.error(
                v.span().start,
                format!("`owner` must be a name or a list of names, found {found}"),
            );
        };
        let owners: Vec<String> = match v.get_ref() {
            DeValue::String(s) => vec![clean_line(s).trim().to_string()],
            DeValue::Array(arr) => {
                let mut out = Vec::new();
                for e in arr.iter() {
                    match e.get_ref() {
                        DeValue::String(s) => out.push(clean_line(s).trim().to_string()),
                        other => {
                            cx.error(
                                e.span().start,
                                format!(
                                    "each owner must be a name (a string), found {}",
                                    describe(other)
                                ),
                            );
                            return None;
                        }
                    }
                }
                out
            }
            other => {
                bad(cx, describe(other));
                return None;
            }
        };
        if owners.is_empty() || owners.iter().any(String::is_empty) {
            cx.error(v.span().start, "`owner` must not be empty".into());
            return None;
        }
        Some(owners)
    });
    let text = t.string(cx, "text", true);
    let due = t.date(cx, "due", false);
    let from = t.date(cx, "from", false);
    let carried = t.whole(cx, "carried", 0).unwrap_or(0);
    Some(CarriedAction {
        owners: owners?,
        text: text?,
        due,
        from,
        carried,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    const HEAD: &str = "[meeting]\ntitle = \"T\"\ndate = 2026-03-04\nstart = \"17:00\"\ntimezone = \"UTC\"\nlength = \"60m\"\n";

    /// (line, col, severity, message) of every diagnostic; panics if the source is valid.
    fn problems(src: &str) -> Vec<(usize, usize, Severity, String)> {
        match parse_str(src) {
            Ok((_, w)) => panic!("expected errors, got a valid agenda with warnings {w:?}"),
            Err(d) => d
                .into_iter()
                .map(|d| (d.line, d.col, d.severity, d.message))
                .collect(),
        }
    }

    /// The one diagnostic of `src`, as (line, col, message).
    fn only(src: &str) -> (usize, usize, String) {
        let p = problems(src);
        assert_eq!(p.len(), 1, "{p:#?}");
        assert_eq!(p[0].2, Severity::Error);
        (p[0].0, p[0].1, p[0].3.clone())
    }

    fn valid(src: &str) -> (Agenda, Vec<Diagnostic>) {
        parse_str(src).unwrap_or_else(|d| panic!("{d:#?}"))
    }

    #[test]
    fn minimal_agenda_has_defaults() {
        let (a, w) = valid(HEAD);
        assert!(w.is_empty());
        assert_eq!(a.meeting.title, "T");
        assert_eq!(a.meeting.length, 3600);
        assert_eq!(a.meeting.vote_rule, VoteRule::Majority);
        assert!(a.people.is_empty() && a.items.is_empty() && a.actions.is_empty());
    }

    #[test]
    fn empty_file_and_missing_meeting() {
        let (l, c, m) = only("");
        assert_eq!((l, c), (1, 1));
        assert!(m.contains("no [meeting] table"), "{m}");
        let (l, c, _) = only("# just a comment\n[[people]]\nname = \"A\"\n");
        assert_eq!((l, c), (1, 1));
    }

    #[test]
    fn toml_syntax_error_at_its_place() {
        let (l, c, m) = only(&format!("{HEAD}quorum = = 3\n"));
        assert_eq!((l, c), (7, 10));
        assert_eq!(m, "invalid TOML: extra `=`, expected nothing");
        // A control character in the file never reaches the message or the shown line.
        let err = parse_str("[meeting]\ntitle = \"a\u{1b}[2Jb\"\n").unwrap_err();
        assert_eq!(err[0].line, 2);
        let shown = err[0].render("f.toml");
        assert!(
            !shown.chars().any(|c| c.is_control() && c != '\n'),
            "{shown:?}"
        );
    }

    #[test]
    fn missing_required_keys_at_the_header() {
        let p = problems("\n[meeting]\ntitle = \"T\"\n");
        let want: Vec<_> = ["date", "start", "timezone", "length"]
            .iter()
            .map(|k| {
                (
                    2,
                    1,
                    Severity::Error,
                    format!("missing required key `{k}` in [meeting]"),
                )
            })
            .collect();
        assert_eq!(p, want);
        let p = problems(&format!(
            "{HEAD}[[people]]\naffiliation = \"X\"\n[[items]]\ntitle = \"A\"\n[[actions]]\ndue = 2026-01-01\n"
        ));
        let at: Vec<_> = p.iter().map(|(l, c, _, m)| (*l, *c, m.as_str())).collect();
        assert_eq!(
            at,
            [
                (7, 1, "missing required key `name` in [[people]]"),
                (9, 1, "missing required key `timebox` in [[items]]"),
                (11, 1, "missing required key `owner` in [[actions]]"),
                (11, 1, "missing required key `text` in [[actions]]"),
            ]
        );
    }

    #[test]
    fn unknown_keys_with_suggestions() {
        let p = problems(&format!(
            "{HEAD}quorom = 3\n[[items]]\ntitel = \"x\"\ntitle = \"y\"\ntimebox = 5\n[[person]]\nname = \"A\"\n"
        ));
        let at: Vec<_> = p.iter().map(|(l, c, _, m)| (*l, *c, m.as_str())).collect();
        assert_eq!(
            at,
            [
                (
                    7,
                    1,
                    "unknown key `quorom` in [meeting]; did you mean `quorum`?"
                ),
                (
                    9,
                    1,
                    "unknown key `titel` in [[items]]; did you mean `title`?"
                ),
                (
                    12,
                    3,
                    "unknown table or key `person`; did you mean `people`?"
                ),
            ]
        );
        let (_, _, m) = only(&format!("{HEAD}colour = \"red\"\n"));
        assert!(m.contains("allowed keys: title, series"), "{m}");
    }

    #[test]
    fn wrong_types() {
        let (l, c, m) = only(&format!("{HEAD}quorum = \"four\"\n"));
        assert_eq!((l, c), (7, 10));
        assert_eq!(m, "`quorum` must be a whole number, found a string");
        let (l, c, m) = only(&format!("{HEAD}quorum = 0\n"));
        assert_eq!(
            (l, c, m.as_str()),
            (7, 10, "`quorum` must be a positive whole number")
        );
        let (l, c, m) = only(&format!(
            "{HEAD}[[people]]\nname = \"A\"\nvotes = \"yes\"\n"
        ));
        assert_eq!((l, c), (9, 9));
        assert_eq!(m, "`votes` must be true or false, found a string");
        let (l, c, m) = only(&format!("{HEAD}link = 5\n"));
        assert_eq!(
            (l, c, m.as_str()),
            (7, 8, "`link` must be a string, found an integer")
        );
        let (l, c, _) = only(&format!(
            "{HEAD}[[items]]\ntitle = \"A\"\ntimebox = 5\nlinks = \"x\"\n"
        ));
        assert_eq!((l, c), (10, 9));
        let (l, c, _) = only(&format!(
            "{HEAD}[[items]]\ntitle = \"A\"\ntimebox = 5\nlinks = [\"x\", 3]\n"
        ));
        assert_eq!((l, c), (10, 15));
        let (l, c, m) = only(&format!("{HEAD}[[actions]]\nowner = 7\ntext = \"t\"\n"));
        assert_eq!((l, c), (8, 9));
        assert!(m.contains("a name or a list of names"), "{m}");
        let (l, c, _) = only(&format!(
            "{HEAD}[[actions]]\nowner = \"A\"\ntext = \"t\"\ncarried = -1\n"
        ));
        assert_eq!((l, c), (10, 11));
        let (l, c, m) = only(&format!("people = \"x\"\n{HEAD}"));
        assert_eq!((l, c), (1, 10));
        assert!(m.contains("[[people]]"), "{m}");
        let (l, c, m) = only("meeting = 3\n");
        assert_eq!((l, c), (1, 11));
        assert!(m.contains("must be a table"), "{m}");
        let (l, c, m) = only(&format!("{HEAD}[meeting.info]\nlist = 3\n"));
        assert_eq!((l, c), (8, 8));
        assert!(m.contains("`list`"), "{m}");
    }

    #[test]
    fn bad_values() {
        let src = "[meeting]\ntitle = \"\"\ndate = \"2026-13-01\"\nstart = \"25:00\"\ntimezone = \"Mars/Olympus\"\nlength = \"1h30\"\ncadence = \"fortnightly\"\nvote_rule = \"plurality\"\nspeaker_limit = true\n[[items]]\ntitle = \"A\"\ntimebox = \"0m\"\nkind = \"debate\"\n";
        let p = problems(src);
        let at: Vec<_> = p.iter().map(|(l, c, s, _)| (*l, *c, *s)).collect();
        let e = Severity::Error;
        assert_eq!(
            at,
            [
                (2, 9, e),
                (3, 8, e),
                (4, 9, e),
                (5, 12, e),
                (6, 10, e),
                (7, 11, e),
                (8, 13, e),
                (9, 17, e),
                (12, 11, e),
                (13, 8, e),
            ]
        );
        assert_eq!(p[0].3, "`title` must not be empty");
        assert!(
            p[3].3.starts_with("unknown time zone `Mars/Olympus`"),
            "{}",
            p[3].3
        );
        assert!(
            p[4].3.starts_with("bad `length`: `1h30` is not a duration"),
            "{}",
            p[4].3
        );
        assert!(
            p[6].3.starts_with("unknown vote_rule `plurality`"),
            "{}",
            p[6].3
        );
        assert!(p[9].3.starts_with("unknown kind `debate`"), "{}", p[9].3);
        // A date-time where a date belongs.
        let (l, c, m) = only(&HEAD.replace("2026-03-04", "2026-03-04T10:00:00Z"));
        assert_eq!((l, c), (3, 8));
        assert!(m.ends_with("found a date-time"), "{m}");
    }

    #[test]
    fn roster_checks() {
        let src = format!(
            "{HEAD}[[people]]\nname = \"Ada Moreno\"\n[[people]]\nname = \"ada moreno\"\n[[people]]\nname = \"Cy\"\nalternate_for = \"Nobody\"\n[[people]]\nname = \"Di\"\nalternate_for = \"di\"\n"
        );
        let p = problems(&src);
        let at: Vec<_> = p.iter().map(|(l, c, _, m)| (*l, *c, m.as_str())).collect();
        assert_eq!(
            at,
            [
                (
                    10,
                    8,
                    "`ada moreno` is already on the roster (line 8); names must be unique, ignoring case"
                ),
                (13, 17, "`alternate_for` names `Nobody`, who is not on the roster"),
                (16, 17, "`Di` cannot be their own alternate"),
            ]
        );
        // alternate_for is matched ignoring case and stored as the roster spells it.
        let (a, _) = valid(&format!(
            "{HEAD}[[people]]\nname = \"Ada Moreno\"\n[[people]]\nname = \"Bo\"\nalternate_for = \"ada moreno\"\n"
        ));
        assert_eq!(a.people[1].alternate_for.as_deref(), Some("Ada Moreno"));
    }

    #[test]
    fn warnings_do_not_fail_the_load() {
        let src = format!(
            "{HEAD}[[people]]\nname = \"Ada\"\n[[items]]\ntitle = \"A\"\npresenter = \"Zed\"\ntimebox = \"45m\"\n[[items]]\ntitle = \"B\"\ntimebox = 20\n"
        );
        let (a, w) = valid(&src);
        assert_eq!(a.items.len(), 2);
        let at: Vec<_> = w
            .iter()
            .map(|d| (d.line, d.col, d.severity, d.message.as_str()))
            .collect();
        assert_eq!(
            at,
            [
                (
                    6,
                    10,
                    Severity::Warning,
                    "the items' time boxes add up to 1h5m, 5m more than the meeting's length of 1h"
                ),
                (
                    11,
                    13,
                    Severity::Warning,
                    "presenter `Zed` is not on the roster"
                ),
            ]
        );
        // No roster at all: presenters are not checked.
        let (_, w) = valid(&format!(
            "{HEAD}[[items]]\ntitle = \"A\"\npresenter = \"Zed\"\ntimebox = 5\n"
        ));
        assert!(w.is_empty(), "{w:?}");
        // With an error as well, the Err carries both, in file order.
        let bad = src.replace("timebox = 20", "timebox = 20\nfixed = 1");
        let p = problems(&bad);
        assert_eq!(p.len(), 3);
        assert_eq!(p.iter().filter(|d| d.2 == Severity::Error).count(), 1);
        assert_eq!(p[2].0, 16);
    }

    #[test]
    fn collects_every_problem_in_one_pass() {
        let src = "[meeting]\ntitle = 1\nlength = \"x\"\n[[items]]\ntimebox = \"5q\"\n[[actions]]\nowner = []\ntext = \"\"\n";
        let p = problems(src);
        assert!(p.len() >= 8, "{p:#?}");
        let lines: Vec<_> = p.iter().map(|d| d.0).collect();
        let mut sorted = lines.clone();
        sorted.sort();
        assert_eq!(lines, sorted);
    }

    #[test]
    fn limits() {
        let mut src = HEAD.to_string();
        for i in 0..=MAX_ENTRIES {
            src.push_str(&format!("[[people]]\nname = \"P{i}\"\n"));
        }
        let (l, c, m) = only(&src);
        assert_eq!((l, c), (7 + 2 * MAX_ENTRIES, 1));
        assert!(m.starts_with("too many people"), "{m}");
    }

    #[test]
    fn crlf_and_bom() {
        let crlf = format!("\u{FEFF}{}quorum = \"x\"\r\n", HEAD.replace('\n', "\r\n"));
        let p = parse_str(&crlf).unwrap_err();
        assert_eq!((p[0].line, p[0].col), (7, 10));
        assert_eq!(p[0].source_line, "quorum = \"x\"");
        let ok = format!("\u{FEFF}{}", HEAD.replace('\n', "\r\n"));
        assert_eq!(valid(&ok).0.meeting.title, "T");
        // A multi-line string keeps its lines but loses the carriage returns.
        let (a, _) = valid(&format!(
            "{}[[items]]\r\ntitle = \"A\"\r\ntimebox = 5\r\nbackground = \"\"\"\r\none\r\ntwo\r\n\"\"\"\r\n",
            HEAD.replace('\n', "\r\n")
        ));
        assert_eq!(a.items[0].background.as_deref(), Some("one\ntwo"));
    }

    #[test]
    fn columns_count_characters() {
        let (l, c, _) = only(&format!(
            "{HEAD}[meeting.info]\n\"Liste de diffusion é\" = 3\n"
        ));
        assert_eq!((l, c), (8, 26));
    }

    #[test]
    fn render_format() {
        let d = parse_str(&format!("{HEAD}timezone2 = 1\n"))
            .unwrap_err()
            .remove(0);
        assert_eq!(
            d.render("a.toml"),
            "a.toml:7:1: error: unknown key `timezone2` in [meeting]; did you mean `timezone`?\n  7 | timezone2 = 1\n    | ^"
        );
        let d = Diagnostic {
            severity: Severity::Warning,
            line: 12,
            col: 3,
            message: "m\u{1b}".into(),
            source_line: "日本x".into(),
        };
        assert_eq!(
            d.render("f\u{7}.toml"),
            "f\u{FFFD}.toml:12:3: warning: m\u{FFFD}\n  12 | 日本x\n     |     ^"
        );
    }

    #[test]
    fn sanitizes_text_fields() {
        let (a, _) = valid(&format!(
            "{}[[items]]\ntitle = \"A\\u001b[2J\\nB\"\ntimebox = 5\nbackground = \"x\\u0007\\ny\\u202e\"\n",
            HEAD.replace("title = \"T\"", "title = \"  T\\tx  \"")
        ));
        assert_eq!(a.meeting.title, "T x");
        assert_eq!(a.items[0].title, "A\u{FFFD}[2J B");
        assert_eq!(
            a.items[0].background.as_deref(),
            Some("x\u{FFFD}\ny\u{FFFD}")
        );
    }

    #[test]
    fn full_agenda_round_trips_every_field() {
        let src = r#"
[meeting]
title = "Widget Foundation Steering Committee"
series = "widget-sc"
date = 2026-03-04
start = 17:30:00
timezone = "Europe/Berlin"
length = 90
link = "https://meet.example.org/widget-sc"
moderator = "Ada Moreno"
notetaker = "Ben Okafor"
cadence = "2w Wed"
quorum = 2
vote_rule = "two-thirds"
speaker_limit = "2m30s"

[meeting.info]
"Zulu list" = "sc@lists.example.org"
"Alpha notes" = "https://wiki.example.org"

[[people]]
name = "Ada Moreno"
affiliation = "Acme Labs"
role = "chair"
votes = true

[[people]]
name = "Ben Okafor"

[[people]]
name = "Cy Park"
affiliation = "Globex"
votes = false
alternate_for = "Ada Moreno"
guest = true

[[items]]
title = "Security issue response process"
presenter = "Ada Moreno"
timebox = "15m"
kind = "decision"
background = """Line one.
Line two."""
links = ["https://example.org/pr/1", "https://example.org/pr/2"]
fixed = true
standing = true
speaker_limit = 60

[[items]]
title = "AOB"
timebox = "1h"

[[actions]]
owner = ["Ben Okafor", "Cy Park"]
text = "Draft the security assurance case"
due = "2026-03-01"
from = 2026-02-18
carried = 2

[[actions]]
owner = "Ada Moreno"
text = "Book the room"
"#;
        let (a, w) = valid(src);
        assert!(w.is_empty(), "{w:?}");
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let expected = Agenda {
            meeting: MeetingSpec {
                title: "Widget Foundation Steering Committee".into(),
                series: Some("widget-sc".into()),
                date: d(2026, 3, 4),
                start: NaiveTime::from_hms_opt(17, 30, 0).unwrap(),
                timezone: Zone::parse("Europe/Berlin").unwrap(),
                zones: Vec::new(),
                length: 90 * 60,
                link: Some("https://meet.example.org/widget-sc".into()),
                moderator: Some("Ada Moreno".into()),
                notetaker: Some("Ben Okafor".into()),
                cadence: Some(super::super::Cadence {
                    every_days: 14,
                    weekday: Some(Weekday::Wed),
                }),
                quorum: Some(2),
                vote_rule: VoteRule::TwoThirds,
                speaker_limit: Some(150),
                info: vec![
                    ("Zulu list".into(), "sc@lists.example.org".into()),
                    ("Alpha notes".into(), "https://wiki.example.org".into()),
                ],
                previous_minutes: None,
            },
            people: vec![
                Person {
                    name: "Ada Moreno".into(),
                    affiliation: Some("Acme Labs".into()),
                    role: "chair".into(),
                    votes: true,
                    alternate_for: None,
                    guest: false,
                },
                Person {
                    name: "Ben Okafor".into(),
                    affiliation: None,
                    role: "member".into(),
                    votes: true,
                    alternate_for: None,
                    guest: false,
                },
                Person {
                    name: "Cy Park".into(),
                    affiliation: Some("Globex".into()),
                    role: "member".into(),
                    votes: false,
                    alternate_for: Some("Ada Moreno".into()),
                    guest: true,
                },
            ],
            items: vec![
                AgendaItem {
                    title: "Security issue response process".into(),
                    presenter: Some("Ada Moreno".into()),
                    timebox: 15 * 60,
                    kind: ItemKind::Decision,
                    background: Some("Line one.\nLine two.".into()),
                    links: vec![
                        "https://example.org/pr/1".into(),
                        "https://example.org/pr/2".into(),
                    ],
                    fixed: true,
                    standing: true,
                    speaker_limit: Some(60 * 60),
                },
                AgendaItem {
                    title: "AOB".into(),
                    presenter: None,
                    timebox: 3600,
                    kind: ItemKind::Discussion,
                    background: None,
                    links: vec![],
                    fixed: false,
                    standing: false,
                    speaker_limit: None,
                },
            ],
            actions: vec![
                CarriedAction {
                    owners: vec!["Ben Okafor".into(), "Cy Park".into()],
                    text: "Draft the security assurance case".into(),
                    due: Some(d(2026, 3, 1)),
                    from: Some(d(2026, 2, 18)),
                    carried: 2,
                },
                CarriedAction {
                    owners: vec!["Ada Moreno".into()],
                    text: "Book the room".into(),
                    due: None,
                    from: None,
                    carried: 0,
                },
            ],
        };
        assert_eq!(a, expected);
    }

    #[test]
    fn load_file_reasons() {
        let dir = tempfile::tempdir().unwrap();
        let reason = |p: &Path| match load_file(p) {
            Err(LoadError::Unreadable(r)) => r,
            other => panic!("{other:?}"),
        };
        assert_eq!(reason(&dir.path().join("nope.toml")), "no such file");
        assert_eq!(reason(dir.path()), "is a directory, not an agenda file");
        let bin = dir.path().join("bin.toml");
        std::fs::write(&bin, b"[meeting]\ntitle = \"\xff\"\n").unwrap();
        assert_eq!(
            reason(&bin),
            "is not UTF-8 text (invalid byte at offset 19)"
        );
        let big = dir.path().join("big.toml");
        let f = std::fs::File::create(&big).unwrap();
        f.set_len(12 * 1024 * 1024).unwrap();
        assert_eq!(
            reason(&big),
            "is 12 MiB; agendas larger than 10 MiB are refused"
        );
        let empty = dir.path().join("empty.toml");
        std::fs::write(&empty, "").unwrap();
        match load_file(&empty) {
            Err(LoadError::Invalid(d)) => {
                assert_eq!((d[0].line, d[0].col), (1, 1));
                assert!(d[0].message.contains("no [meeting] table"));
            }
            other => panic!("{other:?}"),
        }
        let good = dir.path().join("good.toml");
        std::fs::write(&good, format!("\u{FEFF}{}", HEAD.replace('\n', "\r\n"))).unwrap();
        let (a, w, text) = load_file(&good).unwrap();
        assert_eq!(a.meeting.title, "T");
        assert!(w.is_empty());
        assert!(text.starts_with("[meeting]"));
        let e = LoadError::Unreadable("no such file".into());
        assert_eq!(e.render("x.toml"), "x.toml: no such file");
    }

    /// Every `tests/check_cli_data/NAME.toml` renders exactly as `NAME.expected` says (what
    /// `gavel check` is meant to print). `GAVEL_BLESS=1` rewrites the expected files.
    #[test]
    fn check_fixtures() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check_cli_data");
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        names.sort();
        assert!(names.len() >= 5);
        for path in names {
            let file = path.file_name().unwrap().to_str().unwrap();
            let out = match load_file(&path) {
                Ok((_, warnings, _)) => warnings
                    .iter()
                    .map(|d| d.render(file))
                    .collect::<Vec<_>>()
                    .join("\n"),
                Err(e) => e.render(file),
            };
            assert!(
                !out.chars().any(|c| c.is_control() && c != '\n'),
                "{file}: {out:?}"
            );
            let expected = path.with_extension("expected");
            if std::env::var_os("GAVEL_BLESS").is_some() {
                std::fs::write(&expected, format!("{out}\n")).unwrap();
            }
            let want = std::fs::read_to_string(&expected).unwrap_or_default();
            assert_eq!(out, want.trim_end_matches('\n'), "{file}");
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("timbox", ITEM_KEYS, ITEM_ALIASES), Some("timebox"));
        assert_eq!(
            suggest("Vote-Rule", MEETING_KEYS, MEETING_ALIASES),
            Some("vote_rule")
        );
        assert_eq!(
            suggest("organization", PEOPLE_KEYS, PEOPLE_ALIASES),
            Some("affiliation")
        );
        assert_eq!(
            suggest("owners", ACTION_KEYS, ACTION_ALIASES),
            Some("owner")
        );
        assert_eq!(suggest("zzzzzz", ITEM_KEYS, ITEM_ALIASES), None);
    }
}
