//! Talking to the edge: fetch one tracking, and turn every failure into something a buyer can
//! be told.

use js_sys::Promise;
use serde::Deserialize;
use trackline_core::model::Tracking;
use wasm_bindgen::prelude::*;
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
    let (status, body) = get(&url).await.ok_or(LoadError::Unavailable)?;
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

/// The URL the loader asks first: the tracking with the card drawn by the edge (`card_html`),
/// which the loader shows while this wasm loads.
pub fn tracking_with_card_url(options: &Options) -> String {
    format!("{}&card=html", tracking_url(options))
}

/// Fetches the tracking for `options` from the edge. `early` is the loader's request for it
/// (see [`tracking_with_card_url`] and [`Early`]).
pub async fn fetch_tracking(options: Options, early: Option<Early>) -> Result<Tracking, LoadError> {
    if options.number.trim().is_empty() {
        return Err(LoadError::NoNumber);
    }
    let early_url = tracking_with_card_url(&options);
    let (status, body) = answer(early, &early_url, &tracking_url(&options))
        .await
        .ok_or(LoadError::Unavailable)?;
    tracking_from(status, &body)
}

/// The tracking for `options` if the loader's early request already brought it: then the
/// first view shows it, and no loading skeleton is drawn only to be replaced.
pub fn tracking_now(
    options: &Options,
    early: Option<&Early>,
) -> Option<Result<Tracking, LoadError>> {
    let (status, body) = early?.now(&tracking_with_card_url(options))?;
    Some(tracking_from(status, &body))
}

/// What an answer of the edge's tracking resource means for the buyer.
fn tracking_from(status: u16, body: &str) -> Result<Tracking, LoadError> {
    match status {
        200 => decode(body).ok_or(LoadError::Unavailable),
        404 => Err(LoadError::NotFound),
        // The edge's message is for developers; the buyer reads the widget's own words.
        400 => Err(LoadError::Rejected),
        _ => Err(LoadError::Unavailable),
    }
}

#[wasm_bindgen]
extern "C" {
    /// A GET the loader started while the wasm loaded: its [`Answer`] once it came (the loader
    /// reads the body as soon as it arrives), a `Promise` of it until then.
    pub type Early;
    /// The answer to one GET: `{url, status, body}`.
    type Answer;
    #[wasm_bindgen(method, getter)]
    fn url(this: &Answer) -> String;
    #[wasm_bindgen(method, getter)]
    fn status(this: &Answer) -> u16;
    #[wasm_bindgen(method, getter)]
    fn body(this: &Answer) -> String;
}

impl Early {
    /// What the loader passed, unless it passed nothing.
    pub fn from_js(value: JsValue) -> Option<Early> {
        (!value.is_null_or_undefined()).then(|| value.unchecked_into())
    }

    /// The status and body for `url`, if they are already in.
    pub fn now(&self, url: &str) -> Option<(u16, String)> {
        if self.is_instance_of::<Promise>() {
            return None;
        }
        self.unchecked_ref::<Answer>().for_url(url)
    }

    /// The status and body for `url`, once in; `None` when the request failed or was for
    /// another URL.
    async fn answer(self, url: &str) -> Option<(u16, String)> {
        let answer: Answer = match self.dyn_into::<Promise>() {
            Ok(promise) => JsFuture::from(promise).await.ok()?.unchecked_into(),
            Err(answer) => answer.unchecked_into(),
        };
        answer.for_url(url)
    }
}

impl Answer {
    /// Status and body, when this answers a GET of `url` (else the loader and the widget
    /// disagree about the URL, and the widget must ask itself).
    fn for_url(&self, url: &str) -> Option<(u16, String)> {
        (self.url() == url).then(|| (self.status(), self.body()))
    }
}

/// The loader's answer to its request for `early_url`, else (there was none, it failed, or was
/// for another URL) a GET of `url`: a mismatch costs a request, never a wrong answer.
pub async fn answer(early: Option<Early>, early_url: &str, url: &str) -> Option<(u16, String)> {
    if let Some(early) = early {
        if let Some(answer) = early.answer(early_url).await {
            return Some(answer);
        }
    }
    get(url).await
}

/// A GET's status and body text with the browser's own `fetch`; `None` when the network failed.
/// gloo-net would be the library for this, but measured it costs the widget 1.9 KB brotli for
/// `http` and 2.4 KB more for `websocket`, past the 120 KB budget the widget meets with
/// 0.1 KB to spare; these few lines cost nearly nothing.
pub async fn get(url: &str) -> Option<(u16, String)> {
    let request = web_sys::window()?.fetch_with_str(url);
    let response: Response = JsFuture::from(request).await.ok()?.dyn_into().ok()?;
    let body = JsFuture::from(response.text().ok()?).await.ok()?;
    Some((response.status(), body.as_string().unwrap_or_default()))
}

/// Reads JSON with the browser's own parser: `serde_json` would cost the widget its parser.
pub fn decode<T: serde::de::DeserializeOwned>(json: &str) -> Option<T> {
    let value = js_sys::JSON::parse(json).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}
