//! The merchant side: registering an order's shipments and letting a buyer find them with the
//! order number and email, with no account. An order is found by a keyed hash of the email,
//! keyed with the deployment's pepper (a secret, never in the database) and a salt per
//! merchant, so a copy of the database alone cannot be searched for an email; the buyer's
//! contacts are otherwise kept only sealed ([`crate::contacts`]), for notifications. API keys
//! are stored hashed too.

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::number;

/// The most tracking numbers one order may carry.
pub const MAX_TRACKINGS: usize = 20;
/// The longest order number accepted.
pub const MAX_ORDER_NUMBER: usize = 64;

/// `POST /v1/shipments`: an order and its parcels.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Registration {
    /// The store's order number, as the buyer sees it.
    pub order_number: String,
    /// The buyer's email (kept as a keyed hash to find the order, and sealed for
    /// notifications: see [`crate::contacts`]).
    pub email: String,
    /// The parcels.
    pub trackings: Vec<TrackingRef>,
    /// The buyer's phone, for SMS (E.164 once validated).
    #[serde(default)]
    pub phone: Option<String>,
    /// The buyer's name, for the greeting.
    #[serde(default)]
    pub name: Option<String>,
    /// The buyer's language (a tag such as `pt-BR`), for the words of notifications.
    #[serde(default)]
    pub language: Option<String>,
}

/// One parcel of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackingRef {
    /// The tracking number.
    pub number: String,
    /// The carrier, when the merchant knows it.
    #[serde(default)]
    pub carrier: Option<String>,
}

/// Why a registration is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid(pub String);

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Invalid {}

impl Registration {
    /// Checks every field and cleans the tracking numbers; names the first problem found.
    pub fn validated(mut self) -> Result<Registration, Invalid> {
        self.order_number = normalize_order_number(&self.order_number)?;
        self.email = normalize_email(&self.email)
            .ok_or_else(|| Invalid("email is not an email address".into()))?;
        let given = |v: Option<String>| v.filter(|v| !v.trim().is_empty());
        self.phone = match given(self.phone.take()) {
            Some(p) => Some(crate::contacts::normalize_phone(&p).ok_or_else(|| {
                Invalid("phone: not a phone number in international form (+, country code, 8 to 15 digits)".into())
            })?),
            None => None,
        };
        self.name = match given(self.name.take()) {
            Some(n) => Some(crate::contacts::normalize_name(&n).ok_or_else(|| {
                Invalid(format!(
                    "name: at most {} characters, no control characters",
                    crate::contacts::MAX_NAME
                ))
            })?),
            None => None,
        };
        self.language = match given(self.language.take()) {
            Some(tag) => Some(
                crate::texts::Lang::from_tag(&tag)
                    .map(|l| l.tag().to_owned())
                    .ok_or_else(|| {
                        let known: Vec<&str> =
                            crate::texts::Lang::ALL.iter().map(|l| l.tag()).collect();
                        Invalid(format!("language: one of {}", known.join(", ")))
                    })?,
            ),
            None => None,
        };
        if self.trackings.is_empty() || self.trackings.len() > MAX_TRACKINGS {
            return Err(Invalid(format!(
                "an order has 1 to {MAX_TRACKINGS} tracking numbers"
            )));
        }
        for (i, t) in self.trackings.iter_mut().enumerate() {
            t.number = number::clean(&t.number)
                .map_err(|e| Invalid(format!("trackings[{i}].number: {e}")))?;
            t.carrier = t
                .carrier
                .take()
                .map(|c| c.trim().to_ascii_lowercase())
                .filter(|c| !c.is_empty());
        }
        // One parcel is one line: the same number twice is a mistake the merchant should see
        // (two parcels under one number cannot be told apart by anyone).
        for (i, t) in self.trackings.iter().enumerate() {
            if let Some(first) = self.trackings[..i]
                .iter()
                .position(|o| o.number == t.number)
            {
                return Err(Invalid(format!(
                    "trackings[{i}].number: {} is already trackings[{first}]",
                    t.number
                )));
            }
        }
        Ok(self)
    }
}

/// The order number as stored and looked up: trimmed, a leading `#` dropped ("#1042" and
/// "1042" are the same order to a buyer), case kept.
pub fn normalize_order_number(input: &str) -> Result<String, Invalid> {
    let order = input.trim().trim_start_matches('#').trim();
    if order.is_empty()
        || order.chars().count() > MAX_ORDER_NUMBER
        || order.chars().any(char::is_control)
    {
        return Err(Invalid(format!(
            "order_number must have 1 to {MAX_ORDER_NUMBER} printable characters"
        )));
    }
    Ok(order.to_owned())
}

/// The email as compared: trimmed and lower-cased; `None` when it cannot be an address.
pub fn normalize_email(input: &str) -> Option<String> {
    let email = input.trim().to_lowercase();
    let (local, domain) = email.split_once('@')?;
    let plausible = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    plausible.then_some(email)
}

/// The secret that keys every email hash (`wrangler secret put TRACKLINE_EMAIL_PEPPER`).
pub const PEPPER: &str = "TRACKLINE_EMAIL_PEPPER";

/// The keyed hash an email is stored as: HMAC-SHA256 keyed with the deployment's `pepper`, over
/// the merchant's salt and the email, in hex. Without a pepper (a deployment that has not set
/// one yet) the salt alone keys it, as before the pepper existed: [`email_hashes`] still finds
/// orders stored that way.
pub fn email_hash(pepper: &str, salt: &str, normalized_email: &str) -> String {
    let mut mac = if pepper.is_empty() {
        Hmac::<Sha256>::new_from_slice(salt.as_bytes())
    } else {
        Hmac::<Sha256>::new_from_slice(pepper.as_bytes())
    }
    .expect("HMAC takes keys of any length");
    if !pepper.is_empty() {
        mac.update(salt.as_bytes());
        mac.update(b"\n");
    }
    mac.update(normalized_email.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The hashes a lookup matches: the peppered one, and, while orders stored before the pepper
/// was set may exist, the salt-only one (registering the order again upgrades it).
pub fn email_hashes(pepper: &str, salt: &str, normalized_email: &str) -> [String; 2] {
    [
        email_hash(pepper, salt, normalized_email),
        email_hash("", salt, normalized_email),
    ]
}

/// The hash an API key is stored as (keys are random and long, so a plain SHA-256 suffices).
pub fn api_key_hash(key: &str) -> String {
    hex::encode(Sha256::digest(key.trim().as_bytes()))
}

/// A merchant id: 3 to 40 lower-case letters, digits and dashes.
pub fn valid_merchant_id(id: &str) -> bool {
    (3..=40).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// True when `origin` may call on behalf of a merchant that allows `allowed` (a list of
/// origins such as `https://shop.example`, or `*`).
pub fn origin_allowed(allowed: &[String], origin: &str) -> bool {
    allowed.iter().any(|a| {
        a == "*"
            || a.trim_end_matches('/')
                .eq_ignore_ascii_case(origin.trim_end_matches('/'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registration(order: &str, email: &str, numbers: &[&str]) -> Registration {
        Registration {
            order_number: order.into(),
            email: email.into(),
            trackings: numbers
                .iter()
                .map(|n| TrackingRef {
                    number: (*n).into(),
                    carrier: Some(" UPS ".into()),
                })
                .collect(),
            phone: None,
            name: None,
            language: None,
        }
    }

    #[test]
    fn contacts_come_with_the_order_checked() {
        let with = |phone: &str, name: &str, language: &str| Registration {
            phone: Some(phone.into()),
            name: Some(name.into()),
            language: Some(language.into()),
            ..registration("1042", "a@example.com", &["1Z999AA10123456784"])
        };
        let r = with("+1 415 555 0123", " Ana ", "pt-br")
            .validated()
            .unwrap();
        assert_eq!(r.phone.as_deref(), Some("+14155550123"));
        assert_eq!(r.name.as_deref(), Some("Ana"));
        assert_eq!(r.language.as_deref(), Some("pt-BR"));
        // Empty means not given.
        let r = with(" ", "", "").validated().unwrap();
        assert_eq!((r.phone, r.name, r.language), (None, None, None));
        // Each bad one is named.
        let e = with("555-0123", "Ana", "en").validated().unwrap_err();
        assert!(e.0.starts_with("phone:"), "{e}");
        let e = with("+14155550123", "Ana", "klingon")
            .validated()
            .unwrap_err();
        assert!(
            e.0.starts_with("language:") && e.0.contains("zh-Hans"),
            "{e}"
        );
        let e = with("+14155550123", "A\u{7}na", "en")
            .validated()
            .unwrap_err();
        assert!(e.0.starts_with("name:"), "{e}");
    }

    #[test]
    fn a_good_registration_is_cleaned() {
        let r = registration(" #1042 ", " Alex@Example.COM ", &["1z 999 aa1 0123456784"])
            .validated()
            .unwrap();
        assert_eq!(r.order_number, "1042");
        assert_eq!(r.email, "alex@example.com");
        assert_eq!(
            r.trackings[0],
            TrackingRef {
                number: "1Z999AA10123456784".into(),
                carrier: Some("ups".into())
            }
        );
    }

    #[test]
    fn bad_registrations_say_what_is_wrong() {
        let too_many: Vec<&str> = vec!["TL1000000001"; MAX_TRACKINGS + 1];
        let cases = [
            (
                registration("", "a@b.co", &["TL1000000001"]),
                "order_number",
            ),
            (
                registration(&"9".repeat(65), "a@b.co", &["TL1000000001"]),
                "order_number",
            ),
            (
                registration("1042", "not-an-email", &["TL1000000001"]),
                "email",
            ),
            (
                registration("1042", "a@localhost", &["TL1000000001"]),
                "email",
            ),
            (registration("1042", "a@b.co", &[]), "1 to 20"),
            (registration("1042", "a@b.co", &too_many), "1 to 20"),
            (
                registration("1042", "a@b.co", &["<script>"]),
                "trackings[0].number",
            ),
            // Issue 13: the same number twice was a 500 (a unique key in the database).
            (
                registration("1042", "a@b.co", &["TL1000000001", "tl 1000000001"]),
                "trackings[1].number: TL1000000001 is already trackings[0]",
            ),
        ];
        for (r, expected) in cases {
            let error = r.validated().unwrap_err().to_string();
            assert!(
                error.contains(expected),
                "{error} should mention {expected}"
            );
        }
    }

    #[test]
    fn emails_are_hashed_with_the_pepper_and_the_merchants_salt() {
        let a = email_hash("pepper", "salt-a", "alex@example.com");
        assert_eq!(a, email_hash("pepper", "salt-a", "alex@example.com"));
        assert_ne!(
            a,
            email_hash("pepper", "salt-b", "alex@example.com"),
            "salted per merchant"
        );
        assert_ne!(a, email_hash("pepper", "salt-a", "alex@example.org"));
        assert!(!a.contains("alex"));
        assert_eq!(a.len(), 64);
    }

    /// Issue 13: with the salt in the same table, a database copy alone could be searched for
    /// an email. Without the pepper, no guess of salt-keyed hashes matches the stored one.
    #[test]
    fn a_database_copy_without_the_pepper_cannot_be_searched() {
        let stored = email_hash("the-pepper", "salt-a", "alex@example.com");
        for guess in [
            email_hash("", "salt-a", "alex@example.com"),
            email_hash("salt-a", "salt-a", "alex@example.com"),
            email_hash("other-pepper", "salt-a", "alex@example.com"),
        ] {
            assert_ne!(stored, guess);
        }
        // Orders stored before the pepper was set are still found.
        let legacy = email_hash("", "salt-a", "alex@example.com");
        assert!(email_hashes("the-pepper", "salt-a", "alex@example.com").contains(&legacy));
        assert!(email_hashes("the-pepper", "salt-a", "alex@example.com").contains(&stored));
    }

    #[test]
    fn origins_and_ids() {
        let allowed = vec!["https://shop.example".to_owned()];
        assert!(origin_allowed(&allowed, "https://SHOP.example/"));
        assert!(!origin_allowed(&allowed, "https://evil.example"));
        assert!(origin_allowed(
            &["*".to_owned()],
            "https://anything.example"
        ));
        assert!(
            valid_merchant_id("fern-and-finch")
                && !valid_merchant_id("Fern")
                && !valid_merchant_id("ab")
        );
    }
}
