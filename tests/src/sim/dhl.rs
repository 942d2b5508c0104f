//! DHL Shipment Tracking - Unified, as the simulator plays it: `GET /track/shipments` with the
//! `DHL-API-Key` header, RFC 7807 problem bodies for errors.

use serde_json::{json, Value};
use trackline_core::model::{Location, Status};

use super::{fault_reply, Call, Fault, Journeys, Reply, KEY};

fn problem(status: u16) -> Value {
    let (title, detail) = match status {
        401 => ("Unauthorized", "Invalid API key."),
        404 => (
            "No result found",
            "No shipment with given tracking number found.",
        ),
        429 => ("Too many requests", "Rate limit exceeded."),
        _ => ("Internal Server Error", "Please try again later."),
    };
    json!({ "title": title, "status": status, "detail": detail })
}

/// Answers one call.
pub fn answer(call: &Call<'_>, journeys: &Journeys<'_>, fault: Option<&Fault>) -> Reply {
    if call.header("dhl-api-key") != Some(KEY) {
        return Reply::json(401, problem(401));
    }
    if let Some(reply) = fault.and_then(|f| fault_reply(f, problem)) {
        return reply;
    }
    if call.path != "/track/shipments" {
        return Reply::json(404, problem(404));
    }
    let number = call.query("trackingNumber").unwrap_or_default();
    let Some(report) = journeys.report(number) else {
        return Reply::json(404, problem(404));
    };
    let mut events = report.events.clone();
    events.sort_by_key(|e| std::cmp::Reverse(e.at));
    let events: Vec<Value> = events
        .iter()
        .map(|e| {
            json!({
                "timestamp": e.at.to_rfc3339(),
                "location": place(e.location.as_ref()),
                "statusCode": status_code(e.status),
                "status": e.carrier_text,
                "description": e.carrier_text,
            })
        })
        .collect();
    let eta = report.eta.as_ref().map(|eta| {
        json!({ "estimatedFrom": eta.earliest.to_rfc3339(), "estimatedThrough": eta.latest.to_rfc3339() })
    });
    Reply::json(
        200,
        json!({ "shipments": [{
            "id": number,
            "service": "express",
            "origin": place(report.origin.as_ref()),
            "destination": place(report.destination.as_ref()),
            "status": events.first().cloned().unwrap_or(Value::Null),
            "estimatedDeliveryTimeFrame": eta,
            "events": events,
        }]}),
    )
}

/// DHL's coarse status codes.
fn status_code(status: Status) -> &'static str {
    match status {
        Status::Pending | Status::InfoReceived => "pre-transit",
        Status::Delivered => "delivered",
        Status::Exception | Status::FailedAttempt => "failure",
        _ => "transit",
    }
}

/// DHL writes places as `CITY - COUNTRY` in `addressLocality`.
fn place(location: Option<&Location>) -> Value {
    let Some(l) = location else {
        return Value::Null;
    };
    let city = l.city.clone().unwrap_or_default().to_uppercase();
    let country = l.country.clone().unwrap_or_default();
    json!({ "address": { "countryCode": country, "addressLocality": format!("{city} - {country}") } })
}
