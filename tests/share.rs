//! The shared session (issue 17) with real processes on 127.0.0.1: `gavel serve` as the
//! host, `gavel join` screens in PTYs, and raw WebSocket clients for what a screen would
//! never send (a wrong token, a viewer's command, an oversized message, a flood).
//! Every wait has a timeout; every process is stopped at the end.

mod common;

use common::Screen;
use futures_util::{SinkExt, StreamExt};
use gavel::meeting::{Event, EventKind};
use gavel::share::protocol::{ToHost, ToParticipant, VERSION};
use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;

const AGENDA: &str = "agendas/steering-committee.toml";

/// A `gavel serve` process and the links it printed.
struct Host {
    child: Child,
    links: Vec<(String, String)>,
}

impl Host {
    fn start(dir: &Path, listen: &str) -> Host {
        Host::start_with(dir, &["--listen", listen])
    }

    fn start_with(dir: &Path, extra: &[&str]) -> Host {
        let (child, links) = common::serve(dir, extra);
        Host { child, links }
    }

    fn link(&self, role: &str) -> String {
        self.links
            .iter()
            .find(|(r, _)| r == role)
            .map(|(_, l)| l.clone())
            .expect("a link for the role")
    }

    fn socket(&self, role: &str) -> String {
        gavel::share::client::socket_url(&self.link(role)).unwrap()
    }

    fn addr(&self) -> String {
        let link = self.link("chair");
        link["http://".len()..]
            .split('/')
            .next()
            .unwrap()
            .to_string()
    }

    fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn stop(&mut self) {
        // SAFETY: signalling our own child.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        let deadline = Instant::now() + common::TIMEOUT;
        while self.child.try_wait().unwrap().is_none() {
            assert!(Instant::now() < deadline, "gavel serve did not stop");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn meeting_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join(AGENDA);
    std::fs::copy(source, dir.path().join("a.toml")).unwrap();
    dir
}

fn join(host: &Host, role: &str, name: &str, data: PathBuf) -> Screen {
    std::fs::create_dir_all(&data).unwrap();
    let screen = Screen::spawn(&["join", &host.link(role), "--name", name], &data, 40, 110);
    screen.wait_for(&format!("{role} · online"));
    screen
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn scribes_notes_reach_everyone_once_through_a_host_crash() {
    let dir = meeting_dir();
    let mut host = Host::start(dir.path(), "127.0.0.1:0");
    let addr = host.addr();
    let chair = join(&host, "chair", "Cora Chair", dir.path().join("chair"));
    let scribes: Vec<Screen> = (1..=3)
        .map(|i| {
            join(
                &host,
                "scribe",
                &format!("Scribe {i}"),
                dir.path().join(format!("s{i}")),
            )
        })
        .collect();
    chair.line("/start");
    chair.wait_for("left");
    for (i, s) in scribes.iter().enumerate() {
        s.wait_for("left");
        s.line(&format!("/note first word from scribe {}", i + 1));
    }
    for i in 1..=3 {
        chair.wait_for(&format!("first word from scribe {i}"));
    }
    // A scribe may not move the clock: the host's reason is on their screen.
    scribes[0].line("/next");
    scribes[0].wait_for("moves the meeting's clock");
    scribes[0].send("\x1b");
    scribes[0].wait_until("the refused line cleared", |s| !s.contains("› /next"));

    host.kill9();
    for (i, s) in scribes.iter().enumerate() {
        s.line(&format!("/note said while the host was down {}", i + 1));
    }
    for (i, s) in scribes.iter().enumerate() {
        s.wait_for(&format!("[pending] said while the host was down {}", i + 1));
        s.wait_for("OFFLINE");
    }
    // The host comes back on the same address: the same links work, the session resumes.
    let mut host = Host::start(dir.path(), &addr);
    for i in 1..=3 {
        chair.wait_for(&format!("said while the host was down {i}"));
    }
    for s in &scribes {
        s.wait_until("every note, none pending", |screen| {
            (1..=3).all(|i| screen.contains(&format!("said while the host was down {i}")))
                && !screen.contains("[pending]")
        });
    }
    chair.line("/end");
    let minutes = dir.path().join("a.minutes.json");
    let deadline = Instant::now() + common::TIMEOUT;
    while !minutes.exists() {
        assert!(Instant::now() < deadline, "the host wrote no minutes");
        std::thread::sleep(Duration::from_millis(20));
    }
    let json = std::fs::read_to_string(&minutes).unwrap();
    for i in 1..=3 {
        assert_eq!(
            count(&json, &format!("first word from scribe {i}")),
            1,
            "{json}"
        );
        assert_eq!(
            count(&json, &format!("said while the host was down {i}")),
            1,
            "{json}"
        );
        assert_eq!(
            count(&json, &format!("\"by\": \"Scribe {i}\"")),
            2,
            "{json}"
        );
    }
    host.stop();
}

/// A raw participant: what a screen would never send.
struct Raw {
    ws: tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
}

impl Raw {
    async fn connect(url: &str, id: &str) -> Raw {
        let (mut ws, _) = tokio_tungstenite::connect_async(url)
            .await
            .expect("connects");
        let hello = ToHost::Hello {
            v: VERSION,
            participant: id.into(),
            name: id.into(),
            session: None,
            since: 0,
            view: false,
        };
        ws.send(Message::Text(hello.to_json().into()))
            .await
            .unwrap();
        let mut raw = Raw { ws };
        assert!(matches!(
            raw.next().await,
            Some(ToParticipant::Welcome { .. })
        ));
        raw
    }

    async fn send(&mut self, message: &ToHost) {
        self.ws
            .send(Message::Text(message.to_json().into()))
            .await
            .unwrap();
    }

    /// The next message, or None when the connection closed (or 10 s passed).
    async fn next(&mut self) -> Option<ToParticipant> {
        loop {
            let m = tokio::time::timeout(Duration::from_secs(10), self.ws.next())
                .await
                .ok()??
                .ok()?;
            match m {
                Message::Text(t) => return serde_json::from_str(t.as_str()).ok(),
                Message::Close(_) => return None,
                _ => continue,
            }
        }
    }

    /// Waits for the answer about command `seq` (events in between are skipped).
    async fn answer(&mut self, seq: u64) -> Option<ToParticipant> {
        loop {
            match self.next().await? {
                m @ ToParticipant::Ack { seq: s, .. } if s == seq => return Some(m),
                m @ ToParticipant::Refused { seq: s, .. } if s == seq => return Some(m),
                _ => {}
            }
        }
    }
}

fn note(text: &str) -> Event {
    Event::new(
        chrono::Utc::now(),
        EventKind::Note {
            text: text.into(),
            private: false,
        },
    )
}

fn command(seq: u64, event: Event) -> ToHost {
    ToHost::Command { seq, event }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn the_host_refuses_what_a_link_does_not_allow() {
    let dir = meeting_dir();
    let mut host = Host::start(dir.path(), "127.0.0.1:0");
    runtime().block_on(async {
        // A wrong token: refused before any WebSocket.
        let right = host.socket("chair");
        let flipped = if right.ends_with('0') { '1' } else { '0' };
        let wrong = format!("{}{flipped}", &right[..right.len() - 1]);
        match tokio_tungstenite::connect_async(wrong.as_str()).await {
            Err(tokio_tungstenite::tungstenite::Error::Http(r)) => assert_eq!(r.status(), 401),
            other => panic!("a wrong token was let in: {:?}", other.map(|_| ())),
        }
        // A page from another site may not connect.
        let mut request = tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(
            host.socket("viewer").as_str(),
        )
        .unwrap();
        request
            .headers_mut()
            .insert("origin", "http://evil.example".parse().unwrap());
        match tokio_tungstenite::connect_async(request).await {
            Err(tokio_tungstenite::tungstenite::Error::Http(r)) => assert_eq!(r.status(), 403),
            other => panic!("another site's page was let in: {:?}", other.map(|_| ())),
        }

        let mut chair = Raw::connect(&host.socket("chair"), "chair-1").await;
        chair
            .send(&command(1, Event::new(chrono::Utc::now(), EventKind::Start)))
            .await;
        assert!(matches!(chair.answer(1).await, Some(ToParticipant::Ack { n: Some(0), .. })));

        // A viewer's command is refused, to the viewer only.
        let mut viewer = Raw::connect(&host.socket("viewer"), "viewer-1").await;
        viewer.send(&command(1, note("viewer speaks"))).await;
        assert!(matches!(viewer.answer(1).await, Some(ToParticipant::Refused { .. })));

        // A scribe's clock command is refused with the reason.
        let mut scribe = Raw::connect(&host.socket("scribe"), "scribe-1").await;
        scribe
            .send(&command(1, Event::new(chrono::Utc::now(), EventKind::End)))
            .await;
        match scribe.answer(1).await {
            Some(ToParticipant::Refused { reason, .. }) => assert!(reason.contains("/end"), "{reason}"),
            other => panic!("{other:?}"),
        }

        // Hostile text arrives cleaned; the same (participant, seq) twice is one entry.
        let hostile = "bell\u{7} \u{1b}]0;title\u{7} \u{202e}reversed";
        scribe.send(&command(2, note(hostile))).await;
        scribe.send(&command(2, note(hostile))).await;
        assert!(matches!(scribe.answer(2).await, Some(ToParticipant::Ack { n: Some(_), .. })));
        assert!(matches!(scribe.answer(2).await, Some(ToParticipant::Ack { n: None, .. })));

        // An oversized message closes that connection only.
        let mut big = Raw::connect(&host.socket("scribe"), "scribe-2").await;
        let huge = "x".repeat(400 * 1024);
        let _ = big.ws.send(Message::Text(huge.into())).await;
        let mut told = Vec::new();
        while let Some(m) = big.next().await {
            told.push(m);
        }
        assert!(
            matches!(told.as_slice(), [ToParticipant::Error { reason, .. }] if reason.contains("too long")),
            "an oversized message: {told:?}"
        );

        // A flood from one participant: the others keep their turn.
        let mut flood = Raw::connect(&host.socket("scribe"), "flooder").await;
        for seq in 1..=200u64 {
            flood.send(&command(seq, note(&format!("flood {seq}")))).await;
        }
        let sent = Instant::now();
        scribe.send(&command(3, note("an ordinary note"))).await;
        assert!(matches!(scribe.answer(3).await, Some(ToParticipant::Ack { .. })));
        let waited = sent.elapsed();
        assert!(
            waited < Duration::from_secs(2),
            "an ordinary note waited {waited:?} behind a flood"
        );
        let mut said_slow_down = false;
        while let Some(m) = flood.next().await {
            match m {
                ToParticipant::Error { reason, .. } if reason.contains("slow down") => said_slow_down = true,
                ToParticipant::Ack { seq: 200, .. } => break,
                _ => {}
            }
        }
        assert!(said_slow_down, "the flooder was not told");
    });
    host.stop();
    let journal = common::journals(dir.path());
    assert_eq!(count(&journal, "reversed"), 1, "{journal}");
    assert!(
        !journal.contains("\\u0007") && !journal.contains('\u{202e}'),
        "{journal}"
    );
    assert!(!journal.contains("viewer speaks"));
    assert_eq!(count(&journal, "\"text\":\"flood "), 200);
}

/// A host in this process, over a clerk in memory, for what needs the host's own hands
/// (revoking a link) or other limits.
fn host_in_process(
    dir: &Path,
    limits: gavel::share::server::Limits,
) -> (gavel::share::host::Host, gavel::clerk::Clerk) {
    let text = std::fs::read_to_string(dir.join("a.toml")).unwrap();
    let (agenda, _) = gavel::agenda::parse_str(&text).unwrap();
    let mut clerk = gavel::clerk::Clerk::new(
        gavel::meeting::Meeting::new(agenda),
        Box::new(gavel::recorder::MemoryRecorder::default()),
    );
    clerk.keep_log(Vec::new());
    let host = gavel::share::host::Host::start_with(
        "127.0.0.1:0",
        "s1",
        dir.join("share.json"),
        text,
        &clerk,
        limits,
        None,
    )
    .unwrap();
    (host, clerk)
}

fn link_of(host: &gavel::share::host::Host, role: gavel::share::Role) -> String {
    host.links()
        .iter()
        .find(|(r, _)| *r == role)
        .map(|(_, l)| l.clone())
        .unwrap()
}

#[test]
fn a_revoked_link_closes_its_screens_and_no_longer_opens() {
    use gavel::share::Role;
    let dir = meeting_dir();
    let (mut host, mut clerk) = host_in_process(dir.path(), Default::default());
    let old = link_of(&host, Role::Scribe);
    let data = dir.path().join("scribe");
    std::fs::create_dir_all(&data).unwrap();
    let mut screen = Screen::spawn(&["join", &old, "--name", "Sam Scribe"], &data, 30, 100);
    assert!(
        screen.try_wait(common::TIMEOUT, || {
            host.pump(&mut clerk, chrono::Utc::now());
            screen.contents().contains("scribe · online")
        }),
        "the scribe never joined; screen:\n{}",
        screen.contents()
    );
    assert_eq!(host.participants().len(), 1);
    host.revoke(Role::Scribe).unwrap();
    assert_eq!(screen.wait_exit(), 1, "a refused link exits non-zero");
    screen.wait_output_end();
    assert!(
        screen.contents().contains("revoked"),
        "{}",
        screen.contents()
    );
    let new = link_of(&host, Role::Scribe);
    assert_ne!(old, new);
    runtime().block_on(async {
        let url = gavel::share::client::socket_url(&old).unwrap();
        match tokio_tungstenite::connect_async(url.as_str()).await {
            Err(tokio_tungstenite::tungstenite::Error::Http(r)) => assert_eq!(r.status(), 401),
            other => panic!("a revoked link was let in: {:?}", other.map(|_| ())),
        }
        let url = gavel::share::client::socket_url(&new).unwrap();
        assert!(tokio_tungstenite::connect_async(url.as_str()).await.is_ok());
    });
    // The new token is what the session keeps for a restart.
    let kept = std::fs::read_to_string(dir.path().join("share.json")).unwrap();
    assert!(kept.contains(new.rsplit('/').next().unwrap()));
}

#[test]
fn a_silent_connection_is_closed_and_a_full_session_says_so() {
    use gavel::share::Role;
    let dir = meeting_dir();
    let limits = gavel::share::server::Limits {
        idle: Duration::from_millis(300),
        participants: 1,
        ..Default::default()
    };
    let (host, _clerk) = host_in_process(dir.path(), limits);
    let url = gavel::share::client::socket_url(&link_of(&host, Role::Viewer)).unwrap();
    runtime().block_on(async {
        let (_first, _) = tokio_tungstenite::connect_async(url.as_str())
            .await
            .unwrap();
        match tokio_tungstenite::connect_async(url.as_str()).await {
            Err(tokio_tungstenite::tungstenite::Error::Http(r)) => {
                assert_eq!(r.status(), 503);
                let body =
                    String::from_utf8_lossy(r.body().as_deref().unwrap_or_default()).to_string();
                assert!(body.contains("full"), "{body}");
            }
            other => panic!(
                "a second participant was let into a session of one: {:?}",
                other.map(|_| ())
            ),
        }
    });
    // The first one is gone (it said nothing): the next may come in.
    std::thread::sleep(Duration::from_millis(50));
    runtime().block_on(async {
        let (mut ws, _) = tokio_tungstenite::connect_async(url.as_str())
            .await
            .unwrap();
        let mut told = None;
        while let Ok(Some(Ok(m))) = tokio::time::timeout(Duration::from_secs(10), ws.next()).await {
            if let Message::Text(t) = m {
                told = Some(t.to_string());
            }
        }
        let told = told.expect("a reason before closing");
        assert!(told.contains("without a word"), "{told}");
    });
}

#[test]
fn a_host_behind_tls_is_joined_with_its_certificate_and_only_with_it() {
    let dir = meeting_dir();
    let key = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()]).unwrap();
    let cert = dir.path().join("cert.pem");
    std::fs::write(&cert, key.cert.pem()).unwrap();
    std::fs::write(dir.path().join("key.pem"), key.signing_key.serialize_pem()).unwrap();
    let mut host = Host::start_with(
        dir.path(),
        &[
            "--listen",
            "127.0.0.1:0",
            "--tls-cert",
            "cert.pem",
            "--tls-key",
            "key.pem",
        ],
    );
    let link = host.link("scribe");
    assert!(link.starts_with("https://127.0.0.1:"), "{link}");
    // Nothing is served in clear text.
    runtime().block_on(async {
        let plain = gavel::share::client::socket_url(&link.replacen("https", "http", 1)).unwrap();
        assert!(tokio_tungstenite::connect_async(plain.as_str())
            .await
            .is_err());
    });
    // Without the host's certificate, gavel join does not trust it, and says why.
    let stranger = dir.path().join("stranger");
    std::fs::create_dir_all(&stranger).unwrap();
    let mut refused = Screen::spawn(&["join", &link, "--name", "Eve"], &stranger, 30, 120);
    refused.wait_for("UnknownIssuer");
    refused.signal(libc::SIGINT);
    refused.wait_exit();
    // With it: online, and a note reaches the host's journal.
    let data = dir.path().join("scribe");
    std::fs::create_dir_all(&data).unwrap();
    let ca = cert.to_str().unwrap();
    let screen = Screen::spawn(
        &["join", &link, "--name", "Sam", "--ca", ca],
        &data,
        30,
        120,
    );
    screen.wait_for("scribe · online");
    screen.line("/present Ingrid");
    screen.wait_until("the attendance recorded", |s| {
        s.contains("Sent") && !s.contains("1 pending")
    });
    host.stop();
    let journal = common::journals(dir.path());
    assert!(journal.contains("Ingrid Solberg"), "{journal}");
}

#[test]
fn an_attendee_whose_page_is_gone_ten_minutes_has_left() {
    use gavel::share::Role;
    let dir = meeting_dir();
    let (mut host, mut clerk) = host_in_process(dir.path(), Default::default());
    let url = gavel::share::client::socket_url(&link_of(&host, Role::Attendee)).unwrap();
    // A page checks in and then goes away (the phone's browser closed).
    let page = std::thread::spawn(move || {
        runtime().block_on(async {
            let (mut ws, _) = tokio_tungstenite::connect_async(url.as_str()).await.unwrap();
            let hello = r#"{"type":"hello","v":1,"participant":"0123456789abcdef0123456789abcdef","name":"","view":true}"#;
            ws.send(Message::Text(hello.into())).await.unwrap();
            let check_in = ToHost::Command {
                seq: 1,
                event: Event::new(
                    chrono::Utc::now(),
                    EventKind::Attendance {
                        names: vec!["Ingrid Solberg".into()],
                        status: gavel::meeting::Presence::Present,
                    },
                ),
            };
            ws.send(Message::Text(check_in.to_json().into())).await.unwrap();
            // The view and the acknowledgement come in no promised order: wait for both.
            let (mut saw_view, mut acked) = (false, false);
            while !(saw_view && acked) {
                let Ok(Some(Ok(message))) =
                    tokio::time::timeout(Duration::from_secs(10), ws.next()).await
                else {
                    break;
                };
                let Message::Text(t) = message else {
                    continue;
                };
                match serde_json::from_str::<ToParticipant>(t.as_str()) {
                    Ok(ToParticipant::View(_)) => saw_view = true,
                    Ok(ToParticipant::Ack { seq: 1, .. }) => acked = true,
                    Ok(ToParticipant::Refused { reason, .. }) => panic!("{reason}"),
                    _ => {}
                }
            }
            assert!(acked, "the check-in is acknowledged");
            saw_view
        })
    });
    let start = chrono::Utc::now();
    while !page.is_finished() {
        host.pump(&mut clerk, start);
        std::thread::yield_now();
    }
    assert!(page.join().unwrap(), "a page is sent views");
    let ingrid = |clerk: &gavel::clerk::Clerk| {
        clerk
            .meeting()
            .attendees()
            .iter()
            .find(|a| a.name == "Ingrid Solberg")
            .map(|a| (a.presence, a.self_checked))
            .unwrap()
    };
    assert_eq!(ingrid(&clerk), (gavel::meeting::Presence::Present, true));
    // The host sees the page go; nine minutes later she is still there, at ten she has left.
    let deadline = Instant::now() + common::TIMEOUT;
    while host.connected() > 0 {
        assert!(
            Instant::now() < deadline,
            "the page's connection never closed"
        );
        host.pump(&mut clerk, start);
        std::thread::yield_now();
    }
    host.pump(&mut clerk, start);
    host.pump(&mut clerk, start + chrono::Duration::minutes(9));
    assert_eq!(ingrid(&clerk).0, gavel::meeting::Presence::Present);
    host.pump(&mut clerk, start + chrono::Duration::minutes(10));
    assert_eq!(ingrid(&clerk).0, gavel::meeting::Presence::Left);
}

#[test]
fn a_connection_of_a_revoked_link_cannot_act_even_if_it_said_nothing_before() {
    use gavel::share::Role;
    let dir = meeting_dir();
    let (mut host, mut clerk) = host_in_process(dir.path(), Default::default());
    let url = gavel::share::client::socket_url(&link_of(&host, Role::Scribe)).unwrap();
    let (go, wait) = std::sync::mpsc::channel::<()>();
    let (opened, is_open) = std::sync::mpsc::channel::<()>();
    let stranger = std::thread::spawn(move || {
        runtime().block_on(async {
            let (mut ws, _) = tokio_tungstenite::connect_async(url.as_str())
                .await
                .unwrap();
            opened.send(()).unwrap();
            // Quiet until the link is revoked; then it ignores being told and tries anyway.
            tokio::task::spawn_blocking(move || wait.recv())
                .await
                .unwrap()
                .unwrap();
            let hello = r#"{"type":"hello","v":1,"participant":"stranger","name":"Mallory"}"#;
            let _ = ws.send(Message::Text(hello.into())).await;
            let guest = ToHost::Command {
                seq: 1,
                event: Event::new(
                    chrono::Utc::now(),
                    EventKind::Guest {
                        name: "Injected After Revoke".into(),
                        affiliation: None,
                    },
                ),
            };
            let _ = ws.send(Message::Text(guest.to_json().into())).await;
            while let Ok(Some(Ok(_))) =
                tokio::time::timeout(Duration::from_secs(5), ws.next()).await
            {}
        })
    });
    is_open.recv().unwrap();
    let deadline = Instant::now() + common::TIMEOUT;
    while host.connected() == 0 {
        assert!(Instant::now() < deadline, "the stranger never connected");
        std::thread::yield_now();
    }
    host.revoke(Role::Scribe).unwrap();
    go.send(()).unwrap();
    while !stranger.is_finished() {
        host.pump(&mut clerk, chrono::Utc::now());
        std::thread::yield_now();
    }
    stranger.join().unwrap();
    host.pump(&mut clerk, chrono::Utc::now());
    assert!(
        clerk.log().is_empty(),
        "a revoked link acted: {:?}",
        clerk.log()
    );
}

#[test]
fn a_connection_that_never_finishes_its_request_is_closed() {
    use std::io::{Read, Write};
    let dir = meeting_dir();
    let limits = gavel::share::server::Limits {
        header_read: Duration::from_millis(300),
        ..Default::default()
    };
    let (host, _clerk) = host_in_process(dir.path(), limits);
    let mut slow = std::net::TcpStream::connect(host.addr()).unwrap();
    slow.set_read_timeout(Some(common::TIMEOUT)).unwrap();
    // Half a request, then nothing (slowloris): the host closes it, it does not wait forever.
    slow.write_all(b"GET /join/x HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    let started = Instant::now();
    let mut rest = Vec::new();
    let _ = slow.read_to_end(&mut rest);
    assert!(
        started.elapsed() < common::TIMEOUT,
        "a connection that never finished its request was kept"
    );
}

/// Issue 24: a host that cannot listen says so on standard error, prints no link and exits
/// non-zero (here the port is taken; a socket the runtime cannot take is tested in
/// `share::server::tests`).
#[test]
fn a_host_that_cannot_listen_says_so_prints_no_link_and_exits_non_zero() {
    let dir = meeting_dir();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = common::gavel_in(
        dir.path(),
        &["--data-dir", "data", "serve", "a.toml", "--listen", &addr],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot listen on {addr}")),
        "{stderr}"
    );
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Issue 24: a line of a participant's outbox that is not a command (and not a torn last
/// line) was dropped without a word. Now `gavel join` keeps it in a file beside the outbox
/// and says so on its screen.
#[test]
fn a_damaged_outbox_line_is_kept_aside_and_said_on_the_participants_screen() {
    let dir = meeting_dir();
    let host = Host::start(dir.path(), "127.0.0.1:0");
    let data = dir.path().join("scribe");
    drop(join(&host, "scribe", "Sam Scribe", data.clone()));
    let joined: Vec<PathBuf> = std::fs::read_dir(data.join("joined"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(joined.len(), 1, "{joined:?}");
    let outbox = joined[0].join("outbox.jsonl");
    let mut text = std::fs::read_to_string(&outbox).unwrap();
    text.push_str("not a command\n");
    std::fs::write(&outbox, text).unwrap();

    let screen = Screen::spawn(
        &["join", &host.link("scribe"), "--name", "Sam Scribe"],
        &data,
        40,
        110,
    );
    screen.wait_for("the outbox held 1 line(s) that are not commands");
    let aside: Vec<PathBuf> = std::fs::read_dir(&joined[0])
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("outbox.jsonl.damaged-")
        })
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(
        std::fs::read_to_string(&aside[0]).unwrap(),
        "not a command\n"
    );
}

/// Issue 25, item 6: the attendee link says hello with a scribe's id and sends a command
/// numbered 2^62; the host refuses that hello (fatally, on that connection only) and the
/// scribe's next note is still recorded and acknowledged with its number.
#[test]
fn the_attendee_link_cannot_take_a_scribes_id_or_poison_its_numbers() {
    use gavel::share::Role;
    let dir = meeting_dir();
    let (mut host, mut clerk) = host_in_process(dir.path(), Default::default());
    clerk
        .record(Event::new(chrono::Utc::now(), EventKind::Start))
        .unwrap();
    let scribe_url = gavel::share::client::socket_url(&link_of(&host, Role::Scribe)).unwrap();
    let page_url = gavel::share::client::socket_url(&link_of(&host, Role::Attendee)).unwrap();
    let talk = std::thread::spawn(move || {
        runtime().block_on(async {
            type Ws = tokio_tungstenite::WebSocketStream<
                tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
            >;
            // The next message that `wanted` accepts, or None after ten quiet seconds.
            async fn next<T>(
                ws: &mut Ws,
                mut wanted: impl FnMut(ToParticipant) -> Option<T>,
            ) -> Option<T> {
                loop {
                    let Ok(Some(Ok(message))) =
                        tokio::time::timeout(Duration::from_secs(10), ws.next()).await
                    else {
                        return None;
                    };
                    let Message::Text(t) = message else { continue };
                    if let Some(found) = serde_json::from_str(t.as_str()).ok().and_then(&mut wanted) {
                        return Some(found);
                    }
                }
            }
            let note = |seq: u64, text: &str| ToHost::Command {
                seq,
                event: Event::new(
                    chrono::Utc::now(),
                    EventKind::Note {
                        text: text.into(),
                        private: false,
                    },
                ),
            };
            let acked = |want: u64| {
                move |m: ToParticipant| match m {
                    ToParticipant::Ack { seq, n } if seq == want => Some(n),
                    ToParticipant::Refused { seq, reason } if seq == want => panic!("{reason}"),
                    _ => None,
                }
            };
            let (mut scribe, _) = tokio_tungstenite::connect_async(scribe_url.as_str()).await.unwrap();
            let hello = r#"{"type":"hello","v":1,"participant":"scribe-id-0001","name":"Sam Scribe","since":0}"#;
            scribe.send(Message::Text(hello.into())).await.unwrap();
            next(&mut scribe, |m| matches!(m, ToParticipant::Welcome { .. }).then_some(())).await.expect("welcome");
            scribe.send(Message::Text(note(1, "first note").to_json().into())).await.unwrap();
            let first = next(&mut scribe, acked(1)).await.expect("ack 1");
            // The attendee link, posing as the scribe.
            let (mut page, _) = tokio_tungstenite::connect_async(page_url.as_str()).await.unwrap();
            let hello = r#"{"type":"hello","v":1,"participant":"scribe-id-0001","name":"","view":true}"#;
            page.send(Message::Text(hello.into())).await.unwrap();
            let poison = ToHost::Command {
                seq: 1 << 62,
                event: Event::new(
                    chrono::Utc::now(),
                    EventKind::Attendance {
                        names: vec!["Ingrid Solberg".into()],
                        status: gavel::meeting::Presence::Present,
                    },
                ),
            };
            let _ = page.send(Message::Text(poison.to_json().into())).await;
            let refusal = next(&mut page, |m| match m {
                ToParticipant::Error { reason, fatal } => Some((reason, fatal)),
                ToParticipant::Welcome { last_seq, .. } => panic!("welcomed, last_seq {last_seq}"),
                _ => None,
            })
            .await;
            scribe.send(Message::Text(note(2, "second note").to_json().into())).await.unwrap();
            let second = next(&mut scribe, acked(2)).await.expect("ack 2");
            (first, refusal, second)
        })
    });
    let deadline = Instant::now() + common::TIMEOUT;
    while !talk.is_finished() {
        assert!(Instant::now() < deadline, "the exchange never ended");
        host.pump(&mut clerk, chrono::Utc::now());
        std::thread::yield_now();
    }
    let (first, refusal, second) = talk.join().unwrap();
    assert_eq!(first, Some(1));
    let (reason, fatal) = refusal.expect("the page's hello is refused");
    assert!(fatal && reason.contains("another link"), "{reason}");
    assert_eq!(
        second,
        Some(2),
        "the scribe's later note is recorded, not taken as a duplicate"
    );
    let log = format!("{:?}", clerk.log());
    assert!(
        log.contains("second note") && !log.contains("Ingrid Solberg"),
        "{log}"
    );
}

/// Issue 25 (live tour): `/share` listed a checked-in attendee as " (attendee)", with no
/// name. The host names an attendee's page by whom it checked in as (empty before).
#[test]
fn the_host_names_an_attendees_page_by_its_check_in() {
    use gavel::share::Role;
    use std::sync::mpsc;
    let dir = meeting_dir();
    let (mut host, mut clerk) = host_in_process(dir.path(), Default::default());
    let url = gavel::share::client::socket_url(&link_of(&host, Role::Attendee)).unwrap();
    let (said, heard) = mpsc::channel::<&'static str>();
    let (go, wait) = mpsc::channel::<()>();
    let page = std::thread::spawn(move || {
        runtime().block_on(async {
            let (mut ws, _) = tokio_tungstenite::connect_async(url.as_str()).await.unwrap();
            let hello = r#"{"type":"hello","v":1,"participant":"0123456789abcdef0123456789abcdef","name":"","view":true}"#;
            ws.send(Message::Text(hello.into())).await.unwrap();
            while !matches!(next_message(&mut ws).await, Some(ToParticipant::View(_)) | None) {}
            said.send("welcomed").unwrap();
            wait.recv().unwrap();
            let check_in = ToHost::Command {
                seq: 1,
                event: Event::new(
                    chrono::Utc::now(),
                    EventKind::Attendance {
                        names: vec!["Ingrid Solberg".into()],
                        status: gavel::meeting::Presence::Present,
                    },
                ),
            };
            ws.send(Message::Text(check_in.to_json().into())).await.unwrap();
            loop {
                match next_message(&mut ws).await {
                    Some(ToParticipant::Ack { seq: 1, .. }) => break,
                    Some(ToParticipant::Refused { reason, .. }) => panic!("{reason}"),
                    None => panic!("no acknowledgement"),
                    _ => {}
                }
            }
            said.send("acked").unwrap();
            wait.recv().unwrap();
        })
    });
    let now = chrono::Utc::now();
    let deadline = Instant::now() + common::TIMEOUT;
    let mut until = |what: &str, host: &mut gavel::share::host::Host| loop {
        assert!(Instant::now() < deadline, "the page never got to {what}");
        host.pump(&mut clerk, now);
        if let Ok(got) = heard.try_recv() {
            assert_eq!(got, what);
            return;
        }
        std::thread::yield_now();
    };
    until("welcomed", &mut host);
    assert_eq!(host.participants(), vec![(String::new(), Role::Attendee)]);
    go.send(()).unwrap();
    until("acked", &mut host);
    assert_eq!(
        host.participants(),
        vec![("Ingrid Solberg".to_string(), Role::Attendee)]
    );
    go.send(()).unwrap();
    page.join().unwrap();
}

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The next message the host sends that parses (at most 10 s away), or None.
async fn next_message(ws: &mut Ws) -> Option<ToParticipant> {
    loop {
        let Ok(Some(Ok(Message::Text(t)))) =
            tokio::time::timeout(Duration::from_secs(10), ws.next()).await
        else {
            return None;
        };
        if let Ok(m) = serde_json::from_str::<ToParticipant>(t.as_str()) {
            return Some(m);
        }
    }
}

/// Issue 25 (live tour): `gavel join` kept retrying (OFFLINE) after the meeting ended and the
/// host quit. A participant that saw the end, with nothing waiting to be sent, says the
/// meeting ended and exits 0 once the host goes away.
#[test]
fn a_scribe_exits_zero_when_the_host_quits_after_the_end() {
    let dir = meeting_dir();
    let mut host = Host::start(dir.path(), "127.0.0.1:0");
    let chair = join(&host, "chair", "Cora Chair", dir.path().join("chair"));
    let mut scribe = join(&host, "scribe", "Sam Scribe", dir.path().join("scribe"));
    chair.line("/start");
    scribe.wait_for("left");
    scribe.line("/note before the end");
    chair.wait_for("before the end");
    chair.line("/end");
    scribe.wait_for("Meeting ended");
    host.stop();
    assert_eq!(scribe.wait_exit(), 0, "{}", scribe.contents());
    scribe.wait_output_end();
    assert!(
        scribe.contents().contains("the meeting has ended"),
        "{}",
        scribe.contents()
    );
    drop(chair);
}
