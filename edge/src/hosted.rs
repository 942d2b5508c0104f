//! The hosted tracking page, `GET /track/{number}` (with `?lang=` and `?carrier=`): a standalone
//! page a store can link to or put on its own domain ("track.yourstore.com"), built on the same
//! widget its pages embed.

use trackline_core::number;
use worker::{Headers, Request, Response, Result, RouteContext};

use crate::{http, Shared};

/// The page. Everything placed in it is validated first (a cleaned number, a well-formed
/// carrier code, a language tag from our own list), so nothing a visitor types reaches the HTML.
pub async fn page(req: Request, ctx: RouteContext<Shared>) -> Result<Response> {
    let number = number::clean(&http::path_param(&ctx, "number")).unwrap_or_default();
    let lang = http::lang(&req);
    let carrier = http::query(&req, "carrier")
        .filter(|c| {
            c.len() <= 40
                && c.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        })
        .map(|c| format!(" carrier=\"{c}\""))
        .unwrap_or_default();
    let (tag, dir) = (lang.tag(), if lang.is_rtl() { "rtl" } else { "ltr" });
    let html = format!(
        r#"<!doctype html>
<html lang="{tag}" dir="{dir}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>{number} · Trackline</title>
  <style>
    body {{ margin: 0; background: #f3f4f6; font-family: system-ui, sans-serif; }}
    main {{ max-width: 640px; margin: 0 auto; padding: 24px 12px 48px; }}
    @media (prefers-color-scheme: dark) {{ body {{ background: #030712; }} }}
  </style>
  <script async src="/widget.js"></script>
</head>
<body>
  <main>
    <trackline-widget number="{number}" lang="{tag}"{carrier}></trackline-widget>
  </main>
</body>
</html>
"#
    );
    let headers = Headers::new();
    headers.set("Content-Type", "text/html; charset=utf-8")?;
    headers.set("Cache-Control", "public, max-age=300")?;
    Ok(Response::ok(html)?.with_headers(headers))
}
