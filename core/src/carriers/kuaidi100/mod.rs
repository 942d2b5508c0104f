//! Kuaidi100 (快递100) real-time query: `POST /poll/query.do`, a form of `customer`, `sign`
//! and `param` (JSON with the company code `com` and the number), where `sign` is the
//! upper-case hex MD5 of `param + key + customer`. Kuaidi100 asks for at most one query of a
//! number every 30 minutes (more often locks the number). Its subscription service pushes
//! updates as a form of `param` (JSON) and `sign` = upper-case hex MD5 of `param + salt`.
//!
//! Kuaidi100 needs the carrier's company code: it comes from the lookup's carrier hint. With
//! no hint the lookup fails as not understood, before any call: Kuaidi100's auto-detection
//! (`autonumber/auto`) lives on another host, is only for paying accounts, and its answer (a
//! company code) has nowhere to go in the exchange (`Outcome::Next` carries only a phase).

use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};

use super::aggregated::{
    self, carrier_for, hex_signature_matches, hex_upper, lenient_text, non_empty,
};
use super::known;
use super::time::{hours, parse};
use super::{
    parse_json, CarrierError, Connector, ConnectorInfo, HttpRequest, HttpResponse, Kind, Lookup,
    Outcome, Phase, Push, PushError, Pushed, Pushes, Secret, Settings, Subscribed,
};
use crate::model::{checked_coordinates, Carrier, Event, Location, Status, Substatus};
use crate::tracking::CarrierReport;

/// The Kuaidi100 connector.
pub struct Kuaidi100;

const CUSTOMER: &str = "KUAIDI100_CUSTOMER";
const KEY: &str = "KUAIDI100_KEY";
const SALT: &str = "KUAIDI100_SALT";

static INFO: ConnectorInfo = ConnectorInfo {
    code: "kuaidi100",
    name: "Kuaidi100 (快递100)",
    base_url_var: "KUAIDI100_BASE_URL",
    default_base_url: "https://poll.kuaidi100.com",
    secrets: &[
        Secret {
            name: CUSTOMER,
            from: "Kuaidi100 enterprise console (api.kuaidi100.com): 我的信息 > 授权信息, the customer code",
        },
        Secret {
            name: KEY,
            from: "Kuaidi100 enterprise console (api.kuaidi100.com): 我的信息 > 授权信息, the authorization key",
        },
        Secret {
            name: SALT,
            from: "the salt you choose when subscribing numbers (poll) with Trackline's callback URL; Kuaidi100 signs its pushes with it",
        },
    ],
    min_query_interval_secs: 1800,
    kind: Kind::Aggregator,
    pushes: Pushes::Callback,
};

impl Connector for Kuaidi100 {
    fn info(&self) -> &'static ConnectorInfo {
        &INFO
    }

    /// One step whatever the phase: the real-time query.
    fn request(&self, _phase: Phase, lookup: &Lookup<'_>) -> Result<HttpRequest, CarrierError> {
        let customer = lookup.settings.secret(CUSTOMER)?;
        let key = lookup.settings.secret(KEY)?;
        let com = company(lookup.carrier_hint, lookup.number)?;
        let param = serde_json::to_string(&Param {
            com: &com,
            num: lookup.number,
            resultv2: "4",
            show: "0",
            order: "desc",
        })
        .map_err(|e| CarrierError::NotUnderstood(e.to_string()))?;
        let body = form_urlencoded::Serializer::new(String::new())
            .append_pair("customer", customer)
            .append_pair("sign", &sign(&param, key, customer))
            .append_pair("param", &param)
            .finish();
        let url = format!("{}/poll/query.do", lookup.settings.base_url);
        Ok(HttpRequest::post(
            url,
            "application/x-www-form-urlencoded",
            body,
        ))
    }

    fn handle(&self, _phase: Phase, lookup: &Lookup<'_>, response: &HttpResponse) -> Outcome {
        if response.status != 200 {
            return Outcome::Error(response.common_error().unwrap_or_else(|| {
                CarrierError::NotUnderstood(format!("unexpected status {}", response.status))
            }));
        }
        parse_json::<Answer>(&response.body)
            .and_then(|a| report(lookup.number, a))
            .into()
    }

    /// `POST /poll` (订阅): Kuaidi100 then pushes every change to `callback`, signed with the
    /// salt, until the parcel is finished (`shutdown`) or it gives up (`abort`).
    fn subscribe(
        &self,
        lookup: &Lookup<'_>,
        callback: &str,
        _renew: bool,
    ) -> Result<HttpRequest, CarrierError> {
        let key = lookup.settings.secret(KEY)?;
        let salt = lookup.settings.secret(SALT)?;
        let company = company(lookup.carrier_hint, lookup.number)?;
        let param = serde_json::to_string(&Subscription {
            company: &company,
            number: lookup.number,
            key,
            parameters: SubscriptionParameters {
                callbackurl: callback,
                salt,
                resultv2: "4",
            },
        })
        .map_err(|e| CarrierError::NotUnderstood(e.to_string()))?;
        let body = form_urlencoded::Serializer::new(String::new())
            .append_pair("schema", "json")
            .append_pair("param", &param)
            .finish();
        Ok(HttpRequest::post(
            format!("{}/poll", lookup.settings.base_url),
            "application/x-www-form-urlencoded",
            body,
        ))
    }

    fn subscribed(
        &self,
        _lookup: &Lookup<'_>,
        response: &HttpResponse,
    ) -> Result<Subscribed, CarrierError> {
        if let Some(e) = response.common_error() {
            return Err(e);
        }
        let answer: SubscriptionAnswer = parse_json(&response.body)?;
        let code = answer.return_code.unwrap_or_default();
        let message = answer.message.unwrap_or_default();
        let why = |what: &str| format!("Kuaidi100 returnCode {code}: {what} ({message})");
        match code.as_str() {
            // Submitted; or subscribed already and still followed (重复订阅).
            "200" | "501" => Ok(Subscribed::default()),
            // The key is wrong or expired.
            "600" | "601" => Err(CarrierError::BadCredentials(why("the key was refused"))),
            // Kuaidi100's own failure.
            "500" => Err(CarrierError::Down(why("Kuaidi100 failed"))),
            // Bad data or callback URL (700), the courier refused (701) or is not recognised
            // (702).
            _ => Err(CarrierError::NotUnderstood(why(
                "the subscription was refused",
            ))),
        }
    }

    fn push(&self, push: &Push, settings: &Settings) -> Result<Vec<Pushed>, PushError> {
        // Verify before reading anything: sign = MD5(param + salt), upper-case hex, both
        // fields of the form body.
        let salt = settings.secret(SALT).map_err(|_| PushError::BadSignature)?;
        let mut param = None;
        let mut sign = None;
        for (name, value) in form_urlencoded::parse(push.body.as_bytes()) {
            match name.as_ref() {
                "param" => param = Some(value.into_owned()),
                "sign" => sign = Some(value.into_owned()),
                _ => {}
            }
        }
        let param = param.unwrap_or_default();
        let expected = Md5::new()
            .chain_update(param.as_bytes())
            .chain_update(salt.as_bytes())
            .finalize();
        if !hex_signature_matches(&expected, sign.as_deref()) {
            return Err(PushError::BadSignature);
        }
        let pushed: PushParam =
            serde_json::from_str(&param).map_err(|e| PushError::Malformed(e.to_string()))?;
        // `polling`: tracking goes on; `shutdown`: finished (delivered); `abort`: Kuaidi100
        // stopped ("3天查询无记录": three days without a record, "60天无变化": sixty days
        // without change), and the number must be subscribed again for more pushes;
        // `updateall`: everything again.
        let stopped = pushed.status.as_deref() == Some("abort");
        let answer = pushed
            .last_result
            .ok_or_else(|| PushError::Malformed("no lastResult".into()))?;
        let number = aggregated::push_number(answer.nu.as_deref().unwrap_or_default())?;
        let carrier_hint = answer
            .com
            .as_deref()
            .and_then(trackline_code)
            .map(str::to_owned);
        match report(&number, answer) {
            Ok(report) => Ok(vec![Pushed {
                number,
                carrier_hint,
                report,
                stopped,
            }]),
            // "3 days without a record": only the stop is news.
            Err(CarrierError::NotFound) if stopped => Ok(vec![Pushed {
                report: CarrierReport::empty(carrier_for(carrier_hint.as_deref())),
                number,
                carrier_hint,
                stopped,
            }]),
            // Nothing new: nothing to change.
            Err(CarrierError::NotFound) => Ok(Vec::new()),
            Err(e) => Err(PushError::Malformed(e.to_string())),
        }
    }
}

/// `sign` of a query: upper-case hex MD5 of `param + key + customer`.
fn sign(param: &str, key: &str, customer: &str) -> String {
    let digest = Md5::new()
        .chain_update(param.as_bytes())
        .chain_update(key.as_bytes())
        .chain_update(customer.as_bytes())
        .finalize();
    hex_upper(&digest)
}

// --- Request `param`. ---

#[derive(Serialize)]
struct Param<'a> {
    com: &'a str,
    num: &'a str,
    /// 4: place parsing plus the advanced status codes (`statusCode` per event).
    resultv2: &'a str,
    /// 0: JSON.
    show: &'a str,
    /// Newest first.
    order: &'a str,
}

// --- Response types: only the fields Trackline uses. ---

/// A query answer (also `lastResult` of a push).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Answer {
    /// `false` on errors, absent on success.
    result: Option<bool>,
    #[serde(default, deserialize_with = "lenient_text")]
    return_code: Option<String>,
    message: Option<String>,
    nu: Option<String>,
    com: Option<String>,
    /// The shipment's state now (a code of [`status_of`]).
    #[serde(default, deserialize_with = "lenient_text")]
    state: Option<String>,
    #[serde(default)]
    data: Vec<Trace>,
    route_info: Option<RouteInfo>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Trace {
    time: Option<String>,
    ftime: Option<String>,
    context: Option<String>,
    area_code: Option<String>,
    area_name: Option<String>,
    /// "lng,lat".
    area_center: Option<String>,
    /// The status's name (在途, 揽收, ...).
    status: Option<String>,
    /// The status's code, with resultv2=4 the advanced one.
    #[serde(default, deserialize_with = "lenient_text")]
    status_code: Option<String>,
}

#[derive(Deserialize)]
struct RouteInfo {
    from: Option<Area>,
    to: Option<Area>,
}

#[derive(Deserialize)]
struct Area {
    number: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PushParam {
    status: Option<String>,
    last_result: Option<Answer>,
}

/// A subscription request's `param`.
#[derive(Serialize)]
struct Subscription<'a> {
    company: &'a str,
    number: &'a str,
    key: &'a str,
    parameters: SubscriptionParameters<'a>,
}

#[derive(Serialize)]
struct SubscriptionParameters<'a> {
    callbackurl: &'a str,
    /// Kuaidi100 signs each push with it: `sign = MD5(param + salt)`.
    salt: &'a str,
    /// 4: the same advanced status codes as the query.
    resultv2: &'a str,
}

/// The answer to a subscription.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SubscriptionAnswer {
    #[serde(default, deserialize_with = "lenient_text")]
    return_code: Option<String>,
    message: Option<String>,
}

// --- Error codes. ---

/// Kuaidi100's `returnCode` on failed queries.
fn error_of(code: &str, message: Option<&str>) -> CarrierError {
    let message = message.unwrap_or_default();
    let why = |what: &str| format!("Kuaidi100 returnCode {code}: {what} ({message})");
    match code {
        // Incomplete data, unknown company, or an account without the right or the balance.
        "400" if ["授权", "充值", "权限"].iter().any(|w| message.contains(w)) => {
            CarrierError::BadCredentials(why("the account may not query"))
        }
        "400" => CarrierError::NotUnderstood(why("the query was refused")),
        // The carrier wants the recipient's or sender's phone number (SF, ZTO).
        "408" => CarrierError::NotUnderstood(why("the carrier needs a phone number")),
        // No result (yet): query again later.
        "500" => CarrierError::NotFound,
        // Server error at Kuaidi100.
        "501" => CarrierError::Down(why("server error")),
        // Server busy.
        "502" => CarrierError::Down(why("server busy")),
        // Signature check failed: key or customer wrong.
        "503" => CarrierError::BadCredentials(why("signature rejected")),
        // Key expired or no queries left.
        "601" => CarrierError::BadCredentials(why("key expired or no balance")),
        _ => CarrierError::NotUnderstood(why("undocumented code")),
    }
}

// --- Status table. ---

/// Kuaidi100's states: `state` of a shipment, `statusCode` of a trace; the basic codes and,
/// with resultv2=4, the advanced ones under them.
fn status_of(code: u32) -> Option<(Status, Option<Substatus>)> {
    use Status as S;
    use Substatus as Sub;
    Some(match code {
        // 在途: moving.
        0 => (S::InTransit, None),
        // 到达派件城市: reached the recipient's city.
        1001 => (S::InTransit, Some(Sub::Arrived)),
        // 干线: on the trunk line.
        1002 => (S::InTransit, None),
        // 转递: sent on to a new address.
        1003 => (S::InTransit, None),
        // 揽收: collected.
        1 => (S::InTransit, Some(Sub::PickedUp)),
        // 已下单: the order was placed.
        101 => (S::InfoReceived, None),
        // 待揽收: waiting for the carrier to collect.
        102 => (S::InfoReceived, None),
        // 已揽收: the carrier collected it.
        103 => (S::InTransit, Some(Sub::PickedUp)),
        // 疑难: a problem.
        2 => (S::Exception, None),
        // 超时未签收: out for delivery long ago, not signed for.
        201 => (S::FailedAttempt, None),
        // 超时未更新: no news for a long time.
        202 => (S::InTransit, Some(Sub::DelayedOther)),
        // 拒收: the recipient refuses it, the shipper is to confirm.
        203 => (S::Exception, Some(Sub::Refused)),
        // 派件异常: a problem during delivery.
        204 => (S::FailedAttempt, None),
        // 柜或驿站超时未取: not collected from the locker or station in time; still there.
        205 => (S::AvailableForPickup, Some(Sub::PickupReady)),
        // 无法联系: the recipient cannot be reached.
        206 => (S::FailedAttempt, Some(Sub::RecipientUnavailable)),
        // 超区: outside the carrier's service area.
        207 => (S::Exception, Some(Sub::AddressProblem)),
        // 滞留: stuck at a station, not delivered.
        208 => (S::InTransit, Some(Sub::DelayedOther)),
        // 破损: damaged.
        209 => (S::Exception, Some(Sub::Damaged)),
        // 销单: the shipper cancelled.
        210 => (S::Exception, Some(Sub::Cancelled)),
        // 签收: signed for.
        3 => (S::Delivered, None),
        // 本人签收: signed for by the recipient.
        301 => (S::Delivered, Some(Sub::DeliveredToRecipient)),
        // 派件异常后签收: signed for after a delivery problem.
        302 => (S::Delivered, None),
        // 代签: signed for by someone else.
        303 => (S::Delivered, Some(Sub::DeliveredSafePlace)),
        // 投柜或站签收: taken out of the locker or station.
        304 => (S::Delivered, Some(Sub::CollectedFromPickup)),
        // 退签: returned and signed for by the sender.
        4 => (S::Exception, Some(Sub::ReturnedToSender)),
        // 已销单: the waybill was cancelled.
        401 => (S::Exception, Some(Sub::Cancelled)),
        // 派件: out for delivery.
        5 => (S::OutForDelivery, None),
        // 投柜或驿站: put in a locker or a station, to collect.
        501 => (S::AvailableForPickup, Some(Sub::PickupReady)),
        // 退回: on the way back to the sender.
        6 => (S::Exception, Some(Sub::ReturningToSender)),
        // 转投: handed to another carrier.
        7 => (S::InTransit, Some(Sub::HandedOver)),
        // 清关: in customs clearance.
        8 => (S::InTransit, Some(Sub::CustomsProcessing)),
        // 待清关: waiting for clearance.
        10 => (S::InTransit, Some(Sub::CustomsProcessing)),
        // 清关中: being cleared.
        11 => (S::InTransit, Some(Sub::CustomsProcessing)),
        // 已清关: cleared.
        12 => (S::InTransit, Some(Sub::CustomsCleared)),
        // 清关异常: a problem in clearance.
        13 => (S::Exception, Some(Sub::CustomsHeld)),
        // 拒签: the recipient refused it.
        14 => (S::Exception, Some(Sub::Refused)),
        _ => return None,
    })
}

/// The code of a status name (the trace's `status` when it has no `statusCode`).
fn code_of_name(name: &str) -> Option<u32> {
    static NAMES: &[(&str, u32)] = &[
        ("在途", 0),
        ("到达派件城市", 1001),
        ("干线", 1002),
        ("转递", 1003),
        ("揽收", 1),
        ("已下单", 101),
        ("待揽收", 102),
        ("已揽收", 103),
        ("疑难", 2),
        ("超时未签收", 201),
        ("超时未更新", 202),
        ("拒收", 203),
        ("派件异常", 204),
        ("柜或驿站超时未取", 205),
        ("无法联系", 206),
        ("超区", 207),
        ("滞留", 208),
        ("破损", 209),
        ("销单", 210),
        ("签收", 3),
        ("本人签收", 301),
        ("派件异常后签收", 302),
        ("代签", 303),
        ("投柜或站签收", 304),
        ("退签", 4),
        ("已销单", 401),
        ("派件", 5),
        ("投柜或驿站", 501),
        ("退回", 6),
        ("转投", 7),
        ("清关", 8),
        ("待清关", 10),
        ("清关中", 11),
        ("已清关", 12),
        ("清关异常", 13),
        ("拒签", 14),
    ];
    let name = name.trim();
    NAMES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

// --- Companies. ---

/// Kuaidi100 company codes of the carriers Trackline names (Kuaidi100's code list).
static COMPANIES: &[(&str, &str)] = &[
    ("sf_express", "shunfeng"),
    ("zto", "zhongtong"),
    ("yto", "yuantong"),
    ("sto", "shentong"),
    ("yunda", "yunda"),
    ("jd", "jd"),
    ("jt_express", "jtexpress"),
    ("china_post", "youzhengguonei"),
    ("china_ems", "ems"),
    ("cainiao", "cainiao"),
    ("yunexpress", "yunexpress"),
    ("yanwen", "yanwen"),
    ("4px", "disifang"),
    ("ups", "ups"),
    ("fedex", "fedex"),
    // DHL's global (English) results; `dhl` is Kuaidi100's China-only DHL.
    ("dhl", "dhlen"),
    ("usps", "usps"),
];

/// The Kuaidi100 company code for carrier `hint`.
fn company(hint: Option<&str>, number: &str) -> Result<String, CarrierError> {
    let hint = hint.ok_or_else(|| {
        CarrierError::NotUnderstood(
            "Kuaidi100 needs the carrier: give the lookup a carrier hint (sf_express, zto, ...)"
                .into(),
        )
    })?;
    // China Post parcels with an international (UPU S10) number are Kuaidi100's 国际包裹.
    if hint == "china_post" && is_s10(number) {
        return Ok("youzhengguoji".into());
    }
    if let Some((_, com)) = COMPANIES.iter().find(|(code, _)| *code == hint) {
        return Ok((*com).to_owned());
    }
    // Kuaidi100 codes are lower-case letters and digits; a hint that is one already (a
    // carrier Trackline has no entry for) goes through as it is.
    if !hint.is_empty()
        && hint
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        return Ok(hint.to_owned());
    }
    Err(CarrierError::NotUnderstood(format!(
        "Kuaidi100 has no company code for carrier {hint}"
    )))
}

/// A UPU S10 number: two letters, nine digits, two letters (`RR123456785CN`).
fn is_s10(number: &str) -> bool {
    let b = number.as_bytes();
    b.len() == 13
        && b[..2].iter().all(u8::is_ascii_alphabetic)
        && b[2..11].iter().all(u8::is_ascii_digit)
        && b[11..].iter().all(u8::is_ascii_alphabetic)
}

/// Trackline's code for Kuaidi100 company `com`.
fn trackline_code(com: &str) -> Option<&'static str> {
    match com {
        "youzhengguoji" => Some("china_post"),
        "emsguoji" => Some("china_ems"),
        "dhl" => Some("dhl"),
        _ => COMPANIES
            .iter()
            .find(|(_, c)| *c == com)
            .map(|(code, _)| *code),
    }
}

/// Kuaidi100's public page for `number` at company `com`.
fn page(com: &str, number: &str) -> String {
    format!("https://www.kuaidi100.com/chaxun?com={com}&nu={number}")
}

// --- Mapping. ---

fn report(number: &str, answer: Answer) -> Result<CarrierReport, CarrierError> {
    if answer.result == Some(false) || answer.return_code.as_deref().is_some_and(|c| c != "200") {
        let code = answer.return_code.as_deref().unwrap_or("?");
        return Err(error_of(code, answer.message.as_deref()));
    }
    // Each event, and whether its trace had a status code of its own.
    let mut traced: Vec<(Event, bool)> = answer
        .data
        .iter()
        .filter_map(|t| Some((event(t)?, trace_code(t).is_some())))
        .collect();
    // The shipment's `state` tells the newest trace's status when that one has no code.
    let state = answer
        .state
        .as_deref()
        .and_then(|s| s.trim().parse().ok())
        .and_then(status_of);
    if let (Some((newest, false)), Some((status, substatus))) =
        (traced.iter_mut().max_by_key(|(e, _)| e.at), state)
    {
        newest.status = status;
        newest.substatus = substatus;
    }
    let events: Vec<Event> = traced.into_iter().map(|(e, _)| e).collect();
    if events.is_empty() {
        return Err(CarrierError::NotFound);
    }
    let com = non_empty(answer.com.as_deref());
    let carrier = match com.as_deref() {
        Some(com) => match trackline_code(com).and_then(known::lookup) {
            Some(carrier) => carrier.model(number, Some(page(com, number))),
            None => Carrier {
                code: INFO.code.to_owned(),
                name: INFO.name.to_owned(),
                tracking_url: Some(page(com, number)),
            },
        },
        None => Carrier {
            code: INFO.code.to_owned(),
            name: INFO.name.to_owned(),
            tracking_url: None,
        },
    };
    let route = answer.route_info;
    let area =
        |a: Option<&Area>| a.and_then(|a| place(a.name.as_deref(), a.number.as_deref(), None));
    Ok(CarrierReport {
        carrier,
        events,
        origin: area(route.as_ref().and_then(|r| r.from.as_ref())),
        destination: area(route.as_ref().and_then(|r| r.to.as_ref())),
        // Estimates come only with resultv2=8 and a destination address Trackline lacks.
        eta: None,
    })
}

fn trace_code(t: &Trace) -> Option<u32> {
    t.status_code
        .as_deref()
        .and_then(|c| c.trim().parse().ok())
        .filter(|c| status_of(*c).is_some())
        .or_else(|| t.status.as_deref().and_then(code_of_name))
}

/// Trace times are China time unless they say otherwise.
fn time_of(t: &Trace) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    t.time
        .as_deref()
        .and_then(|s| parse(s, hours(8)))
        .or_else(|| t.ftime.as_deref().and_then(|s| parse(s, hours(8))))
}

fn event(t: &Trace) -> Option<Event> {
    let at = time_of(t)?;
    let carrier_text = non_empty(t.context.as_deref()).unwrap_or_default();
    let coded = trace_code(t).and_then(status_of);
    let (status, substatus) = aggregated::refine(coded, &carrier_text);
    Some(Event {
        at,
        status,
        substatus,
        text: String::new(),
        carrier_text,
        location: place(
            t.area_name.as_deref(),
            t.area_code.as_deref(),
            t.area_center.as_deref(),
        ),
    })
}

/// A place from Kuaidi100's area name ("广东,深圳市" or "北京"), area code ("CN440300000000")
/// and centre ("lng,lat").
fn place(name: Option<&str>, code: Option<&str>, center: Option<&str>) -> Option<Location> {
    let parts: Vec<&str> = name
        .unwrap_or_default()
        .split([',', '，'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let (region, city) = match parts.as_slice() {
        [] => (None, None),
        [only] => (None, Some(*only)),
        [region, city, ..] => (Some(*region), Some(*city)),
    };
    let country = code
        .map(str::trim)
        .filter(|c| c.len() >= 2 && c.as_bytes()[..2].iter().all(u8::is_ascii_alphabetic))
        .map(|c| c[..2].to_ascii_uppercase());
    let (lat, lon) = center
        .and_then(|c| c.split_once(','))
        .and_then(|(lon, lat)| Some((lon.trim().parse().ok()?, lat.trim().parse().ok()?)))
        .map_or((None, None), |(lon, lat): (f64, f64)| {
            checked_coordinates(Some(lat), Some(lon))
        });
    let location = Location {
        city: non_empty(city),
        region: non_empty(region),
        postal_code: None,
        country,
        lat,
        lon,
    };
    (location != Location::default()).then_some(location)
}

#[cfg(test)]
mod tests;
