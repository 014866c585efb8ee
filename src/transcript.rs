//! Transcripts: a file of commands, one per line, optionally stamped `[17:04]` or
//! `[17:04:30]` in the meeting's time zone. A line without a stamp happens at the previous
//! line's time; the first, at the scheduled start. A stamp earlier in the day than the one
//! before by more than twelve hours means the meeting passed midnight; a stamp a little
//! earlier is time going backwards (refused), never a day later. In the hour a fall-back
//! change repeats, a stamp may carry its offset from UTC: `[01:30-04:00]`.

use crate::agenda::Zone;
use crate::clerk::{Clerk, Taken};
use crate::meeting::Meeting;
use crate::recorder::NullRecorder;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use std::path::Path;

/// A line that could not be applied: its 1-based number and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedLine {
    pub line: usize,
    pub reason: String,
}

/// Applies every line of `text` to `meeting`, returning the lines that were refused. A
/// transcript that reads no files: `/attendance FILE` is refused (see [`run_in`]).
pub fn run(meeting: &mut Meeting, text: &str) -> Vec<RefusedLine> {
    run_in(meeting, text, None)
}

/// [`run`] for a transcript in directory `dir`: `/attendance FILE` reads the call's report
/// there (a relative FILE is taken from `dir`) and records the people it matches, with the
/// call's times, at the line's time; as on the screen, participants not on the roster are
/// left out.
pub fn run_in(meeting: &mut Meeting, text: &str, dir: Option<&Path>) -> Vec<RefusedLine> {
    run_lines_in(meeting, text.lines(), dir)
}

/// [`run_in`] for a transcript given a line at a time (a file read line by line: a long
/// transcript is never whole in memory).
pub fn run_lines_in<S: AsRef<str>>(
    meeting: &mut Meeting,
    lines: impl Iterator<Item = S>,
    dir: Option<&Path>,
) -> Vec<RefusedLine> {
    // The clerk owns the meeting while it works: a stand-in holds its place meanwhile.
    let stand_in = Meeting::new(meeting.agenda().clone());
    let mut clerk = Clerk::new(std::mem::replace(meeting, stand_in), Box::new(NullRecorder));
    let refused = run_with(&mut clerk, lines, dir);
    *meeting = clerk.into_meeting();
    refused
}

/// `/attendance FILE` in a transcript of directory `dir` (None: it reads no files).
fn attendance_report(
    clerk: &mut Clerk,
    file: &str,
    dir: Option<&Path>,
    at: DateTime<Utc>,
) -> Result<(), String> {
    use crate::import::reports;
    let Some(dir) = dir else {
        return Err(format!(
            "/attendance {file}: this transcript reads no files (gavel replay reads the report beside the transcript)"
        ));
    };
    let path = dir.join(file);
    let report = reports::read_file(&path).map_err(|e| format!("{file}: {e}"))?;
    let name = path
        .file_name()
        .map_or_else(|| file.to_string(), |n| n.to_string_lossy().into_owned());
    let preview = reports::preview(&report, &name, clerk.meeting(), at)?;
    clerk
        .record(
            crate::meeting::Event::new(at, preview.event()),
            crate::clerk::Origin::Here,
        )
        .map(|_| ())
        .map_err(|r| r.0)
}

/// Takes every line of a transcript through `clerk` (which records them as it records
/// anything), returning the lines that were refused. `dir`: where `/attendance FILE` finds
/// its file (None: nowhere, it is refused).
pub fn run_with<S: AsRef<str>>(
    clerk: &mut Clerk,
    lines: impl Iterator<Item = S>,
    dir: Option<&Path>,
) -> Vec<RefusedLine> {
    let meeting = clerk.meeting();
    let zone = meeting.agenda().meeting.timezone;
    let first_day = meeting.agenda().meeting.date;
    // The instant of the latest line taken: an unstamped line happens then.
    let mut clock: DateTime<Utc> = zone.to_utc(first_day.and_time(meeting.agenda().meeting.start));
    if let Some(last) = meeting.last_at() {
        clock = clock.max(last);
    }
    let mut refused = Vec::new();
    for (n, raw) in lines.enumerate() {
        let line_no = n + 1;
        let (stamp, command) = match split_stamp(raw.as_ref()) {
            Ok(parts) => parts,
            Err(reason) => {
                refused.push(RefusedLine {
                    line: line_no,
                    reason,
                });
                continue;
            }
        };
        if command.trim().is_empty() {
            continue;
        }
        let at = match stamp {
            Some(stamp) => {
                let local = on_nearest_day(zone.local(clock), stamp.time, first_day);
                match stamp.offset {
                    Some(offset) => (local - offset).and_utc(),
                    None => zone.to_utc(local),
                }
            }
            None => clock,
        };
        let outcome = match clerk.take_line(command, at) {
            Ok(Taken::AttendanceReport { file }) => attendance_report(clerk, &file, dir, at),
            Ok(_) => Ok(()),
            Err(r) => Err(r.0),
        };
        if at >= clock {
            clock = at;
        }
        if let Err(mut reason) = outcome {
            if reason.starts_with("time goes backwards") {
                if let Some(hint) = stamp.and_then(|s| repeated_hour_hint(zone, at, s)) {
                    reason.push_str(&hint);
                }
            }
            refused.push(RefusedLine {
                line: line_no,
                reason,
            });
        }
    }
    refused
}

/// The wall-clock time `time` on the day that puts it nearest to `previous` (the latest line's
/// local time): the same day, the next (a meeting that passed midnight: the stamp is early in
/// the day and more than twelve hours before `previous` on the same day), or the day before
/// (a stamp more than twelve hours after `previous`, once the meeting has passed midnight: a
/// stamp a little before the last one, which is then refused as time going backwards, never
/// taken as almost a day later). Never a day before the meeting's own date.
fn on_nearest_day(previous: NaiveDateTime, time: NaiveTime, first_day: NaiveDate) -> NaiveDateTime {
    let same = previous.date().and_time(time);
    let half_day = Duration::hours(12);
    if same < previous && previous - same > half_day {
        return same + Duration::days(1);
    }
    if same > previous && same - previous > half_day && previous.date() > first_day {
        return same - Duration::days(1);
    }
    same
}

/// For a stamp without an offset refused as going backwards in the hour a fall-back change
/// repeats: how to say which of the two it is.
fn repeated_hour_hint(zone: Zone, at: DateTime<Utc>, stamp: Stamp) -> Option<String> {
    if stamp.offset.is_some() {
        return None;
    }
    let local = zone.local(at);
    let (earlier, later) = zone.both_offsets(local)?;
    let hhmm = local.format("%H:%M");
    Some(format!(
        " ({hhmm} happens twice that day, as clocks went back: give the stamp its offset, [{hhmm}{}] for the first or [{hhmm}{}] for the second)",
        format_offset(earlier),
        format_offset(later)
    ))
}

fn format_offset(off: FixedOffset) -> String {
    let secs = off.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.abs();
    format!("{sign}{:02}:{:02}", secs / 3600, (secs % 3600) / 60)
}

/// A line's stamp: the wall-clock time, and the offset from UTC when it gives one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    time: NaiveTime,
    offset: Option<FixedOffset>,
}

/// Splits `[HH:MM]`, `[HH:MM:SS]`, or either with an offset (`[01:30-04:00]`,
/// `[01:30:15+01:00]`, `[17:04Z]`) off the front of a line.
fn split_stamp(line: &str) -> Result<(Option<Stamp>, &str), String> {
    let trimmed = line.trim_start_matches('\u{feff}').trim_start();
    let Some(rest) = trimmed.strip_prefix('[') else {
        return Ok((None, trimmed));
    };
    let Some((stamp, command)) = rest.split_once(']') else {
        return Ok((None, trimmed));
    };
    // Digits and colons, then perhaps an offset: anything else (`[link]`, `[2026-03-04]`)
    // is the start of a note.
    let clock_len = stamp
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(stamp.len());
    let offset_part = &stamp[clock_len..];
    let looks_like_offset = offset_part == "Z"
        || (offset_part.starts_with(['+', '-'])
            && offset_part[1..]
                .chars()
                .all(|c| c.is_ascii_digit() || c == ':'));
    if !(offset_part.is_empty() || looks_like_offset && stamp[..clock_len].contains(':')) {
        return Ok((None, trimmed));
    }
    let usage = || {
        format!(
            "`[{stamp}]` is not a time: write [HH:MM] or [HH:MM:SS], with an offset from UTC where \
             it matters ([01:30-04:00])"
        )
    };
    let (clock, offset) = match offset_part {
        "" => (stamp, None),
        "Z" => (&stamp[..clock_len], FixedOffset::east_opt(0)),
        off => (
            &stamp[..clock_len],
            Some(parse_offset(off).ok_or_else(usage)?),
        ),
    };
    let time = NaiveTime::parse_from_str(clock, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(clock, "%H:%M"))
        .map_err(|_| usage())?;
    Ok((Some(Stamp { time, offset }), command.trim()))
}

/// "+01:00" or "-04:00" (hours up to 14).
fn parse_offset(text: &str) -> Option<FixedOffset> {
    let sign = match text.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, m) = text[1..].split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if h > 14 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps() {
        let t = |h, m, s| NaiveTime::from_hms_opt(h, m, s).map(|time| Stamp { time, offset: None });
        assert_eq!(split_stamp("[17:04] /next"), Ok((t(17, 4, 0), "/next")));
        assert_eq!(split_stamp("[17:04:30] hi"), Ok((t(17, 4, 30), "hi")));
        assert_eq!(split_stamp("no stamp"), Ok((None, "no stamp")));
        assert_eq!(split_stamp("[link] text"), Ok((None, "[link] text")));
        assert_eq!(
            split_stamp("[2026-03-04] text"),
            Ok((None, "[2026-03-04] text"))
        );
        let with = |h, m, s, off: i32| {
            Some(Stamp {
                time: NaiveTime::from_hms_opt(h, m, s).unwrap(),
                offset: FixedOffset::east_opt(off),
            })
        };
        assert_eq!(
            split_stamp("[01:30-04:00] x"),
            Ok((with(1, 30, 0, -4 * 3600), "x"))
        );
        assert_eq!(
            split_stamp("[01:30:15+01:00] x"),
            Ok((with(1, 30, 15, 3600), "x"))
        );
        assert_eq!(split_stamp("[17:04Z] x"), Ok((with(17, 4, 0, 0), "x")));
        assert!(split_stamp("[01:30+25:00] x").is_err());
        assert!(split_stamp("[25:00] x").is_err());
    }
}
