//! Parsing the motion commands (issue 28): `/motion TEXT [moved by NAME] [seconded by
//! NAME]`, `/second NAME`, `/amend TEXT`, `/recuse NAME [reason]`, `/ballot NAME
//! yes|no|abstain`. The bare ones (`/withdraw`, `/consent`, `/rollvote`, `/closevote`) are
//! read by the table itself. Names are matched against the roster as everywhere else.

use super::{resolve, Call};
use crate::meeting::{Capture, Choice, EventKind, Meeting, MotionStep, MotionText, NameMatch};

const MOTION_USAGE: &str = "write a motion as /motion TEXT [moved by NAME] [seconded by NAME]";

/// `/motion TEXT [moved by NAME] [seconded by NAME]`, the two clauses in either order at
/// the end of the line.
pub(super) fn parse_motion(c: &Call) -> Result<EventKind, String> {
    let mut text = c.rest.trim();
    let (mut mover, mut seconder) = (None, None);
    while let Some((at, len, seconded)) = last_clause(text) {
        let name = text[at + len..].trim().trim_end_matches(['.', ',', ';']);
        let slot = if seconded { &mut seconder } else { &mut mover };
        if slot.is_some() {
            return Err(format!("{MOTION_USAGE} (each once)"));
        }
        *slot = Some(resolve(name, c.meeting)?);
        text = text[..at]
            .trim_end()
            .trim_end_matches([',', ';', '('])
            .trim_end();
    }
    if text.is_empty() {
        return Err(MOTION_USAGE.into());
    }
    Ok(EventKind::Capture(Capture::Motion(MotionText {
        text: text.to_string(),
        mover,
        seconder,
    })))
}

/// The last " moved by " or " seconded by " in `text` (any case, after a space or at the
/// start): its position, its length, and whether it is the seconder's.
fn last_clause(text: &str) -> Option<(usize, usize, bool)> {
    let lower = text.to_ascii_lowercase();
    let find = |word: &str| {
        lower.rfind(word).filter(|&at| {
            at == 0 || lower[..at].ends_with(|ch: char| ch.is_whitespace() || ",;(".contains(ch))
        })
    };
    let moved = find("moved by ").map(|at| (at, "moved by ".len(), false));
    let seconded = find("seconded by ").map(|at| (at, "seconded by ".len(), true));
    match (moved, seconded) {
        (Some(m), Some(s)) => Some(if m.0 > s.0 { m } else { s }),
        (one, other) => one.or(other),
    }
}

pub(super) fn parse_second(c: &Call) -> Result<EventKind, String> {
    if c.rest.trim().is_empty() {
        return Err("/second needs the seconder's name: /second NAME".into());
    }
    Ok(EventKind::Motion(MotionStep::Second {
        name: resolve(c.rest, c.meeting)?,
    }))
}

pub(super) fn parse_amend(c: &Call) -> Result<EventKind, String> {
    let text = c.rest.trim();
    if text.is_empty() {
        return Err("/amend needs the motion's new text: /amend TEXT".into());
    }
    Ok(EventKind::Motion(MotionStep::Amend { text: text.into() }))
}

/// `/recuse NAME [reason]`: the longest run of first words that names one person is the
/// name ("NAME: reason" and "NAME (reason)" work too); the rest is the reason.
pub(super) fn parse_recuse(c: &Call) -> Result<EventKind, String> {
    let rest = c.rest.trim();
    if rest.is_empty() {
        return Err("/recuse needs a name: /recuse NAME [reason]".into());
    }
    let (name, reason) = split_name(rest, c.meeting)?;
    let reason = reason
        .trim()
        .trim_start_matches([':', ',', '-', '—'])
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .trim();
    Ok(EventKind::Motion(MotionStep::Recuse {
        name,
        reason: (!reason.is_empty()).then(|| reason.to_string()),
    }))
}

/// `/ballot NAME yes|no|abstain`.
pub(super) fn parse_ballot(c: &Call) -> Result<EventKind, String> {
    let usage = "write a ballot as /ballot NAME yes|no|abstain";
    let rest = c.rest.trim();
    let Some((name, word)) = rest.rsplit_once(char::is_whitespace) else {
        return Err(usage.into());
    };
    let Some(choice) = Choice::parse(word.trim()) else {
        return Err(format!("`{}` is not a vote: {usage}", word.trim()));
    };
    Ok(EventKind::Motion(MotionStep::Ballot {
        name: resolve(name, c.meeting)?,
        choice,
    }))
}

/// A person's name at the start of `text`, and what follows it.
fn split_name<'a>(text: &'a str, m: &Meeting) -> Result<(String, &'a str), String> {
    if let Some(at) = text.find([':', ',', '(']) {
        if let NameMatch::One(name) = m.find_person(&text[..at]) {
            return Ok((name, &text[at..]));
        }
    }
    let ends: Vec<usize> = text
        .char_indices()
        .filter(|(_, ch)| ch.is_whitespace())
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    for &end in ends.iter().rev() {
        if let NameMatch::One(name) = m.find_person(&text[..end]) {
            return Ok((name, &text[end..]));
        }
    }
    let first = ends.first().map_or(text, |&end| &text[..end]);
    resolve(first, m).map(|name| (name, &text[first.len()..]))
}

/// `/rollvote [room]`.
pub(super) fn parse_roll_vote(c: &Call) -> Result<EventKind, String> {
    match c.rest.trim().to_lowercase().as_str() {
        "" => Ok(EventKind::Motion(MotionStep::RollVote)),
        "room" => Ok(EventKind::Motion(MotionStep::RoomVote)),
        _ => Err("write /rollvote, or /rollvote room to let members vote from their pages".into()),
    }
}
