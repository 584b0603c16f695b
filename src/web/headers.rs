//! Security headers on every response of the server. The editor page holds
//! a token that can change cluster policy: it runs only the scripts it was
//! built with, may not be framed by another site (which could trick a click
//! on Save), and leaks nothing through a Referer.

use axum::http::HeaderValue;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::response::Response;

/// The Content-Security-Policy of every response; each exception to
/// `'none'` is what the editor needs.
pub const POLICY: &str = concat!(
    "default-src 'none'; ",
    // The page's bundle from this server: no inline script, no eval.
    "script-src 'self'; ",
    // Monaco's editor worker, its own bundle on this server.
    "worker-src 'self'; ",
    // The editor API, and the live logs over Socket.IO (HTTP and WebSocket).
    "connect-src 'self'; ",
    // Monaco creates <style> elements and style attributes as it runs (its
    // theme, decorations, widget positions): styles cannot run code.
    "style-src 'self' 'unsafe-inline'; ",
    // The codicon icon font.
    "font-src 'self'; ",
    // The page's empty data: favicon and Monaco's inline SVG icons.
    "img-src 'self' data:; ",
    "base-uri 'none'; ",
    "form-action 'none'; ",
    "frame-ancestors 'none'",
);

/// Adds the security headers to `response`: the [`POLICY`], no framing
/// (also for browsers without `frame-ancestors`), no content sniffing, no
/// Referer.
pub async fn secure(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(POLICY));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}
