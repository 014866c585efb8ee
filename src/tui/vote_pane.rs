//! A recorded vote while it is open (issue 28): the motion, the tally, who has not voted,
//! and every member called with their ballot; the cursor on the member called. Shown in the
//! roster's place, all along the vote.

use super::app::App;
use super::text::{fit, list_offset, safe};
use crate::meeting::Choice;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

/// Who the pane lists: the walk's members, or (when the walk was left, or the vote opened
/// elsewhere) the voters now and anyone who has voted.
fn members(app: &App, motion: usize) -> Vec<String> {
    if let Some(walk) = app.vote_walk() {
        return walk.names().to_vec();
    }
    let m = app.meeting();
    let mut names: Vec<String> = m
        .motion_item(motion)
        .map(|i| m.voters(i).into_iter().map(String::from).collect())
        .unwrap_or_default();
    for (n, _) in &m.motions()[motion].ballots {
        if !names.contains(n) {
            names.push(n.clone());
        }
    }
    names
}

/// Draws the vote open in the meeting into `area`; false when none is open.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) -> bool {
    let m = app.meeting();
    let Some(motion) = m.roll_vote() else {
        return false;
    };
    let t = app.theme();
    let mo = &m.motions()[motion];
    let names = members(app, motion);
    let ballot = |name: &str| mo.ballots.iter().find(|(n, _)| n == name).map(|b| b.1);
    let item = m.motion_item(motion);
    let recused = |name: &str| item.is_some_and(|i| m.recused(i).iter().any(|r| r.name == name));
    let [yes, no, abstain] = mo.tally();
    let waiting: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|n| ballot(n).is_none() && !recused(n))
        .collect();
    let title = match app.vote_walk() {
        Some(w) if w.at() < names.len() => {
            format!(" Recorded vote {}/{} ", w.at() + 1, names.len())
        }
        _ => " Recorded vote ".to_string(),
    };
    let inner = super::paint::titled(frame.buffer_mut(), area, &title, t.focused_border());
    let width = usize::from(inner.width);
    let mut lines = vec![
        Line::raw(fit(&format!("Motion: {}", safe(&mo.text)), width)),
        Line::styled(
            fit(
                &format!(
                    "{yes} yes, {no} no, {abstain} abstain, {} left",
                    waiting.len()
                ),
                width,
            ),
            t.accent(),
        ),
        Line::styled(
            fit(
                &if waiting.is_empty() {
                    "Everyone called has voted.".to_string()
                } else {
                    format!("Not voted: {}", safe(&waiting.join(", ")))
                },
                width,
            ),
            t.warn(),
        ),
    ];
    let head = lines.len();
    let height = usize::from(inner.height).saturating_sub(head);
    let at = app.vote_walk().map(|w| w.at());
    let offset = list_offset(at.unwrap_or(0), height, names.len());
    for (k, name) in names.iter().enumerate().skip(offset).take(height) {
        let (mark, style) = match (ballot(name), recused(name)) {
            (Some(Choice::Yes), _) => ("yes    ", t.ok()),
            (Some(Choice::No), _) => ("no     ", t.alert()),
            (Some(Choice::Abstain), _) => ("abstain", t.dim()),
            (None, true) => ("recused", t.dim()),
            (None, false) => ("·      ", t.dim()),
        };
        let cursor = if at == Some(k) { "▸ " } else { "  " };
        let name = fit(&safe(name), width.saturating_sub(10));
        let line = Line::from(vec![
            Span::raw(cursor),
            Span::styled(mark, style),
            Span::raw(" "),
            Span::raw(name),
        ]);
        lines.push(if at == Some(k) {
            line.style(t.selected())
        } else {
            line
        });
    }
    super::paint::put_lines(frame.buffer_mut(), inner, &lines);
    true
}
