//! A buyer's contacts (email, phone, name, language), sealed for storage: AES-256-GCM with a
//! key derived from the deployment's secret `TRACKLINE_CONTACTS_KEY`, bound to the merchant and
//! the order (a sealed value moved to another row does not open). Never shown in any answer or
//! log: only the senders open them.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// The secret the sealing key is derived from.
pub const SECRET: &str = "TRACKLINE_CONTACTS_KEY";

/// The longest name kept.
pub const MAX_NAME: usize = 100;

/// What a buyer can be reached by.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contacts {
    /// Their email, normalised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Their phone, E.164.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Their name, as the store gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Their language (a tag Trackline speaks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// A phone number as E.164 (`+` and 8 to 15 digits), from how people write them: spaces,
/// dashes, dots and brackets are dropped; `00` stands for `+`. `None` when it is not one.
pub fn normalize_phone(input: &str) -> Option<String> {
    let kept: String = input
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    let digits = kept.strip_prefix('+').or_else(|| kept.strip_prefix("00"))?;
    let ok = (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0');
    ok.then(|| format!("+{digits}"))
}

/// A name as kept: trimmed, control characters refused, at most [`MAX_NAME`] characters.
pub fn normalize_name(input: &str) -> Option<String> {
    let name = input.trim();
    (!name.is_empty() && name.chars().count() <= MAX_NAME && !name.chars().any(char::is_control))
        .then(|| name.to_owned())
}

fn cipher(secret: &str) -> Option<Aes256Gcm> {
    if secret.is_empty() {
        return None;
    }
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).ok()?;
    mac.update(b"trackline contacts v1");
    Aes256Gcm::new_from_slice(&mac.finalize().into_bytes()).ok()
}

/// `contacts` sealed with the deployment's `secret` for the row `bound_to` (merchant and
/// order), with a fresh random `nonce`: `v1.` and base64 of nonce and ciphertext. `None`
/// without a secret.
pub fn seal(secret: &str, nonce: [u8; 12], bound_to: &str, contacts: &Contacts) -> Option<String> {
    let plain = serde_json::to_vec(contacts).ok()?;
    let sealed = cipher(secret)?
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: &plain,
                aad: bound_to.as_bytes(),
            },
        )
        .ok()?;
    let mut out = nonce.to_vec();
    out.extend(sealed);
    Some(format!(
        "v1.{}",
        base64::engine::general_purpose::STANDARD.encode(out)
    ))
}

/// The contacts `sealed` holds, when it was sealed with `secret` for `bound_to`.
pub fn open(secret: &str, bound_to: &str, sealed: &str) -> Option<Contacts> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(sealed.strip_prefix("v1.")?)
        .ok()?;
    if bytes.len() < 12 + 16 {
        return None;
    }
    let (nonce, ciphertext) = bytes.split_at(12);
    let plain = cipher(secret)?
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad: bound_to.as_bytes(),
            },
        )
        .ok()?;
    serde_json::from_slice(&plain).ok()
}

/// The token of a one-click unsubscribe link for `merchant`'s order `order`: both, and a MAC
/// with a key derived from the deployment's `secret` (so the link works without storing
/// anything, and cannot be made for another order). `None` without a secret.
pub fn unsubscribe_token(secret: &str, merchant: &str, order: &str) -> Option<String> {
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(serde_json::to_vec(&(merchant, order)).ok()?);
    let tag = unsubscribe_mac(secret, &payload)?.finalize().into_bytes();
    Some(format!("{payload}.{}", hex::encode(&tag[..16])))
}

/// The (merchant, order) of an unsubscribe `token`, when it is one this deployment made.
pub fn read_unsubscribe_token(secret: &str, token: &str) -> Option<(String, String)> {
    if token.len() > 600 {
        return None;
    }
    let (payload, tag) = token.trim().split_once('.')?;
    let tag = hex::decode(tag).ok().filter(|t| t.len() == 16)?;
    unsubscribe_mac(secret, payload)?
        .verify_truncated_left(&tag)
        .ok()?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn unsubscribe_mac(secret: &str, payload: &str) -> Option<Hmac<Sha256>> {
    if secret.is_empty() {
        return None;
    }
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).ok()?;
    mac.update(b"trackline unsubscribe v1\n");
    mac.update(payload.as_bytes());
    Some(mac)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contacts() -> Contacts {
        Contacts {
            email: Some("buyer@example.com".into()),
            phone: Some("+14155550123".into()),
            name: Some("Ana Souza".into()),
            language: Some("pt-BR".into()),
        }
    }

    #[test]
    fn sealed_contacts_open_only_with_the_secret_and_in_their_row() {
        let sealed = seal("k3y", [7; 12], "shop|1042", &contacts()).unwrap();
        assert!(sealed.starts_with("v1."));
        assert!(!sealed.contains("buyer") && !sealed.contains("4155550123"));
        assert_eq!(open("k3y", "shop|1042", &sealed), Some(contacts()));
        assert_eq!(open("other", "shop|1042", &sealed), None, "another secret");
        assert_eq!(open("k3y", "shop|1043", &sealed), None, "another row");
        assert_eq!(
            seal("", [7; 12], "shop|1042", &contacts()),
            None,
            "no secret, nothing sealed"
        );
        // Tampered, truncated, or not sealed at all.
        let mut tampered = sealed.clone().into_bytes();
        let last = tampered.len() - 3;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        assert_eq!(
            open("k3y", "shop|1042", &String::from_utf8(tampered).unwrap()),
            None
        );
        assert_eq!(open("k3y", "shop|1042", "v1.AAAA"), None);
        assert_eq!(open("k3y", "shop|1042", "buyer@example.com"), None);
        // A fresh nonce each time: the same contacts never look the same twice.
        assert_ne!(
            sealed,
            seal("k3y", [8; 12], "shop|1042", &contacts()).unwrap()
        );
    }

    #[test]
    fn unsubscribe_tokens_name_their_order_and_cannot_be_made_up() {
        let token = unsubscribe_token("k3y", "shop", "#1042").unwrap();
        assert_eq!(
            read_unsubscribe_token("k3y", &token),
            Some(("shop".into(), "#1042".into()))
        );
        assert!(
            token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)),
            "URL-safe: {token}"
        );
        assert_eq!(read_unsubscribe_token("other", &token), None);
        let other_order = unsubscribe_token("k3y", "shop", "#1043").unwrap();
        let (payload, _) = other_order.split_once('.').unwrap();
        let (_, tag) = token.split_once('.').unwrap();
        assert_eq!(
            read_unsubscribe_token("k3y", &format!("{payload}.{tag}")),
            None,
            "swapped"
        );
        assert_eq!(unsubscribe_token("", "shop", "1"), None);
        for junk in ["", ".", "abc", "abc.zz", &"a".repeat(700)] {
            assert_eq!(read_unsubscribe_token("k3y", junk), None, "{junk:?}");
        }
    }

    #[test]
    fn phones_are_read_as_people_write_them() {
        for (given, expected) in [
            ("+1 (415) 555-0123", Some("+14155550123")),
            ("0086 138 0013 8000", Some("+8613800138000")),
            ("+49.30.1234567", Some("+49301234567")),
            ("4155550123", None),
            ("+0123456789", None),
            ("+1 415 CALL NOW", None),
            ("+1234567", None),
            ("+1234567890123456", None),
            ("", None),
        ] {
            assert_eq!(normalize_phone(given).as_deref(), expected, "{given:?}");
        }
        assert_eq!(normalize_name("  Ana Souza "), Some("Ana Souza".into()));
        assert_eq!(normalize_name("Ana\u{0}"), None);
        assert_eq!(normalize_name(&"x".repeat(101)), None);
    }

    proptest::proptest! {
        /// Nothing stored can make opening panic, and nothing but a sealed value opens.
        #[test]
        fn any_stored_value_is_opened_safely(stored in ".{0,200}", phone in ".{0,30}") {
            proptest::prop_assert_eq!(open("k3y", "shop|1", &stored), None);
            proptest::prop_assert_eq!(read_unsubscribe_token("k3y", &stored), None);
            let _ = normalize_phone(&phone);
            let _ = normalize_name(&phone);
        }
    }
}
