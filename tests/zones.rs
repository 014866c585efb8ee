//! `meeting.zones`: validated at the right line and column, and the minutes show the start in
//! each zone with the abbreviation in effect that day (daylight saving from chrono-tz).

use gavel::agenda::{parse_str, Zone};
use std::process::Command;

fn agenda(date: &str, zones: &str) -> String {
    format!(
        "[meeting]\ntitle = \"T\"\ndate = {date}\nstart = \"17:00\"\ntimezone = \"UTC\"\n\
         length = \"60m\"\nzones = {zones}\n[[people]]\nname = \"Ada\"\n\
         [[items]]\ntitle = \"A\"\ntimebox = \"10m\"\n"
    )
}

#[test]
fn zones_parse_in_order_without_duplicates() {
    let (a, warnings) = parse_str(&agenda(
        "2026-03-04",
        "[\"America/Los_Angeles\", \"Europe/Berlin\", \"America/Los_Angeles\", \"+05:30\"]",
    ))
    .expect("valid");
    assert!(warnings.is_empty(), "{warnings:?}");
    let names: Vec<String> = a.meeting.zones.iter().map(Zone::name).collect();
    assert_eq!(names, ["America/Los_Angeles", "Europe/Berlin", "+05:30"]);
}

#[test]
fn a_bad_zone_is_reported_at_its_entry() {
    let errs = parse_str(&agenda(
        "2026-03-04",
        "[\"Europe/Berlin\", \"Mars/Olympus\"]",
    ))
    .unwrap_err();
    let r = errs[0].render("a.toml");
    assert!(
        r.starts_with("a.toml:7:27: error: unknown time zone `Mars/Olympus`"),
        "{r}"
    );
    let errs = parse_str(&agenda("2026-03-04", "\"Europe/Berlin\"")).unwrap_err();
    let r = errs[0].render("a.toml");
    assert!(
        r.starts_with("a.toml:7:9: error: `zones` must be an array"),
        "{r}"
    );
    let errs = parse_str(&agenda("2026-03-04", "[1]")).unwrap_err();
    let r = errs[0].render("a.toml");
    assert!(
        r.starts_with("a.toml:7:10: error: `zones` must be a string"),
        "{r}"
    );
}

fn start_line(date: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.toml");
    std::fs::write(
        &path,
        agenda(date, "[\"America/Los_Angeles\", \"Europe/Berlin\"]"),
    )
    .unwrap();
    let transcript = dir.path().join("t.txt");
    std::fs::write(&transcript, "[17:00] /start\n[17:10] /end\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gavel"))
        .args([
            "replay",
            path.to_str().unwrap(),
            transcript.to_str().unwrap(),
        ])
        .env_remove("GAVEL_DATA_DIR")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = String::from_utf8(out.stdout).unwrap();
    md.lines()
        .find(|l| l.starts_with("**Start in each zone:**"))
        .unwrap_or_else(|| panic!("no zone line:\n{md}"))
        .trim_end()
        .to_string()
}

#[test]
fn minutes_show_the_start_in_each_zone_across_daylight_saving_changes() {
    // Before either change; after the US change (8 March) but before the EU one (29 March);
    // after both.
    assert_eq!(
        start_line("2026-03-04"),
        "**Start in each zone:** 17:00 UTC / 09:00 PST / 18:00 CET"
    );
    assert_eq!(
        start_line("2026-03-18"),
        "**Start in each zone:** 17:00 UTC / 10:00 PDT / 18:00 CET"
    );
    assert_eq!(
        start_line("2026-04-01"),
        "**Start in each zone:** 17:00 UTC / 10:00 PDT / 19:00 CEST"
    );
}
