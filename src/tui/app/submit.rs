//! The capture line's Enter and paste: a line (or an edited entry) goes to the clerk, and what
//! it says comes back on the status line; Tab completion.

use super::*;
use crate::meeting::{Capture, Note};

impl App {
    pub(super) fn submit(&mut self, now: DateTime<Utc>) {
        let line = self.capture.value().to_string();
        if line.trim().is_empty() {
            return;
        }
        if let Some(id) = self.editing {
            self.submit_edit(id, &line, now);
            return;
        }
        if self.refuse_unknown_owner(&line, now) {
            return;
        }
        let ended_before = self.clerk.meeting().phase() == Phase::Ended;
        match self.clerk.take_line(&line, now) {
            Ok(Taken::Recorded(recorded)) => {
                let kind_word = describe(&recorded.event.kind);
                self.recorded(&recorded, ended_before);
                if self.unsaved() == 0 {
                    let done = match self.pending_from() {
                        Some(_) => format!("Sent {kind_word} (pending until the host records it)."),
                        None => format!("Recorded {kind_word}."),
                    };
                    match self.unknown_owners(&recorded.event.kind) {
                        Some(warning) => self.warn(&format!("{done} {warning}")),
                        None => self.say(&done),
                    }
                }
                self.accept_line(&line, now);
            }
            Ok(Taken::Show { query, title, body }) => {
                self.show(query, title, body);
                self.accept_line(&line, now);
            }
            Ok(Taken::Help) => {
                self.overlay = Some(Overlay::Help(0));
                self.accept_line(&line, now);
            }
            Ok(Taken::Share(ask)) => {
                self.accept_line(&line, now);
                self.share(ask);
            }
            Ok(Taken::RollCall) => {
                self.accept_line(&line, now);
                self.start_roll_call();
            }
            Ok(Taken::AttendanceReport { file }) => {
                self.accept_line(&line, now);
                self.effects.push(Effect::ReadReport { file, at: now });
            }
            // A scribe cannot start the meeting: the line waits for the chair.
            Err(refusal) if refusal.0 == crate::clerk::CHAIR_NOT_STARTED => self.say_error(
                "The chair has not started the meeting yet: your line stays here; Enter records it once they have.",
            ),
            Err(refusal) => self.say_error(&refusal.0),
        }
    }

    /// For an action whose owner matches nobody on the roster or guest list: which, and the
    /// nearest names, said at once rather than in the minutes later.
    pub(super) fn unknown_owners(&self, kind: &EventKind) -> Option<String> {
        let EventKind::Capture(Capture::Action(action)) = kind else {
            return None;
        };
        let owners = &action.owners;
        let m = self.clerk.meeting();
        let known = |o: &String| m.attendees().iter().any(|a| &a.name == o);
        let parts: Vec<String> = owners
            .iter()
            .filter(|o| !known(o))
            .map(|o| {
                let near =
                    crate::meeting::nearest(m.attendees().iter().map(|a| a.name.as_str()), o, 3);
                if near.is_empty() {
                    format!("Not on the roster: `{o}` (a newcomer? /guest NAME)")
                } else {
                    format!(
                        "Not on the roster: `{o}` (nearest: {}; Esc, {} and Enter edit it)",
                        near.join(", "),
                        self.keymap.key(Action::FocusEntries, Context::Agenda)
                    )
                }
            })
            .collect();
        (!parts.is_empty()).then(|| parts.join("; "))
    }

    /// The answer to a query, in its window: a proposed plan can be applied from there.
    pub(super) fn show(&mut self, query: Query, title: String, body: String) {
        self.overlay = Some(match query {
            Query::RebalancePlan => Overlay::Plan { body },
            Query::Actions => Overlay::Show { title, body },
        });
    }

    pub(super) fn submit_edit(&mut self, id: u64, line: &str, now: DateTime<Utc>) {
        let ended_before = self.clerk.meeting().phase() == Phase::Ended;
        match self.clerk.take_edit(id, line, now) {
            Ok(recorded) => {
                self.recorded(&recorded, ended_before);
                self.editing = None;
                self.capture.clear();
                self.capture.touch(now);
                self.focus = Focus::Entries;
                self.say("Entry corrected.");
            }
            Err(refusal) => self.say_error(&refusal.0),
        }
    }

    /// The line was taken: empty it, keep the focus for the next one, remember it.
    pub(super) fn accept_line(&mut self, line: &str, now: DateTime<Utc>) {
        self.capture.accept(line, now);
        // A draft of this line on disk would come back on resume after a crash in the next
        // second, and Enter would record the line twice: clear it now. (Only when a draft
        // was saved: a line typed without a pause costs no extra write.)
        if self.capture.has_saved_draft() {
            self.save_draft();
        }
    }

    /// Tab: completes a command name at the start of the line, or a person's name.
    pub(super) fn complete(&mut self) {
        let value = self.capture.value().to_string();
        let start = value.rfind([' ', ',']).map(|i| i + 1).unwrap_or(0);
        let word = &value[start..];
        let candidates: Vec<String> = if start == 0 && word.starts_with('/') {
            complete_command(word).map(String::from).collect()
        } else {
            let w = crate::meeting::fold(word.trim_start_matches('@'));
            if w.is_empty() {
                return;
            }
            self.clerk
                .meeting()
                .attendees()
                .iter()
                .map(|a| a.name.clone())
                .filter(|n| crate::meeting::begins(n, &w))
                .collect()
        };
        let prefix = if word.starts_with('@') { "@" } else { "" };
        match candidates.as_slice() {
            [] => self.say_error(&format!("nothing to complete for `{word}`")),
            [one] => {
                let tail = if one.starts_with('/') { " " } else { "" };
                self.capture
                    .set(format!("{}{prefix}{one}{tail}", &value[..start]));
            }
            many => {
                let common = common_prefix(many);
                if common.len() > word.len() && common.starts_with(word) {
                    self.capture.set(format!("{}{common}", &value[..start]));
                }
                self.say(&many.join("  "));
            }
        }
    }

    /// A paste (the terminal's bracketed paste): one line goes onto the capture line at the
    /// cursor; several lines become one note each (blank lines skipped), said on the status
    /// line. A line longer than an entry holds refuses the whole paste, with its length:
    /// nothing is cut, and nothing of it recorded.
    pub fn on_paste(&mut self, text: &str, now: DateTime<Utc>) {
        use crate::tui::capture::MAX_ENTRY_BYTES;
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let lines: Vec<&str> = text.trim_end_matches('\n').split('\n').collect();
        if let Some((n, line)) = lines
            .iter()
            .enumerate()
            .find(|(_, l)| l.len() > MAX_ENTRY_BYTES)
        {
            self.say_error(&format!(
                "Paste refused: line {} is {} bytes long; an entry holds up to {} KiB \
                 ({} bytes). Nothing of it was recorded.",
                n + 1,
                line.len(),
                MAX_ENTRY_BYTES / 1024,
                MAX_ENTRY_BYTES
            ));
            return;
        }
        if self.overlay.is_some() {
            return;
        }
        if lines.len() <= 1 {
            let line = crate::text::clean_line(lines.first().copied().unwrap_or(""));
            self.focus = Focus::Capture;
            if let Err(len) = self.capture.insert_str(&line, now) {
                self.say_error(&format!(
                    "Paste refused: the line would be {len} bytes long; an entry holds up to \
                     {} KiB ({MAX_ENTRY_BYTES} bytes).",
                    MAX_ENTRY_BYTES / 1024
                ));
            }
            return;
        }
        let notes: Vec<String> = lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| crate::text::clean_line(l.trim_end()))
            .collect();
        let total = notes.len();
        let mut taken = 0;
        for text in notes {
            let event = Event::new(
                now,
                EventKind::Capture(Capture::Note(Note {
                    text,
                    private: false,
                })),
            );
            let ended_before = self.clerk.meeting().phase() == Phase::Ended;
            match self.clerk.record(event, crate::clerk::Origin::Here) {
                Ok(recorded) => {
                    self.recorded(&recorded, ended_before);
                    taken += 1;
                }
                Err(refusal) => {
                    self.say_error(&format!(
                        "Pasted {taken} of {total} lines as notes; line {} was refused: {}",
                        taken + 1,
                        refusal.0
                    ));
                    return;
                }
            }
        }
        if self.unsaved() == 0 {
            self.say(&format!("Pasted {total} lines as {total} notes."));
        }
    }
}
