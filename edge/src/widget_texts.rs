//! `GET /v1/widget/texts?lang=`: the widget's own words (headings, buttons, error messages) in
//! the buyer's language. The widget carries only English in its wasm and loads the buyer's
//! language from here, so nobody downloads nine languages they do not read.

use serde_json::{json, Map, Value};
use trackline_core::texts::{ui_text, Ui};
use worker::{Request, Response, Result, RouteContext};

use crate::{http, Shared};

/// How long browsers and caches may keep a pack: texts change only with a deploy, and a widget
/// newer than a cached pack falls back to English for what it lacks.
const MAX_AGE_SECS: u32 = 3600;

pub fn get(req: Request, _ctx: RouteContext<Shared>) -> Result<Response> {
    let lang = http::lang(&req);
    let texts: Map<String, Value> = Ui::ALL
        .into_iter()
        .map(|ui| {
            let text = ui_text(lang, ui);
            let entry = json!({ "label": text.label, "explanation": text.explanation });
            (ui.name().to_owned(), entry)
        })
        .collect();
    let response = http::json(&json!({ "lang": lang.tag(), "texts": texts }), 200);
    let headers = response.headers();
    headers.set("Cache-Control", &format!("public, max-age={MAX_AGE_SECS}"))?;
    headers.set("Content-Language", lang.tag())?;
    // Without `?lang=` the answer follows the browser's languages.
    headers.set("Vary", "Accept-Language")?;
    Ok(response)
}
