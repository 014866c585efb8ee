//! The current item: its clock, its background and links from the agenda, the speaker
//! queue, and everything captured on it, each entry marked by kind.

use super::app::App;
use super::keys::{Action, Context};
use super::paint;
use super::text::{fit, min_sec, minutes, safe};
use crate::meeting::{Meeting, Phase, ReviewStatus, Tone};
use chrono::{DateTime, Utc};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;
use std::borrow::Cow;

/// `with_queue`: show the floor and the queue here (when there is no queue pane).
pub fn draw(frame: &mut Frame, area: Rect, app: &App, now: DateTime<Utc>, with_queue: bool) {
    let t = app.theme();
    let m = app.meeting();
    let Some(index) = shown_item(app) else {
        let inner = paint::bordered(frame.buffer_mut(), area, " No item running ", t.dim());
        let text = [
            Line::from("Every item is done or deferred."),
            Line::styled(
                "/end closes the meeting and writes the minutes; /goto N reopens an item.",
                t.dim(),
            ),
        ];
        paint::draw_wrapped(frame.buffer_mut(), inner, &text, None);
        return;
    };
    let item = &m.items()[index];
    let mut title = format!(" {}. {}", index + 1, safe(&item.title));
    if let Some(p) = &item.presenter {
        title.push_str(&format!(" — {}", safe(p)));
    }
    title.push(' ');
    let inner = paint::titled(frame.buffer_mut(), area, &title, t.dim());
    let head = head_lines(app, index, now, with_queue, inner);
    let selected = (app.focus() == super::app::Focus::Entries)
        .then(|| app.record().get(app.entry_selected()).copied())
        .flatten();
    draw_body(frame, inner, app, index, head, selected);
}

/// The item shown: the running one, or before the start the one selected in the agenda.
fn shown_item(app: &App) -> Option<usize> {
    let m = app.meeting();
    m.current()
        .or(if m.phase() == Phase::NotStarted {
            Some(app.agenda_selected())
        } else {
            None
        })
        .filter(|&i| i < m.items().len())
}

/// Redraws, over the last frame, the lines of the item's head that the clock moved between
/// `before` and `now` (its clock, the speaker's), and returns the rows redrawn; None when
/// that would move the entries below (a line grew a row), and the pane must be drawn whole.
pub fn redraw_clock(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    before: DateTime<Utc>,
    now: DateTime<Utc>,
    with_queue: bool,
) -> Option<Vec<Rect>> {
    let Some(index) = shown_item(app) else {
        return Some(Vec::new());
    };
    let inner = paint::inside(area.intersection(frame.area()));
    let old = timed_lines(app, index, before, with_queue);
    let new = timed_lines(app, index, now, with_queue);
    paint::redraw_changed(frame.buffer_mut(), inner, &old, &new)
}

/// The head's first lines, the only ones the clock moves: the item's clock, then the queue
/// and the floor when there is no queue pane.
fn timed_lines(app: &App, index: usize, now: DateTime<Utc>, with_queue: bool) -> Vec<Line<'_>> {
    let t = app.theme();
    let m = app.meeting();
    let item = &m.items()[index];
    let mut head: Vec<Line> = Vec::new();
    let used = item.used_at(now);
    if m.current() == Some(index) {
        let left = item.timebox - used;
        let words = if left >= 0 {
            format!(
                "⏱ {} of {} · {} left",
                min_sec(used),
                minutes(item.timebox),
                min_sec(left)
            )
        } else {
            format!(
                "⏱ {} of {} · over by {}",
                min_sec(used),
                minutes(item.timebox),
                min_sec(-left)
            )
        };
        head.push(Line::styled(words, t.for_ratio(used, item.timebox)));
    } else {
        head.push(Line::styled(
            format!(
                "not started · {} min planned · {} starts the meeting",
                item.timebox / 60,
                app.keymap().key(Action::StartPause, Context::Agenda)
            ),
            t.dim(),
        ));
    }
    // Who waits comes before the background: it is what the call needs now.
    if with_queue {
        queue_lines(&mut head, app, now, false);
    }
    head
}

/// What the item pane shows above the entries: the item's clock, the queue and the floor
/// (when there is no queue pane), its background (folded in a short pane) and links, and the
/// actions to review. `inner`: the pane's inside, which decides the fold.
fn head_lines<'a>(
    app: &'a App,
    index: usize,
    now: DateTime<Utc>,
    with_queue: bool,
    inner: Rect,
) -> Vec<Line<'a>> {
    let t = app.theme();
    let m = app.meeting();
    let item = &m.items()[index];
    let mut head = timed_lines(app, index, now, with_queue);
    if let Some(bg) = &item.background {
        background_lines(&mut head, app, bg, inner);
    }
    for link in &item.links {
        head.push(Line::styled(format!("↗ {}", safe(link)), t.accent()));
    }
    if m.phase() == Phase::NotStarted || index == 0 || reviews_actions(&item.title) {
        review_lines(&mut head, app);
    }
    head
}

/// The most rows an item's background takes in a pane `height` rows high: 2 in a short pane
/// (an 80x24 screen's), a quarter of a tall one; the rest folds away behind a key.
fn background_room(height: u16) -> usize {
    if height < 24 {
        2
    } else {
        usize::from(height / 4).max(2)
    }
}

/// The item's background, wrapped to the pane, in at most `background_room` rows: when it
/// is longer, its last row ends in "… i: all" (the key that shows it whole).
fn background_lines(head: &mut Vec<Line>, app: &App, bg: &str, inner: Rect) {
    let t = app.theme();
    let width = inner.width.max(1);
    let lines: Vec<Line> = crate::text::display_lines(bg)
        .iter()
        .map(|l| Line::styled(safe(l).into_owned(), t.dim()))
        .collect();
    let room = background_room(inner.height);
    let total: usize = lines.iter().map(|l| paint::rows(l, width)).sum();
    if total <= room {
        head.extend(lines);
        return;
    }
    // The rows as wrapped, then the last one kept cut short for the marker.
    let mut rows: Vec<String> = Vec::new();
    for line in &lines {
        let first = rows.len();
        paint::wrap(line, width, |row, _, text, _| {
            if rows.len() <= first + row {
                rows.resize(first + row + 1, String::new());
            }
            rows[first + row].push_str(text);
        });
        if rows.len() == first {
            rows.push(String::new());
        }
    }
    let marker = format!(
        " {}: all",
        app.keymap().key(Action::ShowBackground, Context::Agenda)
    );
    let marker_width = unicode_width::UnicodeWidthStr::width(marker.as_str());
    for row in rows.iter().take(room - 1) {
        head.push(Line::styled(row.trim_end().to_string(), t.dim()));
    }
    let rest = rows[room - 1..]
        .iter()
        .map(|r| r.trim())
        .collect::<Vec<_>>()
        .join(" ");
    let cut = fit(
        &format!("{rest}…"),
        usize::from(width).saturating_sub(marker_width),
    );
    head.push(Line::from(vec![
        Span::styled(cut, t.dim()),
        Span::styled(marker, t.accent()),
    ]));
}

/// An item whose title speaks of actions ("Review of old actions", "Action items") is where
/// the old actions are reviewed: it shows them with their numbers, for `/done N`.
fn reviews_actions(title: &str) -> bool {
    title.to_lowercase().contains("action")
}

/// The head, then as many entries as fit below it, the newest last.
fn draw_body(
    frame: &mut Frame,
    inner: Rect,
    app: &App,
    index: usize,
    head: Vec<Line>,
    selected: Option<u64>,
) {
    let t = app.theme();
    let m = app.meeting();
    let item = &m.items()[index];
    let width = inner.width.max(1);
    let with_rows = |e| {
        let line = entry_line(app, m, e);
        let rows = paint::rows(&line, width);
        (line, rows)
    };
    let head_rows: usize = head.iter().map(|l| paint::rows(l, width)).sum();
    let room = (inner.height as usize).saturating_sub(head_rows + 1);
    // Keep the newest entries in view: build entries from the newest back while they fit,
    // so a frame costs what the pane shows, however many entries the item has.
    let entries = &item.entries;
    let mut shown: Vec<(Line, usize)> = Vec::new();
    let mut used = 0;
    for (line, rows) in entries.iter().rev().map(with_rows) {
        if used + rows > room {
            break;
        }
        used += rows;
        shown.push((line, rows));
    }
    // The "… N earlier entries" line needs a row too (it is cut to one).
    while shown.len() < entries.len() && used + 1 > room {
        let Some((_, rows)) = shown.pop() else { break };
        used -= rows;
    }
    shown.reverse();
    let mut first = entries.len() - shown.len();
    // An entry selected for editing stays in view, even if newer ones must give way.
    let selected_index = selected.and_then(|id| entries.iter().position(|e| e.id == id));
    if let Some(index) = selected_index.filter(|&i| i < first) {
        first = index;
        shown = entries[first..]
            .iter()
            .map(with_rows)
            .scan(0, |used, (line, rows)| {
                (*used <= room).then(|| {
                    *used += rows;
                    (line, rows)
                })
            })
            .collect();
    }
    let mut lines = head;
    lines.push(Line::default());
    if first > 0 {
        let earlier = format!("… {first} earlier entries");
        lines.push(Line::styled(fit(&earlier, usize::from(width)), t.dim()));
    }
    if entries.is_empty() && m.current() == Some(index) {
        lines.push(Line::styled(
            "Nothing captured yet: type a note and press Enter.",
            t.dim(),
        ));
    }
    let highlight = selected_index
        .filter(|&i| i >= first)
        .map(|i| (lines.len() + i - first, t.selected()));
    lines.extend(shown.into_iter().map(|(line, _)| line));
    paint::draw_wrapped(frame.buffer_mut(), inner, &lines, highlight);
}

/// An entry as one line: its time, its kind, its text (as the kind says it:
/// `EntryKind::shown`). Notes and outcomes borrow their text from the meeting.
fn entry_line<'a>(app: &App, m: &'a Meeting, e: &'a crate::meeting::Entry) -> Line<'a> {
    let t = app.theme();
    let mut time = m.clock(e.at);
    time.push(' ');
    let shown = e.kind.shown(m);
    let text: Cow<'a, str> = match shown.text {
        Cow::Borrowed(x) => safe(x),
        Cow::Owned(x) => match safe(&x) {
            Cow::Borrowed(_) => x.into(),
            Cow::Owned(clean) => clean.into(),
        },
    };
    let tag_style = match shown.tone {
        Tone::Divider => {
            // A divider: the notes below it go under this topic.
            return Line::from(vec![
                Span::styled(time, t.dim()),
                Span::styled(text, t.title()),
            ]);
        }
        Tone::Plain => t.dim(),
        Tone::Decision => t.ok(),
        Tone::Pointer => t.accent(),
        Tone::Count => t.warn(),
    };
    let tag = format!("{:<8}", shown.tag);
    let mut spans = vec![Span::styled(time, t.dim()), Span::styled(tag, tag_style)];
    // A participant's own entry that the host has not recorded yet.
    if app.pending_from().is_some_and(|from| e.id >= from) {
        spans.push(Span::styled("[pending] ", t.warn()));
    }
    if e.private {
        spans.push(Span::styled("[private] ", t.private()));
        spans.push(Span::styled(text, t.private()));
    } else {
        spans.push(Span::raw(text));
    }
    if let Some(by) = &e.by {
        spans.push(Span::styled(format!(" — {}", safe(by)), t.dim()));
    }
    Line::from(spans)
}

/// The speaker queue as lines: each person waiting on a line of their own, in order, with
/// the kind of their request and its topic, then who has the floor. `pane`: for the queue
/// pane, whose title says what the list is, and which ends with the hint that gives the
/// floor while it is free; in the item pane each waiting line says "Queue".
pub(super) fn queue_lines(lines: &mut Vec<Line>, app: &App, now: DateTime<Utc>, pane: bool) {
    let t = app.theme();
    let m = app.meeting();
    for (i, q) in m.queue().iter().enumerate() {
        let topic = q
            .topic
            .as_deref()
            .map(|x| format!(": {}", safe(x)))
            .unwrap_or_default();
        let label = if pane { "" } else { "Queue " };
        lines.push(Line::styled(
            format!(
                "{label}{}. {} ({}{topic})",
                i + 1,
                safe(&q.name),
                q.kind.label()
            ),
            t.accent(),
        ));
    }
    if let Some(f) = &m.floor() {
        let used = f.used_at(now);
        let limit = m
            .current_item()
            .and_then(|i| i.speaker_limit)
            .or(m.agenda().meeting.speaker_limit);
        let style = limit.map_or(t.accent(), |l| t.for_ratio(used, l));
        let limit_text = limit
            .map(|l| format!(" of {}", minutes(l)))
            .unwrap_or_default();
        lines.push(Line::styled(
            format!(
                "Floor: {} {}{limit_text}",
                safe(&f.entry.name),
                min_sec(used)
            ),
            style,
        ));
    } else if pane {
        lines.push(Line::styled(
            format!(
                "Floor free: {} gives it to the next",
                app.keymap().key(Action::Speak, Context::Agenda)
            ),
            t.dim(),
        ));
    }
}

fn review_lines(lines: &mut Vec<Line>, app: &App) {
    let t = app.theme();
    let m = app.meeting();
    if m.agenda().actions.is_empty() {
        return;
    }
    lines.push(Line::styled(
        "Open actions to review (/done N, /ongoing N, /dropped N):",
        t.title(),
    ));
    for (i, a) in m.agenda().actions.iter().enumerate() {
        let word = match m.reviews()[i] {
            Some(ReviewStatus::Done) => "done",
            Some(ReviewStatus::Ongoing) => "ongoing",
            Some(ReviewStatus::Dropped) => "dropped",
            None => "·",
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{:>2}. [{word}] ", i + 1), t.accent()),
            Span::raw(format!("{}: {}", safe(&a.owners.join(", ")), safe(&a.text))),
        ]));
    }
}
