//! Talking to the edge: fetch one tracking, and turn every failure into something a buyer can
//! be told.

use serde::Deserialize;
use trackline_core::model::Tracking;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

use crate::Options;

/// Why the widget has no tracking to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// The element has no `number` attribute.
    NoNumber,
    /// The carrier knows nothing about the number yet.
    NotFound,
    /// The edge refused the number or carrier.
    Rejected,
    /// The edge or the network failed.
    Unavailable,
}

/// The URL of the tracking resource for `options`. `loader.js` builds the same URL to start
/// the first request before the wasm is ready; [`fetch_tracking`] takes that answer only when
/// the two agree.
pub fn tracking_url(options: &Options) -> String {
    let base = options.edge.trim_end_matches('/');
    let number = js_sys::encode_uri_component(options.number.trim());
    let lang = js_sys::encode_uri_component(&options.languages);
    match &options.carrier {
        Some(carrier) => format!(
            "{base}/v1/trackings/{number}?lang={lang}&carrier={}",
            js_sys::encode_uri_component(carrier)
        ),
        None => format!("{base}/v1/trackings/{number}?lang={lang}"),
    }
}

/// One parcel of an order.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Parcel {
    /// Its tracking number.
    pub number: String,
    /// Its carrier.
    pub carrier: String,
}

#[derive(Deserialize)]
struct Order {
    trackings: Vec<Parcel>,
}

/// Finds an order's parcels with the order number and email; `NotFound` when nothing matches
/// (the edge gives the same answer whether the order or the email is wrong).
pub async fn lookup_order(
    edge: &str,
    merchant: &str,
    order: &str,
    email: &str,
) -> Result<Vec<Parcel>, LoadError> {
    let enc = |s: &str| String::from(js_sys::encode_uri_component(s.trim()));
    let url = format!(
        "{}/v1/orders/lookup?merchant={}&order={}&email={}",
        edge.trim_end_matches('/'),
        enc(merchant),
        enc(order),
        enc(email)
    );
    let (status, body) = get(&url, None).await.ok_or(LoadError::Unavailable)?;
    match status {
        200 => decode::<Order>(&body)
            .map(|o| o.trackings)
            .ok_or(LoadError::Unavailable),
        404 => Err(LoadError::NotFound),
        _ => Err(LoadError::Unavailable),
    }
}

/// The live channel's URL: the tracking URL on `ws:`/`wss:`, with `/live`.
pub fn live_url(options: &Options) -> String {
    let url = tracking_url(options);
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let ws = match (path.strip_prefix("https://"), path.strip_prefix("http://")) {
        (Some(rest), _) => format!("wss://{rest}"),
        (_, Some(rest)) => format!("ws://{rest}"),
        _ => path.to_owned(),
    };
    format!("{ws}/live?{query}")
}

/// Fetches the tracking for `options` from the edge. `preloaded` is a request the loader
/// already started (see [`tracking_url`]).
pub async fn fetch_tracking(
    options: Options,
    preloaded: Option<js_sys::Promise>,
) -> Result<Tracking, LoadError> {
    if options.number.trim().is_empty() {
        return Err(LoadError::NoNumber);
    }
    let (status, body) = get(&tracking_url(&options), preloaded)
        .await
        .ok_or(LoadError::Unavailable)?;
    match status {
        200 => decode(&body).ok_or(LoadError::Unavailable),
        404 => Err(LoadError::NotFound),
        // The edge's message is for developers; the buyer reads the widget's own words.
        400 => Err(LoadError::Rejected),
        _ => Err(LoadError::Unavailable),
    }
}

/// A GET's status and body text; `None` when the network failed.
async fn get(url: &str, preloaded: Option<js_sys::Promise>) -> Option<(u16, String)> {
    let response = response(url, preloaded).await?;
    let body = JsFuture::from(response.text().ok()?).await.ok()?;
    Some((response.status(), body.as_string().unwrap_or_default()))
}

/// The answer to a GET of `url` with the browser's own `fetch` (a fetch library would cost the
/// widget ~10 KB). `preloaded` is the loader's early request: taken when it is for `url`, else
/// (it failed, or was for another URL) asked again, so a mismatch costs a request, never a
/// wrong answer. `None` when the network failed.
pub async fn response(url: &str, preloaded: Option<js_sys::Promise>) -> Option<Response> {
    if let Some(request) = preloaded {
        let early = JsFuture::from(request)
            .await
            .ok()
            .and_then(|r| r.dyn_into::<Response>().ok())
            .filter(|r| r.url() == url);
        if early.is_some() {
            return early;
        }
    }
    let request = web_sys::window()?.fetch_with_str(url);
    JsFuture::from(request).await.ok()?.dyn_into().ok()
}

/// Reads JSON with the browser's own parser: `serde_json` would cost the widget its parser.
pub fn decode<T: serde::de::DeserializeOwned>(json: &str) -> Option<T> {
    let value = js_sys::JSON::parse(json).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}
