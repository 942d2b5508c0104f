//! `GET /`: the demo storefront, an order page with the widget as a merchant pastes it.
//! `?number=` picks a sandbox journey and `?lang=` a language; the edge writes them into the
//! widget's attributes, as a store's server would, so the widget can ask for the tracking the
//! moment its script runs.

use trackline_core::number;
use trackline_core::texts::Lang;
use worker::{Request, Response, Result};

use crate::http;

/// The page, from `demo_store.html` (its `{{number}}` and `{{lang}}` filled in).
const PAGE: &str = include_str!("demo_store.html");

/// The live journey: a new scan every 20 s.
const DEFAULT_NUMBER: &str = "TL9000000009";

/// The page. Only a cleaned number (letters and digits) and a language tag from our own list
/// reach the HTML, so nothing a visitor types becomes markup.
pub fn store(req: Request) -> Result<Response> {
    let number = http::query(&req, "number")
        .and_then(|n| number::clean(&n).ok())
        .unwrap_or_else(|| DEFAULT_NUMBER.to_owned());
    let lang = http::query(&req, "lang")
        .and_then(|preferences| Lang::best(&preferences))
        .map(|lang| format!(r#" lang="{}""#, lang.tag()))
        .unwrap_or_default();
    let html = PAGE
        .replace("{{number}}", &number)
        .replace("{{lang}}", &lang);
    http::html_page(html)
}
