//! Writing an agenda back out as TOML, in the layout of `gavel new`, so that what gavel
//! writes (`gavel next`, `gavel cancel`, `gavel check`'s hints) loads back to the same agenda.

use super::{format_duration, Agenda, ItemKind, VoteRule};
use crate::output::TOML_MARKER;
use crate::text::clean_line;
use std::fmt::Write;

/// A TOML basic string, with every character TOML forbids escaped.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    escape_toml_into(&mut out, s, false);
    out.push('"');
    out
}

/// A TOML multi-line basic string for text with newlines: the lines as they are, quotes and
/// backslashes escaped (so no `"""` can end it early).
fn toml_multiline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str("\"\"\"\n");
    escape_toml_into(&mut out, s, true);
    out.push_str("\n\"\"\"");
    out
}

fn escape_toml_into(out: &mut String, s: &str, keep_newlines: bool) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' if keep_newlines => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
}

/// The agenda as TOML in the layout of `gavel new`, starting with [`TOML_MARKER`] (so gavel
/// may overwrite it later) and `comments` as comment lines. Loading it back gives `a`.
pub fn to_toml(a: &Agenda, comments: &[String]) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{TOML_MARKER}");
    for c in comments {
        let _ = writeln!(o, "# {}", clean_line(c));
    }
    let m = &a.meeting;
    o.push_str("\n[meeting]\n");
    let kv = |o: &mut String, key: &str, value: &str| {
        let _ = writeln!(o, "{key} = {value}");
    };
    let opt = |o: &mut String, key: &str, value: &Option<String>| {
        if let Some(v) = value {
            kv(o, key, &toml_string(v));
        }
    };
    kv(&mut o, "title", &toml_string(&m.title));
    opt(&mut o, "series", &m.series);
    kv(&mut o, "date", &m.date.to_string());
    kv(
        &mut o,
        "start",
        &toml_string(&m.start.format("%H:%M").to_string()),
    );
    kv(&mut o, "timezone", &toml_string(&m.timezone.name()));
    if !m.zones.is_empty() {
        let names: Vec<String> = m.zones.iter().map(|z| toml_string(&z.name())).collect();
        kv(&mut o, "zones", &format!("[{}]", names.join(", ")));
    }
    kv(&mut o, "length", &toml_string(&format_duration(m.length)));
    opt(&mut o, "link", &m.link);
    opt(&mut o, "moderator", &m.moderator);
    opt(&mut o, "notetaker", &m.notetaker);
    if let Some(c) = m.cadence {
        kv(&mut o, "cadence", &toml_string(&c.to_string()));
    }
    if let Some(q) = m.quorum {
        kv(&mut o, "quorum", &q.to_string());
    }
    if !m.alternates_count {
        kv(&mut o, "alternates_count", "false");
    }
    if m.vote_rule != VoteRule::default() {
        kv(&mut o, "vote_rule", &toml_string(m.vote_rule.as_str()));
    }
    opt(&mut o, "previous_minutes", &m.previous_minutes);
    opt(&mut o, "github", &m.github);
    if let Some(s) = m.speaker_limit {
        kv(&mut o, "speaker_limit", &toml_string(&format_duration(s)));
    }
    if !m.info.is_empty() {
        o.push_str("\n[meeting.info]\n");
        for (k, v) in &m.info {
            kv(&mut o, &toml_string(k), &toml_string(v));
        }
    }
    for p in &a.people {
        o.push_str("\n[[people]]\n");
        kv(&mut o, "name", &toml_string(&p.name));
        opt(&mut o, "affiliation", &p.affiliation);
        if p.role != "member" {
            kv(&mut o, "role", &toml_string(&p.role));
        }
        if !p.votes {
            kv(&mut o, "votes", "false");
        }
        opt(&mut o, "alternate_for", &p.alternate_for);
        if p.guest {
            kv(&mut o, "guest", "true");
        }
        opt(&mut o, "github", &p.github);
    }
    for i in &a.items {
        o.push_str("\n[[items]]\n");
        kv(&mut o, "title", &toml_string(&i.title));
        opt(&mut o, "presenter", &i.presenter);
        kv(&mut o, "timebox", &toml_string(&format_duration(i.timebox)));
        if i.kind != ItemKind::default() {
            kv(&mut o, "kind", &toml_string(i.kind.as_str()));
        }
        if i.standing {
            kv(&mut o, "standing", "true");
        }
        if i.fixed {
            kv(&mut o, "fixed", "true");
        }
        if let Some(s) = i.speaker_limit {
            kv(&mut o, "speaker_limit", &toml_string(&format_duration(s)));
        }
        if let Some(bg) = &i.background {
            let value = if bg.contains('\n') {
                toml_multiline(bg)
            } else {
                toml_string(bg)
            };
            kv(&mut o, "background", &value);
        }
        if !i.links.is_empty() {
            let links: Vec<String> = i.links.iter().map(|l| toml_string(l)).collect();
            kv(&mut o, "links", &format!("[{}]", links.join(", ")));
        }
    }
    for act in &a.actions {
        o.push_str("\n[[actions]]\n");
        let owner = match act.owners.as_slice() {
            [one] => toml_string(one),
            many => format!(
                "[{}]",
                many.iter()
                    .map(|o| toml_string(o))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        kv(&mut o, "owner", &owner);
        kv(&mut o, "text", &toml_string(&act.text));
        if let Some(d) = act.due {
            kv(&mut o, "due", &d.to_string());
        }
        if let Some(d) = act.from {
            kv(&mut o, "from", &d.to_string());
        }
        if act.carried > 0 {
            kv(&mut o, "carried", &act.carried.to_string());
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::{parse_cadence, AgendaItem, CarriedAction, Person};
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const TRICKY: &[&str] = &[
        "plain",
        "with \"quotes\" and 'single' ones",
        "back\\slash at the end\\",
        "triple \"\"\" quotes \"\"\"\"",
        "unicode: Chloé, 日本語, emoji 🎉",
        "a # hash and = equals [brackets]",
    ];

    fn agenda_with(text: &str, background: &str) -> Agenda {
        let (mut a, _) = crate::agenda::parse_str(
            "[meeting]\ntitle = \"T\"\ndate = 2026-03-04\nstart = \"17:00\"\ntimezone = \"Europe/Berlin\"\nlength = \"60m\"\n",
        )
        .unwrap();
        a.meeting.title = text.into();
        a.meeting.series = Some(text.into());
        a.meeting.link = Some(format!("https://example.org/{text}"));
        a.meeting.cadence = Some(parse_cadence("2w Wed").unwrap());
        a.meeting.quorum = Some(1);
        a.meeting.vote_rule = VoteRule::TwoThirds;
        a.meeting.speaker_limit = Some(120);
        a.meeting.info = vec![(text.into(), text.into()), ("Time".into(), "17:00".into())];
        a.people = vec![
            Person {
                name: text.into(),
                affiliation: Some(text.into()),
                role: text.into(),
                votes: true,
                alternate_for: None,
                guest: false,
                github: Some("invented-handle".into()),
            },
            Person {
                name: "Guest Person".into(),
                affiliation: None,
                role: "guest".into(),
                votes: false,
                alternate_for: None,
                guest: true,
                github: None,
            },
        ];
        a.items = vec![AgendaItem {
            title: text.into(),
            presenter: Some(text.into()),
            timebox: 50 * 60 + 30,
            kind: ItemKind::Decision,
            background: Some(background.into()),
            links: vec![text.into(), "https://example.org/b".into()],
            fixed: true,
            standing: true,
            speaker_limit: Some(90),
        }];
        a.actions = vec![
            CarriedAction {
                owners: vec![text.into()],
                text: text.into(),
                due: Some(d("2026-03-01")),
                from: Some(d("2026-02-18")),
                carried: 2,
            },
            CarriedAction {
                owners: vec![text.into(), "Guest Person".into()],
                text: format!("second {text}"),
                due: None,
                from: None,
                carried: 0,
            },
        ];
        a
    }

    #[test]
    fn toml_round_trips_every_string() {
        for text in TRICKY {
            for background in [
                "one line with \"quotes\" \\ and a trailing backslash\\",
                "two\nlines with \"\"\" inside\nand a last \"",
                "ends with a backslash\n\\",
            ] {
                let a = agenda_with(text, background);
                let toml = to_toml(&a, &["from a test, with a\nnewline".into()]);
                assert!(toml.starts_with(&format!("{TOML_MARKER}\n")), "{toml}");
                let (back, warnings) =
                    crate::agenda::parse_str(&toml).unwrap_or_else(|e| panic!("{toml}\n{e:?}"));
                assert_eq!(back, a, "{toml}");
                assert!(warnings.is_empty(), "{warnings:?}\n{toml}");
            }
        }
    }

    #[test]
    fn toml_strings_escape_controls() {
        assert_eq!(toml_string("a\"b\\c\nd\u{1}"), "\"a\\\"b\\\\c\\nd\\u0001\"");
    }
}
