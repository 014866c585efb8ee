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
        names
            .filter(|n| lower(n).split_whitespace().any(|w| w.starts_with(&q)))
            .collect()
    } else {
        prefix
    };
    match candidates.as_slice() {
        [] => NameMatch::None,
        [one] => NameMatch::One(one.to_string()),
        many => NameMatch::Many(many.iter().map(|s| s.to_string()).collect()),
    }
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
