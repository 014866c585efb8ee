//! The screen: a pure function of the app and the current time. Drawing takes `&App`, so it
//! cannot change anything.

use super::app::{App, Focus, Overlay, Status};
use super::hits::Hits;
use super::keys::{Action, Context};
use super::text::{fit, safe};
use super::{agenda_pane, header, item_pane, overlay, paint, queue_pane, roster_pane, summary};
use crate::meeting::Phase;
use chrono::{DateTime, Utc};
use ratatui::layout::{Constraint, Direction, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub use super::hits::Areas;

/// Three columns from 120 wide (the roster's at least 38 wide, for its names); below that the
/// right column shows the current item and the left one the agenda with the roster under it
/// (the roster, while it has the focus, takes the whole column): the notes stay in view.
pub fn layout(area: Rect, app: &App) -> Areas {
    // A long status (a refusal and its reason) wraps onto up to three rows, not cut.
    let status_rows = paint::wrap(&status_of(app), area.width.max(1), |_, _, _, _| {}).clamp(1, 3);
    let [header, body, status, capture, hint] = split(
        area,
        Direction::Vertical,
        [
            Constraint::Length(2),
            Constraint::Min(3),
            Constraint::Length(status_rows as u16),
            Constraint::Length(1),
            Constraint::Length(1),
        ],
    );
    if area.width >= 120 {
        // The side column at least 38 wide: a roster name of 26 letters and its marks.
        let side_width = ((u32::from(body.width) * 28 + 50) / 100).max(38) as u16;
        let [agenda, item, side] = split(
            body,
            Direction::Horizontal,
            [
                Constraint::Percentage(34),
                Constraint::Fill(1),
                Constraint::Length(side_width),
            ],
        );
        let m = app.meeting();
        let (queue, roster) = if m.floor().is_some() || !m.queue().is_empty() {
            // Every line the pane has (the waiting, then the floor or the hint), as
            // far as half the column: the waiting come first, so they are what stays.
            let width = side.width.saturating_sub(2).max(1);
            let lines = queue_pane::lines(app, DateTime::<Utc>::MIN_UTC);
            // (The floor's clock is not known here: its line is counted as one row.)
            let shown = if m.floor().is_some() {
                m.queue().len()
            } else {
                lines.len()
            };
            let rows: usize = lines
                .iter()
                .take(shown)
                .map(|l| paint::rows(l, width))
                .sum::<usize>()
                + lines.len()
                - shown;
            let rows = (rows as u16 + 2).clamp(4, (side.height / 2).max(4));
            let [q, r] = split(
                side,
                Direction::Vertical,
                [Constraint::Length(rows), Constraint::Min(3)],
            );
            (Some(q), r)
        } else {
            (None, side)
        };
        return Areas {
            header,
            agenda,
            item,
            roster: Some(roster),
            queue,
            status,
            capture,
            hint,
        };
    }
    // The left column 42% wide, or wider (at most half) when a roster name needs it whole
    // with its short words ("nv", "g"): 35 columns of 80 for a name of 26 letters. (A
    // page's claim does not move the columns: the legend and the status name the person.)
    let m = app.meeting();
    let need = m
        .attendees()
        .iter()
        .map(|a| roster_pane::row_need(m, a, false) + 2)
        .max()
        .unwrap_or(0);
    let base = ((u32::from(body.width) * 42 + 50) / 100) as u16;
    let left_width = need.clamp(base, (body.width / 2).max(base));
    let [left, right] = split(
        body,
        Direction::Horizontal,
        [Constraint::Length(left_width), Constraint::Fill(1)],
    );
    // The roster under the agenda (the agenda as tall as its items, at most half the
    // column), so who is here stays in view; while it has the keys it takes the column.
    let (agenda, roster) = if app.focus() == Focus::Roster || app.vote_walk().is_some() {
        (left, Some(left))
    } else if left.height >= 12 {
        let items = app.meeting().items().len() as u16;
        let rows = (items + 2).clamp(5, left.height / 2);
        let [agenda, roster] = split(
            left,
            Direction::Vertical,
            [Constraint::Length(rows), Constraint::Min(3)],
        );
        (agenda, Some(roster))
    } else {
        (left, None)
    };
    Areas {
        header,
        agenda,
        item: right,
        roster,
        queue: None,
        status,
        capture,
        hint,
    }
}

/// `area` divided as ratatui's `Layout` divides it, without its solver where the answer is
/// plain: lengths and percentages (rounded) as asked, and the one `Min` or `Fill` the rest,
/// when that rest is at least its minimum. Anything else (a layout too small for its
/// constraints) goes to `Layout`. ratatui keeps solved layouts in a cache, but solving the
/// screen's layout once costs about a million instructions, an eighth of a new session's
/// start to its first frame. (A test holds every split the screen asks for equal to
/// `Layout`'s, at every size up to 300 cells.)
pub fn split<const N: usize>(
    area: Rect,
    direction: Direction,
    constraints: [Constraint; N],
) -> [Rect; N] {
    let (start, length) = match direction {
        Direction::Vertical => (area.y, area.height),
        Direction::Horizontal => (area.x, area.width),
    };
    let Some(sizes) = plain_sizes(length, &constraints) else {
        return Layout::new(direction, constraints).areas(area);
    };
    let mut at = start;
    sizes.map(|size| {
        let rect = match direction {
            Direction::Vertical => Rect::new(area.x, at, area.width, size),
            Direction::Horizontal => Rect::new(at, area.y, size, area.height),
        };
        at += size;
        rect
    })
}

/// The sizes `split` gives without the solver, or None when the answer is not plain.
fn plain_sizes<const N: usize>(length: u16, constraints: &[Constraint; N]) -> Option<[u16; N]> {
    let mut sizes = [0u16; N];
    let mut fixed: u32 = 0;
    let mut rest = None;
    for (i, constraint) in constraints.iter().enumerate() {
        match *constraint {
            Constraint::Length(n) => sizes[i] = n,
            Constraint::Percentage(p) if p <= 100 => {
                sizes[i] = (u32::from(length) * u32::from(p) + 50).div_euclid(100) as u16
            }
            Constraint::Min(least) if rest.is_none() => rest = Some((i, least)),
            Constraint::Fill(_) if rest.is_none() => rest = Some((i, 0)),
            _ => return None,
        }
        fixed += u32::from(sizes[i]);
    }
    let (i, least) = rest?;
    let left = u32::from(length).checked_sub(fixed)?;
    if left < u32::from(least) {
        return None;
    }
    sizes[i] = left as u16;
    Some(sizes)
}

/// The roster, or in its place a recorded vote while one is open (unless the roster has
/// the keys: someone may arrive mid-vote).
fn roster_or_vote(frame: &mut Frame, area: Rect, app: &App) -> Option<super::hits::ListHit> {
    if app.focus() != Focus::Roster && super::vote_pane::draw(frame, area, app) {
        return None;
    }
    Some(roster_pane::draw(frame, area, app))
}

/// Draws the whole screen and returns where its clickable lists, its parts and the cursor
/// went, for the loop to keep (see `Hits`): the layout is computed once a frame.
pub fn draw(frame: &mut Frame, app: &App, now: DateTime<Utc>) -> Hits {
    if app.projector() {
        super::projector::draw(frame, frame.area(), app, now);
        return Hits {
            cursor: cursor(frame.area(), app),
            ..Hits::default()
        };
    }
    let areas = layout(frame.area(), app);
    let mut hits = Hits {
        areas: Some(areas),
        cursor: capture_cursor(areas.capture, app),
        ..Hits::default()
    };
    header::draw(frame, areas.header, app, now);
    if app.meeting().phase() == Phase::Ended {
        let body = areas.agenda.union(areas.item);
        let body = areas.roster.map_or(body, |r| body.union(r));
        let body = areas.queue.map_or(body, |q| body.union(q));
        summary::draw(frame, body, app, now);
    } else {
        match areas.roster {
            // Narrow: the roster in the agenda's column, the item (and its notes) beside it.
            Some(r) if r == areas.agenda => {
                hits.roster = roster_or_vote(frame, r, app);
                item_pane::draw(frame, areas.item, app, now, true);
            }
            Some(r) => {
                hits.agenda = Some(agenda_pane::draw(frame, areas.agenda, app, now));
                item_pane::draw(frame, areas.item, app, now, areas.queue.is_none());
                hits.roster = roster_or_vote(frame, r, app);
            }
            None => {
                hits.agenda = Some(agenda_pane::draw(frame, areas.agenda, app, now));
                item_pane::draw(frame, areas.item, app, now, true);
            }
        }
        if let Some(q) = areas.queue {
            queue_pane::draw(frame, q, app, now);
        }
    }
    status_line(frame, areas.status, app);
    capture_line(frame, areas.capture, app);
    hint_line(frame, areas.hint, app);
    match app.overlay() {
        Some(Overlay::Help(scroll)) => {
            hits.overlay_last_scroll = Some(overlay::help(frame, app, *scroll));
        }
        Some(Overlay::Show { title, body }) => {
            overlay::show(frame, app, &format!("{title} · any key closes"), body)
        }
        Some(Overlay::Plan { body }) => overlay::show(
            frame,
            app,
            &format!(
                "Proposed time boxes · {} applies · any other key keeps the old ones",
                app.keymap().key(Action::ApplyPlan, Context::PlanWindow)
            ),
            body,
        ),
        Some(Overlay::Report { preview, scroll }) => {
            hits.overlay_last_scroll = Some(overlay::report(frame, app, preview, *scroll));
        }
        Some(Overlay::ConfirmQuit) => overlay::confirm_quit(frame, app),
        None => {}
    }
    hits
}

/// Redraws, over the frame drawn at `before`, only what the clock moved by `now`: the
/// header, the running item's row in the agenda, the item's clock and the speaker's. Returns
/// the rows redrawn, or None when the frame must be drawn whole (an overlay covers the
/// panes, the meeting is not running, or a line changed height). `areas` are the layout of
/// the frame drawn at `before` (`Hits::areas`). For a screen where nothing but time passed
/// since `before`, the result is the frame `draw` makes at `now`: tested against it.
pub fn draw_clock(
    frame: &mut Frame,
    app: &App,
    areas: &Areas,
    before: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<Vec<Rect>> {
    let fits = |r: Rect| frame.area().union(r) == frame.area();
    if app.overlay().is_some()
        || app.meeting().phase() != Phase::Running
        || !fits(areas.header)
        || !fits(areas.hint)
    {
        return None;
    }
    let mut rows = vec![header::redraw_clock(frame, areas.header, app, before, now)];
    if areas.roster != Some(areas.agenda) {
        rows.extend(agenda_pane::redraw_running(
            frame,
            areas.agenda,
            app,
            before,
            now,
        ));
    }
    let with_queue = areas.queue.is_none();
    rows.extend(item_pane::redraw_clock(
        frame, areas.item, app, before, now, with_queue,
    )?);
    if let Some(queue) = areas.queue {
        rows.extend(queue_pane::redraw_clock(frame, queue, app, before, now)?);
    }
    Some(rows)
}

fn status_line(frame: &mut Frame, area: Rect, app: &App) {
    paint::draw_wrapped(frame.buffer_mut(), area, &[status_of(app)], None);
}

/// The status line's text and style.
fn status_of(app: &App) -> Line<'static> {
    let t = app.theme();
    match (app.status(), app.unsaved()) {
        // A refused quit says what Q does, until the next key.
        (Some(s), _) if app.quit_refused() => {
            Line::styled(format!(" ✗ {}", safe(&s.text())), t.alert())
        }
        (status, n) if n > 0 => {
            // The disk's own words (read-only) say what to fix, or "disk full". (Cut at their
            // first ')', as the status line always showed them.) The clerk's last failure
            // says it also when a participant's change met it (a shared session's host).
            let trouble = app.save_trouble().or_else(|| match status {
                Some(Status::NotSaved(u)) => Some(u.clone()),
                _ => None,
            });
            let reason = trouble.map_or_else(String::new, |u| format!(" ({})", safe(&u.why())));
            Line::styled(
                format!(" NOT SAVED: {n} change(s) only in memory, retrying…{reason}"),
                t.alert(),
            )
        }
        (Some(s), _) if s.is_error() => Line::styled(format!(" ✗ {}", safe(&s.text())), t.alert()),
        (Some(s), _) => Line::styled(format!(" {}", safe(&s.text())), t.ok()),
        (None, _) => Line::default(),
    }
}

/// The capture line's prompt.
const PROMPT: &str = "› ";

fn capture_line(frame: &mut Frame, area: Rect, app: &App) {
    let t = app.theme();
    let focused = capture_focused(app);
    let value = safe(app.capture().value());
    if value.is_empty() && !focused {
        let hint = Line::from(vec![
            Span::styled(PROMPT, t.dim()),
            Span::styled(
                format!(
                    "{}: type a note   {}: a command",
                    app.keymap().key(Action::FocusCapture, Context::Agenda),
                    app.keymap().key(Action::FocusCommand, Context::Agenda)
                ),
                t.dim(),
            ),
        ]);
        one_line(frame, area, &hint);
        return;
    }
    let scroll = capture_scroll(area, app);
    let style = if focused { t.title() } else { t.dim() };
    let line = Line::from(vec![
        Span::styled(PROMPT, t.accent()),
        Span::styled(value, style),
    ]);
    frame.render_widget(Paragraph::new(line).scroll((0, scroll as u16)), area);
    if let Some(position) = capture_cursor(area, app) {
        frame.set_cursor_position(position);
    }
}

/// Where the cursor shows on a screen of `area`: on the capture line while it has the focus,
/// nowhere otherwise.
pub fn cursor(area: Rect, app: &App) -> Option<Position> {
    capture_cursor(layout(area, app).capture, app)
}

fn capture_focused(app: &App) -> bool {
    app.focus() == Focus::Capture && app.overlay().is_none()
}

/// How far the capture line's text is scrolled so that its cursor stays in `area`.
fn capture_scroll(area: Rect, app: &App) -> usize {
    let width = (area.width as usize)
        .saturating_sub(PROMPT.len() + 1)
        .max(1);
    app.capture().visual_scroll(width)
}

fn capture_cursor(area: Rect, app: &App) -> Option<Position> {
    if !capture_focused(app) {
        return None;
    }
    let scroll = capture_scroll(area, app);
    let x = area.x + 2 + (app.capture().visual_cursor().saturating_sub(scroll)) as u16;
    Some(Position::new(x.min(area.right().saturating_sub(1)), area.y))
}

/// One hint of the bar at the bottom: the keys of these actions (run together, as in "↑↓"),
/// then what they do. The keys come from the key map in force, so a `[keys]` rebind in the
/// config shows here; a hint with no actions is shown as written.
type Hint = (&'static [Action], &'static str);

const CAPTURE_HINTS: &[Hint] = &[
    (&[Action::Submit], "record"),
    (&[Action::ClearLine], "clear"),
    (&[Action::Complete], "complete"),
    (&[Action::HistoryPrev, Action::HistoryNext], "history"),
    // `?` types a question mark here: the help is a command.
    (&[], "/help"),
];
// (Typing filters: the pane says so beside its filter.)
const ROSTER_HINTS: &[Hint] = &[
    (&[Action::MarkPresent], "present"),
    (&[Action::Regrets], "regrets"),
    (&[Action::MarkLeft], "left"),
    (&[Action::Absent], "absent"),
    (&[Action::RollCall], "roll call"),
    (&[Action::FocusAgenda], "back"),
];
const ROLL_HINTS: &[Hint] = &[
    (&[Action::RollPresent], "present"),
    (&[Action::RollRegrets], "regrets"),
    (&[Action::RollAbsent], "absent"),
    (&[Action::RollSkip], "skip"),
    (&[Action::RollBack], "back"),
    (&[Action::RollDone], "done"),
];
const VOTE_HINTS: &[Hint] = &[
    (&[Action::VoteYes], "yes"),
    (&[Action::VoteNo], "no"),
    (&[Action::VoteAbstain], "abstain"),
    (&[Action::VoteClose], "close"),
    (&[Action::VoteRecused], "recused"),
    (&[Action::VoteSkip], "skip"),
    (&[Action::VoteBack], "back"),
    (&[Action::VoteLeave], "leave"),
];
const QUIT_HINTS: &[Hint] = &[
    (&[Action::EndMeeting], "end the meeting"),
    (&[Action::KeepOpen], "keep it open and quit"),
    (&[Action::Stay], "stay"),
];
const HELP_HINTS: &[Hint] = &[
    (&[Action::ScrollUp, Action::ScrollDown], "scroll"),
    (&[Action::PageUp, Action::PageDown], "page"),
    (&[], "any other key closes"),
];
const PLAN_HINTS: &[Hint] = &[
    (&[Action::ApplyPlan], "apply"),
    (&[], "any other key keeps the old time boxes"),
];
const REPORT_HINTS: &[Hint] = &[
    (&[Action::ApplyReport], "apply"),
    (&[Action::CancelReport], "cancel"),
    (&[Action::ScrollUp, Action::ScrollDown], "scroll"),
];
const SHOW_HINTS: &[Hint] = &[(&[], "any key closes")];
const SUMMARY_HINTS: &[Hint] = &[
    (&[Action::Quit], "quit"),
    (&[Action::FocusEntries], "fix entries"),
    (&[Action::CopyMinutes], "copy minutes"),
    (&[Action::WriteMinutes], "write again"),
    (&[Action::ShowActions], "actions"),
    (&[Action::Help], "help"),
];
const ENTRIES_HINTS: &[Hint] = &[
    (&[Action::Up, Action::Down], "select"),
    (&[Action::EditEntry], "edit"),
    (&[Action::DeleteEntry], "delete"),
    (&[Action::Undo], "undo"),
    (&[Action::FocusAgenda], "back"),
];
const NOT_STARTED_HINTS: &[Hint] = &[
    (&[Action::StartPause], "start"),
    (&[Action::FocusCommand], "command"),
    (&[Action::FocusCapture], "note"),
    (&[Action::FocusRoster], "roster"),
    (&[Action::Defer], "defer"),
    (&[Action::Help], "help"),
    (&[Action::Quit], "quit"),
];
const RUNNING_HINTS: &[Hint] = &[
    (&[Action::Next], "next"),
    (&[Action::Prev], "prev"),
    (&[Action::StartPause], "pause"),
    (&[Action::Extend], "+5m"),
    (&[Action::Defer], "defer"),
    (&[Action::Undo], "undo"),
    (&[Action::FocusRoster], "roster"),
    (&[Action::Help], "help"),
    (&[Action::Quit], "quit"),
];

/// The hint bar's text for the pane that has the keys.
pub fn hint_text(app: &App) -> String {
    hints(app).join(" · ")
}

/// The hint bar's text in `width` columns, shortened rather than cut inside a word: the
/// hints closer together, then the last ones left out (help stays: it lists every key).
pub fn fitted_hints(app: &App, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut hints = hints(app);
    let help = format!("{} help", app.keymap().key(Action::Help, app.context()));
    loop {
        for joiner in [" · ", "  ", " "] {
            let text = hints.join(joiner);
            if text.width() <= width || hints.len() <= 1 {
                return text;
            }
        }
        // Leave out the last hint that is not the help's.
        match hints.iter().rposition(|h| *h != help) {
            Some(i) => {
                hints.remove(i);
            }
            None => return hints.join(" "),
        }
    }
}

/// The hints of the pane that has the keys, each "keys what".
#[deny(clippy::wildcard_enum_match_arm)]
fn hints(app: &App) -> Vec<String> {
    let context = app.context();
    let hints = match context {
        _ if matches!(app.overlay(), Some(Overlay::Show { .. })) => SHOW_HINTS,
        Context::QuitQuestion => QUIT_HINTS,
        Context::HelpWindow => HELP_HINTS,
        Context::PlanWindow => PLAN_HINTS,
        Context::ReportWindow => REPORT_HINTS,
        Context::RollCall => ROLL_HINTS,
        Context::Vote => VOTE_HINTS,
        Context::Capture => CAPTURE_HINTS,
        Context::Roster => ROSTER_HINTS,
        Context::Summary => SUMMARY_HINTS,
        Context::Entries => ENTRIES_HINTS,
        _ if app.meeting().phase() == Phase::NotStarted => NOT_STARTED_HINTS,
        Context::Agenda | Context::Panes => RUNNING_HINTS,
    };
    hints
        .iter()
        .filter(|(actions, _)| actions.iter().all(|&a| role_may(app, a)))
        .map(|(actions, what)| {
            let keys: Vec<String> = actions
                .iter()
                .map(|&a| app.keymap().key(a, context))
                .collect();
            // "↑↓" run together; longer names ("PgDn/PgUp") apart.
            let joiner = if keys.iter().all(|k| k.chars().count() == 1) {
                ""
            } else {
                "/"
            };
            let keys = keys.join(joiner);
            if keys.is_empty() {
                (*what).to_string()
            } else {
                format!("{keys} {what}")
            }
        })
        .collect()
}

/// Whether the screen's role may do what `action` does: a scribe's hints offer no clock
/// keys, a viewer's nothing that changes the meeting. (The keys themselves are still refused
/// with a reason by the clerk.)
#[deny(clippy::wildcard_enum_match_arm)]
fn role_may(app: &App, action: Action) -> bool {
    use crate::meeting::{Capture, EventKind as K, Note, Presence};
    let kind = match action {
        Action::StartPause => K::Start,
        Action::Next => K::Next,
        Action::Prev => K::Prev,
        Action::Extend => K::Extend { secs: 300 },
        Action::Defer => K::Defer { item: 0 },
        Action::Undo => K::Undo,
        Action::FocusCapture => K::Capture(Capture::Note(Note {
            text: String::new(),
            private: false,
        })),
        Action::MarkPresent
        | Action::Regrets
        | Action::MarkLeft
        | Action::Absent
        | Action::RefuseClaim
        | Action::RollCall => K::Attendance {
            names: Vec::new(),
            status: Presence::Present,
        },
        Action::EditEntry | Action::DeleteEntry => K::DeleteEntry { entry: 0 },
        Action::StartVote
        | Action::VoteYes
        | Action::VoteNo
        | Action::VoteAbstain
        | Action::VoteRecused
        | Action::VoteClose => K::Motion(crate::meeting::MotionStep::RollVote),
        Action::FocusCommand
        | Action::Help
        | Action::Quit
        | Action::Goto
        | Action::ShowActions
        | Action::ShowBackground
        | Action::FocusRoster
        | Action::FocusAgenda
        | Action::Up
        | Action::Down
        | Action::RollPresent
        | Action::RollRegrets
        | Action::RollAbsent
        | Action::RollSkip
        | Action::RollBack
        | Action::RollDone
        | Action::VoteSkip
        | Action::VoteBack
        | Action::VoteLeave
        | Action::EndMeeting
        | Action::KeepOpen
        | Action::Stay
        | Action::ApplyPlan
        | Action::ApplyReport
        | Action::CancelReport
        | Action::ScrollDown
        | Action::ScrollUp
        | Action::PageDown
        | Action::PageUp
        | Action::ScrollTop
        | Action::Submit
        | Action::ClearLine
        | Action::Complete
        | Action::HistoryPrev
        | Action::HistoryNext
        | Action::WriteMinutes
        | Action::FocusEntries
        | Action::MoveUp
        | Action::MoveDown
        | Action::Rebalance
        | Action::Speak
        | Action::QueuePerson
        | Action::CopyMinutes
        | Action::OpenEditor
        | Action::TakeNearest1
        | Action::TakeNearest2
        | Action::TakeNearest3 => return true,
    };
    app.may_send(&kind)
}

fn hint_line(frame: &mut Frame, area: Rect, app: &App) {
    let hint = fit(&fitted_hints(app, area.width as usize), area.width as usize);
    one_line(frame, area, &Line::styled(hint, app.theme().dim()));
}

/// Draws one line of text at the top of `area`, cut at its width.
pub fn one_line(frame: &mut Frame, area: Rect, line: &Line) {
    paint::put_lines(frame.buffer_mut(), area, std::slice::from_ref(line));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every split the screen asks for, at every size up to 300 cells (and a few lengths in
    /// between for the lengths asked), at an offset: `split` answers as `Layout` does.
    #[test]
    fn the_screens_splits_are_layouts() {
        let asked = [0u16, 1, 2, 3, 4, 5, 6, 9, 12, 38, 57, 120, 199, 299, 400];
        let mut checked = 0;
        for length in 0..=300u16 {
            let mut families: Vec<Vec<Constraint>> = Vec::new();
            for status in 1..=3 {
                families.push(vec![
                    Constraint::Length(2),
                    Constraint::Min(3),
                    Constraint::Length(status),
                    Constraint::Length(1),
                    Constraint::Length(1),
                ]);
            }
            let side = ((u32::from(length) * 28 + 50) / 100).max(38) as u16;
            for side in [side, 38, 100] {
                families.push(vec![
                    Constraint::Percentage(34),
                    Constraint::Fill(1),
                    Constraint::Length(side),
                ]);
            }
            for n in asked {
                families.push(vec![Constraint::Length(n), Constraint::Min(3)]);
                families.push(vec![Constraint::Length(n), Constraint::Fill(1)]);
            }
            for constraints in families {
                for direction in [Direction::Vertical, Direction::Horizontal] {
                    let area = match direction {
                        Direction::Vertical => Rect::new(3, 2, 17, length),
                        Direction::Horizontal => Rect::new(3, 2, length, 5),
                    };
                    let want = Layout::new(direction, constraints.clone()).split(area);
                    let got: Vec<Rect> = match constraints.len() {
                        2 => split(area, direction, [constraints[0], constraints[1]]).to_vec(),
                        3 => split(
                            area,
                            direction,
                            [constraints[0], constraints[1], constraints[2]],
                        )
                        .to_vec(),
                        _ => split(
                            area,
                            direction,
                            [
                                constraints[0],
                                constraints[1],
                                constraints[2],
                                constraints[3],
                                constraints[4],
                            ],
                        )
                        .to_vec(),
                    };
                    assert_eq!(got, want.to_vec(), "{constraints:?} over {area:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 20_000);
    }

    /// The shortcut is taken where the layout fits, and left to the solver where not.
    #[test]
    fn only_plain_layouts_skip_the_solver() {
        let screen = [
            Constraint::Length(2),
            Constraint::Min(3),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ];
        assert_eq!(plain_sizes(60, &screen), Some([2, 55, 1, 1, 1]));
        assert_eq!(
            plain_sizes(7, &screen),
            None,
            "too short for the body's 3 rows"
        );
        let columns = [
            Constraint::Percentage(34),
            Constraint::Fill(1),
            Constraint::Length(56),
        ];
        assert_eq!(plain_sizes(200, &columns), Some([68, 76, 56]));
        let two_rests = [Constraint::Min(1), Constraint::Fill(1)];
        assert_eq!(plain_sizes(10, &two_rests), None);
    }
}
