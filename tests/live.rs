//! The end-to-end tests that wait on something outside the test: the real binary in a
//! pseudo-terminal, a shared session's sockets, a browser. One test binary, one module per
//! file in tests/.
//!
//! They are kept apart from tests/integration.rs so that their waits (generous timeouts on
//! a screen, a socket, a page) compete only with each other for the CPU, as when each file
//! was a binary of its own, and not with the property tests. Run one file's tests with a
//! filter, for example `cargo test --test live share::` (see TESTING.md).
//!
//! Two files stay binaries of their own: `tests/panic_hook.rs` installs a process-wide panic
//! hook, and `tests/hangup.rs` needs every end of its terminal closed, which a child that
//! another test spawns at the same moment in the same process can inherit and keep open.

mod common;

mod browser;
mod crash;
mod disk_trouble;
mod github;
mod paste;
mod pty;
mod rescue;
mod share;
mod signals;
mod terminal_perf;
