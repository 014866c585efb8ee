//! `gavel serve` (a shared session with no screen), `gavel join` (a participant's screen)
//! and what `gavel run --share` adds to the moderator's screen.

use super::load_agenda;
use crate::clerk::Clerk;
use crate::error::{display, Failure};
use crate::meeting::{Event, Meeting, Phase};
use crate::minutes::files::MinutesFiles;
use crate::role::Sender;
use crate::session::{self, Session};
use crate::share::client::{self, Client, FromHost};
use crate::share::host::{exposure_warning, Host, SaveNews};
use crate::share::outbox::{Outbox, OutboxRecorder};
use crate::share::replica::Replica;
pub use crate::share::tls::TlsFiles;
use crate::text::clean_line;
use std::cell::RefCell;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Where a shared session keeps its tokens (0600), so that links survive a restart.
pub fn tokens_path(session: &Session) -> PathBuf {
    session.dir().join("share.json")
}

/// What a host needs of its session, taken before the session goes to the clerk.
pub struct HostPlan {
    id: String,
    tokens: PathBuf,
    agenda_text: String,
}

impl HostPlan {
    pub fn of(session: &Session) -> Result<HostPlan, Failure> {
        Ok(HostPlan {
            id: session.id().to_string(),
            tokens: tokens_path(session),
            agenda_text: session.agenda_text()?,
        })
    }
}

/// Starts serving `clerk`'s meeting (the clerk starts keeping its log here, from `earlier`:
/// the journal so far).
pub fn start_host(
    listen: &str,
    tls: Option<&TlsFiles>,
    plan: HostPlan,
    clerk: &mut Clerk,
    earlier: Vec<Event>,
) -> Result<Host, Failure> {
    let tls = tls
        .map(crate::share::tls::server_config)
        .transpose()
        .map_err(Failure::Input)?;
    clerk.keep_log(earlier);
    let host = Host::start(listen, &plan.id, plan.tokens, plan.agenda_text, clerk, tls)
        .map_err(|e| Failure::Runtime(format!("cannot share the session: {e}")))?;
    if let Some(warning) = exposure_warning(host.addr(), host.tls()) {
        eprintln!("gavel: {warning}");
    }
    if let Some(note) = host.files_note() {
        eprintln!("gavel: {note}");
    }
    Ok(host)
}

/// What `gavel serve` needs.
pub struct ServeArgs {
    pub data_dir: Option<PathBuf>,
    pub agenda: PathBuf,
    pub listen: String,
    pub tls: Option<TlsFiles>,
    pub out: Option<PathBuf>,
    pub private: bool,
    pub force: bool,
}

/// `gavel serve`: the shared session with no screen. Never asks: an unfinished session of
/// the agenda is resumed, an agenda dated another day runs as today's (said on standard
/// error). Prints one `ROLE: URL` line per role as soon as it listens, and serves until
/// SIGTERM, SIGINT or SIGHUP; at the meeting's end it writes the minutes.
pub fn serve(args: &ServeArgs) -> Result<u8, Failure> {
    // A journal write past a file size limit then fails (and is said) instead of killing
    // the host.
    crate::tui::ignore_file_size_signal();
    let data = session::data_dir(args.data_dir.clone())?;
    let (session, meeting, earlier) = open_or_start(&data, &args.agenda)?;
    let id = session.id().to_string();
    let plan = HostPlan::of(&session)?;
    let mut clerk = Clerk::new(meeting, Box::new(session));
    let mut host = start_host(&args.listen, args.tls.as_ref(), plan, &mut clerk, earlier)?;
    host.without_a_chairs_screen();
    {
        let mut out = std::io::stdout().lock();
        for (role, link) in host.links() {
            let _ = writeln!(out, "{}: {link}", role.name());
        }
        let _ = out.flush();
    }
    eprintln!(
        "gavel: serving session {id} on {} (stop with Ctrl-C; `gavel serve` again resumes it)",
        host.addr()
    );
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGHUP,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .map_err(|e| Failure::Runtime(format!("cannot watch for signals: {e}")))?;
    }
    let files = MinutesFiles::beside(&args.agenda, args.out.as_deref(), args.private, args.force);
    let mut wrote_minutes = clerk.meeting().phase() == Phase::Ended;
    // A full disk is said on standard error when it starts (its count again at most every
    // 10 s) and when it is over; participants are told by the host.
    let mut saving = SaveNews::new(std::time::Duration::from_secs(10));
    while !stop.load(Ordering::Relaxed) {
        wait_readable(host.wake_fd(), 1000);
        host.pump(&mut clerk, chrono::Utc::now());
        if clerk.pending() > 0 && clerk.write_pending().is_ok() {
            host.flush(&clerk, chrono::Utc::now());
        }
        if let Some(news) = saving.news(&clerk) {
            eprintln!("gavel: {news}");
        }
        if !wrote_minutes && clerk.meeting().phase() == Phase::Ended && clerk.pending() == 0 {
            wrote_minutes = true;
            let meeting = clerk.meeting();
            match files.write(meeting, meeting.minutes_time()) {
                Ok(written) => eprintln!("gavel: minutes written: {}", display(&written.markdown)),
                Err(e) => eprintln!("gavel: minutes not written: {}", clean_line(e.message())),
            }
        }
    }
    host.say_to_all("the host is stopping; your entries wait in your outbox until it is back");
    host.flush(&clerk, chrono::Utc::now());
    if clerk.pending() > 0 {
        eprintln!(
            "gavel: {} change(s) could not be saved to disk before stopping",
            clerk.pending()
        );
        return Ok(1);
    }
    eprintln!("gavel: stopped; session {id} is kept: `gavel serve` again resumes it");
    Ok(0)
}

/// The unfinished session of `agenda_path`, resumed without asking, or a new one (an agenda
/// dated another day becomes today's, said on standard error).
fn open_or_start(
    data: &Path,
    agenda_path: &Path,
) -> Result<(Session, Meeting, Vec<Event>), Failure> {
    if let Some(info) = session::find_unfinished(data, agenda_path) {
        let (session, loaded) = Session::open(data, &info.id)?;
        for w in &loaded.warnings {
            eprintln!("gavel: {}", clean_line(w));
        }
        eprintln!(
            "gavel: resuming the unfinished session {} ({} recorded change(s))",
            clean_line(&info.id),
            loaded.recorded
        );
        let earlier = loaded.events()?;
        return Ok((session, loaded.meeting, earlier));
    }
    let (mut agenda, mut source) = load_agenda(agenda_path)?;
    let today = agenda.meeting.timezone.local(chrono::Utc::now()).date();
    if agenda.meeting.date != today {
        if let Some(redated) = crate::agenda::redate(&source, today) {
            eprintln!(
                "gavel: the agenda is dated {}; serving it as today's meeting ({today})",
                agenda.meeting.date
            );
            source = redated;
            agenda.meeting.date = today;
        }
    }
    let session = Session::start(data, agenda_path, &agenda, &source)?;
    Ok((session, Meeting::new(agenda), Vec::new()))
}

/// Waits until `fd` is readable or `ms` pass.
fn wait_readable(fd: std::os::fd::RawFd, ms: i32) {
    let mut pfd = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd for the duration of the call.
    unsafe { libc::poll(&mut pfd, 1, ms) };
}

/// What `gavel join` needs.
pub struct JoinArgs {
    pub data_dir: Option<PathBuf>,
    pub url: String,
    pub name: Option<String>,
    /// The config file's moderator name, the fallback for `--name`.
    pub config_name: Option<String>,
    pub projector: bool,
    /// A certificate to trust for an https:// link (a host's own or self-signed one).
    pub ca: Option<PathBuf>,
    pub palette: crate::tui::theme::Palette,
    pub twelve_hour: bool,
}

/// `gavel join URL`: the same screen as a participant. Never asks anything.
pub fn join(args: &JoinArgs) -> Result<u8, Failure> {
    use std::io::IsTerminal;
    let url = client::socket_url(&args.url).map_err(Failure::Input)?;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(Failure::Input("gavel join needs a terminal".into()));
    }
    let name = args
        .name
        .clone()
        .or_else(|| args.config_name.clone())
        .or_else(login_name)
        .map(|n| clean_line(n.trim()))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "participant".into());
    let data = session::data_dir(args.data_dir.clone())?;
    let dir = data
        .join("joined")
        .join(format!("{:016x}", crate::output::fnv1a64(url.as_bytes())));
    let participant = participant_id(&dir)?;
    // One `gavel join` per link and data directory: two would share one id and one outbox
    // and each take the other's commands for already recorded.
    let _lock = crate::session::lock::Lock::acquire(&dir.join("lock")).map_err(|e| match e {
        crate::session::lock::LockError::Held(holder) => Failure::Input(format!(
            "this link is already joined from this data directory (process {}): use that \
             screen, or another --data-dir",
            holder.pid
        )),
        crate::session::lock::LockError::Io(e) => {
            Failure::Runtime(format!("cannot lock {}: {e}", display(&dir)))
        }
    })?;
    let outbox = Outbox::open(&dir).map_err(|e| {
        Failure::Runtime(format!("cannot open the outbox in {}: {e}", display(&dir)))
    })?;
    // Said here (left on the terminal when the screen closes) and on the screen below.
    let outbox_warnings = outbox.warnings().to_vec();
    for w in &outbox_warnings {
        eprintln!("gavel: {}", clean_line(w));
    }
    let tls = if url.starts_with("wss://") {
        Some(crate::share::tls::client_config(args.ca.as_deref()).map_err(Failure::Input)?)
    } else {
        None
    };
    let client = Client::start(
        url.clone(),
        participant.clone(),
        name.clone(),
        outbox.shared(),
        tls,
    )
    .map_err(|e| Failure::Runtime(format!("cannot start the connection: {e}")))?;
    let Some(welcome) = wait_for_welcome(&client, &args.url)? else {
        return Ok(1);
    };
    if let crate::share::protocol::ToParticipant::Welcome {
        role: crate::role::Role::Attendee,
        ..
    } = &welcome
    {
        return Err(Failure::Input(
            "this is an attendee's link: open it in a web browser (the terminal joins with a \
             chair, scribe or viewer link)"
                .into(),
        ));
    }
    let mut replica = Replica::from_welcome(&welcome).map_err(Failure::Runtime)?;
    if !catch_up(&client, &mut replica)? {
        return Ok(1);
    }
    let mut outbox = outbox;
    if let crate::share::protocol::ToParticipant::Welcome { last_seq, .. } = &welcome {
        // What the host recorded before is no longer pending (a restart after an ack lost).
        outbox
            .settle_through(*last_seq)
            .map_err(|e| Failure::Runtime(format!("cannot update the outbox: {e}")))?;
    }
    let outbox = Rc::new(RefCell::new(outbox));
    let role = replica.role();
    // The screen holds the host's meeting from now on (once, not beside a copy).
    let meeting = replica
        .hand_over()
        .ok_or_else(|| Failure::Runtime("the host's meeting was not taken in".into()))?;
    let mut clerk = Clerk::new(meeting, Box::new(OutboxRecorder(Rc::clone(&outbox))));
    clerk.seat(Sender {
        role,
        participant,
        name: name.clone(),
    });
    let mut app = crate::tui::App::with_clerk(clerk);
    app.set_session(replica.session().to_string());
    app.set_twelve_hour(args.twelve_hour);
    app.theme_mut().palette = args.palette;
    app.join(crate::tui::app::Joined::new(
        replica,
        Rc::clone(&outbox),
        args.projector,
    ));
    // The loop sends what the outbox makes durable; the connection sends what it held
    // already once caught up.
    let mut network = crate::tui::Network::participant(client, Rc::clone(&outbox));
    // What came after the catch-up, before the first frame (its effects only settle the
    // outbox: nothing for the terminal).
    crate::tui::pump_network(
        &mut app,
        &mut network,
        &mut crate::tui::AfterFrame::default(),
        chrono::Utc::now(),
    );
    if !outbox_warnings.is_empty() {
        app.warn(&clean_line(&outbox_warnings.join("; ")));
    }
    let (mut app, _network, _closed) = crate::tui::run(app, network, None)
        .map_err(|e| Failure::Runtime(format!("the terminal failed: {e}")))?;
    // A quit forced while the disk refused the outbox: one more try, else the entries are
    // printed, as commands to type again (they were never sent).
    let _ = app.clerk_mut().write_pending();
    let unsaved = app.unsaved_events();
    if !unsaved.is_empty() {
        eprintln!(
            "gavel: {} entr{} could not be written to the outbox and were not sent; type them again:",
            unsaved.len(),
            if unsaved.len() == 1 { "y" } else { "ies" },
        );
        eprint!("{}", crate::rescue::transcript(app.meeting(), &unsaved));
    }
    let waiting = outbox.borrow().pending().len();
    if waiting > 0 {
        eprintln!(
            "gavel: {waiting} entr{} not yet recorded by the host wait in the outbox; `gavel join {}` again sends them",
            if waiting == 1 { "y" } else { "ies" },
            args.url.trim()
        );
    }
    if let Some(crate::tui::app::Link::Participant(p)) = app.link() {
        if let Some(why) = &p.refused {
            eprintln!("gavel: {}", clean_line(why));
            return Ok(1);
        }
        if p.host_closed_after_end {
            say_ended(p.replica.host_meeting(app.meeting()), &dir);
        }
    }
    Ok(if unsaved.is_empty() { 0 } else { 1 })
}

/// The meeting ended and the host went: says so, with this participant's own copy of the
/// minutes (the host's record as it came over the link, without private entries), written
/// into the link's folder of the data directory. The host writes its own where it runs;
/// it does not say where over the link.
fn say_ended(meeting: &Meeting, dir: &Path) {
    // Named as the host names its session (the date and the series or title).
    let stem = session::id_base(meeting.agenda(), Path::new(""));
    let files = MinutesFiles::beside(&dir.join(format!("{stem}.toml")), None, false, false);
    match files.write(meeting, meeting.minutes_time()) {
        Ok(written) => eprintln!(
            "gavel: the meeting has ended and the host has closed the session; your copy of the \
             minutes (as the host recorded them, without private entries): {}",
            display(&written.markdown)
        ),
        Err(e) => eprintln!(
            "gavel: the meeting has ended and the host has closed the session (the host writes \
             the minutes; your copy could not be written: {e})"
        ),
    }
}

/// Waits for the host's first answer, saying on standard error while it cannot be reached.
/// None when the host refused the link (said).
fn wait_for_welcome(
    client: &Client,
    link: &str,
) -> Result<Option<crate::share::protocol::ToParticipant>, Failure> {
    let mut said = String::new();
    loop {
        wait_readable(std::os::fd::AsRawFd::as_raw_fd(&client.wake), 1000);
        crate::share::wake::drain(&client.wake);
        while let Ok(news) = client.inbound.try_recv() {
            match news {
                FromHost::Message(m @ crate::share::protocol::ToParticipant::Welcome { .. }) => {
                    return Ok(Some(m))
                }
                FromHost::Refused(why) => {
                    eprintln!("gavel: {}", clean_line(&why));
                    return Ok(None);
                }
                FromHost::Offline(why) if why != said => {
                    eprintln!(
                        "gavel: cannot reach {} yet ({}); retrying every second (Ctrl-C stops)",
                        link.trim(),
                        clean_line(&why)
                    );
                    said = why;
                }
                _ => {}
            }
        }
    }
}

/// Takes the host's pages of catch-up into `replica` until it has the whole meeting, one
/// page at a time (the messages after the last page wait for the screen). False when the
/// host refused the link (said).
fn catch_up(client: &Client, replica: &mut Replica) -> Result<bool, Failure> {
    while replica.catching_up() {
        wait_readable(std::os::fd::AsRawFd::as_raw_fd(&client.wake), 1000);
        crate::share::wake::drain(&client.wake);
        while replica.catching_up() {
            let Ok(news) = client.inbound.try_recv() else {
                break;
            };
            match news {
                FromHost::Message(m) => {
                    if let crate::share::replica::News::Said {
                        reason,
                        fatal: true,
                    } = replica.receive(m)
                    {
                        return Err(Failure::Runtime(reason));
                    }
                }
                FromHost::Refused(why) => {
                    eprintln!("gavel: {}", clean_line(&why));
                    return Ok(false);
                }
                FromHost::Offline(why) => {
                    eprintln!(
                        "gavel: the connection dropped while catching up ({}); retrying",
                        clean_line(&why)
                    );
                }
                FromHost::Online => {}
            }
        }
    }
    Ok(true)
}

/// This participant's id for a session: made once, kept in its directory (0600).
fn participant_id(dir: &Path) -> Result<String, Failure> {
    crate::fsutil::create_dir_private(dir)
        .map_err(|e| Failure::Runtime(format!("cannot create {}: {e}", display(dir))))?;
    let path = dir.join("participant");
    if let Ok(bytes) = crate::fsutil::read_nofollow(&path) {
        let id = String::from_utf8_lossy(&bytes).trim().to_string();
        if id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(id);
        }
    }
    let id = crate::share::access::random_id().map_err(|e| Failure::Runtime(e.to_string()))?;
    crate::fsutil::write_atomic_mode(&path, id.as_bytes(), 0o600)
        .map_err(|e| Failure::Runtime(format!("cannot write {}: {e}", display(&path))))?;
    Ok(id)
}

fn login_name() -> Option<String> {
    std::env::var("USER")
        .ok()
        .or_else(|| std::env::var("LOGNAME").ok())
        .filter(|n| !n.is_empty())
}
