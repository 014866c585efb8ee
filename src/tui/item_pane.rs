//! The current item: its clock, its background and links from the agenda, the speaker
//! queue, and everything captured on it, each entry marked by kind.

use super::app::App;
use super::keys::{Action, Context};
use super::paint;
use super::text::{fit, min_sec, minutes, safe};
use crate::meeting::{EntryKind, Meeting, Phase, ReviewStatus};
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
    let head = head_lines(app, index, now, with_queue);
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
    let old = head_lines(app, index, before, with_queue);
    let new = head_lines(app, index, now, with_queue);
    paint::redraw_changed(frame.buffer_mut(), inner, &old, &new)
}

/// What the item pane shows above the entries: the item's clock, its background and links,
/// the floor and the queue (when there is no queue pane), and the actions to review.
fn head_lines<'a>(
    app: &'a App,
    index: usize,
    now: DateTime<Utc>,
    with_queue: bool,
) -> Vec<Line<'a>> {
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
    if let Some(bg) = &item.background {
        for l in crate::text::display_lines(bg) {
            head.push(Line::styled(safe(&l).into_owned(), t.dim()));
        }
    }
    for link in &item.links {
        head.push(Line::styled(format!("↗ {}", safe(link)), t.accent()));
    }
    if with_queue {
        floor_lines(&mut head, app, now);
    }
    if m.phase() == Phase::NotStarted || index == 0 || reviews_actions(&item.title) {
        review_lines(&mut head, app);
    }
    head
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

/// An entry as one line: its time, its kind, its text. Notes and outcomes borrow their text
/// from the meeting; only the time is formatted.
#[deny(clippy::wildcard_enum_match_arm)]
fn entry_line<'a>(app: &App, m: &'a Meeting, e: &'a crate::meeting::Entry) -> Line<'a> {
    let t = app.theme();
    let mut time = m.clock(e.at);
    time.push(' ');
    let (tag, tag_style, text): (&str, _, Cow<'a, str>) = match &e.kind {
        EntryKind::Topic(title) => {
            // A divider: the notes below it go under this topic.
            return Line::from(vec![
                Span::styled(time, t.dim()),
                Span::styled(format!("── {} ──", safe(title)), t.title()),
            ]);
        }
        EntryKind::Note(text) => ("note    ", t.dim(), safe(text)),
        EntryKind::Outcome(text) => ("OUTCOME ", t.ok(), safe(text)),
        EntryKind::Action(a) => {
            let a = &m.actions()[*a];
            let due = a.due.map(|d| format!(" (due {d})")).unwrap_or_default();
            let text = format!("{}: {}{due}", safe(&a.owners.join(", ")), safe(&a.text));
            ("ACTION  ", t.accent(), text.into())
        }
        EntryKind::Link { url, text } => (
            "link    ",
            t.accent(),
            match text {
                Some(x) => format!("{} <{}>", safe(x), safe(url)).into(),
                None => safe(url),
            },
        ),
        EntryKind::Vote(v) => (
            "VOTE    ",
            t.warn(),
            format!(
                "{} for, {} against, {} abstain: {}{}",
                v.yes,
                v.against,
                v.abstain,
                v.result.as_str(),
                v.text
                    .as_deref()
                    .map(|x| format!(" — {}", safe(x)))
                    .unwrap_or_default()
            )
            .into(),
        ),
    };
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

pub(super) fn floor_lines(lines: &mut Vec<Line>, app: &App, now: DateTime<Utc>) {
    let t = app.theme();
    let m = app.meeting();
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
    }
    if !m.queue().is_empty() {
        let queue: Vec<String> = m
            .queue()
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let topic = q
                    .topic
                    .as_deref()
                    .map(|x| format!(": {}", safe(x)))
                    .unwrap_or_default();
                format!("{}. {} ({}{topic})", i + 1, safe(&q.name), q.kind.label())
            })
            .collect();
        lines.push(Line::styled(
            format!("Queue: {}", queue.join("  ")),
            t.accent(),
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
