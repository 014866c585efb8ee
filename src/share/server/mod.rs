//! The host's network side: an HTTP + WebSocket server (axum on tokio) on its own thread.
//!
//! The thread only moves messages. Every command a participant sends is handed, through a
//! channel, to the thread that owns the meeting (the screen's loop, or `gavel serve`'s), and
//! a byte on a socket pair wakes that thread's `poll`. That thread answers through the
//! [`Hub`]: each connection has its own bounded queue, so a slow or flooding participant
//! never slows the others (a queue that overflows closes its connection; the participant
//! reconnects and catches up).

mod accept;
mod connection;
mod hub;
mod limits;
mod queue;
mod routes;

use self::accept::{FirstByte, FirstReadBy};
pub use self::hub::Hub;
pub use self::limits::{ConnId, Inbound, Limits, PING_EVERY};
use self::routes::{join_page, not_found, page_file, qr_code, upgrade, PAGE_CSS, PAGE_JS};
use crate::share::access::{Role, Tokens};
use axum::routing::get;
use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicU64, AtomicUsize};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

/// Descriptors the host keeps for itself beside its participants' connections: the
/// journal, its lock and directory, the minutes being written, the listener, the runtime,
/// the terminal, and connections still in their HTTP request.
pub const OWN_FILES: u64 = 128;

/// What the open-file limit allows: the soft limit to ask for (`None`: it is enough) and
/// the participants that fit under it. The host wants room for every participant the cap
/// lets in and as many again still opening (their first bytes, their handshake), beside
/// [`OWN_FILES`]; it takes up to the hard limit, and when even that is too little it lets
/// fewer participants in rather than run out of descriptors for its journal and minutes.
pub fn open_files_plan(soft: u64, hard: u64, participants: usize) -> (Option<u64>, usize) {
    let want = (participants as u64)
        .saturating_mul(2)
        .saturating_add(OWN_FILES);
    let raise = (soft < want && hard > soft).then(|| hard.min(want));
    let have = raise.unwrap_or(soft);
    let fit = usize::try_from(have.saturating_sub(OWN_FILES) / 2).unwrap_or(usize::MAX);
    (raise, participants.min(fit))
}

/// Raises this process's soft limit of open files for `limits.participants` connections
/// ([`open_files_plan`]), and lowers the cap when the hard limit is too low: then the note
/// says so, and what to do.
fn fit_open_files(limits: &mut Limits) -> Option<String> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return None;
    }
    let (raise, fit) = open_files_plan(limit.rlim_cur, limit.rlim_max, limits.participants);
    if let Some(soft) = raise {
        let wanted = libc::rlimit {
            rlim_cur: soft,
            rlim_max: limit.rlim_max,
        };
        // SAFETY: setrlimit only reads the struct it is given.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &wanted) } != 0 {
            // Not raised: plan with what there is.
            let (_, fit) = open_files_plan(limit.rlim_cur, limit.rlim_cur, limits.participants);
            return lower_cap(limits, fit, limit.rlim_cur);
        }
    }
    lower_cap(limits, fit, raise.unwrap_or(limit.rlim_cur))
}

fn lower_cap(limits: &mut Limits, fit: usize, files: u64) -> Option<String> {
    if fit >= limits.participants {
        return None;
    }
    let note = format!(
        "at most {fit} participants can connect (the open-file limit is {files}; {} would \
         need {}): raise it with `ulimit -n` before starting gavel",
        limits.participants,
        (limits.participants as u64) * 2 + OWN_FILES
    );
    limits.participants = fit;
    limits.reserved = limits.reserved.min(fit / 2);
    Some(note)
}

/// The server: its thread, the address it listens on, and the end of the wake-up pipe.
pub struct Server {
    pub hub: Arc<Hub>,
    pub addr: SocketAddr,
    pub inbound: mpsc::Receiver<Inbound>,
    pub wake: UnixStream,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    /// Set when the open-file limit let fewer participants in than asked.
    pub files_note: Option<String>,
}

impl Server {
    /// Listens on `addr` (a port of 0 takes a free one) and serves on a thread of its own.
    /// Fails at once when the address cannot be taken.
    ///
    /// With `tls`, it serves HTTPS (and the WebSocket over TLS) only.
    pub fn start(
        addr: &str,
        tokens: Tokens,
        limits: Limits,
        tls: Option<Arc<rustls::ServerConfig>>,
    ) -> io::Result<Server> {
        let listener = std::net::TcpListener::bind(addr).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("cannot listen on {addr}: {e} (choose another address or port)"),
            )
        })?;
        Server::serve_on(listener, addr, tokens, limits, tls)
    }

    /// [`Server::start`] on a socket already bound (`addr` names it in errors). Everything
    /// that can fail (the runtime, taking the socket into it) fails here, before the
    /// thread starts: a server that cannot listen says so and never shows links.
    pub fn serve_on(
        listener: std::net::TcpListener,
        addr: &str,
        tokens: Tokens,
        limits: Limits,
        tls: Option<Arc<rustls::ServerConfig>>,
    ) -> io::Result<Server> {
        let mut limits = limits;
        let files_note = fit_open_files(&mut limits);
        let cannot =
            |e: io::Error| io::Error::new(e.kind(), format!("cannot listen on {addr}: {e}"));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (server, local) = {
            let _inside = runtime.enter();
            listener.set_nonblocking(true).map_err(cannot)?;
            let listener = tokio::net::TcpListener::from_std(listener).map_err(cannot)?;
            let local = listener.local_addr().map_err(cannot)?;
            (
                axum_server::Server::<std::net::SocketAddr>::from_listener(listener),
                local,
            )
        };
        let (wake_read, wake_write) = crate::share::wake::pair()?;
        let (tx, rx) = mpsc::channel();
        let hub = Arc::new(Hub {
            conns: Mutex::new(HashMap::new()),
            tokens: Mutex::new(tokens),
            inbound: Mutex::new(tx),
            wake: wake_write,
            next_conn: AtomicU64::new(1),
            slots: AtomicUsize::new(0),
            limits,
            scheme: if tls.is_some() { "https" } else { "http" },
            ended: tokio::sync::Notify::new(),
            latest_views: Mutex::new(None),
            views_ready: tokio::sync::Notify::new(),
        });
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let served = Arc::clone(&hub);
        let thread = std::thread::Builder::new()
            .name("gavel-share".into())
            .spawn(move || {
                runtime.block_on(async move {
                    tokio::spawn(hub::give_back_memory(Arc::clone(&served)));
                    tokio::spawn(hub::hand_out_views(Arc::clone(&served)));
                    let app = axum::Router::new()
                        .route("/ws/{token}", get(upgrade))
                        .route("/join/{token}", get(join_page))
                        .route(
                            "/app.js",
                            get(|| async { page_file("text/javascript", PAGE_JS) }),
                        )
                        .route(
                            "/app.css",
                            get(|| async { page_file("text/css", PAGE_CSS) }),
                        )
                        .route("/qr/{file}", get(qr_code))
                        .fallback(not_found)
                        .with_state(served);
                    // axum-server for both: its timer makes hyper's header-read timeout work
                    // (a connection that never finishes its request is closed); `FirstByte`
                    // closes one that never starts it, and turns Nagle's algorithm off.
                    let handle = axum_server::Handle::new();
                    let stopper = handle.clone();
                    tokio::spawn(async move {
                        let _ = stop_rx.await;
                        stopper.graceful_shutdown(Some(Duration::from_secs(1)));
                    });
                    let header_read = limits.header_read;
                    let first_byte = FirstByte { wait: header_read };
                    match tls {
                        Some(config) => {
                            let config = axum_server::tls_rustls::RustlsConfig::from_config(config);
                            // The handshake has its own 10 s; the request's first byte after
                            // it gets `header_read` more.
                            let acceptor = FirstReadBy {
                                inner: axum_server::tls_rustls::RustlsAcceptor::new(config)
                                    .acceptor(first_byte),
                                wait: header_read,
                            };
                            let mut server = server.acceptor(acceptor).handle(handle);
                            server
                                .http_builder()
                                .http1()
                                .header_read_timeout(Some(header_read));
                            let _ = server.serve(app.into_make_service()).await;
                        }
                        None => {
                            let mut server = server.acceptor(first_byte).handle(handle);
                            server
                                .http_builder()
                                .http1()
                                .header_read_timeout(Some(header_read));
                            let _ = server.serve(app.into_make_service()).await;
                        }
                    }
                });
            })?;
        Ok(Server {
            hub,
            addr: local,
            inbound: rx,
            wake: wake_read,
            stop: Some(stop_tx),
            thread: Some(thread),
            files_note,
        })
    }

    /// Gives `role` a new token, closing the connections that came with the old one.
    pub fn revoke(&self, role: Role) -> io::Result<Tokens> {
        let tokens = {
            let mut tokens = self
                .hub
                .tokens
                .lock()
                .map_err(|_| io::Error::other("the share tokens are unusable"))?;
            tokens.revoke(role)?;
            tokens.clone()
        };
        self.hub.close_role(
            role,
            &format!("the {} link was revoked by the chair", role.name()),
        );
        Ok(tokens)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 30: the soft limit is raised for the cap (up to the hard limit), and a hard
    /// limit too low for it lets fewer in, keeping the host's own files.
    #[test]
    fn the_open_file_limit_is_raised_for_the_cap_or_the_cap_lowered() {
        // Enough already: nothing to change.
        assert_eq!(open_files_plan(20_000, 20_000, 1000), (None, 1000));
        // The usual 1,024 under a high hard limit: raised to what the cap needs.
        assert_eq!(open_files_plan(1024, 1 << 20, 1000), (Some(2128), 1000));
        // Raised as far as the hard limit goes; the cap fits under it.
        assert_eq!(open_files_plan(1024, 1500, 1000), (Some(1500), 686));
        // Nothing to raise to.
        assert_eq!(open_files_plan(1024, 1024, 1000), (None, 448));
        let mut limits = Limits::default();
        let note = lower_cap(&mut limits, 448, 1024).expect("said");
        assert_eq!(limits.participants, 448);
        assert!(limits.reserved <= 224);
        assert!(
            note.starts_with("at most 448 participants can connect (the open-file limit is 1024"),
            "{note}"
        );
        let mut enough = Limits::default();
        assert_eq!(lower_cap(&mut enough, 1000, 20_000), None);
        assert_eq!(enough.participants, Limits::default().participants);
    }

    /// Issue 24: when the runtime could not take the socket (`axum_server::from_tcp`), the
    /// server's thread returned silently while `start` said Ok and the links were shown.
    /// Now it is an error at once, naming the address. (A socket the runtime cannot watch:
    /// a regular file's descriptor, which epoll refuses.)
    #[test]
    fn a_socket_that_cannot_be_served_is_an_error_before_the_thread_starts() {
        let file = tempfile::tempfile().unwrap();
        let listener = std::net::TcpListener::from(std::os::fd::OwnedFd::from(file));
        let tokens = Tokens::new().unwrap();
        let err = Server::serve_on(listener, "127.0.0.1:7707", tokens, Limits::default(), None)
            .err()
            .expect("a file is not a socket to serve on");
        assert!(
            err.to_string()
                .starts_with("cannot listen on 127.0.0.1:7707: "),
            "{err}"
        );
    }
}
