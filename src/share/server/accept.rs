//! Accepting a connection: a connection that sends no first byte in time is closed, over
//! plain TCP and over TLS alike.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::time::Duration;

/// A stream whose first read must bring a byte within a deadline: over TLS the first byte
/// [`FirstByte`] waits for is the handshake's, and hyper-util reads the request's first
/// bytes (to tell HTTP/1 from HTTP/2) with no timer of its own.
pub(super) struct FirstRead<S> {
    inner: S,
    /// Until the first byte arrives.
    deadline: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<S: tokio::io::AsyncRead + Unpin> tokio::io::AsyncRead for FirstRead<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<io::Result<()>> {
        let this = &mut *self;
        let before = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            std::task::Poll::Ready(read) => {
                if buf.filled().len() > before {
                    this.deadline = None;
                }
                std::task::Poll::Ready(read)
            }
            std::task::Poll::Pending => {
                let late = this
                    .deadline
                    .as_mut()
                    .is_some_and(|deadline| deadline.as_mut().poll(cx).is_ready());
                if late {
                    return std::task::Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "nothing was sent on the connection",
                    )));
                }
                std::task::Poll::Pending
            }
        }
    }
}

impl<S: tokio::io::AsyncWrite + Unpin> tokio::io::AsyncWrite for FirstRead<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> std::task::Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Wraps what `inner` accepts (a TLS stream) in a [`FirstRead`] of `wait`.
#[derive(Clone)]
pub(super) struct FirstReadBy<A> {
    pub(super) inner: A,
    pub(super) wait: Duration,
}

impl<A, I, S> axum_server::accept::Accept<I, S> for FirstReadBy<A>
where
    A: axum_server::accept::Accept<I, S>,
    A::Future: Send + 'static,
    A::Stream: Send + 'static,
    A::Service: Send + 'static,
{
    type Stream = FirstRead<A::Stream>;
    type Service = A::Service;
    type Future = Pin<Box<dyn Future<Output = io::Result<(Self::Stream, A::Service)>> + Send>>;

    fn accept(&self, stream: I, service: S) -> Self::Future {
        let accepting = self.inner.accept(stream, service);
        let wait = self.wait;
        Box::pin(async move {
            let (stream, service) = accepting.await?;
            let deadline = Some(Box::pin(tokio::time::sleep(wait)));
            Ok((
                FirstRead {
                    inner: stream,
                    deadline,
                },
                service,
            ))
        })
    }
}

/// Waits for a connection's first byte, at most `wait`: a connection that never sends one
/// is closed (hyper's header-read timer starts only at the first byte). Sets TCP_NODELAY
/// (acks are small).
#[derive(Clone, Copy)]
pub(super) struct FirstByte {
    pub(super) wait: Duration,
}

impl<S: Send + 'static> axum_server::accept::Accept<tokio::net::TcpStream, S> for FirstByte {
    type Stream = tokio::net::TcpStream;
    type Service = S;
    type Future = Pin<Box<dyn Future<Output = io::Result<(Self::Stream, S)>> + Send>>;

    fn accept(&self, stream: tokio::net::TcpStream, service: S) -> Self::Future {
        let wait = self.wait;
        Box::pin(async move {
            stream.set_nodelay(true)?;
            limit_send_buffer(&stream);
            let mut first = [0u8; 1];
            match tokio::time::timeout(wait, stream.peek(&mut first)).await {
                Ok(Ok(_)) => Ok((stream, service)),
                Ok(Err(e)) => Err(e),
                Err(_) => Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "nothing was sent on the connection",
                )),
            }
        })
    }
}

/// The kernel's send buffer of one connection, in bytes. Left to itself, Linux grows it up to
/// 4 MiB on a connection that does not read; forty of those had the server's one thread
/// copying 160 MiB into sockets while the chair's acknowledgement waited (450 ms in
/// benches/attacks.rs). 256 KiB still fills a path of 20 Mbit/s at 100 ms.
pub const SEND_BUFFER_BYTES: usize = 256 * 1024;

/// Sets [`SEND_BUFFER_BYTES`] on `stream` (best effort: a refusal leaves the kernel's own).
fn limit_send_buffer(stream: &tokio::net::TcpStream) {
    use std::os::fd::AsRawFd;
    let size = SEND_BUFFER_BYTES as libc::c_int;
    // SAFETY: setsockopt on a descriptor the stream owns, with a pointer to an int and its size.
    unsafe {
        libc::setsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_SNDBUF,
            (&size as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        );
    }
}
