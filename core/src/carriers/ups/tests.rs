//! UPS: token and track requests built right, the token phase, activities parsed with their
//! real offsets, errors told apart.

use super::*;
use crate::carriers::{HttpResponse, Method, Settings, Token};

const NOW: i64 = 1_795_165_200;

fn settings() -> Settings {
    Settings::new(
        "http://127.0.0.1:9999/ups",
        &[
            ("UPS_CLIENT_ID", "demo-id"),
            ("UPS_CLIENT_SECRET", "demo-secret"),
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
        number: "1ZA4W8790491375268",
        carrier_hint: None,
        settings,
        token,
        now: NOW,
    }
}

fn response(status: u16, body: &str) -> HttpResponse {
    HttpResponse::new(status, body).with_header("retry-after", "120")
}

#[test]
fn token_request_uses_basic_auth_and_a_form_body() {
    let s = settings();
    let request = Ups.request(Phase::Token, &lookup(&s, None)).unwrap();
    assert_eq!(request.method, Method::Post);
    assert_eq!(
        request.url,
        "http://127.0.0.1:9999/ups/security/v1/oauth/token"
    );
    // base64("demo-id:demo-secret")
    assert_eq!(
        request.header("Authorization"),
        Some("Basic ZGVtby1pZDpkZW1vLXNlY3JldA==")
    );
    assert_eq!(
        request.header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        request.body.as_deref(),
        Some("grant_type=client_credentials")
    );
}

#[test]
fn track_request_has_the_number_the_bearer_and_the_transaction_headers() {
    let s = settings();
    let t = token(NOW + 3600);
    let request = Ups.request(Phase::Track, &lookup(&s, Some(&t))).unwrap();
    assert_eq!(request.method, Method::Get);
    assert_eq!(
        request.url,
        "http://127.0.0.1:9999/ups/api/track/v1/details/1ZA4W8790491375268?locale=en_US"
    );
    assert_eq!(request.header("Authorization"), Some("Bearer demo-token"));
    assert_eq!(request.header("transactionSrc"), Some("trackline"));
    let trans_id = request.header("transId").unwrap();
    assert!(!trans_id.is_empty() && trans_id.len() <= 32, "{trans_id}");
    assert_eq!(request.body, None);
}

#[test]
fn a_token_comes_first_unless_the_cached_one_is_fresh() {
    let s = settings();
    let fresh = token(NOW + 3600);
    let expired = token(NOW - 1);
    let expiring = token(NOW + 59);
    assert_eq!(Ups.first_phase(&lookup(&s, None)), Phase::Token);
    assert_eq!(Ups.first_phase(&lookup(&s, Some(&expired))), Phase::Token);
    assert_eq!(Ups.first_phase(&lookup(&s, Some(&expiring))), Phase::Token);
    assert_eq!(Ups.first_phase(&lookup(&s, Some(&fresh))), Phase::Track);
}

#[test]
fn the_token_answer_gives_a_token_until_it_expires() {
    let s = settings();
    let outcome = Ups.handle(
        Phase::Token,
        &lookup(&s, None),
        &response(200, include_str!("fixtures/token.json")),
    );
    assert_eq!(
        outcome,
        Outcome::Token(Token {
            value: "eyJraWQiOiJkZW1vIiwiYWxnIjoiUlMzODQifQ.demo-ups-token".into(),
            expires_at: NOW + 14399,
        })
    );
    assert_eq!(
        Ups.handle(
            Phase::Token,
            &lookup(&s, None),
            &response(401, include_str!("fixtures/token_error.json")),
        ),
        Outcome::Error(CarrierError::BadCredentials(
            "the token endpoint answered 401: ClientId is Invalid".into()
        ))
    );
}

#[test]
fn parses_activities_with_their_real_offsets_and_statuses() {
    let s = settings();
    let t = token(NOW + 3600);
    let Outcome::Report(report) = Ups.handle(
        Phase::Track,
        &lookup(&s, Some(&t)),
        &response(200, include_str!("fixtures/track_ok.json")),
    ) else {
        panic!("expected a report")
    };
    assert_eq!(report.carrier.name, "UPS");
    assert_eq!(
        report.carrier.tracking_url.as_deref(),
        Some("https://www.ups.com/track?loc=en_US&tracknum=1ZA4W8790491375268")
    );
    let seen: Vec<(String, Status, Option<Substatus>)> = report
        .events
        .iter()
        .map(|e| (e.at.to_rfc3339(), e.status, e.substatus))
        .collect();
    use Status as S;
    use Substatus as Sub;
    let expected = [
        ("2026-11-20T08:10:00-07:00", S::OutForDelivery, None),
        (
            "2026-11-19T14:32:00-07:00",
            S::FailedAttempt,
            Some(Sub::RecipientUnavailable),
        ),
        // No gmtOffset: derived from the local and GMT times.
        ("2026-11-19T07:47:00-07:00", S::OutForDelivery, None),
        (
            "2026-11-18T09:05:00-07:00",
            S::InTransit,
            Some(Sub::Arrived),
        ),
        (
            "2026-11-18T01:15:00-05:00",
            S::InTransit,
            Some(Sub::Departed),
        ),
        // gmtOffset written "-05.00".
        (
            "2026-11-17T20:30:00-05:00",
            S::InTransit,
            Some(Sub::CustomsCleared),
        ),
        (
            "2026-11-17T08:30:00-05:00",
            S::Exception,
            Some(Sub::CustomsHeld),
        ),
        (
            "2026-11-17T06:10:00-05:00",
            S::InTransit,
            Some(Sub::Arrived),
        ),
        (
            "2026-11-17T05:20:00-05:00",
            S::InTransit,
            Some(Sub::Arrived),
        ),
        // gmtTime "21500" without its leading zero, no gmtOffset.
        (
            "2026-11-17T03:15:00+01:00",
            S::InTransit,
            Some(Sub::Departed),
        ),
        // An unknown code with unknown words: its type says in transit.
        ("2026-11-16T23:05:00+01:00", S::InTransit, None),
        (
            "2026-11-16T22:10:00+01:00",
            S::InTransit,
            Some(Sub::Arrived),
        ),
        (
            "2026-11-16T17:30:00+01:00",
            S::InTransit,
            Some(Sub::PickedUp),
        ),
        ("2026-11-16T09:15:02+01:00", S::InfoReceived, None),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(a, s, sub)| (a.to_string(), *s, *sub))
        .collect();
    assert_eq!(seen, expected);
    assert_eq!(
        report.events[1].carrier_text,
        "The receiver was not available for delivery. We'll make a second attempt the next business day."
    );
    assert_eq!(
        report.events[13].carrier_text,
        "Shipper created a label, UPS has not received the package yet."
    );
    let denver = report.events[0].location.clone().unwrap();
    assert_eq!(
        (
            denver.city.as_deref(),
            denver.region.as_deref(),
            denver.postal_code.as_deref(),
            denver.country.as_deref()
        ),
        (Some("DENVER"), Some("CO"), Some("80216"), Some("US"))
    );
    assert_eq!(
        report.events[9].location.as_ref().unwrap().label(),
        "KOELN, DE"
    );
    let origin = report.origin.unwrap();
    assert_eq!(
        (origin.city.as_deref(), origin.country.as_deref()),
        (Some("NEUSS"), Some("DE"))
    );
    assert_eq!(report.destination.unwrap().label(), "DENVER, CO, US");
    // The rescheduled day in the estimated window, at the destination's offset.
    let eta = report.eta.unwrap();
    assert_eq!(
        (eta.earliest.to_rfc3339(), eta.latest.to_rfc3339()),
        (
            "2026-11-20T12:00:00-07:00".into(),
            "2026-11-20T16:00:00-07:00".into()
        )
    );
    assert_eq!(eta.source, EtaSource::Carrier);
}

#[test]
fn a_delivery_says_where_the_parcel_was_left_and_has_no_estimate() {
    let s = settings();
    let t = token(NOW + 3600);
    let body = r#"{"trackResponse":{"shipment":[{"package":[{
        "trackingNumber":"1ZA4W8790491375268",
        "deliveryDate":[{"type":"DEL","date":"20261120"}],
        "deliveryTime":{"type":"DEL","endTime":"131500"},
        "deliveryInformation":{"location":"Front Door","receivedBy":""},
        "activity":[{"status":{"type":"D","code":"FS","description":"DELIVERED "},
                     "date":"20261120","time":"131500","gmtOffset":"-07:00",
                     "location":{"address":{"city":"DENVER","stateProvince":"CO","countryCode":"US"}}}]
    }]}]}}"#;
    let Outcome::Report(report) =
        Ups.handle(Phase::Track, &lookup(&s, Some(&t)), &response(200, body))
    else {
        panic!("expected a report")
    };
    let e = &report.events[0];
    assert_eq!(
        (e.at.to_rfc3339(), e.status, e.substatus),
        (
            "2026-11-20T13:15:00-07:00".into(),
            Status::Delivered,
            Some(Substatus::DeliveredSafePlace)
        )
    );
    assert_eq!(e.carrier_text, "DELIVERED");
    assert_eq!(report.eta, None);
}

#[test]
fn a_delivered_package_past_its_activity_retention_keeps_its_delivery() {
    let s = settings();
    let t = token(NOW + 3600);
    let body = r#"{"trackResponse":{"shipment":[{"package":[{
        "trackingNumber":"1ZA4W8790491375268",
        "currentStatus":{"type":"D","code":"FS","description":"Delivered"},
        "deliveryDate":[{"type":"DEL","date":"20260801"}],
        "deliveryTime":{"type":"DEL","endTime":"103000"},
        "deliveryInformation":{"location":"","receivedBy":"MILLER"}
    }]}]}}"#;
    let Outcome::Report(report) =
        Ups.handle(Phase::Track, &lookup(&s, Some(&t)), &response(200, body))
    else {
        panic!("expected a report")
    };
    let seen: Vec<_> = report
        .events
        .iter()
        .map(|e| (e.at.to_rfc3339(), e.status, e.substatus))
        .collect();
    assert_eq!(
        seen,
        vec![(
            "2026-08-01T10:30:00+00:00".to_owned(),
            Status::Delivered,
            Some(Substatus::DeliveredToRecipient)
        )]
    );
}

#[test]
fn status_types_and_codes_map_as_documented() {
    use Status as S;
    use Substatus as Sub;
    let cases = [
        (
            "M",
            "MP",
            "Shipper created a label, UPS has not received the package yet.",
            (S::InfoReceived, None),
        ),
        (
            "MV",
            "",
            "Billing information voided",
            (S::Exception, Some(Sub::Cancelled)),
        ),
        (
            "P",
            "PU",
            "Pickup Scan",
            (S::InTransit, Some(Sub::PickedUp)),
        ),
        (
            "I",
            "OT",
            "Out For Delivery Today",
            (S::OutForDelivery, None),
        ),
        (
            "I",
            "",
            "Loaded on Delivery Vehicle",
            (S::OutForDelivery, None),
        ),
        ("O", "", "Out for Delivery", (S::OutForDelivery, None)),
        ("D", "FS", "DELIVERED", (S::Delivered, None)),
        (
            "D",
            "",
            "Delivered to UPS Access Point™ - awaiting customer pickup",
            (S::AvailableForPickup, Some(Sub::PickupReady)),
        ),
        (
            "X",
            "",
            "Severe weather conditions have delayed delivery.",
            (S::InTransit, Some(Sub::DelayedWeather)),
        ),
        (
            "X",
            "",
            "The street number is incorrect. This may delay delivery.",
            (S::FailedAttempt, Some(Sub::AddressProblem)),
        ),
        (
            "X",
            "",
            "The receiver refused the delivery.",
            (S::Exception, Some(Sub::Refused)),
        ),
        ("X", "", "Unusual event", (S::Exception, None)),
        (
            "RS",
            "",
            "Returned to shipper",
            (S::Exception, Some(Sub::ReturnedToSender)),
        ),
        (
            "RS",
            "",
            "The package is being returned to the sender.",
            (S::Exception, Some(Sub::ReturningToSender)),
        ),
        ("DO", "", "Delivered Origin CFS", (S::InTransit, None)),
        (
            "DD",
            "",
            "Delivered Destination CFS",
            (S::InTransit, Some(Sub::Arrived)),
        ),
        ("W", "", "Warehouse Scan", (S::InTransit, None)),
        (
            "U",
            "",
            "The delivery date has been updated.",
            (S::InTransit, Some(Sub::DelayedOther)),
        ),
        ("NA", "", "Something new", (S::InTransit, None)),
        (
            "Q",
            "ZZ",
            "Departed from Facility",
            (S::InTransit, Some(Sub::Departed)),
        ),
    ];
    for (kind, code, words, expected) in cases {
        assert_eq!(
            resolve(status_of(kind, code), words),
            expected,
            "{kind}/{code}: {words}"
        );
    }
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
            include_str!("fixtures/not_found.json"),
            Outcome::Error(CarrierError::NotFound),
        ),
        (
            200,
            r#"{"trackResponse":{"shipment":[{"inquiryNumber":"1ZA4W8790491375268","warnings":[{"code":"TW0001","message":"Tracking Information Not Found"}]}]}}"#,
            Outcome::Error(CarrierError::NotFound),
        ),
        // A rejected bearer token: the edge gets a new one (once) and asks again.
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
            Ups.handle(Phase::Track, &with_token, &response(status, body)),
            expected,
            "{status}"
        );
    }
    // A 401 without a token to renew is a credentials problem.
    assert_eq!(
        Ups.handle(
            Phase::Track,
            &lookup(&s, None),
            &response(401, include_str!("fixtures/unauthorized.json"))
        ),
        Outcome::Error(CarrierError::BadCredentials(
            "the carrier answered 401".into()
        ))
    );
    let truncated = &include_str!("fixtures/track_ok.json")[..600];
    assert!(matches!(
        Ups.handle(Phase::Track, &with_token, &response(200, truncated)),
        Outcome::Error(CarrierError::NotUnderstood(_))
    ));
    assert!(matches!(
        Ups.handle(
            Phase::Track,
            &with_token,
            &response(200, r#"{"unexpected":true}"#)
        ),
        Outcome::Error(CarrierError::NotUnderstood(_))
    ));
    assert!(matches!(
        Ups.handle(Phase::Token, &with_token, &response(200, "{\"access_tok")),
        Outcome::Error(CarrierError::NotUnderstood(_))
    ));
}

#[test]
fn missing_secrets_or_token_are_credentials_errors_before_any_call() {
    let mut s = settings();
    s.secrets.remove("UPS_CLIENT_SECRET");
    assert!(matches!(
        Ups.request(Phase::Token, &lookup(&s, None)),
        Err(CarrierError::BadCredentials(_))
    ));
    let empty = Settings::default();
    assert!(matches!(
        Ups.request(Phase::Token, &lookup(&empty, None)),
        Err(CarrierError::BadCredentials(_))
    ));
    assert!(matches!(
        Ups.request(Phase::Track, &lookup(&s, None)),
        Err(CarrierError::BadCredentials(_))
    ));
}
