//! AfterShip Tracking API (dated version [`VERSION`]), key in the `as-api-key` header. A
//! tracking is looked up by number (`GET /trackings?tracking_numbers=`, with the courier slug
//! when Trackline knows the carrier); when AfterShip does not track the number yet it is
//! created first (`POST /trackings`). AfterShip pushes updates to a webhook, signed with
//! `aftership-hmac-sha256` = base64 of HMAC-SHA256(raw body, webhook secret).

use base64::Engine;
use chrono::{DateTime, FixedOffset};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::aggregated::{self, lenient_f64, lenient_text, non_empty};
use super::known;
use super::time::{parse, utc};
use super::{
    parse_json, registration_subscribed, CarrierError, Connector, ConnectorInfo, HttpRequest,
    HttpResponse, Kind, Lookup, Outcome, Phase, Push, PushError, Pushed, Pushes, Secret, Settings,
    Subscribed,
};
use crate::model::{
    checked_coordinates, Carrier, Eta, EtaSource, Event, Location, Status, Substatus,
};
use crate::tracking::CarrierReport;

/// The AfterShip connector.
pub struct AfterShip;

/// The dated API version Trackline speaks.
pub const VERSION: &str = "2026-07";

const API_KEY: &str = "AFTERSHIP_API_KEY";
const WEBHOOK_SECRET: &str = "AFTERSHIP_WEBHOOK_SECRET";

static INFO: ConnectorInfo = ConnectorInfo {
    code: "aftership",
    name: "AfterShip",
    base_url_var: "AFTERSHIP_BASE_URL",
    default_base_url: "https://api.aftership.com",
    secrets: &[
        Secret {
            name: API_KEY,
            from:
                "AfterShip admin: Settings > API keys, create an API key (Tracking read and write)",
        },
        Secret {
            name: WEBHOOK_SECRET,
            from: "AfterShip admin: Settings > Webhooks, the webhook secret shown there",
        },
    ],
    min_query_interval_secs: 0,
    kind: Kind::Aggregator,
    pushes: Pushes::Account,
};

impl Connector for AfterShip {
    fn info(&self) -> &'static ConnectorInfo {
        &INFO
    }

    fn request(&self, phase: Phase, lookup: &Lookup<'_>) -> Result<HttpRequest, CarrierError> {
        let key = lookup.settings.secret(API_KEY)?;
        let slug = lookup.carrier_hint.and_then(slug_of);
        let base = format!("{}/tracking/{VERSION}/trackings", lookup.settings.base_url);
        let request = match phase {
            Phase::Register => {
                let body = serde_json::to_string(&NewTracking {
                    tracking_number: lookup.number,
                    slug,
                })
                .map_err(|e| CarrierError::NotUnderstood(e.to_string()))?;
                HttpRequest::post(base, "application/json", body)
            }
            Phase::Track | Phase::Token => {
                let mut query = form_urlencoded::Serializer::new(String::new());
                query.append_pair("tracking_numbers", lookup.number);
                if let Some(slug) = slug {
                    query.append_pair("slug", slug);
                }
                HttpRequest::get(format!("{base}?{}", query.finish()))
            }
        };
        Ok(request
            .with_header("as-api-key", key)
            .with_header("Accept", "application/json"))
    }

    fn handle(&self, phase: Phase, lookup: &Lookup<'_>, response: &HttpResponse) -> Outcome {
        let envelope = parse_json::<Envelope>(&response.body).ok();
        let meta_code = envelope.as_ref().map(|e| e.meta.code);
        match (response.status, phase) {
            (200 | 201, Phase::Register) => Outcome::Next(Phase::Track),
            (200, Phase::Track | Phase::Token) => {
                let Some(envelope) = envelope else {
                    return Outcome::Error(
                        parse_json::<Envelope>(&response.body)
                            .err()
                            .unwrap_or_else(|| CarrierError::NotUnderstood("no body".into())),
                    );
                };
                let data = envelope.data.unwrap_or_default();
                let tracking = data
                    .trackings
                    .into_iter()
                    .chain(data.tracking)
                    .find(|t| same_number(t.tracking_number.as_deref(), lookup.number));
                match tracking {
                    Some(tracking) => report(lookup.number, tracking).into(),
                    // AfterShip does not track the number yet: create the tracking.
                    None => Outcome::Next(Phase::Register),
                }
            }
            // Not tracked yet (404, or meta code 4004 "tracking does not exist").
            (404, Phase::Track | Phase::Token) => Outcome::Next(Phase::Register),
            (400 | 404 | 409 | 422, _) if meta_code == Some(TRACKING_DOES_NOT_EXIST) => match phase
            {
                Phase::Register => Outcome::Error(error_of(TRACKING_DOES_NOT_EXIST)),
                Phase::Track | Phase::Token => Outcome::Next(Phase::Register),
            },
            // Creating a tracking that exists already: go on and read it.
            (400 | 409 | 422, Phase::Register) if meta_code == Some(TRACKING_ALREADY_EXISTS) => {
                Outcome::Next(Phase::Track)
            }
            (429, _) => Outcome::Error(CarrierError::RateLimited {
                retry_after_secs: retry_after(response, lookup.now),
            }),
            (status, _) => Outcome::Error(
                response
                    .common_error()
                    .or_else(|| meta_code.map(error_of))
                    .unwrap_or_else(|| {
                        CarrierError::NotUnderstood(format!("unexpected status {status}"))
                    }),
            ),
        }
    }

    /// Creating the tracking subscribes it to the account's webhook; one that exists already
    /// is subscribed already.
    fn subscribe(
        &self,
        lookup: &Lookup<'_>,
        _callback: &str,
        _renew: bool,
    ) -> Result<HttpRequest, CarrierError> {
        self.request(Phase::Register, lookup)
    }

    fn subscribed(
        &self,
        lookup: &Lookup<'_>,
        response: &HttpResponse,
    ) -> Result<Subscribed, CarrierError> {
        registration_subscribed(self.handle(Phase::Register, lookup, response))
    }

    fn push(&self, push: &Push, settings: &Settings) -> Result<Vec<Pushed>, PushError> {
        // Verify before reading anything: base64(HMAC-SHA256(raw body, webhook secret)).
        let secret = settings
            .secret(WEBHOOK_SECRET)
            .map_err(|_| PushError::BadSignature)?;
        let given = push
            .header("aftership-hmac-sha256")
            .and_then(|h| {
                base64::engine::general_purpose::STANDARD
                    .decode(h.trim())
                    .ok()
            })
            .ok_or(PushError::BadSignature)?;
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
            .map_err(|_| PushError::BadSignature)?;
        mac.update(push.body.as_bytes());
        // `verify_slice` compares in constant time.
        mac.verify_slice(&given)
            .map_err(|_| PushError::BadSignature)?;
        let body: PushBody =
            serde_json::from_str(&push.body).map_err(|e| PushError::Malformed(e.to_string()))?;
        let tracking = body
            .msg
            .ok_or_else(|| PushError::Malformed("no msg".into()))?;
        let number =
            aggregated::push_number(tracking.tracking_number.as_deref().unwrap_or_default())?;
        let carrier_hint = tracking
            .slug
            .as_deref()
            .and_then(|slug| courier(slug, &number, None))
            .map(|c| c.code);
        match report(&number, tracking) {
            Ok(report) => Ok(vec![Pushed {
                number,
                stopped: false,
                carrier_hint,
                report,
            }]),
            // A tracking without checkpoints (pending time, first EDD): nothing to change.
            Err(CarrierError::NotFound) => Ok(Vec::new()),
            Err(e) => Err(PushError::Malformed(e.to_string())),
        }
    }
}

/// `Retry-After`, or else AfterShip's `x-ratelimit-reset` (a Unix time) from `now`.
fn retry_after(response: &HttpResponse, now: i64) -> Option<u64> {
    response.retry_after().or_else(|| {
        let reset: i64 = response.header("x-ratelimit-reset")?.trim().parse().ok()?;
        u64::try_from(reset - now).ok()
    })
}

// --- Request body. ---

#[derive(Serialize)]
struct NewTracking<'a> {
    tracking_number: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    slug: Option<&'a str>,
}

// --- Response types: only the fields Trackline uses. Older API versions named some fields
// differently (`country_iso3`, `expected_delivery`): both are read, so pushes from a webhook
// set to an older version are understood too. ---

#[derive(Deserialize)]
struct Envelope {
    meta: Meta,
    data: Option<Data>,
}

#[derive(Deserialize)]
struct Meta {
    code: i64,
}

#[derive(Deserialize, Default)]
struct Data {
    #[serde(default)]
    trackings: Vec<Tracking>,
    /// Older versions answer one tracking.
    tracking: Option<Tracking>,
}

#[derive(Deserialize)]
struct Tracking {
    #[serde(default, deserialize_with = "lenient_text")]
    tracking_number: Option<String>,
    slug: Option<String>,
    #[serde(default)]
    checkpoints: Vec<Checkpoint>,
    courier_tracking_link: Option<String>,
    /// The carrier's estimate (current versions).
    courier_estimated_delivery_date: Option<Edd>,
    /// AfterShip's own (AI) estimate.
    aftership_estimated_delivery_date: Option<Edd>,
    /// The carrier's estimate (older versions).
    expected_delivery: Option<String>,
    #[serde(alias = "origin_country_iso3")]
    origin_country_region: Option<String>,
    origin_state: Option<String>,
    origin_city: Option<String>,
    origin_postal_code: Option<String>,
    #[serde(alias = "destination_country_iso3")]
    destination_country_region: Option<String>,
    destination_state: Option<String>,
    destination_city: Option<String>,
    destination_postal_code: Option<String>,
}

#[derive(Deserialize)]
struct Edd {
    estimated_delivery_date: Option<String>,
    estimated_delivery_date_min: Option<String>,
    estimated_delivery_date_max: Option<String>,
}

#[derive(Deserialize)]
struct Checkpoint {
    checkpoint_time: Option<String>,
    tag: Option<String>,
    subtag: Option<String>,
    message: Option<String>,
    location: Option<String>,
    city: Option<String>,
    state: Option<String>,
    zip: Option<String>,
    #[serde(alias = "country_iso3")]
    country_region: Option<String>,
    /// `{latitude, longitude}` (current versions).
    coordinate: Option<Coordinate>,
    /// `[latitude, longitude]` (older versions).
    coordinates: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Coordinate {
    #[serde(default, deserialize_with = "lenient_f64")]
    latitude: Option<f64>,
    #[serde(default, deserialize_with = "lenient_f64")]
    longitude: Option<f64>,
}

#[derive(Deserialize)]
struct PushBody {
    msg: Option<Tracking>,
}

// --- Error codes. ---

/// Meta code: the tracking already exists (creating it again).
const TRACKING_ALREADY_EXISTS: i64 = 4003;
/// Meta code: the tracking does not exist.
const TRACKING_DOES_NOT_EXIST: i64 = 4004;

/// AfterShip's documented `meta.code` values that are errors.
fn error_of(code: i64) -> CarrierError {
    let why = |what: &str| format!("AfterShip error {code}: {what}");
    match code {
        // Invalid request, invalid JSON, tracking required, tracking number required, value
        // invalid or required, missing or invalid required field, notification required, ID
        // invalid.
        400 | 4001 | 4006 | 4007 | 4008 | 4009 | 4011 | 4014 | 4015 => {
            CarrierError::NotUnderstood(why("the request was refused"))
        }
        // Tracking already exists (only an error outside the Register step).
        TRACKING_ALREADY_EXISTS => CarrierError::NotUnderstood(why("tracking already exists")),
        // Tracking does not exist.
        TRACKING_DOES_NOT_EXIST => CarrierError::NotFound,
        // The number is invalid, or its format is: AfterShip can never track it.
        4005 | 4017 => CarrierError::NotFound,
        // Invalid slug, or the courier cannot be detected: nothing known for this number.
        4010 | 4012 => CarrierError::NotFound,
        // Retrack not allowed (inactive, or only once).
        4013 | 4016 => CarrierError::NotUnderstood(why("retrack refused")),
        // Invalid API key.
        401 => CarrierError::BadCredentials(why("invalid API key")),
        // Request not allowed for this key or plan.
        403 => CarrierError::BadCredentials(why("request not allowed")),
        // Resource not found.
        404 => CarrierError::NotFound,
        // Too many requests.
        429 => CarrierError::RateLimited {
            retry_after_secs: None,
        },
        // Internal errors.
        500..=599 => CarrierError::Down(why("internal error")),
        _ => CarrierError::NotUnderstood(why("undocumented code")),
    }
}

// --- Status table. ---

/// AfterShip's delivery statuses (`tag`) and every sub-status (`subtag`).
fn status_of(code: &str) -> Option<(Status, Option<Substatus>)> {
    use Status as S;
    use Substatus as Sub;
    Some(match code {
        // Tag: pending, nothing from the carrier yet.
        "Pending" => (S::Pending, None),
        // No information from the carrier yet, or not tracked yet.
        "Pending_001" => (S::Pending, None),
        // Pending for another reason AfterShip names (002 to 006: carrier account not
        // connected, carrier not yet known, number not yet in the carrier's system, extra
        // tracking data needed, tracking not started): still nothing from the carrier.
        "Pending_002" | "Pending_003" | "Pending_004" | "Pending_005" | "Pending_006" => {
            (S::Pending, None)
        }
        // Tag and sub-status: the carrier has the shipment's data, not the parcel.
        "InfoReceived" | "InfoReceived_001" => (S::InfoReceived, None),
        // Tag: in transit.
        "InTransit" => (S::InTransit, None),
        // On the way.
        "InTransit_001" => (S::InTransit, None),
        // Accepted (picked up) by the carrier.
        "InTransit_002" => (S::InTransit, Some(Sub::PickedUp)),
        // Arrived at a hub or sorting center.
        "InTransit_003" => (S::InTransit, Some(Sub::Arrived)),
        // Arrived in the destination country.
        "InTransit_004" => (S::InTransit, Some(Sub::Arrived)),
        // Customs clearance completed.
        "InTransit_005" => (S::InTransit, Some(Sub::CustomsCleared)),
        // Handed over to customs for clearance.
        "InTransit_006" => (S::InTransit, Some(Sub::CustomsProcessing)),
        // Departed a facility.
        "InTransit_007" => (S::InTransit, Some(Sub::Departed)),
        // A problem was resolved, moving again.
        "InTransit_008" => (S::InTransit, None),
        // Forwarded to another delivery address.
        "InTransit_009" => (S::InTransit, None),
        // Tag and sub-status: out for delivery.
        "OutForDelivery" | "OutForDelivery_001" => (S::OutForDelivery, None),
        // At the sorting center, available for pickup there (older list).
        "OutForDelivery_002" => (S::AvailableForPickup, Some(Sub::PickupReady)),
        // The customer is contacted before delivery.
        "OutForDelivery_003" => (S::OutForDelivery, None),
        // A delivery appointment is scheduled.
        "OutForDelivery_004" => (S::OutForDelivery, None),
        // Tag and sub-status: a delivery attempt failed; the carrier tries again.
        "AttemptFail" | "AttemptFail_001" => (S::FailedAttempt, None),
        // Failed: the addressee was not available.
        "AttemptFail_002" => (S::FailedAttempt, Some(Sub::RecipientUnavailable)),
        // Failed: the business was closed.
        "AttemptFail_003" => (S::FailedAttempt, Some(Sub::RecipientUnavailable)),
        // Tag and sub-status: delivered.
        "Delivered" | "Delivered_001" => (S::Delivered, None),
        // Picked up by the customer.
        "Delivered_002" => (S::Delivered, Some(Sub::CollectedFromPickup)),
        // Signed for by the customer.
        "Delivered_003" => (S::Delivered, Some(Sub::DeliveredToRecipient)),
        // Delivered, cash on delivery collected.
        "Delivered_004" => (S::Delivered, Some(Sub::DeliveredToRecipient)),
        // Delivered, another way of handing over (the newest Delivered code): delivered.
        "Delivered_005" => (S::Delivered, None),
        // Tag and sub-status: at a pickup point.
        "AvailableForPickup" | "AvailableForPickup_001" => {
            (S::AvailableForPickup, Some(Sub::PickupReady))
        }
        // Tag and sub-status: an exception, no more detail.
        "Exception" | "Exception_001" => (S::Exception, None),
        // The customer moved.
        "Exception_002" => (S::Exception, Some(Sub::AddressProblem)),
        // The customer refused delivery.
        "Exception_003" => (S::Exception, Some(Sub::Refused)),
        // Delayed in customs clearance.
        "Exception_004" => (S::Exception, Some(Sub::CustomsHeld)),
        // Delayed by external factors; the parcel still moves.
        "Exception_005" => (S::InTransit, Some(Sub::DelayedOther)),
        // Held for payment (duties or cash on delivery).
        "Exception_006" => (S::Exception, Some(Sub::CustomsHeld)),
        // Incorrect address.
        "Exception_007" => (S::Exception, Some(Sub::AddressProblem)),
        // Not collected from the pickup point in time; may still be there.
        "Exception_008" => (S::AvailableForPickup, Some(Sub::PickupReady)),
        // Rejected by the carrier (does not meet its rules).
        "Exception_009" => (S::Exception, None),
        // Returning to the sender.
        "Exception_010" => (S::Exception, Some(Sub::ReturningToSender)),
        // Returned to the sender.
        "Exception_011" => (S::Exception, Some(Sub::ReturnedToSender)),
        // Damaged.
        "Exception_012" => (S::Exception, Some(Sub::Damaged)),
        // Lost.
        "Exception_013" => (S::Exception, Some(Sub::Lost)),
        // Exceptions 014 and 015: listed codes without a Trackline detail; the carrier's
        // words may still tell more (see `aggregated::refine`).
        "Exception_014" | "Exception_015" => (S::Exception, None),
        // Delayed by a processing issue in the carrier's network.
        "Exception_016" => (S::InTransit, Some(Sub::DelayedOther)),
        // Delayed by extreme weather.
        "Exception_017" => (S::InTransit, Some(Sub::DelayedWeather)),
        // Held: documents for the authorities are wrong or missing.
        "Exception_018" => (S::Exception, Some(Sub::CustomsHeld)),
        // Delayed by a late or rescheduled flight.
        "Exception_019" => (S::InTransit, Some(Sub::DelayedOther)),
        // Cancelled by the sender or the carrier.
        "Exception_020" => (S::Exception, Some(Sub::Cancelled)),
        // Disposed of: it will never arrive, like a lost parcel.
        "Exception_021" => (S::Exception, Some(Sub::Lost)),
        // Tag and sub-status: no news for so long that tracking stopped.
        "Expired" | "Expired_001" => (S::Expired, None),
        _ => return None,
    })
}

// --- Carriers. ---

/// AfterShip courier slugs of the carriers Trackline names; other carriers go without a
/// slug and AfterShip detects them.
static SLUGS: &[(&str, &str)] = &[
    ("ups", "ups"),
    ("fedex", "fedex"),
    ("usps", "usps"),
    ("dhl", "dhl"),
    ("sf_express", "sf-express"),
    ("zto", "zto-express"),
    ("china_post", "china-post"),
    ("china_ems", "china-ems"),
    ("cainiao", "cainiao"),
    ("yunexpress", "yunexpress"),
    ("yanwen", "yanwen"),
    ("4px", "4px"),
];

fn slug_of(code: &str) -> Option<&'static str> {
    SLUGS.iter().find(|(c, _)| *c == code).map(|(_, s)| *s)
}

/// The carrier behind AfterShip slug `slug`: a carrier Trackline knows, or one named after
/// the slug (`royal-mail` is Royal Mail, code `royal_mail`); `None` when AfterShip could not
/// tell.
fn courier(slug: &str, number: &str, link: Option<String>) -> Option<Carrier> {
    let slug = slug.trim();
    if slug.is_empty() || slug == "unrecognized" {
        return None;
    }
    if let Some(carrier) = SLUGS
        .iter()
        .find(|(_, s)| *s == slug)
        .and_then(|(code, _)| known::lookup(code))
    {
        return Some(carrier.model(number, link));
    }
    let name = slug
        .split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ");
    Some(Carrier {
        code: slug.replace('-', "_"),
        name,
        tracking_url: link,
    })
}

fn same_number(given: Option<&str>, number: &str) -> bool {
    given.is_some_and(|g| {
        g.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_uppercase())
            .eq(number.chars())
    })
}

// --- Mapping. ---

fn report(number: &str, t: Tracking) -> Result<CarrierReport, CarrierError> {
    let events: Vec<Event> = t.checkpoints.iter().filter_map(event).collect();
    if events.is_empty() {
        // Created, but no checkpoint from the carrier yet.
        return Err(CarrierError::NotFound);
    }
    let link = non_empty(t.courier_tracking_link.as_deref());
    let carrier = t
        .slug
        .as_deref()
        .and_then(|slug| courier(slug, number, link.clone()))
        .unwrap_or_else(|| Carrier {
            code: INFO.code.to_owned(),
            name: INFO.name.to_owned(),
            tracking_url: link,
        });
    // Estimates are in the recipient's time zone; the newest scan's offset is the best guess.
    let local = events
        .iter()
        .max_by_key(|e| e.at)
        .map_or_else(utc, |e| *e.at.offset());
    let place = |country: &Option<String>,
                 state: &Option<String>,
                 city: &Option<String>,
                 postal: &Option<String>| {
        let location = Location {
            city: non_empty(city.as_deref()),
            region: non_empty(state.as_deref()),
            postal_code: non_empty(postal.as_deref()),
            country: country.as_deref().and_then(alpha2),
            lat: None,
            lon: None,
        };
        (location != Location::default()).then_some(location)
    };
    Ok(CarrierReport {
        carrier,
        origin: place(
            &t.origin_country_region,
            &t.origin_state,
            &t.origin_city,
            &t.origin_postal_code,
        ),
        destination: place(
            &t.destination_country_region,
            &t.destination_state,
            &t.destination_city,
            &t.destination_postal_code,
        ),
        eta: eta(&t, local),
        events,
    })
}

fn event(c: &Checkpoint) -> Option<Event> {
    // Checkpoint times are local to the scan; AfterShip sends the offset when the carrier
    // gives one. Without one, UTC is the least wrong reading.
    let at = c.checkpoint_time.as_deref().and_then(|t| parse(t, utc()))?;
    let carrier_text = non_empty(c.message.as_deref()).unwrap_or_default();
    let coded = c
        .subtag
        .as_deref()
        .and_then(status_of)
        .or_else(|| c.tag.as_deref().and_then(status_of));
    let (status, substatus) = aggregated::refine(coded, &carrier_text);
    Some(Event {
        at,
        status,
        substatus,
        text: String::new(),
        carrier_text,
        location: location(c),
    })
}

fn location(c: &Checkpoint) -> Option<Location> {
    let (lat, lon) = coordinates(c);
    let place = Location {
        city: non_empty(c.city.as_deref()).or_else(|| non_empty(c.location.as_deref())),
        region: non_empty(c.state.as_deref()),
        postal_code: non_empty(c.zip.as_deref()),
        country: c.country_region.as_deref().and_then(alpha2),
        lat,
        lon,
    };
    (place != Location::default()).then_some(place)
}

/// Latitude and longitude from `coordinate` (an object) or `coordinates` (an array), when
/// they are a real position.
fn coordinates(c: &Checkpoint) -> (Option<f64>, Option<f64>) {
    let (lat, lon) = given_coordinates(c);
    checked_coordinates(lat, lon)
}

/// Latitude and longitude as AfterShip wrote them.
fn given_coordinates(c: &Checkpoint) -> (Option<f64>, Option<f64>) {
    if let Some(point) = &c.coordinate {
        if point.latitude.is_some() && point.longitude.is_some() {
            return (point.latitude, point.longitude);
        }
    }
    match c.coordinates.as_ref().and_then(|v| v.as_array()) {
        Some(pair) if pair.len() == 2 => match (pair[0].as_f64(), pair[1].as_f64()) {
            (Some(lat), Some(lon)) => (Some(lat), Some(lon)),
            _ => (None, None),
        },
        _ => (None, None),
    }
}

/// The carrier's estimate first (current, then older field), else AfterShip's own.
fn eta(t: &Tracking, local: FixedOffset) -> Option<Eta> {
    let window = |edd: &Edd| -> Option<(DateTime<FixedOffset>, DateTime<FixedOffset>)> {
        let span = |s: &Option<String>| s.as_deref().and_then(|s| aggregated::span(s, local));
        match (
            span(&edd.estimated_delivery_date_min),
            span(&edd.estimated_delivery_date_max),
        ) {
            (Some((from, _)), Some((_, to))) => Some((from, to)),
            _ => span(&edd.estimated_delivery_date),
        }
    };
    let carrier = t
        .courier_estimated_delivery_date
        .as_ref()
        .and_then(window)
        .or_else(|| {
            t.expected_delivery
                .as_deref()
                .and_then(|s| aggregated::span(s, local))
        });
    let (window, source, confidence) = match carrier {
        Some(window) => (window, EtaSource::Carrier, 0.8),
        None => (
            t.aftership_estimated_delivery_date
                .as_ref()
                .and_then(window)?,
            EtaSource::Predicted,
            0.6,
        ),
    };
    Some(Eta {
        earliest: window.0,
        latest: window.1.max(window.0),
        confidence,
        source,
        explanation: String::new(),
    })
}

/// ISO 3166-1 alpha-2 for the alpha-3 code AfterShip gives (`USA` is `US`).
fn alpha2(alpha3: &str) -> Option<String> {
    let code = alpha3.trim().to_ascii_uppercase();
    if code.len() == 2 && code.chars().all(|c| c.is_ascii_alphabetic()) {
        return Some(code);
    }
    ALPHA3
        .iter()
        .find(|(three, _)| *three == code)
        .map(|(_, two)| (*two).to_owned())
}

/// ISO 3166-1 alpha-3 to alpha-2.
#[rustfmt::skip]
static ALPHA3: &[(&str, &str)] = &[
    ("AFG", "AF"), ("ALB", "AL"), ("DZA", "DZ"), ("AND", "AD"), ("AGO", "AO"), ("ARG", "AR"),
    ("ARM", "AM"), ("AUS", "AU"), ("AUT", "AT"), ("AZE", "AZ"), ("BHS", "BS"), ("BHR", "BH"),
    ("BGD", "BD"), ("BRB", "BB"), ("BLR", "BY"), ("BEL", "BE"), ("BLZ", "BZ"), ("BEN", "BJ"),
    ("BTN", "BT"), ("BOL", "BO"), ("BIH", "BA"), ("BWA", "BW"), ("BRA", "BR"), ("BRN", "BN"),
    ("BGR", "BG"), ("BFA", "BF"), ("BDI", "BI"), ("KHM", "KH"), ("CMR", "CM"), ("CAN", "CA"),
    ("CPV", "CV"), ("CAF", "CF"), ("TCD", "TD"), ("CHL", "CL"), ("CHN", "CN"), ("COL", "CO"),
    ("COG", "CG"), ("COD", "CD"), ("CRI", "CR"), ("CIV", "CI"), ("HRV", "HR"), ("CUB", "CU"),
    ("CYP", "CY"), ("CZE", "CZ"), ("DNK", "DK"), ("DJI", "DJ"), ("DOM", "DO"), ("ECU", "EC"),
    ("EGY", "EG"), ("SLV", "SV"), ("EST", "EE"), ("ETH", "ET"), ("FJI", "FJ"), ("FIN", "FI"),
    ("FRA", "FR"), ("GAB", "GA"), ("GEO", "GE"), ("DEU", "DE"), ("GHA", "GH"), ("GRC", "GR"),
    ("GTM", "GT"), ("GIN", "GN"), ("HTI", "HT"), ("HND", "HN"), ("HKG", "HK"), ("HUN", "HU"),
    ("ISL", "IS"), ("IND", "IN"), ("IDN", "ID"), ("IRN", "IR"), ("IRQ", "IQ"), ("IRL", "IE"),
    ("ISR", "IL"), ("ITA", "IT"), ("JAM", "JM"), ("JPN", "JP"), ("JOR", "JO"), ("KAZ", "KZ"),
    ("KEN", "KE"), ("KOR", "KR"), ("KWT", "KW"), ("KGZ", "KG"), ("LAO", "LA"), ("LVA", "LV"),
    ("LBN", "LB"), ("LBY", "LY"), ("LIE", "LI"), ("LTU", "LT"), ("LUX", "LU"), ("MAC", "MO"),
    ("MDG", "MG"), ("MWI", "MW"), ("MYS", "MY"), ("MDV", "MV"), ("MLI", "ML"), ("MLT", "MT"),
    ("MUS", "MU"), ("MEX", "MX"), ("MDA", "MD"), ("MCO", "MC"), ("MNG", "MN"), ("MNE", "ME"),
    ("MAR", "MA"), ("MOZ", "MZ"), ("MMR", "MM"), ("NAM", "NA"), ("NPL", "NP"), ("NLD", "NL"),
    ("NZL", "NZ"), ("NIC", "NI"), ("NER", "NE"), ("NGA", "NG"), ("MKD", "MK"), ("NOR", "NO"),
    ("OMN", "OM"), ("PAK", "PK"), ("PAN", "PA"), ("PNG", "PG"), ("PRY", "PY"), ("PER", "PE"),
    ("PHL", "PH"), ("POL", "PL"), ("PRT", "PT"), ("PRI", "PR"), ("QAT", "QA"), ("ROU", "RO"),
    ("RUS", "RU"), ("RWA", "RW"), ("SAU", "SA"), ("SEN", "SN"), ("SRB", "RS"), ("SGP", "SG"),
    ("SVK", "SK"), ("SVN", "SI"), ("ZAF", "ZA"), ("ESP", "ES"), ("LKA", "LK"), ("SDN", "SD"),
    ("SWE", "SE"), ("CHE", "CH"), ("SYR", "SY"), ("TWN", "TW"), ("TJK", "TJ"), ("TZA", "TZ"),
    ("THA", "TH"), ("TGO", "TG"), ("TTO", "TT"), ("TUN", "TN"), ("TUR", "TR"), ("TKM", "TM"),
    ("UGA", "UG"), ("UKR", "UA"), ("ARE", "AE"), ("GBR", "GB"), ("USA", "US"), ("URY", "UY"),
    ("UZB", "UZ"), ("VEN", "VE"), ("VNM", "VN"), ("YEM", "YE"), ("ZMB", "ZM"), ("ZWE", "ZW"),
];

#[cfg(test)]
mod tests;
