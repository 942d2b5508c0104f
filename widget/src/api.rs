//! Talking to the edge: fetch one tracking, and turn every failure into something a buyer can
//! be told.

use serde::Deserialize;
use trackline_core::model::Tracking;
use wasm_bindgen::{JsCast, JsValue};
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
    let (status, body) = get(&url).await.map_err(|_| LoadError::Unavailable)?;
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
    let url = tracking_url(&options);
    let early = match preloaded {
        Some(request) => take_preloaded(request, &url).await,
        None => None,
    };
    let answer = match early {
        Some(response) => read(response).await,
        None => get(&url).await,
    };
    let (status, body) = answer.map_err(|_| LoadError::Unavailable)?;
    match status {
        200 => decode(&body).ok_or(LoadError::Unavailable),
        404 => Err(LoadError::NotFound),
        // The edge's message is for developers; the buyer reads the widget's own words.
        400 => Err(LoadError::Rejected),
        _ => Err(LoadError::Unavailable),
    }
}

/// A GET with the browser's own `fetch` (a fetch library would cost the widget ~10 KB).
async fn get(url: &str) -> Result<(u16, String), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let response: Response = JsFuture::from(window.fetch_with_str(url))
        .await?
        .dyn_into()?;
    read(response).await
}

/// Reads JSON with the browser's own parser: `serde_json` would cost the widget its parser.
pub fn decode<T: serde::de::DeserializeOwned>(json: &str) -> Option<T> {
    let value = js_sys::JSON::parse(json).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

/// The loader's early answer, if it is for `url`; `None` (ask again) when it failed or was for
/// another URL, so a mismatch costs a request, never a wrong answer.
async fn take_preloaded(request: js_sys::Promise, url: &str) -> Option<Response> {
    let response: Response = JsFuture::from(request).await.ok()?.dyn_into().ok()?;
    (response.url() == url).then_some(response)
}

async fn read(response: Response) -> Result<(u16, String), JsValue> {
    let body = JsFuture::from(response.text()?)
        .await?
        .as_string()
        .unwrap_or_default();
    Ok((response.status(), body))
}
