//! The roster: everyone on it and every guest, ticked present, regrets, absent or left, with
//! join times; typing filters the list so a large roster is quick to tick.

use super::app::{App, Focus};
use super::hits::ListHit;
use super::keys::{Action, Context};
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
    let claims = app.claims();
    let mut list = Rect::new(
        inner.x,
        inner.y + 1,
        inner.width,
        inner.height.saturating_sub(1),
    );
    let foot_rows = draw_foot(frame, list, app, &rows);
    list.height -= foot_rows;
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
        let claimed = claims.contains(&a.name);
        for level in 0..3 {
            right.clear();
            right_column(m, a, level, claimed, &mut right);
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

/// The roster's last lines, drawn at the bottom of `list`: what the short words mean and,
/// while the roster has the keys, the selected person whole when their row cuts the name;
/// only as many as leave the names three rows. Returns the rows they took.
fn draw_foot(frame: &mut Frame, list: Rect, app: &App, rows: &[usize]) -> u16 {
    let (t, m, claims) = (app.theme(), app.meeting(), app.claims());
    let mut foot = Vec::new();
    if app.focus() == Focus::Roster {
        if let Some(a) = app.selected_person().map(|i| &m.attendees()[i]) {
            let claimed = claims.contains(&a.name);
            if row_need(m, a, claimed) > list.width {
                foot.push(Line::styled(selected_whole(m, a, claimed), t.accent()));
            }
        }
    }
    let legend = legend(app, rows, list.width);
    if !legend.is_empty() {
        foot.push(Line::styled(legend, t.dim()));
    }
    let mut taken = 0;
    let room = list.height.saturating_sub(3);
    foot.retain(|line| {
        let rows = super::paint::rows(line, list.width) as u16;
        let fits = taken + rows <= room;
        if fits {
            taken += rows;
        }
        fits
    });
    let area = Rect::new(list.x, list.bottom() - taken, list.width, taken);
    super::paint::draw_wrapped(frame.buffer_mut(), area, &foot, None);
    taken
}

/// The width a roster row needs for `a`'s whole name with its words short (the least a
/// row says): what the narrow layout gives the roster's column when it can.
pub fn row_need(m: &crate::meeting::Meeting, a: &crate::meeting::Attendee, claimed: bool) -> u16 {
    let mut right = String::new();
    right_column(m, a, 2, claimed, &mut right);
    let name = unicode_width::UnicodeWidthStr::width(safe(&a.name).as_ref());
    (4 + name + unicode_width::UnicodeWidthStr::width(right.as_str())) as u16
}

/// The selected person said whole, the words long: "Name (affiliation): non-voting,
/// present since 17:00" (for a name the row cuts).
fn selected_whole(
    m: &crate::meeting::Meeting,
    a: &crate::meeting::Attendee,
    claimed: bool,
) -> String {
    let mut words: Vec<String> = Vec::new();
    if claimed {
        words.push("a page asks to be them".into());
    }
    if a.guest {
        words.push("guest".into());
    } else if !a.votes {
        words.push("non-voting".into());
    }
    if a.self_checked && a.presence == Presence::Present {
        words.push("checked in on their own page".into());
    }
    let mut when = String::new();
    match (a.presence, a.joined_at, a.left_at) {
        (Presence::Left, _, Some(l)) => {
            when.push_str("left at ");
            m.write_clock(l, &mut when);
        }
        (Presence::Present, Some(j), _) => {
            when.push_str("present since ");
            m.write_clock(j, &mut when);
        }
        (presence, _, _) => when.push_str(presence_said(presence)),
    }
    words.push(when);
    let name = match &a.affiliation {
        Some(aff) => format!("{} ({})", safe(&a.name), safe(aff)),
        None => safe(&a.name).into_owned(),
    };
    format!("▸ {name}: {}", words.join(", "))
}

fn presence_said(presence: Presence) -> &'static str {
    match presence {
        Presence::Present => "present",
        Presence::Regrets => "sent regrets",
        Presence::Absent => "absent",
        Presence::Left => "left",
        Presence::Unknown => "not marked yet",
    }
}

/// What the short words in the roster's rows mean, those the rows shown use: "nv
/// non-voting · g guest", "self? checked in on their page, /confirm counts them", and a
/// page's claim with the keys that answer it. Empty when no row needs it.
fn legend(app: &App, rows: &[usize], width: u16) -> String {
    let m = app.meeting();
    let claims = app.claims();
    let mut said = String::new();
    let (mut nv, mut g, mut unconfirmed) = (false, false, false);
    for &i in rows {
        let a = &m.attendees()[i];
        // What the row shows: short words when the long ones do not fit.
        let mut right = String::new();
        right_column(m, a, 1, claims.contains(&a.name), &mut right);
        let name = unicode_width::UnicodeWidthStr::width(safe(&a.name).as_ref());
        let short =
            4 + name + unicode_width::UnicodeWidthStr::width(right.as_str()) > usize::from(width);
        nv |= short && !a.guest && !a.votes;
        g |= short && a.guest;
        unconfirmed |= right.contains("self?");
    }
    let mut parts: Vec<String> = Vec::new();
    if !claims.is_empty() {
        let yes = app.keymap().key(Action::MarkPresent, Context::Roster);
        let no = app.keymap().key(Action::RefuseClaim, Context::Roster);
        let who = match claims {
            [one] => format!("a page says it is {}", safe(one)),
            _ => "pages say they are them".to_string(),
        };
        parts.push(format!("claim? {who}: {yes} confirms, {no} refuses"));
    }
    if nv {
        parts.push("nv non-voting".into());
    }
    if g {
        parts.push("g guest".into());
    }
    if unconfirmed {
        parts.push("self? their page only: /confirm counts them".into());
    }
    for part in parts {
        if !said.is_empty() {
            said.push_str(" · ");
        }
        said.push_str(&part);
    }
    said
}

/// What a roster row says at its right: a page's claim waiting for the chair, checked in
/// from their own page, guest or non-voting, the join or leaving time. `level` 0 says it
/// all; 1 leaves out the join time; 2 says the words short ("nv" non-voting, "g" guest, no
/// time).
fn right_column(
    m: &crate::meeting::Meeting,
    a: &crate::meeting::Attendee,
    level: u8,
    claimed: bool,
    right: &mut String,
) {
    let short = level >= 2;
    if claimed {
        // A page says it is them; the chair's mark stands meanwhile.
        right.push_str(" claim?");
    }
    if a.self_checked && a.presence == Presence::Present {
        // Checked in from their own page in a shared session; a voting member counts
        // toward quorum once the chair confirms (/confirm): "self?" until then.
        right.push_str(if !a.guest && (a.votes || a.alternate_for.is_some()) {
            " self?"
        } else {
            " self"
        });
    }
    if claimed && short {
        // The claim is what the chair must see now; the legend names the person.
    } else if a.guest {
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
