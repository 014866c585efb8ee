//! A terminal that goes away (window closed, SSH dropped, the test harness killed) must not
//! leave `gavel run` behind. crossterm 0.29's read loop spins forever on a hung-up tty
//! (crossterm issue #793); before gavel waited on the terminal itself, such an orphan burnt
//! a core until killed. The session stays open in the journal, to be resumed.

use portable_pty::{native_pty_system, CommandBuilder, PtySize};
use std::io::Read;
use std::time::{Duration, Instant};

#[test]
fn gavel_run_exits_when_its_terminal_hangs_up() {
    let data = tempfile::tempdir().unwrap();
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pseudo-terminal");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_gavel"));
    cmd.args(["run", "agendas/steering-committee.toml", "--out"]);
    cmd.arg(data.path());
    cmd.cwd(env!("CARGO_MANIFEST_DIR"));
    cmd.env("GAVEL_DATA_DIR", data.path());
    cmd.env("GAVEL_RUN_AS", "agenda");
    cmd.env("TERM", "xterm-256color");
    let mut child = pair.slave.spawn_command(cmd).expect("gavel starts");
    drop(pair.slave);
    // Read until the first frame is on screen, then close every end of the master.
    let mut reader = pair.master.try_clone_reader().unwrap();
    let writer = pair.master.take_writer().unwrap();
    let seen = std::thread::spawn(move || {
        let mut parser = vt100::Parser::new(24, 80, 0);
        let mut buf = [0u8; 8192];
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => return false,
                Ok(n) => parser.process(&buf[..n]),
            }
            if parser.screen().contents().contains("? help") {
                return true;
            }
        }
        false
    })
    .join()
    .unwrap();
    assert!(seen, "gavel run never drew its first frame");
    drop(writer);
    drop(pair.master);

    let deadline = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("gavel run still running 15 s after its terminal hung up");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let sessions: Vec<_> = std::fs::read_dir(data.path().join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(sessions.len(), 1, "{sessions:?}");
    for entry in std::fs::read_dir(&sessions[0]).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            !name.starts_with("crash"),
            "a crash note was written: {}",
            std::fs::read_to_string(entry.path()).unwrap_or_default()
        );
    }
    // A clean exit (the session is kept open, as after SIGHUP), not a panic or an abort
    // from printing to the vanished terminal.
    assert!(
        status.success(),
        "gavel run did not exit cleanly: {status:?}"
    );
}
