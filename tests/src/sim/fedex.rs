//! FedEx as the simulator plays it: OAuth2 client credentials at `POST /oauth/token` (form
//! `grant_type`, `client_id`, `client_secret`; the token lives 3599 s, `expires_in` a number),
//! then `POST /track/v1/trackingnumbers` (JSON `trackingInfo[]`) with the bearer token. Errors
//! are FedEx's `errors[]` bodies with dotted codes (`NOT.AUTHORIZED.ERROR`, ...); an unknown
//! number is a 200 whose result carries `TRACKING.TRACKINGNUMBER.NOTFOUND`, as FedEx answers.
//! Scan events carry RFC 3339 times with the scan's offset and FedEx event type codes.

use serde_json::{json, Value};
use trackline_core::model::{Event, Location, Status, Substatus};

use super::oauth;
use super::shape::{field, newest_first};
use super::{fault_reply, form_pairs, Bearer, Call, Fault, Journeys, Reply};

/// The token endpoint.
pub const TOKEN_PATH: &str = "/oauth/token";
const TRACK_PATH: &str = "/track/v1/trackingnumbers";
/// How long a FedEx token lives.
const LIFETIME: u64 = 3599;
const TRANSACTION: &str = "5a2e7c41-0b7d-4d4e-8f65-6c1c4d1a9e02";

fn errors(code: &str, message: &str) -> Value {
    json!({ "transactionId": TRANSACTION, "errors": [ { "code": code, "message": message } ] })
}

/// FedEx's error body for a call answered `status`.
fn error(status: u16) -> Value {
    match status {
        400 => errors("BAD.REQUEST.ERROR", "The given JSON is invalid. Please modify your request and try again."),
        401 | 403 => errors(
            "NOT.AUTHORIZED.ERROR",
            "The given client credentials were not valid. Please modify your request and try again.",
        ),
        404 => errors(
            "TRACKING.TRACKINGNUMBER.NOTFOUND",
            "Tracking number cannot be found. Please correct the tracking number and try again.",
        ),
        429 => errors(
            "RATE.LIMIT.EXCEEDED",
            "We have received too many requests in a short duration. Please wait a while to try again.",
        ),
        503 => errors("SERVICE.UNAVAILABLE.ERROR", "The service is currently unavailable and we are working to resolve the issue."),
        _ => errors(
            "INTERNAL.SERVER.ERROR",
            "We encountered an unexpected error and are working to resolve the issue.",
        ),
    }
}

fn expired() -> Value {
    errors(
        "NOT.AUTHORIZED.ERROR",
        "The given JWT is invalid or has expired. Please modify your request and try again.",
    )
}

/// Answers one call.
pub fn answer(call: &Call<'_>, journeys: &mut Journeys<'_>, fault: Option<&Fault>) -> Reply {
    if call.path == TOKEN_PATH {
        return token(call, journeys, fault);
    }
    if call.path != TRACK_PATH {
        return Reply::json(
            404,
            errors(
                "NOT.FOUND.ERROR",
                "The resource you requested is no longer available.",
            ),
        );
    }
    match oauth::bearer(call, journeys, "fedex") {
        Bearer::Valid => {}
        Bearer::Expired | Bearer::Invalid => return Reply::json(401, expired()),
    }
    if fault == Some(&Fault::ExpiredToken) {
        journeys.expire_tokens("fedex");
        return Reply::json(401, expired());
    }
    if let Some(reply) = fault.and_then(|f| fault_reply(f, error)) {
        return reply;
    }
    let request: Value = match serde_json::from_str(&call.body) {
        Ok(request) if call.method == "POST" => request,
        _ => return Reply::json(400, error(400)),
    };
    let numbers: Vec<String> = request["trackingInfo"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| {
            i["trackingNumberInfo"]["trackingNumber"]
                .as_str()
                .map(str::to_owned)
        })
        .collect();
    if numbers.is_empty() {
        return Reply::json(400, error(400));
    }
    let detailed = request["includeDetailedScans"].as_bool().unwrap_or(false);
    let results: Vec<Value> = numbers
        .iter()
        .map(|n| result(n, journeys, detailed))
        .collect();
    Reply::json(
        200,
        json!({ "transactionId": TRANSACTION, "output": { "completeTrackResults": results } }),
    )
}

fn token(call: &Call<'_>, journeys: &mut Journeys<'_>, fault: Option<&Fault>) -> Reply {
    let form = form_pairs(&call.body);
    let get = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    if call.method != "POST" || get("grant_type") != Some("client_credentials") {
        return Reply::json(400, error(400));
    }
    if !oauth::client_ok(get("client_id"), get("client_secret")) {
        return Reply::json(401, error(401));
    }
    if let Some(reply) = fault.and_then(|f| fault_reply(f, error)) {
        return reply;
    }
    let (token, lifetime) = journeys.issue_token("fedex", LIFETIME);
    Reply::json(
        200,
        json!({ "access_token": token, "token_type": "bearer", "expires_in": lifetime, "scope": "CXS-TP" }),
    )
}

/// One `completeTrackResults` entry.
fn result(number: &str, journeys: &Journeys<'_>, detailed: bool) -> Value {
    let Some(report) = journeys.report(number) else {
        return json!({
            "trackingNumber": number,
            "trackResults": [ {
                "trackingNumberInfo": { "trackingNumber": number, "trackingNumberUniqueId": "", "carrierCode": "" },
                "error": error(404)["errors"][0],
            } ],
        });
    };
    let events = newest_first(&report);
    let newest = events.first();
    let scans: Vec<Value> = if detailed {
        events.iter().map(scan).collect()
    } else {
        Vec::new()
    };
    let mut result = json!({
        "trackingNumberInfo": { "trackingNumber": number, "trackingNumberUniqueId": format!("12029~{number}~FDEG"), "carrierCode": "FDXE" },
        "shipperInformation": { "contact": {}, "address": address(report.origin.as_ref()) },
        "recipientInformation": { "contact": {}, "address": address(report.destination.as_ref()) },
        "latestStatusDetail": newest.map(|e| json!({
            "code": code(e.status, e.substatus),
            "derivedCode": code(e.status, e.substatus),
            "statusByLocale": e.carrier_text,
            "description": e.carrier_text,
            "scanLocation": address(e.location.as_ref()),
        })).unwrap_or(Value::Null),
        "serviceDetail": { "type": "INTERNATIONAL_PRIORITY", "description": "FedEx International Priority", "shortDescription": "IP" },
        "scanEvents": scans,
    });
    let mut dates = Vec::new();
    if let Some(first) = events.last() {
        dates.push(json!({ "type": "ACTUAL_PICKUP", "dateTime": rfc3339(first) }));
    }
    match newest {
        Some(delivered) if delivered.status == Status::Delivered => {
            dates.push(json!({ "type": "ACTUAL_DELIVERY", "dateTime": rfc3339(delivered) }));
            result["deliveryDetails"] = match delivered.substatus {
                Some(Substatus::DeliveredToRecipient) => {
                    json!({ "receivedByName": "RESIDENT", "locationDescription": "" })
                }
                Some(Substatus::DeliveredSafePlace) => {
                    json!({ "receivedByName": "", "locationDescription": "Front Door" })
                }
                _ => json!({ "receivedByName": "", "locationDescription": "" }),
            };
        }
        _ => {
            if let Some(eta) = &report.eta {
                result["estimatedDeliveryTimeWindow"] = json!({ "window": {
                    "begins": eta.earliest.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
                    "ends": eta.latest.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
                } });
            }
        }
    }
    result["dateAndTimes"] = Value::Array(dates);
    json!({ "trackingNumber": number, "trackResults": [result] })
}

fn rfc3339(e: &Event) -> String {
    e.at.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

fn scan(e: &Event) -> Value {
    let code = code(e.status, e.substatus);
    let mut scan = json!({
        "date": rfc3339(e),
        "eventType": code,
        "eventDescription": e.carrier_text,
        "exceptionCode": "",
        "exceptionDescription": "",
        "scanLocation": address(e.location.as_ref()),
        "locationType": "FEDEX_FACILITY",
        "derivedStatusCode": code,
        "derivedStatus": e.carrier_text,
    });
    let delay = match e.substatus {
        Some(Substatus::DelayedWeather) => Some("WEATHER"),
        Some(Substatus::DelayedVolume | Substatus::DelayedOther) => Some("OPERATIONAL"),
        _ => None,
    };
    if let Some(kind) = delay {
        scan["delayDetail"] = json!({ "type": kind });
    }
    scan
}

/// FedEx's event type code for an event.
fn code(status: Status, substatus: Option<Substatus>) -> &'static str {
    use Status as S;
    use Substatus as Sub;
    match (status, substatus) {
        (S::Pending | S::InfoReceived, _) => "OC",
        (S::InTransit, Some(Sub::PickedUp)) => "PU",
        (S::InTransit, Some(Sub::Departed)) => "DP",
        (S::InTransit, Some(Sub::Arrived)) => "AR",
        (S::InTransit, Some(Sub::HandedOver)) => "OX",
        (S::InTransit, Some(Sub::CustomsProcessing)) => "CP",
        (S::InTransit, Some(Sub::CustomsCleared)) => "CC",
        (S::InTransit, Some(Sub::DelayedWeather | Sub::DelayedVolume | Sub::DelayedOther)) => "DY",
        (S::InTransit, _) => "IT",
        (S::OutForDelivery, _) => "OD",
        (S::AvailableForPickup, _) => "HP",
        (S::Delivered, _) => "DL",
        (S::FailedAttempt, _) => "DE",
        (S::Exception, Some(Sub::CustomsHeld)) => "CD",
        (S::Exception, Some(Sub::ReturningToSender | Sub::ReturnedToSender)) => "RS",
        (S::Exception, Some(Sub::Cancelled)) => "CA",
        (S::Exception | S::Expired, _) => "SE",
    }
}

fn address(location: Option<&Location>) -> Value {
    json!({
        "streetLines": [""],
        "city": field(location, |l| l.city.as_ref()).to_uppercase(),
        "stateOrProvinceCode": field(location, |l| l.region.as_ref()),
        "postalCode": field(location, |l| l.postal_code.as_ref()),
        "countryCode": field(location, |l| l.country.as_ref()),
        "residential": false,
    })
}
