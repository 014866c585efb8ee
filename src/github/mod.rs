//! `gavel github`: the meeting meets GitHub, after the meeting and never during it. The
//! agenda from labelled issues and pull requests (`agenda.rs`), the minutes as a pull
//! request and the actions as issues (`publish.rs`, planned in `plan.rs`), titles of the
//! issues the notes name (`titles.rs`); under them the REST client (`client.rs`: headers,
//! bounds, pagination, rate limits, refusals in words) and the token (`auth.rs`).

pub mod agenda;
pub mod auth;
pub mod client;
pub mod plan;
pub mod publish;
pub mod titles;

pub use client::{Client, Method, Reply};

/// An issue or pull request as gavel reads it from a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labelled {
    pub number: u64,
    pub title: String,
    /// Its web address (`html_url`).
    pub url: String,
    /// Its author's handle.
    pub author: Option<String>,
    pub body: String,
    pub pull_request: bool,
    /// "open" or "closed".
    pub state: String,
    /// How many comments it has.
    pub comments: u64,
}

/// `text` percent-encoded for a path segment or a query value (RFC 3986 unreserved kept).
pub fn query(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A file path for the contents API: each segment encoded, `/` kept.
pub fn path_segments(path: &str) -> String {
    path.split('/').map(query).collect::<Vec<_>>().join("/")
}

/// A 64-bit FNV-1a hash as 8 hex digits (the low 32 bits): a short, stable id for an
/// action's text. Not for secrets.
pub fn short_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", h & 0xffff_ffff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_and_ids() {
        assert_eq!(query("meeting agenda/ü"), "meeting%20agenda%2F%C3%BC");
        assert_eq!(
            path_segments("meetings/2026 03.md"),
            "meetings/2026%2003.md"
        );
        assert_eq!(short_hash("a"), short_hash("a"));
        assert_ne!(short_hash("a"), short_hash("b"));
        assert_eq!(short_hash("").len(), 8);
    }
}
