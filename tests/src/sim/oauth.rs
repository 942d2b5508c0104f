//! What the OAuth2 client-credentials carriers (UPS, FedEx, USPS) share in the simulator: the
//! client they accept, HTTP Basic credentials, and the bearer check of a tracking call.

use super::{Bearer, Call, Journeys, CLIENT_ID, KEY};

/// True for the client id and secret the simulator accepts.
pub fn client_ok(id: Option<&str>, secret: Option<&str>) -> bool {
    id == Some(CLIENT_ID) && secret == Some(KEY)
}

/// The user and password of an `Authorization: Basic` header (RFC 7617).
pub fn basic(header: Option<&str>) -> Option<(String, String)> {
    let encoded = header?.strip_prefix("Basic ")?.trim();
    let decoded = String::from_utf8(base64_decode(encoded)?).ok()?;
    let (user, password) = decoded.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

/// The bearer token of a tracking call, as `carrier` sees it.
pub fn bearer(call: &Call<'_>, journeys: &Journeys<'_>, carrier: &str) -> Bearer {
    journeys.bearer(carrier, call.header("authorization"))
}

/// Standard base64 with padding (RFC 4648), or `None` when it is not.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_basic_credentials() {
        assert_eq!(
            basic(Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")),
            Some(("Aladdin".into(), "open sesame".into()))
        );
        assert_eq!(basic(Some("Basic YTo=")), Some(("a".into(), String::new())));
        assert_eq!(basic(Some("Bearer x")), None);
        assert_eq!(basic(Some("Basic !!!!")), None);
    }
}
