//! Transcripts: a file of commands, one per line, optionally stamped `[17:04]` or
//! `[17:04:30]` in the meeting's time zone. A line without a stamp happens at the previous
//! line's time; the first, at the scheduled start. A stamp earlier in the day than the one
//! before by more than twelve hours means the meeting passed midnight.

use crate::clerk::Clerk;
use crate::meeting::Meeting;
use crate::recorder::NullRecorder;
use chrono::{Duration, NaiveDateTime, NaiveTime};

/// A line that could not be applied: its 1-based number and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub line: usize,
    pub reason: String,
}

/// Applies every line of `text` to `meeting`, returning the lines that were refused.
pub fn run(meeting: &mut Meeting, text: &str) -> Vec<Refusal> {
    // The clerk owns the meeting while it works: a stand-in holds its place meanwhile.
    let stand_in = Meeting::new(meeting.agenda().clone());
    let mut clerk = Clerk::new(std::mem::replace(meeting, stand_in), Box::new(NullRecorder));
    let refused = run_with(&mut clerk, text);
    *meeting = clerk.into_meeting();
    refused
}

/// Takes every line of `text` through `clerk` (which records them as it records anything),
/// returning the lines that were refused.
pub fn run_with(clerk: &mut Clerk, text: &str) -> Vec<Refusal> {
    let meeting = clerk.meeting();
    let zone = meeting.agenda().meeting.timezone;
    let mut clock: NaiveDateTime = meeting
        .agenda()
        .meeting
        .date
        .and_time(meeting.agenda().meeting.start);
    if let Some(last) = meeting.last_at() {
        clock = clock.max(zone.local(last));
    }
    let mut refused = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        let (stamp, command) = match split_stamp(raw) {
            Ok(parts) => parts,
            Err(reason) => {
                refused.push(Refusal {
                    line: line_no,
                    reason,
                });
                continue;
            }
        };
        if command.trim().is_empty() {
            continue;
        }
        let at_local = match stamp {
            Some(time) => {
                let candidate = clock.date().and_time(time);
                if candidate < clock && clock - candidate > Duration::hours(12) {
                    candidate + Duration::days(1)
                } else {
                    candidate
                }
            }
            None => clock,
        };
        let at = zone.to_utc(at_local);
        let outcome = clerk.take_line(command, at).map_err(|r| r.0);
        if at_local >= clock {
            clock = at_local;
        }
        if let Err(reason) = outcome {
            refused.push(Refusal {
                line: line_no,
                reason,
            });
        }
    }
    refused
}

/// Splits `[HH:MM]` or `[HH:MM:SS]` off the front of a line.
fn split_stamp(line: &str) -> Result<(Option<NaiveTime>, &str), String> {
    let trimmed = line.trim_start_matches('\u{feff}').trim_start();
    let Some(rest) = trimmed.strip_prefix('[') else {
        return Ok((None, trimmed));
    };
    let Some((stamp, command)) = rest.split_once(']') else {
        return Ok((None, trimmed));
    };
    if !stamp.chars().all(|c| c.is_ascii_digit() || c == ':') {
        return Ok((None, trimmed));
    }
    let time = NaiveTime::parse_from_str(stamp, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(stamp, "%H:%M"))
        .map_err(|_| format!("`[{stamp}]` is not a time: write [HH:MM] or [HH:MM:SS]"))?;
    Ok((Some(time), command.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps() {
        let t = |h, m, s| NaiveTime::from_hms_opt(h, m, s);
        assert_eq!(split_stamp("[17:04] /next"), Ok((t(17, 4, 0), "/next")));
        assert_eq!(split_stamp("[17:04:30] hi"), Ok((t(17, 4, 30), "hi")));
        assert_eq!(split_stamp("no stamp"), Ok((None, "no stamp")));
        assert_eq!(split_stamp("[link] text"), Ok((None, "[link] text")));
        assert!(split_stamp("[25:00] x").is_err());
    }
}
