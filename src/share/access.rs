//! The secret token of each role's link in a shared session (the roles themselves, and what
//! each may send, are `crate::role`'s).

pub use crate::role::Role;
use serde::{Deserialize, Serialize};
use std::io;
use std::path::Path;

/// The secret of each role's link: 128 random bits, as 32 hex digits. Kept in the session
/// directory (0600) so the links stay valid when the host restarts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tokens {
    pub chair: String,
    pub scribe: String,
    pub viewer: String,
    /// Absent in tokens kept before attendees had a link: made when read.
    #[serde(default)]
    pub attendee: String,
    /// The chair lets attendees' pages show the current item's public notes.
    #[serde(default)]
    pub attendee_notes: bool,
}

impl Tokens {
    /// Fresh tokens for every role.
    pub fn new() -> io::Result<Tokens> {
        Ok(Tokens {
            chair: random_token()?,
            scribe: random_token()?,
            viewer: random_token()?,
            attendee: random_token()?,
            attendee_notes: false,
        })
    }

    /// The tokens kept in `path`, or new ones written there (0600) when it does not exist.
    pub fn load_or_create(path: &Path) -> io::Result<Tokens> {
        match crate::fsutil::read_nofollow(path) {
            Ok(bytes) => serde_json::from_slice::<Tokens>(&bytes)
                .ok()
                .and_then(|mut t| {
                    if t.attendee.is_empty() {
                        t.attendee = random_token().ok()?;
                        t.save(path).ok()?;
                    }
                    Some(t)
                })
                .filter(Tokens::well_formed)
                .ok_or_else(|| {
                    io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!(
                            "{} does not hold gavel's share tokens: remove it to make new links",
                            path.display()
                        ),
                    )
                }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let tokens = Tokens::new()?;
                tokens.save(path)?;
                Ok(tokens)
            }
            Err(e) => Err(e),
        }
    }

    pub fn save(&self, path: &Path) -> io::Result<()> {
        let text = serde_json::to_vec_pretty(self).map_err(io::Error::other)?;
        crate::fsutil::write_atomic_mode(path, &text, 0o600)
    }

    fn well_formed(&self) -> bool {
        Role::ALL.into_iter().all(|r| {
            let t = self.get(r);
            t.len() == 32 && t.bytes().all(|b| b.is_ascii_hexdigit())
        })
    }

    pub fn get(&self, role: Role) -> &str {
        match role {
            Role::Chair => &self.chair,
            Role::Scribe => &self.scribe,
            Role::Viewer => &self.viewer,
            Role::Attendee => &self.attendee,
        }
    }

    /// Replaces the token of `role`: links already handed out for it stop working.
    pub fn revoke(&mut self, role: Role) -> io::Result<()> {
        let fresh = random_token()?;
        match role {
            Role::Chair => self.chair = fresh,
            Role::Scribe => self.scribe = fresh,
            Role::Viewer => self.viewer = fresh,
            Role::Attendee => self.attendee = fresh,
        }
        Ok(())
    }

    /// The role whose token `offered` is. Every token is compared in full, in constant
    /// time, so the time taken says nothing about how much of a guess was right.
    pub fn role_of(&self, offered: &str) -> Option<Role> {
        let mut found = None;
        for role in Role::ALL {
            if constant_time_eq(self.get(role).as_bytes(), offered.as_bytes()) {
                found = Some(role);
            }
        }
        found
    }
}

fn random_token() -> io::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| io::Error::other(format!("no random bytes: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Compares two byte strings without stopping at the first difference.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A random id for a participant (kept in its own data directory).
pub fn random_id() -> io::Result<String> {
    random_token()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_128_bits_and_distinct() {
        let t = Tokens::new().unwrap();
        assert!(t.well_formed());
        assert_ne!(t.chair, t.scribe);
        assert_eq!(t.role_of(&t.viewer), Some(Role::Viewer));
        assert_eq!(t.role_of("0123"), None);
        assert_eq!(t.role_of(&t.chair[..31]), None);
    }

    #[test]
    fn a_revoked_token_no_longer_opens() {
        let mut t = Tokens::new().unwrap();
        let old = t.scribe.clone();
        t.revoke(Role::Scribe).unwrap();
        assert_eq!(t.role_of(&old), None);
        assert_eq!(t.role_of(&t.scribe), Some(Role::Scribe));
    }

    #[test]
    fn tokens_survive_a_restart_in_a_private_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("share.json");
        let a = Tokens::load_or_create(&path).unwrap();
        let b = Tokens::load_or_create(&path).unwrap();
        assert_eq!(a, b);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
