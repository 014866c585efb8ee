//! The generated Markdown, parsed by a CommonMark parser with GitHub's table extension: the
//! attendance table keeps one row per person and three columns whatever the names contain,
//! and people's text never becomes HTML, a heading or a link with an unsafe scheme.

use gavel::agenda::parse_str;
use gavel::meeting::Meeting;
use gavel::minutes::{markdown, Minutes, Options};
use gavel::transcript;
use pulldown_cmark::{Event, Options as MdOptions, Parser, Tag, TagEnd};

const HOSTILE: &str = r##"
[meeting]
title = "Hostile <script>alert(1)</script> | title"
date = 2026-03-04
start = "17:00"
timezone = "UTC"
length = "60m"

[[people]]
name = "Pipe | Person"
affiliation = "<b>Bold</b> Org"
[[people]]
name = "*Star* _Under_"
affiliation = "Back`tick"
[[people]]
name = "# Not a heading"
[[people]]
name = "Ünïcødé 名前 😀"
affiliation = "עברית Org"

[[items]]
title = "# Heading? | no"
timebox = "10m"
background = """
- not a list
<img src=x onerror=alert(1)>
1. not ordered
"""
"##;

const TRANSCRIPT: &str = "/present pipe, *star, # not, ünï
/start
line with | pipe and <script>x</script> and [link](javascript:alert(1))
/link javascript:alert(1) click me
/outcome **bold** `code
/action pipe: ping @everyone
/end
";

fn minutes() -> String {
    let (agenda, _) = parse_str(HOSTILE).expect("valid agenda");
    let mut m = Meeting::new(agenda);
    let refused = transcript::run(&mut m, TRANSCRIPT);
    assert!(refused.is_empty(), "{refused:?}");
    let now = m.ended_at().unwrap();
    markdown::render(&Minutes::build(&m, now, Options::default()))
}

fn events(md: &str) -> Vec<Event<'_>> {
    Parser::new_ext(
        md,
        MdOptions::ENABLE_TABLES | MdOptions::ENABLE_STRIKETHROUGH,
    )
    .collect()
}

#[test]
fn the_attendance_table_has_one_row_per_person_and_three_columns() {
    let md = minutes();
    let evs = events(&md);
    let mut rows = Vec::new();
    let mut cells = 0;
    let mut row_text = String::new();
    let mut in_table = false;
    for e in &evs {
        match e {
            Event::Start(Tag::Table(_)) => in_table = true,
            Event::End(TagEnd::Table) => break,
            Event::Start(Tag::TableRow) | Event::Start(Tag::TableHead) => {
                cells = 0;
                row_text.clear();
            }
            Event::Start(Tag::TableCell) => cells += 1,
            Event::Text(t) | Event::Code(t) if in_table => row_text.push_str(t),
            Event::End(TagEnd::TableRow) | Event::End(TagEnd::TableHead) => {
                rows.push((cells, row_text.clone()))
            }
            _ => {}
        }
    }
    assert_eq!(rows.len(), 5, "header plus four people: {rows:?}");
    assert!(rows.iter().all(|(c, _)| *c == 3), "{rows:?}");
    assert!(
        rows[1].1.starts_with("Pipe | Person<b>Bold</b> Org"),
        "{rows:?}"
    );
    assert!(rows[2].1.starts_with("*Star* _Under_Back`tick"), "{rows:?}");
    assert!(rows[3].1.starts_with("# Not a heading"), "{rows:?}");
}

#[test]
fn no_raw_html_unsafe_links_or_injected_headings() {
    let md = minutes();
    let mut headings = Vec::new();
    let mut in_heading = false;
    let mut current = String::new();
    let mut ordered_lists = 0;
    for e in events(&md) {
        match e {
            Event::Html(h) | Event::InlineHtml(h) => {
                assert!(h.starts_with("<!--"), "raw HTML reached the output: {h}")
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                assert!(
                    !dest_url.to_lowercase().starts_with("javascript"),
                    "{dest_url}"
                )
            }
            Event::Start(Tag::Image { .. }) => panic!("an image was injected"),
            Event::Start(Tag::List(Some(_))) => ordered_lists += 1,
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                current.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                headings.push(current.clone());
            }
            Event::Text(t) if in_heading => current.push_str(&t),
            _ => {}
        }
    }
    let expected = [
        "Hostile <script>alert(1)</script> | title: Wednesday 4 March 2026",
        "Attendance",
        "Next steps",
        "Agenda",
        "1. # Heading? | no",
    ];
    assert_eq!(headings, expected);
    // The one ordered list is the background's "1. not ordered": the agenda's author writes
    // lists there, and they are kept by design. Nothing typed during the meeting makes one.
    assert_eq!(ordered_lists, 1, "an ordered list was injected:\n{md}");
}

#[test]
fn mentions_do_not_notify() {
    let md = minutes();
    assert!(
        !md.contains("@everyone"),
        "a bare mention would notify people"
    );
    assert!(md.contains("@\u{200B}everyone"));
}

#[test]
fn text_round_trips_as_text() {
    let md = minutes();
    let mut text = String::new();
    for e in events(&md) {
        if let Event::Text(t) = e {
            text.push_str(&t);
        }
    }
    for needle in [
        "line with | pipe and <script>x</script> and [link](javascript:alert(1))",
        "**bold** `code",
        // The background's "- " and "1. " lines are list items by design: their text survives.
        "not a list",
        "<img src=x onerror=alert(1)>",
        "not ordered",
        "Ünïcødé 名前 😀",
    ] {
        assert!(
            text.contains(needle),
            "`{needle}` did not survive as text:\n{text}"
        );
    }
}
