//! The agenda file: the types a loaded agenda becomes, and (in submodules) how a TOML file
//! is read, validated with `FILE:LINE:COL` diagnostics, and written back out.
//!
//! The keys documented in DESIGN.md are a contract used by tests outside the project, so the
//! loader accepts exactly those (plus the documented extras) and refuses unknown keys.

mod diagnostics;
pub mod github;
mod keys;
mod load;
mod template;
mod write;
mod zone;

/// The last year an agenda's date can be in (TOML dates have four digits).
pub const LAST_YEAR: i32 = 9999;

pub use diagnostics::{diagnostic_at, Diagnostic, LoadError, Severity};
pub use load::{load_file, parse_str, redate};
pub use template::TEMPLATE;
pub use write::{to_toml, toml_string};
pub use zone::Zone;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// A length of time in whole seconds. Agenda durations are minutes, but transcripts and the
/// live clock work in seconds, so one unit serves both.
pub type Secs = i64;

/// A loaded, validated agenda.
#[derive(Debug, Clone, PartialEq)]
pub struct Agenda {
    pub meeting: MeetingSpec,
    pub people: Vec<Person>,
    pub items: Vec<AgendaItem>,
    pub actions: Vec<CarriedAction>,
}

/// The `[meeting]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingSpec {
    pub title: String,
    pub series: Option<String>,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub timezone: Zone,
    /// `zones`: the attendees' other time zones, shown beside the meeting's own.
    pub zones: Vec<Zone>,
    /// Planned length in seconds.
    pub length: Secs,
    pub link: Option<String>,
    pub moderator: Option<String>,
    pub notetaker: Option<String>,
    pub cadence: Option<Cadence>,
    pub quorum: Option<u32>,
    /// `alternates_count`: whether a present alternate counts toward quorum in place of the
    /// absent member they stand in for (true unless the agenda says false).
    pub alternates_count: bool,
    pub vote_rule: VoteRule,
    /// Optional per-speaker limit for the speaker queue, in seconds.
    pub speaker_limit: Option<Secs>,
    /// `[meeting.info]`: a standing header, free keys kept in file order.
    pub info: Vec<(String, String)>,
    /// The previous meeting's JSON minutes, relative to the agenda file: `/approve` marks
    /// them approved. `gavel next` fills it in.
    pub previous_minutes: Option<String>,
    /// `github`: the series' repository on GitHub ("owner/repo", or a repository's web
    /// address on a GitHub Enterprise host), where `#123` in notes points and where
    /// `gavel github` reads the agenda and publishes the minutes.
    pub github: Option<String>,
}

/// How often a series meets: every `every_days` days, optionally on a given weekday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cadence {
    pub every_days: u32,
    pub weekday: Option<chrono::Weekday>,
}

/// How a vote's result is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VoteRule {
    /// More votes for than against; abstentions are not votes cast.
    #[default]
    Majority,
    /// At least two thirds of the votes cast are for.
    TwoThirds,
    /// More than half of the voting members present vote for.
    MajorityOfPresent,
    /// Nobody votes against.
    Consensus,
}

/// One entry of `[[people]]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub name: String,
    pub affiliation: Option<String>,
    /// Free text; "member" when the file does not say.
    pub role: String,
    pub votes: bool,
    /// The member this person stands in for when that member is absent.
    pub alternate_for: Option<String>,
    /// A guest carried into this agenda from an earlier meeting (`guest = true`).
    pub guest: bool,
    /// `github`: the person's GitHub handle, without the `@`.
    pub github: Option<String>,
}

/// The kind of an agenda item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    Info,
    #[default]
    Discussion,
    Decision,
}

/// One entry of `[[items]]`.
#[derive(Debug, Clone, PartialEq)]
pub struct AgendaItem {
    pub title: String,
    pub presenter: Option<String>,
    /// Time box in seconds.
    pub timebox: Secs,
    pub kind: ItemKind,
    pub background: Option<String>,
    pub links: Vec<String>,
    /// `/rebalance` never changes a fixed item's time box.
    pub fixed: bool,
    /// A standing item repeats in every meeting of the series.
    pub standing: bool,
    /// Optional per-speaker limit for this item, in seconds.
    pub speaker_limit: Option<Secs>,
}

/// One entry of `[[actions]]`: an open action carried from earlier meetings.
#[derive(Debug, Clone, PartialEq)]
pub struct CarriedAction {
    pub owners: Vec<String>,
    pub text: String,
    pub due: Option<NaiveDate>,
    /// The meeting that created it.
    pub from: Option<NaiveDate>,
    /// How many meetings it has already been carried over (`carried = N`).
    pub carried: u32,
}

impl Agenda {
    /// Sum of all time boxes, in seconds.
    pub fn planned_items(&self) -> Secs {
        self.items.iter().map(|i| i.timebox).sum()
    }

    /// The roster entry whose name equals `name` exactly.
    pub fn person(&self, name: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.name == name)
    }
}

/// Formats seconds as the agenda writes durations: "45m", "1h30m", "90s".
pub fn format_duration(secs: Secs) -> String {
    let (h, m, s) = (secs / 3600, (secs % 3600) / 60, secs % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 || (h == 0 && s == 0) {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 {
        out.push_str(&format!("{s}s"));
    }
    out
}

/// Parses a duration as the agenda and commands write them: "45m", "1h30m", "90s", "2h",
/// or a bare number of minutes. Returns seconds. Zero and negative lengths are refused.
pub fn parse_duration(text: &str) -> Result<Secs, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("empty duration".into());
    }
    if let Ok(mins) = t.parse::<i64>() {
        return positive(mins.checked_mul(60), text);
    }
    let mut total: i64 = 0;
    let mut number = String::new();
    let mut seen_unit = false;
    for c in t.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let scale = match c {
            'h' | 'H' => 3600,
            'm' | 'M' => 60,
            's' | 'S' => 1,
            _ => return Err(bad_duration(text)),
        };
        let n: i64 = number.parse().map_err(|_| bad_duration(text))?;
        total = n
            .checked_mul(scale)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(|| bad_duration(text))?;
        number.clear();
        seen_unit = true;
    }
    if !number.is_empty() || !seen_unit {
        return Err(bad_duration(text));
    }
    positive(Some(total), text)
}

/// The longest duration gavel takes anywhere (a time box, an extension, a speaker's
/// limit): a week. Checked where durations are parsed and again where a meeting applies an
/// event, so that a number from the network or a file can never overflow a clock.
pub const MAX_DURATION_SECS: Secs = 7 * 24 * 3600;

fn positive(secs: Option<i64>, text: &str) -> Result<Secs, String> {
    match secs {
        Some(s) if s > 0 && s <= MAX_DURATION_SECS => Ok(s),
        Some(_) => Err(format!(
            "duration `{text}` must be more than zero and at most a week"
        )),
        None => Err(bad_duration(text)),
    }
}

fn bad_duration(text: &str) -> String {
    format!("`{text}` is not a duration: write it like \"45m\", \"1h30m\", \"90s\" or a number of minutes")
}

/// Parses a cadence: "1w", "2w", "4w", "14d", optionally followed by a weekday ("2w Mon").
pub fn parse_cadence(text: &str) -> Result<Cadence, String> {
    let bad = || {
        format!("`{text}` is not a cadence: write \"1w\", \"2w\", \"4w\" or \"14d\", optionally with a weekday (\"2w Mon\")")
    };
    let mut parts = text.split_whitespace();
    let every = parts.next().ok_or_else(bad)?;
    let weekday = match parts.next() {
        Some(w) => Some(w.parse::<chrono::Weekday>().map_err(|_| bad())?),
        None => None,
    };
    if parts.next().is_some() {
        return Err(bad());
    }
    let (num, unit) = every.split_at(every.len().saturating_sub(1));
    let n: u32 = num.parse().map_err(|_| bad())?;
    let every_days = match unit {
        "w" | "W" => n.checked_mul(7).ok_or_else(bad)?,
        "d" | "D" => n,
        _ => return Err(bad()),
    };
    if every_days == 0 || every_days > 366 {
        return Err(bad());
    }
    Ok(Cadence {
        every_days,
        weekday,
    })
}

impl std::fmt::Display for Cadence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.every_days % 7 == 0 {
            write!(f, "{}w", self.every_days / 7)?;
        } else {
            write!(f, "{}d", self.every_days)?;
        }
        if let Some(w) = self.weekday {
            write!(f, " {w}")?;
        }
        Ok(())
    }
}

impl VoteRule {
    pub fn parse(text: &str) -> Option<VoteRule> {
        match text {
            "majority" => Some(VoteRule::Majority),
            "two-thirds" => Some(VoteRule::TwoThirds),
            "majority-of-present" => Some(VoteRule::MajorityOfPresent),
            "consensus" => Some(VoteRule::Consensus),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            VoteRule::Majority => "majority",
            VoteRule::TwoThirds => "two-thirds",
            VoteRule::MajorityOfPresent => "majority-of-present",
            VoteRule::Consensus => "consensus",
        }
    }

    /// How the rule reads in the minutes.
    pub fn describe(self) -> &'static str {
        match self {
            VoteRule::Majority => "majority of votes cast",
            VoteRule::TwoThirds => "two thirds of votes cast",
            VoteRule::MajorityOfPresent => "majority of voting members present",
            VoteRule::Consensus => "consensus, no votes against",
        }
    }
}

impl ItemKind {
    pub fn parse(text: &str) -> Option<ItemKind> {
        match text {
            "info" => Some(ItemKind::Info),
            "discussion" => Some(ItemKind::Discussion),
            "decision" => Some(ItemKind::Decision),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Info => "info",
            ItemKind::Discussion => "discussion",
            ItemKind::Decision => "decision",
        }
    }
}

#[cfg(test)]
mod tests;
