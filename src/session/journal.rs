//! The journal's on-disk format: one JSON object per line, `{"v":1,"event":{...}}`, and the
//! reader that turns a possibly damaged file back into events.
//!
//! A journal is one or more *segments*: `journal.jsonl`, then `journal.2.jsonl`,
//! `journal.3.jsonl`, ... A segment after the first is only ever created whole (written to a
//! temporary file, fsync'd, renamed into place) and holds every event of the session, so the
//! newest segment alone is the journal; older ones are kept untouched for forensics.
//!
//! A segment is only ever appended to at its known-good end (the last line fsync'd): after
//! a full disk the session first cuts the torn bytes a failed write left, then appends the
//! pending events there, so recovering needs room for those events alone. A torn tail a
//! crash left is cut on load the same way.

use crate::meeting::{Capture, Event, Note, Outcome, Topic};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The journal format this gavel writes. A line with a higher version is refused.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct LineOut<'a> {
    v: u32,
    event: &'a Event,
}

#[derive(Deserialize)]
struct LineIn {
    v: u32,
    event: Event,
}

/// A note, an outcome or a topic line, read without the buffering that `Event`'s flattened,
/// internally tagged kind costs (half the time of reading a long journal). Any field it
/// does not know, or any field of the wrong shape, and the line is read the general way.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaptureLine<'a> {
    v: u32,
    #[serde(borrow)]
    event: CaptureEvent<'a>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaptureEvent<'a> {
    at: Stamp,
    #[serde(rename = "type")]
    kind: &'a str,
    text: Option<String>,
    title: Option<String>,
    #[serde(default)]
    private: Flag,
}

/// An event's time in the one form gavel writes it, `2026-04-15T18:00:00.001Z` (a third of
/// the time of reading a note line goes to chrono's general parser otherwise). Any other
/// form and the line is read the general way.
struct Stamp(chrono::DateTime<chrono::Utc>);

impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <&str>::deserialize(d)?;
        parse_stamp(s)
            .map(Stamp)
            .ok_or_else(|| serde::de::Error::custom("not gavel's form of a time"))
    }
}

/// `YYYY-MM-DDTHH:MM:SS` with an optional fraction of one to nine digits, then `Z`, as a
/// UTC time; None for anything else (even what chrono would read).
fn parse_stamp(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let b = s.as_bytes();
    if b.len() < 20 || b[b.len() - 1] != b'Z' {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        b.get(range)?.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let seps = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if seps.iter().any(|&(i, c)| b[i] != c) {
        return None;
    }
    let year = i32::try_from(digits(0..4)?).ok()?;
    let (month, day) = (digits(5..7)?, digits(8..10)?);
    let (hour, minute, second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
    let nanos = match &b[19..b.len() - 1] {
        [] => 0,
        [b'.', frac @ ..] if (1..=9).contains(&frac.len()) => {
            digits(20..20 + frac.len())? * 10u32.pow(9 - frac.len() as u32)
        }
        _ => return None,
    };
    if second > 59 {
        // A leap second: chrono's own reading.
        return None;
    }
    chrono::NaiveDate::from_ymd_opt(year, month, day)?
        .and_hms_nano_opt(hour, minute, second, nanos)
        .map(|t| t.and_utc())
}

/// A bool field that may be absent, but not null (which the general reader refuses).
#[derive(Default)]
enum Flag {
    #[default]
    Absent,
    Set(bool),
}

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        bool::deserialize(d).map(Flag::Set)
    }
}

/// The event of a journal line of this version that is a plain note, outcome or topic,
/// read directly; None for anything else (read by [`parse_line`] the general way).
fn parse_capture(line: &[u8]) -> Option<Event> {
    use crate::meeting::EventKind;
    let parsed: CaptureLine = serde_json::from_slice(line).ok()?;
    if parsed.v != VERSION {
        return None;
    }
    let e = parsed.event;
    let private = match e.private {
        Flag::Absent => None,
        Flag::Set(b) => Some(b),
    };
    let kind = match (e.kind, e.text, e.title, private) {
        ("note", Some(text), None, private) => EventKind::Capture(Capture::Note(Note {
            text,
            private: private.unwrap_or(false),
        })),
        ("outcome", Some(text), None, private) => EventKind::Capture(Capture::Outcome(Outcome {
            text,
            private: private.unwrap_or(false),
        })),
        ("topic", None, Some(title), None) => EventKind::Capture(Capture::Topic(Topic { title })),
        _ => return None,
    };
    Some(Event::new(e.at.0, kind))
}

/// One journal line (its line end taken off).
fn parse_line(line: &[u8]) -> Result<LineIn, serde_json::Error> {
    match parse_capture(line) {
        Some(event) => Ok(LineIn { v: VERSION, event }),
        None => serde_json::from_slice::<LineIn>(line),
    }
}

/// Enough of a line to see its version when the rest does not parse.
#[derive(Deserialize)]
struct VersionOnly {
    v: u32,
}

/// One event as a journal line, newline included.
pub fn encode(event: &Event) -> String {
    let mut line =
        serde_json::to_string(&LineOut { v: VERSION, event }).expect("an event always serializes");
    line.push('\n');
    line
}

/// Every event as journal lines.
pub fn encode_all(events: &[Event]) -> Vec<u8> {
    let mut out = String::with_capacity(events.len() * 96);
    for e in events {
        out.push_str(&encode(e));
    }
    out.into_bytes()
}

/// The file name of segment `n` (from 1).
pub fn segment_name(n: u32) -> String {
    if n <= 1 {
        "journal.jsonl".to_string()
    } else {
        format!("journal.{n}.jsonl")
    }
}

/// The segment number of a journal file name, if it is one.
pub fn segment_number(name: &str) -> Option<u32> {
    if name == "journal.jsonl" {
        return Some(1);
    }
    let n: u32 = name
        .strip_prefix("journal.")?
        .strip_suffix(".jsonl")?
        .parse()
        .ok()?;
    (n >= 2).then_some(n)
}

/// The newest segment in `dir`: its number and path. `None` when there is none.
pub fn newest_segment(dir: &Path) -> std::io::Result<Option<(u32, PathBuf)>> {
    let mut best: Option<u32> = None;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if let Some(n) = entry.file_name().to_str().and_then(segment_number) {
            best = Some(best.map_or(n, |b| b.max(n)));
        }
    }
    Ok(best.map(|n| (n, dir.join(segment_name(n)))))
}

/// What reading a journal found.
#[derive(Debug, Default)]
pub struct Read {
    /// Every event before the first damaged line, in order, each with its line number
    /// implied: event `i` is on line `i + 1` (a line kept after replacing bytes that were
    /// not UTF-8 still counts as one). Empty when read by [`read_each`], which hands each
    /// event on instead of keeping it.
    pub events: Vec<Event>,
    /// How many events were read (kept in `events` or handed on).
    pub count: usize,
    /// Torn tail, damaged line: one sentence each, for a person.
    pub warnings: Vec<String>,
    /// The file ends with a complete line and nothing was skipped: safe to append to.
    pub clean: bool,
    /// The 1-based number of a damaged line in the middle, where replay stopped.
    pub damaged_line: Option<usize>,
    /// When the only damage is the tail a crash tore (a last line without its line end),
    /// how to mend the file in place rather than rewrite it: see [`Repair`].
    pub repair: Option<Repair>,
}

/// How to mend a journal whose only damage is its last line, cut off by a crash: the file
/// is made to end at `keep` bytes (the end of the last complete line), and when the cut-off
/// line read whole all the same (only its line end is missing) a line end is added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repair {
    pub keep: u64,
    pub add_newline: bool,
}

/// A journal line written by a newer gavel: the file must not be read, nor ever rewritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Newer {
    pub line: usize,
    pub version: u32,
}

impl std::fmt::Display for Newer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {} was written by a newer gavel (journal format {}; this gavel reads up to {}): \
             upgrade gavel to open it; the journal was left as it is",
            self.line, self.version, VERSION
        )
    }
}

/// Why a journal could not be read.
#[derive(Debug)]
pub enum ReadError {
    Newer(Newer),
    Io(std::io::Error),
}

/// Reads journal bytes (see [`read_from`]).
pub fn read(bytes: &[u8]) -> Result<Read, Newer> {
    match read_from(bytes) {
        Ok(read) => Ok(read),
        Err(ReadError::Newer(n)) => Err(n),
        // Reading from memory cannot fail.
        Err(ReadError::Io(_)) => Ok(Read::default()),
    }
}

/// One line's version, when the line says it is newer than this gavel.
fn newer_version(line: &[u8]) -> Option<u32> {
    serde_json::from_slice::<VersionOnly>(line)
        .ok()
        .map(|v| v.v)
        .filter(|&v| v > VERSION)
}

/// Reads a journal as a stream, a line at a time, keeping every event in [`Read::events`]:
/// memory holds the events, never the file. See [`read_each`].
pub fn read_from<R: std::io::BufRead>(input: R) -> Result<Read, ReadError> {
    let mut events = Vec::new();
    let mut read = read_each(input, |e| events.push(e))?;
    read.events = events;
    Ok(read)
}

/// Reads a journal as a stream, a line at a time, handing each event to `each` in order and
/// keeping none: a million-line journal is never all in memory, neither as bytes nor as
/// events. [`Read::events`] stays empty; [`Read::count`] says how many were handed on.
///
/// - A last line that does not parse (cut off by a crash) is ignored with a warning; every
///   line before it is kept. Without its line end it can be cut off in place
///   ([`Read::repair`]).
/// - A line holding bytes that are not UTF-8 (a flipped bit) is read with those bytes
///   replaced by U+FFFD; if it then parses it is kept, with a warning naming it, and the
///   lines after it are read as usual.
/// - A line that does not parse with more lines after it stops the reading there
///   ([`Read::damaged_line`]), with a warning naming it.
/// - Any line with a format version above [`VERSION`] (even after a damaged one) refuses the
///   whole journal.
pub fn read_each<R: std::io::BufRead>(
    mut input: R,
    mut each: impl FnMut(Event),
) -> Result<Read, ReadError> {
    let mut out = Read {
        clean: true,
        ..Read::default()
    };
    let mut buf = Vec::with_capacity(256);
    let mut number = 0usize;
    // Bytes read so far, and where the last complete line kept ends.
    let mut offset = 0u64;
    let mut complete_end = 0u64;
    // A line that did not parse, not yet known to be the last: its number and whether it
    // had its line end.
    let mut unparsed: Option<(usize, bool)> = None;
    // Set once reading stopped at a damaged line: how many lines came after it.
    let mut stopped: Option<(usize, usize, usize)> = None; // (line, entries before, later)
    let mut missing_newline = false;
    loop {
        buf.clear();
        let n = input.read_until(b'\n', &mut buf).map_err(ReadError::Io)?;
        if n == 0 {
            break;
        }
        number += 1;
        offset += n as u64;
        let complete = buf.last() == Some(&b'\n');
        let line = if complete { &buf[..n - 1] } else { &buf[..] };
        if let Some((_, _, later)) = &mut stopped {
            *later += 1;
            if let Some(version) = newer_version(line) {
                return Err(ReadError::Newer(Newer {
                    line: number,
                    version,
                }));
            }
            continue;
        }
        if let Some((damaged, _)) = unparsed.take() {
            // A damaged line with more after it: replay stops there, but a newer format
            // anywhere still means this gavel must not touch the file.
            stopped = Some((damaged, out.count, 1));
            if let Some(version) = newer_version(line) {
                return Err(ReadError::Newer(Newer {
                    line: number,
                    version,
                }));
            }
            continue;
        }
        let parsed = match parse_line(line) {
            Ok(parsed) => Some(parsed),
            Err(_) if std::str::from_utf8(line).is_err() => {
                let lossy = String::from_utf8_lossy(line);
                let parsed = serde_json::from_str::<LineIn>(&lossy).ok();
                if parsed.as_ref().is_some_and(|p| p.v == VERSION) {
                    out.clean = false;
                    out.warnings.push(format!(
                        "line {number} holds bytes that are not UTF-8 (damage on disk?): they \
                         read as U+FFFD and the entry was kept"
                    ));
                }
                parsed
            }
            Err(_) => None,
        };
        match parsed {
            Some(parsed) if parsed.v > VERSION => {
                return Err(ReadError::Newer(Newer {
                    line: number,
                    version: parsed.v,
                }))
            }
            Some(parsed) if parsed.v == VERSION => {
                let mut event = parsed.event;
                event.kind.clean_text();
                each(event);
                out.count += 1;
                if complete {
                    complete_end = offset;
                } else {
                    out.clean = false;
                    missing_newline = true;
                    out.warnings.push(format!(
                        "line {number}, the last, has no line end (a crash while writing?); \
                         it reads whole and was kept"
                    ));
                }
            }
            _ => {
                if let Some(version) = newer_version(line) {
                    return Err(ReadError::Newer(Newer {
                        line: number,
                        version,
                    }));
                }
                out.clean = false;
                unparsed = Some((number, complete));
            }
        }
    }
    if let Some((damaged, entries, later)) = stopped {
        out.damaged_line = Some(damaged);
        out.warnings.push(format!(
            "line {damaged} is damaged: replay stops there, keeping the {entries} entries \
             before it ({later} later lines not read)"
        ));
    } else if let Some((last, complete)) = unparsed {
        out.warnings.push(format!(
            "line {last}, the last, is incomplete (cut off by a crash?) and was ignored; the {} \
             entries before it are kept",
            out.count
        ));
        // Cut off in place only when it is a torn write (no line end) and all else is sound.
        if !complete && out.warnings.len() == 1 {
            out.repair = Some(Repair {
                keep: complete_end,
                add_newline: false,
            });
        }
    } else if missing_newline && out.warnings.len() == 1 {
        out.repair = Some(Repair {
            keep: offset,
            add_newline: true,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting::EventKind;
    use chrono::{TimeZone, Utc};

    fn ev(min: u32, kind: EventKind) -> Event {
        Event::new(Utc.with_ymd_and_hms(2026, 3, 4, 17, min, 0).unwrap(), kind)
    }

    #[test]
    fn a_line_is_versioned_json_with_one_newline() {
        let line = encode(&ev(1, EventKind::Start));
        assert!(line.starts_with("{\"v\":1,\"event\":{"), "{line}");
        assert!(line.ends_with("}\n"));
        assert_eq!(line.matches('\n').count(), 1);
    }

    #[test]
    fn newlines_in_text_stay_inside_the_line() {
        let e = ev(
            2,
            EventKind::Capture(Capture::Note(Note {
                text: "a\nb\r\u{2028}c".into(),
                private: false,
            })),
        );
        let bytes = encode_all(std::slice::from_ref(&e));
        assert_eq!(bytes.iter().filter(|&&b| b == b'\n').count(), 1);
        let r = read(&bytes).unwrap();
        // gavel never records a line break (the capture line cleans them away); one found in
        // a journal is cleaned on reading like any other control character.
        assert_eq!(
            r.events,
            vec![ev(
                2,
                EventKind::Capture(Capture::Note(Note {
                    text: "a b \u{2028}c".into(),
                    private: false,
                })),
            )]
        );
        assert!(r.clean);
    }

    #[test]
    fn control_characters_in_a_tampered_journal_are_cleaned() {
        let line = "{\"v\":1,\"event\":{\"at\":\"2026-03-04T17:02:00Z\",\"type\":\"note\",\
                    \"text\":\"a\\u001b]0;pwned\\u0007b\\u009b2J\\u202ec\"}}\n";
        let r = read(line.as_bytes()).unwrap();
        assert_eq!(
            r.events[0].kind,
            EventKind::Capture(Capture::Note(Note {
                text: "a\u{FFFD}]0;pwned\u{FFFD}b\u{FFFD}2J\u{FFFD}c".into(),
                private: false
            }))
        );
    }

    #[test]
    fn empty_journal_is_clean() {
        let r = read(b"").unwrap();
        assert!(r.events.is_empty() && r.clean && r.warnings.is_empty());
    }

    #[test]
    fn segment_names_round_trip() {
        for n in 1..5 {
            assert_eq!(segment_number(&segment_name(n)), Some(n));
        }
        assert_eq!(segment_number("journal.1.jsonl"), None);
        assert_eq!(segment_number("journal.x.jsonl"), None);
        assert_eq!(segment_number(".journal.2.jsonl.tmp-3"), None);
    }

    /// The direct reading of notes, outcomes and topics gives what the general reading
    /// gives, and leaves every other shape of line to it.
    #[test]
    fn a_capture_line_reads_as_the_general_reader_reads_it() {
        let lines = [
            r#"{"v":1,"event":{"at":"2026-03-04T17:02:00Z","type":"note","text":"a \"quoted\" \u00e9 note"}}"#,
            r#"{"v":1,"event":{"at":"2026-03-04T17:02:00.123456789Z","type":"note","text":"x","private":true}}"#,
            r#"{"v":1,"event":{"type":"outcome","private":false,"text":"agreed","at":"2026-03-04T18:02:00+01:00"}}"#,
            r#"{"v":1,"event":{"at":"2026-03-04T17:02:00Z","type":"topic","title":"Venue"}}"#,
            r#"{"v":1,"event":{"at":"2026-03-04T17:02:00Z","type":"topic","title":"Venue","private":true}}"#,
            r#"{"v":1,"event":{"at":"2026-03-04T17:02:00Z","type":"note","text":"x","private":null}}"#,
            r#"{"v":1,"event":{"at":"2026-03-04T17:02:00Z","type":"note","text":null}}"#,
            r#"{"v":1,"event":{"at":"2026-03-04T17:02:00Z","type":"note","text":"x","extra":1}}"#,
            r#"{"v":1,"event":{"at":"2026-03-04T17:02:00Z","type":"note","text":"x"},"extra":1}"#,
            r#"{"v":1,"event":{"at":"2026-03-04T17:02:00Z","type":"note","text":"x","text":"y"}}"#,
            r#"{"v":1,"event":{"at":"2026-03-04T17:02:00Z","type":"no\u0074e","text":"x"}}"#,
            r#"{"v":1,"event":{"at":"2026-03-04T17:02:00Z","type":"next"}}"#,
            r#"{"v":2,"event":{"at":"2026-03-04T17:02:00Z","type":"note","text":"x"}}"#,
            r#"{"v":1,"event":{"at":"yesterday","type":"note","text":"x"}}"#,
        ];
        for line in lines {
            let general = serde_json::from_slice::<LineIn>(line.as_bytes())
                .map(|l| (l.v, l.event))
                .ok();
            let direct = parse_line(line.as_bytes()).map(|l| (l.v, l.event)).ok();
            assert_eq!(direct, general, "{line}");
        }
        assert!(parse_capture(lines[0].as_bytes()).is_some());
        assert!(parse_capture(lines[3].as_bytes()).is_some());
    }

    /// gavel's form of a time reads as chrono reads it; anything else is left to chrono.
    #[test]
    fn a_time_in_gavels_form_reads_as_chrono_reads_it() {
        use chrono::{DateTime, Duration};
        let chrono_reads =
            |s: &str| serde_json::from_str::<DateTime<Utc>>(&format!("\"{s}\"")).ok();
        let mut t = Utc.with_ymd_and_hms(1999, 12, 31, 23, 59, 58).unwrap();
        for i in 0..5_000i64 {
            t += Duration::nanoseconds(i * 7_919_777_123 + 13);
            let written = serde_json::to_string(&t).unwrap();
            let s = written.trim_matches('"');
            assert_eq!(parse_stamp(s), Some(t), "{s}");
            assert_eq!(parse_stamp(s), chrono_reads(s), "{s}");
        }
        for s in [
            "2026-03-04T17:02:00Z",
            "2026-03-04T17:02:00.5Z",
            "2026-03-04T17:02:00.123456789Z",
            "2024-02-29T00:00:00Z",
        ] {
            assert!(parse_stamp(s).is_some(), "{s}");
            assert_eq!(parse_stamp(s), chrono_reads(s), "{s}");
        }
        for s in [
            "2026-03-04T17:02:00.1234567891Z",
            "2026-03-04T17:02:00+00:00",
            "2026-03-04 17:02:00Z",
            "2026-03-04t17:02:00Z",
            "2026-02-30T17:02:00Z",
            "2026-03-04T24:00:00Z",
            "2026-03-04T23:59:60Z",
            "2026-03-04T17:02:00.Z",
            "+2026-03-04T17:02:00Z",
            "2026-3-04T17:02:00Z",
            "2026-03-04T17:02:0xZ",
        ] {
            assert_eq!(parse_stamp(s), None, "{s}");
        }
    }

    #[test]
    fn newer_version_after_damage_is_still_refused() {
        let mut bytes = encode_all(&[ev(1, EventKind::Start)]);
        bytes.extend_from_slice(b"garbage\n{\"v\":7,\"event\":{\"whatever\":1}}\n");
        assert_eq!(
            read(&bytes).unwrap_err(),
            Newer {
                line: 3,
                version: 7
            }
        );
    }
}
