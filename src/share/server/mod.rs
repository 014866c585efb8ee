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

/// The server: its thread, the address it listens on, and the end of the wake-up pipe.
pub struct Server {
    pub hub: Arc<Hub>,
    pub addr: SocketAddr,
    pub inbound: mpsc::Receiver<Inbound>,
    pub wake: UnixStream,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
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
        });
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let served = Arc::clone(&hub);
        let thread = std::thread::Builder::new()
            .name("gavel-share".into())
            .spawn(move || {
                runtime.block_on(async move {
                    tokio::spawn(hub::give_back_memory(Arc::clone(&served)));
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
