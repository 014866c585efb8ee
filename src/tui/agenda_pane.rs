//! The agenda: every item with its status, presenter and time used against its box; the
//! running item carries a gauge that turns yellow at 80% and red when it runs over.

use super::app::{App, Focus};
use super::hits::ListHit;
use super::paint::{self, Row};
use super::text::{list_offset, safe};
use crate::meeting::ItemStatus;
use chrono::{DateTime, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::Frame;
use std::fmt::Write;

const GAUGE: usize = 8;

/// Draws the agenda and returns where its items went, for mouse clicks.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, now: DateTime<Utc>) -> ListHit {
    let t = app.theme();
    let m = app.meeting();
    let border = if app.focus() == Focus::Agenda {
        t.focused_border()
    } else {
        t.dim()
    };
    let done = m
        .items()
        .iter()
        .filter(|i| i.status == ItemStatus::Done)
        .count();
    let title = format!(" Agenda {done}/{} ", m.items().len());
    let inner = super::paint::titled(frame.buffer_mut(), area, &title, border);
    let height = inner.height as usize;
    let offset = list_offset(app.agenda_selected(), height, m.items().len());
    let buf = frame.buffer_mut();
    for row in 0..height.min(m.items().len().saturating_sub(offset)) {
        draw_row(buf, inner, row, offset + row, app, now);
    }
    ListHit {
        rows: inner,
        first: offset,
        len: m.items().len(),
    }
}

/// Redraws only the running item's row (the one that moves with the clock) over the frame
/// drawn at `before`, and returns it; the same cells as `draw`. Nothing is redrawn while
/// what the row shows of the clock (minutes used, the gauge, its colour) stays the same:
/// most seconds.
pub fn redraw_running(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    before: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Vec<Rect> {
    let m = app.meeting();
    if let Some(item) = m.current_item() {
        if item.status == ItemStatus::Running
            && clock_shown(app, item, before) == clock_shown(app, item, now)
        {
            return Vec::new();
        }
    }
    let inner = paint::inside(area.intersection(frame.area()));
    let offset = list_offset(
        app.agenda_selected(),
        usize::from(inner.height),
        m.items().len(),
    );
    let Some(row) = m
        .current()
        .and_then(|i| i.checked_sub(offset))
        .filter(|&row| row < usize::from(inner.height))
    else {
        return Vec::new();
    };
    let line = Rect::new(inner.x, inner.y + row as u16, inner.width, 1);
    paint::clear(frame.buffer_mut(), line);
    draw_row(frame.buffer_mut(), inner, row, offset + row, app, now);
    vec![line]
}

/// Item `i` of the agenda on row `row` of the pane's inside. Only the numbers are formatted.
fn draw_row(buf: &mut Buffer, inner: Rect, row: usize, i: usize, app: &App, now: DateTime<Utc>) {
    let t = app.theme();
    let item = &app.meeting().items()[i];
    let used = item.used_at(now);
    let (icon, icon_style) = match item.status {
        ItemStatus::Pending => ("·", t.dim()),
        ItemStatus::Running => ("▶", t.accent()),
        ItemStatus::Done => ("✓", t.ok()),
        ItemStatus::Deferred => ("»", t.dim()),
    };
    let mut label = String::new();
    let mut right = [("", t.dim()); 3];
    match item.status {
        ItemStatus::Running => {
            let (style, filled, minutes) = clock_shown(app, item, now);
            let _ = match minutes {
                Minutes::Over(m) => write!(label, " +{m}m over"),
                Minutes::Used(m) => write!(label, " {m}/{}m", item.timebox / 60),
            };
            right = [
                (bar(FILLED, filled), style),
                (bar(EMPTY, GAUGE - filled), t.dim()),
                (&label, style),
            ];
        }
        ItemStatus::Done => {
            let _ = write!(label, "{}/{}m", (used + 30) / 60, item.timebox / 60);
            let style = if used > item.timebox + 59 {
                t.warn()
            } else {
                t.dim()
            };
            right[0] = (&label, style);
        }
        ItemStatus::Deferred => right[0] = ("deferred", t.dim()),
        ItemStatus::Pending => {
            let _ = write!(label, "{}m", item.timebox / 60);
            right[0] = (&label, t.dim());
        }
    }
    let mut line = Row::new(buf, inner, row as u16, &right);
    // One column is kept free between the title and the right part.
    let room = line.room().saturating_sub(1);
    let number = format!("{icon} {:>2}. ", i + 1);
    line.text(&number, icon_style);
    let room = room.saturating_sub(paint::width(&number) as u16);
    let title = safe(&item.title);
    match &item.presenter {
        Some(p) => line.fitted(&[&title, " (", &safe(p), ")"], Style::default(), room),
        None => line.fitted(&[&title], Style::default(), room),
    }
    if app.focus() == Focus::Agenda && i == app.agenda_selected() {
        let row = Rect::new(inner.x, inner.y + row as u16, inner.width, 1);
        buf.set_style(row, t.selected());
    }
}

/// A running item's minutes as its row shows them.
#[derive(PartialEq, Eq)]
enum Minutes {
    Used(i64),
    Over(i64),
}

/// What a running item's row shows of the clock at `now`: the colour, the gauge's filled
/// cells and the minutes. Equal at two moments, the row is the same.
fn clock_shown(
    app: &App,
    item: &crate::meeting::Item,
    now: DateTime<Utc>,
) -> (Style, usize, Minutes) {
    let used = item.used_at(now);
    let style = app.theme().for_ratio(used, item.timebox);
    let filled = ((used * GAUGE as i64) / item.timebox.max(1)).clamp(0, GAUGE as i64) as usize;
    let over = used - item.timebox;
    let minutes = if over > 0 {
        Minutes::Over((over + 59) / 60)
    } else {
        Minutes::Used(used / 60)
    };
    (style, filled, minutes)
}

/// The gauge's cells, one string each way so a gauge is a slice of it.
const FILLED: &str = "████████";
const EMPTY: &str = "░░░░░░░░";

/// The first `cells` cells of a gauge string (each of its characters is one cell).
fn bar(gauge: &'static str, cells: usize) -> &'static str {
    let end = gauge
        .char_indices()
        .nth(cells)
        .map_or(gauge.len(), |(at, _)| at);
    &gauge[..end]
}
