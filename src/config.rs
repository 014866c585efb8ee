//! The moderator's own settings, in `config.toml` under the platform's config directory
//! (`gavel config path` prints where; `GAVEL_CONFIG` points elsewhere). Every key is
//! optional. A bad file is reported like a bad agenda (FILE:LINE:COL) and gavel goes on with
//! the defaults: a typo in a config file must never stop a meeting.

use crate::agenda::{diagnostic_at, Severity, Zone};
use std::path::{Path, PathBuf};
use toml::de::{DeTable, DeValue};

/// What the config file sets. `Default` is gavel without a config file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Config {
    /// Put in the `moderator` line of `gavel new`.
    pub moderator: Option<String>,
    /// Where sessions live, unless `--data-dir` or `GAVEL_DATA_DIR` says otherwise.
    pub data_dir: Option<PathBuf>,
    /// Where `gavel run` writes the minutes, unless `--out` says otherwise.
    pub export_dir: Option<PathBuf>,
    /// `replay` and `export` write JSON unless `--format` says otherwise.
    pub json: bool,
    /// "dark" (bright colours), "light" (deep colours) or "auto" (the terminal's normal
    /// colours, readable on both); `NO_COLOR` turns colour off whatever the theme.
    pub theme: Option<String>,
    /// Show wall-clock times on the 12-hour clock in the header.
    pub twelve_hour: bool,
    /// Extra time zones shown in the header, after the agenda's own.
    pub zones: Vec<Zone>,
    /// Ring the terminal bell at overruns (as `--bell`).
    pub bell: bool,
    /// `[keys]`: (action, key) overrides of the default key bindings, checked.
    pub keys: Vec<(String, String)>,
}

/// A commented config file with every key, written by `gavel config init`.
pub const TEMPLATE: &str = r#"# gavel's settings. Every key is optional; delete what you do not need.
# moderator = "Ada Moreno"          # put in the moderator line of `gavel new`
# data_dir = "~/meetings/sessions"  # where sessions live (--data-dir and GAVEL_DATA_DIR win)
# export_dir = "~/meetings/minutes" # where `gavel run` writes the minutes (--out wins)
# format = "md"                     # "md" or "json": what replay and export write by default
# theme = "auto"                    # "dark", "light" or "auto"; NO_COLOR turns colour off
# clock = 24                        # 12 or 24: the header's clock
# zones = ["America/New_York"]      # extra time zones shown in the header
# bell = false                      # ring the terminal bell at overruns (as --bell)
#
# [keys]                            # other keys for actions of the live screen, e.g.:
# next = "F5"                       # keys: "n", "Ctrl-E", "Alt-x", "F5", "Tab", "Up", "Del"
# editor = "Ctrl-O"                 # actions (each replaces all of that action's keys):
#   anywhere: command help quit
#   agenda: note next prev start_pause extend defer goto undo actions background speak
#     rebalance roster roll_call roll_vote entries up down move_up move_down
#   roster: present regrets left absent queue agenda refuse_claim
#   capture line: submit clear_line complete editor history_prev history_next
#     nearest_1 nearest_2 nearest_3 (a nearest name for an owner not on the roster)
#   entries: edit_entry delete_entry      end of meeting: write copy
#   roll call: roll_present roll_regrets roll_absent roll_skip roll_back roll_done
#   recorded vote: vote_yes vote_no vote_abstain vote_recused vote_skip vote_back
#     vote_close vote_leave
#   quitting: end_meeting keep_open stay      a plan: apply_plan
#   a report: apply_report cancel_report
#   help and reports: scroll_down scroll_up page_down page_up scroll_top
"#;

/// Where the config file is (it may not exist).
pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("GAVEL_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("org", "gavel", "gavel")
        .map(|d| d.config_dir().join("config.toml"))
}

/// Reads the config file. Returns the settings (the defaults where the file is missing or
/// wrong) and the problems to tell the user about, already rendered.
pub fn load() -> (Config, Vec<String>) {
    match path() {
        Some(p) if p.exists() => load_from(&p),
        _ => (Config::default(), Vec::new()),
    }
}

/// Reads the config file at `path`.
pub fn load_from(path: &Path) -> (Config, Vec<String>) {
    let shown = crate::error::display(path);
    let source = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) => {
            return (
                Config::default(),
                vec![format!(
                    "{shown}: {}; using the defaults",
                    crate::error::io_reason(&e)
                )],
            )
        }
    };
    match parse(&source) {
        Ok(config) => (config, Vec::new()),
        Err(problems) => {
            let mut lines: Vec<String> = problems.iter().map(|d| d.render(&shown)).collect();
            lines.push(format!(
                "{shown}: using the default settings until this is fixed"
            ));
            (Config::default(), lines)
        }
    }
}

/// Parses config text: all or nothing, so a half-understood file never half-applies.
pub fn parse(source: &str) -> Result<Config, Vec<crate::agenda::Diagnostic>> {
    let mut problems = Vec::new();
    let mut error = |offset: usize, message: String| {
        problems.push(diagnostic_at(source, offset, Severity::Error, &message));
    };
    let table = match DeTable::parse(source) {
        Ok(t) => t,
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            error(at, format!("invalid TOML: {}", e.message()));
            return Err(problems);
        }
    };
    let mut config = Config::default();
    for (key, value) in table.get_ref().iter() {
        let at = value.span().start;
        let v = value.get_ref();
        let text = |v: &DeValue<'_>| v.as_str().map(str::to_string);
        match key.get_ref().as_ref() {
            "moderator" => match text(v) {
                Some(s) => config.moderator = Some(crate::text::clean_line(&s)),
                None => error(at, "`moderator` must be a string".into()),
            },
            "data_dir" | "export_dir" => match text(v) {
                Some(s) => {
                    let dir = Some(expand_home(&s));
                    if key.get_ref() == "data_dir" {
                        config.data_dir = dir;
                    } else {
                        config.export_dir = dir;
                    }
                }
                None => error(at, format!("`{}` must be a string (a directory)", key.get_ref())),
            },
            "format" => match text(v).as_deref() {
                Some("md") => config.json = false,
                Some("json") => config.json = true,
                _ => error(at, "`format` must be \"md\" or \"json\"".into()),
            },
            "theme" => match text(v).as_deref() {
                Some(t @ ("dark" | "light" | "auto")) => config.theme = Some(t.to_string()),
                _ => error(at, "`theme` must be \"dark\", \"light\" or \"auto\"".into()),
            },
            "clock" => match v.as_integer().map(|i| i.as_str()) {
                Some("12") => config.twelve_hour = true,
                Some("24") => config.twelve_hour = false,
                _ => error(at, "`clock` must be 12 or 24".into()),
            },
            "bell" => match v.as_bool() {
                Some(b) => config.bell = b,
                None => error(at, "`bell` must be true or false".into()),
            },
            "keys" => match v.as_table() {
                Some(table) => {
                    let mut map = crate::tui::keys::KeyMap::default();
                    for (action, key) in table.iter() {
                        let at = key.span().start;
                        match key.get_ref().as_str() {
                            Some(k) => match map.rebind(action.get_ref(), k) {
                                Ok(()) => config.keys.push((action.get_ref().to_string(), k.to_string())),
                                Err(e) => error(at, e),
                            },
                            None => error(at, "a key must be a string, like \"F5\"".into()),
                        }
                    }
                }
                None => error(at, "`keys` must be a table: [keys] then action = \"key\"".into()),
            },
            "zones" => match v.as_array() {
                Some(items) => {
                    for item in items.iter() {
                        match item.get_ref().as_str().map(Zone::parse) {
                            Some(Ok(z)) => config.zones.push(z),
                            Some(Err(e)) => error(item.span().start, e),
                            None => error(item.span().start, "a zone must be a string".into()),
                        }
                    }
                }
                None => error(at, "`zones` must be a list of time zones".into()),
            },
            other => error(
                key.span().start,
                format!(
                    "unknown key `{}`: the config takes moderator, data_dir, export_dir, format, theme, clock, zones, bell and [keys]",
                    crate::text::clean_line(other)
                ),
            ),
        }
    }
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(problems)
    }
}

/// `~/x` as the home directory's `x`.
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), directories::BaseDirs::new()) {
        (Some(rest), Some(dirs)) => dirs.home_dir().join(rest),
        _ => PathBuf::from(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_file_means_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let (config, problems) = load_from(&dir.path().join("missing.toml"));
        assert_eq!(config, Config::default());
        assert_eq!(problems.len(), 1, "a missing file named explicitly is said");
        assert_eq!(parse(""), Ok(Config::default()));
    }

    #[test]
    fn every_key_is_honoured() {
        let config = parse(
            "moderator = \"Ada Moreno\"\ndata_dir = \"/tmp/s\"\nexport_dir = \"/tmp/m\"\nformat = \"json\"\ntheme = \"light\"\nclock = 12\nzones = [\"Asia/Tokyo\"]\nbell = true\n",
        )
        .unwrap();
        assert_eq!(config.moderator.as_deref(), Some("Ada Moreno"));
        assert_eq!(config.data_dir, Some(PathBuf::from("/tmp/s")));
        assert_eq!(config.export_dir, Some(PathBuf::from("/tmp/m")));
        assert!(config.json && config.twelve_hour && config.bell);
        assert_eq!(config.theme.as_deref(), Some("light"));
        assert_eq!(config.zones, vec![Zone::parse("Asia/Tokyo").unwrap()]);
    }

    #[test]
    fn the_template_is_valid_and_sets_nothing() {
        assert_eq!(parse(TEMPLATE), Ok(Config::default()));
        let uncommented: String = TEMPLATE
            .lines()
            .filter_map(|l| l.strip_prefix("# "))
            .filter(|l| l.contains(" = ") || l.starts_with('['))
            .map(|l| format!("{}\n", l.split("  #").next().unwrap_or(l).trim()))
            .collect();
        assert!(parse(&uncommented).is_ok(), "{uncommented}");
    }

    #[test]
    fn key_overrides_are_checked_where_they_are_written() {
        let config = parse("[keys]\nnext = \"F5\"\n").unwrap();
        assert_eq!(config.keys, vec![("next".to_string(), "F5".to_string())]);
        let problems = parse("[keys]\nnext = \"p\"\nfly = \"x\"\n").unwrap_err();
        let text: Vec<String> = problems.iter().map(|d| d.render("c.toml")).collect();
        assert!(
            text[0].starts_with("c.toml:2:8: error: `p` is already bound"),
            "{text:?}"
        );
        assert!(
            text[1].starts_with("c.toml:3:7: error: unknown action `fly`"),
            "{text:?}"
        );
    }

    #[test]
    fn a_bad_file_is_reported_with_its_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(&p, "bell = true\nclock = 25\ncolour = \"red\"\n").unwrap();
        let (config, problems) = load_from(&p);
        assert_eq!(config, Config::default(), "nothing half-applies");
        let text = problems.join("\n");
        assert!(
            text.contains("config.toml:2:9: error: `clock` must be 12 or 24"),
            "{text}"
        );
        assert!(
            text.contains("config.toml:3:1: error: unknown key `colour`"),
            "{text}"
        );
        assert!(text.contains("using the default settings"), "{text}");
        std::fs::write(&p, "bell = \n").unwrap();
        let (_, problems) = load_from(&p);
        assert!(problems[0].contains("config.toml:1:"), "{problems:?}");
    }
}
