//! AfterShip: requests built right, create-then-read flow, answers parsed, errors told
//! apart, pushes verified.

use super::*;
use crate::carriers::{HttpResponse, Method, Settings};

const NUMBER: &str = "1Z999AA10123456784";
const SECRET: &str = "test-webhook-secret";

fn settings() -> Settings {
    Settings::new(
        "http://127.0.0.1:9999/aftership",
        &[(API_KEY, "test-api-key"), (WEBHOOK_SECRET, SECRET)],
    )
}

fn lookup<'a>(settings: &'a Settings, hint: Option<&'a str>) -> Lookup<'a> {
    Lookup {
        number: NUMBER,
        carrier_hint: hint,
        settings,
        token: None,
        now: 1_795_000_000,
    }
}

fn response(status: u16, body: &str) -> HttpResponse {
    HttpResponse::new(status, body)
}

fn signed(body: &str, secret: &str) -> Push {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body.as_bytes());
    let sign = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    Push {
        received_at: 0,
        headers: vec![("aftership-hmac-sha256".into(), sign)],
        body: body.into(),
    }
}

#[test]
fn track_request_reads_the_tracking_by_number_and_slug() {
    let s = settings();
    let request = AfterShip
        .request(Phase::Track, &lookup(&s, Some("ups")))
        .unwrap();
    assert_eq!(request.method, Method::Get);
    assert_eq!(
        request.url,
        "http://127.0.0.1:9999/aftership/tracking/2026-07/trackings?tracking_numbers=1Z999AA10123456784&slug=ups"
    );
    assert!(request
        .headers
        .contains(&("as-api-key".into(), "test-api-key".into())));
    assert_eq!(request.body, None);
    // No slug AfterShip would know: AfterShip finds the courier.
    let request = AfterShip
        .request(Phase::Track, &lookup(&s, Some("somewhere_post")))
        .unwrap();
    assert!(request
        .url
        .ends_with("?tracking_numbers=1Z999AA10123456784"));
    let request = AfterShip
        .request(Phase::Track, &lookup(&s, Some("sf_express")))
        .unwrap();
    assert!(request.url.ends_with("&slug=sf-express"));
}

#[test]
fn register_request_creates_the_tracking() {
    let s = settings();
    let request = AfterShip
        .request(Phase::Register, &lookup(&s, Some("ups")))
        .unwrap();
    assert_eq!(request.method, Method::Post);
    assert_eq!(
        request.url,
        "http://127.0.0.1:9999/aftership/tracking/2026-07/trackings"
    );
    assert_eq!(
        request.body.as_deref(),
        Some(r#"{"tracking_number":"1Z999AA10123456784","slug":"ups"}"#)
    );
    assert!(request
        .headers
        .contains(&("Content-Type".into(), "application/json".into())));
    let request = AfterShip
        .request(Phase::Register, &lookup(&s, None))
        .unwrap();
    assert_eq!(
        request.body.as_deref(),
        Some(r#"{"tracking_number":"1Z999AA10123456784"}"#)
    );
}

#[test]
fn a_missing_key_is_a_credentials_error_before_any_call() {
    let s = Settings::default();
    assert!(matches!(
        AfterShip.request(Phase::Track, &lookup(&s, None)),
        Err(CarrierError::BadCredentials(_))
    ));
}

#[test]
fn an_untracked_number_is_created_then_read() {
    let s = settings();
    let l = lookup(&s, Some("ups"));
    for (status, body) in [
        (200, include_str!("fixtures/tracking_none.json")),
        (404, include_str!("fixtures/tracking_not_exist.json")),
        (400, include_str!("fixtures/tracking_not_exist.json")),
    ] {
        assert_eq!(
            AfterShip.handle(Phase::Track, &l, &response(status, body)),
            Outcome::Next(Phase::Register),
            "{status}"
        );
    }
    for (status, body) in [
        (201, include_str!("fixtures/created.json")),
        (400, include_str!("fixtures/already_exists.json")),
    ] {
        assert_eq!(
            AfterShip.handle(Phase::Register, &l, &response(status, body)),
            Outcome::Next(Phase::Track),
            "{status}"
        );
    }
    // Created, but no checkpoint yet.
    assert_eq!(
        AfterShip.handle(
            Phase::Track,
            &l,
            &response(200, include_str!("fixtures/pending.json"))
        ),
        Outcome::Error(CarrierError::NotFound)
    );
}

#[test]
fn parses_checkpoints_with_offsets_statuses_places_and_eta() {
    let s = settings();
    let Outcome::Report(report) = AfterShip.handle(
        Phase::Track,
        &lookup(&s, Some("ups")),
        &response(200, include_str!("fixtures/tracking_ok.json")),
    ) else {
        panic!("expected a report")
    };
    assert_eq!(report.carrier.code, "ups");
    assert_eq!(report.carrier.name, "UPS");
    assert_eq!(
        report.carrier.tracking_url.as_deref(),
        Some("https://www.ups.com/track?loc=en_US&tracknum=1Z999AA10123456784")
    );
    let seen: Vec<(String, Status, Option<Substatus>)> = report
        .events
        .iter()
        .map(|e| (e.at.to_rfc3339(), e.status, e.substatus))
        .collect();
    let expected = [
        ("2026-11-17T09:30:00+00:00", Status::InfoReceived, None),
        (
            "2026-11-18T18:42:00+08:00",
            Status::InTransit,
            Some(Substatus::PickedUp),
        ),
        (
            "2026-11-19T02:15:00+08:00",
            Status::InTransit,
            Some(Substatus::Departed),
        ),
        (
            "2026-11-19T13:05:00-08:00",
            Status::InTransit,
            Some(Substatus::CustomsProcessing),
        ),
        (
            "2026-11-20T16:40:00-08:00",
            Status::InTransit,
            Some(Substatus::CustomsCleared),
        ),
        (
            "2026-11-21T05:10:00-08:00",
            Status::InTransit,
            Some(Substatus::DelayedWeather),
        ),
        ("2026-11-23T08:00:00-08:00", Status::OutForDelivery, None),
        (
            "2026-11-23T16:02:00-08:00",
            Status::FailedAttempt,
            Some(Substatus::RecipientUnavailable),
        ),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(a, s, sub)| (a.to_string(), *s, *sub))
        .collect();
    assert_eq!(seen, expected);
    assert_eq!(report.events[1].carrier_text, "Pickup Scan");
    let pickup = report.events[1].location.as_ref().unwrap();
    assert_eq!(
        (
            pickup.city.as_deref(),
            pickup.region.as_deref(),
            pickup.country.as_deref()
        ),
        (Some("Shenzhen"), Some("Guangdong"), Some("CN"))
    );
    assert_eq!((pickup.lat, pickup.lon), (Some(22.5431), Some(114.0579)));
    // Older `coordinates: [lat, lon]` are read too.
    let attempt = report.events[7].location.as_ref().unwrap();
    assert_eq!((attempt.lat, attempt.lon), (Some(34.0522), Some(-118.2437)));
    assert_eq!(attempt.postal_code.as_deref(), Some("90001"));
    assert_eq!(
        report.events[0]
            .location
            .as_ref()
            .unwrap()
            .country
            .as_deref(),
        Some("CN")
    );
    let origin = report.origin.unwrap();
    assert_eq!(
        (origin.country.as_deref(), origin.postal_code.as_deref()),
        (Some("CN"), Some("518000"))
    );
    let destination = report.destination.unwrap();
    assert_eq!(
        (destination.city.as_deref(), destination.country.as_deref()),
        (Some("Los Angeles"), Some("US"))
    );
    // The carrier's day, in the recipient's (newest scan's) offset, wins over AfterShip's.
    let eta = report.eta.unwrap();
    assert_eq!(
        (eta.earliest.to_rfc3339(), eta.latest.to_rfc3339()),
        (
            "2026-11-25T00:00:00-08:00".into(),
            "2026-11-25T23:59:59-08:00".into()
        )
    );
    assert_eq!(eta.source, EtaSource::Carrier);
}

#[test]
fn aftership_s_own_estimate_is_a_prediction() {
    let body = include_str!("fixtures/tracking_ok.json").replace(
        r#""courier_estimated_delivery_date": { "estimated_delivery_date": "2026-11-25", "estimated_delivery_date_min": null, "estimated_delivery_date_max": null },"#,
        "",
    );
    let s = settings();
    let Outcome::Report(report) =
        AfterShip.handle(Phase::Track, &lookup(&s, None), &response(200, &body))
    else {
        panic!("expected a report")
    };
    let eta = report.eta.unwrap();
    assert_eq!(eta.source, EtaSource::Predicted);
    assert_eq!(
        (eta.earliest.to_rfc3339(), eta.latest.to_rfc3339()),
        (
            "2026-11-25T00:00:00-08:00".into(),
            "2026-11-27T23:59:59-08:00".into()
        )
    );
}

#[test]
fn every_documented_subtag_maps_under_its_tag() {
    let mut subtags: Vec<String> = Vec::new();
    subtags.extend((1..=6).map(|i| format!("Pending_{i:03}")));
    subtags.push("InfoReceived_001".into());
    subtags.extend((1..=9).map(|i| format!("InTransit_{i:03}")));
    subtags.extend((1..=4).map(|i| format!("OutForDelivery_{i:03}")));
    subtags.extend((1..=3).map(|i| format!("AttemptFail_{i:03}")));
    subtags.extend((1..=5).map(|i| format!("Delivered_{i:03}")));
    subtags.push("AvailableForPickup_001".into());
    subtags.extend((1..=21).map(|i| format!("Exception_{i:03}")));
    subtags.push("Expired_001".into());
    for subtag in &subtags {
        let tag = subtag.split('_').next().unwrap();
        assert!(status_of(tag).is_some(), "{tag}");
        assert!(status_of(subtag).is_some(), "{subtag}");
    }
    // The mapping agrees with Trackline's published compatibility table where that one is
    // specific.
    for (subtag, expected) in [
        (
            "InTransit_002",
            (Status::InTransit, Some(Substatus::PickedUp)),
        ),
        (
            "InTransit_003",
            (Status::InTransit, Some(Substatus::Arrived)),
        ),
        (
            "InTransit_007",
            (Status::InTransit, Some(Substatus::Departed)),
        ),
        (
            "Exception_010",
            (Status::Exception, Some(Substatus::ReturningToSender)),
        ),
        (
            "Exception_011",
            (Status::Exception, Some(Substatus::ReturnedToSender)),
        ),
        (
            "Exception_012",
            (Status::Exception, Some(Substatus::Damaged)),
        ),
        ("Exception_013", (Status::Exception, Some(Substatus::Lost))),
        (
            "Exception_017",
            (Status::InTransit, Some(Substatus::DelayedWeather)),
        ),
        (
            "Delivered_002",
            (Status::Delivered, Some(Substatus::CollectedFromPickup)),
        ),
    ] {
        assert_eq!(status_of(subtag), Some(expected), "{subtag}");
        let (status, substatus) = expected;
        assert_eq!(
            crate::compat::aftership(status, substatus).1,
            subtag,
            "{subtag}"
        );
    }
    assert_eq!(status_of("Exception_999"), None);
}

#[test]
fn errors_are_told_apart() {
    let s = settings();
    let l = lookup(&s, None);
    let cases = [
        (
            401,
            include_str!("fixtures/unauthorized.json"),
            CarrierError::BadCredentials("the carrier answered 401".into()),
        ),
        (
            403,
            "",
            CarrierError::BadCredentials("the carrier answered 403".into()),
        ),
        (
            503,
            "upstream connect error",
            CarrierError::Down("the carrier answered 503".into()),
        ),
        (
            400,
            r#"{"meta":{"code":4005,"message":"The value of `tracking_number` is invalid.","type":"BadRequest"},"data":{}}"#,
            CarrierError::NotFound,
        ),
        (
            400,
            r#"{"meta":{"code":4001,"message":"Invalid JSON data.","type":"BadRequest"},"data":{}}"#,
            CarrierError::NotUnderstood("AfterShip error 4001: the request was refused".into()),
        ),
        (
            418,
            "",
            CarrierError::NotUnderstood("unexpected status 418".into()),
        ),
    ];
    for (status, body, expected) in cases {
        assert_eq!(
            AfterShip.handle(Phase::Track, &l, &response(status, body)),
            Outcome::Error(expected),
            "{status}"
        );
    }
    // Rate limited: Retry-After when given, else the reset time AfterShip sends.
    let mut limited = response(429, include_str!("fixtures/rate_limited.json"));
    limited.headers = vec![("x-ratelimit-reset".into(), "1795000007".into())];
    assert_eq!(
        AfterShip.handle(Phase::Track, &l, &limited),
        Outcome::Error(CarrierError::RateLimited {
            retry_after_secs: Some(7)
        })
    );
    limited.headers = vec![("retry-after".into(), "2".into())];
    assert_eq!(
        AfterShip.handle(Phase::Track, &l, &limited),
        Outcome::Error(CarrierError::RateLimited {
            retry_after_secs: Some(2)
        })
    );
    let full = include_str!("fixtures/tracking_ok.json");
    // Cut anywhere: never a panic, always not understood.
    for cut in (0..full.trim_end().len()).filter(|i| full.is_char_boundary(*i)) {
        assert!(
            matches!(
                AfterShip.handle(Phase::Track, &l, &response(200, &full[..cut])),
                Outcome::Error(CarrierError::NotUnderstood(_))
            ),
            "cut at {cut}"
        );
    }
    for body in [
        r#"{"meta":{"code":"ok"},"data":{}}"#,
        r#"{"meta":{"code":200},"data":{"trackings":[{"tracking_number":"1Z999AA10123456784","checkpoints":{}}]}}"#,
        r#"{"data":{}}"#,
    ] {
        assert!(matches!(
            AfterShip.handle(Phase::Track, &l, &response(200, body)),
            Outcome::Error(CarrierError::NotUnderstood(_))
        ));
    }
}

#[test]
fn a_signed_push_is_verified_and_parsed() {
    let s = settings();
    let pushed = AfterShip
        .push(
            &signed(include_str!("fixtures/push_update.json"), SECRET),
            &s,
        )
        .unwrap();
    assert_eq!(pushed.len(), 1);
    let pushed = &pushed[0];
    assert_eq!(pushed.number, "00340434161094042557");
    assert_eq!(pushed.carrier_hint.as_deref(), Some("royal_mail"));
    assert_eq!(pushed.report.carrier.name, "Royal Mail");
    assert_eq!(
        pushed.report.carrier.tracking_url.as_deref(),
        Some("https://www.royalmail.com/track-your-item#/tracking-results/00340434161094042557")
    );
    let last = &pushed.report.events[1];
    assert_eq!(last.at.to_rfc3339(), "2026-11-22T14:20:00+01:00");
    assert_eq!(
        (last.status, last.substatus),
        (Status::Exception, Some(Substatus::CustomsHeld))
    );
    assert_eq!(last.carrier_text, "Held by customs: import duties to pay");
    assert_eq!(
        pushed
            .report
            .destination
            .as_ref()
            .unwrap()
            .country
            .as_deref(),
        Some("DE")
    );
    // A tracking without checkpoints changes nothing.
    let empty = r#"{"event":"tracking_update","msg":{"tracking_number":"1Z999AA10123456784","slug":"ups","checkpoints":[]}}"#;
    assert_eq!(AfterShip.push(&signed(empty, SECRET), &s), Ok(Vec::new()));
}

#[test]
fn forged_unsigned_or_broken_pushes_are_refused() {
    let s = settings();
    let body = include_str!("fixtures/push_update.json");
    assert_eq!(
        AfterShip.push(&signed(body, "another-secret"), &s),
        Err(PushError::BadSignature)
    );
    let mut tampered = signed(body, SECRET);
    tampered.body = tampered.body.replace("Exception_004", "Delivered_001");
    assert_eq!(AfterShip.push(&tampered, &s), Err(PushError::BadSignature));
    let mut unsigned = signed(body, SECRET);
    unsigned.headers.clear();
    assert_eq!(AfterShip.push(&unsigned, &s), Err(PushError::BadSignature));
    unsigned.headers = vec![("aftership-hmac-sha256".into(), "%%% not base64".into())];
    assert_eq!(AfterShip.push(&unsigned, &s), Err(PushError::BadSignature));
    assert_eq!(
        AfterShip.push(&signed(body, SECRET), &Settings::default()),
        Err(PushError::BadSignature)
    );
    for cut in (0..body.trim_end().len()).filter(|i| body.is_char_boundary(*i)) {
        let truncated = signed(&body[..cut], SECRET);
        assert!(
            matches!(AfterShip.push(&truncated, &s), Err(PushError::Malformed(_))),
            "cut at {cut}"
        );
    }
    let no_msg = signed(r#"{"event":"tracking_update"}"#, SECRET);
    assert!(matches!(
        AfterShip.push(&no_msg, &s),
        Err(PushError::Malformed(_))
    ));
}

#[test]
fn creating_the_tracking_subscribes_it() {
    let s = settings();
    let lookup = lookup(&s, Some("ups"));
    let request = AfterShip.subscribe(&lookup, "", false).unwrap();
    assert_eq!(request.method, Method::Post);
    assert!(request.body.unwrap().contains(NUMBER));
    assert!(AfterShip
        .subscribed(
            &lookup,
            &response(201, r#"{"meta":{"code":201},"data":{}}"#)
        )
        .is_ok());
    assert!(
        AfterShip
            .subscribed(
                &lookup,
                &response(
                    400,
                    r#"{"meta":{"code":4003,"message":"exists"},"data":{}}"#
                )
            )
            .is_ok(),
        "a tracking that exists is subscribed"
    );
    assert!(AfterShip
        .subscribed(
            &lookup,
            &response(401, r#"{"meta":{"code":401},"data":{}}"#)
        )
        .is_err());
    assert!(
        AfterShip.unsubscribe(&lookup).is_none(),
        "it stops by itself once delivered"
    );
}
