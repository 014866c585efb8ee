//! The commented agenda that `gavel new` prints: every key of the agenda file, what it means,
//! its default and its allowed values. The people and organisations in it are invented.
//!
//! A test below checks that the template itself loads without errors or warnings.

pub const TEMPLATE: &str = r#"# A gavel agenda. Fill it in, then check it with `gavel check FILE` and run the meeting with
# `gavel run FILE`. Lines starting with # are comments. Keys marked REQUIRED must be there;
# everything else may be deleted. Durations are written "45m", "1h30m", "90s" or as a plain
# number of minutes (45). Dates are written 2026-03-04 (no quotes needed).

[meeting]
title = "Example Project Steering Committee"   # REQUIRED: shown on screen and atop the minutes
series = "example-sc"         # optional: meetings of one series share open actions and history
date = 2026-03-04             # REQUIRED: the day of the meeting (a date, or "2026-03-04")
start = "17:00"               # REQUIRED: 24-hour start time, "HH:MM"
timezone = "UTC"              # REQUIRED: an IANA name ("Europe/Berlin", "America/New_York"),
                              #   "UTC", or an offset ("+01:00", "-05:30")
zones = ["America/Los_Angeles", "Europe/Berlin"]   # optional: attendees' other time zones;
                              #   the minutes show the start in each ("09:00 PST / 18:00 CET")
length = "60m"                # REQUIRED: planned length of the whole meeting
link = "https://meet.example.org/example-sc"   # optional: the call's address
moderator = "Ada Moreno"      # optional: who runs the meeting
notetaker = "Ben Okafor"      # optional: who takes the notes
cadence = "2w"                # optional: how often the series meets, for the next agenda:
                              #   "1w", "2w", "4w", "14d" (a number of weeks or days),
                              #   optionally with a weekday: "2w Wed". No default (ask).
quorum = 3                    # optional: voting members present needed for a vote to count
                              #   (a positive whole number). Default: no quorum rule.
vote_rule = "majority"        # optional: how a vote passes. One of:
                              #   "majority"            more for than against among votes
                              #                         cast (abstentions don't count; default)
                              #   "two-thirds"          at least two thirds of votes cast
                              #   "majority-of-present" more than half of the voting
                              #                         members present vote for
                              #   "consensus"           nobody votes against
speaker_limit = "3m"          # optional: time each speaker in the queue gets. Default: none.
# previous_minutes = "last.minutes.json"  # optional: the previous meeting's JSON minutes,
                              #   relative to this file; `/approve` in this meeting marks
                              #   them approved. `gavel next` fills it in.
# github = "example-org/meetings"  # optional: the series' GitHub repository (owner/repo,
                              #   or https://HOST/owner/repo on GitHub Enterprise): `#123`
                              #   in notes links there; `gavel github` reads and publishes there.

[meeting.info]                # optional: a standing header printed atop the minutes.
                              #   Free keys, string values, kept in this order.
"Mailing list" = "sc@lists.example.org"
"Meeting notes" = "https://wiki.example.org/sc/notes"

# The roster: one [[people]] block per person expected. Attendance is taken from this list.
[[people]]
name = "Ada Moreno"           # REQUIRED: unique on the roster (ignoring case)
affiliation = "Acme Labs"     # optional: organisation, shown in the attendance table
role = "chair"                # optional: free text. Default: "member"
votes = true                  # optional: counts toward quorum and votes. Default: true
github = "ada-m"              # optional: GitHub handle (`@ada-m` in a command finds Ada;
                              #   her actions' issues are assigned to her; `gavel import`
                              #   fills it from the @handles in past minutes)

[[people]]
name = "Ben Okafor"
affiliation = "Northwind Cooperative"

[[people]]
name = "Chen Liwei"
affiliation = "Globex Research"

[[people]]
name = "Dana Ruiz"
affiliation = "Acme Labs"
alternate_for = "Ada Moreno"  # optional: a roster name. When that member is absent, this
                              #   person counts toward quorum and votes in their place.

[[people]]
name = "Eli Sandström"
affiliation = "Initech Foundation"
role = "observer"
votes = false                 # not a voting member
guest = false                 # optional: true for a guest carried over from an earlier
                              #   meeting (guests never count toward quorum). Default: false

# The agenda: one [[items]] block per item, in running order. Time boxes should add up to
# no more than the meeting's length (gavel warns otherwise).
[[items]]
title = "Welcome and agenda review"   # REQUIRED
timebox = "5m"                # REQUIRED: planned time for the item
kind = "info"                 # optional: "info", "discussion" (default) or "decision"
fixed = true                  # optional: /rebalance never changes this time box. Default: false
standing = true               # optional: repeats in every meeting of the series. Default: false

[[items]]
title = "Review of open actions"
timebox = 10
standing = true

[[items]]
title = "Security issue response process"
presenter = "Chen Liwei"      # optional: who leads the item (ideally a roster name;
                              #   gavel warns when it is not)
timebox = "20m"
kind = "decision"
background = """
Free text shown on screen while the item runs. It may span several lines: line
breaks are kept, a blank line starts a paragraph, "- " and "1. " start list items.
Proposal: adopt the draft process and publish it with the next release.
"""                           # optional
links = ["https://example.org/proposals/12"]   # optional: a list of addresses
speaker_limit = "2m"          # optional: overrides the meeting's speaker_limit for this item

[[items]]
title = "Any other business"
timebox = "10m"

# Open actions carried from earlier meetings, reviewed with /done, /ongoing or /dropped.
# Delete these blocks if there are none.
[[actions]]
owner = "Ben Okafor"          # REQUIRED: one name, or a list: ["Ben Okafor", "Chen Liwei"]
text = "Draft the security assurance case"   # REQUIRED
due = 2026-03-01              # optional: when it is due
from = 2026-02-18             # optional: the meeting that created it
carried = 1                   # optional: meetings it has already been carried over
                              #   (a whole number, zero or more). Default: 0
"#;

#[cfg(test)]
mod tests {
    use super::TEMPLATE;
    use crate::agenda::{parse_str, ItemKind, VoteRule};

    #[test]
    fn template_loads_without_errors_or_warnings() {
        let (agenda, warnings) = match parse_str(TEMPLATE) {
            Ok(ok) => ok,
            Err(diags) => panic!(
                "template is invalid:\n{}",
                diags
                    .iter()
                    .map(|d| d.render("TEMPLATE"))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        };
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(agenda.people.len(), 5);
        assert_eq!(agenda.items.len(), 4);
        assert_eq!(agenda.actions.len(), 1);
        assert_eq!(agenda.meeting.vote_rule, VoteRule::Majority);
        assert_eq!(agenda.items[2].kind, ItemKind::Decision);
        assert!(agenda.planned_items() <= agenda.meeting.length);
    }

    #[test]
    fn template_mentions_every_key() {
        for key in [
            "title",
            "series",
            "date",
            "start",
            "timezone",
            "zones",
            "length",
            "link",
            "moderator",
            "notetaker",
            "cadence",
            "quorum",
            "vote_rule",
            "speaker_limit",
            "[meeting.info]",
            "name",
            "affiliation",
            "role",
            "votes",
            "alternate_for",
            "guest",
            "github",
            "presenter",
            "timebox",
            "kind",
            "background",
            "links",
            "fixed",
            "standing",
            "owner",
            "text",
            "due",
            "from",
            "carried",
        ] {
            assert!(
                TEMPLATE.lines().any(|l| l.trim_start().starts_with(key)),
                "template does not set `{key}`"
            );
        }
        for value in [
            "two-thirds",
            "majority-of-present",
            "consensus",
            "\"info\"",
            "\"decision\"",
        ] {
            assert!(
                TEMPLATE.contains(value),
                "template does not mention {value}"
            );
        }
    }
}
