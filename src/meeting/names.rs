//! Matching what the moderator typed against a list of names (the roster, item titles).

/// The result of looking a name up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameMatch {
    One(String),
    /// Several candidates: the query needs more letters.
    Many(Vec<String>),
    None,
}

/// An exact full name (ignoring case) always wins; otherwise a unique case-insensitive prefix
/// of the full name; failing that, a unique prefix of any word in the name ("oka" finds
/// "Ben Okafor").
pub fn find<'a>(names: impl Iterator<Item = &'a str> + Clone, query: &str) -> NameMatch {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return NameMatch::None;
    }
    let lower = |n: &str| n.to_lowercase();
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
    fn ambiguous_and_unknown() {
        assert_eq!(
            look("ad"),
            NameMatch::Many(vec!["Ada Moreno".into(), "Adam Reyes".into()])
        );
        assert_eq!(look("zed"), NameMatch::None);
        assert_eq!(look("  "), NameMatch::None);
    }
}
