//! Kuaidi100 (快递100) real-time query as the simulator plays it: `POST /poll/query.do`, a form
//! of `customer`, `param` (JSON: company code `com`, number `num`, `resultv2`, `order`) and
//! `sign`, which must be the upper-case hex MD5 of `param + key + customer` for the customer
//! [`CLIENT_ID`] and the key [`KEY`]. Kuaidi100 answers HTTP 200 with `result: false` and a
//! `returnCode` for its errors: 503 for a bad signature, 400 for an unknown company code, 500
//! for a number without results, 601 for an expired key, 502 when busy. So the simulator
//! answers `Fault::Status(401)` with 601, `Status(404)` with 500 and `Status(5xx)` with 502,
//! in the body; a rate limit is an HTTP 429 with `Retry-After`, as a gateway in front of it
//! would send. Traces are China time (`yyyy-MM-dd HH:mm:ss`), newest first with
//! `order=desc`, with the advanced status codes (`resultv2=4`) and areas.

use chrono::FixedOffset;
use serde_json::{json, Value};
use trackline_core::model::{Event, Location, Status, Substatus};
use trackline_core::tracking::CarrierReport;

use super::shape::field;
use super::shape::newest_first;
use super::{form_pairs, Call, Fault, Journeys, Outgoing, PushKind, Reply, CLIENT_ID, KEY};

const QUERY: &str = "/poll/query.do";
const SUBSCRIBE: &str = "/poll";

/// `POST /poll` (订阅): a form of `schema=json` and `param` (JSON: `company`, `number`, `key`,
/// `parameters` with `callbackurl`, `salt`, `resultv2`). Answers `returnCode` 200, or 501 for a
/// number subscribed already (still pushed), 600 for a wrong key, 700 for missing data or a
/// callback that is not a URL, 701 for an unknown company; a fault answers 500.
fn subscribe(call: &Call<'_>, journeys: &mut Journeys<'_>, fault: Option<&Fault>) -> Reply {
    if fault.is_some() {
        return failed("500", "服务器错误");
    }
    let form = form_pairs(&call.body);
    let param = form
        .iter()
        .find(|(k, _)| k == "param")
        .map(|(_, v)| serde_json::from_str::<Value>(v).unwrap_or(Value::Null))
        .unwrap_or(Value::Null);
    if param["key"].as_str() != Some(KEY) {
        return failed("600", "您不是合法的订阅者（即授权Key出错）");
    }
    let (Some(company), Some(number), Some(callback)) = (
        param["company"].as_str(),
        param["number"].as_str(),
        param["parameters"]["callbackurl"].as_str(),
    ) else {
        return failed("700", "订阅方的订阅数据存在错误");
    };
    if !callback.starts_with("http") {
        return failed(
            "700",
            "订阅方的订阅数据存在错误（如不支持的快递公司、单号为空、单号超长等）或错误的回调地址",
        );
    }
    if !COMPANIES.contains(&company) {
        return failed("701", "拒绝订阅的快递公司");
    }
    let salt = param["parameters"]["salt"].as_str().unwrap_or_default();
    if journeys.subscribe("kuaidi100", number, company, callback, salt) {
        Reply::json(
            200,
            json!({ "result": true, "returnCode": "200", "message": "提交成功" }),
        )
    } else {
        failed("501", "重复订阅")
    }
}

/// A push as Kuaidi100 sends it for `report`: a form of `param` (`status`: `polling`,
/// `shutdown` after the last scan, `abort` when it stopped; `message`; and `lastResult` shaped
/// like a query answer) and `sign`, the upper-case hex MD5 of `param + salt`.
pub fn push(
    number: &str,
    company: &str,
    report: &CarrierReport,
    kind: PushKind,
    salt: &str,
) -> Outgoing {
    let status = match kind {
        PushKind::Update => "polling",
        PushKind::Last => "shutdown",
        PushKind::Stop => "abort",
    };
    let message = if status == "abort" {
        "3天查询无记录"
    } else {
        ""
    };
    let param = json!({
        "status": status,
        "billstatus": "got",
        "message": message,
        "lastResult": last_result(number, company, report, true, false),
    })
    .to_string();
    let sign = {
        use md5::{Digest, Md5};
        hex::encode_upper(Md5::digest(format!("{param}{salt}").as_bytes()))
    };
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("param", &param)
        .append_pair("sign", &sign)
        .finish();
    Outgoing {
        headers: vec![(
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into(),
        )],
        body,
        oauth: None,
    }
}

/// Kuaidi100's company codes the simulator knows.
const COMPANIES: &[&str] = &[
    "shunfeng",
    "zhongtong",
    "yuantong",
    "shentong",
    "yunda",
    "jd",
    "jtexpress",
    "youzhengguonei",
    "youzhengguoji",
    "ems",
    "emsguoji",
    "cainiao",
    "yunexpress",
    "yanwen",
    "disifang",
    "ups",
    "fedex",
    "dhl",
    "dhlen",
    "usps",
];

fn failed(code: &str, message: &str) -> Reply {
    Reply::json(
        200,
        json!({ "result": false, "returnCode": code, "message": message }),
    )
}

/// Answers one call.
pub fn answer(call: &Call<'_>, journeys: &mut Journeys<'_>, fault: Option<&Fault>) -> Reply {
    if call.path == SUBSCRIBE && call.method == "POST" {
        return subscribe(call, journeys, fault);
    }
    if call.path != QUERY || call.method != "POST" {
        return Reply::json(
            404,
            json!({ "result": false, "returnCode": "404", "message": "Not Found" }),
        );
    }
    let form = form_pairs(&call.body);
    let get = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let (Some(customer), Some(sign), Some(param)) = (get("customer"), get("sign"), get("param"))
    else {
        return failed("400", "提交的数据不完整，或者贵公司没授权");
    };
    let expected = {
        use md5::{Digest, Md5};
        hex::encode_upper(Md5::digest(format!("{param}{KEY}{customer}").as_bytes()))
    };
    if customer != CLIENT_ID || sign != expected {
        return failed("503", "验证签名失败");
    }
    match fault {
        Some(Fault::Status(401 | 403) | Fault::ExpiredToken) => {
            return failed("601", "POLL:KEY已过期")
        }
        Some(Fault::Status(404)) => return failed("500", "查询无结果，请隔段时间再查"),
        Some(Fault::Status(429)) => return rate_limited(1),
        Some(Fault::RateLimited { retry_after }) => return rate_limited(*retry_after),
        Some(Fault::Status(_)) => return failed("502", "服务器繁忙"),
        _ => {}
    }
    let param: Value = serde_json::from_str(param).unwrap_or(Value::Null);
    let (Some(com), Some(number)) = (param["com"].as_str(), param["num"].as_str()) else {
        return failed("400", "提交的数据不完整，或者贵公司没授权");
    };
    if !COMPANIES.contains(&com) {
        return failed("400", "找不到对应公司");
    }
    let Some(report) = journeys.report(number) else {
        return failed("500", "查询无结果，请隔段时间再查");
    };
    let advanced = param["resultv2"].as_str() == Some("4");
    let ascending = param["order"].as_str() == Some("asc");
    Reply::json(200, last_result(number, com, &report, advanced, ascending))
}

/// A query answer (and a push's `lastResult`) for `report`.
fn last_result(
    number: &str,
    com: &str,
    report: &CarrierReport,
    advanced: bool,
    ascending: bool,
) -> Value {
    let mut events = newest_first(report);
    if ascending {
        events.reverse();
    }
    let data: Vec<Value> = events.iter().map(|e| trace(e, advanced)).collect();
    let newest = report.events.iter().max_by_key(|e| e.at);
    let state = newest.map_or(0, |e| if advanced { code(e) } else { basic(code(e)) });
    let delivered = newest.is_some_and(|e| e.status == Status::Delivered);
    json!({
        "message": "ok",
        "nu": number,
        "ischeck": if delivered { "1" } else { "0" },
        "com": com,
        "status": "200",
        "state": state.to_string(),
        "condition": "00",
        "isLoop": false,
        "routeInfo": {
            "from": area(report.origin.as_ref()),
            "cur": area(newest.and_then(|e| e.location.as_ref())),
            "to": area(report.destination.as_ref()),
        },
        "data": data,
    })
}

fn rate_limited(retry_after: u64) -> Reply {
    let mut reply = Reply::json(
        429,
        json!({ "result": false, "returnCode": "429", "message": "请求过于频繁" }),
    );
    reply
        .headers
        .push(("Retry-After".into(), retry_after.to_string()));
    reply
}

fn trace(e: &Event, advanced: bool) -> Value {
    let china = FixedOffset::east_opt(8 * 3600).expect("a valid offset");
    let time =
        e.at.with_timezone(&china)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string();
    let code = if advanced { code(e) } else { basic(code(e)) };
    let location = e.location.as_ref();
    let mut trace = json!({
        "time": time,
        "ftime": time,
        "context": e.carrier_text,
        "status": name(code),
    });
    if advanced {
        trace["statusCode"] = json!(code.to_string());
        trace["areaCode"] = area(location)["number"].clone();
        trace["areaName"] = area(location)["name"].clone();
        if let Some((lat, lon)) = location.and_then(|l| Some((l.lat?, l.lon?))) {
            trace["areaCenter"] = json!(format!("{lon},{lat}"));
        }
    }
    trace
}

/// Kuaidi100's area: a code starting with the country, and "region,city".
fn area(location: Option<&Location>) -> Value {
    let Some(l) = location else {
        return Value::Null;
    };
    let name = [l.region.as_deref(), l.city.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(",");
    json!({ "number": format!("{}000000000000", field(location, |l| l.country.as_ref())), "name": name })
}

/// Kuaidi100's advanced status code (`resultv2=4`) for an event.
fn code(e: &Event) -> u32 {
    use Status as S;
    use Substatus as Sub;
    match (e.status, e.substatus) {
        (S::Pending | S::InfoReceived, _) => 101,
        (S::InTransit, Some(Sub::PickedUp)) => 103,
        (S::InTransit, Some(Sub::Arrived)) => 1001,
        (S::InTransit, Some(Sub::Departed)) => 1002,
        (S::InTransit, Some(Sub::HandedOver)) => 7,
        (S::InTransit, Some(Sub::CustomsProcessing)) => 11,
        (S::InTransit, Some(Sub::CustomsCleared)) => 12,
        (S::InTransit, Some(Sub::CustomsHeld)) => 13,
        (S::InTransit, Some(Sub::DelayedWeather | Sub::DelayedVolume | Sub::DelayedOther)) => 208,
        (S::InTransit, _) => 0,
        (S::OutForDelivery, _) => 5,
        (S::AvailableForPickup, _) => 501,
        (S::Delivered, Some(Sub::DeliveredToRecipient)) => 301,
        (S::Delivered, Some(Sub::DeliveredSafePlace)) => 303,
        (S::Delivered, Some(Sub::CollectedFromPickup)) => 304,
        (S::Delivered, _) => 3,
        (S::FailedAttempt, Some(Sub::RecipientUnavailable)) => 206,
        (S::FailedAttempt, _) => 204,
        (S::Exception, Some(Sub::AddressProblem)) => 207,
        (S::Exception, Some(Sub::Refused)) => 14,
        (S::Exception, Some(Sub::Damaged)) => 209,
        (S::Exception, Some(Sub::Cancelled)) => 210,
        (S::Exception, Some(Sub::CustomsHeld)) => 13,
        (S::Exception, Some(Sub::ReturningToSender)) => 6,
        (S::Exception, Some(Sub::ReturnedToSender)) => 4,
        (S::Exception, _) => 2,
        (S::Expired, _) => 202,
    }
}

/// The basic code an advanced one belongs to (what Kuaidi100 sends without `resultv2=4`).
fn basic(code: u32) -> u32 {
    match code {
        1001..=1003 => 0,
        101..=103 => 1,
        201..=210 => 2,
        301..=304 => 3,
        401 => 4,
        501 => 5,
        10..=13 => 8,
        other => other,
    }
}

/// The status name Kuaidi100 writes next to a code.
fn name(code: u32) -> &'static str {
    match code {
        0 => "在途",
        1001 => "到达派件城市",
        1002 => "干线",
        1003 => "转递",
        1 => "揽收",
        101 => "已下单",
        102 => "待揽收",
        103 => "已揽收",
        2 => "疑难",
        201 => "超时未签收",
        202 => "超时未更新",
        203 => "拒收",
        204 => "派件异常",
        205 => "柜或驿站超时未取",
        206 => "无法联系",
        207 => "超区",
        208 => "滞留",
        209 => "破损",
        210 => "销单",
        3 => "签收",
        301 => "本人签收",
        302 => "派件异常后签收",
        303 => "代签",
        304 => "投柜或站签收",
        4 => "退签",
        401 => "已销单",
        5 => "派件",
        501 => "投柜或驿站",
        6 => "退回",
        7 => "转投",
        8 => "清关",
        10 => "待清关",
        11 => "清关中",
        12 => "已清关",
        13 => "清关异常",
        _ => "拒签",
    }
}
