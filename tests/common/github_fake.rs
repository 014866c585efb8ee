//! A GitHub REST API on 127.0.0.1 for tests/github.rs, following GitHub's documentation for
//! the endpoints gavel uses: the repository, git refs, the contents API, pull requests,
//! issues and their comments. It keeps state (so a second publish can be checked to create
//! nothing), pages listings through `Link` headers, answers 401/403/404/409/422 as GitHub
//! does, sends `x-ratelimit-*` on every answer and, when told, a primary or secondary rate
//! limit. It refuses a request without GitHub's `Accept` and `X-GitHub-Api-Version` headers,
//! and a body with a field the endpoint does not take, and records each such refusal.

#![allow(dead_code)]

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::{json, Value};
use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};

pub const TOKEN: &str = "ghp_fakeTokenForTests0123456789";
/// A token GitHub no longer takes.
pub const EXPIRED: &str = "ghp_expiredTokenForTests000000";
/// A token without the `repo` scope: reads work, writes are refused with 403.
pub const NO_SCOPE: &str = "ghp_noScopeTokenForTests000000";

/// A rate limit to answer the next request with.
#[derive(Debug, Clone, Copy)]
pub enum Limit {
    /// `x-ratelimit-remaining: 0` and a reset time.
    Primary,
    /// `retry-after` and the secondary limit's message.
    Secondary,
}

#[derive(Debug, Clone)]
pub struct Issue {
    pub number: u64,
    pub title: String,
    pub body: String,
    pub labels: Vec<String>,
    pub assignees: Vec<String>,
    pub state: String,
    pub state_reason: Option<String>,
    pub author: String,
    pub comments: Vec<String>,
    /// Set for a pull request: (head, base).
    pub pull: Option<(String, String)>,
}

#[derive(Debug, Default)]
pub struct State {
    pub base: String,
    pub owner: String,
    pub repo: String,
    pub default_branch: String,
    /// Branch → commit.
    pub refs: BTreeMap<String, String>,
    /// (branch, path) → content.
    pub files: BTreeMap<(String, String), Vec<u8>>,
    pub issues: Vec<Issue>,
    /// Every request: (method, path and query, status).
    pub log: Vec<(String, String, u16)>,
    /// Requests refused for breaking the documented shape.
    pub violations: Vec<String>,
    pub limits: VecDeque<Limit>,
    /// Answer 502 to the request after this many more issue creations.
    pub fail_issue_after: Option<usize>,
    /// The largest page a listing gives.
    pub max_page: usize,
    /// Handles that may be assigned.
    pub assignable: Vec<String>,
    commits: u64,
}

impl State {
    pub fn pulls(&self) -> Vec<&Issue> {
        self.issues.iter().filter(|i| i.pull.is_some()).collect()
    }
    pub fn plain_issues(&self) -> Vec<&Issue> {
        self.issues.iter().filter(|i| i.pull.is_none()).collect()
    }
    /// Requests that changed something (or tried to).
    pub fn writes(&self) -> usize {
        self.log.iter().filter(|(m, _, _)| m != "GET").count()
    }
}

pub struct Fake {
    pub url: String,
    pub state: Arc<Mutex<State>>,
}

impl Fake {
    /// A repository `owner/repo` with a default branch `main` holding one commit.
    pub fn start(owner: &str, repo: &str) -> Fake {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("nonblocking");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let mut refs = BTreeMap::new();
        refs.insert("main".to_string(), "c0".to_string());
        let state = Arc::new(Mutex::new(State {
            base: url.clone(),
            owner: owner.into(),
            repo: repo.into(),
            default_branch: "main".into(),
            refs,
            max_page: 100,
            ..State::default()
        }));
        let shared = state.clone();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                let app = axum::Router::new().fallback(
                    move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                        let state = shared.clone();
                        async move { handle(&state, method, uri, headers, body) }
                    },
                );
                let _ = axum::serve(listener, app).await;
            });
        });
        Fake { url, state }
    }

    pub fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut self.state.lock().expect("fake state"))
    }

    /// An open issue (or pull request) made by `author`, as a test's starting point.
    pub fn add_issue(
        &self,
        title: &str,
        body: &str,
        labels: &[&str],
        author: &str,
        pull: bool,
    ) -> u64 {
        self.with(|s| {
            let number = s.issues.len() as u64 + 1;
            s.issues.push(Issue {
                number,
                title: title.into(),
                body: body.into(),
                labels: labels.iter().map(|l| l.to_string()).collect(),
                assignees: vec![],
                state: "open".into(),
                state_reason: None,
                author: author.into(),
                comments: vec![],
                pull: pull.then(|| ("topic".to_string(), "main".to_string())),
            });
            number
        })
    }
}

fn reply(status: u16, body: Value) -> Response {
    let mut r = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        body.to_string(),
    )
        .into_response();
    let h = r.headers_mut();
    h.insert(
        "content-type",
        "application/json; charset=utf-8".parse().unwrap(),
    );
    h.insert("x-ratelimit-limit", "5000".parse().unwrap());
    h.insert("x-ratelimit-remaining", "4999".parse().unwrap());
    h.insert("x-ratelimit-used", "1".parse().unwrap());
    h.insert("x-ratelimit-resource", "core".parse().unwrap());
    r
}

fn message(status: u16, text: &str) -> Response {
    reply(
        status,
        json!({"message": text, "documentation_url": "https://docs.github.com/rest"}),
    )
}

fn validation(errors: Value) -> Response {
    reply(
        422,
        json!({"message": "Validation Failed", "errors": errors, "documentation_url": "https://docs.github.com/rest"}),
    )
}

fn handle(
    state: &Mutex<State>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut s = state.lock().expect("fake state");
    let target = uri
        .path_and_query()
        .map(|p| p.to_string())
        .unwrap_or_default();
    let response = answer(&mut s, &method, &uri, &headers, &body);
    s.log
        .push((method.to_string(), target, response.status().as_u16()));
    response
}

fn answer(
    s: &mut State,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &Bytes,
) -> Response {
    let header = |k: &str| headers.get(k).and_then(|v| v.to_str().ok()).unwrap_or("");
    if header("accept") != "application/vnd.github+json"
        || header("x-github-api-version") != "2022-11-28"
    {
        s.violations.push(format!(
            "{method} {uri}: Accept or X-GitHub-Api-Version missing"
        ));
        return message(
            400,
            "Missing the headers GitHub's REST documentation asks for",
        );
    }
    if header("user-agent").is_empty() {
        s.violations.push(format!("{method} {uri}: no User-Agent"));
        return message(403, "Request forbidden by administrative rules. Please make sure your request has a User-Agent header");
    }
    if let Some(limit) = s.limits.pop_front() {
        let mut r = match limit {
            Limit::Primary => message(403, "API rate limit exceeded for user ID 1."),
            Limit::Secondary => message(403, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."),
        };
        let h = r.headers_mut();
        match limit {
            Limit::Primary => {
                let reset = chrono::Utc::now().timestamp() + 2;
                h.insert("x-ratelimit-remaining", "0".parse().unwrap());
                h.insert("x-ratelimit-reset", reset.to_string().parse().unwrap());
            }
            Limit::Secondary => {
                h.insert("retry-after", "30".parse().unwrap());
            }
        }
        return r;
    }
    let token = header("authorization")
        .strip_prefix("Bearer ")
        .unwrap_or("");
    if token == EXPIRED || (token != TOKEN && token != NO_SCOPE) {
        return message(401, "Bad credentials");
    }
    if token == NO_SCOPE && method != Method::GET {
        let mut r = message(403, "Resource not accessible by personal access token");
        r.headers_mut()
            .insert("x-accepted-oauth-scopes", "repo".parse().unwrap());
        r.headers_mut()
            .insert("x-oauth-scopes", "read:org".parse().unwrap());
        return r;
    }
    let path = uri.path().to_string();
    let query: BTreeMap<String, String> = uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), decode(v)))
        .collect();
    let prefix = format!("/repos/{}/{}", s.owner, s.repo);
    let Some(rest) = path.strip_prefix(&prefix) else {
        return message(404, "Not Found");
    };
    let rest = rest.to_string();
    let json_body: Value = if body.is_empty() {
        Value::Null
    } else {
        match serde_json::from_slice(body) {
            Ok(v) => v,
            Err(_) => return message(400, "Problems parsing JSON"),
        }
    };
    route(s, method, &rest, &query, &json_body)
}

fn decode(v: &str) -> String {
    let bytes = v.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&v[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Refuses a body with a field the endpoint does not document, or without a required one.
fn shape(
    s: &mut State,
    what: &str,
    body: &Value,
    required: &[&str],
    allowed: &[&str],
) -> Option<Response> {
    let Some(obj) = body.as_object() else {
        s.violations.push(format!("{what}: body is not an object"));
        return Some(message(400, "Problems parsing JSON"));
    };
    for r in required {
        if !obj.contains_key(*r) {
            s.violations.push(format!("{what}: missing {r}"));
            return Some(validation(
                json!([{"resource": what, "field": r, "code": "missing_field"}]),
            ));
        }
    }
    for k in obj.keys() {
        if !required.contains(&k.as_str()) && !allowed.contains(&k.as_str()) {
            s.violations.push(format!("{what}: unknown field {k}"));
            return Some(validation(
                json!([{"resource": what, "field": k, "code": "invalid"}]),
            ));
        }
    }
    None
}

fn route(
    s: &mut State,
    method: &Method,
    rest: &str,
    q: &BTreeMap<String, String>,
    body: &Value,
) -> Response {
    let segs: Vec<&str> = rest.trim_start_matches('/').split('/').collect();
    match (method.as_str(), segs.as_slice()) {
        ("GET", [""]) => reply(
            200,
            json!({
                "full_name": format!("{}/{}", s.owner, s.repo),
                "default_branch": s.default_branch,
                "html_url": format!("https://github.com/{}/{}", s.owner, s.repo),
                "permissions": {"admin": false, "push": true, "pull": true},
            }),
        ),
        (_, ["git", ..]) => git(s, method, &segs, body),
        (_, ["contents", ..]) => contents(s, method, &segs, q, body),
        (_, ["pulls", ..]) => pulls(s, method, &segs, q, body),
        (_, ["issues", ..]) => issues(s, method, &segs, q, body),
        _ => message(404, "Not Found"),
    }
}

fn git(s: &mut State, method: &Method, segs: &[&str], body: &Value) -> Response {
    match (method.as_str(), segs) {
        ("GET", ["git", "ref", "heads", branch @ ..]) => {
            let b = branch.join("/");
            match s.refs.get(&b) {
                Some(sha) => reply(
                    200,
                    json!({"ref": format!("refs/heads/{b}"), "object": {"sha": sha, "type": "commit"}}),
                ),
                None => message(404, "Not Found"),
            }
        }
        ("POST", ["git", "refs"]) => {
            if let Some(r) = shape(s, "Reference", body, &["ref", "sha"], &[]) {
                return r;
            }
            let name = body["ref"].as_str().unwrap_or("");
            let Some(b) = name.strip_prefix("refs/heads/") else {
                return validation(
                    json!([{"resource": "Reference", "field": "ref", "code": "invalid"}]),
                );
            };
            if s.refs.contains_key(b) {
                return message(422, "Reference already exists");
            }
            let sha = body["sha"].as_str().unwrap_or("").to_string();
            if !s.refs.values().any(|v| *v == sha) {
                return message(422, "Object does not exist");
            }
            let from = s
                .refs
                .iter()
                .find(|(_, v)| **v == sha)
                .map(|(k, _)| k.clone())
                .unwrap_or_default();
            let copied: Vec<(String, Vec<u8>)> = s
                .files
                .iter()
                .filter(|((br, _), _)| *br == from)
                .map(|((_, p), c)| (p.clone(), c.clone()))
                .collect();
            for (p, c) in copied {
                s.files.insert((b.to_string(), p), c);
            }
            s.refs.insert(b.to_string(), sha.clone());
            reply(
                201,
                json!({"ref": name, "object": {"sha": sha, "type": "commit"}}),
            )
        }
        ("DELETE", ["git", "refs", "heads", branch @ ..]) => {
            let b = branch.join("/");
            match s.refs.remove(&b) {
                Some(_) => {
                    s.files.retain(|(br, _), _| *br != b);
                    reply(204, Value::Null)
                }
                None => message(422, "Reference does not exist"),
            }
        }
        _ => message(404, "Not Found"),
    }
}

fn contents(
    s: &mut State,
    method: &Method,
    segs: &[&str],
    q: &BTreeMap<String, String>,
    body: &Value,
) -> Response {
    match (method.as_str(), segs) {
        ("GET", ["contents", path @ ..]) => {
            let branch = q
                .get("ref")
                .cloned()
                .unwrap_or_else(|| s.default_branch.clone());
            let p = path.join("/");
            if !s.refs.contains_key(&branch) {
                return message(404, &format!("No commit found for the ref {branch}"));
            }
            match s.files.get(&(branch.clone(), p.clone())) {
                Some(c) => {
                    // GitHub wraps the base64 at 60 characters.
                    let b64 = base64::engine::general_purpose::STANDARD.encode(c);
                    let wrapped: Vec<String> = b64
                        .as_bytes()
                        .chunks(60)
                        .map(|ch| String::from_utf8_lossy(ch).into_owned())
                        .collect();
                    reply(
                        200,
                        json!({
                            "type": "file", "encoding": "base64", "path": p, "sha": blob_sha(c),
                            "content": wrapped.join("\n") + "\n",
                            "html_url": format!("https://github.com/{}/{}/blob/{branch}/{p}", s.owner, s.repo),
                        }),
                    )
                }
                None => message(404, "Not Found"),
            }
        }
        ("PUT", ["contents", path @ ..]) => {
            if let Some(r) = shape(
                s,
                "Content",
                body,
                &["message", "content"],
                &["branch", "sha", "committer", "author"],
            ) {
                return r;
            }
            let branch = body["branch"]
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| s.default_branch.clone());
            let p = path.join("/");
            if !s.refs.contains_key(&branch) {
                return message(404, &format!("Branch {branch} not found"));
            }
            let Ok(content) = base64::engine::general_purpose::STANDARD
                .decode(body["content"].as_str().unwrap_or(""))
            else {
                return validation(
                    json!([{"resource": "Content", "field": "content", "code": "invalid"}]),
                );
            };
            let key = (branch.clone(), p.clone());
            let existing = s.files.get(&key).map(|c| blob_sha(c));
            match (&existing, body.get("sha").and_then(Value::as_str)) {
                (Some(_), None) => {
                    return message(422, "Invalid request.\n\n\"sha\" wasn't supplied.")
                }
                (Some(e), Some(given)) if e != given => {
                    return message(409, &format!("{p} does not match {given}"))
                }
                (None, Some(_)) => {
                    return message(422, "sha supplied for a file that does not exist")
                }
                _ => {}
            }
            let status = if existing.is_some() { 200 } else { 201 };
            s.commits += 1;
            let commit = format!("c{}", s.commits);
            s.refs.insert(branch.clone(), commit.clone());
            let sha = blob_sha(&content);
            s.files.insert(key, content);
            reply(
                status,
                json!({
                    "content": {"path": p, "sha": sha, "html_url": format!("https://github.com/{}/{}/blob/{branch}/{p}", s.owner, s.repo)},
                    "commit": {"sha": commit},
                }),
            )
        }
        _ => message(404, "Not Found"),
    }
}

fn pulls(
    s: &mut State,
    method: &Method,
    segs: &[&str],
    q: &BTreeMap<String, String>,
    body: &Value,
) -> Response {
    match (method.as_str(), segs) {
        ("GET", ["pulls"]) => {
            let head = q.get("head").cloned();
            let state = q.get("state").cloned().unwrap_or_else(|| "open".into());
            let owner = s.owner.clone();
            let found: Vec<Value> = s
                .issues
                .iter()
                .filter(|i| i.pull.is_some())
                .filter(|i| state == "all" || i.state == state)
                .filter(|i| {
                    head.as_ref().is_none_or(|h| {
                        Some(h.clone()) == i.pull.as_ref().map(|(hd, _)| format!("{owner}:{hd}"))
                    })
                })
                .map(|i| pull_json(s, i))
                .collect();
            page(s, "pulls", q, found)
        }
        ("POST", ["pulls"]) => {
            if let Some(r) = shape(
                s,
                "PullRequest",
                body,
                &["head", "base"],
                &["title", "body", "draft", "maintainer_can_modify"],
            ) {
                return r;
            }
            let head = body["head"].as_str().unwrap_or("").to_string();
            let base = body["base"].as_str().unwrap_or("").to_string();
            if !s.refs.contains_key(&head) || !s.refs.contains_key(&base) {
                return validation(
                    json!([{"resource": "PullRequest", "field": "head", "code": "invalid"}]),
                );
            }
            if s.refs.get(&head) == s.refs.get(&base) {
                return validation(
                    json!([{"resource": "PullRequest", "code": "custom", "message": format!("No commits between {base} and {head}")}]),
                );
            }
            if s.issues
                .iter()
                .any(|i| i.state == "open" && i.pull.as_ref().is_some_and(|(h, _)| *h == head))
            {
                return validation(
                    json!([{"resource": "PullRequest", "code": "custom", "message": format!("A pull request already exists for {}:{head}.", s.owner)}]),
                );
            }
            let number = s.issues.len() as u64 + 1;
            s.issues.push(Issue {
                number,
                title: body["title"].as_str().unwrap_or("").into(),
                body: body["body"].as_str().unwrap_or("").into(),
                labels: vec![],
                assignees: vec![],
                state: "open".into(),
                state_reason: None,
                author: "gavel-bot".into(),
                comments: vec![],
                pull: Some((head, base)),
            });
            let made = pull_json(s, &s.issues[number as usize - 1]);
            reply(201, made)
        }
        ("PATCH", ["pulls", n]) => {
            if let Some(r) = shape(
                s,
                "PullRequest",
                body,
                &[],
                &["title", "body", "state", "base"],
            ) {
                return r;
            }
            let Some(i) = n
                .parse::<usize>()
                .ok()
                .and_then(|n| s.issues.get_mut(n.wrapping_sub(1)))
                .filter(|i| i.pull.is_some())
            else {
                return message(404, "Not Found");
            };
            if let Some(t) = body["title"].as_str() {
                i.title = t.into();
            }
            if let Some(b) = body["body"].as_str() {
                i.body = b.into();
            }
            let i = i.clone();
            reply(200, pull_json(s, &i))
        }
        _ => message(404, "Not Found"),
    }
}

fn issues(
    s: &mut State,
    method: &Method,
    segs: &[&str],
    q: &BTreeMap<String, String>,
    body: &Value,
) -> Response {
    match (method.as_str(), segs) {
        ("GET", ["issues"]) => {
            let state = q.get("state").cloned().unwrap_or_else(|| "open".into());
            let labels: Vec<String> = q
                .get("labels")
                .map(|l| l.split(',').map(str::to_string).collect())
                .unwrap_or_default();
            let found: Vec<Value> = s
                .issues
                .iter()
                .filter(|i| state == "all" || i.state == state)
                .filter(|i| labels.iter().all(|l| i.labels.contains(l)))
                .map(|i| issue_json(s, i))
                .collect();
            page(s, "issues", q, found)
        }
        ("GET", ["issues", n]) => match n
            .parse::<usize>()
            .ok()
            .and_then(|n| s.issues.get(n.wrapping_sub(1)))
        {
            Some(i) => reply(200, issue_json(s, i)),
            None => message(404, "Not Found"),
        },
        ("POST", ["issues"]) => create_issue(s, body),
        ("PATCH", ["issues", n]) => {
            if let Some(r) = shape(
                s,
                "Issue",
                body,
                &[],
                &[
                    "title",
                    "body",
                    "state",
                    "state_reason",
                    "labels",
                    "assignees",
                ],
            ) {
                return r;
            }
            if let Some(r) = body.get("state_reason").and_then(Value::as_str) {
                if !["completed", "not_planned", "reopened", "duplicate"].contains(&r) {
                    return validation(
                        json!([{"resource": "Issue", "field": "state_reason", "code": "invalid"}]),
                    );
                }
            }
            let Some(i) = n
                .parse::<usize>()
                .ok()
                .and_then(|n| s.issues.get_mut(n.wrapping_sub(1)))
            else {
                return message(404, "Not Found");
            };
            if let Some(st) = body["state"].as_str() {
                i.state = st.into();
            }
            i.state_reason = body["state_reason"].as_str().map(str::to_string);
            let i = i.clone();
            reply(200, issue_json(s, &i))
        }
        ("GET", ["issues", n, "comments"]) => match n
            .parse::<usize>()
            .ok()
            .and_then(|n| s.issues.get(n.wrapping_sub(1)))
        {
            Some(i) => {
                let found = i
                    .comments
                    .iter()
                    .enumerate()
                    .map(|(k, c)| json!({"id": k + 1, "body": c}))
                    .collect();
                page(s, &format!("issues/{n}/comments"), q, found)
            }
            None => message(404, "Not Found"),
        },
        ("POST", ["issues", n, "comments"]) => {
            if let Some(r) = shape(s, "IssueComment", body, &["body"], &[]) {
                return r;
            }
            let Some(i) = n
                .parse::<usize>()
                .ok()
                .and_then(|n| s.issues.get_mut(n.wrapping_sub(1)))
            else {
                return message(404, "Not Found");
            };
            i.comments.push(body["body"].as_str().unwrap_or("").into());
            reply(201, json!({"id": i.comments.len(), "body": body["body"]}))
        }
        _ => message(404, "Not Found"),
    }
}

/// `POST /repos/{owner}/{repo}/issues`.
fn create_issue(s: &mut State, body: &Value) -> Response {
    if let Some(r) = shape(
        s,
        "Issue",
        body,
        &["title"],
        &[
            "body",
            "labels",
            "assignees",
            "milestone",
            "assignee",
            "type",
        ],
    ) {
        return r;
    }
    if let Some(n) = s.fail_issue_after.as_mut() {
        if *n == 0 {
            return message(502, "Server Error");
        }
        *n -= 1;
    }
    let assignees: Vec<String> = body["assignees"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if let Some(bad) = assignees.iter().find(|a| !s.assignable.contains(a)) {
        return validation(
            json!([{"resource": "Issue", "field": "assignees", "code": "invalid", "value": bad}]),
        );
    }
    let number = s.issues.len() as u64 + 1;
    s.issues.push(Issue {
        number,
        title: body["title"].as_str().unwrap_or("").into(),
        body: body["body"].as_str().unwrap_or("").into(),
        labels: body["labels"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        assignees,
        state: "open".into(),
        state_reason: None,
        author: "gavel-bot".into(),
        comments: vec![],
        pull: None,
    });
    let made = issue_json(s, &s.issues[number as usize - 1]);
    reply(201, made)
}

/// Git's blob id stand-in: any stable digest of the content serves the fake.
fn blob_sha(c: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in c {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn issue_json(s: &State, i: &Issue) -> Value {
    let mut v = json!({
        "number": i.number,
        "title": i.title,
        "body": i.body,
        "state": i.state,
        "state_reason": i.state_reason,
        "labels": i.labels.iter().map(|l| json!({"name": l})).collect::<Vec<_>>(),
        "assignees": i.assignees.iter().map(|a| json!({"login": a})).collect::<Vec<_>>(),
        "user": {"login": i.author},
        "comments": i.comments.len(),
        "html_url": format!("https://github.com/{}/{}/issues/{}", s.owner, s.repo, i.number),
    });
    if i.pull.is_some() {
        v["pull_request"] =
            json!({"url": format!("{}/repos/{}/{}/pulls/{}", s.base, s.owner, s.repo, i.number)});
        v["html_url"] = json!(format!(
            "https://github.com/{}/{}/pull/{}",
            s.owner, s.repo, i.number
        ));
    }
    v
}

fn pull_json(s: &State, i: &Issue) -> Value {
    let (head, base) = i.pull.clone().unwrap_or_default();
    json!({
        "number": i.number,
        "title": i.title,
        "body": i.body,
        "state": i.state,
        "head": {"ref": head, "label": format!("{}:{head}", s.owner)},
        "base": {"ref": base},
        "user": {"login": i.author},
        "html_url": format!("https://github.com/{}/{}/pull/{}", s.owner, s.repo, i.number),
    })
}

/// One page of `items` as `per_page` and `page` ask (at most `max_page`), with a `Link`
/// header to the next and last pages.
fn page(s: &State, what: &str, q: &BTreeMap<String, String>, items: Vec<Value>) -> Response {
    let per = q
        .get("per_page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(30)
        .clamp(1, 100)
        .min(s.max_page);
    let page = q
        .get("page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let last = items.len().div_ceil(per).max(1);
    let chunk: Vec<Value> = items.into_iter().skip((page - 1) * per).take(per).collect();
    let mut r = reply(200, Value::Array(chunk));
    if page < last {
        let mut query: BTreeMap<String, String> = q.clone();
        let link = |n: usize, query: &mut BTreeMap<String, String>| {
            query.insert("page".into(), n.to_string());
            let qs: Vec<String> = query
                .iter()
                .map(|(k, v)| format!("{k}={}", v.replace(' ', "%20").replace(',', "%2C")))
                .collect();
            format!(
                "{}/repos/{}/{}/{what}?{}",
                s.base,
                s.owner,
                s.repo,
                qs.join("&")
            )
        };
        let next = link(page + 1, &mut query);
        let lastl = link(last, &mut query);
        r.headers_mut().insert(
            "link",
            format!("<{next}>; rel=\"next\", <{lastl}>; rel=\"last\"")
                .parse()
                .unwrap(),
        );
    }
    r
}
