//! The speaker queue: who has the floor (with a clock against the speaker limit) and who
//! waits, in order, with the kind of their request.

use super::app::App;
use super::item_pane::floor_lines;
use chrono::{DateTime, Utc};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::Frame;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, now: DateTime<Utc>) {
    let t = &app.theme;
    let mut lines: Vec<Line> = Vec::new();
    floor_lines(&mut lines, app, now);
    if app.meeting.floor.is_none() {
        lines.insert(
            0,
            Line::styled("Floor free: f gives it to the next", t.dim()),
        );
    }
    let title = format!(" Queue: {} waiting ", app.meeting.queue.len());
    let inner = super::paint::bordered(frame.buffer_mut(), area, &title, t.dim());
    super::paint::draw_wrapped(frame.buffer_mut(), inner, &lines, None);
}
