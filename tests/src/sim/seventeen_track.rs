//! 17TRACK (Tracking API v2.2) as the simulator plays it: `POST /track/v2.2/register` and
//! `POST /track/v2.2/gettrackinfo`, each a JSON array of `{number, carrier?}`, with the key in
//! the `17token` header (a wrong key is a 401 with code -18010002). A number is unknown until
//! registered: `gettrackinfo` rejects it with -18019902, `register` accepts it once and then
//! rejects it with -18019901. 17TRACK reports "nothing on this number" in the body, never with
//! an HTTP 404: a registered number with no scans comes back accepted with no events, and a
//! `Fault::Status(404)` is answered as a rejection with -18019909 (no tracking information).
//! Events carry `time_iso` (the scan's offset), `time_utc`, `time_raw`, 17TRACK's `stage` and
//! `sub_status`.
//!
//! A registered number is pushed to the account's webhook (set with
//! [`super::Simulator::account_webhook`]): `TRACKING_UPDATED` with the whole `track_info`, or
//! `TRACKING_STOPPED`, signed with `sign` = hex SHA-256 of `body + "/" + key`. `retrack` starts
//! a stopped number again (once: a second retrack is refused with -18019905, one still tracked
//! with -18019904) and `stoptrack` stops one (-18019906 when it is not tracked).

use serde_json::{json, Value};
use trackline_core::model::{Event, Location, Status, Substatus};
use trackline_core::tracking::CarrierReport;

use super::shape::{detected, field, newest_first};
use super::{fault_reply, Call, Fault, Journeys, Outgoing, PushKind, Reply, KEY};

const REGISTER: &str = "/track/v2.2/register";
const TRACK: &str = "/track/v2.2/gettrackinfo";
const RETRACK: &str = "/track/v2.2/retrack";
const STOP: &str = "/track/v2.2/stoptrack";

#[derive(PartialEq)]
enum Endpoint {
    Register,
    Track,
    Retrack,
    Stop,
}

const NOT_REGISTERED: i64 = -18019902;
const ALREADY_REGISTERED: i64 = -18019901;
const NO_INFORMATION: i64 = -18019909;
const RETRACK_NOT_STOPPED: i64 = -18019904;
const RETRACK_ONCE: i64 = -18019905;
const STOP_NOT_TRACKED: i64 = -18019906;

/// 17TRACK's request-level error body for an HTTP status.
fn error(status: u16) -> Value {
    let (code, message) = match status {
        401 | 403 => (-18010002, "Access token is invalid."),
        429 => (
            -18010013,
            "Request frequency exceeds the limit (3 requests per second).",
        ),
        _ => (-18010003, "Internal service error, please try again later."),
    };
    json!({ "code": code, "data": { "errors": [ { "code": code, "message": message } ] } })
}

fn rejected(number: &str, code: i64, message: &str) -> Value {
    json!({ "number": number, "error": { "code": code, "message": message } })
}

/// Answers one call.
pub fn answer(call: &Call<'_>, journeys: &mut Journeys<'_>, fault: Option<&Fault>) -> Reply {
    if call.header("17token") != Some(KEY) {
        return Reply::json(401, error(401));
    }
    let endpoint = match call.path {
        REGISTER => Endpoint::Register,
        TRACK => Endpoint::Track,
        RETRACK => Endpoint::Retrack,
        STOP => Endpoint::Stop,
        _ => return Reply::json(404, error(404)),
    };
    let items: Vec<Value> = match serde_json::from_str(&call.body) {
        Ok(Value::Array(items))
            if call.method == "POST" && !items.is_empty() && items.len() <= 40 =>
        {
            items
        }
        _ => {
            return Reply::json(
                200,
                json!({ "code": -18010012, "data": { "errors": [ { "code": -18010012, "message": "The format of data is invalid." } ] } }),
            )
        }
    };
    let not_found = fault == Some(&Fault::Status(404));
    if let Some(reply) = fault
        .filter(|_| !not_found)
        .and_then(|f| fault_reply(f, error))
    {
        return reply;
    }
    let (mut accepted, mut refused) = (Vec::new(), Vec::new());
    for item in &items {
        let Some(number) = item["number"].as_str() else {
            continue;
        };
        let id = item["carrier"]
            .as_u64()
            .or_else(|| detected(number).and_then(carrier_id));
        if not_found {
            refused.push(rejected(
                number,
                NO_INFORMATION,
                "No tracking information at this time.",
            ));
        } else if endpoint != Endpoint::Register && !journeys.registered("17track", number) {
            refused.push(rejected(
                number,
                NOT_REGISTERED,
                &format!(
                    "The tracking number '{number}' does not register, please register first."
                ),
            ));
        } else if endpoint == Endpoint::Retrack {
            if journeys.pushed("17track", number) {
                refused.push(rejected(
                    number,
                    RETRACK_NOT_STOPPED,
                    "Retrack is not allowed. You can only retrack stopped number.",
                ));
            } else if journeys.retracked("17track", number) {
                refused.push(rejected(
                    number,
                    RETRACK_ONCE,
                    "Retrack is not allowed. You can only retrack once.",
                ));
            } else {
                journeys.restart("17track", number);
                accepted.push(json!({ "number": number, "carrier": id }));
            }
        } else if endpoint == Endpoint::Stop {
            if journeys.stop("17track", number) {
                accepted.push(json!({ "number": number, "carrier": id }));
            } else {
                refused.push(rejected(
                    number,
                    STOP_NOT_TRACKED,
                    "Stop tracking is not allowed. You can only stop tracking numbers that are being tracked.",
                ));
            }
        } else if endpoint == Endpoint::Register {
            if journeys.register("17track", number) {
                accepted.push(json!({ "origin": 1, "number": number, "carrier": id, "email": null, "tag": null, "lang": null }));
            } else {
                refused.push(rejected(
                    number,
                    ALREADY_REGISTERED,
                    &format!("The tracking number '{number}' has been registered, don't need to repeat registration."),
                ));
            }
        } else {
            let info = journeys.report(number).map(|r| track_info(&r, number, id));
            accepted.push(json!({
                "number": number,
                "carrier": id,
                "param": null,
                "tag": null,
                "track_info": info.unwrap_or_else(|| no_info(id)),
            }));
        }
    }
    Reply::json(
        200,
        json!({ "code": 0, "data": { "accepted": accepted, "rejected": refused } }),
    )
}

/// A push to the account's webhook: `TRACKING_UPDATED` with everything known, or
/// `TRACKING_STOPPED` without tracking, signed with the API key.
pub fn push(number: &str, report: &CarrierReport, kind: PushKind, key: &str) -> Outgoing {
    let id = detected(number).and_then(carrier_id);
    let body = match kind {
        PushKind::Stop => {
            json!({ "event": "TRACKING_STOPPED", "data": { "number": number, "carrier": id } })
        }
        PushKind::Update | PushKind::Last => json!({
            "event": "TRACKING_UPDATED",
            "data": { "number": number, "carrier": id, "param": null, "tag": null,
                "track_info": track_info(report, number, id) },
        }),
    }
    .to_string();
    let sign = {
        use sha2::{Digest, Sha256};
        hex::encode(Sha256::digest(format!("{body}/{key}").as_bytes()))
    };
    Outgoing {
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("sign".into(), sign),
        ],
        body,
        oauth: None,
    }
}

/// A registered number 17TRACK has nothing on yet.
fn no_info(id: Option<u64>) -> Value {
    json!({
        "shipping_info": { "shipper_address": null, "recipient_address": null },
        "latest_status": { "status": "NotFound", "sub_status": "NotFound_Other", "sub_status_descr": null },
        "latest_event": null,
        "time_metrics": { "days_after_order": 0, "days_of_transit": 0, "days_of_transit_done": 0, "days_after_last_update": 0,
            "estimated_delivery_date": { "source": null, "from": null, "to": null } },
        "tracking": { "providers_hash": 0, "providers": [ { "provider": provider(id), "events_hash": 0, "events": [] } ] },
    })
}

fn track_info(report: &CarrierReport, _number: &str, id: Option<u64>) -> Value {
    let events: Vec<Value> = newest_first(report).iter().map(event).collect();
    let latest = events.first().cloned().unwrap_or(Value::Null);
    let sub_status = latest["sub_status"]
        .as_str()
        .unwrap_or("NotFound_Other")
        .to_owned();
    let main = sub_status
        .split('_')
        .next()
        .unwrap_or("NotFound")
        .to_owned();
    let eta = report.eta.as_ref().map_or_else(
        || json!({ "source": null, "from": null, "to": null }),
        |eta| json!({ "source": "Official", "from": eta.earliest.to_rfc3339(), "to": eta.latest.to_rfc3339() }),
    );
    json!({
        "shipping_info": {
            "shipper_address": address(report.origin.as_ref()),
            "recipient_address": address(report.destination.as_ref()),
        },
        "latest_status": { "status": main, "sub_status": sub_status, "sub_status_descr": null },
        "latest_event": latest,
        "time_metrics": { "days_after_order": 0, "days_of_transit": 0, "days_of_transit_done": 0, "days_after_last_update": 0,
            "estimated_delivery_date": eta },
        "milestone": [],
        "misc_info": { "risk_factor": 0, "service_type": null, "weight_raw": null, "weight_kg": null, "pieces": "1", "dimensions": null },
        "tracking": {
            "providers_hash": 1_825_139_087,
            "providers": [ {
                "provider": provider(id),
                "service_type": null,
                "latest_sync_status": "Success",
                "latest_sync_time": chrono::Utc::now().to_rfc3339(),
                "events_hash": -1_349_051_713,
                "events": events,
            } ],
        },
    })
}

fn event(e: &Event) -> Value {
    let (sub_status, stage) = codes(e.status, e.substatus);
    let location = e.location.as_ref();
    let city = field(location, |l| l.city.as_ref());
    let region = field(location, |l| l.region.as_ref());
    json!({
        "time_iso": e.at.to_rfc3339(),
        "time_utc": e.at.to_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "time_raw": { "date": e.at.format("%Y-%m-%d").to_string(), "time": e.at.format("%H:%M").to_string(), "timezone": e.at.format("%:z").to_string() },
        "description": e.carrier_text,
        "description_translation": null,
        "location": format!("{}, {}", city.to_uppercase(), region),
        "stage": stage,
        "sub_status": sub_status,
        "address": address(location),
    })
}

fn address(location: Option<&Location>) -> Value {
    let Some(l) = location else {
        return Value::Null;
    };
    json!({
        "country": l.country,
        "state": l.region,
        "city": l.city,
        "street": null,
        "postal_code": l.postal_code,
        "coordinates": { "longitude": l.lon, "latitude": l.lat },
    })
}

/// 17TRACK's sub-status and event stage for an event.
fn codes(status: Status, substatus: Option<Substatus>) -> (&'static str, Option<&'static str>) {
    use Status as S;
    use Substatus as Sub;
    match (status, substatus) {
        (S::Pending, _) => ("NotFound_Other", None),
        (S::InfoReceived, _) => ("InfoReceived", Some("InfoReceived")),
        (S::InTransit, Some(Sub::PickedUp)) => ("InTransit_PickedUp", Some("PickedUp")),
        (S::InTransit, Some(Sub::Departed)) => ("InTransit_Departure", Some("Departure")),
        (S::InTransit, Some(Sub::Arrived)) => ("InTransit_Arrival", Some("Arrival")),
        (S::InTransit, Some(Sub::CustomsProcessing)) => ("InTransit_CustomsProcessing", None),
        (S::InTransit, Some(Sub::CustomsCleared)) => ("InTransit_CustomsReleased", None),
        (S::InTransit, Some(Sub::CustomsHeld)) => ("InTransit_CustomsRequiringInformation", None),
        (S::InTransit, Some(Sub::DelayedWeather | Sub::DelayedVolume | Sub::DelayedOther)) => {
            ("Exception_Delayed", None)
        }
        (S::InTransit, _) => ("InTransit_Other", None),
        (S::OutForDelivery, _) => ("OutForDelivery_Other", Some("OutForDelivery")),
        (S::AvailableForPickup, _) => ("AvailableForPickup_Other", Some("AvailableForPickup")),
        (S::Delivered, _) => ("Delivered_Other", Some("Delivered")),
        (S::FailedAttempt, Some(Sub::RecipientUnavailable)) => {
            ("DeliveryFailure_NoBody", Some("Undelivered"))
        }
        (S::FailedAttempt, Some(Sub::CustomsHeld)) => {
            ("DeliveryFailure_Security", Some("Undelivered"))
        }
        (S::FailedAttempt, Some(Sub::Refused)) => ("DeliveryFailure_Rejected", Some("Undelivered")),
        (S::FailedAttempt, Some(Sub::AddressProblem)) => {
            ("DeliveryFailure_InvalidAddress", Some("Undelivered"))
        }
        (S::FailedAttempt, _) => ("DeliveryFailure_Other", Some("Undelivered")),
        (S::Exception, Some(Sub::ReturningToSender)) => ("Exception_Returning", Some("Returning")),
        (S::Exception, Some(Sub::ReturnedToSender)) => ("Exception_Returned", Some("Returned")),
        (S::Exception, Some(Sub::RecipientUnavailable)) => ("Exception_NoBody", Some("Exception")),
        (S::Exception, Some(Sub::CustomsHeld)) => ("Exception_Security", Some("Exception")),
        (S::Exception, Some(Sub::Damaged)) => ("Exception_Damage", Some("Exception")),
        (S::Exception, Some(Sub::Refused)) => ("Exception_Rejected", Some("Exception")),
        (S::Exception, Some(Sub::Lost)) => ("Exception_Lost", Some("Exception")),
        (S::Exception, Some(Sub::Cancelled)) => ("Exception_Cancel", Some("Exception")),
        (S::Exception, _) => ("Exception_Other", Some("Exception")),
        (S::Expired, _) => ("Expired_Other", None),
    }
}

/// 17TRACK's carrier ids (its carrier list) of the carriers the simulator names.
static CARRIERS: &[(u64, &str, &str)] = &[
    (100001, "dhl", "DHL Express"),
    (100002, "ups", "UPS"),
    (100003, "fedex", "FedEx"),
    (21051, "usps", "USPS"),
    (3011, "china_post", "China Post"),
    (3013, "china_ems", "China EMS"),
    (190271, "cainiao", "Cainiao"),
];

fn carrier_id(code: &str) -> Option<u64> {
    CARRIERS
        .iter()
        .find(|(_, c, _)| *c == code)
        .map(|(id, _, _)| *id)
}

fn provider(id: Option<u64>) -> Value {
    let name = CARRIERS
        .iter()
        .find(|(i, _, _)| Some(*i) == id)
        .map_or("Global Postal", |(_, _, n)| *n);
    json!({ "key": id.unwrap_or(0), "name": name, "alias": name, "tel": null, "homepage": null, "country": null })
}
