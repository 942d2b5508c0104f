//! UPS Track API (`GET /api/track/v1/details/{number}`) behind OAuth2 client credentials
//! (`POST /security/v1/oauth/token` with HTTP Basic). Activities carry a local date and time and,
//! on current accounts, the GMT date, time and offset that give each scan its real UTC offset.
//! With the webhook's credentials set, packages are subscribed to UPS Track Alert and their
//! scans pushed (see [`alert`]).

pub mod alert;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use serde::Deserialize;

use super::meaning::{classify, fits, resolve, Meaning};
use super::oauth::{self, list, text, Text};
use super::time::{self, utc};
use super::{
    parse_json, CarrierError, Connector, ConnectorInfo, HttpRequest, HttpResponse, Kind, Lookup,
    Outcome, Phase, Push, PushError, Pushed, Pushes, Secret, Settings, Subscribed,
};
use crate::model::{Carrier, Eta, EtaSource, Event, Location, Status, Substatus};
use crate::tracking::CarrierReport;

/// The UPS connector.
pub struct Ups;

static INFO: ConnectorInfo = ConnectorInfo {
    code: "ups",
    name: "UPS",
    base_url_var: "UPS_BASE_URL",
    default_base_url: "https://onlinetools.ups.com",
    secrets: &[
        Secret {
            name: "UPS_CLIENT_ID",
            from: "developer.ups.com: My Apps, add an app with the Tracking API product; the app's Client ID",
        },
        Secret {
            name: "UPS_CLIENT_SECRET",
            from: "developer.ups.com: the same app's Client Secret",
        },
        Secret {
            name: alert::WEBHOOK_CLIENT_ID,
            from: "optional, for Track Alert pushes: a client id you choose, entered in developer.ups.com's Manage Webhook Credentials with the webhook URL {TRACKLINE_PUBLIC_URL}/v1/webhooks/ups and the token URL .../v1/webhooks/ups/token (the app needs the Track Alert product)",
        },
        Secret {
            name: alert::WEBHOOK_CLIENT_SECRET,
            from: "optional: the client secret you enter there; with it set, UPS parcels are subscribed to Track Alert",
        },
    ],
    min_query_interval_secs: 0,
    kind: Kind::Carrier,
    pushes: Pushes::PerNumber {
        enabled_by: alert::WEBHOOK_CLIENT_SECRET,
    },
};

/// Who we are in UPS's `transactionSrc` header.
const TRANSACTION_SOURCE: &str = "trackline";

/// UPS error codes meaning it knows nothing of the number ("No tracking information available").
const NOT_FOUND_CODES: &[&str] = &["151044"];

impl Connector for Ups {
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
                let id = lookup.settings.secret("UPS_CLIENT_ID")?;
                let secret = lookup.settings.secret("UPS_CLIENT_SECRET")?;
                Ok(HttpRequest::post(
                    format!("{base}/security/v1/oauth/token"),
                    "application/x-www-form-urlencoded",
                    "grant_type=client_credentials".to_owned(),
                )
                .with_header("Authorization", &oauth::basic(id, secret))
                .with_header("Accept", "application/json"))
            }
            Phase::Track => {
                let token = oauth::bearer(lookup)?;
                let url = format!(
                    "{base}/api/track/v1/details/{}?locale=en_US",
                    oauth::encode(lookup.number)
                );
                Ok(HttpRequest::get(url)
                    .with_header("Authorization", &format!("Bearer {token}"))
                    .with_header("transId", &transaction_id(lookup))
                    .with_header("transactionSrc", TRANSACTION_SOURCE)
                    .with_header("Accept", "application/json"))
            }
            Phase::Register => Err(CarrierError::NotUnderstood(
                "UPS has no register step".to_owned(),
            )),
        }
    }

    /// Track Alert: the package is subscribed for 14 days (renewed an hour before).
    fn subscribe(
        &self,
        lookup: &Lookup<'_>,
        _callback: &str,
        _renew: bool,
    ) -> Result<HttpRequest, CarrierError> {
        alert::subscribe(lookup)
    }

    fn subscribed(
        &self,
        lookup: &Lookup<'_>,
        response: &HttpResponse,
    ) -> Result<Subscribed, CarrierError> {
        alert::subscribed(lookup, response)
    }

    fn webhook_token(
        &self,
        request: &Push,
        settings: &Settings,
    ) -> Option<Result<String, PushError>> {
        Some(alert::issue_token(request, settings))
    }

    fn push(&self, push: &Push, settings: &Settings) -> Result<Vec<Pushed>, PushError> {
        alert::pushed(push, settings)
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
                        .any(|c| NOT_FOUND_CODES.contains(&c.as_str())) =>
                {
                    Outcome::Error(CarrierError::NotFound)
                }
                _ => oauth::track_error(lookup, response),
            },
            Phase::Register => Outcome::Error(CarrierError::NotUnderstood(
                "UPS has no register step".to_owned(),
            )),
        }
    }
}

/// UPS wants an identifier unique to each request (at most 32 characters).
fn transaction_id(lookup: &Lookup<'_>) -> String {
    format!("tl{}{}", lookup.now, lookup.number)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(32)
        .collect()
}

// --- Response types: only the fields Trackline uses. ---

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Response {
    track_response: TrackResponse,
}

#[derive(Deserialize)]
struct TrackResponse {
    #[serde(default, deserialize_with = "list")]
    shipment: Vec<Shipment>,
}

#[derive(Deserialize)]
struct Shipment {
    #[serde(default, deserialize_with = "list")]
    package: Vec<Package>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Package {
    tracking_number: Option<Text>,
    #[serde(default, deserialize_with = "list")]
    activity: Vec<Activity>,
    current_status: Option<UpsStatus>,
    #[serde(default, deserialize_with = "list")]
    delivery_date: Vec<DeliveryDate>,
    delivery_time: Option<DeliveryTime>,
    delivery_information: Option<DeliveryInformation>,
    #[serde(default, deserialize_with = "list")]
    package_address: Vec<PackageAddress>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Activity {
    location: Option<ActivityLocation>,
    status: Option<UpsStatus>,
    date: Option<Text>,
    time: Option<Text>,
    gmt_date: Option<Text>,
    gmt_time: Option<Text>,
    gmt_offset: Option<Text>,
}

#[derive(Deserialize)]
struct ActivityLocation {
    address: Option<Address>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Address {
    city: Option<Text>,
    state_province: Option<Text>,
    postal_code: Option<Text>,
    country_code: Option<Text>,
    country: Option<Text>,
}

#[derive(Deserialize)]
struct UpsStatus {
    #[serde(rename = "type")]
    kind: Option<Text>,
    code: Option<Text>,
    description: Option<Text>,
}

#[derive(Deserialize)]
struct DeliveryDate {
    #[serde(rename = "type")]
    kind: Option<Text>,
    date: Option<Text>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DeliveryTime {
    #[serde(rename = "type")]
    kind: Option<Text>,
    start_time: Option<Text>,
    end_time: Option<Text>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DeliveryInformation {
    location: Option<Text>,
    received_by: Option<Text>,
}

#[derive(Deserialize)]
struct PackageAddress {
    #[serde(rename = "type")]
    kind: Option<Text>,
    address: Option<Address>,
}

// --- Status table. ---

/// An activity's meaning from its 2-character `status.code` where UPS documents one, else from
/// its `status.type`. UPS publishes no machine-readable list of the codes; the ones below are
/// those its own documentation shows, and every other code goes by its type and words.
fn status_of(kind: &str, code: &str) -> Option<Meaning> {
    use Meaning::{Coarse, Exact};
    use Status as S;
    use Substatus as Sub;
    let by_code = match code {
        // "Shipper created a label, UPS has not received the package yet." (type M).
        "MP" => Some(Exact(S::InfoReceived, None)),
        // "Out For Delivery Today" (type I; Track Alert's out-for-delivery example).
        "OT" => Some(Exact(S::OutForDelivery, None)),
        // "Delivered" (type D; Track Alert's delivery example).
        "FS" => Some(Exact(S::Delivered, None)),
        // "Your package was released by the customs agency." (type X; Track API's example).
        "SR" => Some(Exact(S::InTransit, Some(Sub::CustomsCleared))),
        _ => None,
    };
    by_code.or(match kind {
        // Manifest: billing information received, the label exists, UPS has no parcel yet.
        "M" => Some(Exact(S::InfoReceived, None)),
        // Manifest void: billing information voided, the label was cancelled.
        "MV" => Some(Exact(S::Exception, Some(Sub::Cancelled))),
        // Pickup: UPS collected the parcel (or it was dropped off).
        "P" => Some(Coarse(S::InTransit, Some(Sub::PickedUp))),
        // In transit: anything on the way, out for delivery included; the words tell which.
        "I" => Some(Coarse(S::InTransit, None)),
        // Out for delivery.
        "O" => Some(Exact(S::OutForDelivery, None)),
        // Delivered (Track Alert also sends it for "loaded on delivery vehicle", and a delivery
        // to a UPS Access Point awaits the buyer): the words tell which.
        "D" => Some(Coarse(S::Delivered, None)),
        // Exception: from a customs release or a late flight to a failed delivery; the words
        // tell which, an unexplained one stays an exception.
        "X" => Some(Coarse(S::Exception, None)),
        // Returned to shipper.
        "RS" => Some(Coarse(S::Exception, Some(Sub::ReturnedToSender))),
        // Delivered to the origin container freight station (freight): the journey starts.
        "DO" => Some(Exact(S::InTransit, None)),
        // Delivered to the destination container freight station (freight): not the buyer yet.
        "DD" => Some(Exact(S::InTransit, Some(Sub::Arrived))),
        // Warehousing (freight).
        "W" => Some(Exact(S::InTransit, None)),
        // Update (Track Alert): usually a new delivery date; the words tell whether it is late.
        "U" => Some(Coarse(S::InTransit, None)),
        // Not available: UPS does not say; the words decide.
        "NA" => None,
        _ => None,
    })
}

// --- Mapping. ---

fn report(number: &str, response: Response) -> Result<CarrierReport, CarrierError> {
    let packages: Vec<Package> = response
        .track_response
        .shipment
        .into_iter()
        .flat_map(|s| s.package)
        .collect();
    // A shipment without packages is how UPS answers an unknown number with a 200 (a
    // "Tracking Information Not Found" warning).
    let package = match packages
        .iter()
        .position(|p| text(&p.tracking_number).is_some_and(|n| n.eq_ignore_ascii_case(number)))
    {
        Some(i) => packages.into_iter().nth(i),
        None => packages.into_iter().next(),
    }
    .ok_or(CarrierError::NotFound)?;

    let mut events: Vec<Event> = package.activity.iter().filter_map(event).collect();
    if events.is_empty() {
        events.extend(delivered_without_activity(&package));
    }
    refine_delivery(&mut events, package.delivery_information.as_ref());
    let newest_offset = events
        .iter()
        .max_by_key(|e| e.at)
        .map(|e| *e.at.offset())
        .unwrap_or_else(utc);
    let address = |kind: &str| {
        package
            .package_address
            .iter()
            .find(|a| text(&a.kind).is_some_and(|k| k.eq_ignore_ascii_case(kind)))
            .and_then(|a| a.address.as_ref())
            .and_then(location)
    };
    Ok(CarrierReport {
        carrier: Carrier {
            code: INFO.code.to_owned(),
            name: INFO.name.to_owned(),
            tracking_url: super::known::UPS.page(number),
        },
        events,
        origin: address("ORIGIN"),
        destination: address("DESTINATION"),
        eta: eta(&package, newest_offset),
    })
}

fn event(a: &Activity) -> Option<Event> {
    let local = compact(text(&a.date)?, text(&a.time))?;
    // The real offset: the one UPS states, else the gap between the local and GMT times, else
    // UTC (the least wrong reading without a time zone table).
    let offset = text(&a.gmt_offset)
        .and_then(time::offset)
        .or_else(|| {
            let gmt = compact(text(&a.gmt_date)?, text(&a.gmt_time))?;
            time::offset_between(local, gmt)
        })
        .unwrap_or_else(utc);
    let at = time::at(local, offset)?;
    let status = a.status.as_ref();
    let carrier_text = status
        .and_then(|s| text(&s.description))
        .unwrap_or_default()
        .to_owned();
    let meaning = status.and_then(|s| {
        status_of(
            &text(&s.kind).unwrap_or_default().to_ascii_uppercase(),
            &text(&s.code).unwrap_or_default().to_ascii_uppercase(),
        )
    });
    let (status, substatus) = resolve(meaning, &carrier_text);
    Some(Event {
        at,
        status,
        substatus,
        text: String::new(),
        carrier_text,
        location: a
            .location
            .as_ref()
            .and_then(|l| l.address.as_ref())
            .and_then(location),
    })
}

/// A delivered package whose activity UPS no longer returns (past its retention): one event at
/// the delivery date and time, from the current status.
fn delivered_without_activity(p: &Package) -> Option<Event> {
    let current = p.current_status.as_ref()?;
    let day = p
        .delivery_date
        .iter()
        .find(|d| kind_is(&d.kind, "DEL"))
        .and_then(|d| text(&d.date))?;
    let time = p
        .delivery_time
        .as_ref()
        .filter(|t| kind_is(&t.kind, "DEL"))
        .and_then(|t| text(&t.end_time));
    let at = time::at(compact(day, time)?, utc())?;
    let carrier_text = text(&current.description).unwrap_or("Delivered").to_owned();
    Some(Event {
        at,
        status: Status::Delivered,
        substatus: None,
        text: String::new(),
        carrier_text,
        location: None,
    })
}

/// Where the parcel was left (`deliveryInformation.location`, "Front Door") or whether someone
/// signed (`receivedBy`) tells the substatus of the newest delivery.
fn refine_delivery(events: &mut [Event], info: Option<&DeliveryInformation>) {
    let Some(info) = info else { return };
    let Some(delivered) = events
        .iter_mut()
        .filter(|e| e.status == Status::Delivered)
        .max_by_key(|e| e.at)
    else {
        return;
    };
    if delivered.substatus.is_some() {
        return;
    }
    let place = text(&info.location).and_then(|l| {
        classify(l)
            .and_then(|(_, sub)| sub)
            .filter(|sub| fits(Status::Delivered, *sub))
    });
    delivered.substatus =
        place.or_else(|| text(&info.received_by).map(|_| Substatus::DeliveredToRecipient));
}

/// UPS's split fields: `YYYYMMDD` and `HHMMSS` (sometimes without its leading zero, `74700`, or
/// without seconds); a missing time is midnight.
fn compact(date: &str, time: Option<&str>) -> Option<NaiveDateTime> {
    let day = NaiveDate::parse_from_str(date.trim(), "%Y%m%d").ok()?;
    Some(day.and_time(clock(time.unwrap_or_default())?))
}

fn clock(time: &str) -> Option<NaiveTime> {
    let time = time.trim();
    if !time.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let padded = match time.len() {
        0 => "000000".to_owned(),
        4 => format!("{time}00"),
        5 => format!("0{time}"),
        6 => time.to_owned(),
        _ => return None,
    };
    NaiveTime::parse_from_str(&padded, "%H%M%S").ok()
}

fn kind_is(kind: &Option<Text>, expected: &str) -> bool {
    text(kind).is_some_and(|k| k.eq_ignore_ascii_case(expected))
}

fn location(a: &Address) -> Option<Location> {
    let country = text(&a.country_code)
        .or(text(&a.country))
        .filter(|c| c.len() == 2)
        .map(str::to_ascii_uppercase);
    let location = Location {
        city: text(&a.city).map(str::to_owned),
        region: text(&a.state_province).map(str::to_owned),
        postal_code: text(&a.postal_code).map(str::to_owned),
        country,
        lat: None,
        lon: None,
    };
    (location != Location::default()).then_some(location)
}

/// The scheduled (or rescheduled) delivery day, narrowed by the delivery window when UPS gives
/// one (`EDW` estimated, `CDW` confirmed, `IDW` imminent) or by the commit or end-of-day time.
/// The times are local at the destination, whose offset is taken from the newest scan.
fn eta(p: &Package, offset: FixedOffset) -> Option<Eta> {
    if p.delivery_date.iter().any(|d| kind_is(&d.kind, "DEL")) {
        return None;
    }
    let day = ["RDD", "SDD"].iter().find_map(|kind| {
        p.delivery_date
            .iter()
            .find(|d| kind_is(&d.kind, kind))
            .and_then(|d| text(&d.date))
    })?;
    let day = NaiveDate::parse_from_str(day, "%Y%m%d").ok()?;
    let window = p.delivery_time.as_ref();
    let window_kind = window
        .and_then(|w| text(&w.kind))
        .unwrap_or_default()
        .to_ascii_uppercase();
    let start = window
        .filter(|_| matches!(window_kind.as_str(), "EDW" | "CDW" | "IDW"))
        .and_then(|w| clock(text(&w.start_time)?));
    let end = window
        .filter(|_| matches!(window_kind.as_str(), "EDW" | "CDW" | "IDW" | "CMT" | "EOD"))
        .and_then(|w| clock(text(&w.end_time)?));
    let at = |t: Option<NaiveTime>, default: NaiveTime| -> Option<DateTime<FixedOffset>> {
        time::at(day.and_time(t.unwrap_or(default)), offset)
    };
    let earliest = at(start, NaiveTime::MIN)?;
    let latest = at(end, NaiveTime::from_hms_opt(23, 59, 59)?)?.max(earliest);
    Some(Eta {
        earliest,
        latest,
        confidence: 0.8,
        source: EtaSource::Carrier,
        explanation: String::new(),
    })
}

#[cfg(test)]
mod tests;
