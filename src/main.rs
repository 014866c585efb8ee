//! The `gavel` command line: parse arguments, dispatch to a command, map errors to exit codes
//! (0 ok, 1 runtime failure, 2 bad input or usage).

use clap::{Parser, Subcommand, ValueEnum};
use gavel::cli::{self, Failure};
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
    #[arg(long, global = true, value_name = "DIR", env = "GAVEL_DATA_DIR")]
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
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "md")]
        format: Format,
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
    },
    /// Write minutes from a session journal (an id from `gavel sessions`, or a path).
    #[command(after_help = "Example:\n  gavel export 2026-03-04-widget-sc -o minutes.md")]
    Export {
        session: String,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "md")]
        format: Format,
        #[arg(long)]
        private: bool,
        #[arg(long)]
        force: bool,
        /// Put the minutes at the top of this running notes document (replacing an earlier
        /// copy of the same meeting) instead of standard output.
        #[arg(long, value_name = "NOTES.md")]
        append: Option<PathBuf>,
    },
    /// List sessions, unfinished first.
    Sessions,
    /// Write the next meeting's agenda from this meeting's JSON minutes (or a session).
    #[command(
        after_help = "The date comes from /nextmeeting, else from the agenda's cadence.\nExample:\n  gavel next weekly.minutes.json -o next.toml --ics next.ics"
    )]
    Next {
        /// JSON minutes, a session id, a session directory or a journal file.
        minutes: PathBuf,
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
    Actions { dir: PathBuf },
    /// Who attended which meeting of the *.minutes.json in DIR, and attendance rates.
    Attendance { dir: PathBuf },
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
    /// Print a commented agenda to start from (or write it with -o).
    #[command(after_help = "Example:\n  gavel new -o weekly.toml")]
    New {
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
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
        Err(Failure::Input(msg)) => {
            let _ = writeln!(std::io::stderr(), "{}", gavel::text::sanitize(&msg, true));
            ExitCode::from(2)
        }
        Err(Failure::Runtime(msg)) => {
            let _ = writeln!(
                std::io::stderr(),
                "gavel: {}",
                gavel::text::sanitize(&msg, true)
            );
            ExitCode::from(1)
        }
    }
}

fn dispatch(cli: Cli) -> Result<u8, Failure> {
    let json = |f: Format| matches!(f, Format::Json);
    match cli.command {
        Command::Check { agendas } => cli::check(&agendas),
        Command::Replay {
            agenda,
            transcript,
            output,
            format,
            private,
            force,
            append,
        } => cli::replay(&cli::ReplayArgs {
            agenda,
            transcript,
            output,
            json: json(format),
            private,
            force,
            append,
        }),
        Command::New { output, force } => cli::new_agenda(output.as_deref(), force),
        Command::Run {
            agenda,
            out,
            private,
            force,
            append,
        } => cli::run(cli.data_dir, &agenda, out, private, force, append),
        Command::Export {
            session,
            output,
            format,
            private,
            force,
            append,
        } => cli::export(
            cli.data_dir,
            &session,
            output,
            json(format),
            private,
            force,
            append,
        ),
        Command::Sessions => cli::sessions(cli.data_dir),
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
        Command::Attendance { dir } => cli::attendance(&dir),
        Command::Approve {
            minutes,
            date,
            force,
        } => cli::approve(&minutes, date, force),
    }
}
