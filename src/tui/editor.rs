//! Long text in the user's own editor: the capture line goes to `$VISUAL` (or `$EDITOR`,
//! or `vi`) in a temporary file, as `git commit` does, and comes back when the editor exits.

use std::io;
use std::process::Command;

/// The editor command the user has chosen.
pub fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".into())
}

/// Writes `text` to a temporary file, runs `editor` on it (through the shell, so that
/// "code --wait" or "emacs -nw" work), and returns what the file holds afterwards, as one
/// line: the capture line takes one line, so line breaks become spaces.
pub fn edit(text: &str, editor: &str) -> io::Result<String> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let path = std::env::temp_dir().join(format!("gavel-{}-{stamp}.txt", std::process::id()));
    crate::fsutil::create_new_mode(&path, 0o600)
        .and_then(|mut f| io::Write::write_all(&mut f, format!("{text}\n").as_bytes()))?;
    let result = run_editor(editor, &path);
    let _ = std::fs::remove_file(&path);
    result
}

fn run_editor(editor: &str, path: &std::path::Path) -> io::Result<String> {
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("gavel-editor")
        .arg(path)
        .status()?;
    if !status.success() {
        return Err(io::Error::other(format!(
            "the editor `{editor}` exited with {status}; the line is as it was"
        )));
    }
    let edited = std::fs::read_to_string(path)?;
    Ok(edited
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fake_editor_that_appends_a_line_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("fake-editor.sh");
        std::fs::write(
            &script,
            "#!/bin/sh\nprintf 'and a second line\\n' >> \"$1\"\n",
        )
        .unwrap();
        let editor = format!("sh {}", script.display());
        let out = edit("/note first line", &editor).unwrap();
        assert_eq!(out, "/note first line and a second line");
    }

    #[test]
    fn a_failing_editor_leaves_the_line_alone() {
        assert!(edit("keep me", "false").is_err());
    }
}
