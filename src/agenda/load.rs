//! Reading an agenda file: TOML with spans, validated key by key so that every problem is
//! reported at its `LINE:COL`.
//!
//! The loader walks the spanned TOML tree (`toml::de::DeTable`) itself instead of deriving
//! `Deserialize`, so that it can report every problem in one pass (not just the first), point
//! at the exact key or value, and suggest a correction for a misspelt key. Text from the file
//! is sanitized as it enters (`crate::text`), so nothing later can print a control character.
//! The diagnostics and their positions are in `diagnostics`, the allowed keys of each table
//! and the "did you mean" suggestions in `keys`.

use super::diagnostics::{Cx, Diagnostic, LoadError, Severity};
use super::keys::{
    suggest, ACTION_ALIASES, ACTION_KEYS, ITEM_ALIASES, ITEM_KEYS, MEETING_ALIASES, MEETING_KEYS,
    PEOPLE_ALIASES, PEOPLE_KEYS, TOP_ALIASES, TOP_KEYS,
};
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

/// Reads and validates the agenda at `path`. Returns the agenda, its warnings, and the source
/// text (without a byte-order mark) that the diagnostics' lines and columns refer to.
/// The agenda's text with `[meeting] date` set to `to`, and a comment at the top saying the
/// meeting was run on that day rather than on the agenda's date: the copy a session keeps of
/// an agenda run as today's meeting. None when the date cannot be found (the text is kept).
pub fn redate(source: &str, to: chrono::NaiveDate) -> Option<String> {
    let (bom, text) = match source.strip_prefix('\u{FEFF}') {
        Some(rest) => ("\u{FEFF}", rest),
        None => ("", source),
    };
    let root = DeTable::parse(text).ok()?;
    let meeting = get(root.get_ref(), "meeting")?;
    let DeValue::Table(meeting) = meeting.get_ref() else {
        return None;
    };
    let date = get(meeting, "date")?;
    let DeValue::Datetime(old) = date.get_ref() else {
        return None;
    };
    let span = date.span();
    Some(format!(
        "{bom}# gavel: run as the meeting of {to}; the agenda was dated {old}.\n{}{to}{}",
        &text[..span.start],
        &text[span.end..]
    ))
}

pub fn load_file(path: &Path) -> Result<(Agenda, Vec<Diagnostic>, String), LoadError> {
    let source =
        crate::output::read_text(path, crate::output::AGENDA).map_err(LoadError::Unreadable)?;
    match parse_str(&source) {
        Ok((agenda, warnings)) => Ok((agenda, warnings, source)),
        Err(diags) => Err(LoadError::Invalid(diags)),
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

// ---------------------------------------------------------------------------------------------
// Tables of the agenda

/// One table being validated: `what` names it in messages ("[meeting]", "[[people]]").
struct Tbl<'t, 'i> {
    table: &'t DeTable<'i>,
    /// Where to report a missing key: the table's header.
    at: usize,
    what: &'static str,
}

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
    let quorum_at = meeting.as_ref().and_then(|(_, at)| at.quorum);

    let people: Vec<_> = entries(cx, root, "people", "person")
        .into_iter()
        .map(|(t, at)| (person(cx, t, at), t))
        .collect();
    let roster = check_roster(cx, people);
    if let (Some((m, _)), Some(roster), Some(at)) = (&meeting, &roster, quorum_at) {
        let voting = roster
            .iter()
            .filter(|p| p.votes && p.alternate_for.is_none() && !p.guest)
            .count() as u32;
        match m.quorum {
            Some(q) if q > voting => cx.warning(
                at,
                format!(
                    "quorum {q} is more than the {voting} voting member{} on the roster: it can never be met",
                    if voting == 1 { "" } else { "s" }
                ),
            ),
            _ => {}
        }
    }

    let items: Vec<Option<AgendaItem>> = entries(cx, root, "items", "item")
        .into_iter()
        .map(|(t, at)| item(cx, t, at, roster.as_ref()))
        .collect();
    let actions: Vec<Option<CarriedAction>> = entries(cx, root, "actions", "action")
        .into_iter()
        .map(|(t, at)| action(cx, t, at))
        .collect();

    let items: Option<Vec<AgendaItem>> = items.into_iter().collect();
    if let (Some((m, at)), Some(items)) = (&meeting, &items) {
        let length_at = &at.length;
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
) -> Option<(MeetingSpec, MeetingAt)> {
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
    if let (Some(date), Some(start), Some(zone)) = (date, start, timezone) {
        let local = date.and_time(start);
        if zone.skips(local) {
            let at = get(table, "start").map(|v| v.span().start).unwrap_or(t.at);
            let moved = zone.local(zone.to_utc(local)).format("%H:%M");
            cx.warning(
                at,
                format!(
                    "{} does not happen on {date} in {}: the clocks go forward then, so the meeting starts at {moved}",
                    start.format("%H:%M"),
                    zone.name()
                ),
            );
        }
    }
    let quorum_at = get(table, "quorum").map(|v| v.span().start);
    let quorum = t.whole(cx, "quorum", 1);
    let alternates_count = t.boolean(cx, "alternates_count", true);
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
    let github = checked(cx, &t, "github", super::github::repository);

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
            alternates_count,
            vote_rule,
            speaker_limit,
            info,
            previous_minutes,
            github,
        },
        MeetingAt {
            length: length_at,
            quorum: quorum_at,
        },
    ))
}

/// Where some of `[meeting]`'s values are, for warnings that need the rest of the agenda.
struct MeetingAt {
    length: usize,
    quorum: Option<usize>,
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
    let github = checked(cx, &t, "github", super::github::handle);
    Some(Person {
        name: name?,
        affiliation,
        role,
        votes,
        alternate_for,
        guest,
        github,
    })
}

/// An optional string key whose value `check` must accept (and may normalise); a value it
/// refuses is an error at the value, with `check`'s reason.
fn checked(
    cx: &mut Cx<'_>,
    t: &Tbl<'_, '_>,
    key: &str,
    check: fn(&str) -> Result<String, String>,
) -> Option<String> {
    let v = t.value(cx, key, false)?;
    let s = string_value(cx, key, v)?;
    check(s).map_err(|e| cx.error(v.span().start, e)).ok()
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
