//! The header: title and date, the wall clock in the meeting's zone, elapsed against plan,
//! the projected end, and the quorum badge.

use super::app::App;
use super::text::{fit, mmss, safe};
use crate::meeting::Phase;
use chrono::{DateTime, Utc};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, now: DateTime<Utc>) {
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
    // The attendees' own clocks, while there is room beside the title.
    for zone in spec.zones.iter().chain(app.extra_zones()) {
        let more = format!(" / {}", zone.clock_with_abbrev(now));
        if right.chars().count() + more.chars().count() + 24 > area.width as usize {
            break;
        }
        right.push_str(&more);
    }
    let title_room = (area.width as usize).saturating_sub(right.chars().count() + 3);
    let top = Line::from(vec![
        Span::styled(
            format!(" {}", fit(&safe(&spec.title), title_room)),
            t.title(),
        ),
        Span::raw("  "),
        Span::styled(right, t.dim()),
    ]);

    let mut second: Vec<Span> = vec![Span::raw(" ")];
    match m.phase() {
        Phase::NotStarted => second.push(Span::styled(
            format!(
                "not started · planned {} → {} ({} min)",
                spec.start.format("%H:%M"),
                m.clock(m.planned_end()),
                spec.length / 60
            ),
            t.dim(),
        )),
        Phase::Running | Phase::Ended => {
            let elapsed = m.elapsed_at(now);
            second.push(Span::styled(
                format!("{} of {} min", mmss(elapsed), spec.length / 60),
                t.for_ratio(elapsed, spec.length),
            ));
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
            second.push(Span::raw(" · "));
            second.push(Span::styled(
                format!("{verb} {}{word}", m.clock(end)),
                style,
            ));
        }
    }
    if let Some(needed) = spec.quorum {
        let count = m.quorum_count();
        let style = if count >= needed { t.ok() } else { t.alert() };
        second.push(Span::raw(" · "));
        second.push(Span::styled(format!("quorum {count}/{needed}"), style));
    }
    if m.is_paused() {
        second.push(Span::raw(" · "));
        second.push(Span::styled("PAUSED", t.warn()));
    }
    if let Some(s) = app.session() {
        second.push(Span::styled(format!(" · session {}", safe(s)), t.dim()));
    }
    let buf = frame.buffer_mut();
    super::paint::put_lines(buf, area, &[top, Line::from(second)]);
    if app.flashing(now) {
        let reversed =
            ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::REVERSED);
        buf.set_style(area, reversed);
    }
}
