//! The end of the meeting: time used per item against its box as bars, the actions by
//! person, and where the minutes were written.

use super::app::{App, Written};
use super::keys::{Action, Context};
use super::text::{fit, list_offset, min_sec, safe};
use crate::command::actions_by_owner;
use crate::meeting::ItemStatus;
use chrono::{DateTime, Utc};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, now: DateTime<Utc>) {
    let t = app.theme();
    // Tall enough for every file written (the .md and the .json), inside the border.
    let written = written_lines(app);
    let height = u16::try_from(written.len() + 2).unwrap_or(u16::MAX);
    let [top, bottom] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(height)]).areas(area);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(top);

    let block = Block::bordered()
        .title(" Time per item (used / planned) ")
        .border_style(t.dim());
    let inner = block.inner(left);
    frame.render_widget(block, left);
    let m = app.meeting();
    let scale = m
        .items()
        .iter()
        .map(|i| i.used_at(now).max(i.timebox))
        .max()
        .unwrap_or(1)
        .max(1);
    let longest = m
        .items()
        .iter()
        .enumerate()
        .map(|(i, item)| {
            unicode_width::UnicodeWidthStr::width(
                format!("{}. {}", i + 1, safe(&item.title)).as_str(),
            )
        })
        .max()
        .unwrap_or(8);
    let label_width = longest.clamp(8, (inner.width as usize / 2).max(8));
    let bar_room = (inner.width as usize)
        .saturating_sub(label_width + 12)
        .max(4);
    let lines: Vec<Line> = m
        .items()
        .iter()
        .enumerate()
        .take(inner.height as usize)
        .map(|(i, item)| {
            let used = item.used_at(now);
            let label = fit(&format!("{}. {}", i + 1, safe(&item.title)), label_width);
            let pad =
                label_width.saturating_sub(unicode_width::UnicodeWidthStr::width(label.as_str()));
            if item.status == ItemStatus::Deferred
                || (item.status == ItemStatus::Pending && used == 0)
            {
                return Line::from(vec![
                    Span::raw(format!("{label}{} ", " ".repeat(pad))),
                    Span::styled("not covered", t.dim()),
                ]);
            }
            let bar = (used as usize * bar_room) / scale as usize;
            let planned = (item.timebox as usize * bar_room) / scale as usize;
            let (within, over) = if bar > planned {
                (planned, bar - planned)
            } else {
                (bar, 0)
            };
            let gap = planned.saturating_sub(bar);
            Line::from(vec![
                Span::raw(format!("{label}{} ", " ".repeat(pad))),
                Span::styled("█".repeat(within), t.ok()),
                Span::styled("█".repeat(over), t.alert()),
                Span::styled("░".repeat(gap), t.dim()),
                Span::styled(
                    format!(" {}/{}m", (used + 30) / 60, item.timebox / 60),
                    t.for_ratio(used, item.timebox),
                ),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);

    if app.focus() == super::app::Focus::Entries {
        record(frame, right, app);
    } else {
        let mut actions: Vec<Line> = actions_by_owner(m)
            .lines()
            .map(|l| Line::raw(safe(l).into_owned()))
            .collect();
        let speakers = crate::minutes::speaking_time(m, now);
        if !speakers.is_empty() {
            actions.push(Line::default());
            actions.push(Line::styled("Speaking time:", t.title()));
            for s in speakers {
                let said = if s.seconds < 60 {
                    crate::minutes::spoken(s.seconds)
                } else {
                    min_sec(s.seconds)
                };
                actions.push(Line::raw(format!("  {} {said}", safe(&s.name))));
            }
        }
        frame.render_widget(
            Paragraph::new(actions).wrap(Wrap { trim: false }).block(
                Block::bordered()
                    .title(format!(
                        " Actions by person · {} fixes entries ",
                        app.keymap().key(Action::FocusEntries, Context::Summary)
                    ))
                    .border_style(t.dim()),
            ),
            right,
        );
    }

    frame.render_widget(
        Paragraph::new(written).block(
            Block::bordered()
                .title(format!(
                    " Meeting ended · {} quits ",
                    app.keymap().key(Action::Quit, Context::Summary)
                ))
                .border_style(t.focused_border()),
        ),
        bottom,
    );
}

/// The whole record, one entry a line, to pick entries to fix.
#[deny(clippy::wildcard_enum_match_arm)]
fn record(frame: &mut Frame, area: Rect, app: &App) {
    let t = app.theme();
    let m = app.meeting();
    let block = Block::bordered()
        .title(format!(
            " The record: {} edits, {} deletes ",
            app.keymap().key(Action::EditEntry, Context::Entries),
            app.keymap().key(Action::DeleteEntry, Context::Entries)
        ))
        .border_style(t.focused_border());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let entries: Vec<(usize, &crate::meeting::Entry)> = m.entries().collect();
    let height = inner.height as usize;
    let offset = list_offset(app.entry_selected(), height, entries.len());
    let lines: Vec<Line> = entries
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(n, (item, e))| {
            let brief = e.kind.brief(m);
            let text = safe(&brief);
            let private = if e.private { " [private]" } else { "" };
            let line = Line::raw(fit(
                &format!("{}. {text}{private}", item + 1),
                inner.width as usize,
            ));
            if n == app.entry_selected() {
                line.style(t.selected())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Where the minutes went: every file written (the Markdown and the JSON), or why not.
fn written_lines(app: &App) -> Vec<Line<'static>> {
    let t = app.theme();
    match app.written() {
        Some(Written::Ok(paths)) => {
            let mut v = vec![Line::styled("Minutes written:", t.ok())];
            v.extend(
                paths
                    .iter()
                    .map(|p| Line::raw(format!("  {}", safe(&p.display().to_string())))),
            );
            v
        }
        Some(Written::Failed(why)) => vec![
            Line::styled(
                format!(
                    "Minutes NOT written ({} tries again):",
                    app.keymap().key(Action::WriteMinutes, Context::Summary)
                ),
                t.alert(),
            ),
            Line::raw(format!("  {}", safe(why))),
        ],
        None => vec![Line::styled(
            "No minutes file for this run (gavel export writes them from the session).",
            t.dim(),
        )],
    }
}
