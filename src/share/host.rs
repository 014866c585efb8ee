//! The host of a shared session, as the thread that owns the meeting sees it: the server,
//! the sequencer and who is connected. The screen's loop (`gavel run --share`) and `gavel
//! serve` both call [`Host::pump`] whenever the wake-up descriptor is readable, and after
//! every change of their own.

use super::access::{Role, Tokens};
use super::protocol::ToParticipant;
use super::sequencer::{Sender, Sequencer};
use super::server::{ConnId, Inbound, Limits, Server};
use crate::clerk::Clerk;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::io;
use std::os::fd::{AsRawFd, RawFd};
use std::path::PathBuf;

/// By default a shared session listens on loopback only.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:7707";

pub struct Host {
    server: Server,
    /// "http" or "https".
    scheme: &'static str,
    sequencer: Sequencer<ConnId>,
    senders: HashMap<ConnId, Sender>,
    agenda_text: String,
    tokens_path: PathBuf,
    links: Vec<(Role, String)>,
}

impl Host {
    /// Starts serving the meeting in `clerk` (whose log holds the journal so far) on `addr`.
    /// The tokens are kept in `tokens_path` (0600) so that links survive a restart. With
    /// `tls`, the links are https:// and nothing is served in clear text.
    pub fn start(
        addr: &str,
        session: &str,
        tokens_path: PathBuf,
        agenda_text: String,
        clerk: &Clerk,
        tls: Option<std::sync::Arc<rustls::ServerConfig>>,
    ) -> io::Result<Host> {
        Host::start_with(
            addr,
            session,
            tokens_path,
            agenda_text,
            clerk,
            Limits::default(),
            tls,
        )
    }

    /// [`Host::start`] with other limits (tests use short ones).
    pub fn start_with(
        addr: &str,
        session: &str,
        tokens_path: PathBuf,
        agenda_text: String,
        clerk: &Clerk,
        limits: Limits,
        tls: Option<std::sync::Arc<rustls::ServerConfig>>,
    ) -> io::Result<Host> {
        let tokens = Tokens::load_or_create(&tokens_path)?;
        let scheme = if tls.is_some() { "https" } else { "http" };
        let server = Server::start(addr, tokens.clone(), limits, tls)?;
        let links = links(&server, &tokens, scheme);
        Ok(Host {
            scheme,
            sequencer: Sequencer::new(session, clerk),
            server,
            senders: HashMap::new(),
            agenda_text,
            tokens_path,
            links,
        })
    }

    /// One line per role, `ROLE: URL`.
    pub fn links(&self) -> &[(Role, String)] {
        &self.links
    }

    /// Whether the links are https://.
    pub fn tls(&self) -> bool {
        self.scheme == "https"
    }

    pub fn addr(&self) -> std::net::SocketAddr {
        self.server.addr
    }

    /// Readable when participants said something: add it to the loop's `poll` set.
    pub fn wake_fd(&self) -> RawFd {
        self.server.wake.as_raw_fd()
    }

    /// How many participants are connected (welcomed or not).
    pub fn connected(&self) -> usize {
        self.server.hub.connected()
    }

    /// The names of the participants welcomed, with their roles.
    pub fn participants(&self) -> Vec<(String, Role)> {
        let mut all: Vec<(String, Role)> = self
            .senders
            .values()
            .map(|s| (s.name.clone(), s.role))
            .collect();
        all.sort();
        all
    }

    /// Takes everything participants sent, then sends on what is on disk. True when the
    /// meeting changed.
    pub fn pump(&mut self, clerk: &mut Clerk, now: DateTime<Utc>) -> bool {
        self.server.drain_wake();
        let before = clerk.log().len();
        while let Ok(message) = self.server.inbound.try_recv() {
            self.take(clerk, message, now);
        }
        self.flush(clerk);
        clerk.log().len() != before
    }

    fn take(&mut self, clerk: &mut Clerk, message: Inbound, now: DateTime<Utc>) {
        match message {
            Inbound::Hello {
                conn,
                role,
                participant,
                name,
                session,
                since,
            } => {
                // Everything recorded before the welcome must go out first, so that the
                // welcome and the events after it never overlap or leave a gap.
                self.flush(clerk);
                let who = Sender {
                    participant,
                    name,
                    role,
                };
                let welcome = self.sequencer.welcome(
                    clerk,
                    &self.agenda_text,
                    &who,
                    session.as_deref(),
                    since,
                );
                self.server.hub.send_to(conn, &welcome);
                self.server.hub.make_live(conn);
                self.senders.insert(conn, who);
            }
            Inbound::Command { conn, seq, event } => {
                let Some(who) = self.senders.get(&conn) else {
                    return;
                };
                if let Some(answer) = self.sequencer.command(clerk, conn, who, seq, event, now) {
                    self.server.hub.send_to(conn, &answer);
                }
            }
            Inbound::Gone { conn } => {
                self.senders.remove(&conn);
                self.sequencer.forget(conn);
            }
        }
    }

    /// Sends the acknowledgements and events that are on disk now.
    pub fn flush(&mut self, clerk: &Clerk) {
        let out = self.sequencer.flush(clerk);
        for (conn, ack) in &out.acks {
            self.server.hub.send_to(*conn, ack);
        }
        for (n, event) in &out.events {
            self.server.hub.broadcast(*n, event);
        }
    }

    /// A new token for `role`: its connections close and its old link stops working.
    pub fn revoke(&mut self, role: Role) -> io::Result<()> {
        let tokens = self.server.revoke(role)?;
        tokens.save(&self.tokens_path)?;
        self.senders.retain(|_, s| s.role != role);
        self.links = links(&self.server, &tokens, self.scheme);
        Ok(())
    }

    /// Tells every participant something (the host is stopping).
    pub fn say_to_all(&self, reason: &str) {
        for conn in self.senders.keys() {
            self.server.hub.send_to(
                *conn,
                &ToParticipant::Error {
                    reason: reason.into(),
                    fatal: false,
                },
            );
        }
    }
}

/// The link of each role. A host listening on every address names itself by its host name.
fn links(server: &Server, tokens: &Tokens, scheme: &str) -> Vec<(Role, String)> {
    let addr = server.addr;
    let host = if addr.ip().is_unspecified() {
        format!("{}:{}", host_name(), addr.port())
    } else {
        addr.to_string()
    };
    Role::ALL
        .into_iter()
        .map(|role| (role, format!("{scheme}://{host}/join/{}", tokens.get(role))))
        .collect()
}

fn host_name() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: `buf` is valid for its length; gethostname writes at most that many bytes.
    let ok = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) } == 0;
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    match std::str::from_utf8(&buf[..end]) {
        Ok(name) if ok && !name.is_empty() => name.to_string(),
        _ => "localhost".into(),
    }
}

/// What listening on `addr` without TLS exposes, when it is more than this machine: said
/// before serving.
pub fn exposure_warning(addr: std::net::SocketAddr, tls: bool) -> Option<String> {
    (!addr.ip().is_loopback() && !tls).then(|| {
        format!(
            "warning: listening on {addr} without TLS: anyone who can reach this address and \
             has a link can follow the meeting, and the links and everything said travel \
             unencrypted. Use --tls-cert/--tls-key, or keep the default loopback address \
             and reach it through `ssh -R` or a reverse proxy (README: Sharing a meeting)."
        )
    })
}
