//! A wake-up for a thread that sleeps in `poll(2)`: a socket pair, both ends non-blocking.
//! Another thread writes a byte to one end (a full buffer already holds a wake-up, so a
//! failed write loses nothing); the sleeping thread polls the other end and drains it.

use std::io::{self, Read, Write};
use std::os::unix::net::UnixStream;

/// A new wake-up: (the end to poll and drain, the end to write to).
pub fn pair() -> io::Result<(UnixStream, UnixStream)> {
    let (read, write) = UnixStream::pair()?;
    read.set_nonblocking(true)?;
    write.set_nonblocking(true)?;
    Ok((read, write))
}

/// Wakes whoever polls the other end.
pub fn wake(write: &UnixStream) {
    let _ = (&*write).write(&[1]);
}

/// Empties the end polled (after waking for it).
pub fn drain(read: &UnixStream) {
    let mut buf = [0u8; 256];
    while matches!((&*read).read(&mut buf), Ok(n) if n > 0) {}
}
