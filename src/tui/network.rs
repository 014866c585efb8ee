//! The shared session's network as the loop owns it: the host (`gavel run --share`) or a
//! participant's connection to one (`gavel join`). The loop (`tui::pump_network`) pumps it
//! and hands what arrived to the app as inputs (`App::on_network`), carries out the app's
//! effects on it (`/share`, settling the outbox) and sends the commands the outbox has made
//! durable. The app holds no socket.

use super::app::{NetworkInput, Settle, ShareFacts};
use crate::clerk::Clerk;
use crate::command::ShareAsk;
use crate::share::client::{Client, FromHost};
use crate::share::host::Host;
use crate::share::outbox::Outbox;
use chrono::{DateTime, Utc};
use std::cell::RefCell;
use std::io;
use std::os::fd::{AsRawFd, RawFd};
use std::rc::Rc;

/// The screen's shared session, if any.
pub enum Network {
    /// Not shared: the moderator's own screen.
    Alone,
    /// Serving the meeting to participants.
    Host(Box<Host>),
    /// A participant's screen: its connection to the host.
    Participant(Connection),
}

/// A participant's connection and the outbox its commands go out of.
pub struct Connection {
    client: Client,
    /// Shared with the clerk's recorder, which writes a command taken here; the loop sends
    /// it and settles it once the host recorded it.
    outbox: Rc<RefCell<Outbox>>,
    /// The last command handed to the connection: those after it in the outbox are new.
    /// (After a reconnect the connection sends the whole outbox again by itself.)
    sent_through: u64,
}

impl Network {
    /// A participant's network: `client` connected (or connecting) with what `outbox`
    /// held when it started, which it sends itself once caught up.
    pub fn participant(client: Client, outbox: Rc<RefCell<Outbox>>) -> Network {
        let sent_through = outbox.borrow().pending().iter().map(|p| p.seq).max();
        Network::Participant(Connection {
            client,
            outbox,
            sent_through: sent_through.unwrap_or(0),
        })
    }

    /// What the loop must also wait on: the network's wake-up.
    pub fn wake_fd(&self) -> Option<RawFd> {
        match self {
            Network::Alone => None,
            Network::Host(host) => Some(host.wake_fd()),
            Network::Participant(c) => Some(c.client.wake.as_raw_fd()),
        }
    }

    /// The host takes what participants sent (recording it through `clerk`, the screen's
    /// own) and sends on what is on disk: what to tell the app. None when not hosting.
    pub fn pump_host(&mut self, clerk: &mut Clerk, now: DateTime<Utc>) -> Option<NetworkInput> {
        let Network::Host(host) = self else {
            return None;
        };
        let changed = host.pump(clerk, now);
        Some(NetworkInput::Hosted {
            changed,
            connected: host.connected(),
            claims: host.claims(),
        })
    }

    /// The chair's answer to a page's claim to be `name` (`Effect::AnswerClaim`).
    pub fn answer_claim(
        &mut self,
        clerk: &mut Clerk,
        name: &str,
        confirm: bool,
        now: DateTime<Utc>,
    ) -> Result<(), String> {
        let Network::Host(host) = self else {
            return Err("only the host's screen answers a page's claim".into());
        };
        host.answer_claim(clerk, name, confirm, now)
    }

    /// What the host sent a participant's screen since the last call, in order (nothing
    /// when not a participant's).
    pub fn news(&mut self) -> Vec<FromHost> {
        let Network::Participant(c) = self else {
            return Vec::new();
        };
        crate::share::wake::drain(&c.client.wake);
        c.client.inbound.try_iter().collect()
    }

    /// `/share` as the app asked it (`Effect::ChangeShare`): the host changed if need be,
    /// and what it says of itself then.
    pub fn change_share(&mut self, ask: &ShareAsk) -> io::Result<ShareFacts> {
        let Network::Host(host) = self else {
            return Err(io::Error::other("this meeting is not shared"));
        };
        match ask {
            ShareAsk::Revoke(role) => host.revoke(*role)?,
            ShareAsk::Notes(on) => host.share_notes(*on)?,
            ShareAsk::Links | ShareAsk::Qr(_) => {}
        }
        Ok(ShareFacts {
            links: host.links().to_vec(),
            addr: host.addr(),
            attendee_notes: host.attendee_notes(),
            participants: host.participants(),
        })
    }

    /// Takes commands the host recorded or refused out of the outbox (`Effect::SettleOutbox`).
    /// A failed rewrite leaves them in the file, to be settled again after a reconnect.
    pub fn settle(&mut self, settle: Settle) {
        let Network::Participant(c) = self else {
            return;
        };
        let mut outbox = c.outbox.borrow_mut();
        let _ = match settle {
            Settle::Through(seq) => outbox.settle_through(seq),
            Settle::One(seq) => outbox.settle(seq),
        };
    }

    /// Hands the connection every command the outbox made durable since the last call (a
    /// command taken, or one a retry wrote once the disk took it), in order.
    pub fn send_written(&mut self) {
        let Network::Participant(c) = self else {
            return;
        };
        let sender = c.client.sender();
        for pending in c.outbox.borrow().pending() {
            if pending.seq > c.sent_through {
                sender.send(pending);
                c.sent_through = pending.seq;
            }
        }
    }
}
