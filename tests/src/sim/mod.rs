//! The carrier simulator: a small HTTP server on 127.0.0.1 that answers like each carrier's API
//! (same paths, auth, headers and JSON shapes), playing the sandbox's scripted journeys, with
//! injectable faults (401, 404, 429 with Retry-After, 500, slow answers, truncated JSON, an
//! expired OAuth token). It counts calls per carrier, so tests can assert how many reached one.
//!
//! Each carrier lives under its own path prefix (`/dhl/...`, `/ups/...`, `/fedex/...`,
//! `/usps/...`, `/17track/...`, `/aftership/...`, `/kuaidi100/...`: the connector codes); point
//! the worker at it with the connector's base-URL var, e.g.
//! `DHL_BASE_URL=http://127.0.0.1:PORT/dhl`. Every carrier accepts the secret [`KEY`], and
//! [`CLIENT_ID`] as its OAuth client id (UPS, FedEx, USPS) or customer code (Kuaidi100).
//!
//! OAuth carriers issue tokens that expire ([`Simulator::token_lifetime`]) and check the bearer
//! on every tracking call; aggregators (17TRACK, AfterShip) know a number only once it has been
//! registered with them. [`Simulator::calls_to`] counts the calls to one endpoint (token,
//! register) apart from the others.

mod aftership;
mod dhl;
mod fedex;
mod kuaidi100;
mod oauth;
mod senders;
mod seventeen_track;
mod shape;
mod ups;
mod usps;

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Result};
use chrono::Utc;
use trackline_core::sandbox;
use trackline_core::tracking::CarrierReport;

pub use senders::Delivered;

/// The secret every simulated carrier accepts (API key, OAuth client secret, Kuaidi100 key).
pub const KEY: &str = "sim-secret";

/// The OAuth client id (UPS, FedEx, USPS) and Kuaidi100 customer code the simulator accepts.
pub const CLIENT_ID: &str = "sim-client";

/// Something to go wrong with the next call to a carrier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this status and the carrier's error body for it. Carriers that say it in
    /// the body instead of the status answer it their way: 17TRACK's 404 is a rejection with
    /// -18019909 (no information); Kuaidi100's 401, 404 and 5xx are `returnCode` 601, 500, 502.
    Status(u16),
    /// 429 with `Retry-After`.
    RateLimited {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// Answer normally, after this long.
    Slow(Duration),
    /// Answer normally but cut the body in half.
    Truncated,
    /// Reject the bearer token as expired (OAuth carriers): the tokens issued so far stop
    /// working. Token requests leave this fault for the next tracking call.
    ExpiredToken,
}

/// A request as a carrier module sees it.
pub struct Call<'a> {
    /// `GET`, `POST`, ...
    pub method: &'a str,
    /// The path after the carrier's prefix, without the query.
    pub path: &'a str,
    /// Query parameters.
    pub query: Vec<(String, String)>,
    /// Headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: String,
}

impl Call<'_> {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A query parameter's value.
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What a carrier module answers.
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Extra headers.
    pub headers: Vec<(String, String)>,
    /// JSON body.
    pub body: String,
}

impl Reply {
    /// A JSON reply.
    pub fn json(status: u16, body: serde_json::Value) -> Self {
        Reply {
            status,
            headers: Vec::new(),
            body: body.to_string(),
        }
    }
}

/// A request that reached the simulator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The carrier prefix it was sent to.
    pub carrier: String,
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path after the carrier's prefix.
    pub path: String,
    /// The query string, as sent.
    pub query: String,
    /// The body.
    pub body: String,
    /// When it arrived.
    pub at: Instant,
}

/// An OAuth token the simulator issued.
struct Issued {
    carrier: String,
    expires: Instant,
}

/// What a carrier makes of a bearer token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bearer {
    /// Issued by this carrier and not expired.
    Valid,
    /// Issued by this carrier, expired (or revoked by [`Fault::ExpiredToken`]).
    Expired,
    /// Missing, or never issued by this carrier.
    Invalid,
}

/// Something to go wrong with a played journey's pushes, by the index of the scan whose
/// reveal triggers the push (0 is the first scan).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushFault {
    /// That push is never sent.
    Lost(usize),
    /// That push is sent twice.
    Duplicated(usize),
    /// That push is held back and sent after the next one.
    Late(usize),
    /// Instead of that push, the source says it stopped tracking (Kuaidi100 `abort`,
    /// "3天查询无记录"), and pushes nothing more until the number is subscribed again.
    Lapsed(usize),
}

/// A journey played on a compressed clock: one more scan revealed every `step`.
struct Play {
    journey: String,
    started: Instant,
    step: Duration,
    faults: Vec<PushFault>,
}

/// A number a source was asked to push, and where.
struct Subscription {
    callback: String,
    /// What signs the pushes: Kuaidi100's salt, 17TRACK's API key, AfterShip's webhook secret.
    secret: String,
    company: String,
    /// How many scans the last push carried (or was to carry).
    pushed: usize,
    /// Held back by [`PushFault::Late`]: (scans, body).
    held: Option<usize>,
    stopped: bool,
    /// How many subscribe calls this number had.
    calls: usize,
    /// How many times it was started again after a stop (17TRACK `retrack`).
    restarts: usize,
}

/// A push the simulator sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentPush {
    /// The source (`kuaidi100`).
    pub carrier: String,
    /// The number.
    pub number: String,
    /// How many scans it carried (0 for a stop).
    pub scans: usize,
    /// The HTTP status the callback answered (0: no answer).
    pub status: u16,
    /// When it was sent.
    pub at: Instant,
}

#[derive(Default)]
struct State {
    plays: HashMap<String, Play>,
    subscriptions: HashMap<(String, String), Subscription>,
    sent: Vec<SentPush>,
    calls: HashMap<String, usize>,
    faults: HashMap<String, VecDeque<Fault>>,
    journeys: HashMap<String, String>,
    unknown: Vec<String>,
    delay: Option<Duration>,
    log: Vec<Recorded>,
    tokens: HashMap<String, Issued>,
    token_lifetimes: HashMap<String, u64>,
    issued: usize,
    registered: HashSet<(String, String)>,
    /// Account-wide webhooks (17TRACK, AfterShip): (URL, signing secret) per source.
    account_hooks: HashMap<String, (String, String)>,
    /// Pushes the callback did not take, to send again (the sources retry).
    retries: Vec<Retry>,
    /// Messages the notification providers accepted, oldest first.
    outbox: Vec<Delivered>,
    /// Idempotency keys a provider saw, with the id it answered: (provider, key) -> id.
    idempotent: HashMap<(String, String), String>,
}

/// A push to send again: when, which attempt it will be, and the push.
struct Retry {
    due: Instant,
    attempt: u32,
    push: Queued,
}

/// A push on its way: source, number, callback, scans, request.
type Queued = (String, String, String, usize, Outgoing);

/// How many times a push is sent before the source gives up on it (Kuaidi100, 17TRACK and
/// AfterShip all retry a callback that did not answer 2xx, a few times, with back-off).
const PUSH_ATTEMPTS: u32 = 4;

/// A running simulator; stops on drop.
pub struct Simulator {
    server: Arc<tiny_http::Server>,
    state: Arc<Mutex<State>>,
    workers: Vec<JoinHandle<()>>,
    pusher: Option<JoinHandle<()>>,
    stop: Arc<std::sync::atomic::AtomicBool>,
    port: u16,
}

/// What the carrier modules need from the simulator: the journeys, and the carrier's own
/// memory (tokens issued, numbers registered).
pub struct Journeys<'a>(&'a mut State);

impl Journeys<'_> {
    /// What the carrier knows about `number` now: the sandbox journey mapped to it (by default
    /// `TL2000000002`, cross-border with customs), or `None` for numbers marked unknown.
    pub fn report(&self, number: &str) -> Option<CarrierReport> {
        if self.0.unknown.iter().any(|n| n == number) {
            return None;
        }
        if let Some(play) = self.0.plays.get(number) {
            return Some(played(play));
        }
        let journey = self
            .0
            .journeys
            .get(number)
            .map_or("TL2000000002", String::as_str);
        sandbox::report(journey, Utc::now()).ok()
    }

    /// Subscribes `number` of `carrier` to pushes to `callback` (signed with `secret`); false
    /// when it is subscribed already and pushes still go out.
    pub fn subscribe(
        &mut self,
        carrier: &str,
        number: &str,
        company: &str,
        callback: &str,
        secret: &str,
    ) -> bool {
        let sub = self
            .0
            .subscriptions
            .entry((carrier.to_owned(), number.to_owned()))
            .or_insert_with(|| Subscription {
                callback: String::new(),
                secret: String::new(),
                company: String::new(),
                pushed: 0,
                held: None,
                stopped: true,
                calls: 0,
                restarts: 0,
            });
        sub.calls += 1;
        if !sub.stopped {
            return false;
        }
        sub.callback = callback.to_owned();
        sub.secret = secret.to_owned();
        sub.company = company.to_owned();
        sub.stopped = false;
        true
    }

    /// Issues a token for `carrier` that lives `default_secs` (or what the test set with
    /// [`Simulator::token_lifetime`]); returns it and its lifetime in seconds.
    pub fn issue_token(&mut self, carrier: &str, default_secs: u64) -> (String, u64) {
        let lifetime = self
            .0
            .token_lifetimes
            .get(carrier)
            .copied()
            .unwrap_or(default_secs);
        self.0.issued += 1;
        let token = format!(
            "sim-{carrier}-token-{}-{:08x}",
            self.0.issued,
            Utc::now().timestamp_subsec_nanos()
        );
        let expires = Instant::now() + Duration::from_secs(lifetime);
        let issued = Issued {
            carrier: carrier.to_owned(),
            expires,
        };
        self.0.tokens.insert(token.clone(), issued);
        (token, lifetime)
    }

    /// What `carrier` makes of an `Authorization` header.
    pub fn bearer(&self, carrier: &str, authorization: Option<&str>) -> Bearer {
        let token = authorization
            .and_then(|a| a.strip_prefix("Bearer "))
            .map(str::trim);
        match token.and_then(|t| self.0.tokens.get(t)) {
            Some(issued) if issued.carrier != carrier => Bearer::Invalid,
            Some(issued) if issued.expires > Instant::now() => Bearer::Valid,
            Some(_) => Bearer::Expired,
            None => Bearer::Invalid,
        }
    }

    /// Every token `carrier` issued so far expires now.
    pub fn expire_tokens(&mut self, carrier: &str) {
        let now = Instant::now();
        for issued in self.0.tokens.values_mut().filter(|i| i.carrier == carrier) {
            issued.expires = issued.expires.min(now);
        }
    }

    /// Registers `number` with aggregator `carrier`; false when it was registered already. A
    /// newly registered number is pushed to the account's webhook, when one is set.
    pub fn register(&mut self, carrier: &str, number: &str) -> bool {
        let new = self
            .0
            .registered
            .insert((carrier.to_owned(), number.to_owned()));
        if new {
            self.subscribe_to_account(carrier, number);
        }
        new
    }

    /// Pushes `number` to `carrier`'s account webhook again (17TRACK `retrack`); false when it
    /// is still pushed.
    pub fn restart(&mut self, carrier: &str, number: &str) -> bool {
        let restarted = self.subscribe_to_account(carrier, number);
        if restarted {
            if let Some(sub) = self
                .0
                .subscriptions
                .get_mut(&(carrier.to_owned(), number.to_owned()))
            {
                sub.restarts += 1;
            }
        }
        restarted
    }

    /// True when `number` was started again once already.
    pub fn retracked(&self, carrier: &str, number: &str) -> bool {
        self.0
            .subscriptions
            .get(&(carrier.to_owned(), number.to_owned()))
            .is_some_and(|s| s.restarts > 0)
    }

    /// Stops pushing `number` (17TRACK `stoptrack`); false when it was not being pushed.
    pub fn stop(&mut self, carrier: &str, number: &str) -> bool {
        match self
            .0
            .subscriptions
            .get_mut(&(carrier.to_owned(), number.to_owned()))
        {
            Some(sub) if !sub.stopped => {
                sub.stopped = true;
                true
            }
            _ => false,
        }
    }

    /// True when `number` of `carrier` is subscribed and its pushes go out.
    pub fn pushed(&self, carrier: &str, number: &str) -> bool {
        self.0
            .subscriptions
            .get(&(carrier.to_owned(), number.to_owned()))
            .is_some_and(|s| !s.stopped)
    }

    /// Subscribes `number` to `carrier`'s account webhook, when one is set; false when there is
    /// none, or the number is pushed already.
    pub fn subscribe_to_account(&mut self, carrier: &str, number: &str) -> bool {
        match self.0.account_hooks.get(carrier).cloned() {
            Some((url, secret)) => self.subscribe(carrier, number, "", &url, &secret),
            None => false,
        }
    }

    /// The id a provider answered for idempotency `key` before, if it saw it (an empty key is
    /// never seen).
    pub fn sent_before(&self, provider: &str, key: &str) -> Option<String> {
        if key.is_empty() {
            return None;
        }
        self.0
            .idempotent
            .get(&(provider.to_owned(), key.to_owned()))
            .cloned()
    }

    /// Delivers `message` (under idempotency `key`, when not empty); answers its id.
    pub fn deliver(&mut self, key: &str, mut message: Delivered) -> String {
        let id = format!("{}-{:04}", message.provider, self.0.outbox.len() + 1);
        message.id = id.clone();
        if !key.is_empty() {
            self.0
                .idempotent
                .insert((message.provider.clone(), key.to_owned()), id.clone());
        }
        self.0.outbox.push(message);
        id
    }

    /// True when `number` is registered with aggregator `carrier`.
    pub fn registered(&self, carrier: &str, number: &str) -> bool {
        self.0
            .registered
            .contains(&(carrier.to_owned(), number.to_owned()))
    }
}

/// What a played journey shows now: its scans oldest first, one more every `step`. The
/// journey is the sandbox's as it stood at the end of yesterday (UTC): every scan is in the
/// past, whatever the hour the test runs at.
fn played(play: &Play) -> CarrierReport {
    let revealed = 1 + (play.started.elapsed().as_millis() / play.step.as_millis().max(1)) as usize;
    let mut report = full_journey(&play.journey);
    // Newest first from the sandbox: keep the oldest `revealed`.
    let total = report.events.len();
    report.events.sort_by_key(|e| std::cmp::Reverse(e.at));
    report.events.drain(..total.saturating_sub(revealed));
    report
}

/// The whole sandbox journey, ended yesterday.
fn full_journey(journey: &str) -> CarrierReport {
    let end_of_yesterday = Utc::now()
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_utc()
        - chrono::Duration::seconds(1);
    sandbox::report(journey, end_of_yesterday).expect("a sandbox journey")
}

impl Simulator {
    /// Starts the simulator on a free port of 127.0.0.1.
    pub fn start() -> Result<Self> {
        let server = Arc::new(
            tiny_http::Server::http("127.0.0.1:0").map_err(|e| anyhow!("simulator: {e}"))?,
        );
        let port = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| anyhow!("no IP address"))?
            .port();
        let state = Arc::new(Mutex::new(State::default()));
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        // Enough threads that a slow answer does not hold up the others.
        let workers = (0..8)
            .map(|_| {
                let (server, state) = (server.clone(), state.clone());
                std::thread::spawn(move || {
                    while let Ok(request) = server.recv() {
                        serve(&state, request);
                    }
                })
            })
            .collect::<Vec<_>>();
        let pusher = {
            let (state, stop) = (state.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    push_due(&state);
                    std::thread::sleep(Duration::from_millis(25));
                }
            })
        };
        Ok(Simulator {
            server,
            state,
            workers,
            pusher: Some(pusher),
            stop,
            port,
        })
    }

    /// The base URL of `carrier`'s simulated API, such as `http://127.0.0.1:PORT/dhl`.
    pub fn base_url(&self, carrier: &str) -> String {
        format!("http://127.0.0.1:{}/{carrier}", self.port)
    }

    /// How many calls reached `carrier` (token requests included).
    pub fn calls(&self, carrier: &str) -> usize {
        self.state
            .lock()
            .unwrap()
            .calls
            .get(carrier)
            .copied()
            .unwrap_or(0)
    }

    /// How many calls reached one endpoint of `carrier`: `what` is a path prefix
    /// (`/oauth/token`), optionally after the method (`POST /tracking/2026-07/trackings`).
    pub fn calls_to(&self, carrier: &str, what: &str) -> usize {
        let matches = |r: &Recorded| {
            r.path.starts_with(what) || format!("{} {}", r.method, r.path).starts_with(what)
        };
        self.requests(carrier).iter().filter(|r| matches(r)).count()
    }

    /// Every request that reached `carrier`, oldest first.
    pub fn requests(&self, carrier: &str) -> Vec<Recorded> {
        let state = self.state.lock().unwrap();
        state
            .log
            .iter()
            .filter(|r| r.carrier == carrier)
            .cloned()
            .collect()
    }

    /// Drops the faults still waiting for `carrier`; returns how many there were.
    pub fn clear_faults(&self, carrier: &str) -> usize {
        let mut state = self.state.lock().unwrap();
        state.faults.remove(carrier).map_or(0, |q| q.len())
    }

    /// Makes the tokens `carrier` issues from now on live `secs` seconds.
    pub fn token_lifetime(&self, carrier: &str, secs: u64) {
        let mut state = self.state.lock().unwrap();
        state.token_lifetimes.insert(carrier.to_owned(), secs);
    }

    /// Makes the next calls to `carrier` fail, one fault per call, in order.
    pub fn inject(&self, carrier: &str, faults: impl IntoIterator<Item = Fault>) {
        self.state
            .lock()
            .unwrap()
            .faults
            .entry(carrier.to_owned())
            .or_default()
            .extend(faults);
    }

    /// Plays sandbox journey `journey` (such as `TL1000000001`) for `number`.
    pub fn journey(&self, number: &str, journey: &str) {
        self.state
            .lock()
            .unwrap()
            .journeys
            .insert(number.to_owned(), journey.to_owned());
    }

    /// Makes every carrier answer "not found" for `number`.
    pub fn unknown(&self, number: &str) {
        self.state.lock().unwrap().unknown.push(number.to_owned());
    }

    /// Delays every answer by `delay` (so concurrent lookups overlap).
    pub fn delay_all(&self, delay: Duration) {
        self.state.lock().unwrap().delay = Some(delay);
    }

    /// Plays `journey` (a sandbox number) for `number` on a compressed clock: one scan more
    /// every `step`, from now. Polls see the scans revealed so far; a number subscribed to
    /// pushes gets each new scan pushed by the source itself, with `faults`.
    pub fn play(&self, number: &str, journey: &str, step: Duration, faults: Vec<PushFault>) {
        self.state.lock().unwrap().plays.insert(
            number.to_owned(),
            Play {
                journey: journey.to_owned(),
                started: Instant::now(),
                step,
                faults,
            },
        );
    }

    /// How many scans `journey` has in all (what a played number ends with).
    pub fn journey_len(journey: &str) -> usize {
        full_journey(journey).events.len()
    }

    /// The whole of sandbox journey `journey` (such as `TL1000000001`) as a played number ends
    /// with: ended yesterday, every scan in the past.
    pub fn full_journey(journey: &str) -> CarrierReport {
        full_journey(journey)
    }

    /// The messages the notification providers accepted (`resend`, `twilio`), oldest first.
    pub fn outbox(&self, provider: &str) -> Vec<Delivered> {
        self.state
            .lock()
            .unwrap()
            .outbox
            .iter()
            .filter(|m| m.provider == provider)
            .cloned()
            .collect()
    }

    /// The pushes sent so far.
    pub fn pushes(&self) -> Vec<SentPush> {
        self.state.lock().unwrap().sent.clone()
    }

    /// Sets `carrier`'s account webhook (17TRACK's and AfterShip's are set per account, in their
    /// consoles): every number registered from now on is pushed there, signed with `secret`.
    pub fn account_webhook(&self, carrier: &str, url: &str, secret: &str) {
        self.state
            .lock()
            .unwrap()
            .account_hooks
            .insert(carrier.to_owned(), (url.to_owned(), secret.to_owned()));
    }

    /// How many subscribe calls `number` had with `carrier` (for 17TRACK and AfterShip: the
    /// registrations and restarts that started pushes).
    pub fn subscribe_calls(&self, carrier: &str, number: &str) -> usize {
        self.state
            .lock()
            .unwrap()
            .subscriptions
            .get(&(carrier.to_owned(), number.to_owned()))
            .map_or(0, |s| s.calls)
    }
}

/// What a push says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushKind {
    /// New scans (the whole history so far).
    Update,
    /// The last scan: the source stops pushing after it (Kuaidi100 `shutdown`).
    Last,
    /// The source stopped tracking the number (Kuaidi100 `abort`, 17TRACK `TRACKING_STOPPED`).
    Stop,
}

/// A push request as a source sends it.
#[derive(Clone)]
pub struct Outgoing {
    /// Its headers, `Content-Type` first.
    pub headers: Vec<(String, String)>,
    /// Its body.
    pub body: String,
    /// `client_id:client_secret` for a source that fetches a bearer token from
    /// `{callback}/token` before it pushes (UPS Track Alert).
    pub oauth: Option<String>,
}

/// The push `carrier` sends for `number` with `report` (scans as revealed), signed with
/// `secret`; `None` where the source has no such push (AfterShip sends no stops).
fn outgoing(
    carrier: &str,
    number: &str,
    company: &str,
    report: &CarrierReport,
    kind: PushKind,
    secret: &str,
) -> Option<Outgoing> {
    match carrier {
        "kuaidi100" => Some(kuaidi100::push(number, company, report, kind, secret)),
        "17track" => Some(seventeen_track::push(number, report, kind, secret)),
        "aftership" => aftership::push(number, report, kind, secret),
        "ups" => ups::push(number, report, kind, secret),
        _ => None,
    }
}

/// Sends the pushes that are due: for each subscribed, played number whose journey revealed
/// scans it has not pushed yet, one push with everything so far (the sources push the whole
/// history each time), faults applied.
fn push_due(state: &Mutex<State>) {
    let mut outbox: Vec<(u32, Queued)> = Vec::new();
    {
        let mut state = state.lock().unwrap();
        let now = Instant::now();
        let (due, later): (Vec<Retry>, Vec<Retry>) = std::mem::take(&mut state.retries)
            .into_iter()
            .partition(|r| r.due <= now);
        state.retries = later;
        outbox.extend(due.into_iter().map(|r| (r.attempt, r.push)));
        let State {
            plays,
            subscriptions,
            ..
        } = &mut *state;
        for ((carrier, number), sub) in subscriptions.iter_mut() {
            let Some(play) = plays.get(number) else {
                continue;
            };
            if sub.stopped {
                continue;
            }
            let report = played(play);
            let revealed = report.events.len();
            if revealed <= sub.pushed {
                continue;
            }
            let index = revealed - 1;
            sub.pushed = revealed;
            let fault = play.faults.iter().find(|f| {
                matches!(f, PushFault::Lost(i) | PushFault::Duplicated(i) | PushFault::Late(i) | PushFault::Lapsed(i) if *i == index)
            });
            let mut send = |scans: usize, kind: PushKind| {
                let mut shown = report.clone();
                let total = shown.events.len();
                shown.events.drain(..total - scans.min(total));
                if let Some(out) =
                    outgoing(carrier, number, &sub.company, &shown, kind, &sub.secret)
                {
                    outbox.push((
                        1,
                        (
                            carrier.clone(),
                            number.clone(),
                            sub.callback.clone(),
                            scans,
                            out,
                        ),
                    ));
                }
            };
            // A held push goes out after this one.
            let held = sub.held.take();
            let delivered = report
                .events
                .iter()
                .any(|e| e.status == trackline_core::model::Status::Delivered);
            match fault {
                Some(PushFault::Lost(_)) => {}
                Some(PushFault::Duplicated(_)) => {
                    send(revealed, PushKind::Update);
                    send(revealed, PushKind::Update);
                }
                Some(PushFault::Late(_)) => sub.held = Some(revealed),
                Some(PushFault::Lapsed(_)) => {
                    sub.stopped = true;
                    sub.pushed = index;
                    send(0, PushKind::Stop);
                }
                _ if delivered => send(revealed, PushKind::Last),
                _ => send(revealed, PushKind::Update),
            }
            if let Some(scans) = held {
                send(scans, PushKind::Update);
            }
        }
    }
    for (attempt, (carrier, number, callback, scans, out)) in outbox {
        let agent = ureq::Agent::new_with_config(
            ureq::Agent::config_builder()
                .http_status_as_error(false)
                .timeout_global(Some(Duration::from_secs(10)))
                .build(),
        );
        let mut request = agent.post(&callback);
        for (name, value) in &out.headers {
            request = request.header(name, value);
        }
        if let Some(credentials) = &out.oauth {
            // The source's own OAuth client, against the token URL beside the webhook.
            let basic = {
                use base64::Engine;
                base64::engine::general_purpose::STANDARD.encode(credentials)
            };
            let token = agent
                .post(&format!("{callback}/token"))
                .header("Authorization", &format!("Basic {basic}"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .send("grant_type=client_credentials".as_bytes())
                .ok()
                .and_then(|mut r| r.body_mut().read_to_string().ok())
                .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
                .and_then(|t| t["access_token"].as_str().map(str::to_owned))
                .unwrap_or_default();
            request = request.header("Authorization", &format!("Bearer {token}"));
        }
        let status = request
            .send(out.body.as_bytes())
            .map_or(0, |r| r.status().as_u16());
        let mut state = state.lock().unwrap();
        if !(200..300).contains(&status) && attempt < PUSH_ATTEMPTS {
            state.retries.push(Retry {
                due: Instant::now() + Duration::from_millis(250) * 2u32.pow(attempt),
                attempt: attempt + 1,
                push: (
                    carrier.clone(),
                    number.clone(),
                    callback.clone(),
                    scans,
                    out.clone(),
                ),
            });
        }
        state.sent.push(SentPush {
            carrier,
            number,
            scans,
            status,
            at: Instant::now(),
        });
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(pusher) = self.pusher.take() {
            let _ = pusher.join();
        }
        self.server.unblock();
        for _ in 0..self.workers.len() {
            self.server.unblock();
        }
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}

fn serve(state: &Mutex<State>, mut request: tiny_http::Request) {
    let url = request.url().to_owned();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let (carrier, rest) = path
        .trim_start_matches('/')
        .split_once('/')
        .unwrap_or((path.trim_start_matches('/'), ""));
    let rest = format!("/{rest}");
    let mut body = String::new();
    let _ = request.as_reader().read_to_string(&mut body);
    let method = request.method().as_str().to_owned();
    let call = Call {
        method: &method,
        path: &rest,
        query: form_pairs(query),
        headers: request
            .headers()
            .iter()
            .map(|h| {
                (
                    h.field.as_str().as_str().to_ascii_lowercase(),
                    h.value.to_string(),
                )
            })
            .collect(),
        body,
    };
    let (fault, delay, reply) = {
        let mut state = state.lock().unwrap();
        *state.calls.entry(carrier.to_owned()).or_default() += 1;
        state.log.push(Recorded {
            carrier: carrier.to_owned(),
            method: call.method.to_owned(),
            path: call.path.to_owned(),
            query: query.to_owned(),
            body: call.body.clone(),
            at: Instant::now(),
        });
        // An expired token shows on a tracking call: a token request leaves that fault queued.
        let token_call = token_path(carrier).is_some_and(|p| call.path == p);
        let fault = match state.faults.get_mut(carrier) {
            Some(queue) if !(token_call && queue.front() == Some(&Fault::ExpiredToken)) => {
                queue.pop_front()
            }
            _ => None,
        };
        let mut journeys = Journeys(&mut state);
        let f = fault.as_ref();
        let reply = match carrier {
            "dhl" => dhl::answer(&call, &journeys, f),
            "ups" => ups::answer(&call, &mut journeys, f),
            "fedex" => fedex::answer(&call, &mut journeys, f),
            "usps" => usps::answer(&call, &mut journeys, f),
            "17track" => seventeen_track::answer(&call, &mut journeys, f),
            "aftership" => aftership::answer(&call, &mut journeys, f),
            "kuaidi100" => kuaidi100::answer(&call, &mut journeys, f),
            "resend" => senders::resend(&call, &mut journeys, f),
            "twilio" => senders::twilio(&call, &mut journeys, f),
            other => Reply::json(
                404,
                serde_json::json!({ "error": format!("the simulator has no carrier {other}") }),
            ),
        };
        (fault, state.delay, reply)
    };
    if let Some(Fault::Slow(pause)) = &fault {
        std::thread::sleep(*pause);
    }
    if let Some(pause) = delay {
        std::thread::sleep(pause);
    }
    let mut body = reply.body;
    if fault == Some(Fault::Truncated) {
        body.truncate(body.len() / 2);
    }
    let mut response = tiny_http::Response::from_string(body).with_status_code(reply.status);
    let mut headers = reply.headers;
    headers.push(("Content-Type".into(), "application/json".into()));
    for (name, value) in headers {
        if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    let _ = request.respond(response);
}

/// The OAuth token endpoint of `carrier`, if it has one.
fn token_path(carrier: &str) -> Option<&'static str> {
    match carrier {
        "ups" => Some(ups::TOKEN_PATH),
        "fedex" => Some(fedex::TOKEN_PATH),
        "usps" => Some(usps::TOKEN_PATH),
        _ => None,
    }
}

/// `a=1&b=2` into pairs, percent-decoded.
pub fn form_pairs(text: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(text.as_bytes())
        .into_owned()
        .collect()
}

/// The error every simulated carrier gives for a fault that is a plain status.
pub fn fault_reply(fault: &Fault, error_body: impl Fn(u16) -> serde_json::Value) -> Option<Reply> {
    match fault {
        Fault::Status(status) => Some(Reply::json(*status, error_body(*status))),
        Fault::RateLimited { retry_after } => {
            let mut reply = Reply::json(429, error_body(429));
            reply
                .headers
                .push(("Retry-After".into(), retry_after.to_string()));
            Some(reply)
        }
        Fault::ExpiredToken => Some(Reply::json(401, error_body(401))),
        Fault::Slow(_) | Fault::Truncated => None,
    }
}
