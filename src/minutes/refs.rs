//! References to GitHub issues and pull requests in people's text: `#123` (in the series'
//! repository, the agenda's `github`), `owner/repo#123`, and an issue's or pull request's
//! web address. The Markdown minutes make each a link; `gavel github` may look their titles
//! up (never during a meeting: this module only reads text).

use crate::agenda::github::Repository;

/// One reference: the issue or pull request it names and the text that named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// Where it starts and ends in the text (bytes).
    pub start: usize,
    pub end: usize,
    pub owner: String,
    pub name: String,
    pub number: u64,
    /// Its web address (an issue's address: GitHub sends it on to a pull request).
    pub url: String,
}

impl Reference {
    /// How the minutes show it: `#123` in the series' repository, `owner/repo#123` elsewhere.
    pub fn shown(&self, home: Option<&Repository>) -> String {
        match home {
            Some(h)
                if h.owner.eq_ignore_ascii_case(&self.owner)
                    && h.name.eq_ignore_ascii_case(&self.name) =>
            {
                format!("#{}", self.number)
            }
            _ => format!("{}/{}#{}", self.owner, self.name, self.number),
        }
    }

    /// The key a title is kept under: `owner/repo#123`.
    pub fn key(&self) -> String {
        format!("{}/{}#{}", self.owner, self.name, self.number)
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// The number of digits at the start of `s`, when a number (1 to 9 digits) ends there.
fn number_at(s: &str) -> Option<(u64, usize)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let after = s[digits..].chars().next();
    if digits == 0 || digits > 9 || after.is_some_and(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    s[..digits]
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .map(|n| (n, digits))
}

/// Every reference in `text`, in order. `#123` needs `home` (the series' repository); web
/// addresses count on `home`'s host or github.com.
pub fn find(text: &str, home: Option<&Repository>) -> Vec<Reference> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let prev = text[..i].chars().next_back();
        let starts_word = prev.is_none_or(|p| !is_name_char(p) && !matches!(p, '/' | '&' | '#'));
        let found = if rest.starts_with("https://") || rest.starts_with("http://") {
            address(rest, home)
        } else if rest.starts_with('#') && starts_word {
            home.and_then(|h| {
                number_at(&rest[1..]).map(|(n, len)| (h.owner.clone(), h.name.clone(), n, len + 1))
            })
        } else if starts_word && rest.starts_with(is_name_char) {
            qualified(rest)
        } else {
            None
        };
        match found {
            Some((owner, name, number, len)) => {
                let web = home
                    .filter(|h| rest.starts_with(&h.web) || !rest.starts_with("http"))
                    .map_or("https://github.com", |h| h.web.as_str());
                out.push(Reference {
                    start: i,
                    end: i + len,
                    url: format!("{web}/{owner}/{name}/issues/{number}"),
                    owner,
                    name,
                    number,
                });
                i += len;
            }
            None => {
                // Skip a whole word or address so that `a/b#1` is not read from its middle.
                let first = rest.chars().next().map_or(1, char::len_utf8);
                let step = if starts_word && rest.starts_with(is_name_char) {
                    rest.find(|c: char| !is_name_char(c)).unwrap_or(rest.len())
                } else {
                    first
                };
                i += step.max(first);
            }
        }
    }
    out
}

/// `owner/repo#123` at the start of `s`: (owner, repo, number, length).
fn qualified(s: &str) -> Option<(String, String, u64, usize)> {
    let owner_len = s.find(|c: char| !is_name_char(c))?;
    let after_owner = &s[owner_len..];
    let rest = after_owner.strip_prefix('/')?;
    let name_len = rest.find(|c: char| !is_name_char(c))?;
    let (n, digits) = number_at(rest[name_len..].strip_prefix('#')?)?;
    let owner = &s[..owner_len];
    let name = &rest[..name_len];
    if !crate::agenda::github::is_handle(owner) || name.is_empty() {
        return None;
    }
    Some((
        owner.into(),
        name.into(),
        n,
        owner_len + 1 + name_len + 1 + digits,
    ))
}

/// An issue's or pull request's web address at the start of `s`, on github.com or on
/// `home`'s host: (owner, repo, number, length of the address).
fn address(s: &str, home: Option<&Repository>) -> Option<(String, String, u64, usize)> {
    let end = s
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | ')'))
        .unwrap_or(s.len());
    let url = s[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
    let hosts = ["https://github.com/"];
    let path = hosts
        .iter()
        .find_map(|h| url.strip_prefix(h))
        .or_else(|| home.and_then(|h| url.strip_prefix(&h.web)?.strip_prefix('/')))?;
    let mut parts = path.split('/');
    let (owner, name, kind, number) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if !matches!(kind, "issues" | "pull") {
        return None;
    }
    // `…/pull/12/files` and `…/issues/12#issuecomment-1` still name #12.
    let number_text = number.split(['#', '?']).next()?;
    let (n, digits) = number_at(number_text)?;
    if digits != number_text.len() || !crate::agenda::github::is_handle(owner) || name.is_empty() {
        return None;
    }
    Some((owner.into(), name.into(), n, url.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn home() -> Repository {
        Repository::parse("example-org/meetings").unwrap()
    }

    fn shown(text: &str) -> Vec<(String, String)> {
        let h = home();
        find(text, Some(&h))
            .into_iter()
            .map(|r| (text[r.start..r.end].to_string(), r.shown(Some(&h))))
            .collect()
    }

    #[test]
    fn short_qualified_and_addresses() {
        assert_eq!(
            shown("see #12, acme/widgets#7 and https://github.com/acme/widgets/pull/9/files."),
            vec![
                ("#12".into(), "#12".into()),
                ("acme/widgets#7".into(), "acme/widgets#7".into()),
                (
                    "https://github.com/acme/widgets/pull/9/files".into(),
                    "acme/widgets#9".into()
                ),
            ]
        );
        let r = &find("(#3)", Some(&home()))[0];
        assert_eq!(r.url, "https://github.com/example-org/meetings/issues/3");
        assert_eq!(
            shown("https://github.com/example-org/meetings/issues/4#issuecomment-1"),
            vec![(
                "https://github.com/example-org/meetings/issues/4#issuecomment-1".into(),
                "#4".into()
            )]
        );
    }

    #[test]
    fn what_is_not_a_reference() {
        for text in [
            "C#1 is a language",
            "item#3",
            "&#123; is an entity",
            "https://example.org/page#12",
            "#12abc",
            "#0",
            "a/b/c#4",
            "https://github.com/acme/widgets/wiki/3",
            "https://github.com/acme/widgets/issues/3x",
        ] {
            assert_eq!(shown(text), vec![], "{text}");
        }
        // Without the series' repository, `#12` names nothing.
        assert!(find("#12", None).is_empty());
        assert_eq!(find("acme/widgets#7", None).len(), 1);
    }

    #[test]
    fn an_enterprise_host_links_to_itself() {
        let h = Repository::parse("https://git.example.com/team/notes").unwrap();
        let refs = find(
            "#5 and https://git.example.com/team/other/issues/6",
            Some(&h),
        );
        assert_eq!(refs[0].url, "https://git.example.com/team/notes/issues/5");
        assert_eq!(refs[1].url, "https://git.example.com/team/other/issues/6");
        assert_eq!(refs[1].shown(Some(&h)), "team/other#6");
    }
}
