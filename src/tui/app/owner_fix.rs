//! An action whose owner is on nobody's roster but close to a name on it (issue 27): the
//! line is refused once and stays on the capture line, with the nearest names; one key
//! (Tab, or Alt-1 to Alt-3) puts one of them in place of the unknown name, and Enter on the
//! unchanged line records it as written.

use super::*;
use crate::meeting::Capture;

/// The refused line, the name that matched nobody, and the nearest names on offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerFix {
    pub line: String,
    pub unknown: String,
    pub nearest: Vec<String>,
}

impl App {
    /// For a line that would record an action whose owner matches nobody but is near some
    /// names: refuses it once (the line stays) and offers the names. False when the line is
    /// recorded as usual: no such owner, or Enter again on the line already refused.
    pub(super) fn refuse_unknown_owner(&mut self, line: &str, now: DateTime<Utc>) -> bool {
        if self.owner_fix.take().is_some_and(|f| f.line == line) {
            return false;
        }
        let m = self.clerk.meeting();
        let Ok(Command::Event(event)) = crate::command::read(line, m, now) else {
            return false;
        };
        let EventKind::Capture(Capture::Action(action)) = &event.kind else {
            return false;
        };
        let names = || m.attendees().iter().map(|a| a.name.as_str());
        let Some((unknown, nearest)) = action
            .owners
            .iter()
            .filter(|o| !names().any(|n| n == o.as_str()))
            .map(|o| (o.clone(), crate::meeting::nearest(names(), o, 3)))
            .find(|(o, near)| !near.is_empty() && owner_span(line, o).is_some())
        else {
            return false;
        };
        let keys = [
            Action::TakeNearest1,
            Action::TakeNearest2,
            Action::TakeNearest3,
        ];
        let offers: Vec<String> = nearest
            .iter()
            .zip(keys)
            .map(|(name, action)| format!("{} {name}", self.keymap.key(action, Context::Capture)))
            .collect();
        self.say_error(&format!(
            "Not on the roster: `{unknown}`. Take the nearest name: {} ({} takes the first); Enter again records `{unknown}` as written.",
            offers.join(", "),
            self.keymap.key(Action::Complete, Context::Capture),
        ));
        self.owner_fix = Some(OwnerFix {
            line: line.to_string(),
            unknown,
            nearest,
        });
        true
    }

    /// Whether a name from the refusal is on offer for the line as it is now.
    pub(super) fn owner_fix_pending(&self) -> bool {
        self.owner_fix
            .as_ref()
            .is_some_and(|f| f.line == self.capture.value())
    }

    /// Puts the `n`th nearest name (from 0) in place of the unknown owner on the line.
    pub(super) fn take_nearest(&mut self, n: usize) {
        let Some(fix) = self
            .owner_fix
            .clone()
            .filter(|f| f.line == self.capture.value())
        else {
            self.say_error("No owner to replace: this key takes a nearest name after an action's owner was not on the roster.");
            return;
        };
        let Some(name) = fix.nearest.get(n) else {
            self.say_error(&format!(
                "Only {} nearest name{} on offer.",
                fix.nearest.len(),
                if fix.nearest.len() == 1 { "" } else { "s" }
            ));
            return;
        };
        let Some(span) = owner_span(&fix.line, &fix.unknown) else {
            return;
        };
        let mut line = fix.line.clone();
        line.replace_range(span, name);
        self.capture.set(line);
        self.owner_fix = None;
        self.say(&format!(
            "`{}` is now {name}: Enter records the action.",
            fix.unknown
        ));
    }
}

/// Where `owner` is written among the owners of the `/action` line (before its colon).
fn owner_span(line: &str, owner: &str) -> Option<std::ops::Range<usize>> {
    let owners_end = line.find(':')?;
    let owners_start = line.find(char::is_whitespace)?;
    if owners_start >= owners_end {
        return None;
    }
    let at = line[owners_start..owners_end].find(owner)? + owners_start;
    Some(at..at + owner.len())
}
