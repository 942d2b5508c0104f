//! Runs a connector's exchange with its carrier: core's exchange driver decides each step; this
//! module sends the HTTP calls it asks for, with the merchant's secrets, a timeout on every
//! call, and OAuth tokens cached per connector until they expire (renewed once when the
//! carrier rejects one, as the driver says).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::future::{select, Either};
use trackline_core::carriers::exchange::{Exchange, Step};
use trackline_core::carriers::{
    CarrierError, ConnectorInfo, HttpRequest, HttpResponse, Lookup, Method, Phase, Settings,
    Subscribed, Token,
};
use trackline_core::tracking::CarrierReport;
use worker::{AbortController, Delay, Env, Fetch, Headers, Request, RequestInit};

use crate::http;
use crate::single_flight::SingleFlight;

/// A carrier that does not answer within this long is down, as far as the buyer is concerned.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);
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

/// What the carrier behind `connector` reports for `number` now: core's exchange driver, run
/// with `fetch` and the isolate's token cache.
pub async fn fetch_report(
    env: &Env,
    connector: &str,
    number: &str,
    carrier_hint: &str,
    now: DateTime<Utc>,
) -> Result<CarrierReport, CarrierError> {
    let Some(connector) = trackline_core::carriers::connector(connector) else {
        // Keys only name connectors that exist; one that does not is a bug, not the carrier's.
        return Err(CarrierError::NotUnderstood(format!(
            "no connector {connector:?}"
        )));
    };
    let code = connector.info().code;
    let settings = settings(env, connector.info());
    let cached = TOKENS.with(|t| t.borrow().get(code).cloned());
    let mut exchange = Exchange::new(
        connector,
        &settings,
        number,
        carrier_hint,
        cached,
        now.timestamp(),
    );
    loop {
        match exchange.step() {
            Step::Send(request) => {
                let answer = send(request).await;
                exchange.answer(answer);
            }
            Step::Token { request, renew } => {
                if renew {
                    TOKENS.with(|t| t.borrow_mut().remove(code));
                }
                let token = obtain_token(&exchange, code, request, now.timestamp()).await;
                exchange.token(token);
            }
            Step::Done(result) => return result,
        }
    }
}

/// Subscribes `number` (of carrier `carrier_hint`) to `connector`'s pushes, with Trackline's
/// callback URL for that connector when the deployment knows its own URL; `renew` when an
/// earlier subscription stopped.
pub async fn subscribe(
    env: &Env,
    connector: &str,
    number: &str,
    carrier_hint: &str,
    renew: bool,
    now: DateTime<Utc>,
) -> Result<Subscribed, CarrierError> {
    let connector = trackline_core::carriers::connector(connector)
        .ok_or_else(|| CarrierError::NotUnderstood(format!("no connector {connector:?}")))?;
    let settings = settings(env, connector.info());
    let callback = callback_url(env, connector.info().code).unwrap_or_default();
    let hint = trackline_core::carriers::hint_for(connector, number, carrier_hint);
    let lookup = Lookup {
        carrier_hint: hint,
        ..Lookup::new(number, &settings, now.timestamp())
    };
    // A source behind OAuth (UPS Track Alert) subscribes with the token its lookups use.
    let code = connector.info().code;
    let cached = TOKENS
        .with(|t| t.borrow().get(code).cloned())
        .filter(|t| t.is_fresh(now.timestamp()));
    let token = match cached {
        Some(token) => Some(token),
        None if connector.first_phase(&lookup) == Phase::Token => {
            let exchange = Exchange::new(
                connector,
                &settings,
                number,
                carrier_hint,
                None,
                now.timestamp(),
            );
            let request = connector.request(Phase::Token, &lookup)?;
            Some(obtain_token(&exchange, code, request, now.timestamp()).await?)
        }
        None => None,
    };
    let lookup = Lookup {
        token: token.as_ref(),
        ..lookup
    };
    let answer = send(connector.subscribe(&lookup, &callback, renew)?).await?;
    if answer.status == 401 {
        // A token UPS no longer takes: the next attempt fetches a new one.
        TOKENS.with(|t| t.borrow_mut().remove(code));
    }
    connector.subscribed(&lookup, &answer)
}

/// Ends `number`'s subscription with `connector`, where the source has a call for that.
pub async fn unsubscribe(
    env: &Env,
    connector: &str,
    number: &str,
    carrier_hint: &str,
    now: DateTime<Utc>,
) -> Result<(), CarrierError> {
    let Some(connector) = trackline_core::carriers::connector(connector) else {
        return Ok(());
    };
    let settings = settings(env, connector.info());
    let hint = trackline_core::carriers::hint_for(connector, number, carrier_hint);
    let lookup = Lookup {
        carrier_hint: hint,
        ..Lookup::new(number, &settings, now.timestamp())
    };
    match connector.unsubscribe(&lookup) {
        Some(request) => send(request?).await.map(|_| ()),
        None => Ok(()),
    }
}

/// True when `info`'s source can push to this deployment ([`Pushes::configured`]): Trackline's
/// own URL for a callback, the webhook's secret where one switches it on.
///
/// [`Pushes::configured`]: trackline_core::carriers::Pushes::configured
pub fn push_configured(env: &Env, info: &ConnectorInfo) -> bool {
    info.pushes
        .configured(callback_url(env, "").is_some(), |name| {
            !http::secret(env, name).is_empty()
        })
}

/// Where `connector`'s pushes reach Trackline: `{TRACKLINE_PUBLIC_URL}/v1/webhooks/{code}`, or
/// `None` when the deployment does not say its public URL (then sources that push to a
/// callback per number are not subscribed: a URL taken from a request's Host could be forged).
pub fn callback_url(env: &Env, code: &str) -> Option<String> {
    let base = env.var("TRACKLINE_PUBLIC_URL").ok()?.to_string();
    let base = base.trim().trim_end_matches('/');
    let scheme_ok = base.starts_with("https://") || base.starts_with("http://");
    (scheme_ok && base.len() > "https://".len()).then(|| format!("{base}/v1/webhooks/{code}"))
}

/// A token for connector `code`: the cached one while fresh, else the answer to `request`,
/// one request shared by every lookup that needs a token meanwhile.
async fn obtain_token(
    exchange: &Exchange<'_>,
    code: &'static str,
    request: HttpRequest,
    now: i64,
) -> Result<Token, CarrierError> {
    if let Some(token) = TOKENS
        .with(|t| t.borrow().get(code).cloned())
        .filter(|t| t.is_fresh(now))
    {
        return Ok(token);
    }
    let flight = TOKEN_FLIGHTS.with(|f| f.borrow_mut().entry(code).or_default().clone());
    flight
        .run(|| async {
            let token = exchange.read_token(&send(request).await?)?;
            TOKENS.with(|t| t.borrow_mut().insert(code, token.clone()));
            Ok(token)
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
