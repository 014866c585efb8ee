//! The command language: one line of the capture line or a transcript becomes an event.
//!
//! Parsing needs the meeting (names are matched against its roster and guests, item titles
//! against its items), but never changes it: the event goes to [`Meeting::apply`].

use crate::agenda::{self, Secs};
use crate::meeting::{
    rebalance_plan, Action, Ballot, Capture, Event, EventKind, Link, Meeting, MotionStep,
    NameMatch, Note, Outcome, Presence, QueueKind, ReviewStatus, Topic,
};
use crate::text::clean_line;
use crate::text::edit_distance;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

/// What one line asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Interpreted {
    /// A change: hand it to `Meeting::apply`.
    Event(Event),
    /// Something to show the moderator (a proposed plan, the actions so far); changes nothing.
    Show { title: String, body: String },
    /// The help screen.
    Help,
    /// The roll call (on the live screen; a transcript has nothing to do for it).
    RollCall,
    /// `/attendance FILE`: a call's participant report to read (the file is read by whoever
    /// takes the line: the live screen shows the matches first).
    AttendanceReport { file: String },
    /// `/share ...`: the shared session's links (on the live screen only).
    Share(ShareAsk),
}

/// What `/share` asks of a shared session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareAsk {
    /// `/share`: the link of each role.
    Links,
    /// `/share qr ROLE`: one link as a QR code, for people in the room.
    Qr(crate::role::Role),
    /// `/share revoke ROLE`: a new link for the role; the old one stops working.
    Revoke(crate::role::Role),
    /// `/share notes on|off`: attendees' pages show the current item's public notes.
    Notes(bool),
}

/// Which question a shown text answers, so that a screen can offer what goes with it (a
/// proposed plan can be applied).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Query {
    /// `/rebalance`: proposed time boxes.
    RebalancePlan,
    /// `/actions`: the actions so far.
    Actions,
}

/// What one line asks for, keeping which query a shown text answers ([`interpret`] folds
/// them into [`Interpreted::Show`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Event(Event),
    Show {
        query: Query,
        title: String,
        body: String,
    },
    Help,
    /// `/roll`: the live screen walks the roster.
    RollCall,
    /// `/share ...`: the shared session's links.
    Share(ShareAsk),
    /// `/attendance FILE`: read a call's participant report. Reading a file is not the
    /// parser's business: the screen (or a transcript) reads it and makes the event.
    AttendanceReport {
        file: String,
    },
}

impl From<Command> for Interpreted {
    fn from(command: Command) -> Interpreted {
        match command {
            Command::Event(e) => Interpreted::Event(e),
            Command::Show { title, body, .. } => Interpreted::Show { title, body },
            Command::Help => Interpreted::Help,
            Command::RollCall => Interpreted::RollCall,
            Command::Share(ask) => Interpreted::Share(ask),
            Command::AttendanceReport { file } => Interpreted::AttendanceReport { file },
        }
    }
}

/// One command of the language. The parser finds a command here, the help screen lists
/// these and Tab completes their names, all from this one table, so a command cannot be
/// understood without being listed (nor listed without being understood).
pub struct CommandSpec {
    /// As the help shows it and Tab completes it: "/outcome".
    pub name: &'static str,
    /// Other names it answers to ("/agreed"). Not offered by Tab; the help line says them.
    pub aliases: &'static [&'static str],
    /// What follows the name, for the help: "OWNER: TEXT [due YYYY-MM-DD]".
    pub args: &'static str,
    /// One line for the help.
    pub help: &'static str,
    /// How it is typed.
    pub form: Form,
    parse: Parse,
}

/// How a command is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `/NAME ARGS`, by its name or an alias, in any case.
    Slash,
    /// A line that starts with these characters, the rest being its argument (`s/OLD/NEW/`).
    Prefix(&'static str),
}

/// What reading a command's line gives.
#[derive(Clone, Copy)]
enum Parse {
    /// A change to the meeting.
    Event(fn(&Call) -> Result<EventKind, String>),
    /// Something to show: a query or the help. Changes nothing.
    Query(fn(&Call) -> Result<Command, String>),
}

/// One typed command, for its parse function.
struct Call<'a> {
    /// The name as typed, lower case, without its slash: for error messages.
    name: &'a str,
    /// What follows the name (trimmed for `/` commands).
    rest: &'a str,
    meeting: &'a Meeting,
    now: DateTime<Utc>,
}

impl Call<'_> {
    /// A command that takes no arguments.
    fn bare(&self, kind: EventKind) -> Result<EventKind, String> {
        if self.rest.is_empty() {
            Ok(kind)
        } else {
            Err(format!("/{} takes nothing after it", self.name))
        }
    }
}

use EventKind as E;
use Parse::{Event as Ev, Query as Q};

/// Every command, in the order the help screen lists them.
#[rustfmt::skip]
pub const COMMANDS: &[CommandSpec] = &[
    cmd("/start", "", "start the meeting clock and the first item", Ev(|c| c.bare(E::Start))),
    cmd("/next", "", "close this item, go to the next open one", Ev(|c| c.bare(E::Next))),
    cmd("/prev", "", "go back to the previous item", Ev(|c| c.bare(E::Prev))),
    cmd("/goto", "N|TITLE", "go to an item (reopens a done or deferred one)", Ev(parse_goto)),
    cmd("/pause", "", "stop the clocks", Ev(|c| c.bare(E::Pause))),
    cmd("/resume", "", "restart the clocks", Ev(|c| c.bare(E::Resume))),
    cmd("/extend", "[5m]", "lengthen the current item's time box", Ev(parse_extend)),
    cmd("/defer", "[N]", "not covered today: goes to the next agenda", Ev(parse_defer)),
    cmd("/add", "TITLE [@presenter] [10m]", "a new item after the current one", Ev(|c| parse_add(c.rest, c.meeting))),
    cmd("/followup", "[TITLE] [10m]", "a later item that takes over the queue", Ev(parse_follow_up)),
    cmd("/present", "NAME, NAME", "mark people present", Ev(|c| attendance(c.rest, Presence::Present, c.meeting))),
    cmd("/absent", "NAME, NAME", "mark people absent", Ev(|c| attendance(c.rest, Presence::Absent, c.meeting))),
    cmd("/regrets", "NAME, NAME", "people who sent regrets", Ev(|c| attendance(c.rest, Presence::Regrets, c.meeting))),
    cmd("/left", "NAME, NAME", "people who left the call", Ev(|c| attendance(c.rest, Presence::Left, c.meeting))),
    cmd("/confirm", "", "count the check-ins from attendees' pages toward quorum (marks them present on your word)", Ev(|c| confirm(c.rest, c.meeting))),
    cmd("/roll", "", "roll call: the roster in order, one key a person (p r a s, u back)", Q(|c| if c.rest.is_empty() { Ok(Command::RollCall) } else { Err("/roll takes nothing after it".into()) })),
    cmd("/share", "[qr ROLE | revoke ROLE | notes on|off]", "a shared session's links; a QR code; a new link for a role; attendees see the notes", Q(|c| parse_share(c.rest))),
    cmd("/attendance", "FILE", "tick the roster from the call's participant report (Zoom, Google Meet or Teams): shows the matches first", Q(parse_report_file)),
    cmd("/guest", "NAME (AFFILIATION), NAME", "people not on the roster joined", Ev(|c| parse_guest(c.rest))),
    cmd("/topic", "TITLE", "a topic inside the item: the notes after it go under it", Ev(|c| Ok(E::Capture(Capture::Topic(Topic { title: required(c.rest, c.name, "TITLE")? }))))),
    cmd("/note", "TEXT", "a note (alias /info; plain text is a note too)", Ev(parse_note)).aliases(&["/info"]),
    cmd("/outcome", "TEXT", "an outcome or decision (aliases /agreed, /decided)", Ev(parse_outcome)).aliases(&["/agreed", "/decided"]),
    cmd("/action", "OWNER[, OWNER]: TEXT [due YYYY-MM-DD]", "an action item", Ev(|c| parse_action(c.rest, c.meeting))),
    cmd("/link", "URL [TEXT]", "a link on the current item", Ev(|c| parse_link(c.rest))),
    cmd("/vote", "for N against N abstain N [TEXT]", "a vote, decided by the agenda's rule (/vote! records more votes than members present)", Ev(|c| parse_vote(c.rest, c.name == "vote!"))).aliases(&["/vote!"]),
    cmd("/motion", "TEXT [moved by NAME] [seconded by NAME]", "a motion on this item, open until decided (/consent, /vote, /rollvote)", Ev(motion::parse_motion)),
    cmd("/second", "NAME", "the open motion is seconded by NAME", Ev(motion::parse_second)),
    cmd("/amend", "TEXT", "the open motion now reads TEXT (its first wording is kept)", Ev(motion::parse_amend)),
    cmd("/withdraw", "", "the open motion is withdrawn by its mover", Ev(|c| c.bare(E::Motion(MotionStep::Withdraw)))),
    cmd("/consent", "", "the open motion carries by unanimous consent (hearing no objection)", Ev(|c| c.bare(E::Motion(MotionStep::Consent)))),
    cmd("/recuse", "NAME [REASON]", "NAME takes no part in this item's vote, nor counts in its base", Ev(motion::parse_recuse)),
    cmd("/rollvote", "[room]", "a recorded vote by name on the open motion (V on the agenda pane); room: members checked in from their pages vote there too", Ev(motion::parse_roll_vote)),
    cmd("/ballot", "NAME yes|no|abstain", "one member's vote in the recorded vote (changeable until closed)", Ev(motion::parse_ballot)),
    cmd("/closevote", "", "tally the recorded vote: the motion is decided by the agenda's rule", Ev(|c| c.bare(E::Motion(MotionStep::CloseVote)))),
    cmd("/done", "N", "review: old action N is done", Ev(|c| review(c.rest, ReviewStatus::Done, c.meeting))),
    cmd("/ongoing", "N", "review: old action N is still going", Ev(|c| review(c.rest, ReviewStatus::Ongoing, c.meeting))),
    cmd("/dropped", "N", "review: old action N is dropped", Ev(|c| review(c.rest, ReviewStatus::Dropped, c.meeting))),
    cmd("/recap", "TEXT", "the meeting's summary", Ev(|c| Ok(E::Recap { text: required(c.rest, c.name, "TEXT")? }))),
    cmd("/approve", "", "the previous meeting's minutes are approved", Ev(|c| c.bare(E::ApprovePrevious))),
    cmd("/nextmeeting", "YYYY-MM-DD [HH:MM]", "when the next meeting is", Ev(|c| parse_next_meeting(c.rest, c.meeting))),
    cmd("/queue", "NAME [reply|clarify|order] [TOPIC]", "add someone to the speaker queue", Ev(|c| parse_queue(c.rest, c.meeting))),
    cmd("/unqueue", "NAME", "drop someone from the queue", Ev(|c| Ok(E::Unqueue { name: resolve(c.rest, c.meeting)? }))),
    cmd("/speak", "", "give the floor to the next in the queue", Ev(|c| c.bare(E::Speak))),
    cmd("/rebalance", "[apply]", "new time boxes so the meeting ends on time", Q(|c| rebalance(c.rest, c.meeting, c.now))),
    cmd("s/OLD/NEW/[g]", "", "correct the latest entry with OLD (g: every entry)", Ev(|c| parse_correction(c.rest))).form(Form::Prefix("s/")),
    cmd("/private", "TEXT", "a note kept out of the public minutes", Ev(|c| Ok(note(required(c.rest, c.name, "TEXT")?, true)))),
    cmd("/actions", "", "every action so far, by owner", Q(|c| Ok(Command::Show { query: Query::Actions, title: "Actions so far".into(), body: actions_by_owner(c.meeting) }))),
    cmd("/undo", "", "revert the last change", Ev(|c| c.bare(E::Undo))),
    cmd("/end", "", "end the meeting", Ev(|c| c.bare(E::End))),
    cmd("/help", "", "this list", Q(|_| Ok(Command::Help))).aliases(&["/?"]),
];

const fn cmd(
    name: &'static str,
    args: &'static str,
    help: &'static str,
    parse: Parse,
) -> CommandSpec {
    CommandSpec {
        name,
        aliases: &[],
        args,
        help,
        form: Form::Slash,
        parse,
    }
}

impl CommandSpec {
    const fn aliases(self, aliases: &'static [&'static str]) -> CommandSpec {
        CommandSpec { aliases, ..self }
    }

    const fn form(self, form: Form) -> CommandSpec {
        CommandSpec { form, ..self }
    }

    /// Whether `typed` ("/agreed", in lower case) names this command.
    fn answers_to(&self, typed: &str) -> bool {
        self.form == Form::Slash && (self.name == typed || self.aliases.contains(&typed))
    }

    fn run(&self, call: &Call) -> Result<Command, String> {
        match self.parse {
            Parse::Event(parse) => Ok(Command::Event(Event::new(call.now, parse(call)?))),
            Parse::Query(query) => query(call),
        }
    }
}

/// The `/` commands whose name starts with `typed`, for Tab completion.
pub fn complete_command(typed: &str) -> impl Iterator<Item = &'static str> + '_ {
    COMMANDS
        .iter()
        .filter(move |c| c.form == Form::Slash && c.name.starts_with(typed))
        .map(|c| c.name)
}

/// Reads one line at instant `now`.
pub fn interpret(line: &str, meeting: &Meeting, now: DateTime<Utc>) -> Result<Interpreted, String> {
    read(line, meeting, now).map(Interpreted::from)
}

/// Reads one line at instant `now`, telling which query a shown text answers.
pub fn read(line: &str, meeting: &Meeting, now: DateTime<Utc>) -> Result<Command, String> {
    // Nearly every line is clean already: no copy is made of it then.
    let cleaned;
    let line = if crate::text::is_clean_line(line) {
        line
    } else {
        cleaned = clean_line(line);
        &cleaned
    };
    let line = line.trim();
    if line.is_empty() {
        return Err("nothing to record: the line is empty".into());
    }
    for spec in COMMANDS {
        if let Form::Prefix(prefix) = spec.form {
            if let Some(rest) = line.strip_prefix(prefix) {
                let name = prefix.trim_end_matches('/');
                return spec.run(&Call {
                    name,
                    rest,
                    meeting,
                    now,
                });
            }
        }
    }
    let plain = |text: String| Ok(Command::Event(Event::new(now, note(text, false))));
    if let Some(text) = line.strip_prefix("//") {
        return plain(format!("/{text}"));
    }
    let Some(command) = line.strip_prefix('/') else {
        return plain(line.to_string());
    };
    let (name, rest) = match command.split_once(char::is_whitespace) {
        Some((n, r)) => (n, r.trim()),
        None => (command, ""),
    };
    let name = name.to_lowercase();
    let typed = format!("/{name}");
    match COMMANDS.iter().find(|c| c.answers_to(&typed)) {
        Some(spec) => spec.run(&Call {
            name: &name,
            rest,
            meeting,
            now,
        }),
        None => Err(unknown_command(&name)),
    }
}

/// `/attendance FILE`: the file's path as typed, without the quotes or the backslashes a
/// terminal adds when a file is dropped on it (`'/tmp/my report.csv'`, `my\ report.csv`).
fn parse_report_file(c: &Call) -> Result<Command, String> {
    let typed = c.rest.trim();
    let unquoted = ['"', '\'']
        .iter()
        .find_map(|q| {
            typed
                .strip_prefix(*q)
                .and_then(|t| t.strip_suffix(*q))
                .filter(|t| !t.is_empty())
        })
        .map_or_else(|| typed.replace("\\ ", " "), str::to_string);
    if unquoted.is_empty() {
        return Err(
            "/attendance needs the call's report: /attendance participants.csv (Zoom, Google Meet or Teams)"
                .into(),
        );
    }
    Ok(Command::AttendanceReport { file: unquoted })
}

fn parse_follow_up(c: &Call) -> Result<EventKind, String> {
    let (typed, timebox) = split_duration(c.rest);
    let title = if typed.is_empty() {
        let current = c
            .meeting
            .current_item()
            .map_or("this item", |i| i.title.as_str());
        format!("Follow-up: {current}")
    } else {
        typed
    };
    Ok(E::FollowUp {
        title,
        timebox: timebox.unwrap_or(600),
    })
}

fn parse_goto(c: &Call) -> Result<EventKind, String> {
    if c.rest.is_empty() {
        return Err("/goto needs an item number or title".into());
    }
    Ok(E::Goto {
        item: c.meeting.find_item(c.rest)?,
    })
}

fn parse_extend(c: &Call) -> Result<EventKind, String> {
    Ok(E::Extend {
        secs: if c.rest.is_empty() {
            300
        } else {
            agenda::parse_duration(c.rest)?
        },
    })
}

fn parse_defer(c: &Call) -> Result<EventKind, String> {
    let item = if c.rest.is_empty() {
        c.meeting
            .current()
            .ok_or("no item is running: say which, /defer N")?
    } else {
        c.meeting.find_item(c.rest)?
    };
    Ok(E::Defer { item })
}

fn parse_note(c: &Call) -> Result<EventKind, String> {
    let (private, text) = private_flag(c.rest);
    Ok(note(required(text, c.name, "TEXT")?, private))
}

fn parse_outcome(c: &Call) -> Result<EventKind, String> {
    let (private, text) = private_flag(c.rest);
    Ok(E::Capture(Capture::Outcome(Outcome {
        text: required(text, c.name, "TEXT")?,
        private,
    })))
}

fn note(text: String, private: bool) -> EventKind {
    EventKind::Capture(Capture::Note(Note { text, private }))
}

fn required(text: &str, name: &str, what: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        Err(format!("/{name} needs {what}"))
    } else {
        Ok(text.trim().to_string())
    }
}

/// `/action /private …`, `/outcome /private …`.
fn private_flag(rest: &str) -> (bool, &str) {
    match rest.strip_prefix("/private") {
        Some(r) if r.is_empty() || r.starts_with(char::is_whitespace) => (true, r.trim()),
        _ => (false, rest),
    }
}

fn unknown_command(name: &str) -> String {
    let typed = format!("/{name}");
    let close = COMMANDS
        .iter()
        .filter(|c| c.form == Form::Slash)
        .map(|c| c.name)
        .min_by_key(|c| edit_distance(c, &typed))
        .filter(|c| edit_distance(c, &typed) <= 2);
    match close {
        Some(c) => format!("unknown command {typed}: did you mean {c}? (/help lists them all)"),
        None => format!("unknown command {typed}: /help lists them all"),
    }
}

/// Resolves one typed name against the roster and guests.
pub fn resolve(query: &str, m: &Meeting) -> Result<String, String> {
    match m.find_person(query) {
        NameMatch::One(name) => Ok(name),
        NameMatch::Many(c) => Err(format!(
            "`{}` matches {}: type more of the name",
            query.trim(),
            c.join(", ")
        )),
        NameMatch::None if query.trim().is_empty() => Err("name someone".into()),
        NameMatch::None => Err(format!(
            "nobody on the roster or guest list matches `{}` (a newcomer? /guest NAME)",
            query.trim()
        )),
    }
}

fn attendance(rest: &str, status: Presence, m: &Meeting) -> Result<EventKind, String> {
    let mut names = Vec::new();
    for part in rest.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let name = resolve(part, m)?;
        if !names.contains(&name) {
            names.push(name);
        }
    }
    if names.is_empty() {
        return Err("name at least one person: /present NAME, NAME".into());
    }
    Ok(EventKind::Attendance { names, status })
}

/// `/confirm`: every voting member (or alternate) whose presence only their own page says
/// is marked present on the chair's word, so they count toward quorum.
fn confirm(rest: &str, m: &Meeting) -> Result<EventKind, String> {
    if !rest.trim().is_empty() {
        return Err("/confirm takes nothing after it: it confirms every check-in waiting".into());
    }
    let names = m.awaiting_confirmation();
    if names.is_empty() {
        return Err("no check-in from an attendee's page waits for confirmation".into());
    }
    Ok(EventKind::Attendance {
        names,
        status: Presence::Present,
    })
}

fn parse_guest(rest: &str) -> Result<EventKind, String> {
    let mut guests = Vec::new();
    for part in split_outside_parens(rest) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (name, affiliation) = match (part.find('('), part.ends_with(')')) {
            (Some(open), true) => {
                let aff = part[open + 1..part.len() - 1].trim();
                (
                    part[..open].trim(),
                    (!aff.is_empty()).then(|| aff.to_string()),
                )
            }
            _ => (part, None),
        };
        if name.is_empty() {
            return Err("/guest needs a name: /guest NAME (AFFILIATION), NAME".into());
        }
        guests.push(crate::meeting::NewGuest {
            name: name.to_string(),
            affiliation,
        });
    }
    match guests.len() {
        0 => Err("/guest needs a name: /guest NAME (AFFILIATION)".into()),
        1 => {
            let g = guests.remove(0);
            Ok(EventKind::Guest {
                name: g.name,
                affiliation: g.affiliation,
            })
        }
        _ => Ok(EventKind::Guests { guests }),
    }
}

/// Splits at commas, except those inside parentheses ("A (X, Y), B" is two parts).
fn split_outside_parens(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// Takes a trailing duration with a unit ("10m", "1h30m") off `text`.
fn split_duration(text: &str) -> (String, Option<Secs>) {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    if let Some(last) = words.last() {
        if last.chars().any(|c| c.is_ascii_alphabetic()) {
            if let Ok(secs) = agenda::parse_duration(last) {
                words.pop();
                return (words.join(" "), Some(secs));
            }
        }
    }
    (words.join(" "), None)
}

fn parse_add(rest: &str, m: &Meeting) -> Result<EventKind, String> {
    let (text, timebox) = split_duration(rest);
    let timebox: Secs = timebox.unwrap_or(600);
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let mut presenter = None;
    if let Some(at) = words.iter().position(|w| w.starts_with('@')) {
        let typed = words[at..].join(" ");
        let typed = typed.trim_start_matches('@').trim();
        presenter = Some(match m.find_person(typed) {
            NameMatch::One(n) => n,
            NameMatch::Many(c) => {
                return Err(format!(
                    "`{typed}` matches {}: type more of the name",
                    c.join(", ")
                ))
            }
            NameMatch::None => typed.to_string(),
        });
        words.truncate(at);
    }
    let title = words.join(" ");
    if title.is_empty() {
        return Err("/add needs a title: /add TITLE [@presenter] [10m]".into());
    }
    Ok(EventKind::AddItem {
        title,
        presenter,
        timebox,
    })
}

fn parse_action(rest: &str, m: &Meeting) -> Result<EventKind, String> {
    let (private, rest) = private_flag(rest);
    let Some((owners_text, text)) = rest.split_once(':') else {
        return Err("write an action as /action OWNER: TEXT [due YYYY-MM-DD]".into());
    };
    let mut owners = Vec::new();
    for typed in owners_text
        .split([',', '/'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let owner = match m.find_person(typed) {
            NameMatch::One(n) => n,
            NameMatch::Many(c) => {
                return Err(format!(
                    "owner `{typed}` matches {}: type more of the name",
                    c.join(", ")
                ))
            }
            NameMatch::None => typed.to_string(),
        };
        if !owners.contains(&owner) {
            owners.push(owner);
        }
    }
    if owners.is_empty() {
        return Err("an action needs an owner: /action OWNER: TEXT".into());
    }
    let (text, due) = split_due(text.trim())?;
    if text.is_empty() {
        return Err("an action needs some text after the owner".into());
    }
    Ok(EventKind::Capture(Capture::Action(Action {
        owners,
        text,
        due,
        private,
    })))
}

/// Takes a trailing "due YYYY-MM-DD" (or "(due YYYY-MM-DD)") off an action's text.
fn split_due(text: &str) -> Result<(String, Option<NaiveDate>), String> {
    let trimmed = text.trim_end_matches(')').trim_end();
    let Some(pos) = trimmed.to_lowercase().rfind("due ") else {
        return Ok((text.to_string(), None));
    };
    let before_ok = pos == 0 || trimmed[..pos].ends_with([' ', '(', ',', ';']);
    let date_text = trimmed[pos + 4..].trim();
    if !before_ok || date_text.contains(' ') || date_text.is_empty() {
        return Ok((text.to_string(), None));
    }
    let due = NaiveDate::parse_from_str(date_text, "%Y-%m-%d")
        .map_err(|_| format!("`{date_text}` is not a due date: write due YYYY-MM-DD"))?;
    let head = trimmed[..pos]
        .trim_end()
        .trim_end_matches(['(', ',', ';'])
        .trim_end();
    Ok((head.to_string(), Some(due)))
}

fn parse_share(rest: &str) -> Result<Command, String> {
    use crate::role::Role;
    let words: Vec<&str> = rest.split_whitespace().collect();
    let role = |w: &str| {
        Role::parse(&w.to_lowercase())
            .ok_or_else(|| format!("`{w}` is not a role: chair, scribe, viewer or attendee"))
    };
    Ok(Command::Share(match words.as_slice() {
        [] => ShareAsk::Links,
        ["qr"] => ShareAsk::Qr(Role::Scribe),
        ["qr", r] => ShareAsk::Qr(role(r)?),
        ["revoke", r] => ShareAsk::Revoke(role(r)?),
        ["notes", "on"] => ShareAsk::Notes(true),
        ["notes", "off"] => ShareAsk::Notes(false),
        _ => {
            return Err("/share, /share qr ROLE, /share revoke ROLE or /share notes on|off".into())
        }
    }))
}

fn parse_link(rest: &str) -> Result<EventKind, String> {
    let (url, text) = match rest.split_once(char::is_whitespace) {
        Some((u, t)) => (u, Some(t.trim().to_string()).filter(|t| !t.is_empty())),
        None => (rest, None),
    };
    if url.is_empty() {
        return Err("/link needs a URL: /link URL [TEXT]".into());
    }
    Ok(EventKind::Capture(Capture::Link(Link {
        url: url.to_string(),
        text,
    })))
}

/// `/vote!` (`more_than_present`) records the vote even when more votes are cast than
/// voting members are present.
fn parse_vote(rest: &str, more_than_present: bool) -> Result<EventKind, String> {
    let usage = "write a vote as /vote for N against N abstain N [TEXT]";
    let (mut yes, mut against, mut abstain) = (None, None, None);
    let mut remaining = rest.trim_start();
    while let Some((word, after)) = next_word(remaining) {
        let slot = match word.trim_end_matches([',', ':']).to_lowercase().as_str() {
            "for" | "yes" | "aye" | "ayes" => &mut yes,
            "against" | "no" | "nay" | "nays" => &mut against,
            "abstain" | "abstained" | "abstentions" => &mut abstain,
            _ => break,
        };
        let Some((count, after_count)) = next_word(after) else {
            return Err(usage.into());
        };
        let Ok(count) = count.trim_end_matches([',', ';', ':']).parse::<u32>() else {
            // "for" not followed by a count starts the motion's text.
            break;
        };
        if slot.replace(count).is_some() {
            return Err(format!("{usage} (each count once)"));
        }
        remaining = after_count;
    }
    if yes.is_none() && against.is_none() {
        return Err(usage.into());
    }
    let text = remaining.trim().trim_start_matches([':', '-', '—']).trim();
    Ok(EventKind::Capture(Capture::Vote(Ballot {
        yes: yes.unwrap_or(0),
        against: against.unwrap_or(0),
        abstain: abstain.unwrap_or(0),
        text: (!text.is_empty()).then(|| text.to_string()),
        more_than_present,
    })))
}

/// The first whitespace-separated word of `s` and the rest after it.
fn next_word(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_start();
    if s.is_empty() {
        return None;
    }
    Some(match s.find(char::is_whitespace) {
        Some(i) => (&s[..i], s[i..].trim_start()),
        None => (s, ""),
    })
}

fn review(rest: &str, status: ReviewStatus, m: &Meeting) -> Result<EventKind, String> {
    let carried = m.agenda().actions.len();
    let n: usize = rest.trim().parse().map_err(|_| {
        format!(
            "/{} takes the number of an open action from the agenda (1 to {carried})",
            status.as_str()
        )
    })?;
    if n == 0 || n > carried {
        return Err(if carried == 0 {
            "the agenda carries no open actions to review".into()
        } else {
            format!("there is no open action {n}: the agenda carries {carried}")
        });
    }
    Ok(EventKind::Review {
        action: n - 1,
        status,
    })
}

fn parse_next_meeting(rest: &str, m: &Meeting) -> Result<EventKind, String> {
    let mut parts = rest.split_whitespace();
    let usage = "write it as /nextmeeting YYYY-MM-DD HH:MM";
    let date = parts
        .next()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .ok_or(usage)?;
    let time = match parts.next() {
        Some(t) => NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| usage)?,
        None => m.agenda().meeting.start,
    };
    if parts.next().is_some() {
        return Err(usage.into());
    }
    Ok(EventKind::NextMeeting {
        when: date.and_time(time),
    })
}

fn parse_queue(rest: &str, m: &Meeting) -> Result<EventKind, String> {
    let words: Vec<&str> = rest.split_whitespace().collect();
    if words.is_empty() {
        return Err("/queue needs a name: /queue NAME [reply|clarify|order] [TOPIC]".into());
    }
    // The longest run of leading words that names exactly one person is the name.
    let mut found = None;
    for k in (1..=words.len()).rev() {
        if let NameMatch::One(name) = m.find_person(&words[..k].join(" ")) {
            found = Some((name, k));
            break;
        }
    }
    let (name, used) = match found {
        Some(f) => f,
        None => return Err(resolve(words[0], m).err().unwrap_or_default()),
    };
    let mut rest = &words[used..];
    let kind = match rest.first().map(|w| w.to_lowercase()) {
        Some(w) if w == "reply" => Some(QueueKind::Reply),
        Some(w) if w == "clarify" || w == "clarifying" || w == "question" => {
            Some(QueueKind::Clarify)
        }
        Some(w) if w == "order" || w == "poo" => Some(QueueKind::Order),
        Some(w) if w == "topic" || w == "new" => Some(QueueKind::Topic),
        _ => None,
    };
    if kind.is_some() {
        rest = &rest[1..];
    }
    let topic = rest.join(" ");
    Ok(EventKind::Queue {
        name,
        kind: kind.unwrap_or(QueueKind::Topic),
        topic: (!topic.is_empty()).then_some(topic),
    })
}

/// `s/OLD/NEW/` or `s/OLD/NEW/g` (the leading `s/` already taken off). `\/` is a slash.
fn parse_correction(rest: &str) -> Result<EventKind, String> {
    let usage = "write a correction as s/OLD/NEW/ or s/OLD/NEW/g";
    let mut parts = vec![String::new()];
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('/') => parts.last_mut().ok_or(usage)?.push('/'),
                Some(other) => {
                    let part = parts.last_mut().ok_or(usage)?;
                    part.push('\\');
                    part.push(other);
                }
                None => parts.last_mut().ok_or(usage)?.push('\\'),
            },
            '/' => parts.push(String::new()),
            c => parts.last_mut().ok_or(usage)?.push(c),
        }
    }
    let global = match parts.len() {
        2 => false,
        3 if parts[2].is_empty() => false,
        3 if parts[2] == "g" => true,
        _ => return Err(usage.into()),
    };
    if parts[0].is_empty() {
        return Err(usage.into());
    }
    Ok(EventKind::Correct {
        old: parts[0].clone(),
        new: parts[1].clone(),
        global,
    })
}

/// `/rebalance` without its line: the proposed time boxes (a key asks for them directly).
pub fn rebalance_proposal(m: &Meeting, now: DateTime<Utc>) -> Result<Command, String> {
    rebalance("", m, now)
}

fn rebalance(rest: &str, m: &Meeting, now: DateTime<Utc>) -> Result<Command, String> {
    let plan = rebalance_plan(m, now)?;
    match rest {
        "apply" => Ok(Command::Event(Event::new(
            now,
            EventKind::Rebalance { plan },
        ))),
        "" => {
            let body = plan
                .iter()
                .map(|&(i, secs)| {
                    let item = &m.items()[i];
                    format!(
                        "{}. {}: {} → {} min",
                        i + 1,
                        item.title,
                        item.timebox / 60,
                        secs / 60
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            Ok(Command::Show {
                query: Query::RebalancePlan,
                title: "Proposed time boxes (/rebalance apply to use them)".into(),
                body,
            })
        }
        _ => Err("write /rebalance to see a plan, /rebalance apply to use it".into()),
    }
}

/// Every action captured so far and every old action not yet closed, by owner.
pub fn actions_by_owner(m: &Meeting) -> String {
    let mut by_owner: Vec<(String, Vec<String>)> = Vec::new();
    let mut add = |owner: &str, line: String| match by_owner.iter_mut().find(|(o, _)| o == owner) {
        Some((_, lines)) => lines.push(line),
        None => by_owner.push((owner.to_string(), vec![line])),
    };
    for a in m.actions().iter().filter(|a| !a.removed) {
        let due = a.due.map(|d| format!(" (due {d})")).unwrap_or_default();
        let private = if a.private { " [private]" } else { "" };
        for o in &a.owners {
            add(o, format!("{}{due}{private}", a.text));
        }
    }
    for (i, a) in m.agenda().actions.iter().enumerate() {
        let state = match m.reviews()[i] {
            Some(ReviewStatus::Done) | Some(ReviewStatus::Dropped) => continue,
            Some(ReviewStatus::Ongoing) => "ongoing",
            None => "not reviewed",
        };
        for o in &a.owners {
            add(o, format!("{} (old action {}, {state})", a.text, i + 1));
        }
    }
    if by_owner.is_empty() {
        return "No actions yet.".into();
    }
    by_owner
        .iter()
        .map(|(o, lines)| {
            format!(
                "{o}:\n{}",
                lines
                    .iter()
                    .map(|l| format!("  - {l}\n"))
                    .collect::<String>()
            )
        })
        .collect::<Vec<_>>()
        .join("")
        .trim_end()
        .to_string()
}

mod motion;
#[cfg(test)]
mod tests;
