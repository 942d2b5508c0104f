//! USPS as the simulator plays it: OAuth2 client credentials at `POST /oauth2/v3/token` (JSON
//! body `grant_type`, `client_id`, `client_secret`; the token lives 28799 s), then
//! `GET /tracking/v3/tracking/{number}?expand=DETAIL` with the bearer token (without
//! `expand=DETAIL` USPS gives the summary only, no events). Token errors are OAuth bodies
//! (`invalid_client`), tracking errors USPS's `{apiVersion, error: {code, message, errors[]}}`.
//! Events carry the local wall time (`eventTimestamp`, no offset), `GMTTimestamp` and
//! `GMTOffset`, and Publication 199 / UPU event codes.

use chrono::Utc;
use serde_json::{json, Value};
use trackline_core::model::{Event, Status, Substatus};

use super::oauth;
use super::shape::{field, newest_first};
use super::{fault_reply, Bearer, Call, Fault, Journeys, Reply};

/// The token endpoint.
pub const TOKEN_PATH: &str = "/oauth2/v3/token";
const TRACK_PREFIX: &str = "/tracking/v3/tracking/";
/// How long a USPS token lives.
const LIFETIME: u64 = 28799;

/// USPS's tracking error body for `status`.
fn error(status: u16) -> Value {
    let (message, code, title) = match status {
        400 => (
            "Bad Request",
            "INVALID_TRACKING_NUMBER",
            "The tracking number is invalid.",
        ),
        401 | 403 => (
            "Unauthorized",
            "INVALID_ACCESS_TOKEN",
            "The access token is invalid or has expired.",
        ),
        404 => (
            "Not Found",
            "TRACKING_NUMBER_NOT_FOUND",
            "Tracking number not found",
        ),
        429 => (
            "Too Many Requests",
            "QUOTA_EXCEEDED",
            "The request quota has been exceeded.",
        ),
        503 => (
            "Service Unavailable",
            "SERVICE_UNAVAILABLE",
            "The service is unavailable.",
        ),
        _ => (
            "Internal Server Error",
            "INTERNAL_SERVER_ERROR",
            "An internal error occurred.",
        ),
    };
    json!({
        "apiVersion": "/tracking/v3",
        "error": {
            "code": status.to_string(),
            "message": message,
            "errors": [ { "status": status.to_string(), "code": code, "title": title } ],
        },
    })
}

/// The token endpoint's OAuth error body for `status`.
fn token_error(status: u16) -> Value {
    let (error, description) = match status {
        400 => (
            "invalid_request",
            "grant_type, client_id and client_secret are required.",
        ),
        401 | 403 => (
            "invalid_client",
            "Client authentication failed: unknown client or wrong secret.",
        ),
        429 => ("too_many_requests", "Rate limit exceeded."),
        _ => ("server_error", "The authorization server is unavailable."),
    };
    json!({ "error": error, "error_description": description })
}

/// Answers one call.
pub fn answer(call: &Call<'_>, journeys: &mut Journeys<'_>, fault: Option<&Fault>) -> Reply {
    if call.path == TOKEN_PATH {
        return token(call, journeys, fault);
    }
    let Some(number) = call
        .path
        .strip_prefix(TRACK_PREFIX)
        .filter(|n| !n.is_empty())
    else {
        return Reply::json(404, error(404));
    };
    match oauth::bearer(call, journeys, "usps") {
        Bearer::Valid => {}
        Bearer::Expired | Bearer::Invalid => return Reply::json(401, error(401)),
    }
    if fault == Some(&Fault::ExpiredToken) {
        journeys.expire_tokens("usps");
        return Reply::json(401, error(401));
    }
    if let Some(reply) = fault.and_then(|f| fault_reply(f, error)) {
        return reply;
    }
    if call.method != "GET" {
        return Reply::json(405, error(405));
    }
    let Some(report) = journeys.report(number) else {
        return Reply::json(404, error(404));
    };
    let detailed = call
        .query("expand")
        .is_some_and(|e| e.eq_ignore_ascii_case("DETAIL"));
    let events = newest_first(&report);
    let newest = events.first();
    let origin = report.origin.as_ref();
    let destination = report.destination.as_ref();
    let mut body = json!({
        "trackingNumber": number,
        "mailClass": "Priority Mail International",
        "mailType": "INTERNATIONAL_INBOUND",
        "originCity": field(origin, |l| l.city.as_ref()).to_uppercase(),
        "originState": field(origin, |l| l.region.as_ref()),
        "originZIP": field(origin, |l| l.postal_code.as_ref()),
        "originCountry": field(origin, |l| l.country.as_ref()),
        "destinationCity": field(destination, |l| l.city.as_ref()).to_uppercase(),
        "destinationState": field(destination, |l| l.region.as_ref()),
        "destinationZIP": field(destination, |l| l.postal_code.as_ref()),
        "destinationCountryCode": field(destination, |l| l.country.as_ref()),
        "status": newest.map(|e| e.carrier_text.clone()).unwrap_or_default(),
        "statusCategory": newest.map_or("Pre-Shipment", |e| category(e.status)),
        "statusSummary": newest.map(|e| format!("Your item: {}.", e.carrier_text)).unwrap_or_default(),
    });
    if detailed {
        body["trackingEvents"] = events.iter().map(event).collect();
    }
    if let (Some(eta), false) = (
        &report.eta,
        newest.is_some_and(|e| e.status == Status::Delivered),
    ) {
        // Local wall times of the destination, as USPS writes them.
        body["predictedDeliveryDate"] = json!(eta.latest.format("%Y-%m-%d").to_string());
        body["predictedDeliveryWindowStartTime"] = json!(eta.earliest.format("%H:%M").to_string());
        body["predictedDeliveryWindowEndTime"] = json!(eta.latest.format("%H:%M").to_string());
    }
    Reply::json(200, body)
}

fn token(call: &Call<'_>, journeys: &mut Journeys<'_>, fault: Option<&Fault>) -> Reply {
    let request: Value = serde_json::from_str(&call.body).unwrap_or(Value::Null);
    if call.method != "POST" || request["grant_type"] != "client_credentials" {
        return Reply::json(400, token_error(400));
    }
    if !oauth::client_ok(
        request["client_id"].as_str(),
        request["client_secret"].as_str(),
    ) {
        return Reply::json(401, token_error(401));
    }
    if let Some(reply) = fault.and_then(|f| fault_reply(f, token_error)) {
        return reply;
    }
    let (token, lifetime) = journeys.issue_token("usps", LIFETIME);
    Reply::json(
        200,
        json!({
            "access_token": token,
            "token_type": "Bearer",
            "issued_at": Utc::now().timestamp_millis(),
            "expires_in": lifetime,
            "status": "approved",
            "scope": "tracking",
            "issuer": "api.usps.com",
            "client_id": request["client_id"],
            "application_name": "trackline-sim",
        }),
    )
}

fn event(e: &Event) -> Value {
    let location = e.location.as_ref();
    // USPS leaves the country empty for US scans.
    let country = field(location, |l| l.country.as_ref());
    json!({
        "eventType": e.carrier_text,
        "eventTimestamp": e.at.naive_local().format("%Y-%m-%dT%H:%M:%S").to_string(),
        "GMTTimestamp": e.at.naive_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "GMTOffset": e.at.format("%:z").to_string(),
        "eventCountry": if country == "US" { Value::Null } else { json!(country) },
        "eventCity": field(location, |l| l.city.as_ref()).to_uppercase(),
        "eventState": field(location, |l| l.region.as_ref()),
        "eventZIP": field(location, |l| l.postal_code.as_ref()),
        "firm": null,
        "name": null,
        "authorizedAgent": "false",
        "eventCode": code(e.status, e.substatus),
    })
}

/// USPS's `statusCategory` for a status.
fn category(status: Status) -> &'static str {
    match status {
        Status::Pending | Status::InfoReceived => "Pre-Shipment",
        Status::InTransit => "In Transit",
        Status::OutForDelivery => "Out for Delivery",
        Status::FailedAttempt => "Delivery Attempt",
        Status::AvailableForPickup => "Available for Pickup",
        Status::Delivered => "Delivered",
        Status::Exception | Status::Expired => "Alert",
    }
}

/// USPS's event code for an event (Publication 199 Appendix G-4, UPU codes for customs).
fn code(status: Status, substatus: Option<Substatus>) -> &'static str {
    use Status as S;
    use Substatus as Sub;
    match (status, substatus) {
        (S::Pending | S::InfoReceived, _) => "GX",
        (S::InTransit, Some(Sub::PickedUp)) => "03",
        (S::InTransit, Some(Sub::Departed)) => "T1",
        (S::InTransit, Some(Sub::Arrived)) => "A1",
        (S::InTransit, Some(Sub::HandedOver)) => "42",
        (S::InTransit, Some(Sub::CustomsProcessing)) => "EDB",
        (S::InTransit, Some(Sub::CustomsCleared)) => "EDC",
        (S::InTransit, Some(Sub::DelayedWeather | Sub::DelayedVolume | Sub::DelayedOther)) => "DX",
        (S::InTransit, _) => "TL",
        (S::OutForDelivery, _) => "OF",
        (S::AvailableForPickup, _) => "16",
        (S::Delivered, Some(Sub::CollectedFromPickup)) => "43",
        (S::Delivered, _) => "01",
        (S::FailedAttempt, Some(Sub::RecipientUnavailable)) => "56",
        (S::FailedAttempt, _) => "02",
        (S::Exception, Some(Sub::AddressProblem)) => "05",
        (S::Exception, Some(Sub::Refused)) => "04",
        (S::Exception, Some(Sub::CustomsHeld)) => "EXB",
        (S::Exception, Some(Sub::ReturningToSender)) => "09",
        // USPS's "Delivered, To Original Sender" is a delivery event (01).
        (S::Exception, Some(Sub::ReturnedToSender)) => "01",
        (S::Exception, Some(Sub::Lost)) => "11",
        (S::Exception, Some(Sub::Cancelled)) => "44",
        // No code: the item's `statusCategory` ("Alert") and the words tell.
        (S::Exception | S::Expired, _) => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_have_their_codes() {
        assert_eq!(code(Status::Delivered, None), "01");
        assert_eq!(
            code(Status::Exception, Some(Substatus::ReturningToSender)),
            "09"
        );
    }
}
