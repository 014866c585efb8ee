//! GitHub's REST API over ureq: the headers GitHub's documentation asks for, every response
//! bounded in bytes and time, pagination through `Link`, rate limits waited out (and said),
//! and each refusal told in words a moderator can act on.

use super::auth::Token;
use crate::error::Failure;
use crate::text::clean_line;
use serde_json::Value;
use std::time::Duration;

/// The most a response may hold. A page of 100 issues with long bodies stays well under.
pub const MAX_BODY: u64 = 8 * 1024 * 1024;
/// The longest one request may take, connecting and reading included.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Pages followed for one listing: 20 pages of 100.
pub const MAX_PAGES: usize = 20;
/// The longest rate-limit wait gavel sits through; past it, it stops and says when to rerun.
pub const MAX_WAIT: Duration = Duration::from_secs(15 * 60);
/// How many times one request is tried again after a rate limit.
const RATE_RETRIES: usize = 3;

/// An HTTP method gavel uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// A response gavel reads: its status, its JSON and its `Link: rel="next"`.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub next: Option<String>,
}

impl Reply {
    /// The response's `message` (GitHub's words for a refusal), cleaned for a terminal.
    pub fn message(&self) -> String {
        message_of(&self.body)
    }
}

/// How a rate-limit wait is spent: the real clock, or (in tests) a shorter one.
pub type Wait = Box<dyn Fn(Duration)>;

/// A connection to one GitHub API host with one token.
pub struct Client {
    agent: ureq::Agent,
    /// The API root, no trailing slash: `https://api.github.com`.
    api: String,
    token: Option<Token>,
    wait: Wait,
    /// Requests sent so far (tried again after a rate limit: counted again).
    pub requests: usize,
}

impl Client {
    /// A client for `api` (checked: http or https, no query). `wait` spends a rate-limit
    /// wait.
    pub fn new(api: &str, token: Option<Token>, wait: Wait) -> Result<Client, Failure> {
        let api = api.trim().trim_end_matches('/').to_string();
        let ok = (api.starts_with("https://") || api.starts_with("http://"))
            && !api.contains(['?', '#', ' '])
            && api.split("://").nth(1).is_some_and(|h| !h.is_empty());
        if !ok {
            return Err(Failure::Input(format!(
                "--api-url `{}` is not an API address: give https://HOST/api/v3 for GitHub Enterprise, or http://127.0.0.1:PORT for a local server",
                clean_line(&api)
            )));
        }
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(REQUEST_TIMEOUT))
            .max_redirects(3)
            .user_agent(concat!("gavel/", env!("CARGO_PKG_VERSION")))
            .build();
        Ok(Client {
            agent: config.into(),
            api,
            token,
            wait,
            requests: 0,
        })
    }

    /// The API root.
    pub fn api(&self) -> &str {
        &self.api
    }

    /// Sends one request to `path` (from the API root, or a whole URL on the same host for a
    /// next page). A status in `expected` or any 2xx is returned; a rate limit is waited
    /// out and the request tried again; any other status is a [`Failure`] saying what to do.
    pub fn send(
        &mut self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        expected: &[u16],
    ) -> Result<Reply, Failure> {
        let url = self.url(path)?;
        let mut tries = 0;
        loop {
            let (status, headers, value) = self.once(method, &url, body)?;
            if let Some(wait) = rate_limited(status, &headers, &value) {
                tries += 1;
                if tries > RATE_RETRIES || wait > MAX_WAIT {
                    return Err(Failure::Runtime(format!(
                        "GitHub's rate limit is reached (it asks for {} s more): run the command again later; what is done is kept, and the next run completes the rest",
                        wait.as_secs()
                    )));
                }
                let until = chrono::Utc::now()
                    + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::zero());
                eprintln!(
                    "gavel: GitHub's rate limit is reached: waiting {} s (until {} UTC) as GitHub asks, then trying again",
                    wait.as_secs(),
                    until.format("%H:%M:%S")
                );
                (self.wait)(wait);
                continue;
            }
            let next = headers
                .link_next
                .clone()
                .filter(|n| n.starts_with(&self.api));
            let reply = Reply {
                status,
                body: value,
                next,
            };
            if (200..300).contains(&status) || expected.contains(&status) {
                return Ok(reply);
            }
            return Err(refusal(method, path, &reply, &headers));
        }
    }

    /// Every item of a listing, following `Link: rel="next"` (at most [`MAX_PAGES`]).
    pub fn list(&mut self, path: &str) -> Result<Vec<Value>, Failure> {
        let mut out = Vec::new();
        let mut page = Some(path.to_string());
        let mut pages = 0;
        while let Some(p) = page.take() {
            pages += 1;
            if pages > MAX_PAGES {
                eprintln!(
                    "gavel: {} has more than {MAX_PAGES} pages; only the first {MAX_PAGES} were read",
                    clean_line(path)
                );
                break;
            }
            let reply = self.send(Method::Get, &p, None, &[])?;
            match reply.body {
                Value::Array(items) => out.extend(items),
                _ => {
                    return Err(Failure::Runtime(format!(
                    "GitHub sent something other than a list for {}: is --api-url a GitHub API?",
                    clean_line(path)
                )))
                }
            }
            page = reply.next;
        }
        Ok(out)
    }

    fn url(&self, path: &str) -> Result<String, Failure> {
        if path.starts_with("http://") || path.starts_with("https://") {
            return if path.starts_with(&self.api) {
                Ok(path.to_string())
            } else {
                Err(Failure::Runtime(format!(
                    "GitHub pointed to {} outside {}; not followed",
                    clean_line(path),
                    self.api
                )))
            };
        }
        Ok(format!("{}{path}", self.api))
    }

    /// One request and its bounded response.
    fn once(
        &mut self,
        method: Method,
        url: &str,
        body: Option<&Value>,
    ) -> Result<(u16, Headers, Value), Failure> {
        self.requests += 1;
        let auth = self.token.as_ref().map(Token::header);
        let mut builder = ureq::http::Request::builder()
            .method(method.as_str())
            .uri(url)
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28");
        if let Some(a) = auth {
            builder = builder.header("Authorization", a);
        }
        let payload = match body {
            Some(b) => {
                builder = builder.header("Content-Type", "application/json");
                b.to_string()
            }
            None => String::new(),
        };
        let request = builder.body(payload).map_err(|e| {
            Failure::Runtime(format!("cannot make a request to {}: {e}", clean_line(url)))
        })?;
        let mut response = self
            .agent
            .run(request)
            .map_err(|e| unreachable(&self.api, &e))?;
        let status = response.status().as_u16();
        let headers = Headers::of(response.headers());
        let text = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_string()
            .map_err(|e| unreachable(&self.api, &e))?;
        let value = if text.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).map_err(|_| {
                Failure::Runtime(format!(
                    "{} answered {status} with something that is not JSON: is --api-url a GitHub API (https://api.github.com, or https://HOST/api/v3)?",
                    self.api
                ))
            })?
        };
        Ok((status, headers, value))
    }
}

fn unreachable(api: &str, e: &ureq::Error) -> Failure {
    let why = match e {
        ureq::Error::Timeout(_) => format!("no answer within {} s", REQUEST_TIMEOUT.as_secs()),
        ureq::Error::BodyExceedsLimit(_) => {
            format!("the answer is larger than {} MiB", MAX_BODY / 1024 / 1024)
        }
        other => clean_line(&other.to_string()),
    };
    Failure::Runtime(format!(
        "cannot talk to GitHub at {api}: {why}. Check the network and --api-url; what was done before is kept, and running the command again completes the rest"
    ))
}

/// The headers gavel reads from a response.
#[derive(Debug, Default, Clone)]
pub struct Headers {
    pub remaining: Option<String>,
    pub reset: Option<i64>,
    pub retry_after: Option<u64>,
    pub scopes: Option<String>,
    pub accepted_scopes: Option<String>,
    pub accepted_permissions: Option<String>,
    pub link_next: Option<String>,
}

impl Headers {
    fn of(h: &ureq::http::HeaderMap) -> Headers {
        let get = |k: &str| {
            h.get(k)
                .and_then(|v| v.to_str().ok())
                .map(|s| clean_line(s).trim().to_string())
        };
        Headers {
            remaining: get("x-ratelimit-remaining"),
            reset: get("x-ratelimit-reset").and_then(|v| v.parse().ok()),
            retry_after: get("retry-after").and_then(|v| v.parse().ok()),
            scopes: get("x-oauth-scopes"),
            accepted_scopes: get("x-accepted-oauth-scopes"),
            accepted_permissions: get("x-accepted-github-permissions"),
            link_next: get("link").and_then(|l| link_next(&l)),
        }
    }
}

/// The `rel="next"` address of a `Link` header.
pub fn link_next(link: &str) -> Option<String> {
    link.split(',').find_map(|part| {
        let (url, params) = part.split_once(';')?;
        let next = params
            .split(';')
            .any(|p| p.trim().replace(' ', "") == "rel=\"next\"");
        let url = url.trim().strip_prefix('<')?.strip_suffix('>')?;
        next.then(|| url.to_string())
    })
}

/// How long to wait when the response is a rate limit (primary: `x-ratelimit-remaining: 0`
/// until `x-ratelimit-reset`; secondary: `retry-after`, or a minute when GitHub says no
/// more), or None when it is not one.
fn rate_limited(status: u16, h: &Headers, body: &Value) -> Option<Duration> {
    if status != 403 && status != 429 {
        return None;
    }
    if let Some(s) = h.retry_after {
        return Some(Duration::from_secs(s));
    }
    if h.remaining.as_deref() == Some("0") {
        let now = chrono::Utc::now().timestamp();
        let secs = h.reset.map_or(60, |r| (r - now).max(0) + 1);
        return Some(Duration::from_secs(secs as u64));
    }
    let msg = message_of(body).to_lowercase();
    (status == 429 || msg.contains("rate limit")).then(|| Duration::from_secs(60))
}

/// GitHub's `message`, cleaned.
pub fn message_of(body: &Value) -> String {
    let m = body.get("message").and_then(Value::as_str).unwrap_or("");
    clean_line(m).chars().take(300).collect()
}

/// A 422's `errors` as one line: each error's `message`, else its field and code.
fn validation_errors(body: &Value) -> String {
    let Some(errors) = body.get("errors").and_then(Value::as_array) else {
        return String::new();
    };
    let parts: Vec<String> = errors
        .iter()
        .take(5)
        .map(|e| match e.get("message").and_then(Value::as_str) {
            Some(m) => clean_line(m),
            None => {
                let field = e.get("field").and_then(Value::as_str).unwrap_or("?");
                let code = e.get("code").and_then(Value::as_str).unwrap_or("invalid");
                format!("{} {}", clean_line(field), clean_line(code))
            }
        })
        .collect();
    parts.join("; ")
}

/// A refusal in words: what GitHub said and what to do.
fn refusal(method: Method, path: &str, reply: &Reply, h: &Headers) -> Failure {
    let said = reply.message();
    let what = format!("{} {}", method.as_str(), clean_line(path));
    let text = match reply.status {
        401 => format!(
            "GitHub refused the token ({said}): it has expired, been revoked or was mistyped. Make a new one (`gh auth login`, or a personal access token) and set GH_TOKEN"
        ),
        403 => {
            let missing = h.accepted_scopes.as_deref().filter(|s| !s.is_empty()).map(|need| {
                format!(
                    "the token lacks a scope: this needs `{need}` and the token has `{}`. Add it (`gh auth refresh -s {need}`) or make a token with it",
                    h.scopes.as_deref().unwrap_or("")
                )
            });
            let permission = h.accepted_permissions.as_deref().map(|p| {
                format!("the token lacks a permission on the repository: this needs {p}. Give the token that permission")
            });
            missing.or(permission).unwrap_or_else(|| {
                format!("GitHub forbids {what} ({said}): the token may not do this in the repository; check that it has the `repo` scope (or write access to contents, issues and pull requests)")
            })
        }
        404 => format!(
            "GitHub found nothing at {what} ({said}): the repository is wrong, or the token may not see it (a private repository needs the `repo` scope). Check --repo or the agenda's `github` key"
        ),
        410 => format!("GitHub says {what} is gone ({said}): are issues turned off in the repository?"),
        422 => format!(
            "GitHub refused {what} as invalid ({said}{}{})",
            if validation_errors(&reply.body).is_empty() { "" } else { ": " },
            validation_errors(&reply.body)
        ),
        s if s >= 500 => format!(
            "GitHub failed on {what} ({s} {said}): try again later; what was done is kept, and running the command again completes the rest"
        ),
        s => format!("GitHub answered {what} with {s} ({said})"),
    };
    Failure::Runtime(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_page_is_read_from_the_link_header() {
        let link = r#"<https://api.github.com/repositories/1/issues?page=2>; rel="next", <https://api.github.com/repositories/1/issues?page=5>; rel="last""#;
        assert_eq!(
            link_next(link).as_deref(),
            Some("https://api.github.com/repositories/1/issues?page=2")
        );
        assert_eq!(
            link_next(r#"<https://x/a?page=1>; rel="prev", <https://x/a?page=1>; rel="first""#),
            None
        );
    }

    #[test]
    fn rate_limits_primary_and_secondary() {
        let h = Headers {
            retry_after: Some(7),
            ..Headers::default()
        };
        assert_eq!(
            rate_limited(403, &h, &Value::Null),
            Some(Duration::from_secs(7))
        );
        let reset = chrono::Utc::now().timestamp() + 30;
        let h = Headers {
            remaining: Some("0".into()),
            reset: Some(reset),
            ..Headers::default()
        };
        let wait = rate_limited(429, &h, &Value::Null).unwrap().as_secs();
        assert!((29..=32).contains(&wait), "{wait}");
        let secondary = serde_json::json!({"message": "You have exceeded a secondary rate limit"});
        assert_eq!(
            rate_limited(403, &Headers::default(), &secondary),
            Some(Duration::from_secs(60))
        );
        // A plain 403 is a refusal, not a wait.
        let plain = serde_json::json!({"message": "Resource not accessible by integration"});
        assert_eq!(rate_limited(403, &Headers::default(), &plain), None);
        assert_eq!(rate_limited(404, &h, &Value::Null), None);
    }

    #[test]
    fn refusals_say_what_to_do() {
        let reply = |status, body| Reply {
            status,
            body,
            next: None,
        };
        let r = refusal(
            Method::Post,
            "/repos/o/r/issues",
            &reply(403, serde_json::json!({"message": "Forbidden"})),
            &Headers {
                accepted_scopes: Some("repo".into()),
                scopes: Some("read:org".into()),
                ..Headers::default()
            },
        );
        assert!(r.message().contains("lacks a scope"), "{}", r.message());
        let r = refusal(
            Method::Post,
            "/repos/o/r/pulls",
            &reply(
                422,
                serde_json::json!({"message": "Validation Failed", "errors": [{"resource": "PullRequest", "field": "base", "code": "invalid"}]}),
            ),
            &Headers::default(),
        );
        assert!(r.message().contains("base invalid"), "{}", r.message());
        let r = refusal(
            Method::Get,
            "/repos/o/r",
            &reply(401, Value::Null),
            &Headers::default(),
        );
        assert!(r.message().contains("expired"), "{}", r.message());
    }
}
