//! Runs a connector's exchange with its carrier: the HTTP calls `trackline-core` asks for,
//! with the merchant's secrets, a timeout on every call, and OAuth tokens cached per connector
//! until they expire (refreshed once when the carrier rejects one).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::future::{select, Either};
use trackline_core::carriers::{
    CarrierError, Connector, ConnectorInfo, HttpRequest, HttpResponse, Lookup, Method, Outcome,
    Phase, Settings, Token,
};
use trackline_core::sandbox;
use trackline_core::tracking::CarrierReport;
use worker::{AbortController, Delay, Env, Fetch, Headers, Request, RequestInit};

use crate::http;
use crate::single_flight::SingleFlight;

/// A carrier that does not answer within this long is down, as far as the buyer is concerned.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);
/// No exchange needs more steps than token, register, track, token again, track again.
const MAX_STEPS: usize = 6;
/// The largest carrier answer read (a long journey's JSON is tens of KB).
const MAX_ANSWER: usize = 4 << 20;

/// One token request at a time for one connector.
type TokenFlight = Rc<SingleFlight<Result<Token, CarrierError>>>;

thread_local! {
    /// OAuth tokens by connector code, shared by every shipment in this isolate.
    static TOKENS: RefCell<HashMap<&'static str, Token>> = RefCell::new(HashMap::new());
    /// One token request at a time per connector.
    static TOKEN_FLIGHTS: RefCell<HashMap<&'static str, TokenFlight>> = RefCell::new(HashMap::new());
}

/// The connector's base URL and secrets from the environment (`wrangler.toml` vars, secrets,
/// or `.dev.vars` locally).
pub fn settings(env: &Env, info: &ConnectorInfo) -> Settings {
    let base_url = env
        .var(info.base_url_var)
        .map(|v| v.to_string())
        .unwrap_or_else(|_| info.default_base_url.to_owned());
    let secrets = info
        .secrets
        .iter()
        .filter_map(|s| {
            let value = env
                .secret(s.name)
                .map(|v| v.to_string())
                .or_else(|_| env.var(s.name).map(|v| v.to_string()));
            value.ok().map(|v| (s.name.to_owned(), v))
        })
        .collect();
    Settings {
        base_url: base_url.trim_end_matches('/').to_owned(),
        secrets,
    }
}

/// What the carrier behind `connector` reports for `number` now.
pub async fn fetch_report(
    env: &Env,
    connector: &str,
    number: &str,
    carrier_hint: &str,
    now: DateTime<Utc>,
) -> Result<CarrierReport, CarrierError> {
    if connector == sandbox::CODE {
        return sandbox::report(number, now).map_err(|_| CarrierError::NotFound);
    }
    let connector = trackline_core::carriers::connector(connector)
        .ok_or_else(|| CarrierError::BadCredentials(format!("no connector {connector}")))?;
    let settings = settings(env, connector.info());
    // An aggregator named as the carrier (`?carrier=kuaidi100`) is not the carrier: tell it the
    // carrier the number looks like, or nothing.
    let hint = if carrier_hint == connector.info().code {
        trackline_core::detect::detect(number)
            .first()
            .map_or("", |c| c.carrier.code)
    } else {
        carrier_hint
    };
    exchange(connector, &settings, number, hint, now.timestamp()).await
}

async fn exchange(
    connector: &'static dyn Connector,
    settings: &Settings,
    number: &str,
    carrier_hint: &str,
    now: i64,
) -> Result<CarrierReport, CarrierError> {
    let code = connector.info().code;
    let mut token = TOKENS.with(|t| t.borrow().get(code).cloned());
    let mut token_renewed = false;
    let mut phase = connector.first_phase(&lookup(number, carrier_hint, settings, &token, now));
    for _ in 0..MAX_STEPS {
        if phase == Phase::Token {
            token = Some(obtain_token(connector, settings, number, carrier_hint, now).await?);
            phase = Phase::Track;
            continue;
        }
        let current = lookup(number, carrier_hint, settings, &token, now);
        let request = connector.request(phase, &current)?;
        let response = send(request).await?;
        match connector.handle(phase, &current, &response) {
            Outcome::Report(report) => return Ok(report),
            Outcome::Token(fresh) => {
                TOKENS.with(|t| t.borrow_mut().insert(code, fresh.clone()));
                token = Some(fresh);
                phase = Phase::Track;
            }
            Outcome::Next(Phase::Token) if token_renewed => {
                return Err(CarrierError::BadCredentials(
                    "the carrier rejected a fresh token".into(),
                ))
            }
            Outcome::Next(Phase::Token) => {
                // The cached token was rejected: forget it and get one new token, once.
                TOKENS.with(|t| t.borrow_mut().remove(code));
                token = None;
                token_renewed = true;
                phase = Phase::Token;
            }
            Outcome::Next(next) => phase = next,
            Outcome::Error(e) => return Err(e),
        }
    }
    Err(CarrierError::NotUnderstood(
        "the exchange took too many steps".into(),
    ))
}

fn lookup<'a>(
    number: &'a str,
    carrier_hint: &'a str,
    settings: &'a Settings,
    token: &'a Option<Token>,
    now: i64,
) -> Lookup<'a> {
    Lookup {
        number,
        carrier_hint: Some(carrier_hint).filter(|h| !h.is_empty()),
        settings,
        token: token.as_ref(),
        now,
    }
}

/// A token for `connector`: the cached one while fresh, else one request shared by everyone
/// who needs a token meanwhile.
async fn obtain_token(
    connector: &'static dyn Connector,
    settings: &Settings,
    number: &str,
    carrier_hint: &str,
    now: i64,
) -> Result<Token, CarrierError> {
    let code = connector.info().code;
    if let Some(token) = TOKENS
        .with(|t| t.borrow().get(code).cloned())
        .filter(|t| t.is_fresh(now))
    {
        return Ok(token);
    }
    let flight = TOKEN_FLIGHTS.with(|f| f.borrow_mut().entry(code).or_default().clone());
    flight
        .run(|| async {
            let lookup = lookup(number, carrier_hint, settings, &None, now);
            let response = send(connector.request(Phase::Token, &lookup)?).await?;
            match connector.handle(Phase::Token, &lookup, &response) {
                Outcome::Token(token) => {
                    TOKENS.with(|t| t.borrow_mut().insert(code, token.clone()));
                    Ok(token)
                }
                Outcome::Error(e) => Err(e),
                other => Err(CarrierError::NotUnderstood(format!(
                    "unexpected answer to a token request: {other:?}"
                ))),
            }
        })
        .await
}

/// Sends one request, giving up after [`CALL_TIMEOUT`].
async fn send(request: HttpRequest) -> Result<HttpResponse, CarrierError> {
    let down = |e: worker::Error| CarrierError::Down(e.to_string());
    let headers = Headers::new();
    for (name, value) in &request.headers {
        headers.set(name, value).map_err(down)?;
    }
    let mut init = RequestInit::new();
    init.with_method(match request.method {
        Method::Get => worker::Method::Get,
        Method::Post => worker::Method::Post,
    })
    .with_headers(headers)
    .with_body(request.body.map(Into::into));
    let outbound = Request::new_with_init(&request.url, &init).map_err(down)?;
    let controller = AbortController::default();
    let signal = controller.signal();
    let call = Box::pin(async move { Fetch::Request(outbound).send_with_signal(&signal).await });
    let timeout = Box::pin(Delay::from(CALL_TIMEOUT));
    let mut response = match select(call, timeout).await {
        Either::Left((response, _)) => response.map_err(down)?,
        Either::Right(_) => {
            controller.abort();
            return Err(CarrierError::Down(format!(
                "no answer within {} s",
                CALL_TIMEOUT.as_secs()
            )));
        }
    };
    let status = response.status_code();
    let headers = response
        .headers()
        .entries()
        .map(|(k, v)| (k.to_ascii_lowercase(), v))
        .collect();
    // A body cut off mid-way is the carrier's fault: it reaches the parser, which says so. A
    // body larger than any carrier's answer is not read past the limit.
    let body = match http::response_text(&mut response, MAX_ANSWER).await {
        Ok(body) => body,
        Err(http::BodyError::TooLarge(max)) => {
            return Err(CarrierError::NotUnderstood(format!(
                "the answer is larger than {max} bytes"
            )))
        }
        Err(http::BodyError::Unreadable) => String::new(),
    };
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}
