//! Windows over the panes: the help (generated from the key table and the command list), a
//! text to read (actions so far, a proposed plan), and the question asked before quitting.

use super::app::App;
use super::keys::{Action, Context};
use super::text::{fit, safe};
use super::theme::Theme;
use crate::command::COMMANDS;
use crate::import::reports::{Participant, Preview, PreviewRow};
use crate::meeting::Phase;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    h
}

/// The help's lines: the key table's sections, then the commands (from `split` on).
fn help_lines(app: &App) -> (Vec<Line<'static>>, usize) {
    let t = app.theme();
    let mut lines: Vec<Line> = Vec::new();
    for (title, rows) in app.keymap().help_sections() {
        lines.push(Line::styled(title, t.title()));
        for (keys, what) in rows {
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<12}"), t.accent()),
                Span::raw(what),
            ]));
        }
    }
    lines.push(Line::styled("Roster marks", t.title()));
    let yes = app.keymap().key(Action::MarkPresent, Context::Roster);
    let no = app.keymap().key(Action::RefuseClaim, Context::Roster);
    for (mark, what) in [
        ("[x] [r]", "present, sent regrets".to_string()),
        (
            "[-] [<] [ ]",
            "absent, left the call, not marked yet".to_string(),
        ),
        (
            "nv  g",
            "non-voting, guest (said short when the name needs the room)".to_string(),
        ),
        (
            "self?",
            "checked in on their own page: /confirm counts them".to_string(),
        ),
        (
            "claim?",
            format!("a page says it is this person, already present: {yes} confirms, {no} refuses"),
        ),
    ] {
        lines.push(Line::from(vec![
            Span::styled(format!("  {mark:<12}"), t.accent()),
            Span::raw(what),
        ]));
    }
    let split = lines.len();
    lines.push(Line::styled("Commands on the capture line", t.title()));
    for c in COMMANDS {
        lines.push(Line::from(vec![
            Span::styled(format!("  {} {}", c.name, c.args), t.accent()),
            Span::styled(format!("  {}", c.help), t.dim()),
        ]));
    }
    (lines, split)
}

/// Where the help's box goes on a screen of `area`, and the area inside its border.
fn help_areas(area: Rect) -> (Rect, Rect) {
    let box_area = centered(area, area.width.min(120), area.height);
    (box_area, Block::bordered().inner(box_area))
}

/// The furthest the help scrolls on a screen of `area`: its last line at the bottom.
pub fn help_max_scroll(app: &App, area: Rect) -> u16 {
    let (_, inner) = help_areas(area);
    let (lines, split) = help_lines(app);
    let rows = if inner.width >= 110 {
        split.max(lines.len() - split)
    } else {
        lines
            .iter()
            .map(|l| super::paint::rows(l, inner.width))
            .sum()
    };
    u16::try_from(rows.saturating_sub(inner.height as usize)).unwrap_or(u16::MAX)
}

/// Draws the help scrolled by `scroll` (no further than its last line) and returns the
/// furthest it scrolls on this screen.
pub fn help(frame: &mut Frame, app: &App, scroll: u16) -> u16 {
    let last = help_max_scroll(app, frame.area());
    let scroll = scroll.min(last);
    let t = app.theme();
    let (mut lines, split) = help_lines(app);
    let (box_area, inner) = help_areas(frame.area());
    frame.render_widget(Clear, box_area);
    let keys = |a| app.keymap().key(a, Context::HelpWindow);
    let block = Block::bordered()
        .title(format!(
            " Help: {}{} {} {} scroll · any other key closes ",
            keys(Action::ScrollUp),
            keys(Action::ScrollDown),
            keys(Action::PageUp),
            keys(Action::PageDown)
        ))
        .border_style(t.focused_border());
    frame.render_widget(block, box_area);
    // Keys on the left and commands on the right when there is room; else one scrolled list.
    if inner.width >= 110 {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
                .areas(inner);
        let commands = lines.split_off(split);
        frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), left);
        frame.render_widget(Paragraph::new(commands).scroll((scroll, 0)), right);
    } else {
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((scroll, 0)),
            inner,
        );
    }
    last
}

pub fn show(frame: &mut Frame, app: &App, title: &str, body: &str) {
    let t = app.theme();
    let lines: Vec<Line> = body.lines().map(|l| Line::raw(safe(l))).collect();
    let area = frame.area();
    // The rows the lines take wrapped (a long background is one line of many rows).
    let inner_width = area.width.min(90).saturating_sub(2).max(1);
    let rows: usize = lines
        .iter()
        .map(|l| super::paint::rows(l, inner_width))
        .sum();
    let height = (rows.min(usize::from(u16::MAX)) as u16 + 2).clamp(5, area.height);
    let box_area = centered(area, area.width.min(90), height);
    frame.render_widget(Clear, box_area);
    let block = Block::bordered()
        .title(format!(" {} ", safe(title)))
        .border_style(t.focused_border());
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        box_area,
    );
}

/// The lines of a call's report before it is applied: who matched whom and what is
/// recorded for them, then who is left out and why.
fn report_lines(preview: &Preview, t: &Theme) -> Vec<Line<'static>> {
    use unicode_width::UnicodeWidthStr;
    let span = |p: &Participant| {
        let t = |x: Option<chrono::NaiveTime>| {
            x.map_or("?".to_string(), |t| t.format("%H:%M").to_string())
        };
        format!("{}–{}", t(p.joined), t(p.left))
    };
    let name_width = preview
        .rows
        .iter()
        .map(|r| safe(&r.reported.name).width())
        .max()
        .unwrap_or(0)
        .min(28);
    let as_reported = |r: &PreviewRow| {
        let more = if r.connections > 1 {
            format!(", {} connections", r.connections)
        } else {
            String::new()
        };
        format!("← \"{}\"{more}", safe(&r.as_reported))
    };
    let reported_width = preview
        .rows
        .iter()
        .map(|r| as_reported(r).width())
        .max()
        .unwrap_or(0)
        .min(40);
    let pad = |text: String, width: usize| {
        let text = fit(&text, width);
        let room = width.saturating_sub(text.width());
        format!("{text}{}", " ".repeat(room))
    };
    let mut lines = vec![Line::styled(
        format!(
            "{} of its {} participants match the roster; applying records the call's times:",
            preview.rows.len(),
            preview.participants
        ),
        t.title(),
    )];
    for r in &preview.rows {
        lines.push(Line::from(vec![
            Span::styled(
                format!(
                    "  {} ",
                    pad(safe(&r.reported.name).into_owned(), name_width)
                ),
                t.accent(),
            ),
            Span::styled(
                format!("{}  ", pad(as_reported(r), reported_width)),
                t.dim(),
            ),
            Span::raw(r.outcome.clone()),
        ]));
    }
    if !preview.unmatched.is_empty() {
        lines.push(Line::default());
        lines.push(Line::styled(
            "Not on the roster, left out (/guest NAME adds someone who was a guest):",
            t.title(),
        ));
        for p in &preview.unmatched {
            lines.push(Line::from(vec![
                Span::raw(format!("  \"{}\" ", safe(&p.name))),
                Span::styled(span(p), t.dim()),
            ]));
        }
    }
    if !preview.no_time.is_empty() {
        lines.push(Line::default());
        lines.push(Line::styled(
            "Matched, but the report says no time they joined: left out (/present marks them):",
            t.title(),
        ));
        for (name, p) in &preview.no_time {
            lines.push(Line::raw(format!(
                "  {} ← \"{}\"",
                safe(name),
                safe(&p.name)
            )));
        }
    }
    lines
}

/// Where the report's box goes on a screen of `area`, for `lines` lines.
fn report_area(area: Rect, lines: usize) -> Rect {
    let height = u16::try_from(lines + 2)
        .unwrap_or(u16::MAX)
        .clamp(5, area.height.max(1));
    centered(area, area.width.min(110), height)
}

/// The furthest the report's window scrolls on a screen of `area`.
pub fn report_max_scroll(app: &App, preview: &Preview, area: Rect) -> u16 {
    let lines = report_lines(preview, app.theme()).len();
    let inner = Block::bordered().inner(report_area(area, lines));
    u16::try_from(lines.saturating_sub(inner.height as usize)).unwrap_or(u16::MAX)
}

/// Draws a call's report scrolled by `scroll` (no further than its last line) and returns
/// the furthest it scrolls on this screen.
pub fn report(frame: &mut Frame, app: &App, preview: &Preview, scroll: u16) -> u16 {
    let last = report_max_scroll(app, preview, frame.area());
    let scroll = scroll.min(last);
    let t = app.theme();
    let lines = report_lines(preview, t);
    let box_area = report_area(frame.area(), lines.len());
    frame.render_widget(Clear, box_area);
    let key = |a| app.keymap().key(a, Context::ReportWindow);
    let block = Block::bordered()
        .title(format!(
            " {} · {} applies · {} cancels ",
            safe(&preview.source),
            key(Action::ApplyReport),
            key(Action::CancelReport)
        ))
        .border_style(t.focused_border());
    frame.render_widget(
        Paragraph::new(lines).scroll((scroll, 0)).block(block),
        box_area,
    );
    last
}

pub fn confirm_quit(frame: &mut Frame, app: &App) {
    let t = app.theme();
    let started = app.meeting().phase() != Phase::NotStarted;
    let mut lines = vec![
        Line::styled("Leave the meeting screen?", t.title()),
        Line::default(),
    ];
    let key = |a| format!("  {} ", app.keymap().key(a, Context::QuitQuestion));
    if started {
        lines.push(Line::from(vec![
            Span::styled(key(Action::EndMeeting), t.accent()),
            Span::raw("end the meeting now and write the minutes"),
        ]));
    }
    lines.push(Line::from(vec![
        Span::styled(key(Action::KeepOpen), t.accent()),
        Span::raw("keep the session open and quit (gavel run resumes it)"),
    ]));
    lines.push(Line::from(vec![
        Span::styled(key(Action::Stay), t.accent()),
        Span::raw("stay"),
    ]));
    let area = centered(frame.area(), 64, lines.len() as u16 + 2);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().border_style(t.focused_border())),
        area,
    );
}
