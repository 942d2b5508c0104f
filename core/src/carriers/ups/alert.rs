//! UPS Track Alert (v2): each package is subscribed with
//! `POST /api/track/v2/subscription/standard/package` (the Track API's OAuth bearer, `transId`,
//! `transactionSrc`; `{locale, countryCode, trackingNumberList}`, at most 100 numbers), which
//! answers `validTrackingNumbers` and `invalidTrackingNumbers`. A subscription lasts 14 days
//! and has no call to end it.
//!
//! The webhook and its credentials are set once in UPS's portal ("Manage Webhook
//! Credentials"): a URL (`{TRACKLINE_PUBLIC_URL}/v1/webhooks/ups`), a token URL
//! (`/v1/webhooks/ups/token`) and a client id and secret (`UPS_WEBHOOK_CLIENT_ID`,
//! `UPS_WEBHOOK_CLIENT_SECRET`). Before it pushes, UPS fetches a token there (OAuth client
//! credentials, HTTP Basic); each event then comes with `Authorization: Bearer <token>` and
//! `x-api-key: <client id>`. Trackline's tokens need no storage: `<expiry>.<hex HMAC-SHA256 of
//! "ups-track-alert.<expiry>" with the client secret>`, valid for [`TOKEN_SECS`].
//!
//! An event is one activity: `trackingNumber`, `activityStatus {type, code, description}`,
//! `localActivityDate`/`Time`, `gmtActivityDate`/`Time`, `gmtOffset`, `activityLocation`,
//! `receivedBy` on a delivery; it is read like the Track API's activities.

use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;
use subtle::ConstantTimeEq;

use super::{
    event, refine_delivery, transaction_id, Activity, ActivityLocation, Address,
    DeliveryInformation, UpsStatus, INFO, TRANSACTION_SOURCE,
};
use crate::carriers::aggregated::{hex_decode, hex_lower, push_number};
use crate::carriers::oauth::{self, Text};
use crate::carriers::{
    parse_json, CarrierError, HttpRequest, HttpResponse, Lookup, Push, PushError, Pushed, Settings,
    Subscribed,
};
use crate::model::Carrier;
use crate::tracking::CarrierReport;

/// The webhook's client id, as set in UPS's portal.
pub const WEBHOOK_CLIENT_ID: &str = "UPS_WEBHOOK_CLIENT_ID";
/// The webhook's client secret, as set in UPS's portal: it switches Track Alert on.
pub const WEBHOOK_CLIENT_SECRET: &str = "UPS_WEBHOOK_CLIENT_SECRET";
/// How long a package subscription lasts.
pub const VALID_SECS: i64 = 14 * 24 * 3600;
/// How long a token Trackline gives UPS's webhook lives.
pub const TOKEN_SECS: i64 = 3600;

/// The subscription request for `lookup`'s number (the token comes with the lookup).
pub(super) fn subscribe(lookup: &Lookup<'_>) -> Result<HttpRequest, CarrierError> {
    let token = oauth::bearer(lookup)?;
    let body = serde_json::json!({
        "locale": "en_US",
        "countryCode": "US",
        "trackingNumberList": [lookup.number],
    })
    .to_string();
    Ok(HttpRequest::post(
        format!(
            "{}/api/track/v2/subscription/standard/package",
            lookup.settings.base_url
        ),
        "application/json",
        body,
    )
    .with_header("Authorization", &format!("Bearer {token}"))
    .with_header("transId", &transaction_id(lookup))
    .with_header("transactionSrc", TRANSACTION_SOURCE)
    .with_header("Accept", "application/json"))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SubscriptionAnswer {
    #[serde(default)]
    valid_tracking_numbers: Vec<String>,
    #[serde(default)]
    invalid_tracking_numbers: Vec<String>,
}

/// What UPS answered a subscription: subscribed for 14 days, a number it refuses (not found),
/// or an error.
pub(super) fn subscribed(
    lookup: &Lookup<'_>,
    response: &HttpResponse,
) -> Result<Subscribed, CarrierError> {
    let same = |n: &String| n.trim().eq_ignore_ascii_case(lookup.number);
    match response.status {
        200 => {
            let answer: SubscriptionAnswer = parse_json(&response.body)?;
            if answer.valid_tracking_numbers.iter().any(same) {
                Ok(Subscribed {
                    lapses_at: lookup.now.checked_add(VALID_SECS),
                })
            } else if answer.invalid_tracking_numbers.iter().any(same) {
                Err(CarrierError::NotFound)
            } else {
                Err(CarrierError::NotUnderstood(
                    "UPS neither accepted nor refused the number".into(),
                ))
            }
        }
        // A request UPS refuses names its reason (VSS300: no locale, ...).
        400 => Err(CarrierError::NotUnderstood(format!(
            "UPS refused the subscription: {}",
            oauth::error_codes(&response.body).join(", ")
        ))),
        _ => Err(response.common_error().unwrap_or_else(|| {
            CarrierError::NotUnderstood(format!("unexpected status {}", response.status))
        })),
    }
}

/// A token for `expires` (seconds since the epoch), signed with the webhook's secret.
fn token_for(secret: &str, expires: i64) -> Option<String> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).ok()?;
    mac.update(format!("ups-track-alert.{expires}").as_bytes());
    Some(format!(
        "{expires}.{}",
        hex_lower(&mac.finalize().into_bytes())
    ))
}

/// True when `given` equals `expected`, compared in constant time.
fn same_secret(given: &str, expected: &str) -> bool {
    bool::from(given.as_bytes().ct_eq(expected.as_bytes()))
}

/// `POST /v1/webhooks/ups/token`: UPS's client credentials (HTTP Basic, `grant_type` of
/// `client_credentials`) for a token its webhook calls carry, as an OAuth token answer.
pub(super) fn issue_token(request: &Push, settings: &Settings) -> Result<String, PushError> {
    let (Ok(id), Ok(secret)) = (
        settings.secret(WEBHOOK_CLIENT_ID),
        settings.secret(WEBHOOK_CLIENT_SECRET),
    ) else {
        return Err(PushError::Unsupported);
    };
    let given = request
        .header("authorization")
        .and_then(|h| h.trim().strip_prefix("Basic "))
        .unwrap_or_default();
    if !same_secret(
        given.trim(),
        oauth::basic(id, secret).trim_start_matches("Basic "),
    ) {
        return Err(PushError::BadSignature);
    }
    let grant = form_urlencoded::parse(request.body.as_bytes())
        .find(|(k, _)| k == "grant_type")
        .map(|(_, v)| v.into_owned());
    if grant.as_deref() != Some("client_credentials") {
        return Err(PushError::Malformed(
            "grant_type must be client_credentials".into(),
        ));
    }
    let expires = request.received_at.saturating_add(TOKEN_SECS);
    let token = token_for(secret, expires).ok_or(PushError::BadSignature)?;
    Ok(serde_json::json!({
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": TOKEN_SECS,
    })
    .to_string())
}

/// True when `push` carries a token Trackline issued, unexpired when it arrived, and the
/// client id (when it says one).
fn authorized(push: &Push, settings: &Settings) -> bool {
    let (Ok(id), Ok(secret)) = (
        settings.secret(WEBHOOK_CLIENT_ID),
        settings.secret(WEBHOOK_CLIENT_SECRET),
    ) else {
        return false;
    };
    if push
        .header("x-api-key")
        .is_some_and(|k| !same_secret(k.trim(), id))
    {
        return false;
    }
    let Some(token) = push
        .header("authorization")
        .and_then(|h| h.trim().strip_prefix("Bearer "))
    else {
        return false;
    };
    let Some((expires, mac)) = token.trim().split_once('.') else {
        return false;
    };
    let Ok(expires) = expires.parse::<i64>() else {
        return false;
    };
    // Expired, or issued for longer than Trackline ever issues one.
    if expires <= push.received_at || expires > push.received_at.saturating_add(TOKEN_SECS + 60) {
        return false;
    }
    let (Some(given), Ok(mut expected)) = (
        hex_decode(mac),
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()),
    ) else {
        return false;
    };
    expected.update(format!("ups-track-alert.{expires}").as_bytes());
    expected.verify_slice(&given).is_ok()
}

/// One Track Alert event.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AlertEvent {
    tracking_number: Option<Text>,
    local_activity_date: Option<Text>,
    local_activity_time: Option<Text>,
    gmt_activity_date: Option<Text>,
    gmt_activity_time: Option<Text>,
    gmt_offset: Option<Text>,
    activity_location: Option<Address>,
    activity_status: Option<UpsStatus>,
    received_by: Option<Text>,
}

/// A Track Alert event: verified first, then read as one scan.
pub(super) fn pushed(push: &Push, settings: &Settings) -> Result<Vec<Pushed>, PushError> {
    if !authorized(push, settings) {
        return Err(PushError::BadSignature);
    }
    let alert: AlertEvent =
        parse_json(&push.body).map_err(|e| PushError::Malformed(e.to_string()))?;
    let number = push_number(oauth::text(&alert.tracking_number).unwrap_or_default())?;
    let activity = Activity {
        location: alert.activity_location.map(|address| ActivityLocation {
            address: Some(address),
        }),
        status: alert.activity_status,
        date: alert.local_activity_date,
        time: alert.local_activity_time,
        gmt_date: alert.gmt_activity_date,
        gmt_time: alert.gmt_activity_time,
        gmt_offset: alert.gmt_offset,
    };
    let mut events: Vec<_> = event(&activity).into_iter().collect();
    if events.is_empty() {
        return Err(PushError::Malformed("no readable activity".into()));
    }
    refine_delivery(
        &mut events,
        Some(&DeliveryInformation {
            location: None,
            received_by: alert.received_by,
        }),
    );
    Ok(vec![Pushed {
        carrier_hint: Some(INFO.code.to_owned()),
        report: CarrierReport {
            carrier: Carrier {
                code: INFO.code.to_owned(),
                name: INFO.name.to_owned(),
                tracking_url: crate::carriers::known::UPS.page(&number),
            },
            events,
            origin: None,
            destination: None,
            eta: None,
        },
        number,
        stopped: false,
    }])
}

#[cfg(test)]
pub(crate) fn token_for_tests(secret: &str, expires: i64) -> String {
    token_for(secret, expires).unwrap_or_default()
}
