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

// --- Track Alert. ---

fn alert_settings() -> Settings {
    Settings::new(
        "http://127.0.0.1:9999/ups",
        &[
            ("UPS_CLIENT_ID", "demo-id"),
            ("UPS_CLIENT_SECRET", "demo-secret"),
            (alert::WEBHOOK_CLIENT_ID, "hook-id"),
            (alert::WEBHOOK_CLIENT_SECRET, "hook-secret"),
        ],
    )
}

/// An event as UPS pushes it, with a token Trackline issued for it at `NOW`.
fn alert_push(body: &str, token: &str) -> Push {
    Push {
        received_at: NOW,
        headers: vec![
            ("authorization".into(), format!("Bearer {token}")),
            ("x-api-key".into(), "hook-id".into()),
            ("user-agent".into(), "UPSPubSubTrackingService".into()),
        ],
        body: body.into(),
    }
}

fn good_token() -> String {
    alert::token_for_tests("hook-secret", NOW + 600)
}

#[test]
fn track_alert_subscribes_a_package_with_the_bearer_for_fourteen_days() {
    let s = alert_settings();
    let t = token(NOW + 3600);
    let lookup = lookup(&s, Some(&t));
    let request = Ups.subscribe(&lookup, "", false).unwrap();
    assert_eq!(request.method, Method::Post);
    assert_eq!(
        request.url,
        "http://127.0.0.1:9999/ups/api/track/v2/subscription/standard/package"
    );
    assert_eq!(request.header("Authorization"), Some("Bearer demo-token"));
    assert_eq!(request.header("transactionSrc"), Some("trackline"));
    assert!(request.header("transId").is_some_and(|id| id.len() <= 32));
    let body: serde_json::Value = serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
    assert_eq!(body["locale"], "en_US");
    assert_eq!(body["trackingNumberList"][0], "1ZA4W8790491375268");
    // Without a token the request cannot be made: the edge fetches one first.
    assert!(Ups
        .subscribe(
            &super::Lookup {
                token: None,
                ..lookup.clone()
            },
            "",
            false
        )
        .is_err());

    let valid = response(200, r#"{"validTrackingNumbers":["1ZA4W8790491375268"]}"#);
    assert_eq!(
        Ups.subscribed(&lookup, &valid),
        Ok(Subscribed {
            lapses_at: Some(NOW + alert::VALID_SECS)
        })
    );
    let invalid = response(
        200,
        r#"{"validTrackingNumbers":[],"invalidTrackingNumbers":["1ZA4W8790491375268"]}"#,
    );
    assert_eq!(
        Ups.subscribed(&lookup, &invalid),
        Err(CarrierError::NotFound)
    );
    let refused = response(
        400,
        r#"{"invalidTrackingNumbers":[],"response":{"errors":[{"code":"VSS300","message":"Locale is required."}]}}"#,
    );
    assert!(
        matches!(Ups.subscribed(&lookup, &refused), Err(CarrierError::NotUnderstood(m)) if m.contains("VSS300"))
    );
    let unauthorized = response(
        401,
        r#"{"response":{"errors":[{"code":"250002","message":"Invalid Authentication Information"}]}}"#,
    );
    assert!(matches!(
        Ups.subscribed(&lookup, &unauthorized),
        Err(CarrierError::BadCredentials(_))
    ));
    // No call ends a subscription: it lapses.
    assert!(Ups.unsubscribe(&lookup).is_none());
}

#[test]
fn track_alert_is_on_only_with_the_webhook_secret() {
    let pushes = Ups.info().pushes;
    assert!(!pushes.configured(true, |_| false));
    assert!(pushes.configured(false, |name| name == alert::WEBHOOK_CLIENT_SECRET));
}

#[test]
fn ups_gets_a_token_for_its_webhook_with_its_client_credentials() {
    let s = alert_settings();
    let request = |authorization: &str, body: &str| Push {
        received_at: NOW,
        headers: vec![("authorization".into(), authorization.into())],
        body: body.into(),
    };
    let basic = crate::carriers::oauth::basic("hook-id", "hook-secret");
    let answer = Ups
        .webhook_token(&request(&basic, "grant_type=client_credentials"), &s)
        .unwrap()
        .unwrap();
    let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(answer["token_type"], "Bearer");
    assert_eq!(answer["expires_in"], alert::TOKEN_SECS);
    let issued = answer["access_token"].as_str().unwrap().to_owned();
    // The token it got opens the webhook.
    let body = include_str!("fixtures/alert_out_for_delivery.json");
    assert!(Ups.push(&alert_push(body, &issued), &s).is_ok());
    // Wrong credentials, a wrong grant, or no webhook configured: no token.
    let wrong = crate::carriers::oauth::basic("hook-id", "guess");
    assert_eq!(
        Ups.webhook_token(&request(&wrong, "grant_type=client_credentials"), &s),
        Some(Err(PushError::BadSignature))
    );
    assert!(matches!(
        Ups.webhook_token(&request(&basic, "grant_type=password"), &s),
        Some(Err(PushError::Malformed(_)))
    ));
    assert_eq!(
        Ups.webhook_token(
            &request(&basic, "grant_type=client_credentials"),
            &settings()
        ),
        Some(Err(PushError::Unsupported))
    );
}

#[test]
fn track_alert_events_are_read_as_scans() {
    let s = alert_settings();
    let out = Ups
        .push(
            &alert_push(
                include_str!("fixtures/alert_out_for_delivery.json"),
                &good_token(),
            ),
            &s,
        )
        .unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].number, "1Z204W4R0308071865");
    let event = &out[0].report.events[0];
    assert_eq!(event.status, Status::OutForDelivery);
    assert_eq!(event.at.to_rfc3339(), "2026-12-03T09:15:19-05:00");
    assert_eq!(
        event.location.as_ref().and_then(|l| l.city.as_deref()),
        Some("Charlotte")
    );
    let delivered = Ups
        .push(
            &alert_push(include_str!("fixtures/alert_delivered.json"), &good_token()),
            &s,
        )
        .unwrap();
    let event = &delivered[0].report.events[0];
    assert_eq!(event.status, Status::Delivered);
    assert_eq!(event.substatus, Some(Substatus::DeliveredToRecipient));
}

#[test]
fn track_alert_events_without_a_good_token_are_refused() {
    let s = alert_settings();
    let body = include_str!("fixtures/alert_delivered.json");
    let refused = |push: Push| Ups.push(&push, &s) == Err(PushError::BadSignature);
    // Expired when it arrived; issued for far longer than Trackline issues; another secret's.
    assert!(refused(alert_push(
        body,
        &alert::token_for_tests("hook-secret", NOW - 1)
    )));
    assert!(refused(alert_push(
        body,
        &alert::token_for_tests("hook-secret", NOW + 30 * 24 * 3600)
    )));
    assert!(refused(alert_push(
        body,
        &alert::token_for_tests("other", NOW + 600)
    )));
    // Malformed tokens, no token, another client id.
    for token in [
        "",
        "abc",
        "123.",
        ".00",
        "99999999999999999999.00",
        "1795165800.zz",
    ] {
        assert!(refused(alert_push(body, token)), "{token:?}");
    }
    let mut anonymous = alert_push(body, &good_token());
    anonymous.headers.retain(|(k, _)| k != "authorization");
    assert!(refused(anonymous));
    let mut stranger = alert_push(body, &good_token());
    stranger.headers[1].1 = "someone-else".into();
    assert!(refused(stranger));
    // Without the webhook configured, nothing is accepted.
    assert_eq!(
        Ups.push(&alert_push(body, &good_token()), &settings()),
        Err(PushError::BadSignature)
    );
    // A good token on a body that is not an event: malformed, never a panic.
    assert!(matches!(
        Ups.push(&alert_push("{\"trackingNumber\": 5}", &good_token()), &s),
        Err(PushError::Malformed(_))
    ));
}
