//! What the OAuth2 client-credentials carriers (UPS, FedEx, USPS) share: when to get a token,
//! what a token answer means, what a rejected bearer token means, and the small encodings their
//! requests need (HTTP Basic, form bodies, path segments). Private to the connectors.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::{parse_json, CarrierError, HttpResponse, Lookup, Outcome, Phase, Token};

/// The phase an OAuth connector starts with: a token first unless the cached one is still fresh.
pub(crate) fn first_phase(lookup: &Lookup<'_>) -> Phase {
    match lookup.token {
        Some(token) if token.is_fresh(lookup.now) => Phase::Track,
        _ => Phase::Token,
    }
}

/// The bearer token for the tracking request. The edge asks for it only after a token phase, so
/// a missing one means the exchange went wrong: reported as a credentials problem.
pub(crate) fn bearer<'a>(lookup: &Lookup<'a>) -> Result<&'a str, CarrierError> {
    lookup
        .token
        .map(|t| t.value.as_str())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| CarrierError::BadCredentials("no OAuth access token to send".to_owned()))
}

/// A token endpoint's answer. Carriers disagree on `expires_in` (UPS and the USPS examples send
/// a string, FedEx a number), so both are read.
#[derive(Deserialize)]
struct TokenAnswer {
    access_token: Option<Text>,
    expires_in: Option<Text>,
}

/// What the answer to a token request means: the token with its expiry, or why there is none.
/// A token without a readable lifetime is used for this lookup only (it expires at once).
pub(crate) fn token_outcome(lookup: &Lookup<'_>, response: &HttpResponse) -> Outcome {
    match response.status {
        200 | 201 => {}
        400 | 401 | 403 => {
            return Outcome::Error(CarrierError::BadCredentials(format!(
                "the token endpoint answered {}{}",
                response.status,
                error_words(&response.body)
                    .map(|w| format!(": {w}"))
                    .unwrap_or_default()
            )))
        }
        _ => return Outcome::Error(unexpected(response)),
    }
    let answer = match parse_json::<TokenAnswer>(&response.body) {
        Ok(answer) => answer,
        Err(e) => return Outcome::Error(e),
    };
    let Some(value) = text(&answer.access_token).map(str::to_owned) else {
        return Outcome::Error(CarrierError::NotUnderstood(
            "the token answer has no access_token".to_owned(),
        ));
    };
    let lifetime = text(&answer.expires_in)
        .and_then(|s| s.parse::<i64>().ok())
        .filter(|s| *s > 0)
        .unwrap_or(0);
    Outcome::Token(Token {
        value,
        expires_at: lookup.now.saturating_add(lifetime),
    })
}

/// The outcome of a tracking answer whose status is not 200 and that the connector did not
/// recognise itself: a rejected bearer token asks for a new one (the edge does that once),
/// everything else is the error every connector gives.
pub(crate) fn track_error(lookup: &Lookup<'_>, response: &HttpResponse) -> Outcome {
    match response.status {
        401 if lookup.token.is_some() => Outcome::Next(Phase::Token),
        404 => Outcome::Error(CarrierError::NotFound),
        _ => Outcome::Error(unexpected(response)),
    }
}

/// The error for a status code with no carrier-specific meaning.
pub(crate) fn unexpected(response: &HttpResponse) -> CarrierError {
    response.common_error().unwrap_or_else(|| {
        CarrierError::NotUnderstood(format!(
            "unexpected status {}{}",
            response.status,
            error_words(&response.body)
                .map(|w| format!(": {w}"))
                .unwrap_or_default()
        ))
    })
}

/// The human words of an error body, whatever its shape: OAuth (`error_description`), UPS
/// (`response.errors[].message`), FedEx (`errors[].message`), USPS (`error.message` and
/// `error.errors[].title`/`detail`). Cut short, as they end up in logs.
pub(crate) fn error_words(body: &str) -> Option<String> {
    let value: Value = serde_json::from_str(body).ok()?;
    let mut words = Vec::new();
    collect_words(&value, &mut words);
    let joined = words.join("; ");
    (!joined.is_empty()).then(|| joined.chars().take(200).collect())
}

/// Every error code in an error body (`code` fields at any depth), upper case.
pub(crate) fn error_codes(body: &str) -> Vec<String> {
    fn walk(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, v) in map {
                    match (key.as_str(), v) {
                        ("code", Value::String(s)) => out.push(s.to_ascii_uppercase()),
                        ("code", Value::Number(n)) => out.push(n.to_string()),
                        _ => walk(v, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(value) = serde_json::from_str::<Value>(body) {
        walk(&value, &mut out);
    }
    out
}

fn collect_words(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("message" | "error_description" | "title" | "detail", Value::String(s))
                        if !s.trim().is_empty() && !out.contains(s) =>
                    {
                        out.push(s.trim().to_owned())
                    }
                    _ => collect_words(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_words(v, out)),
        _ => {}
    }
}

/// `Authorization: Basic` credentials for `user:password` (RFC 7617).
pub(crate) fn basic(user: &str, password: &str) -> String {
    use base64::Engine;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
    )
}

/// Everything but RFC 3986's unreserved characters gets percent-encoded.
const RESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes everything but RFC 3986's unreserved characters: safe in a path segment, a
/// query value and an `application/x-www-form-urlencoded` value alike.
pub(crate) fn encode(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, RESERVED).to_string()
}

/// An `application/x-www-form-urlencoded` body.
pub(crate) fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Text a carrier may send as a JSON string, number or boolean (codes, ZIPs and lifetimes come
/// either way). Anything else reads as empty text, never as an error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Text(match Value::deserialize(deserializer)? {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => String::new(),
        }))
    }
}

/// The trimmed text of an optional field, `None` when missing or blank.
pub(crate) fn text(field: &Option<Text>) -> Option<&str> {
    field.as_ref().map(|t| t.0.trim()).filter(|t| !t.is_empty())
}

/// Reads a list that carriers sometimes send as `null` or as a single object.
pub(crate) fn list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany<T> {
        Many(Vec<T>),
        One(T),
        Nothing,
    }
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::Many(items) => items,
        OneOrMany::One(item) => vec![item],
        OneOrMany::Nothing => Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::carriers::Settings;

    fn lookup<'a>(settings: &'a Settings, token: Option<&'a Token>) -> Lookup<'a> {
        Lookup {
            number: "X",
            carrier_hint: None,
            settings,
            token,
            now: 1_000_000,
        }
    }

    fn answer(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: Vec::new(),
            body: body.to_owned(),
        }
    }

    #[test]
    fn basic_credentials_are_rfc_4648_base64() {
        // RFC 7617's example, and the three padding cases.
        assert_eq!(
            basic("Aladdin", "open sesame"),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(basic("a", ""), "Basic YTo=");
        assert_eq!(basic("ab", ""), "Basic YWI6");
        assert_eq!(basic("abc", "d"), "Basic YWJjOmQ=");
        assert_eq!(basic("é", "ü"), "Basic w6k6w7w=");
    }

    #[test]
    fn form_values_are_percent_encoded() {
        assert_eq!(
            form(&[
                ("grant_type", "client_credentials"),
                ("client_secret", "a+b/c= d&é")
            ]),
            "grant_type=client_credentials&client_secret=a%2Bb%2Fc%3D%20d%26%C3%A9"
        );
        assert_eq!(encode("1Z999AA10123456784"), "1Z999AA10123456784");
    }

    #[test]
    fn a_token_is_needed_unless_the_cached_one_is_fresh() {
        let s = Settings::default();
        let fresh = Token {
            value: "t".into(),
            expires_at: 1_000_000 + 3600,
        };
        let expiring = Token {
            value: "t".into(),
            expires_at: 1_000_000 + 30,
        };
        assert_eq!(first_phase(&lookup(&s, None)), Phase::Token);
        assert_eq!(first_phase(&lookup(&s, Some(&expiring))), Phase::Token);
        assert_eq!(first_phase(&lookup(&s, Some(&fresh))), Phase::Track);
    }

    #[test]
    fn token_lifetimes_are_read_as_strings_or_numbers() {
        let s = Settings::default();
        let l = lookup(&s, None);
        for body in [
            r#"{"access_token":"abc","expires_in":"14399"}"#,
            r#"{"access_token":"abc","expires_in":14399}"#,
        ] {
            assert_eq!(
                token_outcome(&l, &answer(200, body)),
                Outcome::Token(Token {
                    value: "abc".into(),
                    expires_at: 1_000_000 + 14399
                }),
                "{body}"
            );
        }
        assert_eq!(
            token_outcome(&l, &answer(200, r#"{"access_token":"abc"}"#)),
            Outcome::Token(Token {
                value: "abc".into(),
                expires_at: 1_000_000
            })
        );
        assert!(matches!(
            token_outcome(&l, &answer(200, r#"{"expires_in":1}"#)),
            Outcome::Error(CarrierError::NotUnderstood(_))
        ));
        assert_eq!(
            token_outcome(
                &l,
                &answer(
                    401,
                    r#"{"error":"invalid_client","error_description":"Client authentication failed"}"#
                )
            ),
            Outcome::Error(CarrierError::BadCredentials(
                "the token endpoint answered 401: Client authentication failed".into()
            ))
        );
    }

    #[test]
    fn error_bodies_give_their_words_and_codes() {
        let ups = r#"{"response":{"errors":[{"code":"151044","message":"No tracking information available"}]}}"#;
        assert_eq!(
            error_words(ups).as_deref(),
            Some("No tracking information available")
        );
        assert_eq!(error_codes(ups), vec!["151044".to_owned()]);
        let usps = r#"{"apiVersion":"v3","error":{"code":"404","message":"Not Found","errors":[{"status":"404","code":"1500","title":"Not Found"}]}}"#;
        assert_eq!(error_words(usps).as_deref(), Some("Not Found"));
        assert_eq!(error_codes(usps), vec!["404".to_owned(), "1500".to_owned()]);
        assert_eq!(error_words("<html>"), None);
    }
}
