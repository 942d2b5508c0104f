//! AfterShip (Tracking API, dated version `2026-07`) as the simulator plays it, key in the
//! `as-api-key` header (a wrong key is a 401 with `meta.code` 401). A number is unknown until a
//! tracking is created for it: `GET /tracking/2026-07/trackings?tracking_numbers=` lists no
//! tracking for it, `POST /tracking/2026-07/trackings` creates it (201, `Pending`) once and then
//! answers `meta.code` 4003 (already exists). A tracking whose carrier has nothing yet stays
//! `Pending` without checkpoints. Checkpoints are oldest first, with local times and offsets,
//! alpha-3 countries, AfterShip's `tag` and `subtag`. A 429 carries `Retry-After` and the
//! `X-RateLimit-*` headers.

use serde_json::{json, Value};
use trackline_core::carriers::aftership::VERSION;
use trackline_core::model::{Event, Status, Substatus};
use trackline_core::tracking::CarrierReport;

use super::shape::{alpha3, detected, field, oldest_first};
use super::{fault_reply, Call, Fault, Journeys, Outgoing, PushKind, Reply, KEY};

fn meta(code: u16, message: &str, kind: &str) -> Value {
    json!({ "meta": { "code": code, "message": message, "type": kind }, "data": {} })
}

/// AfterShip's error body for an HTTP status.
fn error(status: u16) -> Value {
    match status {
        400 => meta(400, "The request was invalid or cannot be otherwise served.", "BadRequest"),
        401 => meta(401, "Invalid API key.", "Unauthorized"),
        403 => meta(403, "The request is understood, but it has been refused or access is not allowed.", "Forbidden"),
        404 => json!({ "meta": { "code": 4004, "message": "Tracking does not exist.", "type": "NotFound" }, "data": {} }),
        429 => meta(
            429,
            "You have exceeded the API call rate limit. The default limit is 10 requests per second.",
            "TooManyRequests",
        ),
        _ => meta(500, "Something went wrong on AfterShip's end.", "InternalError"),
    }
}

/// Answers one call.
pub fn answer(call: &Call<'_>, journeys: &mut Journeys<'_>, fault: Option<&Fault>) -> Reply {
    if call.header("as-api-key") != Some(KEY) {
        return Reply::json(401, error(401));
    }
    if call.path != format!("/tracking/{VERSION}/trackings") {
        return Reply::json(
            404,
            meta(
                404,
                "The URI requested is invalid or the resource requested does not exist.",
                "NotFound",
            ),
        );
    }
    if let Some(mut reply) = fault.and_then(|f| fault_reply(f, error)) {
        if reply.status == 429 {
            let reset = chrono::Utc::now().timestamp() + 1;
            reply
                .headers
                .push(("X-RateLimit-Limit".into(), "10".into()));
            reply
                .headers
                .push(("X-RateLimit-Remaining".into(), "0".into()));
            reply
                .headers
                .push(("X-RateLimit-Reset".into(), reset.to_string()));
        }
        return reply;
    }
    match call.method {
        "GET" => list(call, journeys),
        "POST" => create(call, journeys),
        _ => Reply::json(405, error(400)),
    }
}

/// `GET /trackings?tracking_numbers=a,b&slug=`: the trackings that exist, of those numbers.
fn list(call: &Call<'_>, journeys: &Journeys<'_>) -> Reply {
    let numbers: Vec<&str> = call
        .query("tracking_numbers")
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    let slug = call.query("slug");
    let trackings: Vec<Value> = numbers
        .iter()
        .filter(|n| journeys.registered("aftership", n))
        .map(|n| tracking(n, slug_for(n, slug), journeys.report(n).as_ref()))
        .collect();
    Reply::json(
        200,
        json!({
            "meta": { "code": 200, "message": "", "type": "" },
            "data": {
                "pagination": { "total": trackings.len(), "next_cursor": null, "has_next_page": false },
                "trackings": trackings,
            },
        }),
    )
}

/// A push to the account's webhook (`tracking_update`, the whole tracking in `msg`), signed with
/// `aftership-hmac-sha256` = base64 of HMAC-SHA256(body, webhook secret). AfterShip announces no
/// stop: a lapsed tracking just goes quiet.
pub fn push(
    number: &str,
    report: &CarrierReport,
    kind: PushKind,
    secret: &str,
) -> Option<Outgoing> {
    if kind == PushKind::Stop {
        return None;
    }
    let body = json!({
        "event": "tracking_update",
        "event_id": format!("{}-{}", id(number), report.events.len()),
        "is_tracking_first_tag": false,
        "msg": tracking(number, slug_for(number, None), Some(report)),
        "ts": chrono::Utc::now().timestamp(),
    })
    .to_string();
    let signature = {
        use base64::Engine;
        use hmac::{Hmac, Mac};
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).ok()?;
        mac.update(body.as_bytes());
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    };
    Some(Outgoing {
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("aftership-hmac-sha256".into(), signature),
        ],
        body,
        oauth: None,
    })
}

/// `POST /trackings`: creates the tracking of a number.
fn create(call: &Call<'_>, journeys: &mut Journeys<'_>) -> Reply {
    let body: Value = serde_json::from_str(&call.body).unwrap_or(Value::Null);
    let Some(number) = body["tracking_number"].as_str().filter(|n| !n.is_empty()) else {
        return Reply::json(
            400,
            json!({ "meta": { "code": 4007, "message": "`tracking_number` is required.", "type": "BadRequest" }, "data": {} }),
        );
    };
    let slug = slug_for(number, body["slug"].as_str());
    if journeys.registered("aftership", number) {
        return Reply::json(
            400,
            json!({
                "meta": { "code": 4003, "message": "Tracking already exists.", "type": "BadRequest" },
                "data": { "tracking": { "id": id(number), "slug": slug, "tracking_number": number } },
            }),
        );
    }
    if slug.is_empty() {
        return Reply::json(
            400,
            json!({ "meta": { "code": 4012, "message": "The value of `slug` cannot be detected.", "type": "BadRequest" }, "data": {} }),
        );
    }
    journeys.register("aftership", number);
    let mut created = tracking(number, slug, None);
    created["checkpoints"] = json!([]);
    Reply::json(
        201,
        json!({ "meta": { "code": 201, "message": "", "type": "" }, "data": created }),
    )
}

/// The slug asked for, else the one AfterShip detects, else "" (undetectable).
fn slug_for(number: &str, asked: Option<&str>) -> String {
    if let Some(slug) = asked.filter(|s| !s.is_empty()) {
        return slug.to_owned();
    }
    let slug = match detected(number) {
        Some("ups") => "ups",
        Some("fedex") => "fedex",
        Some("usps") => "usps",
        Some("dhl") => "dhl",
        Some("sf_express") => "sf-express",
        Some("zto") => "zto-express",
        Some("china_post") => "china-post",
        Some("china_ems") => "china-ems",
        Some(other) => return other.replace('_', "-"),
        None => "",
    };
    slug.to_owned()
}

fn id(number: &str) -> String {
    format!("{:0>32}", number.to_ascii_lowercase())
}

/// A tracking as AfterShip lists it; `Pending` without checkpoints while the carrier has nothing.
fn tracking(number: &str, slug: String, report: Option<&CarrierReport>) -> Value {
    let Some(report) = report else {
        return json!({
            "id": id(number), "tracking_number": number, "slug": slug, "active": true,
            "tag": "Pending", "subtag": "Pending_001", "subtag_message": "Pending", "checkpoints": [],
        });
    };
    let checkpoints: Vec<Value> = oldest_first(report)
        .iter()
        .map(|e| checkpoint(e, &slug))
        .collect();
    let latest = checkpoints.last().cloned().unwrap_or(Value::Null);
    let (origin, destination) = (report.origin.as_ref(), report.destination.as_ref());
    let country = |l| {
        let code = field(l, |l: &trackline_core::model::Location| l.country.as_ref());
        alpha3(&code)
    };
    let delivered = report.events.iter().any(|e| e.status == Status::Delivered);
    let edd = match (&report.eta, delivered) {
        (Some(eta), false) => json!({
            "estimated_delivery_date": null,
            "estimated_delivery_date_min": eta.earliest.format("%Y-%m-%d").to_string(),
            "estimated_delivery_date_max": eta.latest.format("%Y-%m-%d").to_string(),
        }),
        _ => Value::Null,
    };
    json!({
        "id": id(number),
        "tracking_number": number,
        "slug": slug,
        "active": !delivered,
        "origin_country_region": country(origin),
        "origin_state": field(origin, |l| l.region.as_ref()),
        "origin_city": field(origin, |l| l.city.as_ref()),
        "origin_postal_code": field(origin, |l| l.postal_code.as_ref()),
        "destination_country_region": country(destination),
        "destination_state": field(destination, |l| l.region.as_ref()),
        "destination_city": field(destination, |l| l.city.as_ref()),
        "destination_postal_code": field(destination, |l| l.postal_code.as_ref()),
        "courier_estimated_delivery_date": edd,
        "courier_tracking_link": format!("https://track.aftership.com/{slug}/{number}"),
        "tag": latest["tag"],
        "subtag": latest["subtag"],
        "subtag_message": latest["subtag_message"],
        "checkpoints": checkpoints,
    })
}

fn checkpoint(e: &Event, slug: &str) -> Value {
    let subtag = subtag(e.status, e.substatus);
    let tag = subtag.split('_').next().unwrap_or("InTransit");
    let location = e.location.as_ref();
    let country = field(location, |l| l.country.as_ref());
    let coordinate = location
        .and_then(|l| Some(json!({ "latitude": l.lat?, "longitude": l.lon? })))
        .unwrap_or(Value::Null);
    json!({
        "slug": slug,
        "created_at": e.at.to_utc().to_rfc3339(),
        "checkpoint_time": e.at.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        "location": format!("{}, {}", field(location, |l| l.city.as_ref()), country),
        "city": field(location, |l| l.city.as_ref()),
        "state": field(location, |l| l.region.as_ref()),
        "zip": null,
        "coordinate": coordinate,
        "country_region": alpha3(&country),
        "message": e.carrier_text,
        "tag": tag,
        "subtag": subtag,
        "subtag_message": e.carrier_text,
        "raw_tag": "",
    })
}

/// AfterShip's sub-status (its `tag` is the part before `_`) for an event.
fn subtag(status: Status, substatus: Option<Substatus>) -> &'static str {
    use Status as S;
    use Substatus as Sub;
    match (status, substatus) {
        (S::Pending, _) => "Pending_001",
        (S::InfoReceived, _) => "InfoReceived_001",
        (S::InTransit, Some(Sub::PickedUp)) => "InTransit_002",
        (S::InTransit, Some(Sub::Arrived)) => "InTransit_003",
        (S::InTransit, Some(Sub::CustomsCleared)) => "InTransit_005",
        (S::InTransit, Some(Sub::CustomsProcessing)) => "InTransit_006",
        (S::InTransit, Some(Sub::Departed)) => "InTransit_007",
        (S::InTransit, Some(Sub::DelayedWeather)) => "Exception_017",
        (S::InTransit, Some(Sub::DelayedVolume | Sub::DelayedOther)) => "Exception_005",
        (S::InTransit, Some(Sub::CustomsHeld)) => "Exception_004",
        (S::InTransit, _) => "InTransit_001",
        (S::OutForDelivery, _) => "OutForDelivery_001",
        (S::AvailableForPickup, _) => "AvailableForPickup_001",
        (S::Delivered, Some(Sub::CollectedFromPickup)) => "Delivered_002",
        (S::Delivered, Some(Sub::DeliveredToRecipient)) => "Delivered_003",
        (S::Delivered, _) => "Delivered_001",
        (S::FailedAttempt, Some(Sub::RecipientUnavailable)) => "AttemptFail_002",
        (S::FailedAttempt, _) => "AttemptFail_001",
        (S::Exception, Some(Sub::AddressProblem)) => "Exception_007",
        (S::Exception, Some(Sub::Refused)) => "Exception_003",
        (S::Exception, Some(Sub::CustomsHeld)) => "Exception_004",
        (S::Exception, Some(Sub::ReturningToSender)) => "Exception_010",
        (S::Exception, Some(Sub::ReturnedToSender)) => "Exception_011",
        (S::Exception, Some(Sub::Damaged)) => "Exception_012",
        (S::Exception, Some(Sub::Lost)) => "Exception_013",
        (S::Exception, Some(Sub::Cancelled)) => "Exception_020",
        (S::Exception, _) => "Exception_001",
        (S::Expired, _) => "Expired_001",
    }
}
