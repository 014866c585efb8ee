//! The roster on the screen: which rows the filter shows, marking the selected person, and
//! the roll call that walks the roster one key a person.

use super::*;

impl App {
    /// Roster rows shown: everyone (roster, then guests) whose name matches the filter (a
    /// prefix of the name or a word of it, its initials, punctuation ignored: see
    /// `meeting::filter_matches`).
    pub fn roster_rows(&self) -> Vec<usize> {
        let filter = &self.roster_filter;
        self.clerk
            .meeting()
            .attendees()
            .iter()
            .enumerate()
            .filter(|(_, a)| filter.is_empty() || crate::meeting::filter_matches(&a.name, filter))
            .map(|(i, _)| i)
            .collect()
    }

    /// Marks the selected person's attendance. Marking someone present who already is
    /// changes nothing and says so: taking someone off is its own key.
    /// Called "mark", not "tick": `tick` is the clock's once-a-second call.
    pub(super) fn mark_selected(&mut self, status: Option<Presence>, now: DateTime<Utc>) {
        let rows = self.roster_rows();
        let Some(&index) = rows.get(self.roster_selected) else {
            self.say_error("nobody matches the filter");
            return;
        };
        let person = &self.clerk.meeting().attendees()[index];
        let status = status.unwrap_or(Presence::Present);
        let name = person.name.clone();
        // Present by their own page's word only: marking them present is the chair's
        // confirmation, and then they count toward quorum.
        let confirms = person.self_checked && !person.guest;
        if status == Presence::Present && self.claims().contains(&name) {
            self.answer_claim(name, true, now);
            return;
        }
        if status == Presence::Present && person.presence == Presence::Present && !confirms {
            let key = self.keymap.key(Action::Absent, Context::Roster);
            self.say(&format!(
                "{name} is already present (kept; {key} marks absent)."
            ));
            return;
        }
        if self.apply_kind(
            EventKind::Attendance {
                names: vec![name.clone()],
                status,
            },
            now,
        ) {
            self.say(&format!("{name}: {}", presence_word(status)));
            self.select_person(Some(index));
        }
    }

    /// Confirms or refuses the claim a page makes to be the selected person.
    pub(super) fn answer_selected_claim(&mut self, confirm: bool, now: DateTime<Utc>) {
        let Some(index) = self.selected_person() else {
            self.say_error("nobody matches the filter");
            return;
        };
        let name = self.clerk.meeting().attendees()[index].name.clone();
        if !self.claims().contains(&name) {
            self.say_error(&format!("no page asks to check in as {name}"));
            return;
        }
        self.answer_claim(name, confirm, now);
    }

    /// The person under the roster's cursor (an index into the attendees).
    pub fn selected_person(&self) -> Option<usize> {
        self.roster_rows().get(self.roster_selected).copied()
    }

    /// Puts the roster's cursor on `person` if the list shows them, else on the top.
    pub(super) fn select_person(&mut self, person: Option<usize>) {
        self.roster_selected = person
            .and_then(|p| self.roster_rows().iter().position(|&i| i == p))
            .unwrap_or(0);
    }

    /// The next roster member (not a guest) from `from` on, in the roster's order.
    pub(super) fn roll_next(&self, from: usize) -> usize {
        let people = self.clerk.meeting().attendees();
        (from..people.len())
            .find(|&i| !people[i].guest)
            .unwrap_or(people.len())
    }

    pub(super) fn start_roll_call(&mut self) {
        self.roster_filter.clear();
        self.focus = Focus::Roster;
        let people = self.clerk.meeting().attendees();
        let first_open = (0..people.len())
            .find(|&i| !people[i].guest && people[i].presence == Presence::Unknown);
        let at = first_open.unwrap_or_else(|| self.roll_next(0));
        self.roll = Some(RollCall {
            at,
            steps: Vec::new(),
        });
        self.roll_cursor();
        self.say_roll("Roll call");
    }

    /// Keeps the roster's cursor on the person called.
    pub(super) fn roll_cursor(&mut self) {
        if let Some(roll) = &self.roll {
            let last = self.clerk.meeting().attendees().len().saturating_sub(1);
            self.roster_selected = roll.at.min(last);
        }
    }

    /// Marks the person called (None: skips them) and moves to the next.
    pub(super) fn roll_step(&mut self, status: Option<Presence>, now: DateTime<Utc>) {
        let Some(at) = self.roll.as_ref().map(|r| r.at) else {
            return;
        };
        let Some(person) = self.clerk.meeting().attendees().get(at) else {
            let text = format!(
                "Roll call complete: {}. {} ends it, {} steps back.",
                self.roll_summary(),
                self.keymap.key(Action::RollDone, Context::RollCall),
                self.keymap.key(Action::RollBack, Context::RollCall)
            );
            self.say(&text);
            return;
        };
        let name = person.name.clone();
        let event = match status {
            Some(status) => {
                let event = Event::new(
                    now,
                    EventKind::Attendance {
                        names: vec![name.clone()],
                        status,
                    },
                );
                if !self.apply(event.clone()) {
                    return;
                }
                Some(event)
            }
            None => None,
        };
        let next = self.roll_next(at + 1);
        if let Some(roll) = &mut self.roll {
            roll.steps.push((at, event));
            roll.at = next;
        }
        self.roll_cursor();
        let done = status.map_or("skipped", presence_word);
        self.say_roll(&format!("{name}: {done}"));
    }

    /// Steps back one person, undoing the mark made there (when it is still the last change).
    pub(super) fn roll_back(&mut self, now: DateTime<Utc>) {
        let Some((at, event)) = self.roll.as_mut().and_then(|r| r.steps.pop()) else {
            self.say_error("the roll call is at its first person");
            return;
        };
        let name = self.clerk.meeting().attendees()[at].name.clone();
        let undone = match &event {
            Some(e) if self.clerk.meeting().last_event().as_ref() == Some(e) => {
                self.apply_kind(EventKind::Undo, now)
            }
            Some(_) => {
                self.say_error(&format!(
                    "back to {name}, but their mark stays: something else changed since"
                ));
                false
            }
            None => true,
        };
        if let Some(roll) = &mut self.roll {
            roll.at = at;
        }
        self.roll_cursor();
        if undone {
            let what = if event.is_some() {
                "mark undone"
            } else {
                "was skipped"
            };
            self.say_roll(&format!("Back to {name} ({what})"));
        }
    }

    /// "12 present, 3 sent regrets, 1 absent, 14 not marked" for the roster (guests aside).
    pub(super) fn roll_summary(&self) -> String {
        let mut counts = [0usize; 5];
        for a in self.clerk.meeting().attendees().iter().filter(|a| !a.guest) {
            counts[match a.presence {
                Presence::Present => 0,
                Presence::Regrets => 1,
                Presence::Absent => 2,
                Presence::Left => 3,
                Presence::Unknown => 4,
            }] += 1;
        }
        let words = ["present", "sent regrets", "absent", "left", "not marked"];
        let parts: Vec<String> = counts
            .iter()
            .zip(words)
            .filter(|(n, _)| **n > 0)
            .map(|(n, w)| format!("{n} {w}"))
            .collect();
        if parts.is_empty() {
            "nobody on the roster".into()
        } else {
            parts.join(", ")
        }
    }

    /// The roll call's line: what was just done, who is next, and how far it has come.
    pub(super) fn say_roll(&mut self, done: &str) {
        let Some(at) = self.roll.as_ref().map(|r| r.at) else {
            return;
        };
        let people = self.clerk.meeting().attendees();
        let total = people.iter().filter(|a| !a.guest).count();
        let called = people[..at.min(people.len())]
            .iter()
            .filter(|a| !a.guest)
            .count();
        let text = match people.get(at) {
            Some(next) => format!("{done} · {}/{total}: {}?", called + 1, next.name),
            None => format!(
                "{done} · roll call complete: {}. {} ends it.",
                self.roll_summary(),
                self.keymap.key(Action::RollDone, Context::RollCall)
            ),
        };
        self.say(&text);
    }
}
