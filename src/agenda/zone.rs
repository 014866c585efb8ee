//! A meeting's time zone: an IANA name through chrono-tz, or a fixed offset like "+01:00".

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDateTime, Offset, TimeZone, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Named(chrono_tz::Tz),
    Fixed(FixedOffset),
}

/// Up to three IANA names nearest to `typed` (a slip such as "Europe/Berlim", or the city
/// alone such as "Berlin"), nearest first; none when nothing is close.
pub fn nearest_zones(typed: &str) -> Vec<&'static str> {
    use crate::text::edit_distance;
    let typed = typed.trim().to_lowercase().replace(' ', "_");
    if typed.is_empty() || typed.chars().count() > 64 {
        return Vec::new();
    }
    let limit = (typed.chars().count() / 3).clamp(1, 4);
    let mut scored: Vec<(usize, &'static str)> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| {
            let name = tz.name();
            let lower = name.to_lowercase();
            let whole = edit_distance(&typed, &lower);
            // The city alone: "Berlin" for "Europe/Berlin".
            let city = lower
                .rsplit('/')
                .next()
                .filter(|_| !typed.contains('/'))
                .map_or(usize::MAX, |c| edit_distance(&typed, c));
            (whole.min(city), name)
        })
        .filter(|(d, _)| *d <= limit)
        .collect();
    scored.sort_by_key(|(d, name)| (*d, name.len()));
    scored.into_iter().take(3).map(|(_, n)| n).collect()
}

impl Zone {
    /// Parses "UTC", "Europe/Berlin", "+01:00", "-05:30" or "Z".
    pub fn parse(text: &str) -> Result<Zone, String> {
        let t = text.trim();
        if t == "Z" {
            return Ok(Zone::Fixed(FixedOffset::east_opt(0).expect("zero offset")));
        }
        if t.starts_with('+') || t.starts_with('-') {
            return parse_offset(t).map(Zone::Fixed).ok_or_else(|| {
                format!("`{t}` is not an offset: write it like \"+01:00\" or \"-05:30\"")
            });
        }
        t.parse::<chrono_tz::Tz>().map(Zone::Named).map_err(|_| {
            let near = nearest_zones(t);
            if near.is_empty() {
                format!("unknown time zone `{t}`: use an IANA name such as \"Europe/Berlin\" or \"UTC\", or an offset such as \"+01:00\"")
            } else {
                let quoted: Vec<String> = near.iter().map(|n| format!("\"{n}\"")).collect();
                format!(
                    "unknown time zone `{t}`; did you mean {}? (an IANA name, or an offset such as \"+01:00\")",
                    quoted.join(" or ")
                )
            }
        })
    }

    /// The instant at which the local wall-clock time `local` happens in this zone. A time
    /// skipped by a daylight-saving change is taken one hour later; an ambiguous one, the
    /// earlier of the two.
    pub fn to_utc(&self, local: NaiveDateTime) -> DateTime<Utc> {
        match self {
            Zone::Named(tz) => resolve(tz, local),
            Zone::Fixed(off) => resolve(off, local),
        }
    }

    /// The two offsets of a wall-clock time that happens twice (the hour a fall-back change
    /// repeats), earlier first; None for any other time.
    pub fn both_offsets(&self, local: NaiveDateTime) -> Option<(FixedOffset, FixedOffset)> {
        fn both<Z: TimeZone>(zone: &Z, local: NaiveDateTime) -> Option<(FixedOffset, FixedOffset)> {
            match zone.from_local_datetime(&local) {
                LocalResult::Ambiguous(a, b) => Some((a.offset().fix(), b.offset().fix())),
                _ => None,
            }
        }
        match self {
            Zone::Named(tz) => both(tz, local),
            Zone::Fixed(_) => None,
        }
    }

    /// True when the wall-clock time `local` does not happen in this zone (skipped by a
    /// spring-forward change).
    pub fn skips(&self, local: NaiveDateTime) -> bool {
        match self {
            Zone::Named(tz) => matches!(tz.from_local_datetime(&local), LocalResult::None),
            Zone::Fixed(_) => false,
        }
    }

    /// The wall-clock time in this zone at instant `at`.
    pub fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        match self {
            Zone::Named(tz) => at.with_timezone(tz).naive_local(),
            Zone::Fixed(off) => at.with_timezone(off).naive_local(),
        }
    }

    /// The offset from UTC in effect at `at`.
    pub fn offset_at(&self, at: DateTime<Utc>) -> FixedOffset {
        match self {
            Zone::Named(tz) => at.with_timezone(tz).offset().fix(),
            Zone::Fixed(off) => *off,
        }
    }

    /// "09:00 PST": the wall-clock time at `at` with the zone's abbreviation in effect then
    /// (daylight saving included); a fixed offset shows as "+01:00".
    pub fn clock_with_abbrev(&self, at: DateTime<Utc>) -> String {
        match self {
            Zone::Named(tz) => at.with_timezone(tz).format("%H:%M %Z").to_string(),
            Zone::Fixed(off) => format!(
                "{} {}",
                at.with_timezone(off).format("%H:%M"),
                format_offset(off)
            ),
        }
    }

    /// The zone's name as written in the agenda.
    pub fn name(&self) -> String {
        match self {
            Zone::Named(tz) => tz.name().to_string(),
            Zone::Fixed(off) => format_offset(off),
        }
    }
}

fn resolve<Z: TimeZone>(zone: &Z, local: NaiveDateTime) -> DateTime<Utc> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(a, _) => a.with_timezone(&Utc),
        LocalResult::None => resolve(zone, local + chrono::Duration::hours(1)),
    }
}

fn parse_offset(t: &str) -> Option<FixedOffset> {
    let sign = if t.starts_with('-') { -1 } else { 1 };
    let rest = &t[1..];
    let (h, m) = match rest.split_once(':') {
        Some((h, m)) => (h, m),
        None if rest.len() == 4 => rest.split_at(2),
        None => (rest, "0"),
    };
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if !(0..=14).contains(&h) || !(0..60).contains(&m) {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

fn format_offset(off: &FixedOffset) -> String {
    let secs = off.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.abs();
    format!("{sign}{:02}:{:02}", secs / 3600, (secs % 3600) / 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn names_and_offsets() {
        assert_eq!(Zone::parse("UTC").unwrap().name(), "UTC");
        assert_eq!(
            Zone::parse("Europe/Berlin").unwrap().name(),
            "Europe/Berlin"
        );
        assert_eq!(Zone::parse("+01:00").unwrap().name(), "+01:00");
        assert_eq!(Zone::parse("-0530").unwrap().name(), "-05:30");
        assert!(Zone::parse("Mars/Olympus").is_err());
        assert!(Zone::parse("+25:00").is_err());
    }

    /// Issue 27: a misspelled zone gets the nearest IANA names, as a misspelled key does.
    #[test]
    fn a_misspelled_zone_suggests_the_nearest_names() {
        let why = Zone::parse("Europe/Berlim").unwrap_err();
        assert!(why.contains("did you mean \"Europe/Berlin\""), "{why}");
        let why = Zone::parse("America/New_Yrok").unwrap_err();
        assert!(why.contains("\"America/New_York\""), "{why}");
        let why = Zone::parse("Berlin").unwrap_err();
        assert!(why.contains("\"Europe/Berlin\""), "{why}");
        let why = Zone::parse("Nowhere/At_All_Really").unwrap_err();
        assert!(why.contains("use an IANA name"), "{why}");
    }

    #[test]
    fn local_times_round_trip_across_dst() {
        let berlin = Zone::parse("Europe/Berlin").unwrap();
        let summer = NaiveDate::from_ymd_opt(2026, 7, 1)
            .unwrap()
            .and_hms_opt(17, 0, 0)
            .unwrap();
        let utc = berlin.to_utc(summer);
        assert_eq!(utc.format("%H:%M").to_string(), "15:00");
        assert_eq!(berlin.local(utc), summer);
        let winter = NaiveDate::from_ymd_opt(2026, 1, 1)
            .unwrap()
            .and_hms_opt(17, 0, 0)
            .unwrap();
        assert_eq!(berlin.to_utc(winter).format("%H:%M").to_string(), "16:00");
    }
}
