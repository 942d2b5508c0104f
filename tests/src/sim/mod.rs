//! The carrier simulator: a small HTTP server on 127.0.0.1 that answers like each carrier's API
//! (same paths, auth, headers and JSON shapes), playing the sandbox's scripted journeys, with
//! injectable faults (401, 404, 429 with Retry-After, 500, slow answers, truncated JSON, an
//! expired OAuth token). It counts calls per carrier, so tests can assert how many reached one.
//!
//! Each carrier lives under its own path prefix (`/dhl/...`); point the worker at it with the
//! connector's base-URL var, e.g. `DHL_BASE_URL=http://127.0.0.1:PORT/dhl`.

mod dhl;

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::{anyhow, Result};
use chrono::Utc;
use trackline_core::sandbox;
use trackline_core::tracking::CarrierReport;

/// The secret every simulated carrier accepts.
pub const KEY: &str = "sim-secret";

/// Something to go wrong with the next call to a carrier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this status and the carrier's error body for it.
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
    /// Reject the bearer token as expired (OAuth carriers).
    ExpiredToken,
}

/// A request as a carrier module sees it.
pub struct Call<'a> {
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
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// A query parameter's value.
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
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
        Reply { status, headers: Vec::new(), body: body.to_string() }
    }
}

#[derive(Default)]
struct State {
    calls: HashMap<String, usize>,
    faults: HashMap<String, VecDeque<Fault>>,
    journeys: HashMap<String, String>,
    unknown: Vec<String>,
    delay: Option<Duration>,
}

/// A running simulator; stops on drop.
pub struct Simulator {
    server: Arc<tiny_http::Server>,
    state: Arc<Mutex<State>>,
    workers: Vec<JoinHandle<()>>,
    port: u16,
}

/// What the carrier modules need from the simulator.
pub struct Journeys<'a>(&'a State);

impl Journeys<'_> {
    /// What the carrier knows about `number` now: the sandbox journey mapped to it (by default
    /// `TL2000000002`, cross-border with customs), or `None` for numbers marked unknown.
    pub fn report(&self, number: &str) -> Option<CarrierReport> {
        if self.0.unknown.iter().any(|n| n == number) {
            return None;
        }
        let journey = self.0.journeys.get(number).map_or("TL2000000002", String::as_str);
        sandbox::report(journey, Utc::now()).ok()
    }
}

impl Simulator {
    /// Starts the simulator on a free port of 127.0.0.1.
    pub fn start() -> Result<Self> {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").map_err(|e| anyhow!("simulator: {e}"))?);
        let port = server.server_addr().to_ip().ok_or_else(|| anyhow!("no IP address"))?.port();
        let state = Arc::new(Mutex::new(State::default()));
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
            .collect();
        Ok(Simulator { server, state, workers, port })
    }

    /// The base URL of `carrier`'s simulated API, such as `http://127.0.0.1:PORT/dhl`.
    pub fn base_url(&self, carrier: &str) -> String {
        format!("http://127.0.0.1:{}/{carrier}", self.port)
    }

    /// How many calls reached `carrier` (token requests included).
    pub fn calls(&self, carrier: &str) -> usize {
        self.state.lock().unwrap().calls.get(carrier).copied().unwrap_or(0)
    }

    /// Makes the next calls to `carrier` fail, one fault per call, in order.
    pub fn inject(&self, carrier: &str, faults: impl IntoIterator<Item = Fault>) {
        self.state.lock().unwrap().faults.entry(carrier.to_owned()).or_default().extend(faults);
    }

    /// Plays sandbox journey `journey` (such as `TL1000000001`) for `number`.
    pub fn journey(&self, number: &str, journey: &str) {
        self.state.lock().unwrap().journeys.insert(number.to_owned(), journey.to_owned());
    }

    /// Makes every carrier answer "not found" for `number`.
    pub fn unknown(&self, number: &str) {
        self.state.lock().unwrap().unknown.push(number.to_owned());
    }

    /// Delays every answer by `delay` (so concurrent lookups overlap).
    pub fn delay_all(&self, delay: Duration) {
        self.state.lock().unwrap().delay = Some(delay);
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
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
    let (carrier, rest) = path.trim_start_matches('/').split_once('/').unwrap_or((path.trim_start_matches('/'), ""));
    let rest = format!("/{rest}");
    let mut body = String::new();
    let _ = request.as_reader().read_to_string(&mut body);
    let call = Call {
        path: &rest,
        query: form_pairs(query),
        headers: request.headers().iter().map(|h| (h.field.as_str().as_str().to_ascii_lowercase(), h.value.to_string())).collect(),
        body,
    };
    let (fault, delay, reply) = {
        let mut state = state.lock().unwrap();
        *state.calls.entry(carrier.to_owned()).or_default() += 1;
        let fault = state.faults.get_mut(carrier).and_then(VecDeque::pop_front);
        let journeys = Journeys(&state);
        let reply = match carrier {
            "dhl" => dhl::answer(&call, &journeys, fault.as_ref()),
            other => Reply::json(404, serde_json::json!({ "error": format!("the simulator has no carrier {other}") })),
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

/// `a=1&b=2` into pairs, percent-decoded.
pub fn form_pairs(text: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(text.as_bytes()).into_owned().collect()
}

/// The error every simulated carrier gives for a fault that is a plain status.
pub fn fault_reply(fault: &Fault, error_body: impl Fn(u16) -> serde_json::Value) -> Option<Reply> {
    match fault {
        Fault::Status(status) => Some(Reply::json(*status, error_body(*status))),
        Fault::RateLimited { retry_after } => {
            let mut reply = Reply::json(429, error_body(429));
            reply.headers.push(("Retry-After".into(), retry_after.to_string()));
            Some(reply)
        }
        Fault::ExpiredToken => Some(Reply::json(401, error_body(401))),
        Fault::Slow(_) | Fault::Truncated => None,
    }
}
