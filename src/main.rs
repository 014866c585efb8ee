//! The `gavel` command line: parse arguments, dispatch to a command, map errors to exit codes
//! (0 ok, 1 runtime failure, 2 bad input or usage).

use clap::{Parser, Subcommand, ValueEnum};
use gavel::cli;
use gavel::error::Failure;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "gavel",
    version,
    about = "Run a meeting from the terminal: agenda clock, roster, capture line, Markdown minutes.",
    after_help = "Examples:\n  gavel new -o weekly.toml\n  gavel check weekly.toml\n  gavel run weekly.toml\n  gavel replay weekly.toml notes.txt -o weekly.minutes.md"
)]
struct Cli {
    /// Where sessions live (default: the platform's data directory; also GAVEL_DATA_DIR).
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        env = "GAVEL_DATA_DIR",
        hide_env_values = true
    )]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Md,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Run a meeting live in the terminal (resumes an unfinished session of that agenda).
    #[command(after_help = "Example:\n  gavel run agendas/steering-committee.toml --out minutes/")]
    Run {
        agenda: PathBuf,
        /// Write the minutes into DIR instead of beside the agenda.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Include private entries (marked) in the minutes.
        #[arg(long)]
        private: bool,
        /// Overwrite minutes files that gavel did not write.
        #[arg(long)]
        force: bool,
        /// At /end, also put the minutes at the top of this running notes document.
        #[arg(long, value_name = "NOTES.md")]
        append: Option<PathBuf>,
        /// Ring the terminal bell when an item reaches its time box and at the planned end.
        #[arg(long)]
        bell: bool,
        /// An agenda dated another day than today runs as today's meeting (`today`), as the
        /// agenda's date (`agenda`), or the terminal asks which (`ask`, the default).
        #[arg(
            long,
            value_enum,
            value_name = "WHEN",
            env = "GAVEL_RUN_AS",
            default_value = "ask"
        )]
        run_as: gavel::cli::RunAs,
        /// Also serve the session to participants (co-scribes, a co-chair, a projector) on
        /// ADDR (loopback by default); `/share` on the screen shows their links.
        #[arg(long, value_name = "ADDR", num_args = 0..=1, default_missing_value = gavel::share::host::DEFAULT_LISTEN)]
        share: Option<String>,
        /// Serve the shared session over TLS with this certificate chain (PEM); needs --tls-key.
        #[arg(long, value_name = "CERT.pem", requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// The private key (PEM) of --tls-cert.
        #[arg(long, value_name = "KEY.pem", requires = "tls_cert")]
        tls_key: Option<PathBuf>,
    },
    /// Serve a shared session with no screen; prints one `ROLE: URL` line per role.
    #[command(
        after_help = "Never asks: an unfinished session of the agenda is resumed, and an agenda dated another day runs as today's.\nThe chair then joins with `gavel join CHAIR-URL`. Stop with Ctrl-C or SIGTERM.\nExample:\n  gavel serve agendas/steering-committee.toml --listen 127.0.0.1:0"
    )]
    Serve {
        agenda: PathBuf,
        /// The address to listen on; a port of 0 takes a free one (the links say which).
        #[arg(long, value_name = "ADDR", default_value = gavel::share::host::DEFAULT_LISTEN)]
        listen: String,
        /// Serve the shared session over TLS with this certificate chain (PEM); needs --tls-key.
        #[arg(long, value_name = "CERT.pem", requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// The private key (PEM) of --tls-cert.
        #[arg(long, value_name = "KEY.pem", requires = "tls_cert")]
        tls_key: Option<PathBuf>,
        /// Write the minutes into DIR instead of beside the agenda.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Include private entries (marked) in the minutes.
        #[arg(long)]
        private: bool,
        /// Overwrite minutes files that gavel did not write.
        #[arg(long)]
        force: bool,
    },
    /// Join a shared session: the same screen, as the link's role (chair, scribe, viewer).
    #[command(
        after_help = "Your name comes from --name, else the config file's `moderator`, else your login name.\nWhile the host cannot be reached, what you take waits in an outbox and is sent when it is back.\nExample:\n  gavel join http://127.0.0.1:7707/join/0123456789abcdef0123456789abcdef --name 'Ana Lima'"
    )]
    Join {
        /// The link the chair gave you.
        url: String,
        /// Your name, as the minutes will say it.
        #[arg(long)]
        name: Option<String>,
        /// A large clock, the agenda, the current item and the queue, for a shared screen.
        #[arg(long)]
        projector: bool,
        /// Trust this certificate (PEM) for an https:// link: the host's own or self-signed one.
        #[arg(long, value_name = "CA.pem")]
        ca: Option<PathBuf>,
    },
    /// Validate agenda files: errors as FILE:LINE:COL, exit 2 when any is invalid.
    #[command(after_help = "Example:\n  gavel check agendas/*.toml")]
    Check {
        #[arg(required = true)]
        agendas: Vec<PathBuf>,
    },
    /// Apply a transcript of commands to an agenda and write the minutes.
    #[command(
        after_help = "Each line of the transcript is one command, optionally stamped [17:04].\nExample:\n  gavel replay agendas/steering-committee.toml tests/transcripts/steering-committee.txt -o minutes.md"
    )]
    Replay {
        agenda: PathBuf,
        transcript: PathBuf,
        /// Write to FILE instead of standard output.
        #[command(flatten)]
        minutes: MinutesOut,
    },
    /// Write minutes from a session journal (an id from `gavel sessions`, or a path), or
    /// render a minutes record (`DATE.minutes.json`, as `gavel import` writes) as Markdown.
    #[command(
        after_help = "Examples:\n  gavel export 2026-03-04-widget-sc -o minutes.md\n  gavel export imported/2026-03-04.minutes.json -o 2026-03-04.md"
    )]
    Export {
        session: String,
        #[command(flatten)]
        minutes: MinutesOut,
    },
    /// List sessions, unfinished first.
    #[command(
        after_help = "Example:\n  gavel sessions\n  gavel --data-dir ~/meetings/data sessions"
    )]
    Sessions,
    /// Write the next meeting's agenda from this meeting's JSON minutes (or a session).
    #[command(
        after_help = "The date comes from /nextmeeting, else from the agenda's cadence.\nExample:\n  gavel next weekly.minutes.json -o next.toml --ics next.ics"
    )]
    Next {
        /// JSON minutes, a session id, a session directory or a journal file.
        minutes: PathBuf,
        /// Write the next agenda to FILE instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Overwrite files that gavel did not write.
        #[arg(long)]
        force: bool,
        /// Also write the next meeting as an iCalendar event.
        #[arg(long, value_name = "FILE")]
        ics: Option<PathBuf>,
    },
    /// Record a meeting as cancelled and move its whole agenda to the next date.
    #[command(
        after_help = "Example:\n  gavel cancel weekly.toml --reason \"Most of us are at the summit\" -o next.toml --append NOTES.md"
    )]
    Cancel {
        agenda: PathBuf,
        /// Why the meeting does not take place.
        #[arg(long, value_name = "TEXT")]
        reason: String,
        /// Write the moved agenda to FILE instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Record the cancellation at the top of this running notes document.
        #[arg(long, value_name = "NOTES.md")]
        append: Option<PathBuf>,
        #[arg(long)]
        force: bool,
    },
    /// Open actions from every *.minutes.json in DIR, by owner, with their age in meetings.
    #[command(after_help = "Example:\n  gavel actions minutes/")]
    Actions { dir: PathBuf },
    /// Who attended which meeting of the *.minutes.json in DIR, and attendance rates; or
    /// `attendance import`: a call's participant report against the roster.
    #[command(
        args_conflicts_with_subcommands = true,
        after_help = "Examples:\n  gavel attendance minutes/\n  gavel attendance import zoom-participants.csv --agenda weekly.toml > attendance.txt"
    )]
    Attendance {
        #[command(subcommand)]
        action: Option<AttendanceAction>,
        /// A directory of *.minutes.json.
        dir: Option<PathBuf>,
    },
    /// Read past minutes (Markdown or text, one meeting or a running document of many) into
    /// one DATE.minutes.json per meeting, so a series under way can be adopted.
    #[command(
        after_help = "What is not recognised is kept as text of its meeting and reported as FILE:LINE.\nExample:\n  gavel import old-notes/ NOTES.md --out minutes/ --agenda next.toml"
    )]
    Import {
        /// Minutes files, or directories of .md/.txt files.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Where to write the JSON minutes (created if needed).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Also write the next meeting's agenda (from the last meeting imported).
        #[arg(long, value_name = "NEXT.toml")]
        agenda: Option<PathBuf>,
        /// The series' cadence ("2w"), when the dates do not show it.
        #[arg(long, value_name = "CADENCE")]
        cadence: Option<String>,
        /// The meetings' title, instead of the documents' own.
        #[arg(long, value_name = "TEXT")]
        title: Option<String>,
        /// Overwrite files that gavel did not write.
        #[arg(long)]
        force: bool,
    },
    /// Mark JSON minutes approved and rewrite them and the Markdown beside them.
    #[command(after_help = "Example:\n  gavel approve weekly.minutes.json --date 2026-03-18")]
    Approve {
        minutes: PathBuf,
        /// The date of approval (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<chrono::NaiveDate>,
        #[arg(long)]
        force: bool,
    },
    /// Remove the text of every private entry from a session's journal and draft.
    #[command(
        name = "purge-private",
        after_help = "Private notes, outcomes and actions keep their place in the record, with\ntheir text replaced by \"[private text removed]\".\nExample:\n  gavel purge-private 2026-03-04-widget-sc"
    )]
    PurgePrivate { session: String },
    /// Where the config file is, or write a commented one to start from.
    #[command(after_help = "Example:\n  gavel config init && $EDITOR \"$(gavel config path)\"")]
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// Print a commented agenda to start from (or write it with -o).
    #[command(after_help = "Example:\n  gavel new -o weekly.toml")]
    New {
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long)]
        force: bool,
    },
    /// GitHub: the agenda from labelled issues and pull requests; the minutes as a pull
    /// request and the actions as issues.
    #[command(
        after_help = "The token comes from GH_TOKEN or GITHUB_TOKEN, else from `gh auth token`; it is never written or printed.\nExamples:\n  gavel github agenda next.toml --label meeting-agenda -o next.toml\n  gavel github publish 2026-03-04.minutes.json --dry-run"
    )]
    Github {
        #[command(subcommand)]
        action: GithubAction,
    },
    /// Print a shell completion script to standard output.
    #[command(
        after_help = "Examples:\n  gavel completions bash > ~/.local/share/bash-completion/completions/gavel\n  gavel completions zsh > ~/.zfunc/_gavel\n  gavel completions fish > ~/.config/fish/completions/gavel.fish"
    )]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output.
    #[command(
        after_help = "Examples:\n  gavel man | man -l -\n  gavel man > ~/.local/share/man/man1/gavel.1"
    )]
    Man,
}

/// Where and how `replay` and `export` write the minutes.
#[derive(clap::Args)]
struct MinutesOut {
    /// Write to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// md (the default, or the config file's `format`) or json.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Include private entries (marked) in the minutes.
    #[arg(long)]
    private: bool,
    /// Overwrite a file that gavel did not write.
    #[arg(long)]
    force: bool,
    /// Put the minutes at the top of this running notes document (replacing an earlier
    /// copy of the same meeting) instead of standard output.
    #[arg(long, value_name = "NOTES.md")]
    append: Option<PathBuf>,
}

#[derive(Subcommand)]
enum AttendanceAction {
    /// Match a participant report (Zoom or Google Meet CSV, Microsoft Teams attendance
    /// report) to the agenda's roster; write `[HH:MM] /present` and `/left` lines.
    #[command(
        after_help = "The matches and the participants not on the roster are listed on standard error.\nThe lines go to standard output (or FILE): add them to the meeting's transcript for\n`gavel replay`, or type them in the capture line.\nExample:\n  gavel attendance import participants.csv --agenda weekly.toml -o attendance.txt"
    )]
    Import {
        report: PathBuf,
        /// The meeting's agenda: its roster, date and start.
        #[arg(long, value_name = "AGENDA.toml")]
        agenda: PathBuf,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long)]
        force: bool,
    },
}

/// What `gavel github agenda` and `gavel github publish` share.
#[derive(clap::Args)]
struct GithubCommon {
    /// The GitHub repository, OWNER/REPO (default: the agenda's or the minutes' `github`).
    #[arg(long, value_name = "OWNER/REPO")]
    repo: Option<String>,
    /// The GitHub API's address: https://HOST/api/v3 for GitHub Enterprise Server, or
    /// http://127.0.0.1:PORT for a local server (default: the repository's host's API).
    #[arg(long, value_name = "URL")]
    api_url: Option<String>,
    /// Go ahead without asking.
    #[arg(long)]
    yes: bool,
    /// Print what would be done, change nothing (reads from GitHub only).
    #[arg(long)]
    dry_run: bool,
}

#[derive(Subcommand)]
enum GithubAction {
    /// Add the open GitHub issues and pull requests carrying a label to an agenda: title,
    /// link, author as presenter (by the roster's `github`), time box from "Time needed".
    #[command(
        after_help = "Items already on the agenda (same link) are skipped; what was added and skipped is printed.\nExample:\n  gavel github agenda next.toml --repo example-org/meetings --label meeting-agenda -o next.toml"
    )]
    Agenda {
        agenda: PathBuf,
        /// The GitHub label that puts an issue or pull request on the agenda.
        #[arg(long, value_name = "LABEL")]
        label: String,
        /// Write the agenda to FILE (it may be AGENDA itself) instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// The time box of an item whose issue has no "Time needed" line.
        #[arg(long, value_name = "DURATION", default_value = "10m")]
        timebox: String,
        /// Overwrite a file that gavel did not write.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        common: GithubCommon,
    },
    /// Publish minutes on GitHub: the Markdown committed to a branch with a pull request,
    /// an issue per new action, carried actions commented on, done ones closed.
    #[command(
        after_help = "Running it again updates the same branch and pull request and opens no issue twice.\nExample:\n  gavel github publish 2026-03-04.minutes.json --repo example-org/meetings"
    )]
    Publish {
        /// JSON minutes, a session id, a session directory or a journal file.
        minutes: String,
        /// Where the Markdown goes in the repository ({date}, {series}, {title} filled in).
        #[arg(long, value_name = "PATTERN", default_value = gavel::github::plan::DEFAULT_PATH)]
        path: String,
        /// The branch the minutes are committed to (same placeholders).
        #[arg(long, value_name = "PATTERN", default_value = gavel::github::plan::DEFAULT_BRANCH)]
        branch: String,
        /// The label on each action's issue.
        #[arg(long, value_name = "LABEL", default_value = gavel::github::plan::DEFAULT_LABEL)]
        label: String,
        /// Show the titles of the issues and pull requests the notes name (looked up on
        /// GitHub, cached).
        #[arg(long)]
        titles: bool,
        #[command(flatten)]
        common: GithubCommon,
    },
}

fn github_common(c: GithubCommon) -> cli::GithubArgs {
    cli::GithubArgs {
        repo: c.repo,
        api_url: c.api_url,
        yes: c.yes,
        dry_run: c.dry_run,
    }
}

/// `gavel github agenda` and `gavel github publish`.
fn github(action: GithubAction, data_dir: Option<PathBuf>) -> Result<u8, Failure> {
    match action {
        GithubAction::Agenda {
            agenda,
            label,
            output,
            timebox,
            force,
            common,
        } => cli::github_agenda(&cli::GithubAgendaArgs {
            agenda,
            label,
            output,
            timebox,
            force,
            common: github_common(common),
        }),
        GithubAction::Publish {
            minutes,
            path,
            branch,
            label,
            titles,
            common,
        } => cli::github_publish(
            &cli::GithubPublishArgs {
                minutes,
                path,
                branch,
                label,
                titles,
                common: github_common(common),
            },
            data_dir,
        ),
    }
}

#[derive(Subcommand)]
enum ConfigAction {
    /// Print the config file's path (it may not exist yet).
    Path,
    /// Write a commented config file with every key (refuses to overwrite without --force).
    Init {
        #[arg(long)]
        force: bool,
    },
}

fn main() -> ExitCode {
    use std::io::Write;
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = dispatch(cli);
    match result {
        Ok(code) => ExitCode::from(code),
        // Not eprintln!, which panics when standard error is gone (a hung-up terminal).
        Err(failure) => {
            let msg = gavel::text::sanitize(failure.message(), true);
            let _ = match failure {
                Failure::Input(_) => writeln!(std::io::stderr(), "{msg}"),
                Failure::Runtime(_) => writeln!(std::io::stderr(), "gavel: {msg}"),
            };
            ExitCode::from(failure.exit_code())
        }
    }
}

/// Writes `bytes` to standard output; a closed pipe (`gavel man | head`) is not a failure.
fn print_bytes(bytes: &[u8]) -> Result<u8, Failure> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(0),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(0),
        Err(e) => Err(Failure::Runtime(format!(
            "cannot write to standard output: {e}"
        ))),
    }
}

/// The completion script for `shell`, generated from the same definition clap parses with.
fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "gavel", &mut buf);
    buf
}

/// The man page (roff), with one section per subcommand.
fn man_page() -> Result<Vec<u8>, Failure> {
    use clap::CommandFactory;
    let cmd = Cli::command();
    let mut buf = Vec::new();
    let io = |e: std::io::Error| Failure::Runtime(format!("cannot render the man page: {e}"));
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(&mut buf).map_err(io)?;
    man.render_name_section(&mut buf).map_err(io)?;
    man.render_synopsis_section(&mut buf).map_err(io)?;
    man.render_description_section(&mut buf).map_err(io)?;
    man.render_options_section(&mut buf).map_err(io)?;
    // SUBCOMMANDS lists every subcommand with its summary; then one section each with its
    // synopsis, options and example, so `man gavel` is the whole reference.
    man.render_subcommands_section(&mut buf).map_err(io)?;
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("gavel {}", sub.get_name());
        let sub = sub.clone().bin_name(name.clone());
        let sub_man = clap_mangen::Man::new(sub.clone());
        buf.extend_from_slice(format!(".SH \"{}\"\n", name.to_uppercase()).as_bytes());
        let mut part = Vec::new();
        sub_man.render_synopsis_section(&mut part).map_err(io)?;
        sub_man.render_description_section(&mut part).map_err(io)?;
        sub_man.render_options_section(&mut part).map_err(io)?;
        sub_man.render_extra_section(&mut part).map_err(io)?;
        // Demote the sub-page's own section headings so they nest under this one.
        // Each rendered piece repeats the page preamble (the `Aq` string definition): keep it
        // once, at the top of the page.
        let part: String = String::from_utf8_lossy(&part)
            .lines()
            .filter(|l| !l.starts_with(".ie \\n(.g .ds Aq") && !l.starts_with(".el .ds Aq"))
            .map(|l| match l {
                ".SH EXTRA" => ".SS EXAMPLE\n".to_string(),
                _ => format!("{}\n", l.replacen(".SH ", ".SS ", 1)),
            })
            .collect();
        buf.extend_from_slice(part.as_bytes());
    }
    man.render_extra_section(&mut buf).map_err(io)?;
    man.render_version_section(&mut buf).map_err(io)?;
    Ok(buf)
}

/// The config file's settings; what is wrong in it is said on standard error, and gavel goes
/// on with the defaults for those keys.
fn settings() -> gavel::config::Config {
    let (config, problems) = gavel::config::load();
    for p in problems {
        eprintln!("{}", gavel::text::sanitize(&p, true));
    }
    config
}

fn dispatch(cli: Cli) -> Result<u8, Failure> {
    let config = settings();
    let json = |f: Option<Format>| f.map_or(config.json, |f| matches!(f, Format::Json));
    let data_dir = cli.data_dir.clone().or(config.data_dir.clone());
    let cli = Cli { data_dir, ..cli };
    match cli.command {
        Command::Completions { shell } => print_bytes(&completions(shell)),
        Command::Man => print_bytes(&man_page()?),
        Command::Check { agendas } => cli::check(&agendas),
        Command::Replay {
            agenda,
            transcript,
            minutes: m,
        } => cli::replay(&cli::ReplayArgs {
            agenda,
            transcript,
            output: m.output,
            json: json(m.format),
            private: m.private,
            force: m.force,
            append: m.append,
        }),
        Command::New { output, force } => {
            cli::new_agenda(output.as_deref(), force, config.moderator.as_deref())
        }
        Command::Config { action } => match action {
            ConfigAction::Path => cli::config_path(),
            ConfigAction::Init { force } => cli::config_init(force),
        },
        Command::Run {
            agenda,
            out,
            private,
            force,
            append,
            bell,
            run_as,
            share,
            tls_cert,
            tls_key,
        } => cli::run(&cli::RunArgs {
            run_as,
            share,
            tls: tls_files(tls_cert, tls_key),
            data_dir: cli.data_dir,
            agenda,
            out: out.or(config.export_dir),
            private,
            force,
            append,
            bell: bell || config.bell,
            twelve_hour: config.twelve_hour,
            zones: config.zones,
            keys: config.keys,
            palette: palette(config.theme.as_deref()),
        }),
        Command::Serve {
            agenda,
            listen,
            tls_cert,
            tls_key,
            out,
            private,
            force,
        } => cli::serve(&cli::ServeArgs {
            data_dir: cli.data_dir,
            agenda,
            listen,
            tls: tls_files(tls_cert, tls_key),
            out: out.or(config.export_dir),
            private,
            force,
        }),
        Command::Join {
            url,
            name,
            projector,
            ca,
        } => cli::join(&cli::JoinArgs {
            ca,
            data_dir: cli.data_dir,
            url,
            name,
            config_name: config.moderator,
            projector,
            palette: palette(config.theme.as_deref()),
            twelve_hour: config.twelve_hour,
        }),
        Command::Export {
            session,
            minutes: m,
        } => cli::export(
            cli.data_dir,
            &session,
            m.output,
            json(m.format),
            m.private,
            m.force,
            m.append,
        ),
        Command::Sessions => cli::sessions(cli.data_dir),
        Command::Github { action } => github(action, cli.data_dir),
        Command::PurgePrivate { session } => cli::purge_private(cli.data_dir, &session),
        Command::Next {
            minutes,
            output,
            force,
            ics,
        } => cli::next(cli.data_dir, &minutes, output, force, ics),
        Command::Cancel {
            agenda,
            reason,
            output,
            append,
            force,
        } => cli::cancel(&cli::CancelArgs {
            agenda,
            reason,
            output,
            append,
            force,
        }),
        Command::Actions { dir } => cli::actions(&dir),
        Command::Attendance { action, dir } => attendance(action, dir),
        Command::Import {
            inputs,
            out,
            agenda,
            cadence,
            title,
            force,
        } => cli::import(&cli::ImportArgs {
            inputs,
            out,
            agenda,
            cadence,
            title,
            force,
        }),
        Command::Approve {
            minutes,
            date,
            force,
        } => cli::approve(&minutes, date, force),
    }
}

/// `gavel attendance DIR` and `gavel attendance import REPORT --agenda AGENDA`.
fn attendance(action: Option<AttendanceAction>, dir: Option<PathBuf>) -> Result<u8, Failure> {
    match (action, dir) {
        (
            Some(AttendanceAction::Import {
                report,
                agenda,
                output,
                force,
            }),
            _,
        ) => cli::attendance_import(&cli::AttendanceImportArgs {
            report,
            agenda,
            output,
            force,
        }),
        (None, Some(dir)) => cli::attendance(&dir),
        (None, None) => Err(Failure::Input(
            "gavel attendance DIR, or gavel attendance import REPORT --agenda AGENDA.toml".into(),
        )),
    }
}

/// The screen's colours from the config's `theme`.
fn palette(theme: Option<&str>) -> gavel::tui::theme::Palette {
    gavel::tui::theme::Palette::parse(theme.unwrap_or("auto"))
}

/// `--tls-cert` and `--tls-key` (clap requires both or neither).
fn tls_files(cert: Option<PathBuf>, key: Option<PathBuf>) -> Option<cli::TlsFiles> {
    Some(cli::TlsFiles {
        cert: cert?,
        key: key?,
    })
}
