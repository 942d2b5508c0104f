//! Kuaidi100: the signed form built right, answers parsed, every return code told apart,
//! pushes verified.

use super::*;
use crate::carriers::{HttpResponse, Method, Settings};

const NUMBER: &str = "SF1234567890123";
const SALT_VALUE: &str = "test-salt";

fn settings() -> Settings {
    Settings::new(
        "http://127.0.0.1:9999/kuaidi100",
        &[
            (CUSTOMER, "TESTCUSTOMER0001"),
            (KEY, "testKey123"),
            (SALT, SALT_VALUE),
        ],
    )
}

fn lookup<'a>(settings: &'a Settings, number: &'a str, hint: Option<&'a str>) -> Lookup<'a> {
    Lookup {
        number,
        carrier_hint: hint,
        settings,
        token: None,
        now: 0,
    }
}

fn response(status: u16, body: &str) -> HttpResponse {
    HttpResponse::new(status, body).with_header("retry-after", "60")
}

/// A push as Kuaidi100 sends it: a form of `param` and its `sign` made with `salt`.
fn pushed(param: &str, salt: &str) -> Push {
    let sign = hex_upper(&Md5::digest(format!("{param}{salt}")));
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("param", param)
        .append_pair("sign", &sign)
        .finish();
    Push {
        received_at: 0,
        headers: vec![(
            "content-type".into(),
            "application/x-www-form-urlencoded".into(),
        )],
        body,
    }
}

#[test]
fn request_is_the_signed_form_kuaidi100_documents() {
    let s = settings();
    let request = Kuaidi100
        .request(Phase::Track, &lookup(&s, NUMBER, Some("sf_express")))
        .unwrap();
    assert_eq!(request.method, Method::Post);
    assert_eq!(request.url, "http://127.0.0.1:9999/kuaidi100/poll/query.do");
    assert!(request.headers.contains(&(
        "Content-Type".into(),
        "application/x-www-form-urlencoded".into()
    )));
    // sign = upper-case MD5 of param + key + customer, computed independently (md5sum).
    assert_eq!(
        request.body.as_deref(),
        Some(
            "customer=TESTCUSTOMER0001\
             &sign=A19F4FA68957A039DC42E69DF0DB69FB\
             &param=%7B%22com%22%3A%22shunfeng%22%2C%22num%22%3A%22SF1234567890123%22%2C%22resultv2%22%3A%224%22%2C%22show%22%3A%220%22%2C%22order%22%3A%22desc%22%7D"
        )
    );
    assert_eq!(
        sign(
            r#"{"com":"shunfeng","num":"SF1234567890123","resultv2":"4","show":"0","order":"desc"}"#,
            "testKey123",
            "TESTCUSTOMER0001"
        ),
        "A19F4FA68957A039DC42E69DF0DB69FB"
    );
}

#[test]
fn company_codes_come_from_the_carrier_hint() {
    let cases = [
        ("sf_express", NUMBER, "shunfeng"),
        ("zto", "75312345678901", "zhongtong"),
        ("yto", "YT1234567890123", "yuantong"),
        ("sto", "773123456789012", "shentong"),
        ("yunda", "4312345678901", "yunda"),
        ("jd", "JDVA01234567890", "jd"),
        ("china_post", "9812345678901", "youzhengguonei"),
        ("china_post", "RR123456785CN", "youzhengguoji"),
        ("china_ems", "1123456789012", "ems"),
        ("cainiao", "LP00123456789012", "cainiao"),
        ("ups", "1Z999AA10123456784", "ups"),
        ("fedex", "123456789012", "fedex"),
        ("dhl", "1234567890", "dhlen"),
        ("usps", "9400111899223197428490", "usps"),
        // A Kuaidi100 code Trackline has no entry for goes through.
        ("debangkuaidi", "DPK123456789", "debangkuaidi"),
    ];
    for (hint, number, com) in cases {
        assert_eq!(company(Some(hint), number).as_deref(), Ok(com), "{hint}");
    }
    assert!(matches!(
        company(Some("royal_mail"), "AB123456789GB"),
        Err(CarrierError::NotUnderstood(_))
    ));
    // No hint: refused before any call, with the reason.
    let s = settings();
    match Kuaidi100.request(Phase::Track, &lookup(&s, NUMBER, None)) {
        Err(CarrierError::NotUnderstood(why)) => assert!(why.contains("carrier hint"), "{why}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn missing_credentials_are_a_credentials_error_before_any_call() {
    let s = Settings::default();
    assert!(matches!(
        Kuaidi100.request(Phase::Track, &lookup(&s, NUMBER, Some("sf_express"))),
        Err(CarrierError::BadCredentials(_))
    ));
}

#[test]
fn asks_for_thirty_minutes_between_queries() {
    assert_eq!(Kuaidi100.info().min_query_interval_secs, 1800);
    assert_eq!(
        Kuaidi100.first_phase(&lookup(&settings(), NUMBER, None)),
        Phase::Track
    );
}

#[test]
fn parses_traces_in_china_time_with_advanced_states_and_places() {
    let s = settings();
    let Outcome::Report(report) = Kuaidi100.handle(
        Phase::Track,
        &lookup(&s, NUMBER, Some("sf_express")),
        &response(200, include_str!("fixtures/query_ok.json")),
    ) else {
        panic!("expected a report")
    };
    assert_eq!(report.carrier.code, "sf_express");
    assert_eq!(report.carrier.name, "SF Express");
    assert_eq!(
        report.carrier.tracking_url.as_deref(),
        Some("https://www.sf-express.com/chn/sc/waybill/waybill-detail/SF1234567890123")
    );
    let seen: Vec<(String, Status, Option<Substatus>)> = report
        .events
        .iter()
        .map(|e| (e.at.to_rfc3339(), e.status, e.substatus))
        .collect();
    let expected = [
        (
            "2026-11-20T09:12:40+08:00",
            Status::AvailableForPickup,
            Some(Substatus::PickupReady),
        ),
        (
            "2026-11-20T08:30:05+08:00",
            Status::FailedAttempt,
            Some(Substatus::RecipientUnavailable),
        ),
        ("2026-11-20T07:45:10+08:00", Status::OutForDelivery, None),
        (
            "2026-11-19T22:03:51+08:00",
            Status::InTransit,
            Some(Substatus::Arrived),
        ),
        // No code, only the name 在途; the words say it left.
        (
            "2026-11-19T12:00:00+08:00",
            Status::InTransit,
            Some(Substatus::Departed),
        ),
        ("2026-11-19T04:20:00+08:00", Status::InTransit, None),
        (
            "2026-11-18T18:30:00+08:00",
            Status::InTransit,
            Some(Substatus::PickedUp),
        ),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(a, s, sub)| (a.to_string(), *s, *sub))
        .collect();
    assert_eq!(seen, expected);
    assert_eq!(
        report.events[0].carrier_text,
        "【深圳市】快件已放入丰巢快递柜【南山科技园站】，请凭取件码取件"
    );
    let locker = report.events[0].location.as_ref().unwrap();
    assert_eq!(
        (
            locker.region.as_deref(),
            locker.city.as_deref(),
            locker.country.as_deref()
        ),
        (Some("广东"), Some("深圳市"), Some("CN"))
    );
    assert_eq!(
        (locker.lat, locker.lon),
        (Some(22.533191), Some(113.930478))
    );
    assert_eq!(
        report.events[6].location.as_ref().unwrap().city.as_deref(),
        Some("上海")
    );
    assert_eq!(report.origin.unwrap().city.as_deref(), Some("上海"));
    let destination = report.destination.unwrap();
    assert_eq!(
        (destination.region.as_deref(), destination.city.as_deref()),
        (Some("广东"), Some("深圳市"))
    );
    assert_eq!(report.eta, None);
}

#[test]
fn the_shipment_state_speaks_for_a_newest_trace_without_a_code() {
    let body = r#"{"message":"ok","nu":"YT1234567890123","com":"yuantong","status":"200","state":"3",
        "data":[{"time":"2026-11-22 15:00:00","context":"您的快件已由本人取走"},
                {"time":"2026-11-22 08:00:00","context":"快件正在派送中","status":"派件"}]}"#;
    let s = settings();
    let Outcome::Report(report) = Kuaidi100.handle(
        Phase::Track,
        &lookup(&s, "YT1234567890123", Some("yto")),
        &response(200, body),
    ) else {
        panic!("expected a report")
    };
    assert_eq!(report.carrier.name, "YTO Express");
    assert_eq!(report.events[0].status, Status::Delivered);
    assert_eq!(report.events[1].status, Status::OutForDelivery);
}

#[test]
fn every_documented_state_maps() {
    let codes = [
        0, 1001, 1002, 1003, 1, 101, 102, 103, 2, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210,
        3, 301, 302, 303, 304, 4, 401, 5, 501, 6, 7, 8, 10, 11, 12, 13, 14,
    ];
    for code in codes {
        assert!(status_of(code).is_some(), "{code}");
    }
    // Every advanced state keeps its basic state's main status where the meaning allows.
    for (advanced, basic) in [(1001, 0), (101, 1), (301, 3), (304, 3), (12, 8)] {
        let main = |c| status_of(c).map(|(s, _)| s);
        if advanced != 101 {
            assert_eq!(main(advanced), main(basic), "{advanced}");
        }
    }
    assert_eq!(code_of_name("投柜或驿站"), Some(501));
    assert_eq!(code_of_name("清关异常"), Some(13));
    assert_eq!(status_of(9), None);
    assert_eq!(code_of_name("不存在"), None);
}

#[test]
fn return_codes_are_told_apart() {
    let s = settings();
    let l = lookup(&s, NUMBER, Some("sf_express"));
    let error = |body: &str| match Kuaidi100.handle(Phase::Track, &l, &response(200, body)) {
        Outcome::Error(e) => e,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        error(include_str!("fixtures/not_found.json")),
        CarrierError::NotFound
    );
    assert!(matches!(
        error(include_str!("fixtures/bad_sign.json")),
        CarrierError::BadCredentials(_)
    ));
    assert!(matches!(
        error(include_str!("fixtures/no_balance.json")),
        CarrierError::BadCredentials(_)
    ));
    assert!(matches!(
        error(include_str!("fixtures/not_authorized.json")),
        CarrierError::BadCredentials(_)
    ));
    assert!(matches!(
        error(include_str!("fixtures/wrong_company.json")),
        CarrierError::NotUnderstood(_)
    ));
    match error(include_str!("fixtures/phone_needed.json")) {
        CarrierError::NotUnderstood(why) => assert!(why.contains("phone"), "{why}"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        error(include_str!("fixtures/busy.json")),
        CarrierError::Down(_)
    ));
    assert!(matches!(
        error(r#"{"result":false,"returnCode":501,"message":"服务器错误"}"#),
        CarrierError::Down(_)
    ));
    // Answered, but no trace yet.
    assert_eq!(
        error(r#"{"message":"ok","status":"200","state":"0","data":[]}"#),
        CarrierError::NotFound
    );
    // HTTP-level errors keep their meaning.
    for (status, expected) in [
        (
            429,
            CarrierError::RateLimited {
                retry_after_secs: Some(60),
            },
        ),
        (500, CarrierError::Down("the carrier answered 500".into())),
        (
            403,
            CarrierError::BadCredentials("the carrier answered 403".into()),
        ),
    ] {
        assert_eq!(
            Kuaidi100.handle(Phase::Track, &l, &response(status, "")),
            Outcome::Error(expected)
        );
    }
    let full = include_str!("fixtures/query_ok.json");
    // Cut anywhere: never a panic, always not understood.
    for cut in (0..full.trim_end().len()).filter(|i| full.is_char_boundary(*i)) {
        assert!(
            matches!(error(&full[..cut]), CarrierError::NotUnderstood(_)),
            "cut at {cut}"
        );
    }
    for body in [
        r#"{"data":"none"}"#,
        r#"{"result":"maybe"}"#,
        r#"{"state":[1],"data":[]}"#,
        "<html>502 Bad Gateway</html>",
    ] {
        assert!(
            matches!(error(body), CarrierError::NotUnderstood(_)),
            "{body}"
        );
    }
}

#[test]
fn a_signed_push_is_verified_and_parsed() {
    let s = settings();
    let pushes = Kuaidi100
        .push(
            &pushed(include_str!("fixtures/push_param.json"), SALT_VALUE),
            &s,
        )
        .unwrap();
    assert_eq!(pushes.len(), 1);
    let push = &pushes[0];
    assert_eq!(push.number, "EA123456785CN");
    assert_eq!(push.carrier_hint.as_deref(), Some("china_ems"));
    assert_eq!(push.report.carrier.name, "China EMS");
    let events: Vec<_> = push
        .report
        .events
        .iter()
        .map(|e| (e.at.to_rfc3339(), e.status, e.substatus))
        .collect();
    assert_eq!(
        events,
        vec![
            (
                "2026-11-21T10:00:00+08:00".to_string(),
                Status::Exception,
                Some(Substatus::CustomsHeld)
            ),
            (
                "2026-11-20T16:00:00+08:00".to_string(),
                Status::InTransit,
                Some(Substatus::CustomsProcessing)
            ),
        ]
    );
    // A sign in lower case is the same digest.
    let param = include_str!("fixtures/push_param.json");
    let lower_sign = hex_upper(&Md5::digest(format!("{param}{SALT_VALUE}"))).to_ascii_lowercase();
    let lower = Push {
        received_at: 0,
        headers: Vec::new(),
        body: form_urlencoded::Serializer::new(String::new())
            .append_pair("param", param)
            .append_pair("sign", &lower_sign)
            .finish(),
    };
    assert!(Kuaidi100.push(&lower, &s).is_ok());
    // "3 days without a record": no tracking, only that the subscription stopped.
    let abort = r#"{"status":"abort","message":"3天查询无记录","lastResult":{"message":"ok","nu":"EA123456785CN","com":"ems","status":"200","state":"0","data":[]}}"#;
    let stop = Kuaidi100.push(&pushed(abort, SALT_VALUE), &s).unwrap();
    assert!(stop.len() == 1 && stop[0].stopped && stop[0].report.events.is_empty());
    assert_eq!(stop[0].number, "EA123456785CN");
    // The same without the stop: nothing at all.
    let polling = abort.replace("abort", "polling");
    assert_eq!(
        Kuaidi100.push(&pushed(&polling, SALT_VALUE), &s),
        Ok(Vec::new())
    );
}

#[test]
fn forged_unsigned_or_broken_pushes_are_refused() {
    let s = settings();
    let param = include_str!("fixtures/push_param.json");
    assert_eq!(
        Kuaidi100.push(&pushed(param, "another-salt"), &s),
        Err(PushError::BadSignature)
    );
    // The param changed after signing.
    let mut tampered = pushed(param, SALT_VALUE);
    tampered.body = tampered
        .body
        .replace("%E6%B8%85%E5%85%B3%E5%BC%82%E5%B8%B8", "ok");
    assert_ne!(tampered.body, pushed(param, SALT_VALUE).body);
    assert_eq!(Kuaidi100.push(&tampered, &s), Err(PushError::BadSignature));
    // No sign at all.
    let unsigned = Push {
        received_at: 0,
        headers: Vec::new(),
        body: form_urlencoded::Serializer::new(String::new())
            .append_pair("param", param)
            .finish(),
    };
    assert_eq!(Kuaidi100.push(&unsigned, &s), Err(PushError::BadSignature));
    // No salt configured: nothing is accepted.
    assert_eq!(
        Kuaidi100.push(&pushed(param, SALT_VALUE), &Settings::default()),
        Err(PushError::BadSignature)
    );
    // Validly signed but truncated anywhere, or without a result.
    for cut in (0..param.trim_end().len()).filter(|i| param.is_char_boundary(*i)) {
        assert!(
            matches!(
                Kuaidi100.push(&pushed(&param[..cut], SALT_VALUE), &s),
                Err(PushError::Malformed(_))
            ),
            "cut at {cut}"
        );
    }
    assert!(matches!(
        Kuaidi100.push(&pushed(r#"{"status":"polling"}"#, SALT_VALUE), &s),
        Err(PushError::Malformed(_))
    ));
    // Not even a form.
    let garbage = Push {
        received_at: 0,
        headers: Vec::new(),
        body: "%%%&&&==".into(),
    };
    assert_eq!(Kuaidi100.push(&garbage, &s), Err(PushError::BadSignature));
}

#[test]
fn a_number_is_subscribed_with_the_callback_and_the_salt() {
    let s = settings();
    let lookup = lookup(&s, NUMBER, Some("sf_express"));
    let request = Kuaidi100
        .subscribe(
            &lookup,
            "https://track.example/v1/webhooks/kuaidi100",
            false,
        )
        .unwrap();
    assert_eq!(request.url, "http://127.0.0.1:9999/kuaidi100/poll");
    let form: Vec<(String, String)> =
        form_urlencoded::parse(request.body.as_deref().unwrap().as_bytes())
            .into_owned()
            .collect();
    assert!(form.contains(&("schema".into(), "json".into())));
    let param: serde_json::Value =
        serde_json::from_str(&form.iter().find(|(k, _)| k == "param").unwrap().1).unwrap();
    assert_eq!(param["company"], "shunfeng");
    assert_eq!(param["number"], NUMBER);
    assert_eq!(param["key"], "testKey123");
    assert_eq!(
        param["parameters"]["callbackurl"],
        "https://track.example/v1/webhooks/kuaidi100"
    );
    assert_eq!(param["parameters"]["salt"], SALT_VALUE);
    // Every answer code told apart; a repeat subscription is a subscription.
    let answer = |code: &str| {
        Kuaidi100.subscribed(
            &lookup,
            &response(
                200,
                &format!(r#"{{"result":false,"returnCode":"{code}","message":"m"}}"#),
            ),
        )
    };
    assert!(answer("200").is_ok());
    assert!(answer("501").is_ok(), "重复订阅: subscribed already");
    assert!(matches!(
        answer("600"),
        Err(CarrierError::BadCredentials(_))
    ));
    assert!(matches!(answer("500"), Err(CarrierError::Down(_))));
    assert!(matches!(answer("700"), Err(CarrierError::NotUnderstood(_))));
    assert!(matches!(
        Kuaidi100.subscribed(&lookup, &response(200, "<html>")),
        Err(CarrierError::NotUnderstood(_))
    ));
    assert!(matches!(
        Kuaidi100.subscribed(&lookup, &response(503, "")),
        Err(CarrierError::Down(_))
    ));
    // Without the salt, pushes could not be verified: no subscription.
    let mut unsalted = settings();
    unsalted.secrets.remove(SALT);
    assert!(Kuaidi100
        .subscribe(&Lookup::new(NUMBER, &unsalted, 0), "https://x", false)
        .is_err());
}
