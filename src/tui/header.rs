//! The header: title and date, the wall clock in the meeting's zone, elapsed against plan,
//! the projected end, and the quorum badge.

use super::app::App;
use super::text::{fit, min_sec, minutes, safe};
use crate::meeting::Phase;
use chrono::{DateTime, Utc};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, now: DateTime<Utc>) {
    let lines = [top_line(area, app, now), second_line(area, app, now)];
    let buf = frame.buffer_mut();
    super::paint::put_lines(buf, area, &lines);
    if app.flashing(now) {
        let reversed =
            ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::REVERSED);
        buf.set_style(area, reversed);
    }
}

/// Redraws, over the header drawn at `before`, what the clock moved by `now`, and returns the
/// rows redrawn (cleared first). The top line shows times of day to the minute (the wall
/// clock, the attendees' zones): within one minute, in zones whose offsets are whole
/// minutes, only the second line changes, and only it is formatted and drawn again. The
/// same cells as `draw` (tested with the rest of the clock-only seconds).
pub fn redraw_clock(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    before: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Rect {
    let same_minute = before <= now
        && before.timestamp().div_euclid(60) == now.timestamp().div_euclid(60)
        && whole_minute_zones(app, now);
    if !same_minute || app.flashing(before) || app.flashing(now) || area.height < 2 {
        super::paint::clear(frame.buffer_mut(), area);
        draw(frame, area, app, now);
        return area;
    }
    let row = Rect::new(area.x, area.y + 1, area.width, 1);
    let buf = frame.buffer_mut();
    super::paint::clear(buf, row);
    super::paint::put_lines(buf, row, &[second_line(area, app, now)]);
    row
}

/// Whether every zone the top line shows is a whole number of minutes from UTC at `now`, so
/// that its clock turns a minute when UTC's does.
fn whole_minute_zones(app: &App, now: DateTime<Utc>) -> bool {
    let spec = &app.meeting().agenda().meeting;
    std::iter::once(&spec.timezone)
        .chain(&spec.zones)
        .chain(app.extra_zones())
        .all(|zone| zone.offset_at(now).local_minus_utc() % 60 == 0)
}

/// The title, the date, the wall clock and the attendees' clocks.
fn top_line(area: Rect, app: &App, now: DateTime<Utc>) -> Line<'static> {
    let t = app.theme();
    let m = app.meeting();
    let spec = &m.agenda().meeting;
    let format = if app.twelve_hour() {
        "%-I:%M %p"
    } else {
        "%H:%M"
    };
    let clock = spec.timezone.local(now).format(format).to_string();
    let mut right = format!(
        "{} · {clock} {}",
        spec.date.format("%a %-d %b %Y"),
        spec.timezone.name()
    );
    // The attendees' own clocks, while there is room beside the whole title (up to 40
    // columns of it): the zones go before the title is cut.
    let title_width = safe(&spec.title).chars().count().min(40) + 4;
    for zone in spec.zones.iter().chain(app.extra_zones()) {
        let more = format!(" / {}", zone.clock_with_abbrev(now));
        if right.chars().count() + more.chars().count() + title_width > area.width as usize {
            break;
        }
        right.push_str(&more);
    }
    let title_room = (area.width as usize).saturating_sub(right.chars().count() + 3);
    Line::from(vec![
        Span::styled(
            format!(" {}", fit(&safe(&spec.title), title_room)),
            t.title(),
        ),
        Span::raw("  "),
        Span::styled(right, t.dim()),
    ])
}

/// The meeting's time against its plan, the projected end, the link, the quorum, the session.
fn second_line(area: Rect, app: &App, now: DateTime<Utc>) -> Line<'static> {
    let t = app.theme();
    let m = app.meeting();
    let spec = &m.agenda().meeting;
    // Every time of day on the header in the same form as the wall clock (`clock = 12`).
    let time_of = |at: DateTime<Utc>| {
        if app.twelve_hour() {
            spec.timezone.local(at).format("%-I:%M %p").to_string()
        } else {
            m.clock(at)
        }
    };

    // The second line's parts, most important first: what does not fit is left out whole,
    // the least important first (the session's id, then the quorum), never cut mid-word.
    let mut parts: Vec<Vec<Span>> = Vec::new();
    match m.phase() {
        Phase::NotStarted => parts.push(vec![Span::styled(
            format!(
                "not started · planned {} → {} ({})",
                time_of(m.scheduled_start()),
                time_of(m.planned_end()),
                minutes(spec.length)
            ),
            t.dim(),
        )]),
        Phase::Running | Phase::Ended => {
            let elapsed = m.elapsed_at(now);
            parts.push(vec![Span::styled(
                format!("{} of {}", min_sec(elapsed), minutes(spec.length)),
                t.for_ratio(elapsed, spec.length),
            )]);
            let end = m.projected_end(now);
            let late = (end - m.planned_end()).num_seconds();
            let (word, style) = if late > 59 {
                (format!(", {} min late", (late + 30) / 60), t.alert())
            } else if late < -59 {
                (format!(", {} min early", (-late + 30) / 60), t.ok())
            } else {
                (", on time".to_string(), t.ok())
            };
            let verb = if m.phase() == Phase::Ended {
                "ended"
            } else {
                "ends"
            };
            parts.push(vec![Span::styled(
                format!("{verb} {}{word}", time_of(end)),
                style,
            )]);
        }
    }
    if m.is_paused() {
        parts.insert(1, vec![Span::styled("PAUSED", t.warn())]);
    }
    if let Some(label) = app.link_label() {
        let style = if label.contains("OFFLINE") || label.contains("CANNOT SAVE") {
            t.alert()
        } else {
            t.accent()
        };
        parts.insert(1.min(parts.len()), vec![Span::styled(label, style)]);
    }
    if let Some(needed) = spec.quorum {
        let count = m.quorum_count();
        let style = if count >= needed { t.ok() } else { t.alert() };
        let waiting = m.present_unconfirmed();
        let text = if waiting > 0 {
            // Checked in from their pages, not counted until the chair confirms them.
            format!("quorum {count}/{needed} (+{waiting} to /confirm)")
        } else {
            format!("quorum {count}/{needed}")
        };
        parts.push(vec![Span::styled(text, style)]);
        // Said either way (the agenda's `alternates_count`); left out before the count.
        let alternates = crate::minutes::markdown::alternates_word(spec.alternates_count);
        parts.push(vec![Span::styled(
            format!("alternates {alternates}"),
            t.dim(),
        )]);
    }
    if let Some(s) = app.session() {
        parts.push(vec![Span::styled(format!("session {}", safe(s)), t.dim())]);
    }
    let width = |parts: &[Vec<Span>]| -> usize {
        1 + parts
            .iter()
            .map(|p| p.iter().map(|s| s.width()).sum::<usize>())
            .sum::<usize>()
            + 3 * parts.len().saturating_sub(1)
    };
    while parts.len() > 1 && width(&parts) > area.width as usize {
        parts.pop();
    }
    let mut second: Vec<Span> = vec![Span::raw(" ")];
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            second.push(Span::raw(" · "));
        }
        second.extend(part);
    }
    Line::from(second)
}
