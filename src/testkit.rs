//! Generated meetings for benchmarks and load tests: a large agenda (200 items, 300 people)
//! and a transcript of 10,000 captured entries. Invented, deterministic, no randomness.

use std::fmt::Write;

/// An agenda with `items` items and `people` people on the roster.
pub fn large_agenda(items: usize, people: usize) -> String {
    let mut s = String::from(
        "[meeting]\ntitle = \"Generated Foundation Board\"\nseries = \"generated-board\"\n\
         date = 2026-05-06\nstart = \"09:00\"\ntimezone = \"Europe/Berlin\"\nlength = \"12h\"\n\
         quorum = 100\ncadence = \"4w\"\n\n[meeting.info]\n\"Mailing list\" = \"board@lists.example.org\"\n\n",
    );
    for p in 0..people {
        let _ = write!(
            s,
            "[[people]]\nname = \"Person {p:03} Example\"\naffiliation = \"Org {}\"\n{}\n",
            p % 37,
            if p % 10 == 9 { "votes = false\n" } else { "" }
        );
    }
    for i in 0..items {
        let _ = write!(
            s,
            "[[items]]\ntitle = \"Agenda item {i:03}: a topic with a realistic length\"\n\
             presenter = \"Person {:03} Example\"\ntimebox = \"3m\"\n\
             background = \"Some background for item {i}, about two lines of text that the \
             moderator reads while the item runs.\"\n\n",
            i % people.max(1)
        );
    }
    for a in 0..20 {
        let _ = write!(
            s,
            "[[actions]]\nowner = \"Person {a:03} Example\"\ntext = \"Carried action number {a}\"\n\n"
        );
    }
    s
}

/// A transcript that ticks everyone present and captures `entries` entries spread evenly
/// over `items` items, with actions, outcomes, links and votes among the notes.
pub fn large_transcript(items: usize, people: usize, entries: usize) -> String {
    let mut s = String::new();
    let names: Vec<String> = (0..people)
        .map(|p| format!("Person {p:03} Example"))
        .collect();
    for chunk in names.chunks(20) {
        let _ = writeln!(s, "[08:59] /present {}", chunk.join(", "));
    }
    let _ = writeln!(s, "[09:00] /start");
    let per_item = entries.div_ceil(items.max(1));
    let mut written = 0;
    let mut seconds = 9 * 3600;
    for item in 0..items {
        for k in 0..per_item {
            if written == entries {
                break;
            }
            seconds += 1;
            let stamp = format!(
                "[{:02}:{:02}:{:02}]",
                seconds / 3600,
                (seconds / 60) % 60,
                seconds % 60
            );
            let line = match k % 25 {
                7 => format!("/action Person {:03} Example: follow up on point {k} of item {item} due 2026-06-01", (item + k) % people.max(1)),
                13 => format!("/outcome Agreed on point {k} of item {item}"),
                19 => format!("/link https://example.org/item/{item}/{k} Reference {k}"),
                // Never more votes than people present (a long item would cast 10,000).
                24 => format!("/vote for {} against 3 abstain 1 Motion {k} of item {item}", 150 + k % 100),
                _ => format!("Note {k} on item {item}: someone said something worth writing down"),
            };
            let _ = writeln!(s, "{stamp} {line}");
            written += 1;
        }
        if item + 1 < items {
            let _ = writeln!(s, "/next");
        }
    }
    let _ = writeln!(s, "/end");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The generated meetings the benchmarks draw are taken whole, however they are cut:
    /// `cargo bench --bench engine` once stopped at a panic because one long item cast more
    /// votes than people were present (issue 30, item 5).
    #[test]
    fn the_generated_transcripts_are_taken_whole() {
        for (items, people, entries) in [(200, 300, 10_000), (1, 300, 3_000), (1, 300, 10_000)] {
            let agenda = crate::agenda::parse_str(&large_agenda(items.max(6), people))
                .expect("the generated agenda is valid")
                .0;
            let mut meeting = crate::meeting::Meeting::new(agenda);
            let refused =
                crate::transcript::run(&mut meeting, &large_transcript(items, people, entries));
            assert!(
                refused.is_empty(),
                "{items} items, {entries} entries: {} refused, the first {:?}",
                refused.len(),
                refused.first()
            );
        }
    }
}
