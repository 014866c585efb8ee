//! The end-to-end tests that wait on something outside the test: the real binary in a
//! pseudo-terminal, a shared session's sockets, a browser. One test binary, one module per
//! file in tests/.
//!
//! They are kept apart from tests/integration.rs so that their waits (generous timeouts on
//! a screen, a socket, a page) compete only with each other for the CPU, as when each file
//! was a binary of its own, and not with the property tests. Run one file's tests with a
//! filter, for example `cargo test --test live share::` (see TESTING.md).
//!
//! `tests/panic_hook.rs` stays a binary of its own: it installs a process-wide panic hook.

mod common;

mod browser;
mod crash;
mod disk_trouble;
mod hangup;
mod paste;
mod pty;
mod rescue;
mod share;
mod signals;
mod terminal_perf;
