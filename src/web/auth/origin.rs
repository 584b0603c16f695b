//! Same-origin only: a state-changing request that a browser sent from
//! another site is refused with 403. No CORS headers are ever sent, so
//! browsers also keep other sites from reading any answer.

use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Why a request is cross-origin, or `None` when it is not (or cannot be
/// told: non-browser clients send neither `Origin` nor `Sec-Fetch-Site`).
fn cross_origin(headers: &HeaderMap, host: Option<&str>) -> Option<String> {
    if let Some(site) = headers.get("sec-fetch-site") {
        let site = site.to_str().unwrap_or("");
        if !matches!(site, "same-origin" | "none") {
            return Some(format!("Sec-Fetch-Site is {site:?}"));
        }
    }
    let origin = headers.get(header::ORIGIN)?;
    let origin = origin.to_str().unwrap_or("");
    let authority = origin
        .split_once("://")
        .map(|(_, rest)| rest.trim_end_matches('/'));
    match (authority, host) {
        (Some(authority), Some(host)) if authority.eq_ignore_ascii_case(host) => None,
        _ => Some(format!(
            "Origin {origin:?} is not this server ({})",
            host.unwrap_or("no Host header")
        )),
    }
}

/// Middleware: refuses cross-origin requests whose method changes state
/// (anything but GET, HEAD and OPTIONS) with 403 `{error}`.
pub async fn same_origin(request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()));
    match cross_origin(request.headers(), host) {
        None => next.run(request).await,
        Some(why) => (
            StatusCode::FORBIDDEN,
            Json(serde_json::json!({
                "error": format!("cross-origin request refused: {why}; the editor API only accepts requests from its own pages")
            })),
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, value.parse().unwrap());
        }
        headers
    }

    #[test]
    fn same_origin_and_non_browser_requests_pass() {
        let host = Some("editor.example:8080");
        assert_eq!(cross_origin(&headers(&[]), host), None);
        let same = headers(&[
            ("origin", "http://editor.example:8080"),
            ("sec-fetch-site", "same-origin"),
        ]);
        assert_eq!(cross_origin(&same, host), None);
        assert_eq!(
            cross_origin(&headers(&[("sec-fetch-site", "none")]), host),
            None
        );
    }

    #[test]
    fn other_origins_are_refused() {
        let host = Some("editor.example:8080");
        for bad in [
            headers(&[("origin", "http://evil.example")]),
            headers(&[("origin", "http://editor.example:9090")]),
            headers(&[("origin", "null")]),
            headers(&[("sec-fetch-site", "cross-site")]),
            headers(&[("sec-fetch-site", "same-site")]),
        ] {
            assert!(cross_origin(&bad, host).is_some(), "{bad:?}");
        }
        let origin = headers(&[("origin", "http://editor.example:8080")]);
        assert!(cross_origin(&origin, None).is_some());
    }
}
