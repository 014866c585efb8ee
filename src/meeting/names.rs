//! Matching what the moderator typed against a list of names (the roster, item titles).

/// The result of looking a name up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameMatch {
    One(String),
    /// Several candidates: the query needs more letters.
    Many(Vec<String>),
    None,
}

/// A name folded for matching: lower case, accents and other combining marks dropped, so
/// that "ines" finds "Inês" and "sebastien" finds "Sébastien".
pub fn fold(name: &str) -> String {
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    if name.is_ascii() {
        return name.to_ascii_lowercase();
    }
    name.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// An exact full name (ignoring case and accents) always wins; otherwise a unique prefix of
/// the full name; failing that, a unique prefix of any word in the name ("oka" finds
/// "Ben Okafor").
pub fn find<'a>(names: impl Iterator<Item = &'a str> + Clone, query: &str) -> NameMatch {
    let q = fold(query.trim());
    if q.is_empty() {
        return NameMatch::None;
    }
    let lower = fold;
    if let Some(exact) = names.clone().find(|n| lower(n) == q) {
        return NameMatch::One(exact.to_string());
    }
    let prefix: Vec<&str> = names.clone().filter(|n| lower(n).starts_with(&q)).collect();
    let candidates = if prefix.is_empty() {
        names.filter(|n| begins(n, &q)).collect()
    } else {
        prefix
    };
    match candidates.as_slice() {
        [] => NameMatch::None,
        [one] => NameMatch::One(one.to_string()),
        many => NameMatch::Many(many.iter().map(|s| s.to_string()).collect()),
    }
}

/// Whether `query` (already folded) begins `name` or any word of it, ignoring case and
/// accents: what [`find`] takes as a candidate, and Tab offers to complete.
pub fn begins(name: &str, query: &str) -> bool {
    let name = fold(name);
    name.starts_with(query) || name.split_whitespace().any(|w| w.starts_with(query))
}

/// The names nearest to `query` (an owner who matches nobody, say), closest first, at most
/// `n`: by edit distance to the whole name or to any word of it, ignoring case and accents.
/// Only names close enough to be a slip are offered.
pub fn nearest<'a>(names: impl Iterator<Item = &'a str>, query: &str, n: usize) -> Vec<String> {
    use crate::text::edit_distance;
    let q = fold(query.trim());
    if q.is_empty() {
        return Vec::new();
    }
    let limit = q.chars().count().div_ceil(2).max(1);
    let mut scored: Vec<(usize, &str)> = names
        .map(|name| {
            let folded = fold(name);
            let best = folded
                .split_whitespace()
                .map(|w| edit_distance(w, &q))
                .chain(std::iter::once(edit_distance(&folded, &q)))
                .min()
                .unwrap_or(usize::MAX);
            (best, name)
        })
        .filter(|(d, _)| *d <= limit)
        .collect();
    scored.sort_by_key(|(d, _)| *d);
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(n)
        .map(|(_, s)| s.to_string())
        .collect()
}

/// Whether `name` is shown for the roster's filter `filter`: a prefix of the name or of any
/// of its words, ignoring case, accents and punctuation; or the name's initials ("jr" finds
/// "J.R. Rao", "am" finds "Ada Moreno").
pub fn filter_matches(name: &str, filter: &str) -> bool {
    let plain = |s: &str| -> String {
        fold(s)
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect()
    };
    let f: String = plain(filter)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if f.is_empty() {
        return true;
    }
    let name = plain(name);
    let words: Vec<&str> = name.split_whitespace().collect();
    let joined = words.join(" ");
    let initials: String = words.iter().filter_map(|w| w.chars().next()).collect();
    let squashed_filter = f.replace(' ', "");
    joined.starts_with(&f)
        || (0..words.len()).any(|i| words[i..].concat().starts_with(&squashed_filter))
        || (!f.contains(' ') && initials.starts_with(&f))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROSTER: [&str; 4] = ["Ada Moreno", "Adam Reyes", "Ben Okafor", "Cy Park"];

    fn look(q: &str) -> NameMatch {
        find(ROSTER.iter().copied(), q)
    }

    #[test]
    fn exact_name_wins_over_a_longer_prefix_match() {
        assert_eq!(look("ada moreno"), NameMatch::One("Ada Moreno".into()));
    }

    #[test]
    fn unique_prefix_and_word_prefix() {
        assert_eq!(look("ben"), NameMatch::One("Ben Okafor".into()));
        assert_eq!(look("adam"), NameMatch::One("Adam Reyes".into()));
        assert_eq!(look("oka"), NameMatch::One("Ben Okafor".into()));
    }

    #[test]
    fn accents_and_case_do_not_matter() {
        let roster = ["Inês Carvalho", "Sébastien Roux", "Zoë Ångström"];
        let look = |q| find(roster.iter().copied(), q);
        assert_eq!(look("ines"), NameMatch::One("Inês Carvalho".into()));
        assert_eq!(
            look("SEBASTIEN roux"),
            NameMatch::One("Sébastien Roux".into())
        );
        assert_eq!(look("angst"), NameMatch::One("Zoë Ångström".into()));
        assert_eq!(look("Inês"), NameMatch::One("Inês Carvalho".into()));
    }

    /// Issue 15: an owner who matches nobody is told the nearest names.
    #[test]
    fn nearest_names_for_a_slip() {
        let near = |q| nearest(ROSTER.iter().copied(), q, 3);
        assert_eq!(near("Okafr"), ["Ben Okafor"]);
        let adma = near("Adma");
        assert!(
            adma.contains(&"Adam Reyes".to_string()) && adma.len() == 2,
            "{adma:?}"
        );
        assert!(near("Zebedee").is_empty());
    }

    /// Issue 15: the roster's filter finds initials and punctuation-free forms.
    #[test]
    fn the_filter_matches_initials_and_names_without_punctuation() {
        assert!(filter_matches("J.R. Rao", "jr"));
        assert!(filter_matches("J.R. Rao", "jrr"));
        assert!(filter_matches("J.R. Rao", "rao"));
        assert!(filter_matches("J.R. Rao", "j.r"));
        assert!(filter_matches("Mary-Kate O'Neil", "oneil"));
        assert!(filter_matches("Mary-Kate O'Neil", "kate"));
        assert!(filter_matches("Ada Moreno", "am"));
        assert!(filter_matches("Inês Carvalho", "ines c"));
        assert!(!filter_matches("Ada Moreno", "bo"));
    }

    #[test]
    fn ambiguous_and_unknown() {
        assert_eq!(
            look("ad"),
            NameMatch::Many(vec!["Ada Moreno".into(), "Adam Reyes".into()])
        );
        assert_eq!(look("zed"), NameMatch::None);
        assert_eq!(look("  "), NameMatch::None);
    }
}
