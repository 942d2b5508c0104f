//! DHL: request built right, response parsed, errors told apart.

use super::*;
use crate::carriers::{HttpResponse, Method, Settings};

fn settings() -> Settings {
    Settings::new("http://127.0.0.1:9999/dhl", &[("DHL_API_KEY", "demo-key")])
}

fn lookup(settings: &Settings) -> Lookup<'_> {
    Lookup {
        number: "1234567890",
        carrier_hint: None,
        settings,
        token: None,
        now: 0,
    }
}

fn response(status: u16, body: &str) -> HttpResponse {
    HttpResponse::new(status, body).with_header("retry-after", "120")
}

#[test]
fn request_has_the_number_and_the_api_key_header() {
    let s = settings();
    let request = Dhl.request(Phase::Track, &lookup(&s)).unwrap();
    assert_eq!(request.method, Method::Get);
    assert_eq!(
        request.url,
        "http://127.0.0.1:9999/dhl/track/shipments?trackingNumber=1234567890"
    );
    assert!(request
        .headers
        .contains(&("DHL-API-Key".into(), "demo-key".into())));
}

#[test]
fn a_missing_key_is_a_credentials_error_before_any_call() {
    let s = Settings {
        base_url: "http://x".into(),
        ..Default::default()
    };
    assert!(matches!(
        Dhl.request(Phase::Track, &lookup(&s)),
        Err(CarrierError::BadCredentials(_))
    ));
}

#[test]
fn parses_events_with_their_offsets_and_refined_statuses() {
    let s = settings();
    let Outcome::Report(report) = Dhl.handle(
        Phase::Track,
        &lookup(&s),
        &response(200, include_str!("fixtures/track_ok.json")),
    ) else {
        panic!("expected a report")
    };
    assert_eq!(report.carrier.name, "DHL Express");
    let seen: Vec<(String, Status, Option<Substatus>)> = report
        .events
        .iter()
        .map(|e| (e.at.to_rfc3339(), e.status, e.substatus))
        .collect();
    let expected = [
        ("2026-11-20T08:12:00+01:00", Status::OutForDelivery, None),
        (
            "2026-11-19T22:40:00+01:00",
            Status::InTransit,
            Some(Substatus::CustomsCleared),
        ),
        (
            "2026-11-19T21:05:00+01:00",
            Status::InTransit,
            Some(Substatus::CustomsProcessing),
        ),
        (
            "2026-11-19T04:31:00+08:00",
            Status::InTransit,
            Some(Substatus::Departed),
        ),
        (
            "2026-11-18T19:02:00+08:00",
            Status::InTransit,
            Some(Substatus::PickedUp),
        ),
        ("2026-11-18T10:00:00+00:00", Status::InfoReceived, None),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(a, s, sub)| (a.to_string(), *s, *sub))
        .collect();
    assert_eq!(seen, expected);
    assert_eq!(
        report.events[3].location.as_ref().unwrap().city.as_deref(),
        Some("HONG KONG")
    );
    assert_eq!(report.origin.unwrap().country.as_deref(), Some("CN"));
    assert_eq!(report.destination.unwrap().city.as_deref(), Some("BERLIN"));
    let eta = report.eta.unwrap();
    assert_eq!(
        (eta.earliest.to_rfc3339(), eta.latest.to_rfc3339()),
        (
            "2026-11-20T09:00:00+01:00".into(),
            "2026-11-20T18:00:00+01:00".into()
        )
    );
    assert_eq!(
        report.events[0].carrier_text, "With delivery courier",
        "said once"
    );
}

#[test]
fn errors_are_told_apart() {
    let s = settings();
    let l = lookup(&s);
    let cases = [
        (
            404,
            include_str!("fixtures/not_found.json"),
            CarrierError::NotFound,
        ),
        (
            401,
            include_str!("fixtures/unauthorized.json"),
            CarrierError::BadCredentials("the carrier answered 401".into()),
        ),
        (
            429,
            "{}",
            CarrierError::RateLimited {
                retry_after_secs: Some(120),
            },
        ),
        (
            503,
            "",
            CarrierError::Down("the carrier answered 503".into()),
        ),
        (200, "{\"shipments\": []}", CarrierError::NotFound),
    ];
    for (status, body, expected) in cases {
        assert_eq!(
            Dhl.handle(Phase::Track, &l, &response(status, body)),
            Outcome::Error(expected),
            "{status}"
        );
    }
    let truncated = &include_str!("fixtures/track_ok.json")[..400];
    assert!(matches!(
        Dhl.handle(Phase::Track, &l, &response(200, truncated)),
        Outcome::Error(CarrierError::NotUnderstood(_))
    ));
}
