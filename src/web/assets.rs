//! The editor's front end (`web/dist`, built by `make web`), embedded in
//! release builds and served at `/`. Debug builds read `web/dist` from disk,
//! so a rebuilt front end shows without recompiling.

use std::borrow::Cow;

use axum::Router;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

/// The files of `web/dist`; empty when it was not built.
#[derive(rust_embed::Embed)]
#[folder = "web/dist"]
#[allow_missing = true]
struct Dist;

/// Shown at `/` when the front end was not built before the binary.
const NOT_BUILT: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>StreamSpace policy editor</title></head><body>\n<h1>Editor assets not built</h1>\n\
<p>editor assets not built: run <code>make web</code> (<code>cd web &amp;&amp; npm ci &amp;&amp; \
npm run build</code>) and build the operator again.</p>\n<p>The API, live logs, metrics and \
health endpoints work without them.</p>\n</body></html>\n";

/// The Content-Type of a file of `web/dist`, by extension.
fn content_type(file: &str) -> &'static str {
    match file.rsplit_once('.').map_or("", |(_, ext)| ext) {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "ttf" => "font/ttf",
        "woff2" => "font/woff2",
        "svg" => "image/svg+xml",
        "json" | "map" => "application/json",
        _ => "application/octet-stream",
    }
}

fn serve(file: &str) -> Response {
    respond(file, Dist::get(file).map(|asset| asset.data))
}

/// The answer for `file` of `web/dist`, given its content when it exists.
fn respond(file: &str, content: Option<Cow<'static, [u8]>>) -> Response {
    match content {
        Some(data) => (
            [
                (header::CONTENT_TYPE, content_type(file)),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            data,
        )
            .into_response(),
        None if file == "index.html" => (
            StatusCode::SERVICE_UNAVAILABLE,
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            NOT_BUILT,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, format!("no such file: /{file}\n")).into_response(),
    }
}

/// `GET /` (the editor) and `GET /{file}` (its scripts, styles and font).
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/", get(|| async { serve("index.html") }))
        .route(
            "/{file}",
            get(|Path(file): Path<String>| async move { serve(&file) }),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_follow_the_front_end_readme() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("app.js"), "text/javascript; charset=utf-8");
        assert_eq!(
            content_type("editor.worker.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("app.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("codicon.ttf"), "font/ttf");
        assert_eq!(content_type("README"), "application/octet-stream");
    }

    #[test]
    fn unknown_files_are_not_found() {
        assert_eq!(serve("nope.js").status(), StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn without_a_built_front_end_the_page_says_how_to_build_it() {
        let response = respond("index.html", None);
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let page = String::from_utf8_lossy(&body);
        assert!(page.contains("<code>make web</code>"), "{page}");

        let built = respond("app.js", Some(Cow::Borrowed(b"console.log(1)")));
        assert_eq!(built.status(), StatusCode::OK);
        assert_eq!(
            built.headers()[header::CONTENT_TYPE],
            "text/javascript; charset=utf-8"
        );
    }
}
