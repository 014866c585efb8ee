//! The next meeting's agenda, built from this meeting's minutes: the next date (from
//! `/nextmeeting` or the cadence), the open actions, the items not covered, the roster.
//! Also the agenda of a cancelled meeting, moved whole to the next date.

use crate::agenda::{
    parse_cadence, Agenda, AgendaItem, Cadence, CarriedAction, ItemKind, MeetingSpec, Person,
    VoteRule, Zone,
};
use crate::minutes::Minutes;
use crate::text::clean_line;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime};

// ---------------------------------------------------------------------------------------
// Dates

/// The next meeting date after `from` for `cadence`: `every_days` later, moved to the
/// nearest `weekday` when the cadence names one (so a meeting that was moved by a day once
/// goes back to its usual weekday next time). An agenda's dates end with the year 9999 (TOML
/// writes no later one): a next date past that is an error that says so.
pub fn next_date(from: NaiveDate, cadence: Cadence) -> Result<NaiveDate, String> {
    let past_the_end = || {
        format!(
            "the meeting of {from} has no next date: {} days later is past the year 9999, the \
             last an agenda can hold; give the date of the next meeting by hand",
            cadence.every_days
        )
    };
    let candidate = from
        .checked_add_signed(Duration::days(i64::from(cadence.every_days)))
        .ok_or_else(past_the_end)?;
    let date = match cadence.weekday {
        None => Some(candidate),
        Some(weekday) => {
            // Days forward from the candidate to the weekday, 0..=6; go back when nearer.
            let ahead = (i64::from(weekday.num_days_from_monday())
                - i64::from(candidate.weekday().num_days_from_monday()))
            .rem_euclid(7);
            let shift = if ahead > 3 { ahead - 7 } else { ahead };
            candidate.checked_add_signed(Duration::days(shift))
        }
    };
    date.filter(|d| d.year() <= LAST_YEAR)
        .ok_or_else(past_the_end)
}

pub use crate::agenda::LAST_YEAR;

// ---------------------------------------------------------------------------------------
// The next agenda

/// The next meeting's agenda from this meeting's minutes: the date from `/nextmeeting`, else
/// from the cadence; the same meeting keys; the roster plus the guests who came (or who own
/// an open action); standing items and every item not covered; every action still open.
pub fn agenda_from_minutes(m: &Minutes) -> Result<Agenda, String> {
    let timezone = Zone::parse(&m.timezone)?;
    let cadence = m.cadence.as_deref().map(parse_cadence).transpose()?;
    let scheduled = parse_hhmm(&m.scheduled_start)?;
    let (date, start) = match (&m.next_meeting, cadence) {
        (Some(n), _) => (n.date, parse_hhmm(&n.start)?),
        (None, Some(c)) => (next_date(m.date, c)?, scheduled),
        (None, None) => {
            return Err(format!(
                "the minutes of {} set no next meeting and the agenda has no cadence: \
                 record `/nextmeeting YYYY-MM-DD HH:MM` in the meeting, or give the agenda a \
                 cadence (`cadence = \"2w\"` in [meeting])",
                m.date
            ))
        }
    };

    let mut actions = Vec::new();
    for r in &m.review {
        if matches!(r.status.as_deref(), None | Some("ongoing")) {
            actions.push(CarriedAction {
                owners: r.owners.clone(),
                text: r.text.clone(),
                due: r.due,
                from: r.from,
                carried: r.carried,
            });
        }
    }
    for a in m.actions.iter().filter(|a| !a.private) {
        actions.push(CarriedAction {
            owners: a.owners.clone(),
            text: a.text.clone(),
            due: a.due,
            from: Some(m.date),
            carried: 0,
        });
    }

    let items: Vec<AgendaItem> = m
        .items
        .iter()
        .filter(|i| i.standing || !i.covered)
        .map(|i| AgendaItem {
            title: i.title.clone(),
            presenter: i.presenter.clone(),
            timebox: i.planned_seconds.max(60),
            kind: ItemKind::parse(&i.kind).unwrap_or_default(),
            background: i.background.clone(),
            links: i.agenda_links.clone(),
            fixed: i.fixed,
            standing: i.standing,
            speaker_limit: i.speaker_limit_seconds,
        })
        .collect();

    let owns_or_presents = |name: &str| {
        actions.iter().any(|a| a.owners.iter().any(|o| o == name))
            || items.iter().any(|i| i.presenter.as_deref() == Some(name))
    };
    let people = m
        .attendance
        .iter()
        .filter(|a| {
            !a.guest || matches!(a.status.as_str(), "present" | "left") || owns_or_presents(&a.name)
        })
        .map(|a| Person {
            name: a.name.clone(),
            affiliation: a.affiliation.clone(),
            role: a.role.clone(),
            votes: a.votes && !a.guest,
            alternate_for: if a.guest {
                None
            } else {
                a.alternate_for.clone()
            },
            guest: a.guest,
            github: a.github.clone(),
        })
        .collect();

    Ok(Agenda {
        meeting: MeetingSpec {
            title: m.title.clone(),
            series: m.series.clone(),
            date,
            start,
            timezone,
            zones: m
                .zones
                .iter()
                .map(|z| Zone::parse(z))
                .collect::<Result<_, _>>()?,
            length: (m.planned_minutes * 60).max(60),
            link: m.link.clone(),
            moderator: m.moderator.clone(),
            notetaker: m.notetaker.clone(),
            cadence,
            quorum: m.quorum.as_ref().map(|q| q.needed),
            alternates_count: m.quorum.as_ref().is_none_or(|q| q.alternates_counted),
            vote_rule: m
                .vote_rule
                .as_deref()
                .and_then(VoteRule::parse)
                .unwrap_or_default(),
            speaker_limit: m.speaker_limit_seconds,
            info: m
                .info
                .iter()
                .map(|i| (i.key.clone(), i.value.clone()))
                .collect(),
            previous_minutes: None,
            github: m.github.clone(),
        },
        people,
        items,
        actions,
    })
}

/// The agenda of a cancelled meeting, moved whole to the next date of its cadence. Actions
/// are not counted as carried over: no meeting reviewed them.
pub fn cancelled_next(agenda: &Agenda) -> Result<Agenda, String> {
    let Some(cadence) = agenda.meeting.cadence else {
        return Err(
            "the agenda has no cadence, so there is no next date to move it to: add \
             `cadence = \"2w\"` (or \"1w\", \"4w\", \"14d\", optionally with a weekday) to [meeting]"
                .into(),
        );
    };
    let mut next = agenda.clone();
    next.meeting.date = next_date(agenda.meeting.date, cadence)?;
    Ok(next)
}

fn parse_hhmm(text: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(text, "%H:%M")
        .map_err(|_| format!("`{}` is not a time (HH:MM)", clean_line(text)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn cadence_dates() {
        let every = |days, weekday| Cadence {
            every_days: days,
            weekday,
        };
        let next_date = |from, cadence| super::next_date(from, cadence).unwrap();
        // 2026-03-09 is a Monday.
        assert_eq!(next_date(d("2026-03-09"), every(14, None)), d("2026-03-23"));
        assert_eq!(next_date(d("2026-03-09"), every(7, None)), d("2026-03-16"));
        assert_eq!(
            next_date(d("2026-03-09"), every(14, Some(Weekday::Mon))),
            d("2026-03-23")
        );
        // A meeting moved to Tuesday goes back to Monday; one moved to Friday goes on to
        // the Monday after.
        assert_eq!(
            next_date(d("2026-03-10"), every(14, Some(Weekday::Mon))),
            d("2026-03-23")
        );
        assert_eq!(
            next_date(d("2026-03-13"), every(14, Some(Weekday::Mon))),
            d("2026-03-30")
        );
        // 14 days across a month and a year end, 4 weeks across February.
        assert_eq!(next_date(d("2026-12-24"), every(14, None)), d("2027-01-07"));
        assert_eq!(
            next_date(d("2028-02-10"), every(28, Some(Weekday::Thu))),
            d("2028-03-09")
        );
        // A weekday that differs from the meeting's: the nearest one to the plain date.
        assert_eq!(
            next_date(d("2026-03-09"), every(7, Some(Weekday::Wed))),
            d("2026-03-18")
        );
        assert_eq!(
            next_date(d("2026-03-09"), every(7, Some(Weekday::Fri))),
            d("2026-03-13")
        );
        // Past the last date an agenda can hold: an error, not a panic or a bad agenda.
        let err = super::next_date(d("9999-12-25"), every(14, None)).unwrap_err();
        assert!(err.contains("past the year 9999"), "{err}");
        assert!(super::next_date(NaiveDate::MAX, every(14, None)).is_err());
    }
}
