//! The hosted tracking page, `GET /track/{number}` (with `?lang=` and `?carrier=`): a standalone
//! page a store can link to or put on its own domain ("track.yourstore.com"), built on the same
//! widget its pages embed.

use trackline_core::texts::Lang;
use trackline_core::{carriers, merchant, number};
use worker::{Request, Response, Result, RouteContext};

use crate::{http, Shared};

/// The page. Everything placed in it is validated first (a cleaned number, a well-formed
/// carrier code, a language tag from our own list), so nothing a visitor types reaches the HTML.
pub async fn page(req: Request, ctx: RouteContext<Shared>) -> Result<Response> {
    let number = number::clean(&http::path_param(&ctx, "number")).unwrap_or_default();
    let lang = http::lang(&req);
    let carrier = http::query(&req, "carrier")
        .filter(|c| carriers::valid_code(c))
        .map(|c| format!(" carrier=\"{c}\""))
        .unwrap_or_default();
    let attributes = format!(r#"number="{number}"{carrier}"#);
    let card = crate::trackings::cached_card(&req, &ctx).await;
    shell(lang, &number, &attributes, card.as_deref())
}

/// `GET /track?merchant=&order=`: the hosted order lookup, the form pre-filled with the order
/// number when it is plain (letters, digits, `-_./`); anything else starts with an empty form.
pub async fn order_page(req: Request, _ctx: RouteContext<Shared>) -> Result<Response> {
    let lang = http::lang(&req);
    let merchant = http::query(&req, "merchant")
        .filter(|m| merchant::valid_merchant_id(m))
        .unwrap_or_default();
    let order = http::query(&req, "order")
        .and_then(|o| merchant::normalize_order_number(&o).ok())
        .filter(|o| {
            o.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        })
        .unwrap_or_default();
    let attributes = format!(r#"mode="order" merchant="{merchant}" order="{order}""#);
    shell(lang, &order, &attributes, None)
}

/// The page around one widget with `attributes` (already validated by the caller). With `card`
/// (the edge's drawing of the tracking, see `trackings::cached_card`) the widget's Shadow DOM
/// comes declared in the HTML: the buyer reads the tracking as soon as the page paints, before
/// any script runs, and the widget then takes over as on any store.
fn shell(lang: Lang, title: &str, attributes: &str, card: Option<&str>) -> Result<Response> {
    let (tag, dir) = (lang.tag(), if lang.is_rtl() { "rtl" } else { "ltr" });
    // With a card, the `trackline:rendered` mark (see the loader) is the page's own.
    let (inside, after) = match card {
        Some(card) => (
            format!(r#"<template shadowrootmode="open">{card}</template>"#),
            format!("<script>{}</script>", http::RENDERED_MARK),
        ),
        None => (String::new(), String::new()),
    };
    let html = format!(
        r#"<!doctype html>
<html lang="{tag}" dir="{dir}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>{title} · Trackline</title>
  <style>
    body {{ margin: 0; background: #f3f4f6; font-family: system-ui, sans-serif; }}
    main {{ max-width: 640px; margin: 0 auto; padding: 24px 12px 48px; }}
    @media (prefers-color-scheme: dark) {{ body {{ background: #030712; }} }}
  </style>
  <link rel="preload" href="/widget_bg.wasm" as="fetch" type="application/wasm" crossorigin>
  <script async src="/widget.js"></script>
</head>
<body>
  <main>
    <trackline-widget lang="{tag}" {attributes}>{inside}</trackline-widget>{after}
  </main>
</body>
</html>
"#
    );
    http::html_page(html)
}
