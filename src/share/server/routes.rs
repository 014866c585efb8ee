//! The HTTP routes: the page and its files, the QR code, and the WebSocket upgrade (token,
//! origin and the cap checked before it).

use super::connection::connection;
use super::hub::{Hub, Slot};
use crate::share::access::Role;
use crate::share::protocol::MAX_MESSAGE_BYTES;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// What a connection reads into at a time. tungstenite's default (128 KiB) is allocated
/// and zeroed for every connection, and was most of a host's memory with 460 pages
/// connected (80 MB; issue 30): what participants send is small (a command, a ping), and a
/// larger message still arrives whole (the buffer grows to its length, up to
/// [`MAX_MESSAGE_BYTES`]). Writes are not gathered (`write_buffer_size(0)`): each message
/// goes out when sent, and the buffer holds one frame at most.
pub(super) const READ_BUFFER_BYTES: usize = 4 * 1024;

pub(super) async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        "This is a gavel shared session. Open the link the chair gave you.\n",
    )
        .into_response()
}

/// The page for attendees and projectors, and its script and style: compiled in, so the
/// session needs nothing from elsewhere (a LAN without internet works).
const PAGE_HTML: &str = include_str!("../page/index.html");
pub(super) const PAGE_JS: &str = include_str!("../page/app.js");
pub(super) const PAGE_CSS: &str = include_str!("../page/app.css");

/// No inline script or style, nothing from elsewhere, no framing; the WebSocket back to
/// this host only.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                   connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// A page's response, with the headers that keep it safe: the CSP, no sniffing, and no
/// referrer (the link's token is in its path).
pub(super) fn page_file(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (axum::http::header::CONTENT_TYPE, content_type),
            (axum::http::header::CONTENT_SECURITY_POLICY, CSP),
            (axum::http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (axum::http::header::REFERRER_POLICY, "no-referrer"),
            (axum::http::header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// What a browser sees at a link: the attendee's page, the projector (a viewer's link), or
/// for the terminal roles how to join.
pub(super) async fn join_page(
    State(hub): State<Arc<Hub>>,
    UrlPath(token): UrlPath<String>,
) -> Response {
    match hub.role_of(&token) {
        Some(Role::Attendee | Role::Viewer) => page_file("text/html; charset=utf-8", PAGE_HTML),
        // Not stored by the browser nor named to another site: the token is in the path.
        Some(role) => (
            [
                (
                    axum::http::header::CONTENT_TYPE,
                    "text/plain; charset=utf-8",
                ),
                (axum::http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
                (axum::http::header::REFERRER_POLICY, "no-referrer"),
                (axum::http::header::CACHE_CONTROL, "no-store"),
            ],
            format!(
                "This is a gavel shared session ({} link). Join it from a terminal:\n\n    \
                 gavel join THIS-URL\n",
                role.name()
            ),
        )
            .into_response(),
        None => refused_token(),
    }
}

/// `/qr/TOKEN.svg`: the attendee link as a QR code, for a projector (a viewer's or an
/// attendee's token). The link names this host as the browser reached it.
pub(super) async fn qr_code(
    State(hub): State<Arc<Hub>>,
    UrlPath(file): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    let token = file.strip_suffix(".svg").unwrap_or(&file);
    let Some(Role::Viewer | Role::Attendee) = hub.role_of(token) else {
        return refused_token();
    };
    let attendee = hub
        .tokens
        .lock()
        .map(|t| t.attendee.clone())
        .unwrap_or_default();
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost");
    let link = format!("{}://{host}/join/{attendee}", hub.scheme);
    let Ok(code) = qrcode::QrCode::new(link.as_bytes()) else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "no QR code").into_response();
    };
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build();
    (
        [
            (axum::http::header::CONTENT_TYPE, "image/svg+xml"),
            (axum::http::header::CONTENT_SECURITY_POLICY, CSP),
            (axum::http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (axum::http::header::CACHE_CONTROL, "no-store"),
        ],
        svg,
    )
        .into_response()
}

fn refused_token() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        "This link is not (or no longer) valid for this session: ask the chair for a new one.\n",
    )
        .into_response()
}

/// A browser page may only open a connection to the host it came from: the same scheme,
/// host and port. Behind a reverse proxy that terminates TLS, the proxy's
/// `X-Forwarded-Proto` names the scheme the page was loaded with (a browser's script cannot
/// set that header on a WebSocket).
fn origin_allowed(headers: &HeaderMap, scheme: &str) -> bool {
    let Some(origin) = headers.get("origin") else {
        // Not a browser (gavel join): nothing to check.
        return true;
    };
    let Some(host) = headers.get("host").and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let scheme = match headers
        .get("x-forwarded-proto")
        .and_then(|p| p.to_str().ok())
    {
        Some(p) if scheme == "http" && p.eq_ignore_ascii_case("https") => "https",
        _ => scheme,
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    match origin.split_once("://") {
        Some((s, rest)) => s.eq_ignore_ascii_case(scheme) && rest.eq_ignore_ascii_case(host),
        None => false,
    }
}

pub(super) async fn upgrade(
    State(hub): State<Arc<Hub>>,
    UrlPath(token): UrlPath<String>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    let Some(role) = hub.role_of(&token) else {
        return refused_token();
    };
    if !origin_allowed(&headers, hub.scheme) {
        return (
            StatusCode::FORBIDDEN,
            "A page from another site may not join this session.\n",
        )
            .into_response();
    }
    // Chair and scribe links may take the reserved room; pages and viewers may not.
    let cap = match role {
        Role::Chair | Role::Scribe => hub.limits.participants,
        Role::Viewer | Role::Attendee => {
            hub.limits.participants.saturating_sub(hub.limits.reserved)
        }
    };
    let Some(slot) = Slot::take(&hub, cap) else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "This session is full ({} participants): try again later.\n",
                hub.limits.participants
            ),
        )
            .into_response();
    };
    ws.max_message_size(MAX_MESSAGE_BYTES)
        .max_frame_size(MAX_MESSAGE_BYTES)
        .read_buffer_size(READ_BUFFER_BYTES)
        .write_buffer_size(0)
        .on_upgrade(move |socket| connection(socket, hub, role, slot))
}
