//! What the aggregator connectors (17TRACK, AfterShip, Kuaidi100) share: tracking numbers from
//! pushes, hex digests and constant-time signature checks.
//!
//! An aggregator tracks parcels of many carriers; when it says which one moves a parcel,
//! Trackline shows that carrier (its name and own tracking page, from [`super::known`]), not
//! the aggregator.

use chrono::{DateTime, FixedOffset, NaiveDate};
use subtle::ConstantTimeEq;

use super::{keywords, PushError};
use crate::model::{Status, Substatus};

/// An aggregator's event status: its code, refined by the carrier's words where the code is
/// coarse (plain "in transit" or "exception" without detail, when the words say more), and
/// read from the words alone (else "in transit") when there is no code it documents.
pub fn refine(
    coded: Option<(Status, Option<Substatus>)>,
    words: &str,
) -> (Status, Option<Substatus>) {
    match (coded, keywords::classify(words)) {
        (Some((Status::InTransit | Status::Exception, None)), Some(guess)) => guess,
        (Some(coded), _) => coded,
        (None, guess) => guess.unwrap_or((Status::InTransit, None)),
    }
}

/// The carrier of a push that carries no tracking (only that it stopped), by its code.
pub fn carrier_for(code: Option<&str>) -> crate::model::Carrier {
    let code = code.unwrap_or_default();
    match super::known::lookup(code) {
        Some(known) => known.model("", None),
        None => crate::model::Carrier {
            code: code.to_owned(),
            name: code.to_owned(),
            tracking_url: None,
        },
    }
}

/// A tracking number from a push, cleaned like a typed one (upper case, no spaces or
/// dashes), or why it is not one.
pub fn push_number(raw: &str) -> Result<String, PushError> {
    crate::number::clean(raw).map_err(|e| PushError::Malformed(format!("tracking number: {e}")))
}

/// Lower-case hex of `bytes`.
pub fn hex_lower(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

/// Upper-case hex of `bytes`.
pub fn hex_upper(bytes: &[u8]) -> String {
    hex::encode_upper(bytes)
}

/// The bytes written in hex (either case), or `None` when it is not hex.
pub fn hex_decode(text: &str) -> Option<Vec<u8>> {
    hex::decode(text.trim()).ok()
}

/// True when `given` (hex, either case) is `expected`, compared in constant time.
pub fn hex_signature_matches(expected: &[u8], given: Option<&str>) -> bool {
    match given.and_then(hex_decode) {
        Some(given) => bool::from(given.as_slice().ct_eq(expected)),
        None => false,
    }
}

/// Reads a JSON string or number as text (providers send `"0"` or `0` for the same field);
/// null or missing is `None`, anything else is an error.
pub fn lenient_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    use serde::Deserialize;
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::String(s) => Ok(Some(s)),
        serde_json::Value::Number(n) => Ok(Some(n.to_string())),
        other => Err(serde::de::Error::custom(format!(
            "expected a string or a number, got {other}"
        ))),
    }
}

/// Reads a JSON number or a numeric string as a float; null, missing or unreadable is `None`
/// (coordinates are a nicety, never a reason to drop an answer).
pub fn lenient_f64<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    use serde::Deserialize;
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

/// The instants an estimate names: a day (`2026-11-21`, taken as that whole day at
/// `offset`) or a time (`2026-11-21T18:00:00+01:00`, without an offset taken at `offset`).
pub fn span(
    text: &str,
    offset: FixedOffset,
) -> Option<(DateTime<FixedOffset>, DateTime<FixedOffset>)> {
    let text = text.trim();
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        let start = day
            .and_hms_opt(0, 0, 0)?
            .and_local_timezone(offset)
            .single()?;
        let end = day
            .and_hms_opt(23, 59, 59)?
            .and_local_timezone(offset)
            .single()?;
        return Some((start, end));
    }
    let at = super::time::parse(text, offset)?;
    Some((at, at))
}

/// A non-empty, trimmed copy of `text`.
pub fn non_empty(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_compares_in_either_case() {
        assert_eq!(hex_lower(&[0x00, 0xab, 0x7f]), "00ab7f");
        assert_eq!(hex_upper(&[0x00, 0xab, 0x7f]), "00AB7F");
        assert_eq!(hex_decode("00AB7f"), Some(vec![0x00, 0xab, 0x7f]));
        assert_eq!(hex_decode("abc"), None);
        assert_eq!(hex_decode("zz"), None);
        assert!(hex_signature_matches(&[0xab, 0xcd], Some("ABcd")));
        assert!(!hex_signature_matches(&[0xab, 0xcd], Some("abce")));
        assert!(!hex_signature_matches(&[0xab, 0xcd], Some("abcd00")));
        assert!(!hex_signature_matches(&[0xab, 0xcd], None));
    }

    #[test]
    fn push_numbers_are_cleaned() {
        assert_eq!(push_number(" ab 12-34 ").unwrap(), "AB1234");
        assert!(matches!(push_number("<>"), Err(PushError::Malformed(_))));
    }
}
