//! `@handle`s the minutes mention (an action's owner, a note) that no one on the roster has
//! yet: each given to the one roster person whose name it spells (`@bokafor`, `@ben-okafor`,
//! `@okaforb` for Ben Okafor), so that the handle is that person's from then on (their
//! actions, the next agenda's `github`). Kept apart from the importer's other steps.

use super::forms::spells;
use super::raw::RawMeeting;
use super::roster::Roster;

/// Gives each unclaimed `@handle` in `meetings` to the one roster person whose name it
/// spells; a handle that fits no one, or several, is left alone.
pub(super) fn adopt<'a>(meetings: impl Iterator<Item = &'a RawMeeting>, roster: &mut Roster) {
    let mut handles: Vec<String> = Vec::new();
    for m in meetings {
        let texts = m
            .actions
            .iter()
            .chain(&m.review)
            .map(|a| a.text.as_str())
            .chain(m.notes.iter().map(|(_, t)| t.as_str()))
            .chain(
                m.items
                    .iter()
                    .flat_map(|i| i.notes.iter().chain(&i.outcomes))
                    .map(String::as_str),
            );
        for t in texts {
            for h in mentions(t) {
                if !handles.iter().any(|k| k.eq_ignore_ascii_case(&h)) {
                    handles.push(h);
                }
            }
        }
    }
    for h in handles {
        let taken = roster.people.iter().any(|p| {
            p.github
                .as_deref()
                .is_some_and(|g| g.eq_ignore_ascii_case(&h))
        });
        if taken {
            continue;
        }
        let fits: Vec<usize> = (0..roster.people.len())
            .filter(|&i| roster.people[i].github.is_none() && spells(&h, &roster.people[i].name))
            .collect();
        if let [one] = fits.as_slice() {
            roster.people[*one].github = Some(h);
        }
    }
}

/// The `@handle`s in `text` (not an e-mail address's `@`).
fn mentions(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices('@') {
        if text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric())
        {
            continue;
        }
        let h: String = text[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        let h = h.trim_end_matches('-').to_string();
        if crate::agenda::github::is_handle(&h) {
            out.push(h);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_handle_spells_one_name() {
        assert!(spells("bokafor", "Ben Okafor"));
        assert!(spells("ben-okafor", "Ben Okafor"));
        assert!(spells("OkaforB", "Ben Okafor"));
        assert!(spells("ines-moreno42", "Inês Moreno"));
        assert!(!spells("ben", "Ben Okafor"));
        assert!(!spells("okafor", "Ben Okafor"));
        assert!(!spells("bokafor", "Ben"));
        assert_eq!(
            mentions("@bokafor to draft; mail a@b.org, (@ada-m)"),
            ["bokafor", "ada-m"]
        );
    }
}
