//! Every key binding in one table: the app looks keys up here, and the help screen is
//! generated from the same table, so the two cannot disagree.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// The agenda pane has the focus (the default).
    Agenda,
    /// The roster pane has the focus: letters filter the list.
    Roster,
    /// The capture line has the focus: letters are typed.
    Capture,
    /// The end-of-meeting summary.
    Summary,
    /// Entries of the record are selected, to be edited or deleted.
    Entries,
    /// Everywhere except while typing on the capture line (and in the windows below).
    Panes,
    /// The roll call: the cursor walks the roster, one key marks and moves on.
    RollCall,
    /// A recorded vote: the cursor walks the voting members present, one key a ballot.
    Vote,
    /// The question asked before quitting.
    QuitQuestion,
    /// The help window.
    HelpWindow,
    /// A proposed re-plan in its window.
    PlanWindow,
    /// A call's participant report, matched to the roster, before it is applied.
    ReportWindow,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Panes => "Anywhere (outside the capture line)",
            Context::Agenda => "Agenda pane",
            Context::Roster => "Roster pane (type to filter)",
            Context::Capture => "Capture line",
            Context::Summary => "End of meeting",
            Context::Entries => "The record (entries of the current item; after the end, all)",
            Context::RollCall => "Roll call (one key marks the person and moves to the next)",
            Context::Vote => "Recorded vote (one key a member's ballot, then the next)",
            Context::QuitQuestion => "Before quitting",
            Context::HelpWindow => "This help (any other key closes it)",
            Context::PlanWindow => "A proposed plan (any other key keeps the old time boxes)",
            Context::ReportWindow => "A call's participant report (/attendance FILE)",
        }
    }

    /// Whether the bindings for `Panes` apply here.
    fn takes_pane_keys(self) -> bool {
        matches!(
            self,
            Context::Agenda
                | Context::Roster
                | Context::Summary
                | Context::Entries
                | Context::RollCall
                | Context::Vote
        )
    }
}

/// Declares [`Action`] with the name each action goes by in the config file's `[keys]`
/// table, so that every action has exactly one name and can be rebound.
macro_rules! actions {
    ($($(#[$doc:meta])* $action:ident = $name:literal,)*) => {
        /// What a key does. Each has a name for `[keys]` (`Action::name`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Action {
            $($(#[$doc])* $action,)*
        }

        impl Action {
            /// Every action, in the order declared.
            pub const ALL: &'static [Action] = &[$(Action::$action,)*];

            /// The name this action goes by in the config file's `[keys]` table.
            pub fn name(self) -> &'static str {
                match self {
                    $(Action::$action => $name,)*
                }
            }
        }
    };
}

actions! {
    FocusCommand = "command",
    FocusCapture = "note",
    Help = "help",
    Quit = "quit",
    Next = "next",
    Prev = "prev",
    StartPause = "start_pause",
    Extend = "extend",
    Defer = "defer",
    Goto = "goto",
    Undo = "undo",
    ShowActions = "actions",
    /// The current item's background in full (folded on a short screen).
    ShowBackground = "background",
    FocusRoster = "roster",
    FocusAgenda = "agenda",
    Up = "up",
    Down = "down",
    /// Marks the selected person present (never takes anyone off: that is `Absent`).
    MarkPresent = "present",
    /// Starts the roll call.
    RollCall = "roll_call",
    RollPresent = "roll_present",
    RollRegrets = "roll_regrets",
    RollAbsent = "roll_absent",
    RollSkip = "roll_skip",
    /// Steps back one person, undoing the mark made there.
    RollBack = "roll_back",
    RollDone = "roll_done",
    /// Opens a recorded vote on the open motion (or goes back to the one open) and walks
    /// the voting members present.
    StartVote = "roll_vote",
    VoteYes = "vote_yes",
    VoteNo = "vote_no",
    VoteAbstain = "vote_abstain",
    /// The member called is recused from this item's vote.
    VoteRecused = "vote_recused",
    VoteSkip = "vote_skip",
    /// Back one member: their ballot can be cast again (a recusal made there is undone).
    VoteBack = "vote_back",
    /// Tallies the vote: the motion is decided.
    VoteClose = "vote_close",
    /// Leaves the walk; the vote stays open (its tally stays on screen).
    VoteLeave = "vote_leave",
    /// The quit question's answers.
    EndMeeting = "end_meeting",
    KeepOpen = "keep_open",
    Stay = "stay",
    /// Applies the proposed plan.
    ApplyPlan = "apply_plan",
    /// Records the attendance of the report shown.
    ApplyReport = "apply_report",
    /// Leaves the report shown out.
    CancelReport = "cancel_report",
    ScrollDown = "scroll_down",
    ScrollUp = "scroll_up",
    PageDown = "page_down",
    PageUp = "page_up",
    ScrollTop = "scroll_top",
    Regrets = "regrets",
    /// Marks the selected person as having left the call (not a move: see `FocusAgenda`).
    MarkLeft = "left",
    Absent = "absent",
    Submit = "submit",
    ClearLine = "clear_line",
    Complete = "complete",
    HistoryPrev = "history_prev",
    HistoryNext = "history_next",
    WriteMinutes = "write",
    FocusEntries = "entries",
    EditEntry = "edit_entry",
    DeleteEntry = "delete_entry",
    MoveUp = "move_up",
    MoveDown = "move_down",
    Rebalance = "rebalance",
    Speak = "speak",
    QueuePerson = "queue",
    CopyMinutes = "copy",
    OpenEditor = "editor",
    /// After an action's owner was not on the roster: the first, second or third nearest
    /// name in place of the unknown one.
    TakeNearest1 = "nearest_1",
    TakeNearest2 = "nearest_2",
    TakeNearest3 = "nearest_3",
    /// Refuses a page's claim to be the selected person, who is already present (Enter
    /// confirms it).
    RefuseClaim = "refuse_claim",
}

impl Action {
    /// The action named `name` in `[keys]`.
    pub fn named(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub code: KeyCode,
    pub mods: KeyModifiers,
    pub label: std::borrow::Cow<'static, str>,
    pub context: Context,
    pub action: Action,
    pub help: &'static str,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const ALT: KeyModifiers = KeyModifiers::ALT;

const fn bind(
    code: KeyCode,
    mods: KeyModifiers,
    label: &'static str,
    context: Context,
    action: Action,
    help: &'static str,
) -> Binding {
    Binding {
        code,
        mods,
        label: std::borrow::Cow::Borrowed(label),
        context,
        action,
        help,
    }
}

use Action as A;
use Context as C;
use KeyCode as K;

#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    bind(K::Char('/'), NONE, "/", C::Panes, A::FocusCommand, "type a command on the capture line"),
    bind(K::Char('?'), NONE, "?", C::Panes, A::Help, "this help"),
    bind(K::Char('q'), NONE, "q", C::Panes, A::Quit, "quit (asks: end the meeting or keep it open)"),
    bind(K::Char('c'), CTRL, "Ctrl-C", C::Panes, A::Quit, "quit (asks first)"),
    bind(K::Enter, NONE, "Enter", C::Agenda, A::FocusCapture, "type a note on the capture line"),
    bind(K::Char('n'), NONE, "n", C::Agenda, A::Next, "next item"),
    bind(K::Char('p'), NONE, "p", C::Agenda, A::Prev, "previous item"),
    bind(K::Char('s'), NONE, "s", C::Agenda, A::StartPause, "start the meeting / pause / resume"),
    bind(K::Char(' '), NONE, "Space", C::Agenda, A::StartPause, "start the meeting / pause / resume"),
    bind(K::Char('e'), NONE, "e", C::Agenda, A::Extend, "extend the current item by 5 minutes"),
    bind(K::Char('d'), NONE, "d", C::Agenda, A::Defer, "defer the selected item to the next meeting"),
    bind(K::Char('g'), NONE, "g", C::Agenda, A::Goto, "go to the selected item"),
    bind(K::Char('u'), NONE, "u", C::Agenda, A::Undo, "undo the last change"),
    bind(K::Char('a'), NONE, "a", C::Agenda, A::ShowActions, "actions so far, by owner"),
    bind(K::Char('i'), NONE, "i", C::Agenda, A::ShowBackground, "the item's background in full"),
    bind(K::Char('f'), NONE, "f", C::Agenda, A::Speak, "give the floor to the next in the queue"),
    bind(K::Char('b'), NONE, "b", C::Agenda, A::Rebalance, "propose time boxes that end on time"),
    bind(K::Char('r'), NONE, "r", C::Agenda, A::FocusRoster, "tick attendance in the roster"),
    bind(K::Char('R'), NONE, "R", C::Agenda, A::RollCall, "roll call: the roster in order, one key a person"),
    bind(K::Char('V'), NONE, "V", C::Agenda, A::StartVote, "recorded vote on the open motion: one key a member"),
    bind(K::Tab, NONE, "Tab", C::Agenda, A::FocusRoster, "switch to the roster"),
    bind(K::Right, NONE, "→", C::Agenda, A::FocusEntries, "go through this item's entries to fix them"),
    bind(K::Char('l'), NONE, "l", C::Agenda, A::FocusEntries, "go through this item's entries to fix them"),
    bind(K::Up, NONE, "↑", C::Agenda, A::Up, "select the item above"),
    bind(K::Char('k'), NONE, "k", C::Agenda, A::Up, "select the item above"),
    bind(K::Down, NONE, "↓", C::Agenda, A::Down, "select the item below"),
    bind(K::Char('j'), NONE, "j", C::Agenda, A::Down, "select the item below"),
    bind(K::Char('K'), NONE, "K", C::Agenda, A::MoveUp, "move the selected item up"),
    bind(K::Char('J'), NONE, "J", C::Agenda, A::MoveDown, "move the selected item down"),
    bind(K::Up, NONE, "↑", C::Roster, A::Up, "select the person above"),
    bind(K::Down, NONE, "↓", C::Roster, A::Down, "select the person below"),
    bind(K::Enter, NONE, "Enter", C::Roster, A::MarkPresent, "present (never takes anyone off), clear the filter"),
    bind(K::Char(' '), NONE, "Space", C::Roster, A::MarkPresent, "present (never takes anyone off), clear the filter"),
    bind(K::Char('t'), CTRL, "Ctrl-T", C::Roster, A::RollCall, "roll call: the roster in order, one key a person"),
    bind(K::Char('r'), CTRL, "Ctrl-R", C::Roster, A::Regrets, "sent regrets"),
    bind(K::Char('l'), CTRL, "Ctrl-L", C::Roster, A::MarkLeft, "left the call"),
    bind(K::Char('x'), CTRL, "Ctrl-X", C::Roster, A::Absent, "absent"),
    bind(K::Char('+'), NONE, "+", C::Roster, A::QueuePerson, "add to the speaker queue"),
    bind(K::Delete, NONE, "Del", C::Roster, A::RefuseClaim, "refuse a page's claim to be this person (Enter confirms it)"),
    bind(K::Tab, NONE, "Tab", C::Roster, A::FocusAgenda, "back to the agenda"),
    bind(K::Esc, NONE, "Esc", C::Roster, A::FocusAgenda, "clear the filter, then back to the agenda"),
    bind(K::Enter, NONE, "Enter", C::Capture, A::Submit, "record the line (text is a note, /… a command)"),
    bind(K::Esc, NONE, "Esc", C::Capture, A::ClearLine, "clear the line and leave it (cancels an edit)"),
    bind(K::Tab, NONE, "Tab", C::Capture, A::Complete, "complete a command or a name (after an owner not on the roster: take the nearest name)"),
    bind(K::Char('1'), ALT, "Alt-1", C::Capture, A::TakeNearest1, "after an owner not on the roster: take the nearest name"),
    bind(K::Char('2'), ALT, "Alt-2", C::Capture, A::TakeNearest2, "after an owner not on the roster: take the second nearest name"),
    bind(K::Char('3'), ALT, "Alt-3", C::Capture, A::TakeNearest3, "after an owner not on the roster: take the third nearest name"),
    bind(K::Char('e'), CTRL, "Ctrl-E", C::Capture, A::OpenEditor, "edit the line in $VISUAL / $EDITOR"),
    bind(K::Up, NONE, "↑", C::Capture, A::HistoryPrev, "earlier lines"),
    bind(K::Down, NONE, "↓", C::Capture, A::HistoryNext, "later lines"),
    bind(K::Up, NONE, "↑", C::Entries, A::Up, "select the entry above"),
    bind(K::Char('k'), NONE, "k", C::Entries, A::Up, "select the entry above"),
    bind(K::Down, NONE, "↓", C::Entries, A::Down, "select the entry below"),
    bind(K::Char('j'), NONE, "j", C::Entries, A::Down, "select the entry below"),
    bind(K::Enter, NONE, "Enter", C::Entries, A::EditEntry, "edit it on the capture line; /outcome → /action OWNER: converts"),
    bind(K::Char('e'), NONE, "e", C::Entries, A::EditEntry, "edit it on the capture line; /outcome → /action OWNER: converts"),
    bind(K::Char('x'), NONE, "x", C::Entries, A::DeleteEntry, "delete it (u undoes)"),
    bind(K::Delete, NONE, "Del", C::Entries, A::DeleteEntry, "delete it (u undoes)"),
    bind(K::Char('u'), NONE, "u", C::Entries, A::Undo, "undo the last change"),
    bind(K::Esc, NONE, "Esc", C::Entries, A::FocusAgenda, "back"),
    bind(K::Left, NONE, "←", C::Entries, A::FocusAgenda, "back"),
    bind(K::Char('p'), NONE, "p", C::RollCall, A::RollPresent, "present, then the next person"),
    bind(K::Enter, NONE, "Enter", C::RollCall, A::RollPresent, "present, then the next person"),
    bind(K::Char('r'), NONE, "r", C::RollCall, A::RollRegrets, "sent regrets, then the next person"),
    bind(K::Char('a'), NONE, "a", C::RollCall, A::RollAbsent, "absent, then the next person"),
    bind(K::Char('s'), NONE, "s", C::RollCall, A::RollSkip, "skip: leave as it is, the next person"),
    bind(K::Char('u'), NONE, "u", C::RollCall, A::RollBack, "back one person, undoing the mark made there"),
    bind(K::Backspace, NONE, "Backspace", C::RollCall, A::RollBack, "back one person, undoing the mark made there"),
    bind(K::Esc, NONE, "Esc", C::RollCall, A::RollDone, "end the roll call"),
    bind(K::Char('y'), NONE, "y", C::Vote, A::VoteYes, "yes, then the next member"),
    bind(K::Char('n'), NONE, "n", C::Vote, A::VoteNo, "no, then the next member"),
    bind(K::Char('a'), NONE, "a", C::Vote, A::VoteAbstain, "abstain, then the next member"),
    bind(K::Char('r'), NONE, "r", C::Vote, A::VoteRecused, "recused from this item's vote, then the next member"),
    bind(K::Char('s'), NONE, "s", C::Vote, A::VoteSkip, "skip: no ballot yet, the next member"),
    bind(K::Char('u'), NONE, "u", C::Vote, A::VoteBack, "back one member (a recusal made there is undone)"),
    bind(K::Backspace, NONE, "Backspace", C::Vote, A::VoteBack, "back one member (a recusal made there is undone)"),
    bind(K::Char('c'), NONE, "c", C::Vote, A::VoteClose, "close the vote: tally it, the motion is decided"),
    bind(K::Esc, NONE, "Esc", C::Vote, A::VoteLeave, "leave the walk; the vote stays open (V comes back)"),
    bind(K::Char('e'), NONE, "e", C::QuitQuestion, A::EndMeeting, "end the meeting now and write the minutes"),
    bind(K::Char('k'), NONE, "k", C::QuitQuestion, A::KeepOpen, "keep the session open and quit (gavel run resumes it)"),
    bind(K::Esc, NONE, "Esc", C::QuitQuestion, A::Stay, "stay"),
    bind(K::Char('n'), NONE, "n", C::QuitQuestion, A::Stay, "stay"),
    bind(K::Char('q'), NONE, "q", C::QuitQuestion, A::Quit, "quit (the meeting has ended)"),
    bind(K::Down, NONE, "↓", C::HelpWindow, A::ScrollDown, "scroll down"),
    bind(K::Char('j'), NONE, "j", C::HelpWindow, A::ScrollDown, "scroll down"),
    bind(K::Up, NONE, "↑", C::HelpWindow, A::ScrollUp, "scroll up"),
    bind(K::Char('k'), NONE, "k", C::HelpWindow, A::ScrollUp, "scroll up"),
    bind(K::PageDown, NONE, "PgDn", C::HelpWindow, A::PageDown, "a page down"),
    bind(K::Char(' '), NONE, "Space", C::HelpWindow, A::PageDown, "a page down"),
    bind(K::PageUp, NONE, "PgUp", C::HelpWindow, A::PageUp, "a page up"),
    bind(K::Home, NONE, "Home", C::HelpWindow, A::ScrollTop, "back to the top"),
    bind(K::Enter, NONE, "Enter", C::PlanWindow, A::ApplyPlan, "apply the new time boxes"),
    bind(K::Enter, NONE, "Enter", C::ReportWindow, A::ApplyReport, "record the matched people with the report's times"),
    bind(K::Esc, NONE, "Esc", C::ReportWindow, A::CancelReport, "leave the report out: nothing changes"),
    bind(K::Down, NONE, "↓", C::ReportWindow, A::ScrollDown, "scroll down"),
    bind(K::Char('j'), NONE, "j", C::ReportWindow, A::ScrollDown, "scroll down"),
    bind(K::Up, NONE, "↑", C::ReportWindow, A::ScrollUp, "scroll up"),
    bind(K::Char('k'), NONE, "k", C::ReportWindow, A::ScrollUp, "scroll up"),
    bind(K::PageDown, NONE, "PgDn", C::ReportWindow, A::PageDown, "a page down"),
    bind(K::PageUp, NONE, "PgUp", C::ReportWindow, A::PageUp, "a page up"),
    bind(K::Char('w'), NONE, "w", C::Summary, A::WriteMinutes, "write the minutes again"),
    bind(K::Char('a'), NONE, "a", C::Summary, A::ShowActions, "actions by owner"),
    bind(K::Char('e'), NONE, "e", C::Summary, A::FocusEntries, "go through the record to fix entries"),
    bind(K::Char('y'), NONE, "y", C::Summary, A::CopyMinutes, "copy the minutes to the clipboard (OSC 52)"),
    bind(K::Char('u'), NONE, "u", C::Summary, A::Undo, "undo the last change (a deleted entry comes back)"),
];

/// The bindings in force: the table above, with the config file's overrides applied.
#[derive(Debug, Clone)]
pub struct KeyMap {
    bindings: Vec<Binding>,
}

impl Default for KeyMap {
    fn default() -> KeyMap {
        KeyMap {
            bindings: BINDINGS.to_vec(),
        }
    }
}

impl KeyMap {
    /// The action bound to `key` in `context` (bindings for `Panes` apply in every pane).
    pub fn lookup(&self, key: &KeyEvent, context: Context) -> Option<Action> {
        let mods = key.modifiers - KeyModifiers::SHIFT;
        self.bindings
            .iter()
            .filter(|b| {
                b.context == context || (b.context == Context::Panes && context.takes_pane_keys())
            })
            .find(|b| b.code == key.code && b.mods == mods)
            .map(|b| b.action)
    }

    /// Binds `action` to the key written `key` ("N", "Ctrl-E", "F5", "Tab") instead of its
    /// default keys, in every pane it is used in. Refused when the key is taken there.
    pub fn rebind(&mut self, action_name: &str, key: &str) -> Result<(), String> {
        let action = Action::named(action_name).ok_or_else(|| {
            let names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
            format!(
                "unknown action `{action_name}`: use one of {}",
                names.join(", ")
            )
        })?;
        let (code, mods) = parse_key(key)?;
        let old: Vec<Binding> = self
            .bindings
            .iter()
            .filter(|b| b.action == action)
            .cloned()
            .collect();
        let mut contexts: Vec<Context> = Vec::new();
        for b in &old {
            if !contexts.contains(&b.context) {
                contexts.push(b.context);
            }
        }
        for &ctx in &contexts {
            let probe = KeyEvent::new(code, mods);
            if let Some(taken) = self.lookup(&probe, ctx).filter(|a| *a != action) {
                return Err(format!(
                    "`{key}` is already bound to {} in the {}",
                    taken.name(),
                    ctx.title()
                ));
            }
        }
        self.bindings.retain(|b| b.action != action);
        for &ctx in &contexts {
            let template = old
                .iter()
                .find(|b| b.context == ctx)
                .expect("context came from old");
            self.bindings.push(Binding {
                code,
                mods,
                label: std::borrow::Cow::Owned(key.to_string()),
                context: ctx,
                action,
                help: template.help,
            });
        }
        Ok(())
    }

    /// The key for `action` where `context` applies, as the hints on screen write it ("^R"
    /// for Ctrl-R): the first bound there, else the first bound everywhere. Read by every
    /// hint that names a key, so a rebind in the config shows in all of them.
    pub fn key(&self, action: Action, context: Context) -> String {
        let bound = |ctx: Context| {
            self.bindings
                .iter()
                .find(|b| b.action == action && b.context == ctx)
        };
        match bound(context).or_else(|| bound(C::Panes)) {
            Some(b) => short_label(&b.label),
            None => "(no key)".into(),
        }
    }

    /// Help lines grouped by context: (context title, [(keys, help)]), keys of one action
    /// joined.
    pub fn help_sections(&self) -> Vec<(&'static str, Vec<(String, &'static str)>)> {
        let order = [
            C::Panes,
            C::Agenda,
            C::Roster,
            C::RollCall,
            C::Vote,
            C::Capture,
            C::Entries,
            C::Summary,
            C::QuitQuestion,
            C::PlanWindow,
            C::ReportWindow,
            C::HelpWindow,
        ];
        order
            .iter()
            .map(|&ctx| {
                let mut rows: Vec<(String, &'static str)> = Vec::new();
                for b in self.bindings.iter().filter(|b| b.context == ctx) {
                    match rows.iter_mut().find(|(_, h)| *h == b.help) {
                        Some((keys, _)) => {
                            keys.push(' ');
                            keys.push_str(&b.label);
                        }
                        None => rows.push((b.label.to_string(), b.help)),
                    }
                }
                (ctx.title(), rows)
            })
            .collect()
    }
}

/// A key's label cut for a one-line hint: "Ctrl-R" (or "ctrl-r") becomes "^R".
fn short_label(label: &str) -> String {
    match label.get(..5) {
        Some(ctrl) if ctrl.eq_ignore_ascii_case("ctrl-") && label.len() > 5 => {
            let key = &label[5..];
            if key.chars().count() == 1 {
                format!("^{}", key.to_uppercase())
            } else {
                format!("^{key}")
            }
        }
        _ => label.to_string(),
    }
}

/// "n", "N", "Ctrl-E", "Alt-x", "F5", "Tab", "Enter", "Esc", "Space", "Up", "Del".
fn parse_key(text: &str) -> Result<(KeyCode, KeyModifiers), String> {
    let bad =
        || format!("`{text}` is not a key: write it like \"n\", \"Ctrl-E\", \"F5\" or \"Tab\"");
    let (mods, name) = match text
        .rsplit_once('-')
        .filter(|(m, k)| !m.is_empty() && !k.is_empty())
    {
        Some((m, k)) => {
            let mut mods = KeyModifiers::NONE;
            for part in m.split('-') {
                mods |= match part.to_ascii_lowercase().as_str() {
                    "ctrl" | "c" => KeyModifiers::CONTROL,
                    "alt" | "m" => KeyModifiers::ALT,
                    _ => return Err(bad()),
                };
            }
            (mods, k)
        }
        None => (KeyModifiers::NONE, text),
    };
    let code = match name.to_ascii_lowercase().as_str() {
        "tab" => K::Tab,
        "enter" | "return" => K::Enter,
        "esc" | "escape" => K::Esc,
        "space" => K::Char(' '),
        "up" => K::Up,
        "down" => K::Down,
        "left" => K::Left,
        "right" => K::Right,
        "del" | "delete" => K::Delete,
        "backspace" => K::Backspace,
        "home" => K::Home,
        "end" => K::End,
        "pageup" => K::PageUp,
        "pagedown" => K::PageDown,
        f if f.len() > 1 && f.starts_with('f') && f[1..].parse::<u8>().is_ok() => {
            K::F(f[1..].parse().map_err(|_| bad())?)
        }
        _ => {
            let mut chars = name.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => K::Char(if mods.contains(KeyModifiers::CONTROL) {
                    c.to_ascii_lowercase()
                } else {
                    c
                }),
                _ => return Err(bad()),
            }
        }
    };
    Ok((code, mods))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                let overlap = a.context == b.context
                    || (a.context == C::Panes && b.context.takes_pane_keys())
                    || (b.context == C::Panes && a.context.takes_pane_keys());
                assert!(
                    !(overlap && a.code == b.code && a.mods == b.mods),
                    "{} is bound twice ({:?} and {:?})",
                    a.label,
                    a.action,
                    b.action
                );
            }
        }
    }

    #[test]
    fn help_lists_every_binding() {
        let sections = KeyMap::default().help_sections();
        let labels: usize = sections.iter().map(|(_, r)| r.len()).sum();
        assert!(labels >= 20);
        assert!(sections[1]
            .1
            .iter()
            .any(|(k, h)| k == "n" && *h == "next item"));
        assert!(sections[1].1.iter().any(|(k, _)| k == "s Space"));
    }

    #[test]
    fn overrides_replace_an_actions_keys_and_show_in_the_help() {
        let mut map = KeyMap::default();
        map.rebind("next", "F5").unwrap();
        map.rebind("editor", "Ctrl-O").unwrap();
        let f5 = KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE);
        assert_eq!(map.lookup(&f5, C::Agenda), Some(A::Next));
        let n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE);
        assert_eq!(map.lookup(&n, C::Agenda), None, "n no longer moves on");
        let ctrl_o = KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL);
        assert_eq!(map.lookup(&ctrl_o, C::Capture), Some(A::OpenEditor));
        assert!(map.help_sections()[1]
            .1
            .iter()
            .any(|(k, h)| k == "F5" && *h == "next item"));
        assert!(map
            .rebind("next", "p")
            .unwrap_err()
            .contains("already bound to prev"));
        assert!(map
            .rebind("fly", "x")
            .unwrap_err()
            .contains("unknown action"));
        assert!(map.rebind("next", "Hyper-x").is_err());
    }

    #[test]
    fn hints_read_the_keys_in_force() {
        let mut map = KeyMap::default();
        assert_eq!(map.key(A::Regrets, C::Roster), "^R");
        assert_eq!(map.key(A::Help, C::Agenda), "?", "bound everywhere");
        assert_eq!(
            map.key(A::StartPause, C::Agenda),
            "s",
            "the first of its keys"
        );
        map.rebind("left", "ctrl-o").unwrap();
        assert_eq!(map.key(A::MarkLeft, C::Roster), "^O");
        map.rebind("next", "F5").unwrap();
        assert_eq!(map.key(A::Next, C::Agenda), "F5");
    }

    #[test]
    fn every_action_has_one_name_and_can_be_rebound() {
        for (i, action) in Action::ALL.iter().enumerate() {
            assert_eq!(Action::named(action.name()), Some(*action));
            assert!(
                Action::ALL[i + 1..]
                    .iter()
                    .all(|b| b.name() != action.name()),
                "{} names two actions",
                action.name()
            );
            let contexts: Vec<Context> = BINDINGS
                .iter()
                .filter(|b| b.action == *action)
                .map(|b| b.context)
                .collect();
            assert!(!contexts.is_empty(), "{action:?} has no key");
            let mut map = KeyMap::default();
            map.rebind(action.name(), "F12")
                .unwrap_or_else(|e| panic!("{}: {e}", action.name()));
            let f12 = KeyEvent::new(KeyCode::F(12), KeyModifiers::NONE);
            for ctx in contexts {
                assert_eq!(
                    map.lookup(&f12, ctx),
                    Some(*action),
                    "{action:?} in {ctx:?}"
                );
            }
        }
    }

    #[test]
    fn the_config_template_names_every_action() {
        let template = crate::config::TEMPLATE;
        for action in Action::ALL {
            assert!(
                template
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .any(|word| word == action.name()),
                "the config template does not name `{}`",
                action.name()
            );
        }
    }

    #[test]
    fn shift_does_not_matter_for_symbols() {
        let q = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
        let map = KeyMap::default();
        assert_eq!(map.lookup(&q, C::Agenda), Some(A::Help));
        assert_eq!(map.lookup(&q, C::Capture), None);
    }
}
