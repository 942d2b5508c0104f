//! The notification providers as the simulator plays them, so tests can see what a buyer would
//! receive: Resend's `POST /resend/emails` (bearer [`KEY`](super::KEY); `Idempotency-Key`
//! honoured: a repeated key answers the first send's id and delivers nothing more; 422 for a
//! missing recipient), and Twilio's `POST /twilio/2010-04-01/Accounts/{sid}/Messages.json`
//! (HTTP Basic [`CLIENT_ID`](super::CLIENT_ID):[`KEY`](super::KEY); a form with `To`, `From`
//! or `MessagingServiceSid`, `Body`; 400 with code 21211 for a `To` that is not E.164). Each
//! message that gets through lands in [`super::Simulator::outbox`]. Faults (5xx, 429 with
//! `Retry-After`, slow answers) come from [`super::Simulator::inject`] like a carrier's.

use base64::Engine;
use serde_json::{json, Value};

use super::{fault_reply, form_pairs, Call, Fault, Journeys, Reply, CLIENT_ID, KEY};

/// A message a provider accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    /// `resend` or `twilio`.
    pub provider: String,
    /// The provider's id for it.
    pub id: String,
    /// The recipient.
    pub to: String,
    /// The subject (emails).
    pub subject: String,
    /// The plain text (the SMS body).
    pub text: String,
    /// The HTML (emails).
    pub html: String,
    /// Headers the message carries (emails: `List-Unsubscribe`, ...).
    pub headers: Vec<(String, String)>,
}

fn resend_error(status: u16) -> Value {
    let (name, message) = match status {
        401 => (
            "missing_api_key",
            "Missing API key in the authorization header.",
        ),
        422 => ("validation_error", "Invalid `to` field."),
        429 => (
            "rate_limit_exceeded",
            "Too many requests. You can only make 2 requests per second.",
        ),
        _ => ("internal_server_error", "An unexpected error occurred."),
    };
    json!({ "statusCode": status, "name": name, "message": message })
}

/// Resend.
pub fn resend(call: &Call<'_>, journeys: &mut Journeys<'_>, fault: Option<&Fault>) -> Reply {
    if call.header("authorization") != Some(&format!("Bearer {KEY}")) {
        return Reply::json(401, resend_error(401));
    }
    if call.method != "POST" || call.path != "/emails" {
        return Reply::json(
            404,
            json!({ "statusCode": 404, "name": "not_found", "message": "Not found" }),
        );
    }
    if let Some(reply) = fault.and_then(|f| fault_reply(f, resend_error)) {
        return reply;
    }
    let body: Value = serde_json::from_str(&call.body).unwrap_or(Value::Null);
    let Some(to) = body["to"][0].as_str().filter(|t| t.contains('@')) else {
        return Reply::json(422, resend_error(422));
    };
    let key = call
        .header("idempotency-key")
        .unwrap_or_default()
        .to_owned();
    if let Some(id) = journeys.sent_before("resend", &key) {
        return Reply::json(200, json!({ "id": id }));
    }
    let headers = body["headers"]
        .as_object()
        .map(|h| {
            h.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let id = journeys.deliver(
        &key,
        Delivered {
            provider: "resend".into(),
            id: String::new(),
            to: to.to_owned(),
            subject: body["subject"].as_str().unwrap_or_default().to_owned(),
            text: body["text"].as_str().unwrap_or_default().to_owned(),
            html: body["html"].as_str().unwrap_or_default().to_owned(),
            headers,
        },
    );
    Reply::json(200, json!({ "id": id }))
}

fn twilio_error(status: u16) -> Value {
    let (code, message) = match status {
        400 => (21211, "The 'To' number is not a valid phone number."),
        401 => (20003, "Authenticate"),
        429 => (20429, "Too Many Requests"),
        _ => (20500, "Internal Server Error"),
    };
    json!({ "code": code, "message": message, "more_info": format!("https://www.twilio.com/docs/errors/{code}"), "status": status })
}

/// Twilio's Messages API.
pub fn twilio(call: &Call<'_>, journeys: &mut Journeys<'_>, fault: Option<&Fault>) -> Reply {
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{KEY}"));
    if call.header("authorization") != Some(&format!("Basic {basic}")) {
        return Reply::json(401, twilio_error(401));
    }
    let path = format!("/2010-04-01/Accounts/{CLIENT_ID}/Messages.json");
    if call.method != "POST" || call.path != path {
        return Reply::json(
            404,
            json!({ "code": 20404, "message": "The requested resource was not found", "status": 404 }),
        );
    }
    if let Some(reply) = fault.and_then(|f| fault_reply(f, twilio_error)) {
        return reply;
    }
    let form = form_pairs(&call.body);
    let get = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let to = get("To").unwrap_or_default();
    let e164 = to.len() > 8 && to.starts_with('+') && to[1..].bytes().all(|b| b.is_ascii_digit());
    if !e164 || (get("From").is_none() && get("MessagingServiceSid").is_none()) {
        return Reply::json(400, twilio_error(400));
    }
    let body = get("Body").unwrap_or_default();
    let sid = journeys.deliver(
        "",
        Delivered {
            provider: "twilio".into(),
            id: String::new(),
            to: to.clone(),
            subject: String::new(),
            text: body.clone(),
            html: String::new(),
            headers: Vec::new(),
        },
    );
    Reply::json(
        201,
        json!({ "sid": sid, "status": "queued", "to": to, "body": body, "num_segments": "1", "error_code": null }),
    )
}
