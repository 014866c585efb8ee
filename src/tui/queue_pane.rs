//! The speaker queue: who has the floor (with a clock against the speaker limit) and who
//! waits, in order, with the kind of their request.

use super::app::App;
use super::item_pane::queue_lines;
use super::paint;
use chrono::{DateTime, Utc};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::Frame;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, now: DateTime<Utc>) {
    let title = format!(" Queue: {} waiting ", app.meeting().queue().len());
    let inner = paint::titled(frame.buffer_mut(), area, &title, app.theme().dim());
    paint::draw_wrapped(frame.buffer_mut(), inner, &lines(app, now), None);
}

/// Redraws, over the last frame, the lines the clock moved between `before` and `now` (the
/// speaker's clock), and returns the rows redrawn; None when the pane must be drawn whole.
pub fn redraw_clock(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    before: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<Vec<Rect>> {
    let inner = paint::inside(area.intersection(frame.area()));
    let (old, new) = (lines(app, before), lines(app, now));
    paint::redraw_changed(frame.buffer_mut(), inner, &old, &new)
}

/// The waiting first (name, kind, topic: what the pane is for), then who has the floor, or
/// the hint that gives it, which the pane's bottom cuts first.
pub(super) fn lines(app: &App, now: DateTime<Utc>) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = Vec::new();
    queue_lines(&mut lines, app, now, true);
    lines
}
