//! FedEx: token and track requests built right, the token phase, scan events parsed with their
//! offsets, per-result errors and HTTP errors told apart.

use super::*;
use crate::carriers::{HttpResponse, Method, Settings, Token};

const NOW: i64 = 1_795_165_200;

fn settings() -> Settings {
    Settings::new(
        "http://127.0.0.1:9999/fedex",
        &[
            ("FEDEX_CLIENT_ID", "l7demo-id"),
            ("FEDEX_CLIENT_SECRET", "s3cr&t=+/"),
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
        number: "794612345678",
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
    match Fedex.handle(Phase::Track, &lookup(&s, Some(&t)), &response(200, body)) {
        Outcome::Report(report) => report,
        other => panic!("expected a report, got {other:?}"),
    }
}

#[test]
fn token_request_sends_the_credentials_in_a_form_body() {
    let s = settings();
    let request = Fedex.request(Phase::Token, &lookup(&s, None)).unwrap();
    assert_eq!(request.method, Method::Post);
    assert_eq!(request.url, "http://127.0.0.1:9999/fedex/oauth/token");
    assert_eq!(
        request.header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(request.header("Authorization"), None);
    assert_eq!(
        request.body.as_deref(),
        Some("grant_type=client_credentials&client_id=l7demo-id&client_secret=s3cr%26t%3D%2B%2F")
    );
}

#[test]
fn track_request_posts_the_number_with_detailed_scans_and_the_bearer() {
    let s = settings();
    let t = token(NOW + 3600);
    let request = Fedex.request(Phase::Track, &lookup(&s, Some(&t))).unwrap();
    assert_eq!(request.method, Method::Post);
    assert_eq!(
        request.url,
        "http://127.0.0.1:9999/fedex/track/v1/trackingnumbers"
    );
    assert_eq!(request.header("Authorization"), Some("Bearer demo-token"));
    assert_eq!(request.header("Content-Type"), Some("application/json"));
    let body: serde_json::Value = serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "includeDetailedScans": true,
            "trackingInfo": [{"trackingNumberInfo": {"trackingNumber": "794612345678"}}]
        })
    );
}

#[test]
fn a_token_comes_first_unless_the_cached_one_is_fresh() {
    let s = settings();
    let fresh = token(NOW + 3600);
    let expired = token(NOW - 10);
    assert_eq!(Fedex.first_phase(&lookup(&s, None)), Phase::Token);
    assert_eq!(Fedex.first_phase(&lookup(&s, Some(&expired))), Phase::Token);
    assert_eq!(Fedex.first_phase(&lookup(&s, Some(&fresh))), Phase::Track);
}

#[test]
fn the_token_answer_gives_a_token_until_it_expires() {
    let s = settings();
    assert_eq!(
        Fedex.handle(
            Phase::Token,
            &lookup(&s, None),
            &response(200, include_str!("fixtures/token.json")),
        ),
        Outcome::Token(Token {
            value: "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.demo-fedex-token".into(),
            expires_at: NOW + 3599,
        })
    );
    assert_eq!(
        Fedex.handle(
            Phase::Token,
            &lookup(&s, None),
            &response(401, include_str!("fixtures/unauthorized.json")),
        ),
        Outcome::Error(CarrierError::BadCredentials(
            "the token endpoint answered 401: The given client credentials were not valid. Please modify your request and try again.".into()
        ))
    );
}

#[test]
fn parses_scan_events_with_their_offsets_and_statuses() {
    let report = report_of(include_str!("fixtures/track_ok.json"));
    assert_eq!(report.carrier.name, "FedEx Express");
    assert_eq!(
        report.carrier.tracking_url.as_deref(),
        Some("https://www.fedex.com/fedextrack/?trknbr=794612345678")
    );
    use Status as S;
    use Substatus as Sub;
    let expected = [
        ("2026-11-19T08:12:00-06:00", S::OutForDelivery, None),
        (
            "2026-11-18T17:40:00-06:00",
            S::FailedAttempt,
            Some(Sub::RecipientUnavailable),
        ),
        ("2026-11-18T08:05:00-06:00", S::OutForDelivery, None),
        (
            "2026-11-18T06:55:00-06:00",
            S::InTransit,
            Some(Sub::Arrived),
        ),
        (
            "2026-11-18T02:10:00-06:00",
            S::InTransit,
            Some(Sub::Departed),
        ),
        (
            "2026-11-17T19:22:00-06:00",
            S::InTransit,
            Some(Sub::CustomsCleared),
        ),
        (
            "2026-11-17T08:15:00-06:00",
            S::Exception,
            Some(Sub::CustomsHeld),
        ),
        ("2026-11-17T06:40:00-06:00", S::InTransit, None),
        // Anchorage, the day before in local time: across the date line.
        (
            "2026-11-16T15:05:00-09:00",
            S::InTransit,
            Some(Sub::Arrived),
        ),
        (
            "2026-11-17T01:30:00+09:00",
            S::InTransit,
            Some(Sub::Departed),
        ),
        (
            "2026-11-16T21:10:00+09:00",
            S::InTransit,
            Some(Sub::Arrived),
        ),
        (
            "2026-11-16T16:45:00+09:00",
            S::InTransit,
            Some(Sub::PickedUp),
        ),
        ("2026-11-16T10:20:31+09:00", S::InfoReceived, None),
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
        "Delivery exception: Customer not available or business closed"
    );
    assert_eq!(
        report.events[6].carrier_text,
        "Clearance delay - Import: Import documentation required"
    );
    assert_eq!(
        report.events[1].location.as_ref().unwrap().label(),
        "CHICAGO, IL, US"
    );
    assert_eq!(
        report.events[1]
            .location
            .as_ref()
            .unwrap()
            .postal_code
            .as_deref(),
        Some("60614")
    );
    assert_eq!(
        report.events[9].location.as_ref().unwrap().label(),
        "NARITA-SHI, JP"
    );
    // The label event has an empty scan location.
    assert_eq!(report.events[12].location, None);
    assert_eq!(report.origin.unwrap().label(), "TOKYO, JP");
    assert_eq!(report.destination.unwrap().label(), "CHICAGO, IL, US");
    let eta = report.eta.unwrap();
    assert_eq!(
        (
            eta.earliest.to_rfc3339(),
            eta.latest.to_rfc3339(),
            eta.confidence
        ),
        (
            "2026-11-19T09:00:00-06:00".into(),
            "2026-11-19T13:00:00-06:00".into(),
            0.8
        )
    );
}

#[test]
fn a_delivery_says_where_it_was_left_and_has_no_estimate() {
    let body = r#"{"output":{"completeTrackResults":[{"trackResults":[{
        "trackingNumberInfo":{"carrierCode":"FDXG"},
        "deliveryDetails":{"receivedByName":"","locationDescription":"Front porch"},
        "standardTransitTimeWindow":{"window":{"ends":"2026-11-20T00:00:00-05:00"}},
        "scanEvents":[{"date":"2026-11-20T14:02:00-05:00","eventType":"DL","eventDescription":"Delivered",
                       "scanLocation":{"city":"ATLANTA","stateOrProvinceCode":"GA","countryCode":"US"}}]
    }]}]}}"#;
    let report = report_of(body);
    assert_eq!(report.carrier.name, "FedEx Ground");
    let e = &report.events[0];
    assert_eq!(
        (e.status, e.substatus),
        (Status::Delivered, Some(Substatus::DeliveredSafePlace))
    );
    assert_eq!(report.eta, None);

    let signed = body.replace(
        r#""receivedByName":"","locationDescription":"Front porch""#,
        r#""receivedByName":"J.SMITH""#,
    );
    assert_eq!(
        report_of(&signed).events[0].substatus,
        Some(Substatus::DeliveredToRecipient)
    );
}

#[test]
fn the_latest_status_gives_the_reason_of_a_bare_delivery_exception() {
    let body = r#"{"output":{"completeTrackResults":[{"trackResults":[{
        "latestStatusDetail":{"code":"DE","derivedCode":"DE","description":"Delivery exception",
            "ancillaryDetails":[{"reason":"15","reasonDescription":"Customer not available or business closed",
                                 "action":"Contact us to discuss possible delivery or pickup alternatives."}]},
        "scanEvents":[{"date":"2026-11-18T17:40:00-06:00","eventType":"DE","eventDescription":"Delivery exception"},
                      {"date":"2026-11-18T08:05:00-06:00","eventType":"OD","eventDescription":"On FedEx vehicle for delivery"}]
    }]}]}}"#;
    let report = report_of(body);
    assert_eq!(
        (report.events[0].status, report.events[0].substatus),
        (Status::FailedAttempt, Some(Substatus::RecipientUnavailable))
    );
    assert_eq!(report.events[0].carrier_text, "Delivery exception");
    assert_eq!(report.carrier.name, "FedEx");
}

#[test]
fn estimates_fall_back_to_the_standard_transit_day() {
    let body = r#"{"output":{"completeTrackResults":[{"trackResults":[{
        "standardTransitTimeWindow":{"window":{"ends":"2026-11-20T00:00:00"}},
        "scanEvents":[{"date":"2026-11-18T10:00:00-05:00","eventType":"PU","eventDescription":"Picked up"}]
    }]}]}}"#;
    let eta = report_of(body).eta.unwrap();
    assert_eq!(
        (
            eta.earliest.to_rfc3339(),
            eta.latest.to_rfc3339(),
            eta.confidence
        ),
        (
            "2026-11-20T00:00:00-05:00".into(),
            "2026-11-20T23:59:59-05:00".into(),
            0.5
        )
    );
}

#[test]
fn status_codes_map_as_documented() {
    use Status as S;
    use Substatus as Sub;
    let cases = [
        (
            "OC",
            "Shipment information sent to FedEx",
            (S::InfoReceived, None),
        ),
        ("PU", "Picked up", (S::InTransit, Some(Sub::PickedUp))),
        (
            "CP",
            "Clearance in progress",
            (S::InTransit, Some(Sub::CustomsProcessing)),
        ),
        (
            "DE",
            "Delivery exception: Incorrect address",
            (S::FailedAttempt, Some(Sub::AddressProblem)),
        ),
        (
            "DE",
            "Delivery exception: Refused by recipient",
            (S::FailedAttempt, Some(Sub::Refused)),
        ),
        ("DE", "Delivery exception", (S::FailedAttempt, None)),
        (
            "DY",
            "Delay (weather delay)",
            (S::InTransit, Some(Sub::DelayedWeather)),
        ),
        (
            "DD",
            "Delivery delay",
            (S::InTransit, Some(Sub::DelayedOther)),
        ),
        (
            "SE",
            "Shipment exception: Package damaged",
            (S::Exception, Some(Sub::Damaged)),
        ),
        ("SE", "Shipment exception", (S::Exception, None)),
        (
            "HP",
            "Ready for recipient pickup",
            (S::AvailableForPickup, Some(Sub::PickupReady)),
        ),
        (
            "HL",
            "Hold at location",
            (S::AvailableForPickup, Some(Sub::PickupReady)),
        ),
        (
            "RS",
            "Return to shipper",
            (S::Exception, Some(Sub::ReturningToSender)),
        ),
        (
            "CA",
            "Shipment cancelled by sender",
            (S::Exception, Some(Sub::Cancelled)),
        ),
        ("DL", "Delivered", (S::Delivered, None)),
        ("IN", "Label created", (S::InfoReceived, None)),
    ];
    for (code, words, expected) in cases {
        assert_eq!(resolve(status_of(code), words), expected, "{code}: {words}");
    }
    // An unknown code goes by the words.
    assert_eq!(status_of("ZZ"), None);
    assert_eq!(
        resolve(status_of("ZZ"), "Departed FedEx hub"),
        (S::InTransit, Some(Sub::Departed))
    );
}

#[test]
fn errors_are_told_apart() {
    let s = settings();
    let t = token(NOW + 3600);
    let with_token = lookup(&s, Some(&t));
    let cases = [
        (
            200,
            include_str!("fixtures/not_found.json"),
            Outcome::Error(CarrierError::NotFound),
        ),
        (
            404,
            r#"{"errors":[{"code":"TRACKING.TRACKINGNUMBER.NOTFOUND","message":"Tracking number cannot be found."}]}"#,
            Outcome::Error(CarrierError::NotFound),
        ),
        (
            401,
            include_str!("fixtures/unauthorized.json"),
            Outcome::Next(Phase::Token),
        ),
        (
            403,
            r#"{"errors":[{"code":"FORBIDDEN.ERROR","message":"We could not authorize your credentials."}]}"#,
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
            500,
            "",
            Outcome::Error(CarrierError::Down("the carrier answered 500".into())),
        ),
        (
            200,
            r#"{"output":{"completeTrackResults":[]}}"#,
            Outcome::Error(CarrierError::NotFound),
        ),
    ];
    for (status, body, expected) in cases {
        assert_eq!(
            Fedex.handle(Phase::Track, &with_token, &response(status, body)),
            expected,
            "{status}: {body}"
        );
    }
    assert_eq!(
        Fedex.handle(
            Phase::Track,
            &with_token,
            &response(200, r#"{"output":{"completeTrackResults":[{"trackResults":[{"error":{"code":"SYSTEM.UNEXPECTED.ERROR","message":"Something went wrong"}}]}]}}"#)
        ),
        Outcome::Error(CarrierError::NotUnderstood(
            "FedEx error SYSTEM.UNEXPECTED.ERROR: Something went wrong".into()
        ))
    );
    let truncated = &include_str!("fixtures/track_ok.json")[..700];
    assert!(matches!(
        Fedex.handle(Phase::Track, &with_token, &response(200, truncated)),
        Outcome::Error(CarrierError::NotUnderstood(_))
    ));
}

#[test]
fn missing_secrets_or_token_are_credentials_errors_before_any_call() {
    let mut s = settings();
    s.secrets.remove("FEDEX_CLIENT_ID");
    assert!(matches!(
        Fedex.request(Phase::Token, &lookup(&s, None)),
        Err(CarrierError::BadCredentials(_))
    ));
    assert!(matches!(
        Fedex.request(Phase::Track, &lookup(&s, None)),
        Err(CarrierError::BadCredentials(_))
    ));
}
