//! The roster of a series: each person once however their name was spelled (case, accents,
//! middle initials, nicknames in quotes, a short first name, "Last, First", an e-mail
//! address, a handle), and names one edit apart that never meet taken as one.

use super::people::{plain, split_top, Mention};
use crate::meeting::fold;

/// Short forms of first names that are not prefixes of the full form.
const NICKNAMES: &[(&str, &str)] = &[
    ("zack", "zachary"),
    ("zach", "zachary"),
    ("mike", "michael"),
    ("dave", "david"),
    ("bob", "robert"),
    ("rob", "robert"),
    ("bill", "william"),
    ("will", "william"),
    ("jim", "james"),
    ("liz", "elizabeth"),
    ("beth", "elizabeth"),
    ("kate", "katherine"),
    ("katie", "katherine"),
    ("tom", "thomas"),
    ("andy", "andrew"),
    ("tony", "anthony"),
    ("jen", "jennifer"),
    ("jenny", "jennifer"),
    ("peggy", "margaret"),
    ("bea", "beatriz"),
    ("sasha", "alexander"),
    ("pepe", "jose"),
    ("chuck", "charles"),
    ("dick", "richard"),
    ("rick", "richard"),
    ("ted", "edward"),
    ("ned", "edward"),
];

pub use super::forms::name_words;

fn first_names_agree(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    (short.len() >= 3 && long.starts_with(short))
        || NICKNAMES
            .iter()
            .any(|(n, f)| (*n == short && *f == long) || (*n == long && *f == short))
}

/// One person of the roster and every way their name was written.
#[derive(Debug, Clone, Default)]
pub struct Person {
    /// The spelling used in the record: the one written most often (then the longest).
    pub name: String,
    pub spellings: Vec<(String, usize)>,
    pub nicknames: Vec<String>,
    pub affiliation: Option<String>,
    pub role: Option<String>,
    pub email: Option<String>,
    pub github: Option<String>,
    /// The words of each spelling ([`name_words`]), kept beside them: a name is compared
    /// with every person's on each lookup, and folding it each time made the import of a
    /// series with many people quadratic in folds.
    words: Vec<Vec<String>>,
}

impl Person {
    fn words(&self) -> &[Vec<String>] {
        &self.words
    }

    /// Brings the words of its spellings up to date after they changed.
    fn refresh(&mut self) {
        self.words = self.spellings.iter().map(|(s, _)| name_words(s)).collect();
    }
}

/// The people of a series, each once.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    pub people: Vec<Person>,
    /// Names that speak in the minutes ("Wren: we have a draft"), folded: owners of
    /// actions even when no attendance list names them.
    pub speakers: std::collections::HashSet<String>,
}

/// How sure a match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Strength {
    /// Only the first name (or a nickname) was written, and one person has it.
    FirstName,
    /// Only the first name was written, exactly as this person's.
    FirstNameExact,
    /// First and last names agree (middle names, initials or a short first name differ).
    FirstLast,
    /// The same words, ignoring case, accents and punctuation.
    Exact,
}

/// A person known only by a first name ("Niko") and one known only by a handle that holds
/// it ("nikola-dev"): four letters or more, and the handle the person's whole name.
fn first_name_in_handle(first: &Person, handled: &Person) -> bool {
    let one_word = |p: &Person| p.words().iter().all(|w| w.len() == 1);
    let Some(handle) = handled.github.as_deref() else {
        return false;
    };
    let h = fold(handle);
    let f = fold(&first.name);
    // A first name written in lower case alone was read as a handle of itself ("juno").
    first
        .github
        .as_deref()
        .is_none_or(|g| fold(g) == fold(&first.name))
        && one_word(first)
        && one_word(handled)
        && fold(&handled.name) == h
        && f.chars().count() >= 4
        && f.chars().all(char::is_alphabetic)
        && h != f
        && h.contains(&f)
}

/// Two spellings of one name known by the same short name ("Kit Hale" and "Kristof
/// Hale", both "KHE" in a column of abbreviations): the same last name and short name.
fn same_short_name(a: &Person, b: &Person) -> bool {
    let last = |p: &Person| name_words(&p.name).last().cloned();
    last(a).is_some()
        && last(a) == last(b)
        && a.nicknames
            .iter()
            .any(|n| n.chars().count() >= 2 && b.nicknames.iter().any(|m| fold(m) == fold(n)))
}

/// The letters of a name's words, hyphens and spaces dropped.
fn letters(w: &[String]) -> impl Iterator<Item = char> + '_ {
    w.iter().flat_map(|w| w.chars()).filter(|c| *c != '-')
}

fn compare(a: &[String], b: &[String]) -> Option<Strength> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    // The same letters once hyphens and spaces go: "Ana Lopez Garcia" is "Ana López-García"
    // (a call's report often drops the hyphen of a double surname).
    // Compared letter by letter, nothing allocated: it runs for every person on each lookup.
    if a == b || letters(a).eq(letters(b)) {
        return Some(Strength::Exact);
    }
    if a.len() >= 2 && b.len() >= 2 {
        let (fa, la) = (&a[0], &a[a.len() - 1]);
        let (fb, lb) = (&b[0], &b[b.len() - 1]);
        if la == lb && first_names_agree(fa, fb) {
            return Some(Strength::FirstLast);
        }
        // "Jonathan S" (an initial for the surname, with its dot dropped or not) is
        // "Jonathan Swartz".
        let initial = |short: &String, long: &String| {
            short.chars().count() == 1
                && long.chars().count() > 1
                && long.starts_with(short.as_str())
        };
        if fa == fb && a.len() == 2 && b.len() == 2 && (initial(la, lb) || initial(lb, la)) {
            return Some(Strength::FirstLast);
        }
        // "Last First" written the other way round.
        if fa == lb && la == fb {
            return Some(Strength::FirstLast);
        }
        return None;
    }
    let (one, full) = if a.len() == 1 { (a, b) } else { (b, a) };
    if full.len() >= 2 && one[0] == full[0] {
        return Some(Strength::FirstNameExact);
    }
    (full.len() >= 2 && first_names_agree(&one[0], &full[0])).then_some(Strength::FirstName)
}

impl Roster {
    /// Adds a mention: to the person it matches (first and last name, or exactly), else as
    /// a new person. A first name alone is not joined here (see [`Roster::resolve`]).
    pub fn add(&mut self, m: &Mention) -> Option<usize> {
        let words = name_words(&m.name);
        if words.is_empty() {
            return None;
        }
        let found = self.people.iter().position(|p| {
            p.words()
                .iter()
                .any(|w| compare(w, &words).is_some_and(|s| s >= Strength::FirstLast))
                || m.email.is_some() && p.email == m.email
                || m.github.is_some() && p.github == m.github
        });
        let i = match found {
            Some(i) => i,
            None => {
                self.people.push(Person::default());
                self.people.len() - 1
            }
        };
        let p = &mut self.people[i];
        match p.spellings.iter_mut().find(|(s, _)| *s == m.name) {
            Some((_, n)) => *n += 1,
            None => {
                p.spellings.push((m.name.clone(), 1));
                p.refresh();
            }
        }
        if let Some(n) = &m.nickname {
            if !p.nicknames.contains(n) {
                p.nicknames.push(n.clone());
            }
        }
        // The latest affiliation and role written win (people change employers).
        if m.affiliation.is_some() {
            p.affiliation.clone_from(&m.affiliation);
        }
        if m.role.is_some() {
            p.role.clone_from(&m.role);
        }
        if m.email.is_some() {
            p.email.clone_from(&m.email);
        }
        if m.github.is_some() {
            p.github.clone_from(&m.github);
        }
        Some(i)
    }

    /// Joins people whose name was only ever written short ("Odile") into the one person
    /// with that first name, when there is exactly one; then picks each person's spelling.
    pub fn settle(&mut self) {
        let mut i = 0;
        while i < self.people.len() {
            let single = self.people[i].words().iter().all(|w| w.len() == 1);
            if single {
                let words = self.people[i].words();
                let targets: Vec<usize> = (0..self.people.len())
                    .filter(|&j| j != i)
                    .filter(|&j| {
                        self.people[j]
                            .words()
                            .iter()
                            .any(|w| w.len() >= 2 && words.iter().any(|s| compare(s, w).is_some()))
                    })
                    .collect();
                if let [j] = targets.as_slice() {
                    let p = self.people.remove(i);
                    let j = if *j > i { j - 1 } else { *j };
                    let t = &mut self.people[j];
                    t.spellings.extend(p.spellings);
                    t.refresh();
                    t.nicknames.extend(p.nicknames);
                    if t.affiliation.is_none() {
                        t.affiliation = p.affiliation;
                    }
                    if t.email.is_none() {
                        t.email = p.email;
                    }
                    if t.github.is_none() {
                        t.github = p.github;
                    }
                    continue;
                }
            }
            i += 1;
        }
        self.pick_names();
    }

    /// Each person's spelling: the one written most often (not in capitals), then the
    /// longest.
    fn pick_names(&mut self) {
        for p in &mut self.people {
            let best = p
                .spellings
                .iter()
                .max_by_key(|(s, n)| {
                    let shouting = s
                        .split_whitespace()
                        .any(|w| w.chars().count() > 1 && w.chars().all(char::is_uppercase));
                    (!shouting, *n, s.split_whitespace().count(), s.len())
                })
                .map(|(s, _)| s.clone());
            p.name = best.unwrap_or_default();
        }
    }

    /// Joins people whose names differ by one small edit in one word (a letter dropped,
    /// two letters swapped, one mistyped; the same first letter, four letters or more) and
    /// who never appear in the same meeting (`together`: pairs of indexes, lower first).
    /// Returns the pairs joined, as (kept name, other spelling).
    pub fn merge_misspelt(
        &mut self,
        together: &std::collections::HashSet<(usize, usize)>,
    ) -> Vec<(String, String)> {
        let words: Vec<Vec<String>> = self.people.iter().map(|p| name_words(&p.name)).collect();
        self.merge_if(together, |_, _, i, j| {
            super::spelling::near(&words[i], &words[j])
        })
    }

    /// Joins a person known only by a first name ("Niko") and one known only by a handle
    /// that holds it ("nikola-dev") who never appear in the same meeting. Returns the
    /// pairs joined, as (kept name, other spelling).
    pub fn merge_first_names(
        &mut self,
        together: &std::collections::HashSet<(usize, usize)>,
    ) -> Vec<(String, String)> {
        self.merge_if(together, |a, b, _, _| {
            first_name_in_handle(a, b) || first_name_in_handle(b, a) || same_short_name(a, b)
        })
    }

    fn merge_if(
        &mut self,
        together: &std::collections::HashSet<(usize, usize)>,
        close: impl Fn(&Person, &Person, usize, usize) -> bool,
    ) -> Vec<(String, String)> {
        let n = self.people.len();
        let weight = |p: &Person| p.spellings.iter().map(|(_, c)| c).sum::<usize>();
        let mut gone = vec![false; n];
        let mut joined: Vec<(usize, String)> = Vec::new();
        for i in 0..n {
            for j in i + 1..n {
                if gone[i]
                    || gone[j]
                    || together.contains(&(i, j))
                    || !close(&self.people[i], &self.people[j], i, j)
                {
                    continue;
                }
                let (keep, drop) = if weight(&self.people[j]) > weight(&self.people[i]) {
                    (j, i)
                } else {
                    (i, j)
                };
                let d = std::mem::take(&mut self.people[drop]);
                joined.push((keep, d.name.clone()));
                let t = &mut self.people[keep];
                t.spellings.extend(d.spellings);
                t.refresh();
                t.nicknames.extend(d.nicknames);
                t.affiliation = t.affiliation.take().or(d.affiliation);
                t.email = t.email.take().or(d.email);
                t.github = t.github.take().or(d.github);
                gone[drop] = true;
            }
        }
        // The name each kept person is known by once every spelling is weighed: what the
        // summary says and what the minutes write are the same.
        let kept: Vec<(usize, String)> = joined;
        let mut after = vec![None; n];
        let mut k = 0;
        for (i, g) in gone.iter().enumerate() {
            if !g {
                after[i] = Some(k);
                k += 1;
            }
        }
        let mut k = 0;
        self.people.retain(|_| {
            k += 1;
            !gone[k - 1]
        });
        self.pick_names();
        kept.into_iter()
            .filter_map(|(i, other)| {
                let name = self.people.get(after[i]?)?.name.clone();
                Some((name, other))
            })
            .collect()
    }

    /// `name` speaks in the minutes.
    pub fn is_speaker(&self, name: &str) -> bool {
        self.speakers.contains(&fold(name.trim()))
    }

    /// The roster's spelling of `name`: an exact match (any spelling, nickname or
    /// e-mail), else first and last name, else a unique first name or nickname. None when
    /// nobody (or more than one person) matches.
    pub fn resolve(&self, name: &str) -> Option<&Person> {
        let name = plain(name);
        let lowered = name.to_lowercase();
        if let Some(h) = lowered.strip_prefix('@').or(Some(lowered.as_str())) {
            let by_handle = self.people.iter().find(|p| {
                p.github
                    .as_deref()
                    .is_some_and(|g| g.eq_ignore_ascii_case(h.trim()))
            });
            if by_handle.is_some() {
                return by_handle;
            }
        }
        if lowered.contains('@') {
            let local = lowered.split('@').next().unwrap_or_default();
            if let Some(p) = self
                .people
                .iter()
                .find(|p| p.email.as_deref() == Some(lowered.as_str()))
            {
                return Some(p);
            }
            // "ada.moreno@..." against "Ada Moreno".
            let words: Vec<String> = local
                .split(['.', '_', '-', '+'])
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect();
            return self.resolve_words(&words);
        }
        // "Last, First".
        let parts = split_top(&name, &[',']);
        let words = if parts.len() == 2 && !parts[1].contains(' ') && !parts[0].contains(' ') {
            name_words(&format!("{} {}", parts[1], parts[0]))
        } else {
            name_words(&name)
        };
        self.resolve_words(&words)
    }

    /// The one person whose initials `token` is, as an owner is often written ("JW to send
    /// the email", "eP: will share"): two or three letters, one of them a capital, matching
    /// the first letters of a name's first and last words (or of all its words). None when
    /// nobody or more than one person has them.
    pub fn by_initials(&self, token: &str) -> Option<&Person> {
        let t = token.trim();
        let letters = t.chars().count();
        if !(2..=3).contains(&letters)
            || !t.chars().all(char::is_alphabetic)
            || !t.chars().any(char::is_uppercase)
        {
            return None;
        }
        let wanted = fold(t);
        let initials =
            |words: &[&str]| -> String { words.iter().filter_map(|w| w.chars().next()).collect() };
        let mut found = self.people.iter().filter(|p| {
            let folded = fold(&p.name);
            let words: Vec<&str> = folded
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            let (Some(first), Some(last)) = (words.first(), words.last()) else {
                return false;
            };
            words.len() >= 2 && (initials(&[first, last]) == wanted || initials(&words) == wanted)
        });
        let one = found.next()?;
        found.next().is_none().then_some(one)
    }

    fn resolve_words(&self, words: &[String]) -> Option<&Person> {
        if words.is_empty() {
            return None;
        }
        let mut best: Option<(Strength, usize, bool)> = None;
        for (i, p) in self.people.iter().enumerate() {
            let mut s = p.words().iter().filter_map(|w| compare(w, words)).max();
            if words.len() == 1 && p.nicknames.iter().any(|n| fold(n) == words[0]) {
                s = Some(Strength::Exact);
            }
            let Some(s) = s else { continue };
            best = match best {
                Some((b, _, _)) if b > s => best,
                Some((b, _, _)) if b == s => Some((b, i, true)),
                _ => Some((s, i, false)),
            };
        }
        match best {
            Some((_, i, false)) => self.people.get(i),
            Some(_) => None,
            None => self.first_name_misspelt(words),
        }
    }

    /// A first name alone one edit from the first name of exactly one person ("Bela" for
    /// Bella Moreno).
    fn first_name_misspelt(&self, words: &[String]) -> Option<&Person> {
        let [w] = words else { return None };
        let mut found = self.people.iter().filter(|p| {
            p.words()
                .iter()
                .any(|s| s.len() >= 2 && super::spelling::near_word(&s[0], w))
        });
        let one = found.next()?;
        found.next().is_none().then_some(one)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::people::parse_mention;

    fn m(s: &str) -> Mention {
        parse_mention(s, 1, false).expect("a mention")
    }

    #[test]
    fn one_person_however_spelled() {
        let mut r = Roster::default();
        for s in [
            "David A. Quist",
            "David Quist",
            "Dan Ferro",
            "Daniel Ferro",
            "Zack Ortiz",
            "Zachary Ortiz",
            "Tomas ROOKE",
            "Tomas Rooke",
            "Inês Carvalho",
            "Ines Carvalho",
            "Odile Jaspers",
            "Odile",
        ] {
            r.add(&m(s));
        }
        r.settle();
        let names: Vec<&str> = r.people.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names.len(), 6, "{names:?}");
        assert!(names.contains(&"Tomas Rooke"));
        assert_eq!(
            r.resolve("Dan").map(|p| p.name.as_str()),
            Some("Daniel Ferro")
        );
        assert_eq!(
            r.resolve("Carvalho, Ines").map(|p| p.name.as_str()),
            Some("Inês Carvalho")
        );
        assert_eq!(
            r.resolve("zachary.ortiz@example.org")
                .map(|p| p.name.as_str()),
            Some("Zachary Ortiz")
        );
        assert!(r.resolve("iPhone").is_none());
    }
}
