//! `gavel join`'s connection to the host: a WebSocket client (tokio-tungstenite) on its own
//! thread. It says hello with what the participant already has, sends every command still
//! in the outbox, then relays: the host's messages to the screen's thread (waking its poll
//! through a socket pair), the screen's commands to the host. When the host cannot be
//! reached it says so and tries again every second; it stops only when the host refuses
//! the link.

use super::outbox::{Pending, Shared};
use super::protocol::{ToHost, ToParticipant, MAX_MESSAGE_BYTES, VERSION};
use super::server::PING_EVERY;
use futures_util::{SinkExt, StreamExt};
use std::io;
use std::os::unix::net::UnixStream;
use std::sync::mpsc;
use std::time::Duration;
use tokio::sync::mpsc as tmpsc;
use tokio_tungstenite::tungstenite::{self, Message};

/// How long to wait before trying the host again.
pub const RETRY_EVERY: Duration = Duration::from_secs(1);

/// A host that says nothing for this long (it answers pings) is taken as gone.
const SILENT_HOST: Duration = Duration::from_secs(40);

/// What the connection tells the screen.
#[derive(Debug)]
pub enum FromHost {
    Message(ToParticipant),
    /// Connected and greeted.
    Online,
    /// The host cannot be reached (why); trying again.
    Offline(String),
    /// The host refused the link: nothing more will happen.
    Refused(String),
}

/// The link a chair handed out, as the WebSocket address to connect to.
pub fn socket_url(link: &str) -> Result<String, String> {
    let link = link.trim();
    let (scheme, rest) = link
        .split_once("://")
        .ok_or_else(|| format!("`{link}` is not a link: expected http://HOST:PORT/join/TOKEN"))?;
    let scheme = match scheme {
        "http" | "ws" => "ws",
        "https" | "wss" => "wss",
        other => {
            return Err(format!(
                "`{other}://` links are not gavel's: expected http:// or https://"
            ))
        }
    };
    let (host, path) = rest
        .split_once('/')
        .ok_or_else(|| format!("`{link}` has no token: expected http://HOST:PORT/join/TOKEN"))?;
    let token = path
        .strip_prefix("join/")
        .or_else(|| path.strip_prefix("ws/"))
        .map(|t| t.trim_end_matches('/'))
        .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_alphanumeric()))
        .ok_or_else(|| format!("`{link}` has no token: expected http://HOST:PORT/join/TOKEN"))?;
    Ok(format!("{scheme}://{host}/ws/{token}"))
}

pub struct Client {
    pub inbound: mpsc::Receiver<FromHost>,
    pub wake: UnixStream,
    commands: tmpsc::UnboundedSender<ToHost>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Client {
    /// Starts connecting to `url` (a WebSocket address, see [`socket_url`]) as
    /// `participant`. Commands in `pending` are sent after every (re)connect.
    ///
    /// `tls` is what a `wss://` address is checked against.
    pub fn start(
        url: String,
        participant: String,
        name: String,
        pending: Shared,
        tls: Option<std::sync::Arc<rustls::ClientConfig>>,
    ) -> io::Result<Client> {
        let (wake_read, wake_write) = super::wake::pair()?;
        let (tx, rx) = mpsc::channel();
        let (commands, commands_rx) = tmpsc::unbounded_channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let relay = Relay {
            tls,
            url,
            participant,
            name,
            pending,
            tell: tx,
            wake: wake_write,
            session: None,
            since: 0,
        };
        std::thread::Builder::new()
            .name("gavel-join".into())
            .spawn(move || {
                runtime.block_on(async move {
                    tokio::select! {
                        _ = relay.run(commands_rx) => {}
                        _ = stop_rx => {}
                    }
                });
            })?;
        Ok(Client {
            inbound: rx,
            wake: wake_read,
            commands,
            stop: Some(stop_tx),
        })
    }

    /// A handle that sends commands, for the outbox to call.
    pub fn sender(&self) -> CommandSender {
        CommandSender(self.commands.clone())
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Sends commands to the connection thread.
#[derive(Clone)]
pub struct CommandSender(tmpsc::UnboundedSender<ToHost>);

impl CommandSender {
    /// Sends a command now (it is in the outbox already, and is sent again after a
    /// reconnect until the host acknowledges it).
    pub fn send(&self, pending: &Pending) {
        let _ = self.0.send(ToHost::Command {
            seq: pending.seq,
            event: pending.event.clone(),
        });
    }
}

/// The connection thread's state.
struct Relay {
    tls: Option<std::sync::Arc<rustls::ClientConfig>>,
    url: String,
    participant: String,
    name: String,
    pending: Shared,
    tell: mpsc::Sender<FromHost>,
    wake: UnixStream,
    /// What the screen has: the session and how many of its events.
    session: Option<String>,
    since: u64,
}

enum Ended {
    /// Try again.
    Dropped(String),
    /// The host refused us for good.
    Refused(String),
}

impl Relay {
    fn tell(&self, news: FromHost) {
        let _ = self.tell.send(news);
        super::wake::wake(&self.wake);
    }

    async fn run(mut self, mut commands: tmpsc::UnboundedReceiver<ToHost>) {
        loop {
            match self.session_once(&mut commands).await {
                Ended::Refused(reason) => {
                    self.tell(FromHost::Refused(reason));
                    return;
                }
                Ended::Dropped(reason) => self.tell(FromHost::Offline(reason)),
            }
            tokio::time::sleep(RETRY_EVERY).await;
        }
    }

    async fn session_once(&mut self, commands: &mut tmpsc::UnboundedReceiver<ToHost>) -> Ended {
        let config = tungstenite::protocol::WebSocketConfig::default()
            .max_message_size(Some(MAX_MESSAGE_BYTES * 64))
            .max_frame_size(Some(MAX_MESSAGE_BYTES * 64));
        let connector = self.tls.clone().map(tokio_tungstenite::Connector::Rustls);
        let connecting = tokio_tungstenite::connect_async_tls_with_config(
            self.url.as_str(),
            Some(config),
            true,
            connector,
        );
        let mut ws = match tokio::time::timeout(Duration::from_secs(5), connecting).await {
            Err(_) => return Ended::Dropped("the host did not answer within 5 s".into()),
            Ok(Err(tungstenite::Error::Http(response))) => {
                let body = response
                    .body()
                    .as_deref()
                    .map(|b| String::from_utf8_lossy(b).trim().to_string())
                    .unwrap_or_default();
                return if response.status() == 401 || response.status() == 403 {
                    Ended::Refused(format!("the host refused this link: {body}"))
                } else {
                    Ended::Dropped(format!("the host answered {}: {body}", response.status()))
                };
            }
            Ok(Err(e)) => return Ended::Dropped(e.to_string()),
            Ok(Ok((ws, _))) => ws,
        };
        let hello = ToHost::Hello {
            v: VERSION,
            participant: self.participant.clone(),
            name: self.name.clone(),
            session: self.session.clone(),
            since: self.since,
            view: false,
            paged: true,
        };
        if let Err(e) = ws.send(Message::Text(hello.to_json().into())).await {
            return Ended::Dropped(e.to_string());
        }
        let mut ping = tokio::time::interval(PING_EVERY);
        ping.tick().await;
        let mut greeted = false;
        // The outbox goes out once caught up (the host's last page, or a welcome with no
        // more); until then a command typed waits in it. `sent_through`: the last of its
        // commands sent on this connection (the channel may hold some of them again).
        let mut caught_up = false;
        let mut sent_through = 0u64;
        loop {
            tokio::select! {
                incoming = tokio::time::timeout(SILENT_HOST, ws.next()) => {
                    let message = match incoming {
                        Err(_) => return Ended::Dropped("the host went silent".into()),
                        Ok(None) => return Ended::Dropped("the host closed the connection".into()),
                        Ok(Some(Err(e))) => return Ended::Dropped(e.to_string()),
                        Ok(Some(Ok(m))) => m,
                    };
                    let Message::Text(text) = message else { continue };
                    let Ok(parsed) = serde_json::from_str::<ToParticipant>(text.as_str()) else {
                        continue;
                    };
                    let mut now_caught_up = false;
                    match &parsed {
                        ToParticipant::Welcome { session, from, events, more, .. } => {
                            self.session = Some(session.clone());
                            self.since = from + events.len() as u64;
                            now_caught_up = !more;
                            if !greeted {
                                greeted = true;
                                self.tell(FromHost::Online);
                            }
                        }
                        ToParticipant::Events { from, events, more } => {
                            self.since = self.since.max(from + events.len() as u64);
                            now_caught_up = !more;
                        }
                        ToParticipant::Event { n, .. } => self.since = self.since.max(n + 1),
                        ToParticipant::Error { reason, fatal: true } => {
                            return Ended::Refused(reason.clone());
                        }
                        _ => {}
                    }
                    self.tell(FromHost::Message(parsed));
                    if now_caught_up && !caught_up {
                        caught_up = true;
                        // Commands typed while offline or catching up are in the outbox;
                        // the host takes each (participant, seq) once.
                        let waiting: Vec<Pending> =
                            self.pending.lock().map(|p| p.clone()).unwrap_or_default();
                        for p in waiting {
                            sent_through = sent_through.max(p.seq);
                            let command = ToHost::Command { seq: p.seq, event: p.event };
                            if let Err(e) = ws.send(Message::Text(command.to_json().into())).await {
                                return Ended::Dropped(e.to_string());
                            }
                        }
                    }
                }
                command = commands.recv() => {
                    let Some(command) = command else { return Ended::Dropped("stopped".into()) };
                    if let ToHost::Command { seq, .. } = &command {
                        // In the outbox: sent with it once caught up, or sent already.
                        if !caught_up || *seq <= sent_through {
                            continue;
                        }
                    }
                    if let Err(e) = ws.send(Message::Text(command.to_json().into())).await {
                        return Ended::Dropped(e.to_string());
                    }
                }
                _ = ping.tick() => {
                    if let Err(e) = ws.send(Message::Text(ToHost::Ping.to_json().into())).await {
                        return Ended::Dropped(e.to_string());
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_become_socket_addresses() {
        let token = "0123456789abcdef0123456789abcdef";
        assert_eq!(
            socket_url(&format!("http://127.0.0.1:7707/join/{token}")).unwrap(),
            format!("ws://127.0.0.1:7707/ws/{token}")
        );
        assert!(socket_url("127.0.0.1:7707").is_err());
        assert!(socket_url("http://127.0.0.1:7707/join/").is_err());
        assert!(socket_url("http://127.0.0.1:7707/join/../../etc").is_err());
    }
}
