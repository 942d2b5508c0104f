//! Carrier connectors: one module per carrier, all the same shape.
//!
//! Each connector builds the HTTP requests its carrier's API wants and turns the answers into
//! a [`CarrierReport`]; it never does I/O itself. The edge runs the exchange with
//! [`Connector::request`] and [`Connector::handle`] until it gets an [`Outcome::Report`] or an
//! error, following [`Outcome::Next`] for multi-step APIs (OAuth token first, register then
//! query, ...). Every module has: the request builder, serde types of the responses, one
//! status table with a comment per documented code, the mapping, and fixtures with tests.
//!
//! Adding a carrier touches its folder and one line of [`CONNECTORS`].

pub mod aftership;
pub mod aggregated;
pub mod dhl;
pub mod exchange;
pub mod fedex;
#[cfg(test)]
mod hostile_tests;
pub mod keywords;
pub mod known;
pub mod kuaidi100;
mod meaning;
mod oauth;
pub mod seventeen_track;
pub mod time;
pub mod ups;
pub mod usps;

use std::collections::BTreeMap;
use std::fmt;

use crate::tracking::CarrierReport;

/// Every connector Trackline has, by code.
pub static CONNECTORS: &[&dyn Connector] = &[
    &crate::sandbox::Sandbox,
    &dhl::Dhl,
    &ups::Ups,
    &fedex::Fedex,
    &usps::Usps,
    &seventeen_track::SeventeenTrack,
    &aftership::AfterShip,
    &kuaidi100::Kuaidi100,
];

/// The one rule for a carrier code from outside (`?carrier=`, a push, an order): 1 to 40
/// lower-case letters, digits, `_` and `-`. Codes of carriers Trackline has no table entry for
/// are accepted (aggregators name a thousand); anything else is not a code, and safe to place
/// in a URL or an HTML attribute once it passes.
pub fn valid_code(code: &str) -> bool {
    (1..=40).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// The carrier a number looks like (the likeliest detected), for an aggregator that asks.
pub fn detect_hint(number: &str) -> Option<&'static str> {
    crate::detect::detect(number)
        .first()
        .map(|c| c.carrier.code)
}

/// The carrier hint `connector` gets for `number` when `carrier_hint` names its carrier (empty
/// for unknown): an aggregator named as the carrier (`?carrier=kuaidi100`) is not the carrier,
/// so it is told the carrier the number looks like, or nothing.
pub fn hint_for<'a>(
    connector: &dyn Connector,
    number: &str,
    carrier_hint: &'a str,
) -> Option<&'a str> {
    if carrier_hint == connector.info().code {
        detect_hint(number)
    } else {
        Some(carrier_hint).filter(|h| !h.is_empty())
    }
}

/// A registration's outcome ([`Phase::Register`]: 17TRACK `register`, AfterShip's tracking
/// creation) read as a subscription: a source that pushes to the account pushes every number
/// registered with it, and one registered already is subscribed already.
pub fn registration_subscribed(outcome: Outcome) -> Result<Subscribed, CarrierError> {
    match outcome {
        Outcome::Next(Phase::Track) => Ok(Subscribed::default()),
        Outcome::Error(e) => Err(e),
        other => Err(CarrierError::NotUnderstood(format!(
            "unexpected answer to a registration: {other:?}"
        ))),
    }
}

/// The connector with this code.
pub fn connector(code: &str) -> Option<&'static dyn Connector> {
    CONNECTORS.iter().copied().find(|c| c.info().code == code)
}

/// What a connector is, for routing, configuration and the README.
#[derive(Debug)]
pub struct ConnectorInfo {
    /// Stable code, used in `?carrier=` and in configuration.
    pub code: &'static str,
    /// The carrier or aggregator's name.
    pub name: &'static str,
    /// The environment variable holding the API's base URL (so tests can point it at the
    /// simulator), and its production default.
    pub base_url_var: &'static str,
    /// The production base URL.
    pub default_base_url: &'static str,
    /// The secrets it needs (`wrangler secret put NAME`), each with where a merchant gets it.
    pub secrets: &'static [Secret],
    /// How many seconds must pass between two queries of one number (Kuaidi100 asks for 30
    /// minutes); 0 when the carrier sets no such rule.
    pub min_query_interval_secs: u64,
    /// A carrier's own API, an aggregator, or the simulated carrier.
    pub kind: Kind,
    /// How the source pushes news of one number, if it does.
    pub pushes: Pushes,
}

/// How a source tells Trackline about new scans without being asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pushes {
    /// It does not: its shipments are polled.
    Never,
    /// Registering a number with the account subscribes it: the account's webhook (set once
    /// in the source's dashboard) gets every change (17TRACK, AfterShip).
    Account,
    /// Each number is subscribed with Trackline's callback URL (Kuaidi100's `poll`).
    Callback,
    /// Each number is subscribed by a call, and the pushes go to a webhook set once in the
    /// source's portal (UPS Track Alert). On only where the deployment has the secret
    /// `enabled_by` (the webhook's own credentials): without it nothing could be verified.
    PerNumber {
        /// The secret that switches it on.
        enabled_by: &'static str,
    },
}

impl Pushes {
    /// True when a source that pushes this way can be subscribed on this deployment:
    /// `public_url_known` (a callback can be given), `has_secret` (the deployment's secrets).
    pub fn configured(self, public_url_known: bool, has_secret: impl Fn(&str) -> bool) -> bool {
        match self {
            Pushes::Never => false,
            Pushes::Account => true,
            Pushes::Callback => public_url_known,
            Pushes::PerNumber { enabled_by } => has_secret(enabled_by),
        }
    }
}

/// A subscription the source accepted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Subscribed {
    /// When it lapses by itself (seconds since the epoch), if the source says; `None` while it
    /// runs until the source reports that it stopped.
    pub lapses_at: Option<i64>,
}

impl ConnectorInfo {
    /// True for aggregators (17TRACK, AfterShip, Kuaidi100), which track other carriers'
    /// numbers and charge for each new one.
    pub fn aggregator(&self) -> bool {
        self.kind == Kind::Aggregator
    }
}

/// What kind of source a connector is: it decides routing and the refresh cadence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A carrier's own API (UPS, DHL, ...): it tracks its own numbers; routes may send its
    /// carrier elsewhere.
    Carrier,
    /// An aggregator (17TRACK, AfterShip, Kuaidi100): it tracks other carriers' numbers, and
    /// named as the carrier it serves itself.
    Aggregator,
    /// A simulated carrier that answers without the network ([`Connector::answer`]) for the
    /// numbers it owns ([`Connector::owns`]), always serves itself, and refreshes every
    /// `every_secs` only while someone watches (so its live journeys move on screen and cost
    /// nothing otherwise).
    Simulated {
        /// Seconds between two refreshes while watched.
        every_secs: u64,
    },
}

/// One secret a connector needs.
#[derive(Debug)]
pub struct Secret {
    /// The environment variable / `wrangler secret` name.
    pub name: &'static str,
    /// Where a merchant gets it.
    pub from: &'static str,
}

/// A connector's configuration: its base URL and the values of its secrets.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The API's base URL, without a trailing slash.
    pub base_url: String,
    /// Secret values by name; never logged, never sent to a browser.
    pub secrets: BTreeMap<String, String>,
}

impl Settings {
    /// Settings with `base_url` (a trailing slash dropped) and these secrets.
    pub fn new(base_url: &str, secrets: &[(&str, &str)]) -> Self {
        Settings {
            base_url: base_url.trim_end_matches('/').to_owned(),
            secrets: secrets
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    /// The value of secret `name`, or [`CarrierError::BadCredentials`] when it is not set.
    pub fn secret(&self, name: &str) -> Result<&str, CarrierError> {
        match self.secrets.get(name).map(String::as_str) {
            Some(value) if !value.is_empty() => Ok(value),
            _ => Err(CarrierError::BadCredentials(format!(
                "the secret {name} is not set"
            ))),
        }
    }
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
}

/// A request for the edge to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// GET or POST.
    pub method: Method,
    /// The full URL.
    pub url: String,
    /// Headers, in order.
    pub headers: Vec<(String, String)>,
    /// The body, for POST.
    pub body: Option<String>,
}

impl HttpRequest {
    /// A GET of `url`.
    pub fn get(url: String) -> Self {
        HttpRequest {
            method: Method::Get,
            url,
            headers: Vec::new(),
            body: None,
        }
    }

    /// A POST of `body` to `url` with `content_type`.
    pub fn post(url: String, content_type: &str, body: String) -> Self {
        let headers = vec![("Content-Type".to_owned(), content_type.to_owned())];
        HttpRequest {
            method: Method::Post,
            url,
            headers,
            body: Some(body),
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Headers with lower-case names.
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

impl HttpResponse {
    /// An answer with `status` and `body` and no headers.
    pub fn new(status: u16, body: &str) -> Self {
        HttpResponse {
            status,
            headers: Vec::new(),
            body: body.to_owned(),
        }
    }

    /// Adds a header (its name in lower case, as the edge hands them over).
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_owned()));
        self
    }

    /// The value of header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// `Retry-After` in seconds, when the carrier sent one as a number of seconds.
    pub fn retry_after(&self) -> Option<u64> {
        self.header("retry-after")
            .and_then(|v| v.trim().parse().ok())
    }

    /// The error every connector gives for the status codes whose meaning is the same
    /// everywhere: 401/403 bad credentials, 429 rate limited, 5xx down. `None` for the others.
    pub fn common_error(&self) -> Option<CarrierError> {
        match self.status {
            401 | 403 => Some(CarrierError::BadCredentials(format!(
                "the carrier answered {}",
                self.status
            ))),
            429 => Some(CarrierError::RateLimited {
                retry_after_secs: self.retry_after(),
            }),
            500..=599 => Some(CarrierError::Down(format!(
                "the carrier answered {}",
                self.status
            ))),
            _ => None,
        }
    }
}

/// An OAuth access token and the Unix time it expires at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The bearer token.
    pub value: String,
    /// When it stops working (seconds since the Unix epoch).
    pub expires_at: i64,
}

impl Token {
    /// True while it can still be used at `now` (with a minute to spare).
    pub fn is_fresh(&self, now: i64) -> bool {
        now + 60 < self.expires_at
    }
}

/// One step of an exchange with a carrier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Get an OAuth token.
    Token,
    /// Tell an aggregator to start tracking the number.
    Register,
    /// Ask for the tracking.
    Track,
}

/// One lookup: the number and what the connector may use for it.
#[derive(Debug, Clone)]
pub struct Lookup<'a> {
    /// The cleaned tracking number.
    pub number: &'a str,
    /// The carrier behind the number, when known (aggregators need it: `ups`, `sf_express`).
    pub carrier_hint: Option<&'a str>,
    /// Base URL and secrets.
    pub settings: &'a Settings,
    /// The cached OAuth token, if any.
    pub token: Option<&'a Token>,
    /// The current Unix time in seconds.
    pub now: i64,
}

impl<'a> Lookup<'a> {
    /// A lookup of `number` with no carrier hint and no token.
    pub fn new(number: &'a str, settings: &'a Settings, now: i64) -> Self {
        Lookup {
            number,
            carrier_hint: None,
            settings,
            token: None,
            now,
        }
    }
}

/// What a connector makes of a response.
// One short-lived value per carrier response: boxing the report would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The tracking.
    Report(CarrierReport),
    /// A new OAuth token to cache (until it expires); then go on with `Phase::Track`.
    Token(Token),
    /// Go on with this phase (register first, or a new token after a rejected one).
    Next(Phase),
    /// The carrier's answer means this error.
    Error(CarrierError),
}

/// A parsed answer: the tracking, or why there is none.
impl From<Result<CarrierReport, CarrierError>> for Outcome {
    fn from(result: Result<CarrierReport, CarrierError>) -> Self {
        match result {
            Ok(report) => Outcome::Report(report),
            Err(e) => Outcome::Error(e),
        }
    }
}

/// Why a carrier gave no tracking. Each is told to the buyer differently. Kept with the
/// shipment between requests (see [`crate::shipment`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "error", content = "detail", rename_all = "snake_case")]
#[non_exhaustive]
pub enum CarrierError {
    /// The carrier has no information on the number (yet).
    NotFound,
    /// The credentials are missing, wrong or expired beyond repair.
    BadCredentials(String),
    /// Too many requests; try again after this many seconds when the carrier said.
    RateLimited {
        /// The carrier's `Retry-After`, in seconds.
        retry_after_secs: Option<u64>,
    },
    /// The carrier is down or timed out.
    Down(String),
    /// The answer could not be understood (changed format, truncated JSON, ...).
    NotUnderstood(String),
}

impl fmt::Display for CarrierError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CarrierError::NotFound => {
                write!(f, "the carrier has no information on this number yet")
            }
            CarrierError::BadCredentials(why) => {
                write!(f, "the carrier rejected our credentials: {why}")
            }
            CarrierError::RateLimited {
                retry_after_secs: Some(s),
            } => write!(f, "rate limited by the carrier; retry after {s} s"),
            CarrierError::RateLimited {
                retry_after_secs: None,
            } => write!(f, "rate limited by the carrier"),
            CarrierError::Down(why) => write!(f, "the carrier is unavailable: {why}"),
            CarrierError::NotUnderstood(why) => {
                write!(f, "the carrier's answer could not be understood: {why}")
            }
        }
    }
}

impl std::error::Error for CarrierError {}

/// A carrier or aggregator API.
pub trait Connector: Sync {
    /// What it is and what it needs.
    fn info(&self) -> &'static ConnectorInfo;

    /// The phase to start a lookup with: a token first when the API uses OAuth and the cached
    /// token is missing or about to expire.
    fn first_phase(&self, lookup: &Lookup<'_>) -> Phase {
        let _ = lookup;
        Phase::Track
    }

    /// True when this connector owns `number` outright, whoever else's format it resembles (the
    /// sandbox's test numbers): a number nobody named a carrier for goes to it.
    fn owns(&self, number: &str) -> bool {
        let _ = number;
        false
    }

    /// The answer, for a connector that needs no network (the sandbox); `None` for the others,
    /// whose exchange goes through [`Connector::request`] and [`Connector::handle`].
    fn answer(&self, lookup: &Lookup<'_>) -> Option<Result<CarrierReport, CarrierError>> {
        let _ = lookup;
        None
    }

    /// The request for `phase`.
    fn request(&self, phase: Phase, lookup: &Lookup<'_>) -> Result<HttpRequest, CarrierError>;

    /// What the `response` to the request for `phase` means.
    fn handle(&self, phase: Phase, lookup: &Lookup<'_>, response: &HttpResponse) -> Outcome;

    /// The request that subscribes the number to this source's pushes, with Trackline's
    /// `callback` URL (for [`Pushes::Callback`]); `renew` when an earlier subscription stopped
    /// (some sources restart one differently). Sources that do not push keep this default.
    fn subscribe(
        &self,
        lookup: &Lookup<'_>,
        callback: &str,
        renew: bool,
    ) -> Result<HttpRequest, CarrierError> {
        let _ = (lookup, callback, renew);
        Err(CarrierError::NotUnderstood(format!(
            "{} takes no subscriptions",
            self.info().name
        )))
    }

    /// What the answer to a subscribe request means. A number subscribed already counts as
    /// subscribed: subscribing is idempotent.
    fn subscribed(
        &self,
        lookup: &Lookup<'_>,
        response: &HttpResponse,
    ) -> Result<Subscribed, CarrierError> {
        let _ = (lookup, response);
        Err(CarrierError::NotUnderstood(format!(
            "{} takes no subscriptions",
            self.info().name
        )))
    }

    /// The request that ends the number's subscription, where the source has one (so quotas
    /// are not spent on finished parcels); `None` where it ends by itself.
    fn unsubscribe(&self, lookup: &Lookup<'_>) -> Option<Result<HttpRequest, CarrierError>> {
        let _ = lookup;
        None
    }

    /// `POST /v1/webhooks/{code}/token`: a source that fetches an OAuth token before it pushes
    /// (UPS Track Alert, client credentials with HTTP Basic) gets one here: the JSON answer, or
    /// why not. `None` for sources that sign their pushes otherwise.
    fn webhook_token(
        &self,
        request: &Push,
        settings: &Settings,
    ) -> Option<Result<String, PushError>> {
        let _ = (request, settings);
        None
    }

    /// An inbound push (webhook) from this provider: verifies its signature in constant time
    /// with the provider's secret from `settings`, then parses the trackings it carries.
    /// Providers without pushes keep this default.
    fn push(&self, push: &Push, settings: &Settings) -> Result<Vec<Pushed>, PushError> {
        let _ = (push, settings);
        Err(PushError::Unsupported)
    }
}

/// An inbound push as the edge received it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Push {
    /// When it arrived (seconds since the epoch): a bearer token it carries must not have
    /// expired by then.
    pub received_at: i64,
    /// Headers with lower-case names.
    pub headers: Vec<(String, String)>,
    /// The raw body, exactly as received (signatures cover these bytes).
    pub body: String,
}

impl Push {
    /// The value of header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One tracking carried by a push.
#[derive(Debug, Clone, PartialEq)]
pub struct Pushed {
    /// The cleaned tracking number.
    pub number: String,
    /// The carrier code behind it, when the provider says (`ups`, `sf_express`, ...).
    pub carrier_hint: Option<String>,
    /// What the provider now knows.
    pub report: CarrierReport,
    /// The provider says it stopped tracking the number (Kuaidi100 `abort`, 17TRACK
    /// `TRACKING_STOPPED`): no more pushes come until it is subscribed again.
    pub stopped: bool,
}

/// Why a push was refused. Nothing is changed by a refused push.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PushError {
    /// This provider sends no pushes.
    Unsupported,
    /// The signature is missing or wrong (forged, or signed with another secret).
    BadSignature,
    /// The body is not what the provider sends.
    Malformed(String),
    /// A tracking in it carries more events than one push may
    /// ([`crate::tracking::MAX_EVENTS_PER_PUSH`]).
    TooManyEvents(usize),
}

/// Refuses a push that carries more events for one tracking than one push may: a bounded
/// merge, whatever the sender.
pub fn within_limits(pushed: Vec<Pushed>) -> Result<Vec<Pushed>, PushError> {
    let max = crate::tracking::MAX_EVENTS_PER_PUSH;
    if pushed.iter().any(|p| p.report.events.len() > max) {
        return Err(PushError::TooManyEvents(max));
    }
    Ok(pushed)
}

impl fmt::Display for PushError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PushError::Unsupported => write!(f, "this provider sends no pushes"),
            PushError::BadSignature => write!(f, "the signature is missing or wrong"),
            PushError::Malformed(why) => write!(f, "the push could not be read: {why}"),
            PushError::TooManyEvents(max) => {
                write!(f, "a push may carry at most {max} events per tracking")
            }
        }
    }
}

impl std::error::Error for PushError {}

/// Parses a JSON body into `T`, or says why it is not understood (never panics).
pub fn parse_json<'a, T: serde::Deserialize<'a>>(body: &'a str) -> Result<T, CarrierError> {
    serde_json::from_str(body).map_err(|e| CarrierError::NotUnderstood(e.to_string()))
}

/// The README's table of connectors: code, the secrets each needs, where a merchant gets them,
/// and the base-URL variable. Generated so it cannot drift from the code (a test checks it).
pub fn connectors_markdown() -> String {
    let mut out = String::from(
        "| connector | code | secrets (`wrangler secret put NAME`) | where the merchant gets them | base URL var |\n|---|---|---|---|---|\n",
    );
    for c in CONNECTORS {
        let info = c.info();
        let names: Vec<String> = info
            .secrets
            .iter()
            .map(|s| format!("`{}`", s.name))
            .collect();
        let from: Vec<String> = info
            .secrets
            .iter()
            .map(|s| format!("{}: {}", s.name, s.from))
            .collect();
        let or_none = |s: String| if s.is_empty() { "none".to_owned() } else { s };
        let var = if info.base_url_var.is_empty() {
            "none".to_owned()
        } else {
            format!("`{}`", info.base_url_var)
        };
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {} |\n",
            info.name,
            info.code,
            or_none(names.join(", ")),
            or_none(from.join("; ").replace('|', "/")),
            var
        ));
    }
    out
}

#[cfg(test)]
mod readme_tests {
    use super::*;

    const START: &str = "<!-- connectors:start (generated from core/src/carriers: UPDATE_DOCS=1 cargo test -p trackline-core) -->\n";
    const END: &str = "<!-- connectors:end -->";

    /// The README's connector table is this module's table.
    #[test]
    fn readme_connector_table_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md");
        let readme = std::fs::read_to_string(path).unwrap();
        let (before, rest) = readme
            .split_once(START)
            .expect("README has the connectors:start marker");
        let (_, after) = rest
            .split_once(END)
            .expect("README has the connectors:end marker");
        let fresh = format!("{before}{START}{}{END}{after}", connectors_markdown());
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(path, &fresh).unwrap();
        }
        assert!(readme == fresh, "README's connector table is out of date: run UPDATE_DOCS=1 cargo test -p trackline-core");
    }

    #[test]
    fn carrier_codes_from_outside() {
        for good in ["ups", "sf_express", "dhl-ecommerce", "17track", "4px"] {
            assert!(valid_code(good), "{good}");
        }
        let long = "x".repeat(41);
        for bad in ["", "UPS", "ups ", "<b>", "a\"b", "a/b", "ü", long.as_str()] {
            assert!(!valid_code(bad), "{bad:?}");
        }
    }

    #[test]
    fn every_connector_has_a_unique_code_and_documented_secrets() {
        let mut codes: Vec<&str> = CONNECTORS.iter().map(|c| c.info().code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), CONNECTORS.len());
        for c in CONNECTORS {
            assert!(
                c.info().secrets.iter().all(|s| !s.from.is_empty()),
                "{}",
                c.info().code
            );
        }
    }
}
