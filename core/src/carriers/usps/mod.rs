//! USPS Tracking v3 (`GET /tracking/v3/tracking/{number}?expand=DETAIL`) behind OAuth2 client
//! credentials (`POST /oauth2/v3/token`, JSON body). Event times are local wall times (written
//! with or without a misleading `Z`); `GMTOffset`, or the gap to `GMTTimestamp`, gives their real
//! offset.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use serde::Deserialize;
use serde_json::json;

use super::meaning::{resolve, Meaning};
use super::oauth::{self, list, text, Text};
use super::time::{self, parse, utc};
use super::{
    parse_json, CarrierError, Connector, ConnectorInfo, HttpRequest, HttpResponse, Kind, Lookup,
    Outcome, Phase, Pushes, Secret,
};
use crate::model::{Carrier, Eta, EtaSource, Event, Location, Status, Substatus};
use crate::tracking::CarrierReport;

/// The USPS connector.
pub struct Usps;

static INFO: ConnectorInfo = ConnectorInfo {
    code: "usps",
    name: "USPS",
    base_url_var: "USPS_BASE_URL",
    default_base_url: "https://apis.usps.com",
    secrets: &[
        Secret {
            name: "USPS_CLIENT_ID",
            from: "developers.usps.com: Apps, add an app with the Tracking API (needs a USPS business account); its Consumer Key",
        },
        Secret {
            name: "USPS_CLIENT_SECRET",
            from: "developers.usps.com: the same app's Consumer Secret",
        },
    ],
    min_query_interval_secs: 0,
    kind: Kind::Carrier,
    pushes: Pushes::Never,
};

impl Connector for Usps {
    fn info(&self) -> &'static ConnectorInfo {
        &INFO
    }

    fn first_phase(&self, lookup: &Lookup<'_>) -> Phase {
        oauth::first_phase(lookup)
    }

    fn request(&self, phase: Phase, lookup: &Lookup<'_>) -> Result<HttpRequest, CarrierError> {
        let base = &lookup.settings.base_url;
        match phase {
            Phase::Token => {
                let id = lookup.settings.secret("USPS_CLIENT_ID")?;
                let secret = lookup.settings.secret("USPS_CLIENT_SECRET")?;
                let body = json!({
                    "grant_type": "client_credentials",
                    "client_id": id,
                    "client_secret": secret,
                });
                Ok(HttpRequest::post(
                    format!("{base}/oauth2/v3/token"),
                    "application/json",
                    body.to_string(),
                )
                .with_header("Accept", "application/json"))
            }
            Phase::Track => {
                let token = oauth::bearer(lookup)?;
                let url = format!(
                    "{base}/tracking/v3/tracking/{}?expand=DETAIL",
                    oauth::encode(lookup.number)
                );
                Ok(HttpRequest::get(url)
                    .with_header("Authorization", &format!("Bearer {token}"))
                    .with_header("Accept", "application/json"))
            }
            Phase::Register => Err(CarrierError::NotUnderstood(
                "USPS has no register step".to_owned(),
            )),
        }
    }

    fn handle(&self, phase: Phase, lookup: &Lookup<'_>, response: &HttpResponse) -> Outcome {
        match phase {
            Phase::Token => oauth::token_outcome(lookup, response),
            Phase::Track => match response.status {
                200 => parse_json::<Response>(&response.body)
                    .and_then(|r| report(lookup.number, r))
                    .into(),
                // USPS answers 400 to a number it cannot read; for the buyer it has none.
                400 if says_not_found(&response.body) => Outcome::Error(CarrierError::NotFound),
                _ => oauth::track_error(lookup, response),
            },
            Phase::Register => Outcome::Error(CarrierError::NotUnderstood(
                "USPS has no register step".to_owned(),
            )),
        }
    }
}

/// True when a USPS error body is about the tracking number (not found, invalid).
fn says_not_found(body: &str) -> bool {
    oauth::error_words(body).is_some_and(|w| {
        let w = w.to_lowercase();
        w.contains("tracking number") || w.contains("not found") || w.contains("could not locate")
    })
}

// --- Response types: only the fields Trackline uses. ---

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Response {
    status: Option<Text>,
    status_category: Option<Text>,
    #[serde(default, deserialize_with = "list")]
    tracking_events: Vec<UspsEvent>,
    origin_city: Option<Text>,
    origin_state: Option<Text>,
    #[serde(rename = "originZIP")]
    origin_zip: Option<Text>,
    origin_country: Option<Text>,
    destination_city: Option<Text>,
    destination_state: Option<Text>,
    #[serde(rename = "destinationZIP")]
    destination_zip: Option<Text>,
    destination_country_code: Option<Text>,
    expected_delivery_time_stamp: Option<Text>,
    guaranteed_delivery_time_stamp: Option<Text>,
    predicted_delivery_date: Option<Text>,
    predicted_delivery_window_start_time: Option<Text>,
    predicted_delivery_window_end_time: Option<Text>,
    error: Option<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UspsEvent {
    event_type: Option<Text>,
    event_timestamp: Option<Text>,
    #[serde(rename = "GMTTimestamp")]
    gmt_timestamp: Option<Text>,
    #[serde(rename = "GMTOffset")]
    gmt_offset: Option<Text>,
    event_city: Option<Text>,
    event_state: Option<Text>,
    #[serde(rename = "eventZIP")]
    event_zip: Option<Text>,
    event_country: Option<Text>,
    event_code: Option<Text>,
}

// --- Status table. ---

/// USPS event codes (`eventCode`): the domestic scan events of Publication 199, Appendix G-4,
/// and the UPU event codes international items carry (Appendix G-5).
fn status_of(code: &str) -> Option<Meaning> {
    use Meaning::{Coarse, Exact};
    use Status as S;
    use Substatus as Sub;
    Some(match code {
        // Pre-shipment info sent to USPS (manifest acknowledgement).
        "MA" => Exact(S::InfoReceived, None),
        // Shipping label created, USPS awaiting item.
        "GX" => Exact(S::InfoReceived, None),
        // Merchant order receipt notification, USPS awaiting item.
        "89" => Exact(S::InfoReceived, None),
        // Return receipt associated: paperwork, not the item.
        "GC" => Exact(S::InfoReceived, None),
        // Accept or pickup: USPS in possession of the item.
        "03" => Exact(S::InTransit, Some(Sub::PickedUp)),
        // Origin acceptance.
        "OA" => Exact(S::InTransit, Some(Sub::PickedUp)),
        // Passive acceptance ("Shipment Acceptance").
        "PA" => Exact(S::InTransit, Some(Sub::PickedUp)),
        // Shipment received, package acceptance pending (truck manifest).
        "TM" => Exact(S::InTransit, Some(Sub::PickedUp)),
        // Tendered to the Postal Service by a shipping partner.
        "83" => Exact(S::InTransit, Some(Sub::PickedUp)),
        // Acceptance at destination (drop-shipped to the destination facility).
        "AD" => Exact(S::InTransit, Some(Sub::PickedUp)),
        // Accepted at USPS facility.
        "UA" => Exact(S::InTransit, Some(Sub::PickedUp)),
        // Picked up by shipping partner.
        "80" => Exact(S::InTransit, Some(Sub::HandedOver)),
        // Arrived at shipping partner facility.
        "81" => Exact(S::InTransit, Some(Sub::Arrived)),
        // Departed shipping partner facility.
        "82" => Exact(S::InTransit, Some(Sub::Departed)),
        // USPS handoff to shipping partner (the partner delivers).
        "42" => Exact(S::InTransit, Some(Sub::HandedOver)),
        // Processed through a facility; the words say arrived or departed.
        "10" => Exact(S::InTransit, None),
        // Arrived at USPS regional facility.
        "A1" => Exact(S::InTransit, Some(Sub::Arrived)),
        // Departed USPS regional facility.
        "T1" => Exact(S::InTransit, Some(Sub::Departed)),
        // In transit to next facility.
        "TL" => Exact(S::InTransit, None),
        // Departed post office.
        "SF" => Exact(S::InTransit, Some(Sub::Departed)),
        // Departed sort facility.
        "EF" => Exact(S::InTransit, Some(Sub::Departed)),
        // Sorting / processing complete.
        "PC" => Exact(S::InTransit, None),
        // Arrival at unit: arrived at the delivering post office.
        "07" => Exact(S::InTransit, Some(Sub::Arrived)),
        // DC eVS arrive.
        "19" => Exact(S::InTransit, Some(Sub::Arrived)),
        // Received at opening unit.
        "41" => Exact(S::InTransit, Some(Sub::Arrived)),
        // Forwarded to a new address.
        "06" => Exact(S::InTransit, None),
        // Missent.
        "08" => Exact(S::InTransit, Some(Sub::DelayedOther)),
        // Mis-shipped.
        "15" => Exact(S::InTransit, Some(Sub::DelayedOther)),
        // Rescheduled to next delivery day.
        "71" => Exact(S::InTransit, Some(Sub::DelayedOther)),
        // Delivery status not updated.
        "DX" => Exact(S::InTransit, Some(Sub::DelayedOther)),
        // Out for delivery.
        "OF" => Exact(S::OutForDelivery, None),
        // Delivered; where (mailbox, front door, parcel locker, individual) from the words,
        // which also tell a delivery back to the original sender.
        "01" => Coarse(S::Delivered, None),
        // Picked up by agent.
        "17" => Exact(S::Delivered, Some(Sub::CollectedFromPickup)),
        // Picked up at the post office.
        "43" => Exact(S::Delivered, Some(Sub::CollectedFromPickup)),
        // Arrival at pickup point.
        "14" => Exact(S::AvailableForPickup, Some(Sub::PickupReady)),
        // Available for pickup.
        "16" => Exact(S::AvailableForPickup, Some(Sub::PickupReady)),
        // Notice left (attempted); the words give the reason.
        "02" | "52" => Exact(S::FailedAttempt, None),
        // Notice left: receptacle blocked.
        "53" => Exact(S::FailedAttempt, None),
        // Notice left: receptacle full / item oversized.
        "54" => Exact(S::FailedAttempt, None),
        // Notice left: no secure location available.
        "55" => Exact(S::FailedAttempt, Some(Sub::RecipientUnavailable)),
        // Notice left: no authorized recipient available.
        "56" => Exact(S::FailedAttempt, Some(Sub::RecipientUnavailable)),
        // Business closed.
        "51" => Exact(S::FailedAttempt, Some(Sub::RecipientUnavailable)),
        // Delivery attempted: no access to delivery location.
        "30" => Exact(S::FailedAttempt, None),
        // Refused.
        "04" => Exact(S::Exception, Some(Sub::Refused)),
        // Undeliverable as addressed (goes back to the sender).
        "05" => Exact(S::Exception, Some(Sub::AddressProblem)),
        // Return to sender.
        "09" => Exact(S::Exception, Some(Sub::ReturningToSender)),
        // Return to sender: no such number.
        "21" => Exact(S::Exception, Some(Sub::AddressProblem)),
        // Return to sender: insufficient address.
        "22" => Exact(S::Exception, Some(Sub::AddressProblem)),
        // Return to sender: moved, left no address.
        "23" => Exact(S::Exception, Some(Sub::ReturningToSender)),
        // Return to sender: forward expired.
        "24" => Exact(S::Exception, Some(Sub::ReturningToSender)),
        // Return to sender: addressee unknown.
        "25" => Exact(S::Exception, Some(Sub::AddressProblem)),
        // Return to sender: vacant.
        "26" => Exact(S::Exception, Some(Sub::AddressProblem)),
        // Return to sender: unclaimed.
        "27" => Exact(S::Exception, Some(Sub::ReturningToSender)),
        // Return to sender: deceased.
        "28" => Exact(S::Exception, Some(Sub::ReturningToSender)),
        // Return to sender: other reason.
        "29" => Exact(S::Exception, Some(Sub::ReturningToSender)),
        // Return to sender: not picked up.
        "31" => Exact(S::Exception, Some(Sub::ReturningToSender)),
        // Dead letter: neither deliverable nor returnable.
        "11" => Exact(S::Exception, Some(Sub::Lost)),
        // Customer recall: the sender took the item back.
        "44" => Exact(S::Exception, Some(Sub::Cancelled)),
        // International (UPU): posting / collection.
        "EMA" => Exact(S::InTransit, Some(Sub::PickedUp)),
        // Arrival at outward office of exchange.
        "EMB" => Exact(S::InTransit, Some(Sub::Arrived)),
        // Departure from outward office of exchange.
        "EMC" => Exact(S::InTransit, Some(Sub::Departed)),
        // Arrival at inward office of exchange.
        "EMD" => Exact(S::InTransit, Some(Sub::Arrived)),
        // Handed over to customs.
        "EME" => Exact(S::InTransit, Some(Sub::CustomsProcessing)),
        // Departure from inward office of exchange.
        "EMF" => Exact(S::InTransit, Some(Sub::Departed)),
        // Arrival at delivery office.
        "EMG" => Exact(S::InTransit, Some(Sub::Arrived)),
        // Attempted / unsuccessful delivery.
        "EMH" => Exact(S::FailedAttempt, None),
        // Final delivery.
        "EMI" => Exact(S::Delivered, None),
        // Arrival at transit office of exchange.
        "EMJ" => Exact(S::InTransit, Some(Sub::Arrived)),
        // Departure from transit office of exchange.
        "EMK" => Exact(S::InTransit, Some(Sub::Departed)),
        // Held at inward office of exchange.
        "EDA" => Exact(S::InTransit, None),
        // Presented to import customs.
        "EDB" => Exact(S::InTransit, Some(Sub::CustomsProcessing)),
        // Returned from customs.
        "EDC" => Exact(S::InTransit, Some(Sub::CustomsCleared)),
        // Into sorting centre.
        "EDD" => Exact(S::InTransit, Some(Sub::Arrived)),
        // Out of sorting centre.
        "EDE" => Exact(S::InTransit, Some(Sub::Departed)),
        // Held at delivery depot / office.
        "EDF" => Exact(S::InTransit, None),
        // Out for physical delivery.
        "EDG" => Exact(S::OutForDelivery, None),
        // Arrival at collection point for pick-up.
        "EDH" => Exact(S::AvailableForPickup, Some(Sub::PickupReady)),
        // Presented to export customs.
        "EXA" => Exact(S::InTransit, Some(Sub::CustomsProcessing)),
        // Held by export customs.
        "EXB" => Exact(S::Exception, Some(Sub::CustomsHeld)),
        // Returned from export customs.
        "EXC" => Exact(S::InTransit, Some(Sub::CustomsCleared)),
        // Held at outward office of exchange.
        "EXD" => Exact(S::InTransit, None),
        // Export cancelled.
        "EXX" => Exact(S::Exception, Some(Sub::Cancelled)),
        _ => return None,
    })
}

/// The item's `statusCategory`, for its newest event when that event's code is unknown.
fn category_of(category: &str) -> Option<Meaning> {
    use Meaning::Coarse;
    use Status as S;
    use Substatus as Sub;
    let category = category.to_lowercase().replace('-', " ");
    Some(match category.trim() {
        "pre shipment" => Coarse(S::InfoReceived, None),
        "accepted" => Coarse(S::InTransit, Some(Sub::PickedUp)),
        "in transit" | "moving through network" => Coarse(S::InTransit, None),
        "out for delivery" => Coarse(S::OutForDelivery, None),
        "delivered" | "delivered to agent" => Coarse(S::Delivered, None),
        "delivery attempt" => Coarse(S::FailedAttempt, None),
        "available for pickup" => Coarse(S::AvailableForPickup, Some(Sub::PickupReady)),
        "alert" => Coarse(S::Exception, None),
        "return to sender" => Coarse(S::Exception, Some(Sub::ReturningToSender)),
        _ => return None,
    })
}

// --- Mapping. ---

fn report(number: &str, r: Response) -> Result<CarrierReport, CarrierError> {
    if r.tracking_events.is_empty() && text(&r.status).is_none() {
        return Err(match &r.error {
            Some(error) if !says_not_found(&error.to_string()) => CarrierError::NotUnderstood(
                oauth::error_words(&error.to_string()).unwrap_or_else(|| "an error".to_owned()),
            ),
            _ => CarrierError::NotFound,
        });
    }
    let timed: Vec<(DateTime<FixedOffset>, &UspsEvent)> = r
        .tracking_events
        .iter()
        .filter_map(|e| Some((event_time(e)?, e)))
        .collect();
    let newest = timed.iter().map(|(at, _)| *at).max();
    let category = text(&r.status_category).and_then(category_of);
    let events: Vec<Event> = timed
        .iter()
        .map(|(at, e)| {
            let fallback = category.filter(|_| Some(*at) == newest);
            event(*at, e, fallback)
        })
        .collect();
    let offset = newest.map(|n| *n.offset()).unwrap_or_else(utc);
    let delivered = events.iter().any(|e| e.status == Status::Delivered);
    Ok(CarrierReport {
        carrier: Carrier {
            code: INFO.code.to_owned(),
            name: INFO.name.to_owned(),
            tracking_url: super::known::USPS.page(number),
        },
        events,
        origin: location(
            &r.origin_city,
            &r.origin_state,
            &r.origin_zip,
            &r.origin_country,
        ),
        destination: location(
            &r.destination_city,
            &r.destination_state,
            &r.destination_zip,
            &r.destination_country_code,
        ),
        eta: if delivered { None } else { eta(&r, offset) },
    })
}

fn event(at: DateTime<FixedOffset>, e: &UspsEvent, fallback: Option<Meaning>) -> Event {
    let carrier_text = text(&e.event_type).unwrap_or_default().to_owned();
    let meaning = text(&e.event_code)
        .map(str::to_ascii_uppercase)
        .and_then(|c| status_of(&c))
        .or(fallback);
    let (status, substatus) = resolve(meaning, &carrier_text);
    Event {
        at,
        status,
        substatus,
        text: String::new(),
        carrier_text,
        location: location(
            &e.event_city,
            &e.event_state,
            &e.event_zip,
            &e.event_country,
        ),
    }
}

/// When the event happened. `eventTimestamp` is the local wall time (USPS writes some with a
/// `Z` that is not UTC); its offset is `GMTOffset`, else the gap to `GMTTimestamp`, else UTC.
/// A timestamp with a real numeric offset is taken as it is.
fn event_time(e: &UspsEvent) -> Option<DateTime<FixedOffset>> {
    let stamp = text(&e.event_timestamp)?;
    let Some(local) = wall_time(stamp) else {
        return parse(stamp, utc());
    };
    let offset = text(&e.gmt_offset)
        .and_then(time::offset)
        .or_else(|| time::offset_between(local, wall_time(text(&e.gmt_timestamp)?)?))
        .unwrap_or_else(utc);
    time::at(local, offset)
}

/// A timestamp's wall time when it has no offset, or only a `Z`.
fn wall_time(stamp: &str) -> Option<NaiveDateTime> {
    let stamp = stamp.trim().trim_end_matches(['Z', 'z']);
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(stamp, f).ok())
}

fn location(
    city: &Option<Text>,
    state: &Option<Text>,
    zip: &Option<Text>,
    country: &Option<Text>,
) -> Option<Location> {
    let region = text(state).map(str::to_owned);
    // USPS leaves the country empty for US scans; a state says it is one.
    let country = text(country)
        .filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase)
        .or_else(|| (region.is_some() && text(country).is_none()).then(|| "US".to_owned()));
    let location = Location {
        city: text(city).map(str::to_owned),
        region,
        postal_code: text(zip).map(str::to_owned),
        country,
        lat: None,
        lon: None,
    };
    (location != Location::default()).then_some(location)
}

/// USPS's estimate: the predicted delivery window, else the expected (or guaranteed) delivery
/// time, read as "by then that day", else the predicted day. USPS writes these as local wall
/// times, taken at the newest scan's offset.
fn eta(r: &Response, offset: FixedOffset) -> Option<Eta> {
    let end_of_day = NaiveTime::from_hms_opt(23, 59, 59)?;
    let at = |day: NaiveDate, t: NaiveTime| time::at(day.and_time(t), offset);
    let predicted_day = text(&r.predicted_delivery_date)
        .and_then(|d| NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok());
    let window = predicted_day.and_then(|day| {
        let start = clock(text(&r.predicted_delivery_window_start_time)?)?;
        let end = clock(text(&r.predicted_delivery_window_end_time)?)?;
        Some((at(day, start.min(end))?, at(day, start.max(end))?, 0.8))
    });
    let by = |stamp: &Option<Text>, confidence: f32| {
        let wall = wall_time(text(stamp)?)?;
        let day = wall.date();
        let latest = if wall.time() == NaiveTime::MIN {
            end_of_day
        } else {
            wall.time()
        };
        Some((at(day, NaiveTime::MIN)?, at(day, latest)?, confidence))
    };
    let (earliest, latest, confidence) = window
        .or_else(|| by(&r.expected_delivery_time_stamp, 0.8))
        .or_else(|| by(&r.guaranteed_delivery_time_stamp, 0.9))
        .or_else(|| {
            let day = predicted_day?;
            Some((at(day, NaiveTime::MIN)?, at(day, end_of_day)?, 0.7))
        })?;
    Some(Eta {
        earliest,
        latest,
        confidence,
        source: EtaSource::Carrier,
        explanation: String::new(),
    })
}

/// A time of day as USPS may write it: `14:00`, `14:00:00`, `2:00 pm`, `2:00PM`.
fn clock(t: &str) -> Option<NaiveTime> {
    let t = t.trim().to_ascii_uppercase();
    ["%H:%M:%S", "%H:%M", "%I:%M %p", "%I:%M%p"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(&t, f).ok())
}

#[cfg(test)]
mod tests;
