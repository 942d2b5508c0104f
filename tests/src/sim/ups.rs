//! UPS as the simulator plays it: OAuth2 client credentials at `POST /security/v1/oauth/token`
//! (HTTP Basic `client_id:client_secret`, form `grant_type=client_credentials`; the token lives
//! 14399 s, `expires_in` written as a string as UPS does), then
//! `GET /api/track/v1/details/{number}` with the bearer token and the `transId` and
//! `transactionSrc` headers UPS requires. Errors are UPS's `response.errors[]` bodies (an unknown
//! number is a 404 with code 151044). Activities carry the local date and time, the GMT date and
//! time and the GMT offset; each is typed (`M`, `P`, `I`, `X`, `D`, `RS`, `MV`) and coded as UPS
//! does.
//!
//! Track Alert: `POST /api/track/v2/subscription/standard/package` (the bearer, a `locale`, at
//! most 100 numbers) subscribes each well-formed number to the webhook set with
//! [`super::Simulator::account_webhook`] (its secret is the webhook's `client_id:client_secret`);
//! each new scan is then pushed alone, as UPS does, with a token fetched from the webhook's
//! token URL (`{webhook}/token`, HTTP Basic) and `x-api-key` = the client id.

use chrono::Utc;
use serde_json::{json, Value};
use trackline_core::model::{Event, Location, Status, Substatus};
use trackline_core::tracking::CarrierReport;

use super::oauth;
use super::shape::{field, newest_first};
use super::{fault_reply, form_pairs, Bearer, Call, Fault, Journeys, Outgoing, PushKind, Reply};

/// The token endpoint.
pub const TOKEN_PATH: &str = "/security/v1/oauth/token";
const TRACK_PREFIX: &str = "/api/track/v1/details/";
const ALERT_PATH: &str = "/api/track/v2/subscription/standard/package";
/// How long a UPS token lives.
const LIFETIME: u64 = 14399;

fn errors(code: &str, message: &str) -> Value {
    json!({ "response": { "errors": [ { "code": code, "message": message } ] } })
}

/// UPS's error body for a tracking call answered `status`.
fn track_error(status: u16) -> Value {
    match status {
        400 => errors("9370701", "Invalid tracking number"),
        401 | 403 => errors("250002", "Invalid Authentication Information."),
        404 => errors("151044", "No tracking information available"),
        429 => errors("10429", "Too Many Requests."),
        _ => errors(
            "10500",
            "The service is temporarily unavailable. Please try again later.",
        ),
    }
}

/// UPS's error body for a token request answered `status`.
fn token_error(status: u16) -> Value {
    match status {
        400 => errors("10400", "Invalid/Missing grant_type"),
        401 | 403 => errors("10401", "ClientId is Invalid"),
        429 => errors("10429", "Too Many Requests."),
        _ => errors(
            "10500",
            "The service is temporarily unavailable. Please try again later.",
        ),
    }
}

/// Answers one call.
pub fn answer(call: &Call<'_>, journeys: &mut Journeys<'_>, fault: Option<&Fault>) -> Reply {
    if call.path == TOKEN_PATH {
        return token(call, journeys, fault);
    }
    if call.path == ALERT_PATH {
        return subscribe(call, journeys, fault);
    }
    let Some(number) = call
        .path
        .strip_prefix(TRACK_PREFIX)
        .filter(|n| !n.is_empty())
    else {
        return Reply::json(404, errors("10404", "Resource not found"));
    };
    match oauth::bearer(call, journeys, "ups") {
        Bearer::Valid => {}
        Bearer::Expired | Bearer::Invalid => return Reply::json(401, track_error(401)),
    }
    if fault == Some(&Fault::ExpiredToken) {
        journeys.expire_tokens("ups");
        return Reply::json(401, track_error(401));
    }
    if let Some(reply) = fault.and_then(|f| fault_reply(f, track_error)) {
        return reply;
    }
    if call.method != "GET" {
        return Reply::json(405, errors("10405", "Method not allowed"));
    }
    if call.header("transid").is_none_or(str::is_empty)
        || call.header("transactionsrc").is_none_or(str::is_empty)
    {
        return Reply::json(
            400,
            errors("10001", "Missing transId or transactionSrc header"),
        );
    }
    let Some(report) = journeys.report(number) else {
        return Reply::json(404, track_error(404));
    };
    let events = newest_first(&report);
    let activity: Vec<Value> = events.iter().map(activity).collect();
    let newest = events.first();
    let delivered = newest.filter(|e| e.status == Status::Delivered);
    let mut package = json!({
        "trackingNumber": number,
        "activity": activity,
        "currentStatus": newest.map(status_json).unwrap_or(Value::Null),
        "packageAddress": [
            { "type": "ORIGIN", "name": "", "address": address(report.origin.as_ref()) },
            { "type": "DESTINATION", "name": "", "address": address(report.destination.as_ref()) },
        ],
        "packageCount": 1,
        "service": { "code": "065", "levelCode": "065", "description": "UPS Worldwide Saver" },
    });
    if let Some(delivered) = delivered {
        let local = delivered.at.naive_local();
        package["deliveryDate"] =
            json!([{ "type": "DEL", "date": local.format("%Y%m%d").to_string() }]);
        package["deliveryTime"] =
            json!({ "type": "DEL", "endTime": local.format("%H%M%S").to_string() });
        package["deliveryInformation"] = match delivered.substatus {
            Some(Substatus::DeliveredToRecipient) => {
                json!({ "location": "", "receivedBy": "RESIDENT" })
            }
            Some(Substatus::DeliveredSafePlace) => {
                json!({ "location": "Front Door", "receivedBy": "" })
            }
            _ => json!({ "location": "", "receivedBy": "" }),
        };
    } else if let Some(eta) = &report.eta {
        // UPS gives one scheduled day and a window on it.
        package["deliveryDate"] =
            json!([{ "type": "SDD", "date": eta.latest.format("%Y%m%d").to_string() }]);
        package["deliveryTime"] = json!({
            "type": "EDW",
            "startTime": eta.earliest.format("%H%M%S").to_string(),
            "endTime": eta.latest.format("%H%M%S").to_string(),
        });
    }
    Reply::json(
        200,
        json!({ "trackResponse": { "shipment": [ { "inquiryNumber": number, "package": [package] } ] } }),
    )
}

/// Track Alert's package subscription.
fn subscribe(call: &Call<'_>, journeys: &mut Journeys<'_>, fault: Option<&Fault>) -> Reply {
    match oauth::bearer(call, journeys, "ups") {
        Bearer::Valid => {}
        Bearer::Expired | Bearer::Invalid => return Reply::json(401, track_error(401)),
    }
    if let Some(reply) = fault.and_then(|f| fault_reply(f, track_error)) {
        return reply;
    }
    let body: Value = serde_json::from_str(&call.body).unwrap_or(Value::Null);
    let numbers: Vec<&str> = body["trackingNumberList"]
        .as_array()
        .map(|list| list.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if body["locale"].as_str().is_none_or(str::is_empty) {
        let mut refused = errors(
            "VSS300",
            "Locale is required. The Subscription request has been rejected.",
        );
        refused["invalidTrackingNumbers"] = json!(numbers);
        return Reply::json(400, refused);
    }
    if numbers.is_empty() || numbers.len() > 100 {
        let mut refused = errors("VSS301", "Between 1 and 100 tracking numbers are required.");
        refused["invalidTrackingNumbers"] = json!([]);
        return Reply::json(400, refused);
    }
    let well_formed = |n: &str| {
        n.len() == 18
            && n.starts_with("1Z")
            && n[2..]
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
    };
    let (mut valid, mut invalid) = (Vec::new(), Vec::new());
    for number in numbers {
        if well_formed(number) {
            // Subscribed again while subscribed: still valid (UPS extends it).
            journeys.subscribe_to_account("ups", number);
            valid.push(number);
        } else {
            invalid.push(number);
        }
    }
    Reply::json(
        200,
        json!({ "validTrackingNumbers": valid, "invalidTrackingNumbers": invalid }),
    )
}

/// A Track Alert event for the newest scan of `report` (UPS pushes each activity alone; it
/// sends no stop). `credentials` is the webhook's `client_id:client_secret`.
pub fn push(
    number: &str,
    report: &CarrierReport,
    kind: PushKind,
    credentials: &str,
) -> Option<Outgoing> {
    if kind == PushKind::Stop {
        return None;
    }
    let newest = newest_first(report).into_iter().next()?;
    let (kind, code) = type_and_code(newest.status, newest.substatus);
    let local = newest.at.naive_local();
    let gmt = newest.at.naive_utc();
    let offset_minutes = newest.at.offset().local_minus_utc() / 60;
    let location = newest.location.as_ref();
    let mut event = json!({
        "trackingNumber": number,
        "localActivityDate": local.format("%Y%m%d").to_string(),
        "localActivityTime": local.format("%H%M%S").to_string(),
        "gmtActivityDate": gmt.format("%Y%m%d").to_string(),
        "gmtActivityTime": gmt.format("%H%M%S").to_string(),
        "gmtOffset": format!(
            "{}{:02}.{:02}",
            if offset_minutes < 0 { '-' } else { '+' },
            offset_minutes.abs() / 60,
            offset_minutes.abs() % 60
        ),
        "activityLocation": {
            "city": field(location, |l| l.city.as_ref()).to_uppercase(),
            "stateProvince": field(location, |l| l.region.as_ref()),
            "postalCode": field(location, |l| l.postal_code.as_ref()),
            "country": field(location, |l| l.country.as_ref()),
        },
        "activityStatus": { "type": kind, "code": code, "description": newest.carrier_text },
    });
    if newest.status == Status::Delivered {
        event["actualDeliveryDate"] = json!(local.format("%Y%m%d").to_string());
        event["actualDeliveryTime"] = json!(local.format("%H%M%S").to_string());
    }
    let (id, _) = credentials.split_once(':')?;
    Some(Outgoing {
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("User-Agent".into(), "UPSPubSubTrackingService".into()),
            ("x-api-key".into(), id.to_owned()),
        ],
        body: event.to_string(),
        oauth: Some(credentials.to_owned()),
    })
}

fn token(call: &Call<'_>, journeys: &mut Journeys<'_>, fault: Option<&Fault>) -> Reply {
    let form = form_pairs(&call.body);
    let grant = form
        .iter()
        .find(|(k, _)| k == "grant_type")
        .map(|(_, v)| v.as_str());
    if call.method != "POST" || grant != Some("client_credentials") {
        return Reply::json(400, token_error(400));
    }
    let credentials = oauth::basic(call.header("authorization"));
    let (id, secret) = credentials
        .as_ref()
        .map(|(i, s)| (i.as_str(), s.as_str()))
        .unzip();
    if !oauth::client_ok(id, secret) {
        return Reply::json(401, token_error(401));
    }
    if let Some(reply) = fault.and_then(|f| fault_reply(f, token_error)) {
        return reply;
    }
    let (token, lifetime) = journeys.issue_token("ups", LIFETIME);
    Reply::json(
        200,
        json!({
            "token_type": "Bearer",
            "issued_at": Utc::now().timestamp_millis().to_string(),
            "client_id": id.unwrap_or_default(),
            "access_token": token,
            "expires_in": lifetime.to_string(),
            "refresh_count": "0",
            "status": "approved",
        }),
    )
}

fn activity(e: &Event) -> Value {
    let local = e.at.naive_local();
    let gmt = e.at.naive_utc();
    json!({
        "location": { "address": address(e.location.as_ref()) },
        "status": status_json(e),
        "date": local.format("%Y%m%d").to_string(),
        "time": local.format("%H%M%S").to_string(),
        "gmtDate": gmt.format("%Y%m%d").to_string(),
        "gmtTime": gmt.format("%H%M%S").to_string(),
        "gmtOffset": e.at.format("%:z").to_string(),
    })
}

fn status_json(e: &Event) -> Value {
    let (kind, code) = type_and_code(e.status, e.substatus);
    json!({ "type": kind, "description": e.carrier_text, "code": code, "statusCode": "005" })
}

/// UPS's activity type and code for an event.
fn type_and_code(status: Status, substatus: Option<Substatus>) -> (&'static str, &'static str) {
    use Status as S;
    use Substatus as Sub;
    match (status, substatus) {
        (S::Pending | S::InfoReceived, _) => ("M", "MP"),
        (S::InTransit, Some(Sub::PickedUp)) => ("P", "PU"),
        (S::InTransit, Some(Sub::CustomsCleared)) => ("X", "SR"),
        (S::InTransit, Some(Sub::CustomsProcessing)) => ("I", "IP"),
        (S::InTransit, Some(Sub::Departed)) => ("I", "DP"),
        (S::InTransit, Some(Sub::Arrived)) => ("I", "AR"),
        (S::InTransit, Some(Sub::DelayedWeather | Sub::DelayedVolume | Sub::DelayedOther)) => {
            ("X", "DL")
        }
        (S::InTransit, _) => ("I", "YP"),
        (S::OutForDelivery, _) => ("I", "OT"),
        (S::AvailableForPickup, _) => ("D", "AP"),
        (S::Delivered, _) => ("D", "FS"),
        (S::FailedAttempt, _) => ("X", "48"),
        (S::Exception, Some(Sub::ReturningToSender | Sub::ReturnedToSender)) => ("RS", "RS"),
        (S::Exception, Some(Sub::Cancelled)) => ("MV", "MV"),
        (S::Exception | S::Expired, _) => ("X", "XX"),
    }
}

/// UPS writes cities in capitals.
fn address(location: Option<&Location>) -> Value {
    let country = field(location, |l| l.country.as_ref());
    json!({
        "city": field(location, |l| l.city.as_ref()).to_uppercase(),
        "stateProvince": field(location, |l| l.region.as_ref()),
        "postalCode": field(location, |l| l.postal_code.as_ref()),
        "countryCode": country,
        "country": country,
    })
}
