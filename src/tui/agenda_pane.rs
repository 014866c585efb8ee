//! The agenda: every item with its status, presenter and time used against its box; the
//! running item carries a gauge that turns yellow at 80% and red when it runs over.

use super::app::{App, Focus};
use super::view::{fit_owned, list_offset, render_rows, safe};
use crate::meeting::ItemStatus;
use chrono::{DateTime, Utc};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

const GAUGE: usize = 8;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, now: DateTime<Utc>) {
    let t = &app.theme;
    let m = &app.meeting;
    let border = if app.focus == Focus::Agenda {
        t.focused_border()
    } else {
        t.dim()
    };
    let done = m
        .items
        .iter()
        .filter(|i| i.status == ItemStatus::Done)
        .count();
    let title = format!(" Agenda {done}/{} ", m.items.len());
    let inner = super::paint::bordered(frame.buffer_mut(), area, &title, border);
    let height = inner.height as usize;
    let width = inner.width as usize;
    let offset = list_offset(app.agenda_selected, height, m.items.len());
    let rows: Vec<(Line<'static>, Line<'static>)> = m
        .items
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, item)| {
            let used = item.used_at(now);
            let (icon, icon_style) = match item.status {
                ItemStatus::Pending => ("·", t.dim()),
                ItemStatus::Running => ("▶", t.accent()),
                ItemStatus::Done => ("✓", t.ok()),
                ItemStatus::Deferred => ("»", t.dim()),
            };
            let mut right: Vec<Span> = Vec::new();
            match item.status {
                ItemStatus::Running => {
                    let style = t.for_ratio(used, item.timebox);
                    let filled = ((used * GAUGE as i64) / item.timebox.max(1))
                        .clamp(0, GAUGE as i64) as usize;
                    right.push(Span::styled("█".repeat(filled), style));
                    right.push(Span::styled("░".repeat(GAUGE - filled), t.dim()));
                    let over = used - item.timebox;
                    let label = if over > 0 {
                        format!(" +{}m over", (over + 59) / 60)
                    } else {
                        format!(" {}/{}m", used / 60, item.timebox / 60)
                    };
                    right.push(Span::styled(label, style));
                }
                ItemStatus::Done => right.push(Span::styled(
                    format!("{}/{}m", (used + 30) / 60, item.timebox / 60),
                    if used > item.timebox + 59 {
                        t.warn()
                    } else {
                        t.dim()
                    },
                )),
                ItemStatus::Deferred => right.push(Span::styled("deferred", t.dim())),
                ItemStatus::Pending => {
                    right.push(Span::styled(format!("{}m", item.timebox / 60), t.dim()))
                }
            }
            let right_width: usize = right.iter().map(|s| s.content.width()).sum();
            let number = format!("{icon} {:>2}. ", i + 1);
            let room = width.saturating_sub(number.width() + right_width + 1);
            let mut title = safe(&item.title).into_owned();
            if let Some(p) = &item.presenter {
                title.push_str(" (");
                title.push_str(&safe(p));
                title.push(')');
            }
            let title = fit_owned(title, room);
            let left = Line::from(vec![Span::styled(number, icon_style), Span::raw(title)]);
            (left, Line::from(right))
        })
        .collect();
    let selected = (app.focus == Focus::Agenda)
        .then(|| app.agenda_selected.checked_sub(offset))
        .flatten();
    render_rows(frame, inner, rows, selected, t.selected());
}
