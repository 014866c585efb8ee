//! Titles of the issues and pull requests the notes name, for the Markdown minutes: looked
//! up only when asked (`--titles`), after the meeting, and kept in a cache file so that the
//! same minutes published again ask GitHub nothing.

use super::client::{Client, Method};
use super::query;
use crate::error::Failure;
use crate::minutes::refs::Reference;
use crate::text::clean_line;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The most references looked up in one run.
pub const MAX_LOOKUPS: usize = 100;
/// The most a cache file may hold.
const CACHE_MAX: usize = 1024 * 1024;
/// The longest title kept.
const TITLE_MAX: usize = 200;

/// Titles already looked up, by `API|owner/repo#123`.
#[derive(Debug, Default)]
pub struct Cache {
    path: Option<PathBuf>,
    titles: BTreeMap<String, String>,
}

impl Cache {
    /// The cache in `path` (a file that cannot be read is an empty cache: it is only a cache).
    pub fn open(path: Option<PathBuf>) -> Cache {
        let titles = path
            .as_deref()
            .and_then(|p| std::fs::read(p).ok())
            .filter(|b| b.len() <= CACHE_MAX)
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        Cache { path, titles }
    }

    /// Writes the cache back (privately: titles of private issues are private).
    pub fn save(&self) -> Result<(), Failure> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Failure::cannot_write(dir, &e))?;
        }
        let text = serde_json::to_string_pretty(&self.titles)
            .map_err(|e| Failure::Runtime(format!("cannot write the title cache: {e}")))?;
        crate::fsutil::write_atomic_mode(path, text.as_bytes(), 0o600)
            .map_err(|e| Failure::cannot_write(path, &e))
    }

    /// Where the cache is.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
}

/// The title of each reference (by `owner/repo#123`), from the cache or GitHub. A reference
/// GitHub does not know (or will not show) is left without a title and said.
pub fn titles(
    client: &mut Client,
    refs: &[Reference],
    cache: &mut Cache,
) -> Result<BTreeMap<String, String>, Failure> {
    let mut out = BTreeMap::new();
    let mut asked = 0;
    for r in refs {
        let key = r.key();
        if out.contains_key(&key) {
            continue;
        }
        let cached = format!("{}|{key}", client.api());
        if let Some(t) = cache.titles.get(&cached) {
            out.insert(key, t.clone());
            continue;
        }
        asked += 1;
        if asked > MAX_LOOKUPS {
            eprintln!(
                "gavel: more than {MAX_LOOKUPS} references; the rest are linked without titles"
            );
            break;
        }
        let path = format!(
            "/repos/{}/{}/issues/{}",
            query(&r.owner),
            query(&r.name),
            r.number
        );
        let reply = client.send(Method::Get, &path, None, &[403, 404, 410])?;
        match reply.body.get("title").and_then(Value::as_str) {
            Some(t) if reply.status == 200 => {
                let t: String = clean_line(t).trim().chars().take(TITLE_MAX).collect();
                cache.titles.insert(cached, t.clone());
                out.insert(key, t);
            }
            _ => eprintln!(
                "gavel: {key}: GitHub shows no title ({}); linked without one",
                reply.message()
            ),
        }
    }
    Ok(out)
}
