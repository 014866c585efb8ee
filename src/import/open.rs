//! The actions still open between imported meetings, found by what they say. A meeting costs
//! what it mentions, not what the whole series has left open: a series of ten thousand
//! meetings, each adding an action nobody closes, is read in linear time.

use super::actions::{action_key, PREFIX_MATCH};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// An action open between meetings.
#[derive(Debug, Clone)]
pub(super) struct Open {
    pub owners: Vec<String>,
    pub text: String,
    pub due: Option<NaiveDate>,
    pub from: Option<NaiveDate>,
    key: String,
    /// The times it had been carried over at meeting `since`; one more each meeting after.
    carried: u32,
    since: usize,
}

/// Every action open, in the order they were opened, with an index by [`action_key`].
#[derive(Debug, Default)]
pub(super) struct OpenActions {
    live: BTreeMap<usize, Open>,
    by_key: BTreeMap<String, Vec<usize>>,
    next_slot: usize,
    /// The meeting being read (1 for the first).
    meeting: usize,
}

impl OpenActions {
    /// A new meeting: every action still open has been carried over once more.
    pub fn begin_meeting(&mut self) {
        self.meeting += 1;
    }

    /// Opens an action after the current meeting, carried `carried` times at the next one.
    pub fn open(
        &mut self,
        owners: Vec<String>,
        text: String,
        due: Option<NaiveDate>,
        from: Option<NaiveDate>,
        carried: u32,
    ) {
        let key = action_key(&text);
        let slot = self.next_slot;
        self.next_slot += 1;
        self.by_key.entry(key.clone()).or_default().push(slot);
        self.live.insert(
            slot,
            Open {
                owners,
                text,
                due,
                from,
                key,
                carried,
                since: self.meeting + 1,
            },
        );
    }

    /// The first action opened that says the same as any of `texts` ([`same_key`]).
    pub fn find(&self, texts: &[&str]) -> Option<usize> {
        texts
            .iter()
            .filter_map(|t| self.find_key(&action_key(t)))
            .min()
    }

    fn find_key(&self, q: &str) -> Option<usize> {
        if q.is_empty() {
            return None;
        }
        let mut best = self.slots_of(q);
        if q.len() >= PREFIX_MATCH {
            // Kept keys that begin `q`, and kept keys `q` begins.
            for (j, _) in q.char_indices().filter(|(j, _)| *j >= PREFIX_MATCH) {
                best = earliest(best, self.slots_of(&q[..j]));
            }
            let longer = self
                .by_key
                .range::<str, _>((std::ops::Bound::Excluded(q), std::ops::Bound::Unbounded))
                .take_while(|(k, _)| k.starts_with(q))
                .filter_map(|(_, slots)| slots.first().copied())
                .min();
            best = earliest(best, longer);
        }
        best
    }

    fn slots_of(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).and_then(|s| s.first().copied())
    }

    pub fn get(&self, slot: usize) -> Option<&Open> {
        self.live.get(&slot)
    }

    pub fn get_mut(&mut self, slot: usize) -> Option<&mut Open> {
        self.live.get_mut(&slot)
    }

    /// The times `slot` has been carried over, at the current meeting.
    pub fn carried(&self, slot: usize) -> u32 {
        self.live.get(&slot).map_or(0, |o| {
            let meetings = self.meeting.saturating_sub(o.since);
            o.carried
                .saturating_add(u32::try_from(meetings).unwrap_or(u32::MAX))
        })
    }

    /// Closes `slot` (done or dropped).
    pub fn close(&mut self, slot: usize) {
        if let Some(o) = self.live.remove(&slot) {
            if let Some(slots) = self.by_key.get_mut(&o.key) {
                slots.retain(|s| *s != slot);
                if slots.is_empty() {
                    self.by_key.remove(&o.key);
                }
            }
        }
    }

    /// Every open action's slot, oldest first.
    pub fn slots(&self) -> Vec<usize> {
        self.live.keys().copied().collect()
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.live.len()
    }
}

fn earliest(a: Option<usize>, b: Option<usize>) -> Option<usize> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::actions::{same_action, same_key};

    fn opened(texts: &[&str]) -> OpenActions {
        let mut o = OpenActions::default();
        o.begin_meeting();
        for t in texts {
            o.open(vec!["Ada Moreno".into()], (*t).into(), None, None, 0);
        }
        o.begin_meeting();
        o
    }

    #[test]
    fn finds_what_same_action_finds_and_the_first_opened() {
        let texts = [
            "Send the draft",
            "Write the summary of the budget meeting",
            "Write the summary of the budget meeting, with the figures",
            "Book the room for the retreat in May",
            "send the draft!",
        ];
        let o = opened(&texts);
        let asked = [
            "Send the draft",
            "send the draft to Ben",
            "Write the summary of the budget meeting",
            "Write the summary of the budget",
            "Write the summary of the budget meeting, with the figures and charts",
            "Book the room for the retreat",
            "Book",
            "",
            "…",
            "Something else entirely, long enough",
        ];
        for q in asked {
            let slow = texts.iter().position(|t| same_action(t, q));
            assert_eq!(o.find(&[q]), slow, "{q:?}");
        }
    }

    #[test]
    fn carried_counts_the_meetings_since_it_opened_and_closing_forgets_it() {
        let mut o = opened(&["Send the draft to the board", "Book the room for May"]);
        assert_eq!(o.carried(0), 0);
        o.begin_meeting();
        o.begin_meeting();
        assert_eq!(o.carried(0), 2);
        o.close(0);
        assert_eq!(o.find(&["Send the draft to the board"]), None);
        assert_eq!(o.find(&["Book the room for May"]), Some(1));
        assert_eq!((o.len(), o.slots()), (1, vec![1]));
    }

    #[test]
    fn same_key_is_same_action_on_keys() {
        for (a, b) in [
            ("Send the draft", "send the draft"),
            ("Send the draft", "Send the draft to Ben"),
            (
                "Write the summary of the budget",
                "Write the summary of the budget meeting",
            ),
            ("", ""),
        ] {
            assert_eq!(
                same_key(&action_key(a), &action_key(b)),
                same_action(a, b),
                "{a:?} {b:?}"
            );
        }
    }
}
