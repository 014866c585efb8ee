//! The crash test of issue 4: the real binary in a pseudo-terminal runs a scripted meeting of
//! more than 1,000 commands and is killed with SIGKILL at random points; each time it is
//! resumed (`gavel run` again, Enter on the resume prompt) and the script goes on. After
//! every kill the session journal is read back and checked against what the screen had
//! acknowledged; at the end the minutes exported from the session are checked against the
//! same script replayed in memory.
//!
//! - **The script** is generated from a seeded RNG against agendas/working-group.toml and
//!   checked command by command on an in-memory meeting, so every command is accepted and
//!   makes exactly one journal entry: notes, outcomes, actions, links, votes and private
//!   notes (each carrying a unique tag such as `#0042`), attendance, guests, `/next`,
//!   `/prev`, `/goto`, `/undo`, `/defer`, `/extend`, `/pause`/`/resume`, the speaker queue,
//!   `s/OLD/NEW/` corrections, reviews, recap, `/add`, `/nextmeeting`, and `/end` last.
//! - **Acknowledged on screen** means: for a command whose tag the item pane shows (notes,
//!   outcomes, actions, links, votes on a running item), that tag on screen above the
//!   capture line, the capture line empty and the status line saying "Recorded …"; for any
//!   other command, the typed line seen on the capture line, then Enter, then the capture
//!   line empty and "Recorded …". The screen changes only after the journal's fsync, so an
//!   acknowledged command must survive any kill.
//! - **Kill points** (one SIGKILL each) cycle through seven kinds, at random places in the
//!   script and with random delays: idle after an acknowledgement; half-way through typing a
//!   line; at once after Enter; a few milliseconds after Enter; during start-up (the resume
//!   prompt answered, the journal being replayed); after a pause in typing long enough for
//!   the draft to be saved (the resumed capture line must hold it); and right after a line
//!   whose draft had been saved was entered (the resumed capture line must be empty: the
//!   line is in the journal already and must not come back as a draft).
//! - **After each kill** the journal is read with `gavel::session::load`: an error or a
//!   damaged line counts as an unreadable journal; fewer entries than acknowledged counts as
//!   lost events; every entry must be the script's entry at that position (at most the one
//!   command in flight beyond the acknowledged ones). The script resumes at the first
//!   command not in the journal.
//! - **At the end** the journal holds exactly the script, and the tags in the Markdown and
//!   JSON minutes from `gavel export` (and in the minutes written at `/end`) are exactly the
//!   tags of the script's minutes replayed in memory, undone entries absent.
//!
//! The seed is printed; `GAVEL_CRASH_SEED=N` replays a run. The default variant makes 14
//! kills over 1,100 commands (14 s on an idle 2-core machine, 35 s on a busy one). The long
//! variant, 200 kills over 2,000 commands (5–6 minutes):
//!
//! ```sh
//! cargo test --test live crash:: -- --ignored --nocapture
//! ```
//!
//! (`GAVEL_CRASH_KILLS` and `GAVEL_CRASH_COMMANDS` change its size.)

use crate::common;

use chrono::{Duration as Span, Utc};
use common::Screen;
use gavel::command::{interpret, Interpreted};
use gavel::meeting::{EventKind, Meeting, Phase};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const AGENDA: &str = "agendas/working-group.toml";
const TITLE: &str = "Harbor Foundation Model Provenance Working Group";
const ROWS: u16 = 40;
const COLS: u16 = 140;

/// Roster prefixes of agendas/working-group.toml, as a moderator would type them.
const PEOPLE: [&str; 10] = [
    "Ngozi", "Henrik", "Lucas", "Sakura", "Omar", "Elena", "Rahul", "Chl", "Arjun", "Zanele",
];

/// A tiny xorshift64* generator: enough randomness for a test, no dependency.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[self.below(from.len())]
    }
}

fn seed() -> u64 {
    match std::env::var("GAVEL_CRASH_SEED") {
        Ok(s) => s.trim().parse().expect("GAVEL_CRASH_SEED is a number"),
        Err(_) => {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                % 1_000_000_007
        }
    }
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .map(|s| s.trim().parse().expect("a number"))
        .unwrap_or(default)
}

/// One line of the script.
struct Command {
    line: String,
    /// The journal entry it makes (the time aside).
    kind: EventKind,
    /// A tag that the screen shows once the command is recorded (in the item pane).
    shown_tag: Option<String>,
}

struct Script {
    commands: Vec<Command>,
    /// Tags in the script's minutes replayed in memory (Markdown, then JSON).
    md_tags: BTreeMap<String, usize>,
    json_tags: BTreeMap<String, usize>,
}

fn agenda_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(AGENDA)
}

/// Generates `n` commands, each accepted by the meeting it will meet, the last one `/end`.
fn script(rng: &mut Rng, n: usize) -> Script {
    let source = std::fs::read_to_string(agenda_path()).unwrap();
    let agenda = gavel::agenda::parse_str(&source).unwrap().0;
    let mut meeting = Meeting::new(agenda);
    let mut at = Utc::now();
    let mut commands: Vec<Command> = Vec::new();
    let opening = [
        "/present Ngozi, Henrik, Lucas",
        "/regrets Zanele",
        "/present Sakura, Omar",
        "/start",
    ];
    let mut attempts = 0;
    while commands.len() + 1 < n {
        let tag = format!("#{:04}", commands.len());
        let (line, shows_tag) = match opening.get(commands.len()) {
            Some(l) => (l.to_string(), false),
            None => candidate(rng, &tag, &commands),
        };
        attempts += 1;
        assert!(attempts < 100 * n, "the generator is stuck at {line:?}");
        at += Span::seconds(1);
        let Ok(Interpreted::Event(event)) = interpret(&line, &meeting, at) else {
            continue;
        };
        // An action taken while no item runs goes to the minutes but not to the item pane.
        let shows_tag = shows_tag && meeting.current().is_some();
        if meeting.apply(&event).is_err() {
            continue;
        }
        commands.push(Command {
            line,
            kind: event.kind,
            shown_tag: shows_tag.then_some(tag),
        });
    }
    // Enough `/undo`s can take back the `/start` itself: start again so the script can end.
    if meeting.phase() == Phase::NotStarted {
        at += Span::seconds(1);
        let Ok(Interpreted::Event(start)) = interpret("/start", &meeting, at) else {
            panic!("/start is refused on a meeting that has not started");
        };
        meeting.apply(&start).unwrap();
        commands.push(Command {
            line: "/start".into(),
            kind: start.kind,
            shown_tag: None,
        });
    }
    at += Span::seconds(1);
    let end = match interpret("/end", &meeting, at) {
        Ok(Interpreted::Event(e)) => e,
        other => panic!("/end: {other:?}"),
    };
    meeting.apply(&end).unwrap();
    commands.push(Command {
        line: "/end".into(),
        kind: end.kind,
        shown_tag: None,
    });
    assert_eq!(meeting.phase(), Phase::Ended);
    let now = meeting.ended_at().unwrap();
    Script {
        commands,
        md_tags: tags(&gavel::minutes::document(
            &meeting,
            now,
            gavel::minutes::Format::Markdown,
            gavel::minutes::Options { private: true },
        )),
        json_tags: tags(&gavel::minutes::document(
            &meeting,
            now,
            gavel::minutes::Format::Json,
            gavel::minutes::Options { private: true },
        )),
    }
}

/// A random command for the meeting so far; whether the item pane shows its tag.
fn candidate(rng: &mut Rng, tag: &str, so_far: &[Command]) -> (String, bool) {
    let who = *rng.pick(&PEOPLE);
    let other = *rng.pick(&PEOPLE);
    let words = *rng.pick(&[
        "about detached signatures",
        "on sharded weights",
        "re the registry upload hook",
        "for the summit talk",
        "on dataset threat scope",
    ]);
    let line = match rng.below(100) {
        0..=29 => format!("note {tag} {words}"),
        30..=33 => format!("/note {tag} {words}"),
        34 => format!("/info {tag} {words}"),
        35..=36 => format!("/private {tag} {words}"),
        37..=41 => format!("/outcome {tag} agreed {words}"),
        42 => format!("/agreed {tag} {words}"),
        43..=48 => {
            let due = if rng.below(2) == 0 {
                format!(" due 2026-04-{:02}", 1 + rng.below(28))
            } else {
                String::new()
            };
            if rng.below(4) == 0 {
                format!("/action {who}, {other}: {tag} {words}{due}")
            } else {
                format!("/action {who}: {tag} {words}{due}")
            }
        }
        49..=50 => format!(
            "/link https://example.org/pr/{} {tag} {words}",
            rng.below(999)
        ),
        51..=52 => format!(
            "/vote for {} against {} abstain {} {tag} {words}",
            rng.below(8),
            rng.below(4),
            rng.below(3)
        ),
        53..=56 => {
            let verb = *rng.pick(&["present", "absent", "regrets", "left", "present"]);
            format!("/{verb} {who}")
        }
        57 => format!("/guest Visitor {} (Org {tag})", so_far.len()),
        58..=63 => "/next".into(),
        64..=65 => "/prev".into(),
        66..=69 => format!("/goto {}", 1 + rng.below(6)),
        70..=75 => "/undo".into(),
        76 => "/extend 5m".into(),
        77 => "/pause".into(),
        78 => "/resume".into(),
        79..=80 => {
            let kind = *rng.pick(&["", " reply", " clarify", " order"]);
            format!("/queue {who}{kind} {tag} {words}")
        }
        81 => "/speak".into(),
        82 => format!("/unqueue {who}"),
        83..=85 => {
            // Correct an earlier tagged entry (refused, and so not chosen, if it is gone).
            let earlier = rng.below(so_far.len().max(1));
            format!("s/#{earlier:04}/#{earlier:04}-fixed/")
        }
        86 => format!(
            "/{} {}",
            rng.pick(&["done", "ongoing", "dropped"]),
            1 + rng.below(4)
        ),
        87 => format!("/recap {tag} {words}"),
        88 => format!("/add Extra topic {tag} @{who} {}m", 1 + rng.below(9)),
        89..=90 => "/defer".into(),
        91 => format!("/nextmeeting 2026-03-{:02} 18:00", 10 + rng.below(19)),
        _ => format!("note {tag} {words}"),
    };
    let shown = line.contains(tag)
        && !line.starts_with("/guest")
        && !line.starts_with("/queue")
        && !line.starts_with("/recap")
        && !line.starts_with("/add");
    (line, shown)
}

/// Every `#NNNN` tag in `text` (with its `-fixed` corrections), counted.
fn tags(text: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'#'
            && i + 5 <= bytes.len()
            && bytes[i + 1..i + 5].iter().all(u8::is_ascii_digit)
            && !bytes.get(i + 5).is_some_and(u8::is_ascii_digit)
        {
            let mut end = i + 5;
            while text[end..].starts_with("-fixed") {
                end += "-fixed".len();
            }
            *out.entry(text[i..end].to_string()).or_default() += 1;
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// How a kill is placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kill {
    /// After an acknowledgement, a few milliseconds into idling.
    Idle,
    /// Part of the next line typed.
    Typing,
    /// The next line typed and entered, killed at once.
    Entered,
    /// The next line entered, killed a few milliseconds later.
    EnteredLater,
    /// During start-up: resume prompt answered, journal being replayed, first frame.
    Startup,
    /// Part of a line typed, then a pause until the draft is on disk.
    DraftSaved,
    /// A line typed with a pause (its draft saved), then entered and acknowledged.
    AfterDraftEntered,
}

const KILLS: [Kill; 7] = [
    Kill::Typing,
    Kill::Entered,
    Kill::DraftSaved,
    Kill::EnteredLater,
    Kill::Idle,
    Kill::AfterDraftEntered,
    Kill::Startup,
];

#[derive(Debug, Default)]
struct Figures {
    kills: usize,
    lost_events: usize,
    unreadable_journals: usize,
    torn_tails: usize,
    refused_on_replay: usize,
    in_flight_recorded: usize,
    drafts_restored: usize,
    stale_drafts: usize,
    max_draft_save: Duration,
    commands_typed: usize,
}

struct Run {
    seed: u64,
    rng: Rng,
    script: Script,
    _tmp: tempfile::TempDir,
    data: PathBuf,
    out: PathBuf,
    id: Option<String>,
    screen: Option<Screen>,
    /// The first command not in the journal.
    next: usize,
    /// How many commands the journal is known to hold (acknowledged on screen, or found in
    /// the journal after a kill).
    durable: usize,
    figures: Figures,
}

impl Run {
    fn new(seed: u64, commands: usize) -> Run {
        let mut rng = Rng::new(seed);
        let script = script(&mut rng, commands);
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        let out = tmp.path().join("out");
        std::fs::create_dir(&out).unwrap();
        Run {
            seed,
            rng,
            script,
            _tmp: tmp,
            data,
            out,
            id: None,
            screen: None,
            next: 0,
            durable: 0,
            figures: Figures::default(),
        }
    }

    fn screen(&self) -> &Screen {
        self.screen.as_ref().expect("gavel is running")
    }

    fn session_dir(&self) -> PathBuf {
        self.data
            .join("sessions")
            .join(self.id.as_ref().expect("a session"))
    }

    fn draft_on_disk(&self) -> String {
        std::fs::read_to_string(self.session_dir().join("draft.txt")).unwrap_or_default()
    }

    /// Starts `gavel run` and answers the resume prompt, without waiting for the screen.
    fn spawn(&mut self) {
        let screen = Screen::spawn(
            &["run", AGENDA, "--out", self.out.to_str().unwrap()],
            &self.data,
            ROWS,
            COLS,
        );
        if self.id.is_some() {
            screen.wait_for("Resume it?");
            screen.send("\r");
        }
        self.screen = Some(screen);
    }

    /// Starts gavel (resuming) and readies an empty capture line.
    fn start(&mut self) {
        let draft = if self.id.is_some() {
            self.draft_on_disk()
        } else {
            String::new()
        };
        self.spawn();
        let screen = self.screen.as_ref().unwrap();
        screen.wait_lines("the meeting screen", |lines| {
            lines.iter().take(3).any(|l| l.contains(TITLE))
        });
        if self.id.is_none() {
            let list = gavel::session::list(&self.data).unwrap();
            assert_eq!(list.len(), 1);
            self.id = Some(list[0].id.clone());
        }
        let capture = |want: String| {
            screen.wait_lines(&format!("the capture line {want:?}"), |lines| {
                lines[ROWS as usize - 2] == want
            })
        };
        if draft.is_empty() {
            screen.send("\r");
        } else {
            // The saved draft is back on the capture line; clear it (Ctrl-U) for the script.
            capture(format!("› {draft}"));
            screen.send("\x15");
        }
        capture("›".into());
        if !draft.is_empty() {
            self.figures.drafts_restored += 1;
        }
    }

    /// Types command `i`, presses Enter and waits for the screen to acknowledge it.
    fn run_command(&mut self, i: usize) {
        let screen = self.screen.as_ref().unwrap();
        let c = &self.script.commands[i];
        if c.shown_tag.is_some() {
            // The tag showing outside the capture line is acknowledgement enough.
            screen.send(&format!("{}\r", c.line));
        } else {
            // Otherwise the capture line must be seen full, then empty again.
            screen.send(&c.line);
            self.echoed(&c.line);
            screen.send("\r");
        }
        self.acknowledged(i);
    }

    /// Waits for `text` on the capture line.
    fn echoed(&self, text: &str) {
        let want = format!("› {text}");
        self.screen()
            .wait_lines(&format!("{want:?} on the capture line"), |lines| {
                lines[ROWS as usize - 2] == want
            });
    }

    fn acknowledged(&mut self, i: usize) {
        let c = &self.script.commands[i];
        let rows = ROWS as usize;
        let is_end = c.kind == EventKind::End;
        self.screen()
            .wait_lines(&format!("command {i} {:?} acknowledged", c.line), |lines| {
                if is_end {
                    return lines[rows - 3].contains("Recorded the end of the meeting");
                }
                lines[rows - 2] == "›"
                    && lines[rows - 3].contains("Recorded")
                    && c.shown_tag
                        .as_ref()
                        .is_none_or(|t| lines[..rows - 3].iter().any(|l| l.contains(t)))
            });
        self.figures.commands_typed += 1;
        self.next = i + 1;
        self.durable = i + 1;
    }

    fn ensure_running(&mut self) {
        if self.screen.is_none() {
            self.start();
        }
    }

    /// Sends SIGKILL and reads the journal back.
    fn kill(&mut self, expect_draft: Option<String>) {
        let mut screen = self.screen.take().expect("gavel is running");
        screen.signal(libc::SIGKILL);
        screen.wait_exit();
        drop(screen);
        self.figures.kills += 1;
        self.check_journal();
        if let Some(want) = expect_draft {
            let draft = self.draft_on_disk();
            if draft != want {
                self.figures.stale_drafts += 1;
            }
            assert_eq!(
                draft, want,
                "seed {}: the draft on disk after the kill",
                self.seed
            );
        }
    }

    /// Reads the journal with the library and checks it against the script.
    fn check_journal(&mut self) {
        let seed = self.seed;
        let id = self.id.clone().unwrap();
        let loaded = match gavel::session::load(&self.data, &id) {
            Ok(l) => l,
            Err(e) => {
                self.figures.unreadable_journals += 1;
                panic!("seed {seed}: the journal cannot be read after a kill: {e}");
            }
        };
        for w in &loaded.warnings {
            if w.contains("damaged") {
                self.figures.unreadable_journals += 1;
            } else if w.contains("refused on replay") {
                self.figures.refused_on_replay += 1;
            } else {
                self.figures.torn_tails += 1;
            }
            eprintln!(
                "seed {seed}: journal warning after kill {}: {w}",
                self.figures.kills
            );
        }
        let recorded = loaded.recorded;
        if recorded < self.durable {
            self.figures.lost_events += self.durable - recorded;
        }
        assert!(
            recorded >= self.durable,
            "seed {seed}: {} acknowledged commands, only {recorded} in the journal",
            self.durable
        );
        // At most the one command in flight went in beyond what the screen acknowledged.
        assert!(
            recorded <= self.durable + 1,
            "seed {seed}: {recorded} journal entries, {} acknowledged",
            self.durable
        );
        if recorded > self.durable {
            self.figures.in_flight_recorded += 1;
        }
        for (i, e) in loaded.events().unwrap().iter().enumerate() {
            assert_eq!(
                e.kind, self.script.commands[i].kind,
                "seed {seed}: journal entry {i} is not command {i} {:?}",
                self.script.commands[i].line
            );
        }
        self.next = recorded;
        self.durable = recorded;
    }

    /// The next kill, of kind `kind`, somewhere in `lo..hi` of the script.
    fn kill_at(&mut self, kind: Kill, lo: usize, hi: usize) {
        let len = self.script.commands.len();
        // Keep the last command (/end) for the end: an ended session is not resumed.
        let hi = hi.min(len - 1).max(self.next + 1);
        let lo = lo.max(self.next).min(hi - 1);
        let target = lo + self.rng.below(hi - lo);
        if kind == Kill::Startup && self.id.is_some() {
            if self.screen.is_some() {
                // Start-up kills hit a fresh process: stop the running one at an idle moment
                // first (which is a kill like any other).
                self.kill(None);
            }
            self.spawn();
            let delay = self.rng.below(60) as u64;
            std::thread::sleep(Duration::from_millis(delay));
            self.kill(None);
            return;
        }
        self.ensure_running();
        while self.next < target {
            self.run_command(self.next);
        }
        let i = self.next;
        let line = self.script.commands[i].line.clone();
        let screen = self.screen.as_ref().unwrap();
        match kind {
            Kill::Idle | Kill::Startup => {
                std::thread::sleep(Duration::from_millis(self.rng.below(20) as u64));
                self.kill(None);
            }
            Kill::Typing => {
                let cut = 1 + self.rng.below(line.len() - 1);
                screen.send(&line[..cut]);
                spin(Duration::from_micros(self.rng.below(3000) as u64));
                self.kill(None);
            }
            Kill::Entered => {
                screen.send(&format!("{line}\r"));
                self.kill(None);
            }
            Kill::EnteredLater => {
                screen.send(&format!("{line}\r"));
                spin(Duration::from_micros(self.rng.below(15_000) as u64));
                self.kill(None);
            }
            Kill::DraftSaved | Kill::AfterDraftEntered => {
                let mut cut = 1 + self.rng.below(line.len() - 1);
                while line[..cut].ends_with(' ') {
                    cut -= 1;
                }
                let part = line[..cut].to_string();
                screen.send(&part);
                self.echoed(&part);
                let typed = Instant::now();
                let dir = self.session_dir();
                let saved = self.screen().try_wait(Duration::from_secs(10), || {
                    std::fs::read_to_string(dir.join("draft.txt")).is_ok_and(|d| d == part)
                });
                assert!(
                    saved,
                    "seed {}: the draft {part:?} was never saved",
                    self.seed
                );
                self.figures.max_draft_save = self.figures.max_draft_save.max(typed.elapsed());
                if kind == Kill::DraftSaved {
                    self.kill(Some(part));
                } else {
                    let screen = self.screen();
                    screen.send(&line[cut..]);
                    self.echoed(&line);
                    screen.send("\r");
                    self.acknowledged(i);
                    // The line is in the journal: it must not come back as a draft.
                    self.kill(Some(String::new()));
                }
            }
        }
    }

    /// Runs the rest of the script (through /end) and quits.
    fn finish(&mut self) {
        let len = self.script.commands.len();
        if self.next < len {
            self.ensure_running();
            while self.next < len {
                self.run_command(self.next);
            }
            let screen = self.screen.as_mut().unwrap();
            screen.wait_for("Minutes written");
            screen.send("q");
            assert_eq!(screen.wait_exit(), 0);
            self.screen = None;
        }
    }

    /// Checks the finished session and its minutes; returns the figures.
    fn verify(&mut self) {
        let seed = self.seed;
        let id = self.id.clone().unwrap();
        let loaded = gavel::session::load(&self.data, &id).unwrap();
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        assert_eq!(loaded.recorded, self.script.commands.len(), "seed {seed}");
        for (i, e) in loaded.events().unwrap().iter().enumerate() {
            assert_eq!(
                e.kind, self.script.commands[i].kind,
                "seed {seed}: entry {i}"
            );
        }
        assert_eq!(loaded.meeting.phase(), Phase::Ended);
        for (format, want) in [
            ("md", &self.script.md_tags),
            ("json", &self.script.json_tags),
        ] {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_gavel"))
                .args(["--data-dir", self.data.to_str().unwrap()])
                .args(["export", &id, "--format", format, "--private"])
                .output()
                .unwrap();
            assert_eq!(
                out.status.code(),
                Some(0),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let got = tags(&String::from_utf8_lossy(&out.stdout));
            for (tag, n) in want {
                let have = got.get(tag).copied().unwrap_or(0);
                self.figures.lost_events += n.saturating_sub(have);
            }
            assert_eq!(
                &got, want,
                "seed {seed}: tags in the exported {format} minutes"
            );
            if format == "json" {
                serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("JSON minutes");
            }
        }
        // The minutes written at /end, when the last process lived to write them, are
        // public (no private entries): every public tag is there.
        let written = self.out.join("working-group.minutes.md");
        if let Ok(md) = std::fs::read_to_string(&written) {
            let got = tags(&md);
            for tag in got.keys() {
                assert!(self.script.md_tags.contains_key(tag), "{tag} in {md}");
            }
        }
    }
}

/// Busy-waits (a sleep would round tiny delays up to the scheduler's tick).
fn spin(d: Duration) {
    let until = Instant::now() + d;
    while Instant::now() < until {
        std::hint::spin_loop();
    }
}

fn crash_test(kills: usize, commands: usize) {
    let seed = seed();
    eprintln!(
        "crash test: seed {seed} (GAVEL_CRASH_SEED={seed} replays it), {kills} kills, {commands} commands"
    );
    let started = Instant::now();
    let mut run = Run::new(seed, commands);
    let len = run.script.commands.len();
    let offset = run.rng.below(KILLS.len());
    for k in 0..kills {
        let kind = KILLS[(k + offset) % KILLS.len()];
        let (lo, hi) = (k * (len - 1) / kills, (k + 1) * (len - 1) / kills);
        run.kill_at(kind, lo, hi);
    }
    run.finish();
    run.verify();
    let f = &run.figures;
    eprintln!(
        "crash test: seed {seed}: {} kills over {len} commands ({} typed, resumed after each \
         kill) in {:.1} s: lost events {}, unreadable journals {}, torn tails {}, entries \
         refused on replay {}, in-flight commands found recorded {}, drafts restored {}, stale \
         drafts {}, slowest draft save {} ms",
        f.kills,
        f.commands_typed,
        started.elapsed().as_secs_f64(),
        f.lost_events,
        f.unreadable_journals,
        f.torn_tails,
        f.refused_on_replay,
        f.in_flight_recorded,
        f.drafts_restored,
        f.stale_drafts,
        f.max_draft_save.as_millis()
    );
    assert_eq!(f.lost_events, 0, "seed {seed}");
    assert_eq!(f.unreadable_journals, 0, "seed {seed}");
    assert_eq!(f.refused_on_replay, 0, "seed {seed}");
    assert!(f.kills >= kills, "seed {seed}");
}

#[test]
fn killed_at_random_points_nothing_acknowledged_is_lost() {
    crash_test(14, 1_100);
}

/// The long variant: 200 kills (with the default variant's 14, over 200 in all).
#[test]
#[ignore = "long: cargo test --test live crash:: -- --ignored --nocapture"]
fn killed_200_times_nothing_acknowledged_is_lost() {
    crash_test(
        env_number("GAVEL_CRASH_KILLS", 200),
        env_number("GAVEL_CRASH_COMMANDS", 2_000),
    );
}

#[test]
fn the_script_is_valid_and_varied() {
    let mut rng = Rng::new(7);
    let s = script(&mut rng, 1_100);
    assert_eq!(s.commands.len(), 1_100);
    let count = |p: &dyn Fn(&EventKind) -> bool| s.commands.iter().filter(|c| p(&c.kind)).count();
    assert!(count(&|k| matches!(k, EventKind::Undo)) > 20);
    assert!(count(&|k| matches!(k, EventKind::Goto { .. })) > 10);
    assert!(count(&|k| matches!(k, EventKind::Next)) > 10);
    assert!(count(&|k| matches!(k, EventKind::Correct { .. })) > 5);
    assert!(count(&|k| matches!(k, EventKind::Attendance { .. })) > 10);
    assert!(count(&|k| matches!(k, EventKind::Capture(gavel::meeting::Capture::Action(_)))) > 30);
    assert!(s.md_tags.len() > 300, "{}", s.md_tags.len());
    // Some tagged entries were undone: their tags are not in the minutes.
    let undone = (0..s.commands.len())
        .map(|i| format!("#{i:04}"))
        .filter(|tag| s.commands.iter().any(|c| c.line.contains(tag.as_str())))
        .filter(|tag| !s.md_tags.keys().any(|k| k.starts_with(tag.as_str())))
        .count();
    assert!(undone > 10, "{undone}");
}

/// Every seed gives a script that ends the meeting, even one whose `/undo`s take back the
/// `/start` (seed 314047219 did, and its run failed before the generator started again).
#[test]
fn every_seed_gives_a_script_that_ends() {
    for seed in (1..16).chain([314_047_219]) {
        let s = script(&mut Rng::new(seed), 1_100);
        assert_eq!(
            s.commands.last().map(|c| c.line.as_str()),
            Some("/end"),
            "seed {seed}"
        );
    }
}
