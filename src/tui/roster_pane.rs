//! The roster: everyone on it and every guest, ticked present, regrets, absent or left, with
//! join times; typing filters the list so a large roster is quick to tick.

use super::app::{App, Focus};
use super::view::{fit_owned, list_offset, render_rows, safe};
use crate::meeting::Presence;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let m = &app.meeting;
    let focused = app.focus == Focus::Roster;
    let present = m
        .attendees
        .iter()
        .filter(|a| a.presence == Presence::Present)
        .count();
    let title = format!(" Roster: {present} present ");
    let border = if focused { t.focused_border() } else { t.dim() };
    let inner = super::paint::bordered(frame.buffer_mut(), area, &title, border);

    let mut summary = vec![Span::styled(
        format!("voting {}/{}", m.quorum_count(), m.voting_members()),
        t.dim(),
    )];
    if let Some(q) = m.agenda.meeting.quorum {
        let style = if m.quorum_count() >= q {
            t.ok()
        } else {
            t.alert()
        };
        summary.push(Span::styled(format!(" · quorum needs {q}"), style));
    }
    if focused || !app.roster_filter.is_empty() {
        summary.push(Span::styled(
            format!(" · filter: {}▏", safe(&app.roster_filter)),
            t.accent(),
        ));
    }
    let mut lines = vec![Line::from(summary)];

    let rows = app.roster_rows();
    let height = (inner.height as usize).saturating_sub(1);
    let width = inner.width as usize;
    let offset = list_offset(app.roster_selected, height, rows.len());
    let mut people: Vec<(Line<'static>, Line<'static>)> = Vec::new();
    let mut selected = None;
    for (pos, &i) in rows.iter().enumerate().skip(offset).take(height) {
        let a = &m.attendees[i];
        let (mark, style) = match a.presence {
            Presence::Present => ("[x] ", t.ok()),
            Presence::Regrets => ("[r] ", t.dim()),
            Presence::Absent => ("[-] ", t.dim()),
            Presence::Left => ("[<] ", t.dim()),
            Presence::Unknown => ("[ ] ", t.dim()),
        };
        let mut right = String::new();
        if a.guest {
            right.push_str(" guest");
        } else if !a.votes {
            right.push_str(" non-voting");
        }
        match (a.presence, a.joined_at, a.left_at) {
            (Presence::Left, _, Some(l)) => {
                right.push_str(" left ");
                right.push_str(&m.clock(l));
            }
            (Presence::Present, Some(j), _) => {
                right.push(' ');
                right.push_str(&m.clock(j));
            }
            _ => {}
        }
        let mut name = safe(&a.name).into_owned();
        if let Some(aff) = &a.affiliation {
            name.push_str(" (");
            name.push_str(&safe(aff));
            name.push(')');
        }
        let room = width.saturating_sub(4 + right.width());
        let name = fit_owned(name, room);
        people.push((
            Line::from(vec![Span::styled(mark, style), Span::raw(name)]),
            Line::styled(right, t.dim()),
        ));
        if focused && pos == app.roster_selected {
            selected = Some(pos - offset);
        }
    }
    if rows.is_empty() {
        lines.push(Line::styled(
            "Nobody matches; Backspace edits the filter, /guest adds a newcomer.",
            t.dim(),
        ));
    }
    super::paint::put_lines(frame.buffer_mut(), inner, &lines);
    let list = Rect::new(
        inner.x,
        inner.y + 1,
        inner.width,
        inner.height.saturating_sub(1),
    );
    render_rows(frame, list, people, selected, t.selected());
}
