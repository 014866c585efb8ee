//! Proptest versions of the fuzz targets in `fuzz/` (same properties, in
//! `tests/common/hostile.rs`), sized so the normal suite stays fast, plus long `#[ignore]`
//! runs of the same properties for machines without cargo-fuzz:
//!
//! ```sh
//! HOSTILE_CASES=200000 cargo test --release --test integration hostile_props:: -- --ignored
//! ```

use crate::common::hostile;

use proptest::prelude::*;

/// Characters that break things: Markdown and TOML punctuation, controls, bidi overrides,
/// wide and combining characters, and plain letters.
fn nasty_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(vec![
            '|', '\n', '\r', '\t', '<', '>', '&', '`', '*', '_', '[', ']', '(', ')', '#', '-', '+',
            '=', '!', '~', '\\', '/', '@', ':', '"', '\'', '.', '1', ' ', '$', '^', '{', '}', ';',
            '\u{1b}', '\u{7}', '\u{0}', '\u{7f}', '\u{85}', '\u{9b}', '\u{202e}', '\u{2066}',
            '\u{200b}', '\u{feff}', '\u{2028}', '名', '😀', 'ע', '\u{301}', 'a', 'b', 'x',
        ]),
        1 => any::<char>(),
    ]
}

fn nasty_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(nasty_char(), 0..max).prop_map(|v| v.into_iter().collect())
}

/// TOML-ish agenda text: real keys and sections with hostile values, or garbage.
fn agenda_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("[meeting]\n".to_string()),
        Just("[[people]]\n".to_string()),
        Just("[[items]]\n".to_string()),
        Just("[[actions]]\n".to_string()),
        Just("[meeting.info]\n".to_string()),
        Just("title = \"T\"\ndate = 2026-03-04\nstart = \"17:00\"\ntimezone = \"UTC\"\nlength = \"60m\"\n".to_string()),
        Just("timebox = \"5m\"\n".to_string()),
        Just("owner = \"A\"\ntext = \"t\"\n".to_string()),
        prop::sample::select(vec!["title", "name", "affiliation", "background", "timezone", "owner",
            "text", "link", "length", "timebox", "presenter", "links", "due", "quorum", "zz"])
            .prop_flat_map(|k| (Just(k), nasty_string(30), 0..4u8))
            .prop_map(|(k, v, q)| match q {
                0 => format!("{k} = \"{}\"\n", v.replace(['\\', '"'], "")),
                1 => format!("{k} = '''{v}'''\n"),
                2 => format!("{k} = \"\"\"{}\"\"\"\n", v.replace(['\\', '"'], "")),
                _ => format!("{k} = {v}\n"),
            }),
        nasty_string(20),
    ];
    prop::collection::vec(piece, 0..16).prop_map(|v| v.concat())
}

/// Lines for the command parser: commands with hostile arguments, or anything.
fn command_line() -> impl Strategy<Value = String> {
    let cmd = prop::sample::select(vec![
        "",
        "/start ",
        "/next",
        "/note ",
        "/outcome ",
        "/action ada: ",
        "/action ",
        "/link ",
        "/link https://x.org ",
        "/link javascript:",
        "/guest ",
        "/add ",
        "/recap ",
        "/vote for 1 against 0 abstain 0 ",
        "/queue ben reply ",
        "/present ",
        "/private ",
        "s/",
        "/goto ",
        "/defer ",
        "/extend ",
        "/end",
        "/undo",
        "[17:05] ",
        "/nextmeeting ",
        "/done 1",
        "/rebalance apply",
    ]);
    prop_oneof![
        4 => (cmd, nasty_string(40)).prop_map(|(c, a)| format!("{c}{a}")),
        1 => any::<String>(),
    ]
}

fn cases() -> u32 {
    std::env::var("HOSTILE_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn config(fast: u32) -> ProptestConfig {
    ProptestConfig {
        cases: if cases() > 0 { cases() } else { fast },
        failure_persistence: None,
        max_shrink_iters: 2000,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(200))]

    #[test]
    fn agenda_loader_on_arbitrary_text(text in agenda_text()) {
        hostile::check_agenda(&text);
    }

    #[test]
    fn agenda_loader_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        hostile::check_agenda(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn command_lines_apply_safely_and_notes_round_trip(
        lines in prop::collection::vec(command_line(), 0..20)
    ) {
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let mut all = vec!["/start", "/present ada, ben"];
        all.extend(refs);
        hostile::check_commands(&all);
    }

    #[test]
    fn any_note_round_trips_through_the_markdown(
        start in prop::sample::select(vec![
            "", "- ", "+ ", "* ", "1. ", "2) ", "2026. ", "# ", "> ", "```", "~~~", "---", "===",
            "| a | b |", "<div>", "<!-- ", "[ ] ", "[x] ", "    ", "\t", "@", "&amp; ", "](",
        ]),
        text in nasty_string(60),
    ) {
        // What the parser would record for this line as a note.
        let text = format!("{start}{text}");
        let line = gavel::text::clean_line(&text);
        let line = line.trim();
        prop_assume!(!line.is_empty() && !line.starts_with('/') && !line.starts_with("s/")
            && !line.starts_with('['));
        hostile::check_note_round_trip(line);
    }

    #[test]
    fn journal_reader_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        hostile::check_journal(&bytes);
    }

    #[test]
    fn journal_reader_on_event_lines_with_hostile_text(
        text in prop::collection::vec(nasty_string(30), 1..12)
    ) {
        let mut data = vec![1u8];
        data.extend(text.join("\n").into_bytes());
        hostile::check_journal(&hostile::journal_from_fuzz(&data));
    }
}

/// The long runs: `HOSTILE_CASES=N cargo test --release --test integration hostile_props:: -- --ignored`.
mod long {
    use super::*;

    proptest! {
        #![proptest_config(config(20_000))]

        #[test]
        #[ignore = "long run: see the module docs"]
        fn long_agenda(text in agenda_text()) {
            hostile::check_agenda(&text);
        }

        #[test]
        #[ignore = "long run: see the module docs"]
        fn long_commands(lines in prop::collection::vec(command_line(), 0..40)) {
            let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
            hostile::check_commands(&refs);
        }

        #[test]
        #[ignore = "long run: see the module docs"]
        fn long_journal(mode in any::<u8>(), text in prop::collection::vec(nasty_string(30), 1..16)) {
            let mut data = vec![mode];
            data.extend(text.join("\n").into_bytes());
            hostile::check_journal(&hostile::journal_from_fuzz(&data));
        }
    }
}

/// Found by the proptest above: a zero-width space after an `@` that follows a letter.
#[test]
fn a_zero_width_space_the_text_carries_after_an_at_round_trips() {
    hostile::check_note_round_trip("- ע@\u{200b}");
    hostile::check_note_round_trip("x @\u{200b}\u{200b}y");
}

proptest! {
    #![proptest_config(config(64))]

    /// Issue 16.7: hostile strings in every text field of JSON minutes are accepted,
    /// cleaned, and approved into safe Markdown (no raw HTML, control character, broken
    /// table row or injected heading) and clean JSON.
    #[test]
    fn hostile_text_in_json_minutes_approves_into_safe_minutes(
        pieces in prop::collection::vec(nasty_string(30), 1..8)
    ) {
        let mut v: serde_json::Value = serde_json::from_str(hostile::MINUTES_JSON).unwrap();
        hostile::splice_strings(&mut v, &pieces, false);
        hostile::check_minutes_json(&serde_json::to_string(&v).unwrap(), true);
    }

    /// The same with every field but the schema (times, kinds, statuses, the zone): each is
    /// accepted safely or refused.
    #[test]
    fn hostile_values_in_every_json_minutes_field_are_safe_or_refused(
        pieces in prop::collection::vec(nasty_string(30), 1..8)
    ) {
        let mut v: serde_json::Value = serde_json::from_str(hostile::MINUTES_JSON).unwrap();
        hostile::splice_strings(&mut v, &pieces, true);
        hostile::check_minutes_json(&serde_json::to_string(&v).unwrap(), false);
    }

    #[test]
    fn json_minutes_reader_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let (text, must_accept) = hostile::minutes_json_from_fuzz(&bytes);
        hostile::check_minutes_json(&text, must_accept);
    }
}
