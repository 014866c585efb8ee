//! GitHub's names as an agenda holds them: a person's handle (`github = "ada-m"`) and the
//! series' repository (`github = "owner/repo"` in `[meeting]`). Checked here, where the
//! agenda is read, so that every later reader (the minutes, `gavel github`) can trust them.

/// The longest handle GitHub allows.
const HANDLE_MAX: usize = 39;

/// A GitHub handle, with or without its `@`: letters, digits and single hyphens, not at
/// either end, at most 39 characters. Returns it without the `@`.
pub fn handle(text: &str) -> Result<String, String> {
    let h = text.trim();
    let h = h.strip_prefix('@').unwrap_or(h);
    if is_handle(h) {
        Ok(h.to_string())
    } else {
        Err(format!(
            "`{}` is not a GitHub handle: letters, digits and single hyphens (not first or last), at most {HANDLE_MAX} characters, e.g. github = \"ada-m\"",
            crate::text::clean_line(text)
        ))
    }
}

/// Whether `h` (no `@`) is a handle as GitHub allows them.
pub fn is_handle(h: &str) -> bool {
    !h.is_empty()
        && h.len() <= HANDLE_MAX
        && h.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !h.starts_with('-')
        && !h.ends_with('-')
        && !h.contains("--")
}

/// A repository's name part (owner or repository): what GitHub allows in a path segment.
fn is_repo_part(p: &str) -> bool {
    !p.is_empty()
        && p.len() <= 100
        && p != "."
        && p != ".."
        && p.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// A repository on GitHub: its web host (`github.com`, or an Enterprise host) and its
/// owner and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repository {
    /// The web address of the host, no trailing slash: `https://github.com`.
    pub web: String,
    pub owner: String,
    pub name: String,
}

impl Repository {
    /// Reads `owner/repo`, or a repository's web address (`https://HOST/owner/repo`, as on
    /// an Enterprise host; `.git` and a trailing slash are dropped).
    pub fn parse(text: &str) -> Result<Repository, String> {
        let t = text.trim();
        let bad = || {
            format!(
                "`{}` is not a GitHub repository: write it as owner/repo (e.g. \"example-org/meetings\") or as its address (https://HOST/owner/repo)",
                crate::text::clean_line(text)
            )
        };
        let (web, path) = match t.split_once("://") {
            Some((scheme, rest)) if scheme == "https" || scheme == "http" => {
                let (host, path) = rest.split_once('/').ok_or_else(bad)?;
                if host.is_empty() || host.contains(['@', '?', '#', ' ']) {
                    return Err(bad());
                }
                (format!("{scheme}://{host}"), path)
            }
            Some(_) => return Err(bad()),
            None => ("https://github.com".to_string(), t),
        };
        let path = path.trim_end_matches('/');
        let path = path.strip_suffix(".git").unwrap_or(path);
        let (owner, name) = path.split_once('/').ok_or_else(bad)?;
        if !is_handle(owner) && !is_repo_part(owner) || !is_repo_part(name) {
            return Err(bad());
        }
        Ok(Repository {
            web,
            owner: owner.to_string(),
            name: name.to_string(),
        })
    }

    /// `owner/repo`.
    pub fn slug(&self) -> String {
        format!("{}/{}", self.owner, self.name)
    }

    /// The web address of issue or pull request `number` (GitHub sends an issue's address
    /// on to the pull request when it is one).
    pub fn issue_url(&self, number: u64) -> String {
        format!("{}/{}/{}/issues/{number}", self.web, self.owner, self.name)
    }

    /// The REST API's root for this host: `https://api.github.com`, or an Enterprise
    /// host's `https://HOST/api/v3`.
    pub fn default_api(&self) -> String {
        if self.web == "https://github.com" {
            "https://api.github.com".into()
        } else {
            format!("{}/api/v3", self.web)
        }
    }
}

/// The agenda's `github` key: checked as a [`Repository`], kept as written (trimmed).
pub fn repository(text: &str) -> Result<String, String> {
    Repository::parse(text).map(|_| text.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_as_github_allows_them() {
        assert_eq!(handle("@ada-m").unwrap(), "ada-m");
        assert_eq!(handle(" ben42 ").unwrap(), "ben42");
        for bad in [
            "",
            "@",
            "-ada",
            "ada-",
            "a--b",
            "ada m",
            "ada_m",
            &"a".repeat(40),
        ] {
            assert!(handle(bad).is_err(), "{bad:?} taken as a handle");
        }
    }

    #[test]
    fn repositories_by_name_or_address() {
        let r = Repository::parse("example-org/meetings").unwrap();
        assert_eq!(r.web, "https://github.com");
        assert_eq!(r.slug(), "example-org/meetings");
        assert_eq!(r.default_api(), "https://api.github.com");
        assert_eq!(
            r.issue_url(12),
            "https://github.com/example-org/meetings/issues/12"
        );
        let e = Repository::parse("https://git.example.com/team/notes.git/").unwrap();
        assert_eq!(e.web, "https://git.example.com");
        assert_eq!(e.slug(), "team/notes");
        assert_eq!(e.default_api(), "https://git.example.com/api/v3");
        for bad in [
            "meetings",
            "a/b/c",
            "ftp://x/a/b",
            "/b",
            "a/",
            "a/..",
            "a/b c",
        ] {
            assert!(Repository::parse(bad).is_err(), "{bad:?} taken");
        }
    }
}
