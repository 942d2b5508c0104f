//! USPS: token and track requests built right, the token phase, event times read with their
//! real offsets, errors told apart.

use super::*;
use crate::carriers::{HttpResponse, Method, Settings, Token};

const NOW: i64 = 1_795_165_200;

fn settings() -> Settings {
    Settings::new(
        "http://127.0.0.1:9999/usps",
        &[
            ("USPS_CLIENT_ID", "demo-key"),
            ("USPS_CLIENT_SECRET", "demo \"secret\""),
        ],
    )
}

fn token(expires_at: i64) -> Token {
    Token {
        value: "demo-token".into(),
        expires_at,
    }
}

fn lookup<'a>(settings: &'a Settings, token: Option<&'a Token>) -> Lookup<'a> {
    Lookup {
        number: "LX902345671GB",
        carrier_hint: None,
        settings,
        token,
        now: NOW,
    }
}

fn response(status: u16, body: &str) -> HttpResponse {
    HttpResponse::new(status, body).with_header("retry-after", "120")
}

fn report_of(body: &str) -> CarrierReport {
    let s = settings();
    let t = token(NOW + 3600);
    match Usps.handle(Phase::Track, &lookup(&s, Some(&t)), &response(200, body)) {
        Outcome::Report(report) => report,
        other => panic!("expected a report, got {other:?}"),
    }
}

#[test]
fn token_request_sends_the_credentials_as_json() {
    let s = settings();
    let request = Usps.request(Phase::Token, &lookup(&s, None)).unwrap();
    assert_eq!(request.method, Method::Post);
    assert_eq!(request.url, "http://127.0.0.1:9999/usps/oauth2/v3/token");
    assert_eq!(request.header("Content-Type"), Some("application/json"));
    let body: serde_json::Value = serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "grant_type": "client_credentials",
            "client_id": "demo-key",
            "client_secret": "demo \"secret\""
        })
    );
}

#[test]
fn track_request_asks_for_details_with_the_bearer() {
    let s = settings();
    let t = token(NOW + 3600);
    let request = Usps.request(Phase::Track, &lookup(&s, Some(&t))).unwrap();
    assert_eq!(request.method, Method::Get);
    assert_eq!(
        request.url,
        "http://127.0.0.1:9999/usps/tracking/v3/tracking/LX902345671GB?expand=DETAIL"
    );
    assert_eq!(request.header("Authorization"), Some("Bearer demo-token"));
    assert_eq!(request.body, None);
}

#[test]
fn a_token_comes_first_unless_the_cached_one_is_fresh() {
    let s = settings();
    let fresh = token(NOW + 3600);
    let expired = token(NOW);
    assert_eq!(Usps.first_phase(&lookup(&s, None)), Phase::Token);
    assert_eq!(Usps.first_phase(&lookup(&s, Some(&expired))), Phase::Token);
    assert_eq!(Usps.first_phase(&lookup(&s, Some(&fresh))), Phase::Track);
}

#[test]
fn the_token_answer_gives_a_token_until_it_expires() {
    let s = settings();
    assert_eq!(
        Usps.handle(
            Phase::Token,
            &lookup(&s, None),
            &response(200, include_str!("fixtures/token.json")),
        ),
        Outcome::Token(Token {
            value: "eyJraWQiOiJkZW1vLXVzcHMiLCJhbGciOiJSUzI1NiJ9.demo-usps-token".into(),
            expires_at: NOW + 28799,
        })
    );
    assert_eq!(
        Usps.handle(
            Phase::Token,
            &lookup(&s, None),
            &response(401, include_str!("fixtures/token_error.json")),
        ),
        Outcome::Error(CarrierError::BadCredentials(
            "the token endpoint answered 401: Client authentication failed: unknown client or wrong secret.".into()
        ))
    );
}

#[test]
fn parses_events_with_their_real_offsets_and_statuses() {
    let report = report_of(include_str!("fixtures/track_ok.json"));
    assert_eq!(report.carrier.name, "USPS");
    assert_eq!(
        report.carrier.tracking_url.as_deref(),
        Some("https://tools.usps.com/go/TrackConfirmAction?tLabels=LX902345671GB")
    );
    use Status as S;
    use Substatus as Sub;
    let expected = [
        (
            "2026-11-17T18:05:00-08:00",
            S::InTransit,
            Some(Sub::DelayedOther),
        ),
        // GMTOffset written "-8:00".
        ("2026-11-17T13:20:00-08:00", S::FailedAttempt, None),
        ("2026-11-17T08:40:00-08:00", S::OutForDelivery, None),
        (
            "2026-11-17T06:02:00-08:00",
            S::InTransit,
            Some(Sub::Arrived),
        ),
        // A local time written with "Z" and no GMTOffset: the offset comes from GMTTimestamp.
        (
            "2026-11-17T03:15:00-08:00",
            S::InTransit,
            Some(Sub::Departed),
        ),
        (
            "2026-11-16T22:40:00-08:00",
            S::InTransit,
            Some(Sub::Arrived),
        ),
        ("2026-11-15T09:30:00-05:00", S::InTransit, None),
        (
            "2026-11-14T16:48:00-05:00",
            S::InTransit,
            Some(Sub::CustomsCleared),
        ),
        (
            "2026-11-14T09:12:00-05:00",
            S::InTransit,
            Some(Sub::CustomsProcessing),
        ),
        (
            "2026-11-14T06:30:00-05:00",
            S::InTransit,
            Some(Sub::Arrived),
        ),
        (
            "2026-11-13T21:10:00+00:00",
            S::InTransit,
            Some(Sub::Departed),
        ),
        (
            "2026-11-12T14:05:00+00:00",
            S::InTransit,
            Some(Sub::PickedUp),
        ),
        ("2026-11-12T09:41:00+00:00", S::InfoReceived, None),
    ];
    let seen: Vec<(String, Status, Option<Substatus>)> = report
        .events
        .iter()
        .map(|e| (e.at.to_rfc3339(), e.status, e.substatus))
        .collect();
    let expected: Vec<_> = expected
        .iter()
        .map(|(a, s, sub)| (a.to_string(), *s, *sub))
        .collect();
    assert_eq!(seen, expected);
    assert_eq!(
        report.events[1].carrier_text,
        "Delivery Attempted - No Access to Delivery Location"
    );
    let portland = report.events[0].location.clone().unwrap();
    assert_eq!(
        (
            portland.city.as_deref(),
            portland.region.as_deref(),
            portland.postal_code.as_deref(),
            portland.country.as_deref()
        ),
        (Some("PORTLAND"), Some("OR"), Some("97205"), Some("US"))
    );
    // A country written out in full is not guessed at; the city stays.
    assert_eq!(
        report.events[10].location.as_ref().unwrap().label(),
        "LONDON"
    );
    assert_eq!(report.events[6].location, None);
    assert_eq!(report.origin.unwrap().label(), "LONDON, GB");
    assert_eq!(report.destination.unwrap().label(), "PORTLAND, OR, US");
    // "Expected delivery by 9:00 pm" (written with a "Z" that is local), at Portland's offset.
    let eta = report.eta.unwrap();
    assert_eq!(
        (eta.earliest.to_rfc3339(), eta.latest.to_rfc3339()),
        (
            "2026-11-18T00:00:00-08:00".into(),
            "2026-11-18T21:00:00-08:00".into()
        )
    );
}

#[test]
fn deliveries_and_pickups_say_where_and_the_category_explains_unknown_codes() {
    let body = r#"{"status":"Delivered, Parcel Locker","statusCategory":"Delivered",
        "destinationCity":"HERNANDO","destinationState":"FL","destinationZIP":"34442",
        "expectedDeliveryTimeStamp":"2026-11-22T21:00:00Z",
        "trackingEvents":[
          {"eventType":"Delivered, Parcel Locker","eventTimestamp":"2026-11-22T13:58:00","GMTOffset":"-05:00",
           "eventCity":"HERNANDO","eventState":"FL","eventZIP":"34442","eventCode":"01"},
          {"eventType":"Notice Left (No Authorized Recipient Available)","eventTimestamp":"2026-11-21T14:10:00","GMTOffset":"-05:00","eventCode":"02"},
          {"eventType":"Available for Pickup","eventTimestamp":"2026-11-21T15:00:00","GMTOffset":"-05:00","eventCode":"16"},
          {"eventType":"Delivered, To Original Sender","eventTimestamp":"2026-11-20T10:00:00","GMTOffset":"-05:00","eventCode":"01"}
        ]}"#;
    let report = report_of(body);
    let seen: Vec<_> = report
        .events
        .iter()
        .map(|e| (e.status, e.substatus))
        .collect();
    assert_eq!(
        seen,
        vec![
            (Status::Delivered, Some(Substatus::DeliveredSafePlace)),
            (Status::FailedAttempt, Some(Substatus::RecipientUnavailable)),
            (Status::AvailableForPickup, Some(Substatus::PickupReady)),
            // A delivery back to the sender is a return.
            (Status::Exception, Some(Substatus::ReturnedToSender)),
        ]
    );
    assert_eq!(report.eta, None);

    // The newest event's unknown code: the item's status category decides.
    let body = r#"{"status":"Held at Post Office, At Customer Request","statusCategory":"Available for Pickup",
        "trackingEvents":[{"eventType":"Held at Post Office, At Customer Request","eventTimestamp":"2026-11-21T09:00:00","GMTOffset":"-06:00","eventCode":"ZZ"},
                          {"eventType":"Mystery scan","eventTimestamp":"2026-11-20T09:00:00","GMTOffset":"-06:00","eventCode":"ZY"}]}"#;
    let report = report_of(body);
    let seen: Vec<_> = report
        .events
        .iter()
        .map(|e| (e.status, e.substatus))
        .collect();
    assert_eq!(
        seen,
        vec![
            (Status::AvailableForPickup, Some(Substatus::PickupReady)),
            (Status::InTransit, None),
        ]
    );
}

#[test]
fn a_predicted_window_is_preferred_to_the_expected_day() {
    let body = r#"{"status":"In Transit to Next Facility","statusCategory":"In Transit",
        "predictedDeliveryDate":"2026-11-19","predictedDeliveryWindowStartTime":"10:30","predictedDeliveryWindowEndTime":"2:30 pm",
        "expectedDeliveryTimeStamp":"2026-11-19T21:00:00Z",
        "trackingEvents":[{"eventType":"In Transit to Next Facility","eventTimestamp":"2026-11-18T09:00:00","GMTOffset":"-07:00","eventCode":"TL"}]}"#;
    let eta = report_of(body).eta.unwrap();
    assert_eq!(
        (eta.earliest.to_rfc3339(), eta.latest.to_rfc3339()),
        (
            "2026-11-19T10:30:00-07:00".into(),
            "2026-11-19T14:30:00-07:00".into()
        )
    );
}

#[test]
fn event_codes_map_as_documented() {
    use Status as S;
    use Substatus as Sub;
    let cases = [
        (
            "GX",
            "Shipping Label Created, USPS Awaiting Item",
            (S::InfoReceived, None),
        ),
        (
            "03",
            "USPS in possession of item",
            (S::InTransit, Some(Sub::PickedUp)),
        ),
        (
            "10",
            "Arrived at USPS Regional Origin Facility",
            (S::InTransit, Some(Sub::Arrived)),
        ),
        (
            "SF",
            "Departed Post Office",
            (S::InTransit, Some(Sub::Departed)),
        ),
        ("OF", "Out for Delivery", (S::OutForDelivery, None)),
        (
            "01",
            "Delivered, In/At Mailbox",
            (S::Delivered, Some(Sub::DeliveredSafePlace)),
        ),
        (
            "01",
            "Delivered, Left with Individual",
            (S::Delivered, Some(Sub::DeliveredToRecipient)),
        ),
        ("01", "Delivered", (S::Delivered, None)),
        (
            "43",
            "Picked Up",
            (S::Delivered, Some(Sub::CollectedFromPickup)),
        ),
        (
            "02",
            "Notice Left (Receptacle Full/Item Oversized)",
            (S::FailedAttempt, None),
        ),
        (
            "51",
            "Business Closed",
            (S::FailedAttempt, Some(Sub::RecipientUnavailable)),
        ),
        ("04", "Refused", (S::Exception, Some(Sub::Refused))),
        (
            "22",
            "Insufficient Address",
            (S::Exception, Some(Sub::AddressProblem)),
        ),
        (
            "27",
            "Unclaimed/Being Returned to Sender",
            (S::Exception, Some(Sub::ReturningToSender)),
        ),
        ("11", "Dead Letter", (S::Exception, Some(Sub::Lost))),
        (
            "44",
            "Customer Recall",
            (S::Exception, Some(Sub::Cancelled)),
        ),
        ("08", "Missent", (S::InTransit, Some(Sub::DelayedOther))),
        (
            "EXB",
            "Held by Export Customs",
            (S::Exception, Some(Sub::CustomsHeld)),
        ),
    ];
    for (code, words, expected) in cases {
        assert_eq!(resolve(status_of(code), words), expected, "{code}: {words}");
    }
    assert_eq!(status_of("ZZ"), None);
}

#[test]
fn errors_are_told_apart() {
    let s = settings();
    let t = token(NOW + 3600);
    let with_token = lookup(&s, Some(&t));
    let cases = [
        (
            404,
            include_str!("fixtures/not_found.json"),
            Outcome::Error(CarrierError::NotFound),
        ),
        (
            400,
            r#"{"apiVersion":"/tracking/v3","error":{"code":"400","message":"Bad Request","errors":[{"status":"400","title":"Invalid tracking number"}]}}"#,
            Outcome::Error(CarrierError::NotFound),
        ),
        (
            200,
            r#"{"trackingNumber":"LX902345671GB","trackingEvents":[]}"#,
            Outcome::Error(CarrierError::NotFound),
        ),
        (
            401,
            include_str!("fixtures/unauthorized.json"),
            Outcome::Next(Phase::Token),
        ),
        (
            403,
            "{}",
            Outcome::Error(CarrierError::BadCredentials(
                "the carrier answered 403".into(),
            )),
        ),
        (
            429,
            "{}",
            Outcome::Error(CarrierError::RateLimited {
                retry_after_secs: Some(120),
            }),
        ),
        (
            503,
            "",
            Outcome::Error(CarrierError::Down("the carrier answered 503".into())),
        ),
    ];
    for (status, body, expected) in cases {
        assert_eq!(
            Usps.handle(Phase::Track, &with_token, &response(status, body)),
            expected,
            "{status}: {body}"
        );
    }
    let truncated = &include_str!("fixtures/track_ok.json")[..900];
    assert!(matches!(
        Usps.handle(Phase::Track, &with_token, &response(200, truncated)),
        Outcome::Error(CarrierError::NotUnderstood(_))
    ));
    assert!(matches!(
        Usps.handle(Phase::Track, &with_token, &response(200, "[1, 2]")),
        Outcome::Error(CarrierError::NotUnderstood(_))
    ));
}

#[test]
fn missing_secrets_or_token_are_credentials_errors_before_any_call() {
    let mut s = settings();
    s.secrets.insert("USPS_CLIENT_SECRET".into(), String::new());
    assert!(matches!(
        Usps.request(Phase::Token, &lookup(&s, None)),
        Err(CarrierError::BadCredentials(_))
    ));
    assert!(matches!(
        Usps.request(Phase::Track, &lookup(&s, None)),
        Err(CarrierError::BadCredentials(_))
    ));
}
