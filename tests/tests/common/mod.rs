//! What every end-to-end test starts with: a fresh `wrangler dev` on a free port with its own
//! persist dir (optionally with vars, such as carrier base URLs pointing at the simulator), and
//! the expected tracking computed by `trackline-core` itself.
#![allow(dead_code)] // Each test binary uses a different part of this module.

use std::path::PathBuf;

use anyhow::Result;
use chrono::Utc;
use trackline_core::{model::Tracking, sandbox, texts::Lang, tracking::assemble};
use trackline_e2e::wrangler::{Options, WranglerDev};

/// A running edge with its temporary state; both go away on drop.
pub struct Stack {
    pub edge: WranglerDev,
    vars: Vec<(String, String)>,
    dir: std::sync::Arc<tempfile::TempDir>,
}

impl Stack {
    pub fn start() -> Result<Self> {
        Self::start_with(Vec::new())
    }

    /// Starts with extra vars (`--var NAME:VALUE`).
    pub fn start_with(vars: Vec<(String, String)>) -> Result<Self> {
        let dir = std::sync::Arc::new(tempfile::tempdir()?);
        let edge = WranglerDev::start(options(&dir.path().to_owned(), &vars))?;
        Ok(Stack { edge, vars, dir })
    }

    /// Stops wrangler and starts it again on the same persist dir: what a deploy or a crash
    /// does to the edge.
    pub fn restart(self) -> Result<Self> {
        let vars = self.vars.clone();
        self.restart_with(vars)
    }

    /// [`Stack::restart`] with other vars and secrets (a secret rotated, a setting changed).
    #[allow(dead_code)] // not every test binary restarts with new vars
    pub fn restart_with(self, vars: Vec<(String, String)>) -> Result<Self> {
        let Stack { edge, dir, .. } = self;
        edge.stop();
        let edge = WranglerDev::start(options(&dir.path().to_owned(), &vars))?;
        Ok(Stack { edge, vars, dir })
    }

    /// Where this edge's Durable Objects, D1 and cache persist.
    pub fn state_dir(&self) -> PathBuf {
        self.dir.path().join("state")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.edge.url())
    }

    /// The `ws://` URL of `path`.
    pub fn ws_url(&self, path: &str) -> String {
        format!("ws://127.0.0.1:{}{path}", self.edge.port())
    }
}

#[allow(clippy::ptr_arg)] // Callers hold a `PathBuf`; newer clippy prefers `&Path`.
fn options(dir: &PathBuf, vars: &[(String, String)]) -> Options {
    Options {
        port: None,
        persist_to: dir.join("state"),
        log: Some(dir.join(format!("wrangler-{}.log", Utc::now().timestamp_millis()))),
        vars: vars.to_vec(),
    }
}

/// The sandbox's tracking for `number` as core assembles it now. Deterministic journeys change
/// only at midnight UTC, so a test compares against the answers of the instants just before and
/// just after its request.
pub fn expected_now(number: &str) -> Tracking {
    expected_in(number, Lang::En)
}

/// The same, in `lang`.
pub fn expected_in(number: &str, lang: Lang) -> Tracking {
    let now = Utc::now();
    let report = sandbox::report(number, now).expect("a sandbox number");
    assemble(lang, number, report, now)
}

/// An HTTP client that reports 4xx/5xx as responses, not errors, and gives up after 10 s.
pub fn http() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(10)))
        .build()
        .into()
}

/// POSTs `body` as JSON to `path` with `Authorization: Bearer token`; the status and the JSON
/// answer.
pub fn post_json(
    stack: &Stack,
    path: &str,
    token: &str,
    body: &serde_json::Value,
) -> Result<(u16, serde_json::Value)> {
    let mut r = http()
        .post(stack.url(path))
        .header("Authorization", &format!("Bearer {token}"))
        .header("Content-Type", "application/json")
        .send(body.to_string().as_bytes())?;
    Ok((r.status().as_u16(), r.body_mut().read_json()?))
}

/// Sends one request the way the edge does (status, lower-case headers, body as text).
pub fn send(
    request: trackline_core::carriers::HttpRequest,
) -> Result<trackline_core::carriers::HttpResponse> {
    use trackline_core::carriers::{HttpResponse, Method};
    let agent = http();
    let mut response = match request.method {
        Method::Get => {
            let mut builder = agent.get(&request.url);
            for (name, value) in &request.headers {
                builder = builder.header(name, value);
            }
            builder.call()?
        }
        Method::Post => {
            let mut builder = agent.post(&request.url);
            for (name, value) in &request.headers {
                builder = builder.header(name, value);
            }
            builder.send(request.body.unwrap_or_default().as_bytes())?
        }
    };
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_ascii_lowercase(),
                v.to_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    Ok(HttpResponse {
        status: response.status().as_u16(),
        headers,
        body,
    })
}

/// `count` UPS numbers with valid check digits (Trackline detects them as UPS's), the first
/// ones of `1Z999AA1` followed by ten digits counting up from `from`.
pub fn ups_numbers(from: u64, count: usize) -> Vec<String> {
    (0..10_000u64)
        .map(|i| format!("1Z999AA1{:010}", from + i))
        .filter(|n| {
            trackline_core::detect::detect(n)
                .first()
                .map(|c| c.carrier.code)
                == Some("ups")
        })
        .take(count)
        .collect()
}
