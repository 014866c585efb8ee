//! The token: `GH_TOKEN`, else `GITHUB_TOKEN`, else what `gh auth token` prints when the
//! GitHub CLI is installed. Held in memory only: never written, never printed (its `Debug`
//! hides it).

use crate::error::Failure;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The longest `gh auth token` may take.
const GH_TIMEOUT: Duration = Duration::from_secs(10);
/// The most of `gh auth token`'s output read (a token is under 100 bytes).
const GH_MAX_OUTPUT: u64 = 4096;

/// A GitHub token.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(hidden)")
    }
}

impl Token {
    /// The `Authorization` header's value.
    pub(super) fn header(&self) -> String {
        format!("Bearer {}", self.0)
    }

    /// Where the token came from, for the plan: never the token itself.
    fn checked(text: &str) -> Option<Token> {
        let t = text.trim();
        // A token is one printable word; anything else is not sent in a header.
        (!t.is_empty() && t.len() <= 1024 && t.bytes().all(|b| b.is_ascii_graphic()))
            .then(|| Token(t.to_string()))
    }
}

/// Where a token was found, said in the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    GhToken,
    GithubToken,
    GhCli,
}

impl Source {
    pub fn describe(self) -> &'static str {
        match self {
            Source::GhToken => "GH_TOKEN",
            Source::GithubToken => "GITHUB_TOKEN",
            Source::GhCli => "`gh auth token`",
        }
    }
}

/// The token for `host` (`github.com`, or an Enterprise host for `gh --hostname`), from
/// `env` (the process environment in use) or the GitHub CLI.
pub fn token(env: impl Fn(&str) -> Option<String>, host: &str) -> Result<(Token, Source), Failure> {
    for (name, source) in [
        ("GH_TOKEN", Source::GhToken),
        ("GITHUB_TOKEN", Source::GithubToken),
    ] {
        if let Some(value) = env(name).filter(|v| !v.trim().is_empty()) {
            return Token::checked(&value).map(|t| (t, source)).ok_or_else(|| {
                Failure::Input(format!(
                    "{name} does not hold a token (it has spaces or control characters): set it to the token alone"
                ))
            });
        }
    }
    match gh_auth_token(host) {
        Some(t) => Ok((t, Source::GhCli)),
        None => Err(Failure::Input(
            "no GitHub token: set GH_TOKEN (or GITHUB_TOKEN) to a token with the `repo` scope, or install the GitHub CLI and run `gh auth login`".into(),
        )),
    }
}

/// `gh auth token [--hostname HOST]`, bounded in time and bytes; None when gh is not
/// installed, not logged in, or too slow.
fn gh_auth_token(host: &str) -> Option<Token> {
    let mut cmd = Command::new("gh");
    cmd.args(["auth", "token"]);
    if host != "github.com" {
        cmd.args(["--hostname", host]);
    }
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => break,
            Ok(Some(_)) => return None,
            Ok(None) if started.elapsed() < GH_TIMEOUT => {
                std::thread::sleep(Duration::from_millis(20))
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
    let mut out = String::new();
    child
        .stdout
        .take()?
        .take(GH_MAX_OUTPUT)
        .read_to_string(&mut out)
        .ok()?;
    Token::checked(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gh_token_then_github_token_and_never_shown() {
        let env = |k: &str| match k {
            "GH_TOKEN" => Some("ghp_first".to_string()),
            "GITHUB_TOKEN" => Some("ghp_second".to_string()),
            _ => None,
        };
        let (t, s) = token(env, "github.com").unwrap();
        assert_eq!(s, Source::GhToken);
        assert_eq!(t.header(), "Bearer ghp_first");
        assert!(!format!("{t:?}").contains("ghp_"));
        let env = |k: &str| (k == "GITHUB_TOKEN").then(|| " ghp_second\n".to_string());
        assert_eq!(token(env, "github.com").unwrap().1, Source::GithubToken);
        let env = |k: &str| (k == "GH_TOKEN").then(|| "two words".to_string());
        let e = token(env, "github.com").unwrap_err();
        assert!(!e.message().contains("two words"), "{}", e.message());
    }
}
