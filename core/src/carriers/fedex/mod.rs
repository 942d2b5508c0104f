//! FedEx Track API (`POST /track/v1/trackingnumbers`) behind OAuth2 client credentials
//! (`POST /oauth/token`, form body). Scan events carry RFC 3339 times with their own offsets;
//! an unknown number comes back as a per-result error inside a 200.

use chrono::{DateTime, FixedOffset, NaiveTime, Timelike};
use serde::Deserialize;
use serde_json::json;

use super::meaning::{classify, fits, resolve, Meaning};
use super::oauth::{self, list, text, Text};
use super::time::{parse, utc};
use super::{
    parse_json, CarrierError, Connector, ConnectorInfo, HttpRequest, HttpResponse, Kind, Lookup,
    Outcome, Phase, Pushes, Secret,
};
use crate::model::{Carrier, Eta, EtaSource, Event, Location, Status, Substatus};
use crate::tracking::CarrierReport;

/// The FedEx connector.
pub struct Fedex;

static INFO: ConnectorInfo = ConnectorInfo {
    code: "fedex",
    name: "FedEx",
    base_url_var: "FEDEX_BASE_URL",
    default_base_url: "https://apis.fedex.com",
    secrets: &[
        Secret {
            name: "FEDEX_CLIENT_ID",
            from: "developer.fedex.com: My Projects, create a project with the Track API; its production API Key",
        },
        Secret {
            name: "FEDEX_CLIENT_SECRET",
            from: "developer.fedex.com: the same project's production Secret Key",
        },
    ],
    min_query_interval_secs: 0,
    kind: Kind::Carrier,
    pushes: Pushes::Never,
};

impl Connector for Fedex {
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
                let id = lookup.settings.secret("FEDEX_CLIENT_ID")?;
                let secret = lookup.settings.secret("FEDEX_CLIENT_SECRET")?;
                let body = oauth::form(&[
                    ("grant_type", "client_credentials"),
                    ("client_id", id),
                    ("client_secret", secret),
                ]);
                Ok(HttpRequest::post(
                    format!("{base}/oauth/token"),
                    "application/x-www-form-urlencoded",
                    body,
                )
                .with_header("Accept", "application/json"))
            }
            Phase::Track => {
                let token = oauth::bearer(lookup)?;
                let body = json!({
                    "includeDetailedScans": true,
                    "trackingInfo": [{ "trackingNumberInfo": { "trackingNumber": lookup.number } }],
                });
                Ok(HttpRequest::post(
                    format!("{base}/track/v1/trackingnumbers"),
                    "application/json",
                    body.to_string(),
                )
                .with_header("Authorization", &format!("Bearer {token}"))
                .with_header("X-locale", "en_US")
                .with_header("Accept", "application/json"))
            }
            Phase::Register => Err(CarrierError::NotUnderstood(
                "FedEx has no register step".to_owned(),
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
                400 | 404
                    if oauth::error_codes(&response.body)
                        .iter()
                        .any(|c| means_not_found(c)) =>
                {
                    Outcome::Error(CarrierError::NotFound)
                }
                _ => oauth::track_error(lookup, response),
            },
            Phase::Register => Outcome::Error(CarrierError::NotUnderstood(
                "FedEx has no register step".to_owned(),
            )),
        }
    }
}

/// FedEx error codes meaning it has nothing on the number: `TRACKING.TRACKINGNUMBER.NOTFOUND`
/// (and its reference-number and door-tag siblings), or a number it cannot read at all.
fn means_not_found(code: &str) -> bool {
    code.ends_with(".NOTFOUND") || code == "TRACKING.TRACKINGNUMBER.INVALID"
}

// --- Response types: only the fields Trackline uses. ---

#[derive(Deserialize)]
struct Response {
    output: Option<Output>,
    #[serde(default, deserialize_with = "list")]
    errors: Vec<ApiError>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Output {
    #[serde(default, deserialize_with = "list")]
    complete_track_results: Vec<CompleteTrackResult>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CompleteTrackResult {
    #[serde(default, deserialize_with = "list")]
    track_results: Vec<TrackResult>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TrackResult {
    tracking_number_info: Option<TrackingNumberInfo>,
    error: Option<ApiError>,
    latest_status_detail: Option<StatusDetail>,
    #[serde(default, deserialize_with = "list")]
    scan_events: Vec<ScanEvent>,
    #[serde(default, deserialize_with = "list")]
    date_and_times: Vec<DateAndTime>,
    estimated_delivery_time_window: Option<TimeWindow>,
    standard_transit_time_window: Option<TimeWindow>,
    shipper_information: Option<Party>,
    recipient_information: Option<Party>,
    origin_location: Option<FedexLocation>,
    destination_location: Option<FedexLocation>,
    last_updated_destination_address: Option<Address>,
    delivery_details: Option<DeliveryDetails>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TrackingNumberInfo {
    carrier_code: Option<Text>,
}

#[derive(Deserialize)]
struct ApiError {
    code: Option<Text>,
    message: Option<Text>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StatusDetail {
    #[serde(default, deserialize_with = "list")]
    ancillary_details: Vec<AncillaryDetail>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AncillaryDetail {
    reason_description: Option<Text>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ScanEvent {
    date: Option<Text>,
    event_type: Option<Text>,
    derived_status_code: Option<Text>,
    event_description: Option<Text>,
    exception_description: Option<Text>,
    scan_location: Option<Address>,
    delay_detail: Option<DelayDetail>,
}

#[derive(Deserialize)]
struct DelayDetail {
    #[serde(rename = "type")]
    kind: Option<Text>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Address {
    city: Option<Text>,
    state_or_province_code: Option<Text>,
    postal_code: Option<Text>,
    country_code: Option<Text>,
}

#[derive(Deserialize)]
struct Party {
    address: Option<Address>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FedexLocation {
    location_contact_and_address: Option<Party>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DateAndTime {
    #[serde(rename = "type")]
    kind: Option<Text>,
    date_time: Option<Text>,
}

#[derive(Deserialize)]
struct TimeWindow {
    window: Option<Window>,
}

#[derive(Deserialize)]
struct Window {
    begins: Option<Text>,
    ends: Option<Text>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DeliveryDetails {
    received_by_name: Option<Text>,
    signed_by_name: Option<Text>,
    location_description: Option<Text>,
}

// --- Status table. ---

/// FedEx's tracking status codes (a scan's `eventType`, or its `derivedStatusCode`), as the
/// FedEx track service documents them.
fn status_of(code: &str) -> Option<Meaning> {
    use Meaning::{Coarse, Exact};
    use Status as S;
    use Substatus as Sub;
    Some(match code {
        // At airport.
        "AA" => Exact(S::InTransit, Some(Sub::Arrived)),
        // At Canada Post facility (handed over for the last mile).
        "AC" => Exact(S::InTransit, Some(Sub::HandedOver)),
        // At delivery: the courier is at the address.
        "AD" => Exact(S::OutForDelivery, None),
        // Shipment arriving early.
        "AE" => Exact(S::InTransit, None),
        // At FedEx facility.
        "AF" => Exact(S::InTransit, Some(Sub::Arrived)),
        // Shipment arriving on time.
        "AO" => Exact(S::InTransit, None),
        // At pickup: the courier is at the shipper, the parcel is not collected yet.
        "AP" => Exact(S::InfoReceived, None),
        // Arrived at a FedEx location.
        "AR" => Exact(S::InTransit, Some(Sub::Arrived)),
        // Address corrected.
        "AS" => Exact(S::InTransit, None),
        // At USPS facility (FedEx Ground Economy's last mile).
        "AX" => Exact(S::InTransit, Some(Sub::HandedOver)),
        // With the customs broker.
        "BR" => Exact(S::InTransit, Some(Sub::CustomsProcessing)),
        // Shipment cancelled.
        "CA" => Exact(S::Exception, Some(Sub::Cancelled)),
        // Cleared customs ("International shipment release").
        "CC" => Exact(S::InTransit, Some(Sub::CustomsCleared)),
        // Clearance delay: customs holds the parcel.
        "CD" => Exact(S::Exception, Some(Sub::CustomsHeld)),
        // Location changed.
        "CH" => Exact(S::InTransit, None),
        // Clearance in progress.
        "CP" => Exact(S::InTransit, Some(Sub::CustomsProcessing)),
        // Customs.
        "CU" => Exact(S::InTransit, Some(Sub::CustomsProcessing)),
        // Delivery delay; weather or volume when the words (or the delay's type) say.
        "DD" => Coarse(S::InTransit, Some(Sub::DelayedOther)),
        // Delivery exception: a failed delivery, the reason in the exception words.
        "DE" => Exact(S::FailedAttempt, None),
        // Delivered; where, from the words and the delivery details.
        "DL" => Exact(S::Delivered, None),
        // Delivered (at the original destination).
        "DO" => Exact(S::Delivered, None),
        // Departed a FedEx location.
        "DP" => Exact(S::InTransit, Some(Sub::Departed)),
        // Vehicle furnished but not used (freight).
        "DR" => Exact(S::InTransit, None),
        // Vehicle dispatched (freight).
        "DS" => Exact(S::InTransit, None),
        // Delay; weather or volume when the words (or the delay's type) say.
        "DY" => Coarse(S::InTransit, Some(Sub::DelayedOther)),
        // En route to airport.
        "EA" => Exact(S::InTransit, None),
        // En route to delivery.
        "ED" => Exact(S::OutForDelivery, None),
        // En route to origin airport.
        "EO" => Exact(S::InTransit, None),
        // En route to pickup: not collected yet.
        "EP" => Exact(S::InfoReceived, None),
        // At FedEx destination.
        "FD" => Exact(S::InTransit, Some(Sub::Arrived)),
        // Hold at location request accepted.
        "HA" => Exact(S::InTransit, None),
        // Held at a FedEx location for the recipient.
        "HL" => Exact(S::AvailableForPickup, Some(Sub::PickupReady)),
        // Ready for recipient pickup.
        "HP" => Exact(S::AvailableForPickup, Some(Sub::PickupReady)),
        // Initiated: label created (a derived status code).
        "IN" => Exact(S::InfoReceived, None),
        // In transit.
        "IP" | "IT" => Exact(S::InTransit, None),
        // In transit (see details): the words tell more.
        "IX" => Coarse(S::InTransit, None),
        // Left origin.
        "LO" => Exact(S::InTransit, Some(Sub::Departed)),
        // Order created: shipment information sent to FedEx.
        "OC" => Exact(S::InfoReceived, None),
        // On FedEx vehicle for delivery.
        "OD" => Exact(S::OutForDelivery, None),
        // At FedEx origin facility.
        "OF" => Exact(S::InTransit, Some(Sub::Arrived)),
        // Shipment information sent to USPS (handed over for the last mile).
        "OX" => Exact(S::InTransit, Some(Sub::HandedOver)),
        // Pickup delay: not collected yet.
        "PD" => Exact(S::InfoReceived, None),
        // Plane in flight.
        "PF" => Exact(S::InTransit, Some(Sub::Departed)),
        // Plane landed.
        "PL" => Exact(S::InTransit, Some(Sub::Arrived)),
        // In progress.
        "PM" => Exact(S::InTransit, None),
        // Picked up.
        "PU" => Exact(S::InTransit, Some(Sub::PickedUp)),
        // Picked up (see details).
        "PX" => Exact(S::InTransit, Some(Sub::PickedUp)),
        // Custom delivery option requested, modified or cancelled by the recipient.
        "RR" | "RM" | "RC" => Exact(S::InTransit, None),
        // Return to shipper.
        "RS" => Coarse(S::Exception, Some(Sub::ReturningToSender)),
        // Return label link emailed, cancelled, expiring, expired: a return not yet shipped.
        "RP" | "LP" | "RG" | "RD" => Exact(S::InfoReceived, None),
        // Shipment exception: damaged, lost, held... the words tell which.
        "SE" => Coarse(S::Exception, None),
        // At sort facility.
        "SF" => Exact(S::InTransit, Some(Sub::Arrived)),
        // Split status: parts of a multi-piece shipment differ.
        "SP" => Exact(S::InTransit, None),
        // Transfer between FedEx networks.
        "TR" => Exact(S::InTransit, None),
        _ => return None,
    })
}

// --- Mapping. ---

fn report(number: &str, response: Response) -> Result<CarrierReport, CarrierError> {
    let results: Vec<TrackResult> = response
        .output
        .map(|o| o.complete_track_results)
        .unwrap_or_default()
        .into_iter()
        .flat_map(|c| c.track_results)
        .collect();
    if results.is_empty() {
        return Err(error_of(response.errors.first()).unwrap_or(CarrierError::NotFound));
    }
    // A number FedEx reuses has several results; the first one without an error is the one.
    let Some(result) = results.iter().find(|r| r.error.is_none()) else {
        return Err(error_of(results[0].error.as_ref()).unwrap_or(CarrierError::NotFound));
    };

    let mut events: Vec<Event> = result.scan_events.iter().filter_map(event).collect();
    explain_newest(&mut events, result);
    let newest_offset = events
        .iter()
        .max_by_key(|e| e.at)
        .map(|e| *e.at.offset())
        .unwrap_or_else(utc);
    let delivered = events.iter().any(|e| e.status == Status::Delivered)
        || result
            .date_and_times
            .iter()
            .any(|d| kind_is(&d.kind, "ACTUAL_DELIVERY"));
    let address = |a: Option<&Address>| a.and_then(location);
    let carrier_code = result
        .tracking_number_info
        .as_ref()
        .and_then(|i| text(&i.carrier_code))
        .unwrap_or_default();
    Ok(CarrierReport {
        carrier: Carrier {
            code: INFO.code.to_owned(),
            name: carrier_name(carrier_code).to_owned(),
            tracking_url: super::known::FEDEX.page(number),
        },
        events,
        origin: address(
            result
                .shipper_information
                .as_ref()
                .and_then(|p| p.address.as_ref()),
        )
        .or_else(|| address(party_of(&result.origin_location))),
        destination: address(result.last_updated_destination_address.as_ref())
            .or_else(|| {
                address(
                    result
                        .recipient_information
                        .as_ref()
                        .and_then(|p| p.address.as_ref()),
                )
            })
            .or_else(|| address(party_of(&result.destination_location))),
        eta: if delivered {
            None
        } else {
            eta(result, newest_offset)
        },
    })
}

fn party_of(location: &Option<FedexLocation>) -> Option<&Address> {
    location
        .as_ref()?
        .location_contact_and_address
        .as_ref()?
        .address
        .as_ref()
}

/// The error a FedEx error object means.
fn error_of(error: Option<&ApiError>) -> Option<CarrierError> {
    let error = error?;
    let code = text(&error.code).unwrap_or_default().to_ascii_uppercase();
    Some(if means_not_found(&code) {
        CarrierError::NotFound
    } else {
        CarrierError::NotUnderstood(format!(
            "FedEx error {code}: {}",
            text(&error.message).unwrap_or_default()
        ))
    })
}

/// The operating company behind the number, from `carrierCode`.
fn carrier_name(carrier_code: &str) -> &'static str {
    match carrier_code {
        "FDXE" => "FedEx Express",
        "FDXG" => "FedEx Ground",
        "FXSP" => "FedEx Ground Economy",
        "FXFR" => "FedEx Freight",
        "FDXC" => "FedEx Cargo",
        "FXCC" => "FedEx Custom Critical",
        _ => "FedEx",
    }
}

fn event(e: &ScanEvent) -> Option<Event> {
    // FedEx writes scan times with the scan's offset; one without is read as UTC.
    let at = parse(text(&e.date)?, utc())?;
    let description = text(&e.event_description).unwrap_or_default();
    let exception = text(&e.exception_description).filter(|x| !x.eq_ignore_ascii_case(description));
    let carrier_text = [Some(description), exception]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(": ");
    // The delay's type ("WEATHER") says what kind of delay it is.
    let delay = e
        .delay_detail
        .as_ref()
        .and_then(|d| text(&d.kind))
        .map(|k| format!(" ({} delay)", k.to_lowercase().replace('_', " ")))
        .unwrap_or_default();
    let code = |field: &Option<Text>| {
        text(field)
            .map(str::to_ascii_uppercase)
            .and_then(|c| status_of(&c))
    };
    let meaning = code(&e.event_type).or_else(|| code(&e.derived_status_code));
    let (status, substatus) = resolve(meaning, &format!("{carrier_text}{delay}"));
    Some(Event {
        at,
        status,
        substatus,
        text: String::new(),
        carrier_text,
        location: e.scan_location.as_ref().and_then(location),
    })
}

/// The latest status's reasons (`ancillaryDetails`, "Customer not available or business
/// closed") and the delivery details (where it was left, who signed) explain the newest event
/// when its own words did not.
fn explain_newest(events: &mut [Event], result: &TrackResult) {
    let Some(newest) = events.iter_mut().max_by_key(|e| e.at) else {
        return;
    };
    if newest.substatus.is_some() {
        return;
    }
    let mut words: Vec<&str> = Vec::new();
    if let Some(latest) = &result.latest_status_detail {
        words.extend(
            latest
                .ancillary_details
                .iter()
                .filter_map(|a| text(&a.reason_description)),
        );
    }
    let details = result.delivery_details.as_ref();
    if newest.status == Status::Delivered {
        words.extend(details.and_then(|d| text(&d.location_description)));
    }
    newest.substatus = classify(&words.join(". "))
        .and_then(|(_, sub)| sub)
        .filter(|sub| fits(newest.status, *sub))
        .or_else(|| {
            let signed = details.is_some_and(|d| {
                text(&d.signed_by_name).is_some() || text(&d.received_by_name).is_some()
            });
            (newest.status == Status::Delivered && signed)
                .then_some(Substatus::DeliveredToRecipient)
        });
}

fn kind_is(kind: &Option<Text>, expected: &str) -> bool {
    text(kind).is_some_and(|k| k.eq_ignore_ascii_case(expected))
}

fn location(a: &Address) -> Option<Location> {
    let location = Location {
        city: text(&a.city).map(str::to_owned),
        region: text(&a.state_or_province_code).map(str::to_owned),
        postal_code: text(&a.postal_code).map(str::to_owned),
        country: text(&a.country_code)
            .filter(|c| c.len() == 2)
            .map(str::to_ascii_uppercase),
        lat: None,
        lon: None,
    };
    (location != Location::default()).then_some(location)
}

/// FedEx's estimate: the estimated delivery window, else the estimated delivery time, else the
/// standard transit window (how long the service usually takes, so less sure). Times without an
/// offset are local at the destination, whose offset is taken from the newest scan.
fn eta(result: &TrackResult, offset: FixedOffset) -> Option<Eta> {
    let at = |t: Option<&str>| t.and_then(|t| parse(t, offset));
    let window = |w: &Option<TimeWindow>| {
        let w = w.as_ref()?.window.as_ref()?;
        span(at(text(&w.begins)), at(text(&w.ends)))
    };
    let estimated_time = result
        .date_and_times
        .iter()
        .find(|d| kind_is(&d.kind, "ESTIMATED_DELIVERY"))
        .and_then(|d| at(text(&d.date_time)));
    let (earliest, latest, confidence) = window(&result.estimated_delivery_time_window)
        .or_else(|| span(estimated_time, None))
        .map(|(a, b)| (a, b, 0.8))
        .or_else(|| window(&result.standard_transit_time_window).map(|(a, b)| (a, b, 0.5)))?;
    Some(Eta {
        earliest,
        latest,
        confidence,
        source: EtaSource::Carrier,
        explanation: String::new(),
    })
}

type Instant = DateTime<FixedOffset>;

/// A window from its ends. One end alone is a moment, or the whole day when it is a bare date
/// (midnight).
fn span(begins: Option<Instant>, ends: Option<Instant>) -> Option<(Instant, Instant)> {
    match (begins, ends) {
        (Some(b), Some(e)) => Some((b.min(e), b.max(e))),
        (Some(one), None) | (None, Some(one)) => {
            if one.time() == NaiveTime::MIN {
                let end_of_day = one.with_hour(23)?.with_minute(59)?.with_second(59)?;
                Some((one, end_of_day))
            } else {
                Some((one, one))
            }
        }
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests;
