//! The senders' wire formats: the request each provider takes for a message, and what its
//! answer means. Email through Resend, Postmark or SendGrid (`EMAIL_PROVIDER`), SMS through
//! Twilio's Messages API (its status callbacks signed with `X-Twilio-Signature`), and the
//! merchant's own webhook, signed like the `trackline` push format. Pure: the edge sends the
//! request and hands back the answer.
//!
//! Every email carries `List-Unsubscribe` (the one-click link) and `List-Unsubscribe-Post:
//! List-Unsubscribe=One-Click` (RFC 8058), and an idempotency key where the provider takes one,
//! so a retried send is one email.

use base64::Engine;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use serde_json::json;
use sha1::Sha1;

use crate::carriers::{HttpRequest, HttpResponse};

/// An email provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailProvider {
    /// Resend: `POST /emails`, bearer key.
    Resend,
    /// Postmark: `POST /email`, `X-Postmark-Server-Token`.
    Postmark,
    /// SendGrid: `POST /v3/mail/send`, bearer key.
    SendGrid,
}

impl EmailProvider {
    /// The provider `EMAIL_PROVIDER` names (`resend`, `postmark`, `sendgrid`).
    pub fn from_name(name: &str) -> Option<EmailProvider> {
        match name.trim().to_ascii_lowercase().as_str() {
            "resend" => Some(EmailProvider::Resend),
            "postmark" => Some(EmailProvider::Postmark),
            "sendgrid" => Some(EmailProvider::SendGrid),
            _ => None,
        }
    }

    /// Its public API, when `EMAIL_BASE_URL` says nothing.
    pub fn default_base_url(self) -> &'static str {
        match self {
            EmailProvider::Resend => "https://api.resend.com",
            EmailProvider::Postmark => "https://api.postmarkapp.com",
            EmailProvider::SendGrid => "https://api.sendgrid.com",
        }
    }
}

/// One email to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email<'a> {
    /// `EMAIL_FROM`.
    pub from: &'a str,
    /// The buyer.
    pub to: &'a str,
    /// The subject (one line).
    pub subject: &'a str,
    /// The plain text.
    pub text: &'a str,
    /// The HTML.
    pub html: &'a str,
    /// The one-click unsubscribe URL.
    pub unsubscribe: &'a str,
    /// The notification's idempotency key.
    pub key: &'a str,
}

/// What a provider made of a send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// Taken; its id at the provider.
    Accepted {
        /// The provider's message id (empty when it gives none).
        id: String,
    },
    /// Not now: try again (after `after_secs` when the provider says).
    Retry {
        /// When to try again, if the provider said.
        after_secs: Option<u64>,
        /// Why.
        why: String,
    },
    /// Never: the recipient or the request is refused for good (a bad address, a number that
    /// cannot take SMS, an unsubscribed recipient at the provider, wrong credentials).
    Rejected {
        /// Why.
        why: String,
    },
}

/// The List-Unsubscribe headers of RFC 8058.
fn unsubscribe_headers(url: &str) -> [(&'static str, String); 2] {
    [
        ("List-Unsubscribe", format!("<{url}>")),
        (
            "List-Unsubscribe-Post",
            "List-Unsubscribe=One-Click".to_owned(),
        ),
    ]
}

/// The request that sends `email` through `provider` at `base_url` with `api_key`.
pub fn email_request(
    provider: EmailProvider,
    base_url: &str,
    api_key: &str,
    email: &Email<'_>,
) -> HttpRequest {
    let base = base_url.trim_end_matches('/');
    let [unsub, unsub_post] = unsubscribe_headers(email.unsubscribe);
    match provider {
        EmailProvider::Resend => HttpRequest::post(
            format!("{base}/emails"),
            "application/json",
            json!({
                "from": email.from,
                "to": [email.to],
                "subject": email.subject,
                "html": email.html,
                "text": email.text,
                "headers": { unsub.0: unsub.1, unsub_post.0: unsub_post.1 },
            })
            .to_string(),
        )
        .with_header("Authorization", &format!("Bearer {api_key}"))
        .with_header("Idempotency-Key", email.key),
        EmailProvider::Postmark => HttpRequest::post(
            format!("{base}/email"),
            "application/json",
            json!({
                "From": email.from,
                "To": email.to,
                "Subject": email.subject,
                "HtmlBody": email.html,
                "TextBody": email.text,
                "MessageStream": "outbound",
                "Headers": [
                    { "Name": unsub.0, "Value": unsub.1 },
                    { "Name": unsub_post.0, "Value": unsub_post.1 },
                ],
                "Metadata": { "trackline_key": email.key },
            })
            .to_string(),
        )
        .with_header("X-Postmark-Server-Token", api_key)
        .with_header("Accept", "application/json"),
        EmailProvider::SendGrid => HttpRequest::post(
            format!("{base}/v3/mail/send"),
            "application/json",
            json!({
                "personalizations": [ { "to": [ { "email": email.to } ] } ],
                "from": { "email": email.from },
                "subject": email.subject,
                "content": [
                    { "type": "text/plain", "value": email.text },
                    { "type": "text/html", "value": email.html },
                ],
                "headers": { unsub.0: unsub.1, unsub_post.0: unsub_post.1 },
                "custom_args": { "trackline_key": email.key },
            })
            .to_string(),
        )
        .with_header("Authorization", &format!("Bearer {api_key}")),
    }
}

/// A provider's transient trouble (429, 5xx, a timeout) is retried; a refusal is not.
fn by_status(response: &HttpResponse, why: String) -> Delivery {
    match response.status {
        408 | 425 | 429 | 500..=599 => Delivery::Retry {
            after_secs: response.retry_after(),
            why,
        },
        _ => Delivery::Rejected { why },
    }
}

#[derive(Deserialize)]
struct ResendAnswer {
    id: Option<String>,
    message: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PostmarkAnswer {
    #[serde(rename = "MessageID")]
    message_id: Option<String>,
    error_code: Option<i64>,
    message: Option<String>,
}

/// What `provider`'s answer to a send means.
pub fn email_outcome(provider: EmailProvider, response: &HttpResponse) -> Delivery {
    let body = &response.body;
    match provider {
        EmailProvider::Resend => {
            let answer: Option<ResendAnswer> = serde_json::from_str(body).ok();
            match (response.status, answer) {
                (200..=299, Some(ResendAnswer { id: Some(id), .. })) => Delivery::Accepted { id },
                (200..=299, _) => Delivery::Retry {
                    after_secs: None,
                    why: "Resend accepted without an id".into(),
                },
                (_, answer) => by_status(
                    response,
                    format!(
                        "Resend answered {}: {}",
                        response.status,
                        answer.and_then(|a| a.message).unwrap_or_default()
                    ),
                ),
            }
        }
        EmailProvider::Postmark => {
            let answer: Option<PostmarkAnswer> = serde_json::from_str(body).ok();
            let code = answer.as_ref().and_then(|a| a.error_code).unwrap_or(-1);
            let message = answer
                .as_ref()
                .and_then(|a| a.message.clone())
                .unwrap_or_default();
            match (response.status, code) {
                (200..=299, 0) => Delivery::Accepted {
                    id: answer.and_then(|a| a.message_id).unwrap_or_default(),
                },
                // 406: the recipient is inactive (bounced, complained, unsubscribed); 300: a
                // malformed address. Neither will work later.
                (_, 300 | 406) => Delivery::Rejected {
                    why: format!("Postmark {code}: {message}"),
                },
                _ => by_status(response, format!("Postmark {code}: {message}")),
            }
        }
        EmailProvider::SendGrid => match response.status {
            200..=299 => Delivery::Accepted {
                id: response
                    .header("x-message-id")
                    .unwrap_or_default()
                    .to_owned(),
            },
            _ => by_status(response, format!("SendGrid answered {}", response.status)),
        },
    }
}

/// What a path segment may hold as it is (RFC 3986 unreserved); the rest is percent-encoded.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// One SMS to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sms<'a> {
    /// `TWILIO_FROM`: a number, or a Messaging Service SID (`MG...`).
    pub from: &'a str,
    /// The buyer's number (E.164).
    pub to: &'a str,
    /// The text.
    pub body: &'a str,
    /// Where Twilio reports the message's fate.
    pub status_callback: &'a str,
}

/// The request that sends `sms` through Twilio's Messages API.
pub fn sms_request(
    base_url: &str,
    account_sid: &str,
    auth_token: &str,
    sms: &Sms<'_>,
) -> HttpRequest {
    let from_field = if sms.from.starts_with("MG") {
        "MessagingServiceSid"
    } else {
        "From"
    };
    let form = form_urlencoded::Serializer::new(String::new())
        .append_pair("To", sms.to)
        .append_pair(from_field, sms.from)
        .append_pair("Body", sms.body)
        .append_pair("StatusCallback", sms.status_callback)
        .finish();
    let basic =
        base64::engine::general_purpose::STANDARD.encode(format!("{account_sid}:{auth_token}"));
    HttpRequest::post(
        format!(
            "{}/2010-04-01/Accounts/{}/Messages.json",
            base_url.trim_end_matches('/'),
            percent_encoding::utf8_percent_encode(account_sid, SEGMENT)
        ),
        "application/x-www-form-urlencoded",
        form,
    )
    .with_header("Authorization", &format!("Basic {basic}"))
}

#[derive(Deserialize)]
struct TwilioAnswer {
    sid: Option<String>,
    code: Option<i64>,
    message: Option<String>,
}

/// What Twilio's answer to a send means.
pub fn sms_outcome(response: &HttpResponse) -> Delivery {
    let answer: Option<TwilioAnswer> = serde_json::from_str(&response.body).ok();
    match (response.status, answer) {
        (200..=299, Some(TwilioAnswer { sid: Some(sid), .. })) => Delivery::Accepted { id: sid },
        (200..=299, _) => Delivery::Retry {
            after_secs: None,
            why: "Twilio accepted without a sid".into(),
        },
        (_, answer) => {
            let code = answer.as_ref().and_then(|a| a.code).unwrap_or_default();
            let message = answer.and_then(|a| a.message).unwrap_or_default();
            by_status(response, format!("Twilio {code}: {message}"))
        }
    }
}

/// True when `signature` (`X-Twilio-Signature`) is Twilio's for a POST to `url` with form
/// `params`: base64 of HMAC-SHA1 with the auth token over the URL followed by every
/// parameter's name and value, sorted by name. Compared in constant time.
pub fn twilio_signature_ok(
    auth_token: &str,
    url: &str,
    params: &[(String, String)],
    signature: &str,
) -> bool {
    if auth_token.is_empty() {
        return false;
    }
    let Ok(given) = base64::engine::general_purpose::STANDARD.decode(signature.trim()) else {
        return false;
    };
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(auth_token.as_bytes()) else {
        return false;
    };
    mac.update(url.as_bytes());
    for (name, value) in sorted {
        mac.update(name.as_bytes());
        mac.update(value.as_bytes());
    }
    mac.verify_slice(&given).is_ok()
}

/// An SMS's fate, from Twilio's status callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsStatus {
    /// The message's sid.
    pub sid: String,
    /// `queued`, `sent`, `delivered`, `undelivered`, `failed`, ...
    pub status: String,
    /// Twilio's error code, for a failure.
    pub error_code: Option<String>,
}

/// Reads a verified status callback's form; `None` when it is not one.
pub fn sms_status(params: &[(String, String)]) -> Option<SmsStatus> {
    let get = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.chars().take(64).collect::<String>())
    };
    Some(SmsStatus {
        sid: get("MessageSid").filter(|s| !s.is_empty())?,
        status: get("MessageStatus").filter(|s| !s.is_empty())?,
        error_code: get("ErrorCode").filter(|s| !s.is_empty()),
    })
}

/// The request that hands a notification to the merchant's own webhook: `payload` signed with
/// the merchant's push secret at `now`, like the `trackline` push format
/// (`trackline-signature: t=...,v1=...`), with the idempotency key.
pub fn webhook_request(
    url: &str,
    secret: &str,
    now: i64,
    payload: &serde_json::Value,
    key: &str,
) -> HttpRequest {
    let body = payload.to_string();
    let signature = crate::webhook::sign(secret, now, &body);
    HttpRequest::post(url.to_owned(), "application/json", body)
        .with_header("trackline-signature", &signature)
        .with_header("Idempotency-Key", key)
}

/// What the merchant's webhook answered: any 2xx takes it; 429 and 5xx are retried; the rest
/// is refused.
pub fn webhook_outcome(response: &HttpResponse) -> Delivery {
    match response.status {
        200..=299 => Delivery::Accepted { id: String::new() },
        _ => by_status(
            response,
            format!("the merchant's webhook answered {}", response.status),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email() -> Email<'static> {
        Email {
            from: "Maple & Co <updates@maple.example>",
            to: "buyer@example.com",
            subject: "Maple & Co: Delivered",
            text: "Delivered",
            html: "<p>Delivered</p>",
            unsubscribe: "https://t.example/v1/notifications/unsubscribe?t=abc",
            key: "ups:1Z|email|delivered|1",
        }
    }

    fn json_body(r: &HttpRequest) -> serde_json::Value {
        serde_json::from_str(r.body.as_deref().unwrap()).unwrap()
    }

    #[test]
    fn each_email_provider_gets_its_own_shape_with_one_click_unsubscribe() {
        let r = email_request(
            EmailProvider::Resend,
            "http://127.0.0.1:9/resend/",
            "re_key",
            &email(),
        );
        assert_eq!(r.url, "http://127.0.0.1:9/resend/emails");
        assert_eq!(r.header("Authorization"), Some("Bearer re_key"));
        assert_eq!(
            r.header("Idempotency-Key"),
            Some("ups:1Z|email|delivered|1")
        );
        let b = json_body(&r);
        assert_eq!(b["to"][0], "buyer@example.com");
        assert_eq!(
            b["headers"]["List-Unsubscribe"],
            "<https://t.example/v1/notifications/unsubscribe?t=abc>"
        );
        assert_eq!(
            b["headers"]["List-Unsubscribe-Post"],
            "List-Unsubscribe=One-Click"
        );

        let r = email_request(
            EmailProvider::Postmark,
            "http://127.0.0.1:9/pm",
            "pm_key",
            &email(),
        );
        assert_eq!(r.url, "http://127.0.0.1:9/pm/email");
        assert_eq!(r.header("X-Postmark-Server-Token"), Some("pm_key"));
        let b = json_body(&r);
        assert_eq!(b["To"], "buyer@example.com");
        assert_eq!(b["Headers"][1]["Value"], "List-Unsubscribe=One-Click");

        let r = email_request(
            EmailProvider::SendGrid,
            "http://127.0.0.1:9/sg",
            "sg_key",
            &email(),
        );
        assert_eq!(r.url, "http://127.0.0.1:9/sg/v3/mail/send");
        let b = json_body(&r);
        assert_eq!(
            b["personalizations"][0]["to"][0]["email"],
            "buyer@example.com"
        );
        assert_eq!(b["content"][1]["type"], "text/html");
        assert_eq!(
            EmailProvider::from_name(" SendGrid "),
            Some(EmailProvider::SendGrid)
        );
        assert_eq!(EmailProvider::from_name("mailchimp"), None);
    }

    #[test]
    fn provider_answers_are_accepted_retried_or_rejected() {
        let resp = |status: u16, body: &str| HttpResponse::new(status, body);
        assert_eq!(
            email_outcome(EmailProvider::Resend, &resp(200, r#"{"id":"49a3999c"}"#)),
            Delivery::Accepted {
                id: "49a3999c".into()
            }
        );
        assert!(matches!(
            email_outcome(EmailProvider::Resend, &resp(429, r#"{"statusCode":429,"name":"rate_limit_exceeded","message":"Too many requests"}"#).with_header("retry-after", "2")),
            Delivery::Retry { after_secs: Some(2), .. }
        ));
        assert!(matches!(
            email_outcome(EmailProvider::Resend, &resp(422, r#"{"statusCode":422,"name":"validation_error","message":"Invalid `to` field"}"#)),
            Delivery::Rejected { why } if why.contains("Invalid")
        ));
        assert!(matches!(
            email_outcome(EmailProvider::Resend, &resp(503, "")),
            Delivery::Retry { .. }
        ));
        assert_eq!(
            email_outcome(
                EmailProvider::Postmark,
                &resp(
                    200,
                    r#"{"To":"b@example.com","ErrorCode":0,"Message":"OK","MessageID":"b7bc2f4a"}"#
                )
            ),
            Delivery::Accepted {
                id: "b7bc2f4a".into()
            }
        );
        assert!(matches!(
            email_outcome(
                EmailProvider::Postmark,
                &resp(
                    422,
                    r#"{"ErrorCode":406,"Message":"You tried to send to a recipient that has been marked as inactive."}"#
                )
            ),
            Delivery::Rejected { .. }
        ));
        assert_eq!(
            email_outcome(
                EmailProvider::SendGrid,
                &resp(202, "").with_header("x-message-id", "sg-1")
            ),
            Delivery::Accepted { id: "sg-1".into() }
        );
        assert!(matches!(
            email_outcome(EmailProvider::SendGrid, &resp(401, "")),
            Delivery::Rejected { .. }
        ));
    }

    #[test]
    fn twilio_gets_a_form_and_its_callbacks_are_verified() {
        let sms = Sms {
            from: "+15005550006",
            to: "+14155550123",
            body: "Maple & Co: Delivered. https://t.example/t/1",
            status_callback: "https://t.example/v1/notifications/twilio",
        };
        let r = sms_request("http://127.0.0.1:9/twilio", "AC123", "token", &sms);
        assert_eq!(
            r.url,
            "http://127.0.0.1:9/twilio/2010-04-01/Accounts/AC123/Messages.json"
        );
        assert_eq!(r.header("Authorization"), Some("Basic QUMxMjM6dG9rZW4="));
        let form: Vec<(String, String)> =
            form_urlencoded::parse(r.body.as_deref().unwrap().as_bytes())
                .into_owned()
                .collect();
        assert!(form.contains(&("To".into(), "+14155550123".into())));
        assert!(form.contains(&("From".into(), "+15005550006".into())));
        let service = Sms {
            from: "MG0123",
            ..sms
        };
        assert!(sms_request("http://x", "AC1", "t", &service)
            .body
            .unwrap()
            .contains("MessagingServiceSid=MG0123"));

        assert_eq!(
            sms_outcome(&HttpResponse::new(
                201,
                r#"{"sid":"SM0001","status":"queued"}"#
            )),
            Delivery::Accepted {
                id: "SM0001".into()
            }
        );
        assert!(matches!(
            sms_outcome(&HttpResponse::new(400, r#"{"code":21211,"message":"The 'To' number is not a valid phone number.","status":400}"#)),
            Delivery::Rejected { why } if why.contains("21211")
        ));
        assert!(matches!(
            sms_outcome(&HttpResponse::new(500, "oops")),
            Delivery::Retry { .. }
        ));

        // Twilio's signature: HMAC-SHA1 over the URL and the sorted parameters.
        let url = "https://t.example/v1/notifications/twilio";
        let params: Vec<(String, String)> = vec![
            ("MessageStatus".into(), "delivered".into()),
            ("MessageSid".into(), "SM0001".into()),
            ("AccountSid".into(), "AC123".into()),
        ];
        let signature = {
            let mut mac = Hmac::<Sha1>::new_from_slice(b"token").unwrap();
            mac.update(b"https://t.example/v1/notifications/twilioAccountSidAC123MessageSidSM0001MessageStatusdelivered");
            base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
        };
        assert!(twilio_signature_ok("token", url, &params, &signature));
        assert!(!twilio_signature_ok("other", url, &params, &signature));
        assert!(!twilio_signature_ok(
            "token",
            "https://t.example/elsewhere",
            &params,
            &signature
        ));
        assert!(!twilio_signature_ok("", url, &params, &signature));
        assert!(!twilio_signature_ok("token", url, &params, "not base64!"));
        let status = sms_status(&params).unwrap();
        assert_eq!(
            (status.sid.as_str(), status.status.as_str()),
            ("SM0001", "delivered")
        );
        assert_eq!(sms_status(&[]), None);
    }

    #[test]
    fn the_merchants_webhook_gets_a_signed_body() {
        let payload = json!({ "event": "notification", "trigger": "delivered" });
        let r = webhook_request(
            "https://shop.example/hooks/trackline",
            "s3cret",
            1_800_000_000,
            &payload,
            "k1",
        );
        let signature = r.header("trackline-signature").unwrap();
        assert_eq!(
            signature,
            crate::webhook::sign("s3cret", 1_800_000_000, r.body.as_deref().unwrap())
        );
        assert_eq!(
            webhook_outcome(&HttpResponse::new(204, "")),
            Delivery::Accepted { id: String::new() }
        );
        assert!(matches!(
            webhook_outcome(&HttpResponse::new(503, "")),
            Delivery::Retry { .. }
        ));
        assert!(matches!(
            webhook_outcome(&HttpResponse::new(410, "")),
            Delivery::Rejected { .. }
        ));
    }

    proptest::proptest! {
        /// Any answer from any provider is read without a panic.
        #[test]
        fn no_answer_makes_a_sender_panic(status in 100u16..600, body in ".{0,200}") {
            let r = HttpResponse::new(status, &body);
            for p in [EmailProvider::Resend, EmailProvider::Postmark, EmailProvider::SendGrid] {
                let _ = email_outcome(p, &r);
            }
            let _ = sms_outcome(&r);
            let _ = webhook_outcome(&r);
        }

        /// Any callback form is checked and read without a panic, and no made-up signature
        /// passes.
        #[test]
        fn no_callback_makes_twilio_verification_panic(
            params in proptest::collection::vec((".{0,20}", ".{0,40}"), 0..8),
            signature in ".{0,40}",
        ) {
            proptest::prop_assert!(!twilio_signature_ok("token", "https://t.example/cb", &params, &signature));
            let _ = sms_status(&params);
        }
    }
}
