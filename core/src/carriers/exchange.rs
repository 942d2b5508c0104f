//! The one exchange driver: runs a connector's conversation with its carrier without doing any
//! I/O. It says what to do next ([`Exchange::step`]); the caller does it (sends the request,
//! gets a token) and hands back what came of it. The edge drives it with `fetch`, the tests
//! with a blocking client, so both run the same loop:
//!
//! ```text
//! loop {
//!     match exchange.step() {
//!         Step::Send(request) => exchange.answer(send(request)),
//!         Step::Token { request, renew } => exchange.token(obtain(request, renew)),
//!         Step::Done(result) => break result,
//!     }
//! }
//! ```
//!
//! It starts with a token when the connector asks for one, follows [`Outcome::Next`] (register,
//! then track), renews a rejected token once, and gives up after [`MAX_STEPS`] steps.

use super::{
    hint_for, CarrierError, CarrierReport, Connector, HttpRequest, HttpResponse, Lookup, Outcome,
    Phase, Settings, Token,
};

/// No exchange needs more steps than token, register, track, token again, track again.
pub const MAX_STEPS: usize = 6;

/// What the caller does next.
// One short-lived value per step: boxing the report would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Send this request and give the answer (or why there is none) to [`Exchange::answer`].
    Send(HttpRequest),
    /// Get a token and give it to [`Exchange::token`]: a cached one while fresh (unless
    /// `renew`: the carrier has just rejected the cached one, so forget it), else by sending
    /// `request` and reading the answer with [`Exchange::read_token`]. Callers that share
    /// tokens between lookups make one such request at a time.
    Token {
        /// The token request.
        request: HttpRequest,
        /// The cached token was rejected: do not use it again.
        renew: bool,
    },
    /// The exchange is over.
    Done(Result<CarrierReport, CarrierError>),
}

/// One lookup's exchange with one connector.
pub struct Exchange<'a> {
    connector: &'a dyn Connector,
    number: &'a str,
    hint: Option<&'a str>,
    settings: &'a Settings,
    now: i64,
    token: Option<Token>,
    state: State,
    steps: usize,
    renewed: bool,
}

/// Where the exchange is.
#[allow(clippy::large_enum_variant)]
enum State {
    /// About to do this phase.
    At(Phase),
    /// Waiting for the answer to this phase's request.
    Waiting(Phase),
    /// Finished.
    Done(Result<CarrierReport, CarrierError>),
    /// The result was handed out.
    Over,
}

impl<'a> Exchange<'a> {
    /// Starts a lookup of `number` (the carrier behind it in `carrier_hint`, empty for unknown)
    /// with `cached` as the token, if any. An aggregator named as the carrier is not the
    /// carrier: it is told the carrier the number looks like, or nothing.
    pub fn new(
        connector: &'a dyn Connector,
        settings: &'a Settings,
        number: &'a str,
        carrier_hint: &'a str,
        cached: Option<Token>,
        now: i64,
    ) -> Self {
        let hint = hint_for(connector, number, carrier_hint);
        let mut exchange = Exchange {
            connector,
            number,
            hint,
            settings,
            now,
            token: cached,
            state: State::Over,
            steps: 0,
            renewed: false,
        };
        exchange.state = match connector.answer(&exchange.lookup()) {
            Some(result) => State::Done(result),
            None => State::At(connector.first_phase(&exchange.lookup())),
        };
        exchange
    }

    fn lookup(&self) -> Lookup<'_> {
        Lookup {
            number: self.number,
            carrier_hint: self.hint,
            settings: self.settings,
            token: self.token.as_ref(),
            now: self.now,
        }
    }

    /// What to do next. After [`Step::Done`] the exchange is over (and says so again, as an
    /// error, if asked).
    pub fn step(&mut self) -> Step {
        let phase = match std::mem::replace(&mut self.state, State::Over) {
            State::Done(result) => return Step::Done(result),
            State::Over => {
                return Step::Done(Err(CarrierError::NotUnderstood(
                    "the exchange is over".into(),
                )))
            }
            // Asked again before the answer came: ask for the same thing again.
            State::Waiting(phase) | State::At(phase) => phase,
        };
        if self.steps >= MAX_STEPS {
            return Step::Done(Err(CarrierError::NotUnderstood(
                "the exchange took too many steps".into(),
            )));
        }
        self.steps += 1;
        match self.connector.request(phase, &self.lookup()) {
            Err(e) => Step::Done(Err(e)),
            Ok(request) => {
                self.state = State::Waiting(phase);
                if phase == Phase::Token {
                    Step::Token {
                        request,
                        renew: self.renewed,
                    }
                } else {
                    Step::Send(request)
                }
            }
        }
    }

    /// The answer to the last [`Step::Send`], or why none came (the carrier is down, timed out).
    pub fn answer(&mut self, response: Result<HttpResponse, CarrierError>) {
        let State::Waiting(phase) = std::mem::replace(&mut self.state, State::Over) else {
            self.state = State::Done(Err(CarrierError::NotUnderstood(
                "an answer nobody asked for".into(),
            )));
            return;
        };
        let response = match response {
            Ok(response) => response,
            Err(e) => {
                self.state = State::Done(Err(e));
                return;
            }
        };
        self.state = match self.connector.handle(phase, &self.lookup(), &response) {
            Outcome::Report(report) => State::Done(Ok(report)),
            Outcome::Token(fresh) => {
                self.token = Some(fresh);
                State::At(Phase::Track)
            }
            Outcome::Next(Phase::Token) if self.renewed => State::Done(Err(
                CarrierError::BadCredentials("the carrier rejected a fresh token".into()),
            )),
            Outcome::Next(Phase::Token) => {
                // The token was rejected: one new one, once.
                self.token = None;
                self.renewed = true;
                State::At(Phase::Token)
            }
            Outcome::Next(next) => State::At(next),
            Outcome::Error(e) => State::Done(Err(e)),
        };
    }

    /// Reads the answer to a token request (what a shared token request hands everyone).
    pub fn read_token(&self, response: &HttpResponse) -> Result<Token, CarrierError> {
        let lookup = Lookup {
            token: None,
            ..self.lookup()
        };
        match self.connector.handle(Phase::Token, &lookup, response) {
            Outcome::Token(token) => Ok(token),
            Outcome::Error(e) => Err(e),
            other => Err(CarrierError::NotUnderstood(format!(
                "unexpected answer to a token request: {other:?}"
            ))),
        }
    }

    /// The token asked for by the last [`Step::Token`], or why there is none.
    pub fn token(&mut self, token: Result<Token, CarrierError>) {
        self.state = match token {
            Ok(token) => {
                self.token = Some(token);
                State::At(Phase::Track)
            }
            Err(e) => State::Done(Err(e)),
        };
    }

    /// Runs the whole exchange with `send` for every request and `obtain` for tokens (given
    /// the token request and whether the cached token was rejected): for callers that can
    /// block (tests, tools). The edge drives [`Exchange::step`] itself, asynchronously.
    pub fn run(
        mut self,
        mut send: impl FnMut(HttpRequest) -> Result<HttpResponse, CarrierError>,
        mut obtain: impl FnMut(&Self, HttpRequest, bool) -> Result<Token, CarrierError>,
    ) -> Result<CarrierReport, CarrierError> {
        loop {
            match self.step() {
                Step::Send(request) => {
                    let answer = send(request);
                    self.answer(answer);
                }
                Step::Token { request, renew } => {
                    let token = obtain(&self, request, renew);
                    self.token(token);
                }
                Step::Done(result) => return result,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::carriers::connector;

    const NOW: i64 = 1_795_165_200;

    fn ups_settings() -> Settings {
        Settings::new(
            "http://127.0.0.1:9/ups/",
            &[("UPS_CLIENT_ID", "id"), ("UPS_CLIENT_SECRET", "secret")],
        )
    }

    fn token_answer(value: &str) -> HttpResponse {
        HttpResponse::new(
            200,
            &format!(r#"{{"access_token":"{value}","expires_in":"14399","token_type":"Bearer"}}"#),
        )
    }

    fn track_answer() -> HttpResponse {
        HttpResponse::new(200, include_str!("ups/fixtures/track_ok.json"))
    }

    /// Drives an exchange with scripted answers; returns the result and what was sent.
    fn drive(
        connector: &dyn Connector,
        cached: Option<Token>,
        mut answers: Vec<HttpResponse>,
    ) -> (
        Result<CarrierReport, CarrierError>,
        Vec<(bool, HttpRequest)>,
    ) {
        let settings = ups_settings();
        let mut sent = Vec::new();
        let mut exchange =
            Exchange::new(connector, &settings, "1ZA4W8790491375268", "", cached, NOW);
        loop {
            match exchange.step() {
                Step::Send(request) => {
                    sent.push((false, request));
                    exchange.answer(Ok(answers.remove(0)));
                }
                Step::Token { request, renew } => {
                    sent.push((renew, request));
                    let token = exchange.read_token(&answers.remove(0));
                    exchange.token(token);
                }
                Step::Done(result) => return (result, sent),
            }
        }
    }

    #[test]
    fn a_token_first_then_the_tracking() {
        let ups = connector("ups").unwrap();
        let (result, sent) = drive(ups, None, vec![token_answer("t1"), track_answer()]);
        assert!(result.is_ok(), "{result:?}");
        assert_eq!(sent.len(), 2);
        assert!(
            sent[0].1.url.ends_with("/security/v1/oauth/token"),
            "{}",
            sent[0].1.url
        );
        assert_eq!(sent[1].1.header("authorization"), Some("Bearer t1"));
    }

    #[test]
    fn a_rejected_token_is_renewed_once() {
        let ups = connector("ups").unwrap();
        let cached = Token {
            value: "old".into(),
            expires_at: NOW + 3600,
        };
        let rejected = HttpResponse::new(401, "{}");
        let (result, sent) = drive(
            ups,
            Some(cached.clone()),
            vec![rejected.clone(), token_answer("new"), track_answer()],
        );
        assert!(result.is_ok(), "{result:?}");
        assert_eq!(sent[0].1.header("Authorization"), Some("Bearer old"));
        assert!(sent[1].0, "the token step says the cached one was rejected");
        assert_eq!(sent[2].1.header("Authorization"), Some("Bearer new"));
        // A fresh token rejected too: the credentials are wrong, and it stops there.
        let (result, sent) = drive(
            ups,
            Some(cached),
            vec![rejected.clone(), token_answer("new"), rejected],
        );
        assert!(
            matches!(result, Err(CarrierError::BadCredentials(_))),
            "{result:?}"
        );
        assert_eq!(sent.len(), 3);
    }

    #[test]
    fn failures_end_the_exchange_with_their_error() {
        let ups = connector("ups").unwrap();
        let settings = ups_settings();
        let cached = Token {
            value: "t".into(),
            expires_at: NOW + 3600,
        };
        let mut exchange = Exchange::new(ups, &settings, "1Z", "", Some(cached), NOW);
        assert!(matches!(exchange.step(), Step::Send(_)));
        exchange.answer(Err(CarrierError::Down("timeout".into())));
        assert_eq!(
            exchange.step(),
            Step::Done(Err(CarrierError::Down("timeout".into())))
        );
        // Over is over.
        assert!(matches!(exchange.step(), Step::Done(Err(_))));
        // A token request that fails ends it too.
        let mut exchange = Exchange::new(ups, &settings, "1Z", "", None, NOW);
        assert!(matches!(exchange.step(), Step::Token { renew: false, .. }));
        exchange.token(Err(CarrierError::BadCredentials("no".into())));
        assert!(matches!(
            exchange.step(),
            Step::Done(Err(CarrierError::BadCredentials(_)))
        ));
    }

    #[test]
    fn an_endless_conversation_is_cut_off() {
        let agg = connector("17track").unwrap();
        let settings = Settings::new("http://127.0.0.1:9", &[("SEVENTEEN_TRACK_KEY", "k")]);
        let mut exchange = Exchange::new(agg, &settings, "1ZA4W8790491375268", "ups", None, NOW);
        let mut sent = 0;
        let result = loop {
            match exchange.step() {
                Step::Send(request) => {
                    sent += 1;
                    // "Not registered", "already registered", for ever.
                    let body = if request.url.ends_with("/register") {
                        include_str!("seventeen_track/fixtures/register_already.json")
                    } else {
                        include_str!("seventeen_track/fixtures/not_registered.json")
                    };
                    exchange.answer(Ok(HttpResponse::new(200, body)));
                }
                Step::Token { .. } => unreachable!("17TRACK uses no token"),
                Step::Done(result) => break result,
            }
        };
        assert!(result.is_err());
        assert!(sent <= MAX_STEPS, "{sent}");
    }

    #[test]
    fn the_sandbox_answers_without_the_network() {
        let sandbox = connector(crate::sandbox::CODE).unwrap();
        let settings = Settings::default();
        let mut exchange = Exchange::new(sandbox, &settings, "TL1000000001", "sandbox", None, NOW);
        assert!(matches!(exchange.step(), Step::Done(Ok(_))));
        let mut exchange = Exchange::new(sandbox, &settings, "XX1", "sandbox", None, NOW);
        assert_eq!(exchange.step(), Step::Done(Err(CarrierError::NotFound)));
    }

    #[test]
    fn an_aggregator_named_as_the_carrier_is_told_the_detected_one() {
        let agg = connector("17track").unwrap();
        let settings = Settings::new("http://127.0.0.1:9", &[("SEVENTEEN_TRACK_KEY", "k")]);
        let mut exchange =
            Exchange::new(agg, &settings, "1Z5R89390357567127", "17track", None, NOW);
        let Step::Send(request) = exchange.step() else {
            panic!("a request first")
        };
        let body = request.body.unwrap_or_default();
        assert!(!body.contains("17track"), "{body}");
    }
}
