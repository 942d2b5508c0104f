//! 17TRACK: requests built right, register flow, answers parsed, errors told apart, pushes
//! verified.

use super::*;
use crate::carriers::{HttpResponse, Method, Settings};

const NUMBER: &str = "RR123456785CN";

fn settings() -> Settings {
    Settings::new("http://127.0.0.1:9999/17track", &[(KEY, "test-17-key")])
}

fn lookup<'a>(settings: &'a Settings, hint: Option<&'a str>) -> Lookup<'a> {
    Lookup {
        number: NUMBER,
        carrier_hint: hint,
        settings,
        token: None,
        now: 0,
    }
}

fn response(status: u16, body: &str) -> HttpResponse {
    HttpResponse::new(status, body).with_header("retry-after", "30")
}

fn signed(body: &str, key: &str) -> Push {
    let sign = aggregated::hex_lower(&Sha256::digest(format!("{body}/{key}")));
    Push {
        received_at: 0,
        headers: vec![("sign".into(), sign)],
        body: body.into(),
    }
}

#[test]
fn track_request_posts_the_number_with_the_carrier_id_and_the_key() {
    let s = settings();
    let request = SeventeenTrack
        .request(Phase::Track, &lookup(&s, Some("china_post")))
        .unwrap();
    assert_eq!(request.method, Method::Post);
    assert_eq!(
        request.url,
        "http://127.0.0.1:9999/17track/track/v2.2/gettrackinfo"
    );
    assert!(request
        .headers
        .contains(&("17token".into(), "test-17-key".into())));
    assert!(request
        .headers
        .contains(&("Content-Type".into(), "application/json".into())));
    assert_eq!(
        request.body.as_deref(),
        Some(r#"[{"number":"RR123456785CN","carrier":3011}]"#)
    );
    // Without a hint (or with a carrier 17TRACK has no id for here), 17TRACK detects it.
    let request = SeventeenTrack
        .request(Phase::Track, &lookup(&s, Some("somewhere_post")))
        .unwrap();
    assert_eq!(
        request.body.as_deref(),
        Some(r#"[{"number":"RR123456785CN"}]"#)
    );
}

#[test]
fn register_request_posts_to_register() {
    let s = settings();
    let request = SeventeenTrack
        .request(Phase::Register, &lookup(&s, None))
        .unwrap();
    assert_eq!(
        request.url,
        "http://127.0.0.1:9999/17track/track/v2.2/register"
    );
    assert_eq!(
        request.body.as_deref(),
        Some(r#"[{"number":"RR123456785CN"}]"#)
    );
}

#[test]
fn a_missing_key_is_a_credentials_error_before_any_call() {
    let s = Settings::default();
    assert!(matches!(
        SeventeenTrack.request(Phase::Track, &lookup(&s, None)),
        Err(CarrierError::BadCredentials(_))
    ));
}

#[test]
fn an_unregistered_number_is_registered_then_tracked() {
    let s = settings();
    let l = lookup(&s, None);
    let not_registered = response(200, include_str!("fixtures/not_registered.json"));
    assert_eq!(
        SeventeenTrack.handle(Phase::Track, &l, &not_registered),
        Outcome::Next(Phase::Register)
    );
    for fixture in [
        include_str!("fixtures/register_ok.json"),
        include_str!("fixtures/register_already.json"),
    ] {
        assert_eq!(
            SeventeenTrack.handle(Phase::Register, &l, &response(200, fixture)),
            Outcome::Next(Phase::Track)
        );
    }
    // Registered but nothing from the carrier yet.
    assert_eq!(
        SeventeenTrack.handle(
            Phase::Track,
            &l,
            &response(200, include_str!("fixtures/no_info_yet.json"))
        ),
        Outcome::Error(CarrierError::NotFound)
    );
    // A rejected registration is an error, not another round.
    assert_eq!(
        SeventeenTrack.handle(
            Phase::Register,
            &l,
            &response(200, include_str!("fixtures/quota_used_up.json"))
        ),
        Outcome::Error(CarrierError::BadCredentials(
            "17TRACK error -18019908: the tracking quota is used up".into()
        ))
    );
}

#[test]
fn parses_every_provider_with_offsets_statuses_places_and_eta() {
    let s = settings();
    let Outcome::Report(report) = SeventeenTrack.handle(
        Phase::Track,
        &lookup(&s, None),
        &response(200, include_str!("fixtures/track_ok.json")),
    ) else {
        panic!("expected a report")
    };
    assert_eq!(report.carrier.code, "china_post");
    assert_eq!(report.carrier.name, "China Post");
    assert_eq!(
        report.carrier.tracking_url.as_deref(),
        Some("https://www.ems.com.cn/queryList?mailNum=RR123456785CN")
    );
    let seen: Vec<(String, Status, Option<Substatus>)> = report
        .events
        .iter()
        .map(|e| (e.at.to_rfc3339(), e.status, e.substatus))
        .collect();
    let expected = [
        ("2026-11-24T08:05:00-05:00", Status::OutForDelivery, None),
        (
            "2026-11-23T21:40:00-05:00",
            Status::InTransit,
            Some(Substatus::Arrived),
        ),
        (
            "2026-11-23T14:12:00-05:00",
            Status::InTransit,
            Some(Substatus::CustomsCleared),
        ),
        (
            "2026-11-20T03:30:00+08:00",
            Status::InTransit,
            Some(Substatus::Departed),
        ),
        (
            "2026-11-19T16:45:00+08:00",
            Status::InTransit,
            Some(Substatus::CustomsProcessing),
        ),
        (
            "2026-11-18T10:20:00+08:00",
            Status::InTransit,
            Some(Substatus::PickedUp),
        ),
        ("2026-11-17T06:00:00+00:00", Status::InfoReceived, None),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(a, s, sub)| (a.to_string(), *s, *sub))
        .collect();
    assert_eq!(seen, expected);
    assert_eq!(report.events[4].carrier_text, "【深圳市】 出口海关 已放行");
    let newest = report.events[0].location.as_ref().unwrap();
    assert_eq!(newest.city.as_deref(), Some("NEW YORK"));
    assert_eq!(newest.country.as_deref(), Some("US"));
    assert_eq!((newest.lat, newest.lon), (Some(40.7484), Some(-73.9967)));
    // No address: the location text stands in for the city.
    assert_eq!(
        report.events[4].location.as_ref().unwrap().city.as_deref(),
        Some("深圳市")
    );
    let origin = report.origin.unwrap();
    assert_eq!(
        (origin.city.as_deref(), origin.country.as_deref()),
        (Some("Shenzhen"), Some("CN"))
    );
    assert_eq!(origin.lat, Some(22.5431));
    let destination = report.destination.unwrap();
    assert_eq!(destination.postal_code.as_deref(), Some("10001"));
    assert_eq!(destination.lat, None);
    let eta = report.eta.unwrap();
    assert_eq!(
        (eta.earliest.to_rfc3339(), eta.latest.to_rfc3339()),
        (
            "2026-11-24T09:00:00-05:00".into(),
            "2026-11-24T20:00:00-05:00".into()
        )
    );
    assert_eq!(eta.source, EtaSource::Carrier);
}

#[test]
fn every_documented_status_code_maps() {
    let codes = [
        "NotFound_Other",
        "NotFound_InvalidCode",
        "InfoReceived",
        "InTransit_PickedUp",
        "InTransit_Other",
        "InTransit_Departure",
        "InTransit_Arrival",
        "InTransit_CustomsProcessing",
        "InTransit_CustomsReleased",
        "InTransit_CustomsRequiringInformation",
        "Expired_Other",
        "AvailableForPickup_Other",
        "OutForDelivery_Other",
        "DeliveryFailure_Other",
        "DeliveryFailure_NoBody",
        "DeliveryFailure_Security",
        "DeliveryFailure_Rejected",
        "DeliveryFailure_InvalidAddress",
        "Delivered_Other",
        "Exception_Other",
        "Exception_Returning",
        "Exception_Returned",
        "Exception_NoBody",
        "Exception_Security",
        "Exception_Damage",
        "Exception_Rejected",
        "Exception_Delayed",
        "Exception_Lost",
        "Exception_Destroyed",
        "Exception_Cancel",
    ];
    assert_eq!(codes.len(), 30);
    for code in codes {
        let (status, _) = status_of(code).unwrap_or_else(|| panic!("{code}"));
        // Each sub-status sits under its main status, except a delay (the parcel moves on).
        let main = code.split('_').next().unwrap();
        if code != "Exception_Delayed" {
            assert_eq!(status_of(main).map(|(s, _)| s), Some(status), "{code}");
        }
    }
    assert_eq!(status_of("Nonsense"), None);
}

#[test]
fn errors_are_told_apart() {
    let s = settings();
    let l = lookup(&s, None);
    let cases = [
        (
            200,
            include_str!("fixtures/unauthorized.json"),
            CarrierError::BadCredentials("17TRACK error -18010002: invalid access key".into()),
        ),
        (
            401,
            include_str!("fixtures/unauthorized.json"),
            CarrierError::BadCredentials("the carrier answered 401".into()),
        ),
        (
            200,
            include_str!("fixtures/daily_limit.json"),
            CarrierError::RateLimited {
                retry_after_secs: None,
            },
        ),
        (
            429,
            "",
            CarrierError::RateLimited {
                retry_after_secs: Some(30),
            },
        ),
        (
            502,
            "<html>Bad gateway</html>",
            CarrierError::Down("the carrier answered 502".into()),
        ),
        (
            200,
            r#"{"code":0,"data":{"accepted":[],"rejected":[{"number":"RR123456785CN","error":{"code":-18019909,"message":"No tracking information at this time."}}]}}"#,
            CarrierError::NotFound,
        ),
        (
            200,
            r#"{"code":0,"data":{"accepted":[],"rejected":[{"number":"RR123456785CN","error":{"code":-18019903,"message":"Carrier cannot be detected."}}]}}"#,
            CarrierError::NotFound,
        ),
        (
            200,
            r#"{"code":0,"data":{"accepted":[],"rejected":[]}}"#,
            CarrierError::NotUnderstood("17TRACK neither accepted nor rejected the number".into()),
        ),
    ];
    for (status, body, expected) in cases {
        assert_eq!(
            SeventeenTrack.handle(Phase::Track, &l, &response(status, body)),
            Outcome::Error(expected),
            "{status} {body}"
        );
    }
    let full = include_str!("fixtures/track_ok.json");
    // Cut anywhere: never a panic, always not understood.
    for cut in (0..full.trim_end().len()).filter(|i| full.is_char_boundary(*i)) {
        assert!(
            matches!(
                SeventeenTrack.handle(Phase::Track, &l, &response(200, &full[..cut])),
                Outcome::Error(CarrierError::NotUnderstood(_))
            ),
            "cut at {cut}"
        );
    }
    // Wrong types are not understood either, never a panic.
    for body in [
        r#"{"code":"zero","data":{}}"#,
        r#"{"code":0,"data":{"accepted":[{"number":"RR123456785CN","track_info":{"tracking":{"providers":"none"}}}]}}"#,
        r#"[]"#,
    ] {
        assert!(matches!(
            SeventeenTrack.handle(Phase::Track, &l, &response(200, body)),
            Outcome::Error(CarrierError::NotUnderstood(_))
        ));
    }
}

#[test]
fn a_signed_push_is_verified_and_parsed() {
    let s = settings();
    let push = signed(include_str!("fixtures/push_updated.json"), "test-17-key");
    let pushed = SeventeenTrack.push(&push, &s).unwrap();
    assert_eq!(pushed.len(), 1);
    assert_eq!(pushed[0].number, NUMBER);
    assert_eq!(pushed[0].carrier_hint.as_deref(), Some("china_post"));
    let events = &pushed[0].report.events;
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].at.to_rfc3339(), "2026-11-24T14:31:00-05:00");
    assert_eq!(events[0].status, Status::Delivered);
    assert_eq!(events[0].carrier_text, "Delivered, In/At Mailbox");
    // The sign is hex either way round.
    let mut upper = push.clone();
    upper.headers[0].1 = upper.headers[0].1.to_ascii_uppercase();
    assert!(SeventeenTrack.push(&upper, &s).is_ok());
    // Stopped, with nothing new: only that the subscription stopped.
    let stopped = signed(include_str!("fixtures/push_stopped.json"), "test-17-key");
    let stop = SeventeenTrack.push(&stopped, &s).unwrap();
    assert!(stop.len() == 1 && stop[0].stopped && stop[0].report.events.is_empty());
}

#[test]
fn forged_unsigned_or_broken_pushes_are_refused() {
    let s = settings();
    let body = include_str!("fixtures/push_updated.json");
    // Signed with another key.
    assert_eq!(
        SeventeenTrack.push(&signed(body, "someone-else"), &s),
        Err(PushError::BadSignature)
    );
    // Body changed after signing.
    let mut tampered = signed(body, "test-17-key");
    tampered.body = tampered.body.replace("Delivered, In/At Mailbox", "Lost");
    assert_eq!(
        SeventeenTrack.push(&tampered, &s),
        Err(PushError::BadSignature)
    );
    // No sign header, or not hex.
    let mut unsigned = signed(body, "test-17-key");
    unsigned.headers.clear();
    assert_eq!(
        SeventeenTrack.push(&unsigned, &s),
        Err(PushError::BadSignature)
    );
    unsigned.headers = vec![("sign".into(), "not hex".into())];
    assert_eq!(
        SeventeenTrack.push(&unsigned, &s),
        Err(PushError::BadSignature)
    );
    // No key configured: nothing can be verified, so nothing is accepted.
    assert_eq!(
        SeventeenTrack.push(&signed(body, "test-17-key"), &Settings::default()),
        Err(PushError::BadSignature)
    );
    // Validly signed but truncated anywhere.
    for cut in (0..body.trim_end().len()).filter(|i| body.is_char_boundary(*i)) {
        let truncated = signed(&body[..cut], "test-17-key");
        assert!(
            matches!(
                SeventeenTrack.push(&truncated, &s),
                Err(PushError::Malformed(_))
            ),
            "cut at {cut}"
        );
    }
    // Validly signed, but no number.
    let nameless = signed(
        r#"{"event":"TRACKING_UPDATED","data":{"carrier":3011}}"#,
        "test-17-key",
    );
    assert!(matches!(
        SeventeenTrack.push(&nameless, &s),
        Err(PushError::Malformed(_))
    ));
}

#[test]
fn registering_subscribes_retrack_renews_stoptrack_ends() {
    let s = settings();
    let lookup = lookup(&s, None);
    let first = SeventeenTrack.subscribe(&lookup, "", false).unwrap();
    assert!(first.url.ends_with("/track/v2.2/register"), "{}", first.url);
    let renew = SeventeenTrack.subscribe(&lookup, "", true).unwrap();
    assert!(renew.url.ends_with("/track/v2.2/retrack"), "{}", renew.url);
    let end = SeventeenTrack.unsubscribe(&lookup).unwrap().unwrap();
    assert!(end.url.ends_with("/track/v2.2/stoptrack"), "{}", end.url);
    assert_eq!(end.header("17token"), first.header("17token"));
    for ok in [
        include_str!("fixtures/register_ok.json"),
        include_str!("fixtures/register_already.json"),
    ] {
        assert!(SeventeenTrack
            .subscribed(&lookup, &response(200, ok))
            .is_ok());
    }
    assert!(SeventeenTrack
        .subscribed(
            &lookup,
            &response(200, include_str!("fixtures/quota_used_up.json"))
        )
        .is_err());
    // A retrack of a number still tracked: it pushes already. A second retrack is refused.
    let refused = |code: i64| {
        format!(
            r#"{{"code":0,"data":{{"accepted":[],"rejected":[{{"number":"{}","error":{{"code":{code},"message":"Retrack is not allowed."}}}}]}}}}"#,
            lookup.number
        )
    };
    assert!(SeventeenTrack
        .subscribed(&lookup, &response(200, &refused(-18019904)))
        .is_ok());
    assert!(SeventeenTrack
        .subscribed(&lookup, &response(200, &refused(-18019905)))
        .is_err());
}
