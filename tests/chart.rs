//! The Mermaid time chart in the Markdown minutes: present once for a meeting that started,
//! after every item and before the next meeting, with the same numbers as the item lines;
//! absent for a meeting that never started.

use std::process::Command;

fn replay(agenda: &str, transcript: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_gavel"))
        .args(["replay", agenda, transcript])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("GAVEL_DATA_DIR")
        .output()
        .expect("gavel runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn list(line: &str, key: &str) -> Vec<String> {
    let rest = line.trim().strip_prefix(key).expect(key);
    let inner = &rest[rest.find('[').unwrap() + 1..rest.rfind(']').unwrap()];
    inner
        .split(',')
        .map(|s| s.trim().trim_matches('"').to_string())
        .collect()
}

#[test]
fn chart_matches_the_item_lines_and_comes_after_the_items() {
    let md = replay(
        "agendas/steering-committee.toml",
        "tests/transcripts/steering-committee.txt",
    );
    assert_eq!(md.matches("```mermaid").count(), 1, "{md}");
    let chart_at = md.find("## Time per item").expect("chart heading");
    let last_item = md.rfind("\n### ").expect("item headings");
    assert!(last_item < chart_at, "the chart comes after every item");
    if let Some(next) = md.find("## Next meeting") {
        assert!(chart_at < next, "the chart comes before the next meeting");
    }
    let block = &md[md.find("```mermaid\n").unwrap() + 11..];
    let block = &block[..block.find("```").unwrap()];
    let lines: Vec<&str> = block.lines().collect();
    assert_eq!(lines[0], "xychart-beta");
    let labels = list(lines[2], "x-axis \"Item\"");
    let used = list(lines[4], "bar");
    let boxes = list(lines[5], "line");
    // The numbers of the covered items, and their "*U of B min" lines, in order.
    let mut expected = (Vec::new(), Vec::new(), Vec::new());
    let agenda = &md[md.find("## Agenda").unwrap()..];
    let agenda = &agenda[..agenda.find("\n## ").unwrap()];
    for section in agenda.split("\n### ").skip(1) {
        let number = section.split('.').next().unwrap().to_string();
        let facts = section.lines().find(|l| l.starts_with('*')).unwrap();
        let mut words = facts.trim_matches('*').split_whitespace();
        let u = words.next().unwrap().to_string();
        assert_eq!(words.next(), Some("of"));
        let b = words.next().unwrap().to_string();
        expected.0.push(number);
        expected.1.push(u);
        expected.2.push(b);
    }
    assert!(!labels.is_empty());
    assert_eq!((labels, used, boxes), expected, "{block}");
}

#[test]
fn no_chart_for_a_meeting_that_never_started() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let md = replay("agendas/steering-committee.toml", empty.to_str().unwrap());
    assert!(md.contains("not started"), "{md}");
    assert!(!md.contains("```mermaid"), "{md}");
    assert!(!md.contains("## Time per item"), "{md}");
}
