//! 17TRACK Tracking API v2.2: `POST /track/v2.2/gettrackinfo` with the key in the `17token`
//! header. A number must be registered (`POST /track/v2.2/register`, one quota each) before
//! 17TRACK tracks it; an unregistered number is rejected with -18019902, so the exchange is
//! Track, then Register, then Track again. 17TRACK pushes updates to a webhook, signed with
//! `sign` = lower-case hex SHA-256 of `body + "/" + key`.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::aggregated::{
    self, carrier_for, hex_signature_matches, lenient_f64, lenient_text, non_empty,
};
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

/// The 17TRACK connector.
pub struct SeventeenTrack;

/// The API key's secret name; the same key signs the webhook pushes.
const KEY: &str = "SEVENTEEN_TRACK_KEY";

static INFO: ConnectorInfo = ConnectorInfo {
    code: "17track",
    name: "17TRACK",
    base_url_var: "SEVENTEEN_TRACK_BASE_URL",
    default_base_url: "https://api.17track.net",
    secrets: &[Secret {
        name: KEY,
        from: "17TRACK API console (api.17track.net): Settings > Security, the access key; it also signs webhooks, whose URL you set in Settings > WebHook",
    }],
    min_query_interval_secs: 0,
    kind: Kind::Aggregator,
    pushes: Pushes::Account,
};

/// A call of 17TRACK's endpoint `path` (`register`, `gettrackinfo`, `retrack`, `stoptrack`)
/// about `lookup`'s number: all take the same list of numbers, and the key in `17token`.
fn call(path: &str, lookup: &Lookup<'_>) -> Result<HttpRequest, CarrierError> {
    let key = lookup.settings.secret(KEY)?;
    let item = Item {
        number: lookup.number,
        carrier: lookup.carrier_hint.and_then(carrier_id),
    };
    let body =
        serde_json::to_string(&[item]).map_err(|e| CarrierError::NotUnderstood(e.to_string()))?;
    let url = format!("{}/track/v2.2/{path}", lookup.settings.base_url);
    Ok(HttpRequest::post(url, "application/json", body).with_header("17token", key))
}

impl Connector for SeventeenTrack {
    fn info(&self) -> &'static ConnectorInfo {
        &INFO
    }

    fn request(&self, phase: Phase, lookup: &Lookup<'_>) -> Result<HttpRequest, CarrierError> {
        let path = match phase {
            Phase::Register => "register",
            Phase::Track | Phase::Token => "gettrackinfo",
        };
        call(path, lookup)
    }

    fn handle(&self, phase: Phase, lookup: &Lookup<'_>, response: &HttpResponse) -> Outcome {
        if response.status != 200 {
            // 401/403 (bad key), 429 (more than 3 requests a second) and 5xx keep their
            // meaning; other statuses may still carry 17TRACK's own error code.
            let own = parse_json::<Envelope>(&response.body)
                .ok()
                .and_then(|e| e.error_code())
                .map(error_of);
            return Outcome::Error(response.common_error().or(own).unwrap_or_else(|| {
                CarrierError::NotUnderstood(format!("unexpected status {}", response.status))
            }));
        }
        let envelope = match parse_json::<Envelope>(&response.body) {
            Ok(envelope) => envelope,
            Err(e) => return Outcome::Error(e),
        };
        if envelope.code != 0 {
            let code = envelope.error_code().unwrap_or(envelope.code);
            return Outcome::Error(error_of(code));
        }
        let data = envelope.data.unwrap_or_default();
        let rejected = data
            .rejected
            .iter()
            .find(|r| same_number(r.number.as_deref(), lookup.number))
            .or(data.rejected.first())
            .and_then(|r| r.error.as_ref())
            .map(|e| e.code);
        let accepted = data
            .accepted
            .into_iter()
            .find(|a| same_number(a.number.as_deref(), lookup.number));
        match phase {
            Phase::Register => match (accepted, rejected) {
                // Registered now, or already; a retrack of a number still tracked (it pushes).
                (Some(_), _) | (None, Some(ALREADY_REGISTERED | RETRACK_NOT_STOPPED)) => {
                    Outcome::Next(Phase::Track)
                }
                (None, Some(code)) => Outcome::Error(error_of(code)),
                (None, None) => Outcome::Error(CarrierError::NotUnderstood(
                    "17TRACK neither accepted nor rejected the number".into(),
                )),
            },
            Phase::Track | Phase::Token => match (accepted, rejected) {
                (Some(item), _) => report(lookup.number, item).into(),
                (None, Some(NOT_REGISTERED)) => Outcome::Next(Phase::Register),
                (None, Some(code)) => Outcome::Error(error_of(code)),
                (None, None) => Outcome::Error(CarrierError::NotUnderstood(
                    "17TRACK neither accepted nor rejected the number".into(),
                )),
            },
        }
    }

    /// Registering a number subscribes it to the account's webhook; one that stopped
    /// (`TRACKING_STOPPED`: 30 days without change) is restarted with `retrack`.
    fn subscribe(
        &self,
        lookup: &Lookup<'_>,
        _callback: &str,
        renew: bool,
    ) -> Result<HttpRequest, CarrierError> {
        call(if renew { "retrack" } else { "register" }, lookup)
    }

    fn subscribed(
        &self,
        lookup: &Lookup<'_>,
        response: &HttpResponse,
    ) -> Result<Subscribed, CarrierError> {
        registration_subscribed(self.handle(Phase::Register, lookup, response))
    }

    /// `stoptrack`: no more pushes (nor quota) for a finished parcel.
    fn unsubscribe(&self, lookup: &Lookup<'_>) -> Option<Result<HttpRequest, CarrierError>> {
        Some(call("stoptrack", lookup))
    }

    fn push(&self, push: &Push, settings: &Settings) -> Result<Vec<Pushed>, PushError> {
        // Verify before reading anything: sign = sha256(body + "/" + key), lower-case hex.
        let key = settings.secret(KEY).map_err(|_| PushError::BadSignature)?;
        let mut hasher = Sha256::new();
        hasher.update(push.body.as_bytes());
        hasher.update(b"/");
        hasher.update(key.as_bytes());
        if !hex_signature_matches(&hasher.finalize(), push.header("sign")) {
            return Err(PushError::BadSignature);
        }
        let body: PushBody =
            serde_json::from_str(&push.body).map_err(|e| PushError::Malformed(e.to_string()))?;
        match body.event.as_deref() {
            // New tracking information, or tracking stopped (that one may come without any).
            Some("TRACKING_UPDATED" | "TRACKING_STOPPED") => {}
            // An event Trackline does not know yet: nothing to change.
            Some(_) => return Ok(Vec::new()),
            None => return Err(PushError::Malformed("no event".into())),
        }
        let data = body
            .data
            .ok_or_else(|| PushError::Malformed("no data".into()))?;
        let number = aggregated::push_number(data.number.as_deref().unwrap_or_default())?;
        let carrier_hint = data
            .carrier
            .as_deref()
            .and_then(|id| id.parse().ok())
            .and_then(known_carrier)
            .map(|k| k.id.code.to_owned());
        let stopped = body.event.as_deref() == Some("TRACKING_STOPPED");
        if data.track_info.is_none() {
            // A stop without tracking: the subscription ended, nothing else changed.
            return Ok(if stopped {
                vec![Pushed {
                    number: number.clone(),
                    carrier_hint: carrier_hint.clone(),
                    report: CarrierReport::empty(carrier_for(carrier_hint.as_deref())),
                    stopped,
                }]
            } else {
                Vec::new()
            });
        }
        match report(&number, data) {
            Ok(report) => Ok(vec![Pushed {
                number,
                carrier_hint,
                stopped,
                report,
            }]),
            // Registered but nothing known yet: nothing to change.
            Err(CarrierError::NotFound) => Ok(Vec::new()),
            Err(e) => Err(PushError::Malformed(e.to_string())),
        }
    }
}

// --- Request body. ---

#[derive(Serialize)]
struct Item<'a> {
    number: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    carrier: Option<u32>,
}

// --- Response types: only the fields Trackline uses. ---

#[derive(Deserialize)]
struct Envelope {
    #[serde(default)]
    code: i64,
    data: Option<Data>,
}

impl Envelope {
    /// The first error code of a request-level error.
    fn error_code(&self) -> Option<i64> {
        self.data
            .as_ref()
            .and_then(|d| d.errors.first())
            .map(|e| e.code)
            .or((self.code != 0).then_some(self.code))
    }
}

#[derive(Deserialize, Default)]
struct Data {
    #[serde(default)]
    accepted: Vec<Accepted>,
    #[serde(default)]
    rejected: Vec<Rejected>,
    #[serde(default)]
    errors: Vec<ApiError>,
}

#[derive(Deserialize)]
struct Rejected {
    #[serde(default, deserialize_with = "lenient_text")]
    number: Option<String>,
    error: Option<ApiError>,
}

#[derive(Deserialize)]
struct ApiError {
    code: i64,
}

/// An accepted number (also the `data` of a push).
#[derive(Deserialize)]
struct Accepted {
    #[serde(default, deserialize_with = "lenient_text")]
    number: Option<String>,
    /// 17TRACK's carrier id.
    #[serde(default, deserialize_with = "lenient_text")]
    carrier: Option<String>,
    track_info: Option<TrackInfo>,
}

#[derive(Deserialize)]
struct TrackInfo {
    shipping_info: Option<ShippingInfo>,
    time_metrics: Option<TimeMetrics>,
    tracking: Option<Tracking>,
}

#[derive(Deserialize)]
struct ShippingInfo {
    shipper_address: Option<Address>,
    recipient_address: Option<Address>,
}

#[derive(Deserialize)]
struct Address {
    country: Option<String>,
    state: Option<String>,
    city: Option<String>,
    postal_code: Option<String>,
    coordinates: Option<Coordinates>,
}

#[derive(Deserialize)]
struct Coordinates {
    #[serde(default, deserialize_with = "lenient_f64")]
    longitude: Option<f64>,
    #[serde(default, deserialize_with = "lenient_f64")]
    latitude: Option<f64>,
}

#[derive(Deserialize)]
struct TimeMetrics {
    estimated_delivery_date: Option<Window>,
}

#[derive(Deserialize)]
struct Window {
    /// `Official` when the carrier announced it; otherwise 17TRACK's own estimate.
    source: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

#[derive(Deserialize)]
struct Tracking {
    #[serde(default)]
    providers: Vec<Provider>,
}

#[derive(Deserialize)]
struct Provider {
    provider: Option<ProviderInfo>,
    #[serde(default)]
    events: Vec<SeventeenEvent>,
}

#[derive(Deserialize)]
struct ProviderInfo {
    #[serde(default, deserialize_with = "lenient_text")]
    key: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize)]
struct SeventeenEvent {
    time_iso: Option<String>,
    time_utc: Option<String>,
    description: Option<String>,
    location: Option<String>,
    stage: Option<String>,
    sub_status: Option<String>,
    address: Option<Address>,
}

#[derive(Deserialize)]
struct PushBody {
    event: Option<String>,
    data: Option<Accepted>,
}

// --- Error codes. ---

/// The number is registered already (an answer to Register that means: go on and track).
const ALREADY_REGISTERED: i64 = -18019901;
/// The number is not registered: register it first.
const NOT_REGISTERED: i64 = -18019902;
/// A retrack of a number that is still tracked: nothing to restart.
const RETRACK_NOT_STOPPED: i64 = -18019904;

/// 17TRACK's documented error codes (request level and per number).
fn error_of(code: i64) -> CarrierError {
    let why = |what: &str| format!("17TRACK error {code}: {what}");
    match code {
        // IP address not in the key's whitelist.
        -18010001 => CarrierError::BadCredentials(why("this IP is not whitelisted")),
        // The access key is invalid.
        -18010002 => CarrierError::BadCredentials(why("invalid access key")),
        // Internal service error, retry later.
        -18010003 => CarrierError::Down(why("internal service error")),
        // The account is disabled.
        -18010004 => CarrierError::BadCredentials(why("account disabled")),
        // Unauthorized access.
        -18010005 => CarrierError::BadCredentials(why("unauthorized access")),
        // Missing, invalid or badly formatted request data; more numbers than one request
        // takes; postal code, phone or other extra data the carrier needs.
        -18010010 | -18010011 | -18010012 | -18010013 | -18010014 | -18010015 | -18010016
        | -18010018 | -18010019 | -18010020 | -18010022 => {
            CarrierError::NotUnderstood(why("the request was refused"))
        }
        // Webhook configuration errors (URL missing, invalid, test failed, push failed).
        -18010206..=-18010201 => CarrierError::NotUnderstood(why("webhook configuration")),
        // Carrier change requests (not used by Trackline).
        -18019811..=-18019801 => CarrierError::NotUnderstood(why("carrier change refused")),
        // Realtime interface: the carrier timed out or failed.
        -18019816..=-18019815 => CarrierError::Down(why("the carrier did not answer")),
        // Realtime interface: charge not processed, carrier not supported.
        -18019818..=-18019817 => CarrierError::NotUnderstood(why("realtime query refused")),
        // Already registered (handled by the Register step); not registered (handled by
        // the Track step): anywhere else they mean the exchange went wrong.
        ALREADY_REGISTERED | NOT_REGISTERED => {
            CarrierError::NotUnderstood(why("unexpected registration state"))
        }
        // The carrier cannot be detected: 17TRACK has nothing for this number.
        -18019903 => CarrierError::NotFound,
        // Retrack refused (a number may be retracked once), stop refused (not tracked): the
        // shipment keeps its poll.
        -18019906..=-18019904 => CarrierError::NotUnderstood(why("retrack or stop refused")),
        // The daily request limit is reached.
        -18019907 => CarrierError::RateLimited {
            retry_after_secs: None,
        },
        // The quota is used up: the account needs more before anything new is tracked.
        -18019908 => CarrierError::BadCredentials(why("the tracking quota is used up")),
        // No tracking information at this time.
        -18019909 => CarrierError::NotFound,
        // The carrier code is not correct.
        -18019910 => CarrierError::NotUnderstood(why("wrong carrier code")),
        // The carrier cannot be registered for tracking.
        -18019911 => CarrierError::NotFound,
        // Not authorized for the realtime interface.
        -18019912 => CarrierError::BadCredentials(why("realtime interface not enabled")),
        _ => CarrierError::NotUnderstood(why("undocumented code")),
    }
}

// --- Status table. ---

/// 17TRACK's statuses: the 9 main statuses, the 30 sub-statuses (`latest_status.sub_status`
/// and each event's `sub_status`) and the event stages (`stage`), which share one namespace.
fn status_of(code: &str) -> Option<(Status, Option<Substatus>)> {
    use Status as S;
    use Substatus as Sub;
    Some(match code {
        // Main status: no information yet.
        "NotFound" => (S::Pending, None),
        // No information yet, for no known reason.
        "NotFound_Other" => (S::Pending, None),
        // The number is not valid for the carrier.
        "NotFound_InvalidCode" => (S::Pending, None),
        // Main status and sub-status: the carrier got the shipment's data.
        "InfoReceived" => (S::InfoReceived, None),
        // Main status: moving.
        "InTransit" => (S::InTransit, None),
        // Picked up from the shipper.
        "InTransit_PickedUp" => (S::InTransit, Some(Sub::PickedUp)),
        // Moving, nothing more specific.
        "InTransit_Other" => (S::InTransit, None),
        // Left the origin country's port.
        "InTransit_Departure" => (S::InTransit, Some(Sub::Departed)),
        // Reached the destination country's port.
        "InTransit_Arrival" => (S::InTransit, Some(Sub::Arrived)),
        // Under customs clearance.
        "InTransit_CustomsProcessing" => (S::InTransit, Some(Sub::CustomsProcessing)),
        // Import or export clearance done.
        "InTransit_CustomsReleased" => (S::InTransit, Some(Sub::CustomsCleared)),
        // Customs needs information before clearing it.
        "InTransit_CustomsRequiringInformation" => (S::InTransit, Some(Sub::CustomsHeld)),
        // Main status and sub-status: tracked too long without an end.
        "Expired" | "Expired_Other" => (S::Expired, None),
        // Main status and sub-status: waiting at a pickup point.
        "AvailableForPickup" | "AvailableForPickup_Other" => {
            (S::AvailableForPickup, Some(Sub::PickupReady))
        }
        // Main status and sub-status: out for delivery.
        "OutForDelivery" | "OutForDelivery_Other" => (S::OutForDelivery, None),
        // Main status and sub-status: delivery failed, no more detail.
        "DeliveryFailure" | "DeliveryFailure_Other" => (S::FailedAttempt, None),
        // Delivery failed: the recipient could not be reached.
        "DeliveryFailure_NoBody" => (S::FailedAttempt, Some(Sub::RecipientUnavailable)),
        // Delivery failed over security, clearance or fees (a payment may be due).
        "DeliveryFailure_Security" => (S::FailedAttempt, Some(Sub::CustomsHeld)),
        // Delivery failed: the recipient refused it.
        "DeliveryFailure_Rejected" => (S::FailedAttempt, Some(Sub::Refused)),
        // Delivery failed: wrong address.
        "DeliveryFailure_InvalidAddress" => (S::FailedAttempt, Some(Sub::AddressProblem)),
        // Main status and sub-status: delivered.
        "Delivered" | "Delivered_Other" => (S::Delivered, None),
        // Main status and sub-status: something went wrong, no more detail.
        "Exception" | "Exception_Other" => (S::Exception, None),
        // On the way back to the sender.
        "Exception_Returning" => (S::Exception, Some(Sub::ReturningToSender)),
        // Back with the sender.
        "Exception_Returned" => (S::Exception, Some(Sub::ReturnedToSender)),
        // The recipient's details are wrong, found before delivery.
        "Exception_NoBody" => (S::Exception, Some(Sub::RecipientUnavailable)),
        // Security, clearance or fee problem before delivery.
        "Exception_Security" => (S::Exception, Some(Sub::CustomsHeld)),
        // Damaged.
        "Exception_Damage" => (S::Exception, Some(Sub::Damaged)),
        // Refused by the recipient.
        "Exception_Rejected" => (S::Exception, Some(Sub::Refused)),
        // Delayed; the parcel still moves.
        "Exception_Delayed" => (S::InTransit, Some(Sub::DelayedOther)),
        // Lost.
        "Exception_Lost" => (S::Exception, Some(Sub::Lost)),
        // Destroyed: it will never arrive, like a lost parcel.
        "Exception_Destroyed" => (S::Exception, Some(Sub::Lost)),
        // Cancelled by the shipper.
        "Exception_Cancel" => (S::Exception, Some(Sub::Cancelled)),
        // Event stage: picked up.
        "PickedUp" => (S::InTransit, Some(Sub::PickedUp)),
        // Event stage: departed.
        "Departure" => (S::InTransit, Some(Sub::Departed)),
        // Event stage: arrived.
        "Arrival" => (S::InTransit, Some(Sub::Arrived)),
        // Event stage: being returned.
        "Returning" => (S::Exception, Some(Sub::ReturningToSender)),
        // Event stage: returned.
        "Returned" => (S::Exception, Some(Sub::ReturnedToSender)),
        _ => return None,
    })
}

// --- Carriers. ---

/// 17TRACK's ids of the carriers Trackline names (17TRACK's carrier list); other carriers go
/// without an id and 17TRACK detects them.
static CARRIER_IDS: &[(u32, &str)] = &[
    (100001, "dhl"),
    (100002, "ups"),
    (100003, "fedex"),
    (21051, "usps"),
    (3011, "china_post"),
    (3013, "china_ems"),
    (190271, "cainiao"),
];

fn carrier_id(code: &str) -> Option<u32> {
    CARRIER_IDS
        .iter()
        .find(|(_, c)| *c == code)
        .map(|(id, _)| *id)
}

fn known_carrier(id: u32) -> Option<&'static known::Carrier> {
    CARRIER_IDS
        .iter()
        .find(|(i, _)| *i == id)
        .and_then(|(_, code)| known::lookup(code))
}

/// 17TRACK's public page for `number`.
fn page(number: &str) -> String {
    format!("https://t.17track.net/en#nums={number}")
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

fn report(number: &str, item: Accepted) -> Result<CarrierReport, CarrierError> {
    let info = item.track_info.ok_or(CarrierError::NotFound)?;
    let providers = info.tracking.map(|t| t.providers).unwrap_or_default();
    let events: Vec<Event> = providers
        .iter()
        .flat_map(|p| p.events.iter())
        .filter_map(event)
        .collect();
    if events.is_empty() {
        // Registered, but 17TRACK has nothing from the carrier yet.
        return Err(CarrierError::NotFound);
    }
    let id: Option<u32> = item.carrier.as_deref().and_then(|c| c.parse().ok());
    let provider_name = providers
        .iter()
        .filter_map(|p| p.provider.as_ref())
        .find(|p| id.is_some() && p.key.as_deref().and_then(|k| k.parse().ok()) == id)
        .or_else(|| providers.iter().find_map(|p| p.provider.as_ref()))
        .and_then(|p| non_empty(p.name.as_deref()));
    let carrier = match (id.and_then(known_carrier), provider_name) {
        (Some(carrier), _) => carrier.model(number, Some(page(number))),
        (None, Some(name)) => Carrier {
            code: INFO.code.to_owned(),
            name,
            tracking_url: Some(page(number)),
        },
        (None, None) => Carrier {
            code: INFO.code.to_owned(),
            name: INFO.name.to_owned(),
            tracking_url: Some(page(number)),
        },
    };
    let shipping = info.shipping_info;
    Ok(CarrierReport {
        carrier,
        events,
        origin: shipping
            .as_ref()
            .and_then(|s| s.shipper_address.as_ref())
            .and_then(|a| location(a, None)),
        destination: shipping
            .as_ref()
            .and_then(|s| s.recipient_address.as_ref())
            .and_then(|a| location(a, None)),
        eta: info
            .time_metrics
            .and_then(|m| m.estimated_delivery_date)
            .and_then(|w| eta(&w)),
    })
}

fn event(e: &SeventeenEvent) -> Option<Event> {
    let at = time_of(e)?;
    let carrier_text = non_empty(e.description.as_deref()).unwrap_or_default();
    let coded = e
        .sub_status
        .as_deref()
        .and_then(status_of)
        .or_else(|| e.stage.as_deref().and_then(status_of));
    let (status, substatus) = aggregated::refine(coded, &carrier_text);
    Some(Event {
        at,
        status,
        substatus,
        text: String::new(),
        carrier_text,
        location: e
            .address
            .as_ref()
            .and_then(|a| location(a, e.location.as_deref()))
            .or_else(|| {
                non_empty(e.location.as_deref()).map(|city| Location {
                    city: Some(city),
                    ..Location::default()
                })
            }),
    })
}

/// `time_iso` carries the scan's own offset; without one, `time_utc` is the instant.
fn time_of(e: &SeventeenEvent) -> Option<DateTime<FixedOffset>> {
    let iso = e.time_iso.as_deref().map(str::trim);
    iso.and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .or_else(|| e.time_utc.as_deref().and_then(|t| parse(t, utc())))
        .or_else(|| iso.and_then(|t| parse(t, utc())))
}

fn location(a: &Address, fallback_city: Option<&str>) -> Option<Location> {
    let (lat, lon) = match &a.coordinates {
        Some(c) => checked_coordinates(c.latitude, c.longitude),
        None => (None, None),
    };
    let place = Location {
        city: non_empty(a.city.as_deref()).or_else(|| non_empty(fallback_city)),
        region: non_empty(a.state.as_deref()),
        postal_code: non_empty(a.postal_code.as_deref()),
        country: non_empty(a.country.as_deref()).map(|c| c.to_ascii_uppercase()),
        lat,
        lon,
    };
    (place != Location::default()).then_some(place)
}

fn eta(w: &Window) -> Option<Eta> {
    let span = |s: &Option<String>| s.as_deref().and_then(|s| aggregated::span(s, utc()));
    let (earliest, latest) = match (span(&w.from), span(&w.to)) {
        (Some((from, _)), Some((_, to))) => (from, to),
        (Some(day), None) | (None, Some(day)) => day,
        (None, None) => return None,
    };
    let official = w
        .source
        .as_deref()
        .is_none_or(|s| s.eq_ignore_ascii_case("official"));
    Some(Eta {
        earliest,
        latest: latest.max(earliest),
        confidence: if official { 0.8 } else { 0.6 },
        source: if official {
            EtaSource::Carrier
        } else {
            EtaSource::Predicted
        },
        explanation: String::new(),
    })
}

#[cfg(test)]
mod tests;
