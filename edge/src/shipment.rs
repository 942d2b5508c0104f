//! The `Shipment` Durable Object: one per `carrier:number`. It holds the shipment's report in its
//! storage and its event history as rows of its SQLite database (one row an event, so no stored
//! value grows with the history; core bounds it to its newest events), is the single flight for
//! carrier calls, refreshes itself by alarm on a cadence that follows the shipment, and pushes
//! every change to the widgets that watch it over hibernating WebSockets.
//!
//! The worker talks to it with internal requests (see [`Shipment::fetch`]); the helpers at the
//! bottom build those requests.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use trackline_core::admission::{self, FirstCall};
use trackline_core::carriers::{self, CarrierError};
use trackline_core::progress::current_status;
use trackline_core::texts::Lang;
use trackline_core::tracking::{self, assemble, merge, CarrierReport};
use trackline_core::{geo, notices, privacy, refresh, sandbox};
use worker::{
    durable_object, DurableObject, Env, Request, Response, Result, State, Stub, WebSocket,
    WebSocketIncomingMessage, WebSocketPair,
};

use crate::budget;
use crate::clock::now;
use crate::connectors::fetch_report;
use crate::error::ApiError;
use crate::http;
use crate::single_flight::SingleFlight;

/// After a failed carrier call, wait this long before calling again (lookups meanwhile get the
/// last good copy or the same error).
const RETRY_AFTER_FAILURE: Duration = Duration::seconds(30);
/// The sandbox costs nothing to ask: it refreshes often so the live journey moves on screen.
const SANDBOX_INTERVAL: Duration = Duration::seconds(5);
const STORAGE_KEY: &str = "shipment";

/// Which shipment, and who serves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Key {
    /// The carrier code (`ups`, `sandbox`, ...).
    pub carrier: String,
    /// The cleaned tracking number.
    pub number: String,
    /// The connector that serves this carrier (`17track`, `ups`, ...).
    pub connector: String,
}

impl Key {
    /// The Durable Object's name.
    pub fn name(&self) -> String {
        format!("{}:{}", self.carrier, self.number)
    }
}

/// What the object keeps.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Stored {
    key: Option<Key>,
    report: Option<CarrierReport>,
    /// When the carrier last answered (ms since the epoch).
    synced_at: Option<i64>,
    /// When the carrier was last asked, and what went wrong if it failed.
    attempted_at: Option<i64>,
    last_error: Option<StoredError>,
    /// When the carrier was first asked about this number (ms since the epoch): a number it
    /// keeps not knowing is asked less often, then no more.
    #[serde(default)]
    first_asked_at: Option<i64>,
}

/// A [`CarrierError`] as kept between requests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum StoredError {
    NotFound,
    BadCredentials(String),
    RateLimited(Option<u64>),
    Down(String),
    NotUnderstood(String),
    /// Today's budget of new numbers from visitors is spent (never stored: the next read may
    /// find budget again); retry after this many seconds.
    OverBudget(u64),
    /// Our own storage (the object's, or D1) failed: not the carrier's fault (never stored).
    Storage(String),
}

impl From<&CarrierError> for StoredError {
    fn from(e: &CarrierError) -> Self {
        match e {
            CarrierError::NotFound => StoredError::NotFound,
            CarrierError::BadCredentials(w) => StoredError::BadCredentials(w.clone()),
            CarrierError::RateLimited { retry_after_secs } => {
                StoredError::RateLimited(*retry_after_secs)
            }
            CarrierError::Down(w) => StoredError::Down(w.clone()),
            CarrierError::NotUnderstood(w) => StoredError::NotUnderstood(w.clone()),
            _ => StoredError::Down(e.to_string()),
        }
    }
}

impl From<worker::Error> for StoredError {
    /// Only our own storage (the object's, or D1) fails with a `worker::Error` here.
    fn from(e: worker::Error) -> Self {
        StoredError::Storage(e.to_string())
    }
}

impl From<StoredError> for ApiError {
    fn from(e: StoredError) -> Self {
        match e {
            StoredError::NotFound => ApiError::NotFound,
            StoredError::BadCredentials(why) => {
                ApiError::Carrier(CarrierError::BadCredentials(why))
            }
            StoredError::RateLimited(after) => ApiError::Carrier(CarrierError::RateLimited {
                retry_after_secs: after,
            }),
            StoredError::Down(why) => ApiError::Carrier(CarrierError::Down(why)),
            StoredError::NotUnderstood(why) => ApiError::Carrier(CarrierError::NotUnderstood(why)),
            StoredError::OverBudget(retry) => ApiError::NewNumberBudget(retry),
            StoredError::Storage(why) => ApiError::Storage(why),
        }
    }
}

/// One row of the events table: an event as JSON.
#[derive(Deserialize)]
struct EventRow {
    body: String,
}

/// The body of a merge request: what a push said.
#[derive(Serialize, Deserialize)]
struct MergeBody {
    key: Key,
    report: CarrierReport,
}

/// One shipment.
#[durable_object]
pub struct Shipment {
    state: State,
    env: Env,
    refreshing: SingleFlight<std::result::Result<(), StoredError>>,
}

impl DurableObject for Shipment {
    fn new(state: State, env: Env) -> Self {
        Shipment {
            state,
            env,
            refreshing: SingleFlight::default(),
        }
    }

    /// Internal API: `GET /state?lang=` (the tracking, refreshed if due), `GET /live?lang=`
    /// (WebSocket upgrade), `POST /merge` (a push). The key travels as query parameters on
    /// every request, so the first one names the object.
    async fn fetch(&self, req: Request) -> Result<Response> {
        Ok(self.serve(req).await.unwrap_or_else(|e| {
            worker::console_error!("shipment: {e}");
            ApiError::Internal.into_response()
        }))
    }

    /// Refreshes when due, tells watchers about changes, and schedules the next alarm.
    async fn alarm(&self) -> Result<Response> {
        let stored = self.load().await?;
        if let Some(key) = stored.key.clone() {
            let before = stored.report.as_ref().map(|r| r.events.len());
            let _ = self.refresh_if_due(&key, stored, "").await;
            let after = self.load().await?;
            if after.report.as_ref().map(|r| r.events.len()) != before {
                self.broadcast(&after).await;
            }
            self.schedule(&after).await?;
        }
        Response::ok("ok")
    }

    async fn websocket_message(
        &self,
        _ws: WebSocket,
        _message: WebSocketIncomingMessage,
    ) -> Result<()> {
        // Widgets only listen; anything they send is ignored.
        Ok(())
    }

    async fn websocket_close(
        &self,
        _ws: WebSocket,
        _code: usize,
        _reason: String,
        _was_clean: bool,
    ) -> Result<()> {
        Ok(())
    }
}

impl Shipment {
    async fn serve(&self, mut req: Request) -> Result<Response> {
        let url = req.url()?;
        let query = |name: &str| {
            url.query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        let lang = Lang::from_tag(&query("lang").unwrap_or_default()).unwrap_or_default();
        let client = query("client").unwrap_or_default();
        match (req.method(), url.path()) {
            (worker::Method::Post, "/merge") => {
                let body: MergeBody = req.json().await?;
                let added = self.merge(body.key, body.report).await?;
                Ok(http::json(&serde_json::json!({ "added": added }), 200))
            }
            (_, path) => {
                let key = Key {
                    carrier: query("carrier").unwrap_or_default(),
                    number: query("number").unwrap_or_default(),
                    connector: query("connector").unwrap_or_default(),
                };
                let page = query("events_page")
                    .and_then(|p| p.parse().ok())
                    .unwrap_or(1);
                if path == "/live" {
                    let sockets = self.state.get_websockets().len();
                    let mine = self
                        .state
                        .get_websockets_with_tag(&client_tag(&client))
                        .len();
                    if !admission::may_watch(sockets, mine) {
                        return Ok(ApiError::TooManyWatchers.into_response());
                    }
                }
                let answer = self.current(key, lang, page, &client).await;
                if path == "/live" {
                    return self.subscribe(lang, &client, answer);
                }
                Ok(match answer {
                    Ok((body, age)) => {
                        let mut response = http::json_text(body, 200);
                        let _ = response.headers_mut().set("Age", &age.to_string());
                        response
                    }
                    Err(e) => e.into_response(),
                })
            }
        }
    }

    /// The stored state with its events read from their rows. A state saved before events had
    /// rows carries them inside: they move to rows now, once.
    async fn load(&self) -> Result<Stored> {
        let mut stored = self
            .state
            .storage()
            .get::<Stored>(STORAGE_KEY)
            .await?
            .unwrap_or_default();
        if let Some(report) = stored.report.as_mut() {
            if report.events.is_empty() {
                report.events = self
                    .events_table()?
                    .exec("SELECT body FROM events ORDER BY seq", None)?
                    .to_array::<EventRow>()?
                    .into_iter()
                    .filter_map(|row| serde_json::from_str(&row.body).ok())
                    .collect();
            } else {
                self.save(&stored, true).await?;
            }
        }
        Ok(stored)
    }

    /// Saves the state: the rest as one small value, and the events as rows (newest first)
    /// when `events_changed` (rows are rewritten, and billed, only then).
    async fn save(&self, stored: &Stored, events_changed: bool) -> Result<()> {
        let mut meta = stored.clone();
        if let Some(report) = meta.report.as_mut() {
            let events = std::mem::take(&mut report.events);
            if events_changed {
                let sql = self.events_table()?;
                // Synchronous SQL with no await in between: one implicit transaction.
                sql.exec("DELETE FROM events", None)?;
                for (seq, event) in events.iter().enumerate() {
                    sql.exec(
                        "INSERT INTO events (seq, body) VALUES (?, ?)",
                        vec![(seq as i64).into(), serde_json::to_string(event)?.into()],
                    )?;
                }
            }
        }
        self.state.storage().put(STORAGE_KEY, &meta).await
    }

    /// The events table, created on first use.
    fn events_table(&self) -> Result<worker::SqlStorage> {
        let sql = self.state.storage().sql();
        sql.exec(
            "CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, body TEXT NOT NULL)",
            None,
        )?;
        Ok(sql)
    }

    /// The tracking in `lang` as JSON, and its age in seconds: refreshed first when due; the
    /// last good copy marked stale when the carrier fails.
    async fn current(
        &self,
        key: Key,
        lang: Lang,
        page: usize,
        client: &str,
    ) -> std::result::Result<(String, i64), ApiError> {
        let mut stored = self.load().await.map_err(storage)?;
        if stored.key.as_ref() != Some(&key) {
            stored.key = Some(key.clone());
        }
        let refreshed = self.refresh_if_due(&key, stored, client).await;
        let stored = self.load().await.map_err(storage)?;
        match (&stored.report, refreshed) {
            // A carrier that lost a number it knew keeps showing what it said.
            (Some(report), Ok(()) | Err(StoredError::NotFound)) => {
                Ok(render(&self.env, &stored, report, lang, false, page))
            }
            (Some(report), Err(_)) => Ok(render(&self.env, &stored, report, lang, true, page)),
            (None, Err(e)) => Err(e.into()),
            (None, Ok(())) if !pollable(&key) => Err(ApiError::NoConnector(key.carrier.clone())),
            (None, Ok(())) => Err(ApiError::NotFound),
        }
    }

    /// Calls the carrier if the stored copy is due for a refresh (one call, however many
    /// lookups arrive meanwhile). `Err` carries the last failure when there is no fresh answer.
    /// The first call about a number is admitted first (`admission`): a typo costs no call, a
    /// visitor's new number for an aggregator one of today's budgeted ones.
    async fn refresh_if_due(
        &self,
        key: &Key,
        stored: Stored,
        client: &str,
    ) -> std::result::Result<(), StoredError> {
        let now = now();
        if !is_due(&self.env, key, &stored, now) {
            return match (&stored.report, stored.last_error) {
                (None, Some(e)) => Err(e),
                (Some(_), Some(e)) if stored.attempted_at > stored.synced_at => Err(e),
                _ => Ok(()),
            };
        }
        self.refreshing
            .run(|| async {
                let mut stored = self.load().await?;
                stored.key = Some(key.clone());
                // The very first call (states saved before `first_asked_at` existed count their
                // first attempt as it).
                if stored.first_asked_at.is_none() {
                    if stored.report.is_none() && stored.attempted_at.is_none() {
                        self.admit(key, client, now).await?;
                    }
                    stored.first_asked_at = stored.attempted_at.or(Some(now.timestamp_millis()));
                }
                stored.attempted_at = Some(now.timestamp_millis());
                let mut events_changed = false;
                let result =
                    fetch_report(&self.env, &key.connector, &key.number, &key.carrier, now).await;
                let outcome = match result {
                    Ok(report) => {
                        let known = stored.report.get_or_insert_with(|| CarrierReport {
                            events: Vec::new(),
                            ..report.clone()
                        });
                        events_changed = merge(known, report) > 0;
                        stored.synced_at = Some(now.timestamp_millis());
                        stored.last_error = None;
                        Ok(())
                    }
                    Err(e) => {
                        let e = StoredError::from(&e);
                        stored.last_error = Some(e.clone());
                        Err(e)
                    }
                };
                self.save(&stored, events_changed).await?;
                let _ = self.schedule(&stored).await;
                outcome
            })
            .await
    }

    /// Whether the first call about `key`'s number may be made for `client`.
    async fn admit(
        &self,
        key: &Key,
        client: &str,
        now: DateTime<Utc>,
    ) -> std::result::Result<(), StoredError> {
        let aggregator = carriers::connector(&key.connector).is_some_and(|c| c.info().aggregator);
        let registered = aggregator && budget::registered(&self.env, &key.number).await?;
        match admission::first_call(&key.number, aggregator, registered) {
            FirstCall::Free => Ok(()),
            FirstCall::Mistyped => Err(StoredError::NotFound),
            FirstCall::Budgeted => {
                if budget::take(&self.env, client, now).await? {
                    Ok(())
                } else {
                    Err(StoredError::OverBudget(admission::seconds_to_next_day(now)))
                }
            }
        }
    }

    /// Folds a pushed report in; tells watchers when something changed. Duplicate and
    /// out-of-order pushes add nothing and change nothing.
    async fn merge(&self, key: Key, report: CarrierReport) -> Result<usize> {
        let mut stored = self.load().await?;
        stored.key.get_or_insert(key);
        let known = stored.report.get_or_insert_with(|| CarrierReport {
            events: Vec::new(),
            ..report.clone()
        });
        let added = merge(known, report);
        if added > 0 {
            stored.synced_at = Some(now().timestamp_millis());
            self.save(&stored, true).await?;
            self.broadcast(&stored).await;
        }
        Ok(added)
    }

    /// Accepts a WebSocket (hibernating: an idle watcher costs nothing) and sends the current
    /// tracking at once.
    fn subscribe(
        &self,
        lang: Lang,
        client: &str,
        current: std::result::Result<(String, i64), ApiError>,
    ) -> Result<Response> {
        let pair = WebSocketPair::new()?;
        // The language first: `broadcast` reads it from there.
        self.state
            .accept_websocket_with_tags(&pair.server, &[lang.tag(), &client_tag(client)]);
        if let Ok((body, _)) = current {
            let _ = pair.server.send_with_str(body);
        }
        Response::from_websocket(pair.client)
    }

    /// Sends the tracking to every watcher, in each one's language.
    async fn broadcast(&self, stored: &Stored) {
        let Some(report) = &stored.report else { return };
        for socket in self.state.get_websockets() {
            let lang = self
                .state
                .get_tags(&socket)
                .first()
                .and_then(|t| Lang::from_tag(t))
                .unwrap_or_default();
            let (body, _) = render(&self.env, stored, report, lang, false, 1);
            let _ = socket.send_with_str(body);
        }
        // Watchers need the next change too: make sure an alarm is set.
        let _ = self.schedule(stored).await;
    }

    /// Sets the alarm for the next refresh, or clears it when the shipment will not change.
    /// The sandbox only refreshes itself while someone watches.
    async fn schedule(&self, stored: &Stored) -> Result<()> {
        let storage = self.state.storage();
        let Some(key) = &stored.key else {
            return Ok(());
        };
        let watched = !self.state.get_websockets().is_empty();
        match interval(&self.env, key, stored, now()) {
            Some(wait) if key.connector != sandbox::CODE || watched => {
                let at = now() + wait;
                storage.set_alarm(at.timestamp_millis()).await
            }
            _ => storage.delete_alarm().await,
        }
    }
}

/// How long a copy stays fresh for this shipment (`None`: never refresh again), capped by the
/// merchant's `TRACKLINE_MAX_AGE_SECS` (fresher data for more carrier calls).
fn interval(env: &Env, key: &Key, stored: &Stored, now: DateTime<Utc>) -> Option<Duration> {
    let max_age = http::max_age_secs(env).map(Duration::seconds);
    let natural = natural_interval(key, stored, now)?;
    let capped = max_age.map_or(natural, |cap| natural.min(cap));
    // The merchant's cap never goes below the carrier's own rule (Kuaidi100: 30 minutes).
    Some(capped.max(carrier_floor(key)))
}

/// The least time between two queries of one number the connector's carrier allows.
fn carrier_floor(key: &Key) -> Duration {
    let secs = carriers::connector(&key.connector).map_or(0, |c| c.info().min_query_interval_secs);
    Duration::seconds(secs as i64)
}

/// The cadence the shipment's state calls for.
fn natural_interval(key: &Key, stored: &Stored, now: DateTime<Utc>) -> Option<Duration> {
    if key.connector == sandbox::CODE {
        return Some(SANDBOX_INTERVAL);
    }
    if !pollable(key) {
        return None;
    }
    let floor = carrier_floor(key);
    // Never answered: asked less and less often, then not at all.
    if let (None, Some(first)) = (&stored.report, stored.first_asked_at) {
        let first = DateTime::from_timestamp_millis(first).unwrap_or(now);
        return refresh::unknown_interval(now.signed_duration_since(first))
            .map(|wait| wait.max(floor));
    }
    let report = stored.report.as_ref();
    let (status, _) = current_status(report.map_or(&[][..], |r| &r.events));
    let last_event = report.and_then(|r| r.events.first()).map(|e| e.at.to_utc());
    refresh::interval(status, last_event, now, floor)
}

/// True when some connector can be asked about this shipment (else it only takes pushes).
fn pollable(key: &Key) -> bool {
    key.connector == sandbox::CODE || carriers::connector(&key.connector).is_some()
}

/// True when the carrier should be asked now.
fn is_due(env: &Env, key: &Key, stored: &Stored, now: DateTime<Utc>) -> bool {
    if !pollable(key) {
        return false;
    }
    let at = |ms: Option<i64>| ms.and_then(DateTime::from_timestamp_millis);
    if let (Some(_), Some(attempted)) = (&stored.last_error, at(stored.attempted_at)) {
        if now.signed_duration_since(attempted) < RETRY_AFTER_FAILURE {
            return false;
        }
    }
    match at(stored.synced_at) {
        None => true,
        Some(synced) => interval(env, key, stored, now)
            .is_some_and(|wait| now.signed_duration_since(synced) >= wait),
    }
}

/// The tracking as the buyer sees it, as JSON (page `page` of its events), and its age in
/// seconds. Signer names are hidden unless the deployment sets `TRACKLINE_SHOW_SIGNER=true`.
fn render(
    env: &Env,
    stored: &Stored,
    report: &CarrierReport,
    lang: Lang,
    stale: bool,
    page: usize,
) -> (String, i64) {
    let mut report = report.clone();
    if !env
        .var("TRACKLINE_SHOW_SIGNER")
        .is_ok_and(|v| v.to_string() == "true")
    {
        privacy::hide_signers(&mut report);
    }
    // Places the carrier named without coordinates get them from the gazetteer, for the map.
    geo::fill(&mut report);
    let number = stored
        .key
        .as_ref()
        .map(|k| k.number.as_str())
        .unwrap_or_default();
    let synced_at = stored
        .synced_at
        .and_then(DateTime::from_timestamp_millis)
        .unwrap_or_else(now);
    let carrier_name = report.carrier.name.clone();
    let mut tracking = assemble(lang, number, report, synced_at);
    tracking::page(&mut tracking, page);
    if stale {
        tracking.stale = true;
        tracking
            .notices
            .push(notices::stale(lang, &carrier_name, synced_at));
    }
    let age = now().signed_duration_since(synced_at).num_seconds().max(0);
    (serde_json::to_string(&tracking).unwrap_or_default(), age)
}

/// The tag of a client's live channels, to count them.
fn client_tag(client: &str) -> String {
    format!("client:{client}")
}

/// A failure of the object's own storage: ours, not the carrier's.
fn storage(e: worker::Error) -> ApiError {
    ApiError::Storage(e.to_string())
}

// --- How the worker reaches a shipment. ---

/// The stub of the shipment `key`.
pub fn stub(env: &Env, key: &Key) -> Result<Stub> {
    env.durable_object("SHIPMENT")?
        .id_from_name(&key.name())?
        .get_stub()
}

/// The internal URL for `path` with the key, language and the client that asks (empty for
/// none: a push, the edge's own refresh).
pub fn internal_url(path: &str, key: &Key, lang: Lang, client: &str) -> String {
    format!(
        "https://shipment{path}?carrier={}&number={}&connector={}&lang={}&client={}",
        http::encode(&key.carrier),
        http::encode(&key.number),
        http::encode(&key.connector),
        lang.tag(),
        http::encode(client)
    )
}

/// Sends a pushed report to its shipment; answers how many events were new.
pub async fn push(env: &Env, key: &Key, report: CarrierReport) -> Result<u64> {
    let body = serde_json::to_string(&MergeBody {
        key: key.clone(),
        report,
    })?;
    let mut init = worker::RequestInit::new();
    init.with_method(worker::Method::Post)
        .with_body(Some(body.into()));
    let request = Request::new_with_init(&internal_url("/merge", key, Lang::En, ""), &init)?;
    let mut response = stub(env, key)?.fetch_with_request(request).await?;
    let answer: serde_json::Value = response.json().await?;
    Ok(answer["added"].as_u64().unwrap_or(0))
}
