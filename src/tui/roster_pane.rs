//! The roster: everyone on it and every guest, ticked present, regrets, absent or left, with
//! join times; typing filters the list so a large roster is quick to tick.

use super::app::{App, Focus};
use super::hits::ListHit;
use super::paint::Row;
use super::text::{list_offset_from_top, safe};
use crate::meeting::Presence;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::Frame;

/// Draws the roster and returns where its people went (positions in `App::roster_rows`), for
/// mouse clicks.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) -> ListHit {
    let t = app.theme();
    let m = app.meeting();
    let focused = app.focus() == Focus::Roster;
    let present = m
        .attendees()
        .iter()
        .filter(|a| a.presence == Presence::Present)
        .count();
    let roster_size = m.attendees().iter().filter(|a| !a.guest).count();
    let title = match app.roll_call() {
        Some(roll) => {
            let called = m.attendees()[..roll.at().min(m.attendees().len())]
                .iter()
                .filter(|a| !a.guest)
                .count();
            if roll.at() >= m.attendees().len() {
                format!(" Roll call: complete · {present} present ")
            } else {
                format!(
                    " Roll call {}/{roster_size} · {present} present ",
                    called + 1
                )
            }
        }
        None => format!(" Roster: {present} present "),
    };
    let border = if focused { t.focused_border() } else { t.dim() };
    let inner = super::paint::titled(frame.buffer_mut(), area, &title, border);

    // The filter first: in a narrow column the counts are what gets cut.
    let mut summary = Vec::new();
    if (focused && app.roll_call().is_none()) || !app.roster_filter().is_empty() {
        summary.push(Span::styled(
            format!("filter: {}▏ · ", safe(app.roster_filter())),
            t.accent(),
        ));
    }
    summary.push(Span::styled(
        format!("voting {}/{}", m.quorum_count(), m.voting_members()),
        t.dim(),
    ));
    if let Some(q) = m.agenda().meeting.quorum {
        let style = if m.quorum_count() >= q {
            t.ok()
        } else {
            t.alert()
        };
        summary.push(Span::styled(format!(" · quorum needs {q}"), style));
    }
    let mut lines = vec![Line::from(summary)];

    let rows = app.roster_rows();
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
    let height = usize::from(list.height);
    // From the top: the cursor shows only while the roster has the keys.
    let offset = if focused {
        list_offset_from_top(app.roster_selected(), height, rows.len())
    } else {
        0
    };
    let buf = frame.buffer_mut();
    let mut right = String::new();
    for (row, (pos, &i)) in rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .enumerate()
    {
        let a = &m.attendees()[i];
        let (mark, style) = match a.presence {
            Presence::Present => ("[x] ", t.ok()),
            Presence::Regrets => ("[r] ", t.dim()),
            Presence::Absent => ("[-] ", t.dim()),
            Presence::Left => ("[<] ", t.dim()),
            Presence::Unknown => ("[ ] ", t.dim()),
        };
        // The name gets the width it needs: the right column gives up the join time, then
        // says its words short, before the name is cut.
        let name = safe(&a.name);
        let need = 4 + unicode_width::UnicodeWidthStr::width(name.as_ref());
        for level in 0..3 {
            right.clear();
            right_column(m, a, level, &mut right);
            if need + unicode_width::UnicodeWidthStr::width(right.as_str())
                <= usize::from(list.width)
            {
                break;
            }
        }
        let mut line = Row::new(buf, list, row as u16, &[(&right, t.dim())]);
        line.text(mark, style);
        let room = line.room();
        // In a narrow column (80 columns wide) the name alone: affiliations cut to a few
        // letters say nothing.
        match &a.affiliation {
            Some(aff) if list.width >= 40 => {
                line.fitted(&[&name, " (", &safe(aff), ")"], Style::default(), room)
            }
            _ => line.fitted(&[&name], Style::default(), room),
        }
        if focused && pos == app.roster_selected() {
            buf.set_style(
                Rect::new(list.x, list.y + row as u16, list.width, 1),
                t.selected(),
            );
        }
    }
    ListHit {
        rows: list,
        first: offset,
        len: rows.len(),
    }
}

/// What a roster row says at its right: checked in from their own page, guest or
/// non-voting, the join or leaving time. `level` 0 says it all; 1 leaves out the join time;
/// 2 says the words short ("nv" non-voting, "g" guest, no time).
fn right_column(
    m: &crate::meeting::Meeting,
    a: &crate::meeting::Attendee,
    level: u8,
    right: &mut String,
) {
    let short = level >= 2;
    if a.self_checked && a.presence == Presence::Present {
        // Checked in from their own page in a shared session; a voting member counts
        // toward quorum once the chair confirms (/confirm): "self?" until then.
        right.push_str(if !a.guest && (a.votes || a.alternate_for.is_some()) {
            " self?"
        } else {
            " self"
        });
    }
    if a.guest {
        right.push_str(if short { " g" } else { " guest" });
    } else if !a.votes {
        right.push_str(if short { " nv" } else { " non-voting" });
    }
    match (a.presence, a.joined_at, a.left_at) {
        (Presence::Left, _, Some(_)) if short => right.push_str(" left"),
        (Presence::Left, _, Some(l)) => {
            right.push_str(" left ");
            m.write_clock(l, right);
        }
        (Presence::Present, Some(j), _) if level == 0 => {
            right.push(' ');
            m.write_clock(j, right);
        }
        _ => {}
    }
}
