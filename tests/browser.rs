//! The attendee page and the projector (issue 18) in a real browser: Debian's headless
//! Chromium driven through chromedriver (WebDriver, fantoccini), against `gavel serve` on
//! 127.0.0.1, with the chair at a `gavel join` screen in a PTY.
//!
//! `.ci/run` installs `chromium` and `chromium-driver` when they are missing. Outside CI a
//! machine without them skips these tests with a message saying so; in CI a missing browser
//! fails them. Screenshots go to target/screenshots/.

use crate::common;

use common::Screen;
use fantoccini::{Client, ClientBuilder, Locator};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A name that would run script if the page ever put text in as HTML.
const HOSTILE: &str = "<img src=x onerror=\"window.pwned=1\">Eve Mallory";

fn browser_available() -> bool {
    let found =
        Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have chromium and chromium-driver (.ci/run installs them)"
        );
        common::skipped(
            "needs Debian's chromium and chromium-driver \
             (`apt-get install -y chromium chromium-driver`, as .ci/run does)",
        );
    }
    found
}

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        // The whole process group: chromedriver and the browsers it started, even when a
        // failing test never closed its session.
        // SAFETY: signalling the group of our own child (made its leader at spawn).
        unsafe { libc::kill(-(self.0.id() as i32), libc::SIGKILL) };
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The example agenda with a hostile name on its roster.
fn meeting_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("agendas/steering-committee.toml");
    let mut text = std::fs::read_to_string(source).unwrap();
    let people = text.find("[[people]]").expect("a roster");
    let hostile = format!(
        "[[people]]\nname = {}\naffiliation = \"<b>Evil</b> & Co\"\n\n",
        toml_quote(HOSTILE)
    );
    text.insert_str(people, &hostile);
    std::fs::write(dir.path().join("a.toml"), text).unwrap();
    dir
}

fn toml_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn serve(dir: &Path) -> (Killed, Vec<(String, String)>) {
    let (child, links) = common::serve(dir, &["--listen", "127.0.0.1:0"]);
    (Killed(child), links)
}

fn link(links: &[(String, String)], role: &str) -> String {
    links.iter().find(|(r, _)| r == role).unwrap().1.clone()
}

async fn browser(port: u16) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run"],
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let deadline = Instant::now() + common::TIMEOUT;
    loop {
        match ClientBuilder::new(connector.clone())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => return c,
            Err(e) => assert!(Instant::now() < deadline, "chromedriver: {e}"),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The text of the first element matching `css` ("" when there is none).
async fn text(c: &Client, css: &str) -> String {
    match c.find(Locator::Css(css)).await {
        Ok(e) => e.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Polls until `css`'s text satisfies `ok`; panics with what it was.
async fn wait_text(c: &Client, css: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + common::TIMEOUT;
    loop {
        let t = text(c, css).await;
        if ok(&t) {
            return t;
        }
        assert!(Instant::now() < deadline, "{what}: {css} says {t:?}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn shot(c: &Client, w: u32, h: u32, name: &str) {
    c.set_window_size(w, h).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let png = c.screenshot().await.unwrap();
    std::fs::write(screenshots().join(name), png).unwrap();
}

#[test]
fn an_attendee_checks_in_raises_a_hand_and_follows_the_chair() {
    if !browser_available() {
        return;
    }
    let dir = meeting_dir();
    let (_host, links) = serve(dir.path());
    let port = free_port();
    let _driver = Killed(
        Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let chair_data = dir.path().join("chair");
    std::fs::create_dir_all(&chair_data).unwrap();
    let chair = Screen::spawn(
        &["join", &link(&links, "chair"), "--name", "Cora Chair"],
        &chair_data,
        40,
        // Wide enough for the roster's "[x] Ingrid Solberg … self, /confirm HH:MM" uncut.
        180,
    );
    chair.wait_for("chair · online");
    let attendee = link(&links, "attendee");
    let viewer = link(&links, "viewer");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let c = browser(port).await;
        c.set_window_size(390, 844).await.unwrap();
        c.goto(&attendee).await.unwrap();
        wait_text(&c, "#name-list", "the roster", |t| t.contains("Ingrid Solberg")).await;

        // Hostile text is text: the option reads exactly the name, and nothing ran.
        let checked: serde_json::Value = c
            .execute(
                "const names = [...document.querySelectorAll('#name-list option')].map(o => o.textContent);\
                 return [names, document.querySelectorAll('#name-list img, #name-list b').length, window.pwned === undefined];",
                vec![],
            )
            .await
            .unwrap();
        assert!(
            checked[0].as_array().unwrap().iter().any(|n| n == HOSTILE),
            "the hostile name is not shown as text: {checked}"
        );
        assert_eq!(checked[1], 0, "markup from a name reached the DOM: {checked}");
        assert_eq!(checked[2], true, "a name ran script");

        // Check in as Ingrid.
        for option in c.find_all(Locator::Css("#name-list option")).await.unwrap() {
            if option.text().await.unwrap() == "Ingrid Solberg" {
                option.click().await.unwrap();
            }
        }
        c.find(Locator::Css("#checkin-button"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_text(&c, "#me", "the check-in", |t| t.contains("Ingrid Solberg")).await;
        chair.wait_until("Ingrid checked in on the chair's roster", |s| {
            s.lines().any(|l| l.contains("[x] Ingrid Solberg") && l.contains("self"))
        });

        // The chair starts; the attendee raises a hand with a kind and a topic.
        chair.line("/start");
        wait_text(&c, "#current-title", "the first item", |t| t.contains("Streaming")).await;
        c.find(Locator::Css("#hand-kind option[value='clarify']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        c.find(Locator::Css("#hand-topic"))
            .await
            .unwrap()
            .send_keys("which repository?")
            .await
            .unwrap();
        c.find(Locator::Css("#hand-button"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_text(&c, "#place", "a place in the queue", |t| t.contains('1')).await;
        chair.wait_for("1. Ingrid Solberg");

        // The chair moves on: the page follows.
        chair.line("/next");
        wait_text(&c, "#current-title", "the second item", |t| t.contains("Security")).await;

        // Issue 28: the chair confirms the check-in and opens a recorded vote to the room;
        // the page shows the motion and votes, and may change its vote until it closes.
        chair.line("/confirm");
        chair.line("/motion Publish the advisory on the agreed date");
        chair.line("/rollvote room");
        wait_text(&c, "#vote-motion", "the motion to vote on", |t| {
            t.contains("Publish the advisory")
        })
        .await;
        for (choice, shown) in [("no", "Your vote: no"), ("yes", "Your vote: yes")] {
            c.find(Locator::Css(&format!("#vote-{choice}")))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            wait_text(&c, "#vote-mine", "the vote recorded", |t| t.contains(shown)).await;
        }
        chair.wait_for("1 yes, 0 no, 0 abstain");
        shot(&c, 390, 844, "attendee-vote-390x844.png").await;
        chair.line("/closevote");
        let deadline = Instant::now() + common::TIMEOUT;
        loop {
            let hidden: serde_json::Value = c
                .execute("return document.querySelector('#vote-box').hidden;", vec![])
                .await
                .unwrap();
            if hidden == true {
                break;
            }
            assert!(Instant::now() < deadline, "the vote box stays after the vote closed");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        shot(&c, 390, 844, "attendee-390x844.png").await;
        shot(&c, 1920, 1080, "attendee-1920x1080.png").await;

        // The projector: the viewer's link in a browser.
        c.goto(&viewer).await.unwrap();
        wait_text(&c, "#projector #current-title", "the projector's item", |t| {
            t.contains("Security")
        })
        .await;
        let qr: serde_json::Value = c
            .execute(
                "const q = document.querySelector('#qr'); return q && q.complete && q.naturalWidth;",
                vec![],
            )
            .await
            .unwrap();
        assert!(qr.as_u64().unwrap_or(0) > 0, "the QR code did not load: {qr}");
        shot(&c, 1920, 1080, "projector-1920x1080.png").await;
        c.close().await.unwrap();
    });
    chair.line("/end");
    let minutes = dir.path().join("a.minutes.json");
    let deadline = Instant::now() + common::TIMEOUT;
    while !minutes.exists() {
        assert!(Instant::now() < deadline, "no minutes");
        std::thread::sleep(Duration::from_millis(20));
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&minutes).unwrap()).unwrap();
    let present = json["attendance"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Ingrid Solberg")
        .unwrap()
        .clone();
    assert_eq!(present["status"], "present", "{present}");
    let decision = &json["decisions"][0];
    assert_eq!(decision["decided_by"], "recorded vote", "{decision}");
    assert_eq!(
        decision["ballots"],
        serde_json::json!([{"name": "Ingrid Solberg", "vote": "yes"}]),
        "one ballot, the last one: {decision}"
    );
    let queued = json["items"][0].to_string();
    assert!(
        queued.contains("Ingrid Solberg") && queued.contains("which repository?"),
        "the queue entry is not in the minutes: {queued}"
    );
}

/// chromedriver and a browser session on a free port; the driver dies with the guard.
async fn driven() -> (Killed, Client) {
    let port = free_port();
    let driver = Killed(
        Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    (driver, browser(port).await)
}

/// The text of the page's status line (read as text even when it is not drawn).
async fn status_text(c: &Client) -> String {
    c.execute(
        "return document.getElementById('status').textContent;",
        vec![],
    )
    .await
    .unwrap()
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// Issue 25 (live tour): the attendee page kept "You have the floor" in its status after the
/// floor and the item had moved on. The status follows the view.
#[test]
fn the_attendee_status_forgets_the_floor_once_it_moves_on() {
    if !browser_available() {
        return;
    }
    let dir = meeting_dir();
    let (_host, links) = serve(dir.path());
    let chair_data = dir.path().join("chair");
    std::fs::create_dir_all(&chair_data).unwrap();
    let chair = Screen::spawn(
        &["join", &link(&links, "chair"), "--name", "Cora Chair"],
        &chair_data,
        40,
        140,
    );
    chair.wait_for("chair · online");
    chair.line("/start");
    let attendee = link(&links, "attendee");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (_driver, c) = driven().await;
        c.set_window_size(390, 844).await.unwrap();
        c.goto(&attendee).await.unwrap();
        wait_text(&c, "#name-list", "the roster", |t| {
            t.contains("Ingrid Solberg")
        })
        .await;
        for option in c.find_all(Locator::Css("#name-list option")).await.unwrap() {
            if option.text().await.unwrap() == "Ingrid Solberg" {
                option.click().await.unwrap();
            }
        }
        c.find(Locator::Css("#checkin-button"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_text(&c, "#me", "the check-in", |t| t.contains("Ingrid Solberg")).await;
        c.find(Locator::Css("#hand-button"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_text(&c, "#place", "a place in the queue", |t| t.contains('1')).await;
        chair.wait_for("1. Ingrid Solberg");
        chair.line("/speak");
        wait_text(&c, "#place", "the floor", |t| {
            t.contains("You have the floor")
        })
        .await;
        assert_eq!(status_text(&c).await, "You have the floor");
        // The chair moves on: the floor ends with the item.
        chair.line("/next");
        wait_text(&c, "#current-title", "the second item", |t| {
            t.contains("Security")
        })
        .await;
        wait_text(&c, "#place", "the floor gone", |t| t.is_empty()).await;
        let status = status_text(&c).await;
        assert!(
            !status.contains("floor"),
            "the status still says {status:?} after the floor moved on"
        );
        c.close().await.unwrap();
    });
}

/// A Chrome DevTools command, through chromedriver's `goog/cdp/execute`.
#[derive(Debug)]
struct Cdp(&'static str, serde_json::Value);

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.0, "params": self.1 });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Issue 25 (live tour): 1 of 4 projector screenshots had an empty QR box, drawn before the
/// image loaded. The image is shown only once it has loaded: with its request held back (the
/// browser blocks it), the projector shows no QR box at all, and the link is still there.
#[test]
fn the_projector_never_shows_an_empty_qr_box() {
    if !browser_available() {
        return;
    }
    let dir = meeting_dir();
    let (_host, links) = serve(dir.path());
    let viewer = link(&links, "viewer");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (_driver, c) = driven().await;
        c.set_window_size(1920, 1080).await.unwrap();
        c.issue_cmd(Cdp("Network.enable", serde_json::json!({})))
            .await
            .unwrap();
        c.issue_cmd(Cdp(
            "Network.setBlockedURLs",
            serde_json::json!({ "urls": ["*/qr/*"] }),
        ))
        .await
        .unwrap();
        c.goto(&viewer).await.unwrap();
        wait_text(&c, "#projector #join-link", "the attendee link", |t| {
            t.contains("/join/")
        })
        .await;
        let qr: serde_json::Value = c
            .execute(
                "const q = document.querySelector('#qr'); \
                 return [q.getAttribute('src') || '', q.hidden, q.offsetWidth];",
                vec![],
            )
            .await
            .unwrap();
        assert!(
            qr[0].as_str().unwrap_or_default().contains("/qr/"),
            "the page asked for the QR code: {qr}"
        );
        assert_eq!(qr[1], true, "an image that never loaded is shown: {qr}");
        assert_eq!(qr[2], 0, "an empty QR box takes room: {qr}");

        // Let the image through: once it loads, it is shown.
        c.issue_cmd(Cdp(
            "Network.setBlockedURLs",
            serde_json::json!({ "urls": [] }),
        ))
        .await
        .unwrap();
        c.refresh().await.unwrap();
        let deadline = Instant::now() + common::TIMEOUT;
        loop {
            let shown: serde_json::Value = c
                .execute(
                    "const q = document.querySelector('#qr'); \
                     return !q.hidden && q.complete && q.naturalWidth > 0;",
                    vec![],
                )
                .await
                .unwrap();
            if shown == true {
                break;
            }
            assert!(Instant::now() < deadline, "the QR code is never shown");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        c.close().await.unwrap();
    });
}
