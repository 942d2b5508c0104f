//! The `Shipment` Durable Object: one per `carrier:number`. It holds the shipment's report in its
//! storage and its event history as rows of its SQLite database (one row an event, so no stored
//! value grows with the history; core bounds it to its newest events), is the single flight for
//! carrier calls, refreshes itself by alarm on a cadence that follows the shipment, and pushes
//! every change to the widgets that watch it over hibernating WebSockets.
//!
//! The worker talks to it with internal requests (see [`Shipment::fetch`]); the helpers at the
//! bottom build those requests.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use trackline_core::admission::{self, FirstCall};
use trackline_core::carriers::CarrierError;
use trackline_core::push_health;
use trackline_core::shipment::{Failure, Policy, State, Transition, Update};
use trackline_core::texts::Lang;
use trackline_core::tracking::CarrierReport;
use worker::{
    durable_object, DurableObject, Env, Request, Response, Result, State as ObjectState, Stub,
    WebSocket, WebSocketIncomingMessage, WebSocketPair,
};

pub use trackline_core::shipment::Key;

use crate::budget;
use crate::cache;
use crate::clock::now;
use crate::connectors::{self, fetch_report};
use crate::error::ApiError;
use crate::http;
use crate::single_flight::SingleFlight;

const STORAGE_KEY: &str = "shipment";
/// Where the subscription stood when push health was last told.
const COVERAGE_KEY: &str = "coverage";

/// A failure of this object's own storage: ours, not the carrier's.
fn storage(e: worker::Error) -> Failure {
    Failure::Storage(e.to_string())
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
    /// The source says it stopped pushing this number.
    #[serde(default)]
    stopped: bool,
}

/// What a merge answers: how many events were new, and what happened.
#[derive(Serialize, Deserialize)]
pub struct Merged {
    /// How many events were new.
    pub added: usize,
    /// What happened to the shipment.
    pub transitions: Vec<Transition>,
}

/// One shipment.
#[durable_object]
pub struct Shipment {
    state: ObjectState,
    env: Env,
    refreshing: SingleFlight<std::result::Result<(), Failure>>,
}

impl DurableObject for Shipment {
    fn new(state: ObjectState, env: Env) -> Self {
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
            let before = stored.report.clone();
            let _ = self.refresh_if_due(&key, stored, "").await;
            self.sync_subscription().await?;
            let after = self.load().await?;
            if after.report != before {
                // Readers of the API see the news as soon as the open widgets do.
                cache::purge(&key).await;
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
        // Every internal request names the shipment in its query (see `internal_url`).
        let key = Key {
            carrier: query("carrier").unwrap_or_default(),
            number: query("number").unwrap_or_default(),
            connector: query("connector").unwrap_or_default(),
        };
        let client = query("client").unwrap_or_default();
        match (req.method(), url.path()) {
            // First sight (a merchant registered the number): refresh and subscribe at once, by
            // alarm, so the registration does not wait for the carrier.
            (worker::Method::Post, "/touch") => {
                let mut stored = self.load().await?;
                if stored.key.is_none() {
                    stored.key = Some(key);
                    self.save(&stored, false).await?;
                    self.state.storage().set_alarm(now()).await?;
                }
                Ok(http::json(&serde_json::json!({ "touched": true }), 200))
            }
            (worker::Method::Post, "/merge") => {
                let body: MergeBody = req.json().await?;
                let update = self.merge(body.key, body.report, body.stopped).await?;
                let merged = Merged {
                    added: update.added,
                    transitions: update.transitions,
                };
                Ok(http::json(&merged, 200))
            }
            (_, path) => {
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
    async fn load(&self) -> Result<State> {
        let mut stored = self
            .state
            .storage()
            .get::<State>(STORAGE_KEY)
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
    /// when `events_changed` (rows are rewritten, and billed, only then). Where its subscription
    /// stands is reported to push health when that changed.
    async fn save(&self, stored: &State, events_changed: bool) -> Result<()> {
        self.note_coverage(stored).await;
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

    /// Tells push health where this shipment's subscription stands, when that changed since it
    /// last told (a failure to tell is logged; the next change tells again).
    async fn note_coverage(&self, stored: &State) {
        let (Some(key), Some(coverage)) = (&stored.key, push_health::coverage(stored, now()))
        else {
            return;
        };
        let storage = self.state.storage();
        let told = storage.get::<String>(COVERAGE_KEY).await.ok().flatten();
        if told.as_deref() == Some(coverage.as_str()) {
            return;
        }
        let since = stored.subscription.as_ref().and_then(|s| s.since);
        match crate::push_health::record_coverage(&self.env, key, coverage, since, now()).await {
            Ok(()) => {
                let _ = storage.put(COVERAGE_KEY, coverage.as_str()).await;
            }
            Err(e) => worker::console_warn!("push health of {}: {e}", key.name()),
        }
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
        stored.key = Some(key.clone());
        let refreshed = self.refresh_if_due(&key, stored, client).await;
        let stored = self.load().await.map_err(storage)?;
        let stale = stored.answer(refreshed)?;
        Ok(render(
            &stored,
            lang,
            stale,
            page,
            &policy(&self.env, stored.key.as_ref()),
        ))
    }

    /// Calls the carrier if the stored copy is due for a refresh (one call, however many
    /// lookups arrive meanwhile). `Err` carries the last failure when there is no fresh answer.
    /// The first call about a number is admitted first (`admission`): a typo costs no call, a
    /// visitor's new number for an aggregator one of today's budgeted ones.
    async fn refresh_if_due(
        &self,
        key: &Key,
        stored: State,
        client: &str,
    ) -> std::result::Result<(), Failure> {
        let now = now();
        if !stored.is_due(&policy(&self.env, Some(key)), now) {
            return stored.last_outcome().map_err(Failure::from);
        }
        self.refreshing
            .run(|| async {
                let mut stored = self.load().await.map_err(storage)?;
                if stored.needs_admission() {
                    self.admit(key, client, now).await?;
                }
                stored.begin_attempt(key, now);
                let answer =
                    fetch_report(&self.env, &key.connector, &key.number, &key.carrier, now).await;
                let (outcome, update) = stored.record(answer, now);
                self.save(&stored, update.added > 0)
                    .await
                    .map_err(storage)?;
                let _ = self.schedule(&stored).await;
                outcome.map_err(Failure::from)
            })
            .await
    }

    /// Whether the first call about `key`'s number may be made for `client`.
    async fn admit(
        &self,
        key: &Key,
        client: &str,
        now: DateTime<Utc>,
    ) -> std::result::Result<(), Failure> {
        let aggregator = key.connector().is_some_and(|c| c.info().aggregator());
        let registered = aggregator
            && budget::registered(&self.env, &key.number)
                .await
                .map_err(storage)?;
        match admission::first_call(&key.number, aggregator, registered) {
            FirstCall::Free => Ok(()),
            FirstCall::Mistyped => Err(Failure::Carrier(CarrierError::NotFound)),
            FirstCall::Budgeted => {
                if budget::take(&self.env, client, now)
                    .await
                    .map_err(storage)?
                {
                    Ok(())
                } else {
                    Err(Failure::OverBudget(admission::seconds_to_next_day(now)))
                }
            }
        }
    }

    /// Folds a pushed report in; tells watchers when something changed. Duplicate and
    /// out-of-order pushes add nothing and change nothing.
    async fn merge(&self, key: Key, report: CarrierReport, stopped: bool) -> Result<Update> {
        let mut stored = self.load().await?;
        let update = stored.push(key, report, stopped, now());
        let changed = update.added > 0 || !update.transitions.is_empty();
        if changed || stored.subscription.is_some() {
            // A push also tells that the subscription works (or stopped).
            self.save(&stored, update.added > 0).await?;
        }
        if changed {
            self.broadcast(&stored).await;
        } else {
            self.schedule(&stored).await?;
        }
        Ok(update)
    }

    /// Subscribes the shipment to its source's pushes when core says so (first sight, a stop,
    /// a lapse), or ends the subscription of a finished parcel.
    async fn sync_subscription(&self) -> Result<()> {
        let mut stored = self.load().await?;
        let Some(key) = stored.key.clone() else {
            return Ok(());
        };
        let (policy, now) = (policy(&self.env, Some(&key)), now());
        if let Some(renew) = stored.subscription_due(&policy, now) {
            let result = connectors::subscribe(
                &self.env,
                &key.connector,
                &key.number,
                &key.carrier,
                renew,
                now,
            )
            .await;
            if let Err(e) = &result {
                worker::console_warn!("subscribing {} with {}: {e}", key.name(), key.connector);
            }
            stored.record_subscription(result, now);
            self.save(&stored, false).await?;
        } else if stored.unsubscription_due(now) {
            let ended =
                connectors::unsubscribe(&self.env, &key.connector, &key.number, &key.carrier, now)
                    .await;
            if let Err(e) = ended {
                worker::console_warn!("unsubscribing {}: {e}", key.name());
            }
            stored.record_unsubscription();
            self.save(&stored, false).await?;
        }
        Ok(())
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
    async fn broadcast(&self, stored: &State) {
        if stored.report.is_none() {
            return;
        }
        // One view per language, however many watchers read it.
        let policy = policy(&self.env, stored.key.as_ref());
        let mut bodies: Vec<(Lang, String)> = Vec::new();
        for socket in self.state.get_websockets() {
            let lang = self
                .state
                .get_tags(&socket)
                .first()
                .and_then(|t| Lang::from_tag(t))
                .unwrap_or_default();
            let body = match bodies.iter().find(|(l, _)| *l == lang) {
                Some((_, body)) => body,
                None => {
                    let (body, _) = render(stored, lang, false, 1, &policy);
                    bodies.push((lang, body));
                    &bodies[bodies.len() - 1].1
                }
            };
            let _ = socket.send_with_str(body);
        }
        // Watchers need the next change too: make sure an alarm is set.
        let _ = self.schedule(stored).await;
    }

    /// Sets the alarm for the next refresh, or clears it when the shipment will not change
    /// (or is simulated and nobody watches).
    async fn schedule(&self, stored: &State) -> Result<()> {
        let storage = self.state.storage();
        let watched = !self.state.get_websockets().is_empty();
        match stored.next_alarm(watched, &policy(&self.env, stored.key.as_ref()), now()) {
            // An instant: `set_alarm` reads a bare number as an offset from now.
            Some(at) => storage.set_alarm(at).await,
            None => storage.delete_alarm().await,
        }
    }
}

/// The tracking as the buyer sees it, as JSON, and its age in seconds.
fn render(stored: &State, lang: Lang, stale: bool, page: usize, policy: &Policy) -> (String, i64) {
    stored
        .view(lang, stale, page, policy, now())
        .map(|(tracking, age)| (serde_json::to_string(&tracking).unwrap_or_default(), age))
        .unwrap_or_default()
}

/// The deployment's policy for shipment `key`: `TRACKLINE_MAX_AGE_SECS`,
/// `TRACKLINE_SHOW_SIGNER`, `TRACKLINE_SAFETY_NET_SECS`, and whether its source's pushes are
/// configured here.
fn policy(env: &Env, key: Option<&Key>) -> Policy {
    Policy {
        max_age: http::max_age_secs(env).map(chrono::Duration::seconds),
        show_signer: env
            .var("TRACKLINE_SHOW_SIGNER")
            .is_ok_and(|v| v.to_string() == "true"),
        safety_net: env
            .var("TRACKLINE_SAFETY_NET_SECS")
            .ok()
            .and_then(|v| v.to_string().trim().parse::<i64>().ok())
            .filter(|secs| *secs > 0)
            .map(chrono::Duration::seconds),
        push_configured: key
            .and_then(Key::connector)
            .is_some_and(|c| connectors::push_configured(env, c.info())),
    }
}

/// The tag of a client's live channels, to count them.
fn client_tag(client: &str) -> String {
    format!("client:{client}")
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

/// Tells the shipment `key` it exists (a merchant registered it): it refreshes and subscribes
/// itself at once, in the background.
pub async fn touch(env: &Env, key: &Key) -> Result<()> {
    let mut init = worker::RequestInit::new();
    init.with_method(worker::Method::Post);
    let request = Request::new_with_init(&internal_url("/touch", key, Lang::En, ""), &init)?;
    stub(env, key)?.fetch_with_request(request).await?;
    Ok(())
}

/// Sends a pushed report to its shipment; answers what it changed.
pub async fn push(env: &Env, key: &Key, report: CarrierReport, stopped: bool) -> Result<Merged> {
    let body = serde_json::to_string(&MergeBody {
        key: key.clone(),
        report,
        stopped,
    })?;
    let mut init = worker::RequestInit::new();
    init.with_method(worker::Method::Post)
        .with_body(Some(body.into()));
    let request = Request::new_with_init(&internal_url("/merge", key, Lang::En, ""), &init)?;
    let mut response = stub(env, key)?.fetch_with_request(request).await?;
    response.json().await
}
