//! Dates as secretaries write them: "2026-03-04", "2023-11-8", "2026/03/04", "04.03.2026",
//! "25/03/2026" (a slashed date only when one number cannot be a month), "4 March 2026",
//! "19th May 2023", "March 4, 2026", "Wednesday 4 March 2026", "4. März 2026",
//! "4 de marzo de 2026".

use chrono::{Datelike, NaiveDate, Weekday};

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Month names in the other languages minutes are kept in (German, French, Spanish, Dutch,
/// Italian, Portuguese), whole; January first.
const OTHER_MONTHS: [&[&str]; 12] = [
    &[
        "januar", "jänner", "janvier", "enero", "januari", "gennaio", "janeiro",
    ],
    &[
        "februar",
        "février",
        "fevrier",
        "febrero",
        "februari",
        "febbraio",
        "fevereiro",
    ],
    &["märz", "mars", "marzo", "maart", "março"],
    &["avril", "abril", "aprile"],
    &["mai", "mayo", "mei", "maggio", "maio"],
    &["juni", "juin", "junio", "giugno", "junho"],
    &["juli", "juillet", "julio", "luglio", "julho"],
    &["août", "aout", "agosto", "augustus"],
    &[
        "septembre",
        "septiembre",
        "setiembre",
        "settembre",
        "setembro",
    ],
    &["oktober", "octobre", "octubre", "ottobre", "outubro"],
    &["novembre", "noviembre", "novembro"],
    &[
        "dezember",
        "décembre",
        "decembre",
        "diciembre",
        "dicembre",
        "dezembro",
    ],
];

/// The month a word names ("Mar", "march", "Sept.", "Juni", "décembre"), 1 to 12.
pub(super) fn month(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    let w = w.trim_end_matches(['.', ',']);
    if let Some(i) = OTHER_MONTHS.iter().position(|names| names.contains(&w)) {
        return Some(i as u32 + 1);
    }
    if w.len() < 3 || !w.is_ascii() {
        return None;
    }
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    MONTHS
        .iter()
        .zip(full)
        .position(|(short, long)| {
            long.starts_with(w) && w.starts_with(short) || w == "sept" && *short == "sep"
        })
        .map(|i| i as u32 + 1)
}

fn day(word: &str) -> Option<u32> {
    let w = word.trim_end_matches([',', '.']);
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year(word: &str) -> Option<i32> {
    let w = word.trim_end_matches([',', '.', ')', ':']);
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
        .filter(|y| (1970..=2200).contains(y))
}

fn numeric(token: &str) -> Option<NaiveDate> {
    // "2025-03-04T16:00Z": the date before the time.
    let token = match token.split_once('T') {
        Some((date, time)) if time.starts_with(|c: char| c.is_ascii_digit()) => date,
        _ => token,
    };
    let t = token.trim_matches(|c: char| !c.is_ascii_digit());
    // "20220118": eight digits alone, a year this side of 1970..2200 and a valid date.
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) && compact_alone(token, t) {
        let y: i32 = t[..4].parse().ok()?;
        return NaiveDate::from_ymd_opt(y, t[4..6].parse().ok()?, t[6..].parse().ok()?)
            .filter(|_| (1970..=2200).contains(&y));
    }
    let parts: Vec<&str> = t.split(['-', '/', '.', '年', '月']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || p.len() > 4) {
        return None;
    }
    let n = |p: &str| p.parse::<u32>().ok();
    if parts[0].len() == 4 {
        let y = parts[0].parse().ok()?;
        return NaiveDate::from_ymd_opt(y, n(parts[1])?, n(parts[2])?);
    }
    if parts[2].len() != 4 || parts[0].len() > 2 || parts[1].len() > 2 {
        return None;
    }
    let y: i32 = parts[2]
        .parse()
        .ok()
        .filter(|y| (1970..=2200).contains(y))?;
    let (a, b) = (n(parts[0])?, n(parts[1])?);
    // "10.06.2026" (dots: the day first, as in German, Dutch, Nordic minutes); "06/10/2026"
    // only when one number cannot be a month, since the day comes first in some places
    // and second in others.
    let (d, m) = if t.contains('.') || (a > 12 && b <= 12) {
        (a, b)
    } else if b > 12 && a <= 12 {
        (b, a)
    } else {
        return None;
    };
    NaiveDate::from_ymd_opt(y, m, d)
}

/// "04-Mar-2025", "2025-Mar-04": a month named between dashes.
fn named_month_dashed(token: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = token.trim_end_matches([',', '.', ':']).split('-').collect();
    let [a, m, b] = parts[..] else {
        return None;
    };
    let m = month(m)?;
    let (y, d) = match (year(a), year(b)) {
        (Some(y), None) => (y, day(b)?),
        (None, Some(y)) => (y, day(a)?),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Whether eight digits stand alone in their token: nothing around them but punctuation
/// ("20220118", "#20220118:"), not a part of a longer number, a version or a word.
fn compact_alone(token: &str, digits: &str) -> bool {
    token.split(digits).all(|s| {
        s.chars()
            .all(|c| matches!(c, '#' | ':' | ',' | '.' | '"' | '\'' | '-'))
    })
}

/// Whether a word is a link's address (its date is the page's, not the meeting's).
fn is_address(word: &str) -> bool {
    word.contains("://") || word.starts_with("www.") || word.contains(".com/")
}

/// The first full date written in `text`, if any. A date inside a link's address is not
/// one ("…/2022/01/13/readout…"); dashes between words separate them ("Day One—20 May").
pub fn find_date(text: &str) -> Option<NaiveDate> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | '<' | '>'))
        .filter(|w| !is_address(w))
        .flat_map(|w| w.split(['*', '_', '|', '—', '–']))
        // "4 de marzo de 2026", "the 4th of March 2026".
        .filter(|w| !w.is_empty() && !matches!(*w, "de" | "del" | "of"))
        .collect();
    for (i, w) in words.iter().enumerate() {
        if let Some(d) = numeric(w).or_else(|| named_month_dashed(w)) {
            return Some(d);
        }
        // D Month YYYY
        if let (Some(d), Some(m), Some(y)) = (
            day(w),
            words.get(i + 1).and_then(|w| month(w)),
            words.get(i + 2).and_then(|w| year(w)),
        ) {
            if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                return Some(date);
            }
        }
        // Month D, YYYY
        if let (Some(m), Some(d), Some(y)) = (
            month(w),
            words.get(i + 1).and_then(|w| day(w)),
            words.get(i + 2).and_then(|w| year(w)),
        ) {
            if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                return Some(date);
            }
        }
    }
    None
}

/// The first date in `text` that could be day/month or month/day ("05/08/2025"), as
/// written: gavel reads neither.
pub fn ambiguous_date(text: &str) -> Option<&str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',' | '*' | '|'))
        .find(|w| {
            let parts: Vec<&str> = w.split('/').collect();
            let n = |p: &str| p.parse::<u32>().ok();
            parts.len() == 3
                && parts[2].len() == 4
                && matches!((n(parts[0]), n(parts[1])), (Some(a), Some(b)) if (1..=12).contains(&a) && (1..=12).contains(&b) && a != b)
        })
}

/// The two dates an ambiguous `text` may be ("05/08/2025": 5 August or 8 May).
pub fn both_readings(text: &str) -> Option<(NaiveDate, NaiveDate)> {
    let token = ambiguous_date(text)?;
    let parts: Vec<u32> = token.split('/').filter_map(|p| p.parse().ok()).collect();
    let [a, b, y] = parts[..] else { return None };
    let y = i32::try_from(y).ok()?;
    Some((
        NaiveDate::from_ymd_opt(y, b, a)?,
        NaiveDate::from_ymd_opt(y, a, b)?,
    ))
}

/// A year written alone in a text ("2025 meeting notes"), 1970 to 2200.
pub fn year_in(text: &str) -> Option<i32> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .find_map(year)
}

/// Whether a text names a day, with or without its year ("the 30 November meeting",
/// "on March 5").
pub fn names_a_day(text: &str) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '(' | ')'))
        .filter(|w| !w.is_empty())
        .collect();
    words.windows(2).any(|w| {
        (day(w[0]).is_some() && month(w[1]).is_some())
            || (month(w[0]).is_some() && day(w[1]).is_some())
    })
}

/// A heading that is a date with no year, and nothing else ("Wednesday, October 24th",
/// "24 October"): its month and day. A word other than a weekday, the month and the day
/// (one at most) and it is not one: "Plans for March 5" is no meeting.
pub fn yearless_heading(text: &str) -> Option<(u32, u32)> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '*' | '_' | '#'))
        .filter(|w| !w.is_empty())
        .collect();
    let (i, m) = words
        .iter()
        .enumerate()
        .find_map(|(i, w)| month(w).map(|m| (i, m)))?;
    let d = words
        .get(i + 1)
        .and_then(|w| day(w))
        .or_else(|| i.checked_sub(1).and_then(|j| day(words[j])))?;
    let others = words
        .iter()
        .filter(|w| month(w).is_none() && day(w).is_none() && weekday_in(w).is_none())
        .count();
    (others <= 1 && !words.iter().any(|w| year(w).is_some())).then_some((m, d))
}

/// The date of `month`/`day` in the year next to `near` (a neighbouring meeting's date) that
/// makes it the weekday the heading names, if it names one, and else the nearest to `near`.
pub fn with_year_near(
    month: u32,
    day: u32,
    weekday: Option<Weekday>,
    near: NaiveDate,
) -> Option<NaiveDate> {
    (near.year() - 1..=near.year() + 1)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .filter(|d| weekday.is_none_or(|w| d.weekday() == w))
        .min_by_key(|d| (*d - near).num_days().abs())
}

/// A heading's date checked against the weekday it names and the date in the file's name
/// (`file`, for a file of one meeting): the date to use, and what to tell the user. A
/// weekday that disagrees is never passed over in silence: when the file name's date is
/// that weekday and near, it is the date; else the heading's date stands, reported.
pub fn settle(text: &str, date: NaiveDate, file: Option<NaiveDate>) -> (NaiveDate, Option<String>) {
    let said = weekday_in(text);
    match (said, file) {
        (Some(w), _) if w == date.weekday() => (date, None),
        (Some(w), Some(f)) if f.weekday() == w && (f - date).num_days().abs() <= 14 => (
            f,
            Some(format!(
                "the heading says {w} but {date} is a {}; the file name's {f} is a {w}: dated {f}",
                date.weekday()
            )),
        ),
        (Some(w), _) => (
            date,
            Some(format!(
                "the heading says {w} but {date} is a {}; dated {date} as written",
                date.weekday()
            )),
        ),
        (None, _) => (date, None),
    }
}

/// A day of the week named in `text` ("Wednesday", "Wed,", "mercredi", "Mittwoch").
pub fn weekday_in(text: &str) -> Option<Weekday> {
    const NAMES: [(&[&str], Weekday); 7] = [
        (&["monday", "mon", "montag", "lundi", "lunes"], Weekday::Mon),
        (
            &["tuesday", "tue", "tues", "dienstag", "mardi", "martes"],
            Weekday::Tue,
        ),
        (
            &["wednesday", "wed", "mittwoch", "mercredi", "miercoles"],
            Weekday::Wed,
        ),
        (
            &[
                "thursday",
                "thu",
                "thur",
                "thurs",
                "donnerstag",
                "jeudi",
                "jueves",
            ],
            Weekday::Thu,
        ),
        (
            &["friday", "fri", "freitag", "vendredi", "viernes"],
            Weekday::Fri,
        ),
        (&["saturday", "samstag", "samedi", "sabado"], Weekday::Sat),
        (&["sunday", "sonntag", "dimanche", "domingo"], Weekday::Sun),
    ];
    let folded = crate::meeting::fold(text);
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .find_map(|w| {
            NAMES
                .iter()
                .find(|(names, _)| names.contains(&w))
                .map(|(_, d)| *d)
        })
}

/// A time zone named by its abbreviation beside a time ("15:00 UTC", "7am PT"): its IANA
/// name.
pub fn find_zone(text: &str) -> Option<String> {
    offset_zone(text).or_else(|| named_zone(text).map(str::to_string))
}

/// "UTC+1", "(UTC-05:00)", "GMT+5:30": a fixed offset, as "+01:00".
fn offset_zone(text: &str) -> Option<String> {
    let up = text.to_ascii_uppercase();
    for base in ["UTC", "GMT"] {
        let mut from = 0;
        while let Some(i) = up[from..].find(base) {
            let at = from + i + base.len();
            from = at;
            let rest = &up[at..];
            let Some(first) = rest.chars().next() else {
                continue;
            };
            let sign = match first {
                '+' => 1,
                '-' | '−' => -1,
                _ => continue,
            };
            let digits: String = rest[first.len_utf8()..]
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == ':')
                .collect();
            let (h, m) = match digits.split_once(':') {
                Some((h, m)) => (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?),
                None if digits.len() <= 2 => (digits.parse::<i32>().ok()?, 0),
                None => return None,
            };
            if h > 14 || m > 59 {
                return None;
            }
            return Some(format!("{}{h:02}:{m:02}", if sign < 0 { '-' } else { '+' }));
        }
    }
    None
}

fn named_zone(text: &str) -> Option<&'static str> {
    const ZONES: [(&str, &str); 21] = [
        ("UTC", "UTC"),
        ("GMT", "UTC"),
        ("PT", "America/Los_Angeles"),
        ("PST", "America/Los_Angeles"),
        ("PDT", "America/Los_Angeles"),
        ("MT", "America/Denver"),
        ("MST", "America/Denver"),
        ("MDT", "America/Denver"),
        ("CT", "America/Chicago"),
        ("CDT", "America/Chicago"),
        ("ET", "America/New_York"),
        ("EST", "America/New_York"),
        ("EDT", "America/New_York"),
        ("CET", "Europe/Berlin"),
        ("CEST", "Europe/Berlin"),
        ("BST", "Europe/London"),
        ("WET", "Europe/Lisbon"),
        ("EET", "Europe/Athens"),
        ("JST", "Asia/Tokyo"),
        ("KST", "Asia/Seoul"),
        ("AEST", "Australia/Sydney"),
    ];
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .find_map(|w| ZONES.iter().find(|(abbr, _)| *abbr == w).map(|(_, z)| *z))
}

/// The first "HH:MM" time in `text`, "3:00pm" and "3 p.m." read on a 24-hour clock.
pub fn find_time(text: &str) -> Option<String> {
    let b = text.as_bytes();
    for i in 0..b.len() {
        let digit = |j: usize| b.get(j).is_some_and(u8::is_ascii_digit);
        if b[i] == b':' && i >= 1 && digit(i - 1) && digit(i + 1) && digit(i + 2) && !digit(i + 3) {
            let h_start = if i >= 2 && digit(i - 2) { i - 2 } else { i - 1 };
            if h_start > 0 && digit(h_start - 1) {
                continue;
            }
            let mut h: u32 = text[h_start..i].parse().ok()?;
            let m: u32 = text[i + 1..i + 3].parse().ok()?;
            let after = text[i + 3..].trim_start().to_ascii_lowercase();
            if after.starts_with("pm") || after.starts_with("p.m") {
                if h < 12 {
                    h += 12;
                }
            } else if (after.starts_with("am") || after.starts_with("a.m")) && h == 12 {
                h = 0;
            }
            if h < 24 && m < 60 {
                return Some(format!("{h:02}:{m:02}"));
            }
        }
    }
    spoken_time(text)
}

/// "4pm", "7 p.m.", "10 am", "16h30", "19 Uhr", "19.30 Uhr": a time written without a
/// colon.
fn spoken_time(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '@'))
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).copied().unwrap_or("");
        let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() || digits.len() > 2 {
            continue;
        }
        let rest = &w[digits.len()..];
        let h: u32 = digits.parse().ok()?;
        let suffix = if rest.is_empty() { next } else { rest };
        let (h, m) = if let Some(mins) = rest.strip_prefix('h').filter(|m| m.len() == 2) {
            (h, mins.parse().ok()?)
        } else if let Some(mins) = rest
            .strip_prefix('.')
            .filter(|m| m.len() == 2 && next == "uhr")
        {
            (h, mins.parse().ok()?)
        } else if matches!(suffix.trim_end_matches(['.', ',']), "pm" | "p.m") {
            (if h < 12 { h + 12 } else { h }, 0)
        } else if matches!(suffix.trim_end_matches(['.', ',']), "am" | "a.m") {
            (if h == 12 { 0 } else { h }, 0)
        } else if rest.is_empty() && next == "uhr" {
            (h, 0)
        } else {
            continue;
        };
        if (1..24).contains(&h) || h == 0 && m < 60 {
            return Some(format!("{h:02}:{m:02}"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        s.parse().ok()
    }

    #[test]
    fn compact_dates_dashes_and_addresses() {
        assert_eq!(find_date("# 20220118"), d("2022-01-18"));
        assert_eq!(find_date("20220118"), d("2022-01-18"));
        assert_eq!(find_date("build 120220118"), None);
        assert_eq!(find_date("v20220118a"), None);
        assert_eq!(find_date("20221318"), None);
        assert_eq!(find_date("Day One—20 January 2026"), d("2026-01-20"));
        assert_eq!(
            find_date("see [it](https://example.org/news/2022/01/13/readout/)"),
            None
        );
        assert_eq!(find_date("www.example.org/2022-01-13"), None);
    }

    #[test]
    fn dates() {
        assert_eq!(find_date("2023-11-8"), d("2023-11-08"));
        assert_eq!(find_date("## Meeting 25 February 2026"), d("2026-02-25"));
        assert_eq!(find_date("Date: 18 November 2025"), d("2025-11-18"));
        assert_eq!(find_date("19th May 2023"), d("2023-05-19"));
        assert_eq!(find_date("March 4, 2026"), d("2026-03-04"));
        assert_eq!(find_date("Wed 2026/03/04 notes"), d("2026-03-04"));
        assert_eq!(find_date("Next meeting (2026-XX-XX)"), None);
        assert_eq!(find_date("Datum: 10.06.2026"), d("2026-06-10"));
        assert_eq!(find_date("am 1.6.2026 um 19 Uhr"), d("2026-06-01"));
        assert_eq!(find_date("Meeting 25/03/2026"), d("2026-03-25"));
        assert_eq!(find_date("Meeting 03/25/2026"), d("2026-03-25"));
        assert_eq!(
            find_date("Meeting 03/04/2026"),
            None,
            "day or month first: unknown"
        );
        assert_eq!(find_date("Sitzung vom 10. Juni 2026"), d("2026-06-10"));
        assert_eq!(find_date("Réunion du 4 décembre 2025"), d("2025-12-04"));
        assert_eq!(find_date("Reunión del 4 de marzo de 2026"), d("2026-03-04"));
        assert_eq!(find_date("Vergadering 12 maart 2026"), d("2026-03-12"));
        assert_eq!(find_date("the 4th of March 2026"), d("2026-03-04"));
        assert_eq!(find_date("version 1.10.3 of the tool"), None);
        for (text, want) in [
            ("04-Mar-2025", "2025-03-04"),
            ("4 Mar. 2025", "2025-03-04"),
            ("Tuesday, March 4th 2025", "2025-03-04"),
            ("March 4th, 2025 at 10:00", "2025-03-04"),
            ("2025.03.04", "2025-03-04"),
            ("Meeting: Tue Mar 04 2025", "2025-03-04"),
            ("2025年3月4日", "2025-03-04"),
            ("04 March, 2025", "2025-03-04"),
            ("## 2025-03-04T16:00Z", "2025-03-04"),
            ("2025-03-04T16:00:00+01:00", "2025-03-04"),
        ] {
            assert_eq!(find_date(text), d(want), "{text}");
        }
        assert_eq!(yearless_heading("Wednesday, October 24th"), Some((10, 24)));
        assert_eq!(yearless_heading("24 October"), Some((10, 24)));
        assert_eq!(yearless_heading("Plans for the docs site, March 5"), None);
        assert_eq!(yearless_heading("October 24th, 2018"), None);
        let near = NaiveDate::from_ymd_opt(2018, 10, 31).unwrap();
        assert_eq!(
            with_year_near(10, 24, Some(Weekday::Wed), near),
            d("2018-10-24")
        );
        assert_eq!(with_year_near(1, 2, None, near), d("2019-01-02"));
        assert_eq!(find_date("2023 Agenda and Meeting Notes"), None);
        assert_eq!(find_date("May the force"), None);
        assert_eq!(
            find_time("Every other Monday, 18:00 UTC").as_deref(),
            Some("18:00")
        );
        assert_eq!(find_time("at 9:30").as_deref(), Some("09:30"));
        assert_eq!(find_time("no time"), None);
        for (text, want) in [
            ("Meeting of April 1st, 2025 @ 4pm ET", "16:00"),
            ("at 7 p.m.", "19:00"),
            ("10 am PT", "10:00"),
            ("à 16h30", "16:30"),
            ("Donnerstag, 6. März 2025, 19:30 Uhr", "19:30"),
            ("um 19 Uhr", "19:00"),
            ("um 19.30 Uhr", "19:30"),
        ] {
            assert_eq!(find_time(text).as_deref(), Some(want), "{text}");
        }
        assert_eq!(find_time("version 2 pm2"), None);
        assert_eq!(find_time("item 3 of 4"), None);
        for (text, want) in [
            ("16:00 UTC+1", "+01:00"),
            ("16:00 (UTC-05:00)", "-05:00"),
            ("GMT+5:30", "+05:30"),
            ("UTC−3", "-03:00"),
            ("4pm ET", "America/New_York"),
            ("18:00 UTC", "UTC"),
        ] {
            assert_eq!(find_zone(text).as_deref(), Some(want), "{text}");
        }
    }
}
