//! The projector (`gavel join VIEWER-LINK --projector`): a read-only screen for a shared
//! display: the current item's clock in large digits, the agenda's progress and the queue.
//! Drawing takes `&App` like every pane.

use super::app::App;
use super::text::safe;
use crate::meeting::{ItemStatus, Phase};
use chrono::{DateTime, Utc};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

/// Digits three cells wide and five high, drawn with full blocks.
const GLYPHS: [[&str; 5]; 11] = [
    ["███", "█ █", "█ █", "█ █", "███"],
    ["  █", "  █", "  █", "  █", "  █"],
    ["███", "  █", "███", "█  ", "███"],
    ["███", "  █", "███", "  █", "███"],
    ["█ █", "█ █", "███", "  █", "  █"],
    ["███", "█  ", "███", "  █", "███"],
    ["███", "█  ", "███", "█ █", "███"],
    ["███", "  █", "  █", "  █", "  █"],
    ["███", "█ █", "███", "█ █", "███"],
    ["███", "█ █", "███", "  █", "███"],
    ["   ", " █ ", "   ", " █ ", "   "],
];

/// `text` ("12:05", "-3:10") in large digits: five lines.
pub fn big(text: &str) -> Vec<String> {
    let mut rows = vec![String::new(); 5];
    for c in text.chars() {
        let glyph = match c {
            '0'..='9' => Some(GLYPHS[c as usize - '0' as usize]),
            ':' => Some(GLYPHS[10]),
            _ => None,
        };
        for (r, row) in rows.iter_mut().enumerate() {
            match (glyph, c) {
                (Some(g), _) => row.push_str(g[r]),
                (None, '-') if r == 2 => row.push_str("███"),
                (None, _) => row.push_str("   "),
            }
            row.push(' ');
        }
    }
    rows
}

/// Minutes and seconds, "-" when over time.
fn clock_text(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    let secs = secs.abs();
    format!("{sign}{}:{:02}", secs / 60, secs % 60)
}

#[deny(clippy::wildcard_enum_match_arm)]
pub fn draw(frame: &mut Frame, area: Rect, app: &App, now: DateTime<Utc>) {
    let m = app.meeting();
    let t = app.theme();
    let [top, body] = Layout::vertical([Constraint::Length(9), Constraint::Min(3)]).areas(area);
    let mut lines = Vec::new();
    let (title, left, over) = match (m.phase(), m.current()) {
        (Phase::Running, Some(i)) => {
            let item = &m.items()[i];
            let left = item.timebox - item.used_at(now);
            (
                format!("{}. {}", i + 1, safe(&item.title)),
                Some(left),
                left < 0,
            )
        }
        (Phase::NotStarted, _) => ("The meeting has not started yet".into(), None, false),
        (Phase::Ended, _) => ("The meeting has ended".into(), None, false),
        (Phase::Running, None) => ("Between items".into(), None, false),
    };
    lines.push(Line::from(Span::styled(
        safe(&m.agenda().meeting.title).into_owned(),
        t.dim(),
    )));
    lines.push(Line::from(Span::styled(title, t.title())));
    if let Some(left) = left {
        let style = if over { t.alert() } else { t.accent() };
        for row in big(&clock_text(left)) {
            lines.push(Line::from(Span::styled(row, style)));
        }
        lines.push(Line::from(Span::styled(
            if over { "over its time" } else { "left" },
            t.dim(),
        )));
    }
    frame.render_widget(Paragraph::new(lines), top);
    let [agenda, queue] =
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(body);
    let items: Vec<Line> = m
        .items()
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let mark = match item.status {
                _ if m.current() == Some(i) && m.phase() == Phase::Running => "▶",
                ItemStatus::Done => "✓",
                ItemStatus::Deferred => "→",
                ItemStatus::Pending | ItemStatus::Running => " ",
            };
            let style = if m.current() == Some(i) {
                t.title()
            } else if item.status == ItemStatus::Done {
                t.dim()
            } else {
                ratatui::style::Style::default()
            };
            Line::from(Span::styled(
                format!(
                    "{mark} {}. {} ({}m)",
                    i + 1,
                    safe(&item.title),
                    item.timebox / 60
                ),
                style,
            ))
        })
        .collect();
    frame.render_widget(
        Paragraph::new(items)
            .wrap(Wrap { trim: true })
            .block(Block::default().borders(Borders::ALL).title(" Agenda ")),
        agenda,
    );
    let mut waiting = Vec::new();
    if let Some(f) = m.floor() {
        waiting.push(Line::from(Span::styled(
            format!("speaking: {}", safe(&f.entry.name)),
            t.accent(),
        )));
    }
    for (n, q) in m.queue().iter().enumerate() {
        let topic = q
            .topic
            .as_deref()
            .map(|x| format!(" — {}", safe(x)))
            .unwrap_or_default();
        waiting.push(Line::from(format!("{}. {}{topic}", n + 1, safe(&q.name))));
    }
    if waiting.is_empty() {
        waiting.push(Line::from(Span::styled("Nobody is queued.", t.dim())));
    }
    frame.render_widget(
        Paragraph::new(waiting)
            .wrap(Wrap { trim: true })
            .block(Block::default().borders(Borders::ALL).title(" Queue ")),
        queue,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_digits_are_five_rows() {
        let rows = big("12:05");
        assert_eq!(rows.len(), 5);
        assert!(rows
            .iter()
            .all(|r| r.chars().count() == rows[0].chars().count()));
        assert_eq!(clock_text(-190), "-3:10");
        assert_eq!(clock_text(725), "12:05");
    }

    #[test]
    fn the_projector_shows_the_clock_agenda_and_queue() {
        use crate::meeting::{Event, EventKind, QueueKind};
        let mut meeting = crate::meeting::tests_support::meeting();
        let start = crate::meeting::tests_support::t(0);
        meeting.apply(&Event::new(start, EventKind::Start)).unwrap();
        meeting
            .apply(&Event::new(
                start,
                EventKind::Queue {
                    name: "Ana".into(),
                    kind: QueueKind::Topic,
                    topic: Some("budget".into()),
                },
            ))
            .unwrap();
        let app = App::new(meeting, Box::new(crate::recorder::NullRecorder));
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        terminal
            .draw(|f| draw(f, f.area(), &app, start + chrono::Duration::seconds(65)))
            .unwrap();
        let screen: String = terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect();
        assert!(screen.contains("███"), "large digits");
        assert!(screen.contains("Agenda") && screen.contains("Queue"));
        assert!(screen.contains("Ana — budget"), "{screen}");
    }
}
