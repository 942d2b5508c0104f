//! Which connector serves which carrier, as a merchant configures it: for example all Chinese
//! carriers through Kuaidi100, UPS direct, everything else through 17TRACK:
//!
//! ```text
//! sf_express,zto,yto,sto,yunda,jd,china_post,china_ems:kuaidi100; ups:ups; *:17track
//! ```
//!
//! Without a rule, a carrier with its own connector uses it, and the sandbox serves itself.
//!
//! This is also the one resolver of a shipment from outside input ([`resolve`]): the API, the
//! hosted page, pushes and orders all name a shipment by (number, carrier named or not).

use std::fmt;

use crate::carriers::{self, Kind};
use crate::detect;
use crate::shipment::Key;

/// Carrier-to-connector rules, in the order written; `*` matches any carrier.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Routes {
    rules: Vec<(String, String)>,
}

/// Why a routes string is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutesError(String);

impl fmt::Display for RoutesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TRACKLINE_ROUTES: {}", self.0)
    }
}

impl std::error::Error for RoutesError {}

impl Routes {
    /// Parses `carrier,carrier:connector; ...`. Every connector must exist.
    pub fn parse(text: &str) -> Result<Routes, RoutesError> {
        let mut rules = Vec::new();
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (carriers, connector) = part
                .split_once(':')
                .ok_or_else(|| RoutesError(format!("{part:?} has no `:connector`")))?;
            let connector = connector.trim();
            if carriers::connector(connector).is_none() {
                return Err(RoutesError(format!(
                    "unknown connector {connector:?} in {part:?}"
                )));
            }
            for carrier in carriers.split(',').map(str::trim).filter(|c| !c.is_empty()) {
                rules.push((carrier.to_owned(), connector.to_owned()));
            }
        }
        Ok(Routes { rules })
    }

    /// The connector for `carrier`: the first matching rule, else the carrier's own connector.
    /// An aggregator named as the carrier (`?carrier=17track`) and a simulated carrier (the
    /// sandbox) serve themselves, whatever the rules say.
    pub fn connector_for(&self, carrier: &str) -> Option<&str> {
        if let Some(own) =
            carriers::connector(carrier).filter(|c| !matches!(c.info().kind, Kind::Carrier))
        {
            return Some(own.info().code);
        }
        self.rules
            .iter()
            .find(|(c, _)| c == carrier || c == "*")
            .map(|(_, connector)| connector.as_str())
            .or_else(|| carriers::connector(carrier).map(|c| c.info().code))
    }
}

/// Why no shipment could be named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// The carrier named is not a carrier code.
    UnknownCarrier(String),
    /// No carrier was named and none could be told from the number.
    NotDetected,
}

/// The carrier of (cleaned) `number`: the one `named`, if its code is well formed (any code:
/// aggregators push carriers Trackline has no table entry for, and such a shipment shows what
/// was pushed), else a connector that owns the number (the sandbox's test numbers), else the
/// likeliest detected carrier.
pub fn carrier_of(number: &str, named: Option<&str>) -> Result<String, Unresolved> {
    match named.map(str::trim).filter(|c| !c.is_empty()) {
        Some(carrier) if carriers::valid_code(carrier) => Ok(carrier.to_owned()),
        Some(carrier) => Err(Unresolved::UnknownCarrier(carrier.to_owned())),
        None => carriers::CONNECTORS
            .iter()
            .find(|c| c.owns(number))
            .map(|c| c.info().code)
            .or_else(|| carriers::detect_hint(number))
            .map(str::to_owned)
            .ok_or(Unresolved::NotDetected),
    }
}

/// True when Trackline knows `carrier` for `number`: a connector, a carrier the aggregators
/// name, or one detection finds in the number.
pub fn is_known(carrier: &str, number: &str) -> bool {
    carriers::connector(carrier).is_some()
        || carriers::known::lookup(carrier).is_some()
        || detect::detect(number)
            .iter()
            .any(|c| c.carrier.code == carrier)
}

/// The carrier of a tracking a merchant registers: resolved as [`carrier_of`], and then one
/// Trackline knows ([`is_known`]) or one a route sends somewhere (`*:17track` covers every
/// carrier). Anything else is a typo, refused before it is stored.
pub fn registrable(
    routes: &Routes,
    number: &str,
    named: Option<&str>,
) -> Result<String, Unresolved> {
    let carrier = carrier_of(number, named)?;
    if is_known(&carrier, number) || routes.connector_for(&carrier).is_some() {
        Ok(carrier)
    } else {
        Err(Unresolved::UnknownCarrier(carrier))
    }
}

/// The shipment for (cleaned) `number` and the carrier `named`, served by the connector the
/// routes give its carrier, else `fallback` (a push from an aggregator: that aggregator can
/// answer for it later too), else none: a push-only shipment, which shows what pushes brought.
pub fn resolve(
    routes: &Routes,
    number: &str,
    named: Option<&str>,
    fallback: &str,
) -> Result<Key, Unresolved> {
    let carrier = carrier_of(number, named)?;
    let connector = routes
        .connector_for(&carrier)
        .unwrap_or(fallback)
        .to_owned();
    Ok(Key {
        carrier,
        connector,
        number: number.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_resolver_for_every_route() {
        let routes = Routes::parse("*:17track").unwrap();
        let key = resolve(&routes, "1Z5R89390357567127", None, "").unwrap();
        assert_eq!(
            (key.carrier.as_str(), key.connector.as_str()),
            ("ups", "17track")
        );
        // The sandbox owns its numbers, whatever the rules.
        let key = resolve(&routes, "TL1000000001", None, "").unwrap();
        assert_eq!(
            (key.carrier.as_str(), key.connector.as_str()),
            ("sandbox", "sandbox")
        );
        // A named carrier wins over detection; one nobody serves falls back.
        let none = Routes::default();
        let key = resolve(&none, "1Z5R89390357567127", Some(" zto "), "aftership").unwrap();
        assert_eq!(
            (key.carrier.as_str(), key.connector.as_str()),
            ("zto", "aftership")
        );
        let key = resolve(&none, "1Z5R89390357567127", Some("some_courier"), "").unwrap();
        assert_eq!(key.connector, "", "push-only");
        assert_eq!(
            resolve(&none, "1Z", Some("<b>"), ""),
            Err(Unresolved::UnknownCarrier("<b>".into()))
        );
        assert_eq!(resolve(&none, "QQ", None, ""), Err(Unresolved::NotDetected));
        assert!(is_known("sandbox", "TL1000000001"));
        assert!(is_known("sf_express", "x"));
        assert!(!is_known("some_courier", "QQ"));
        // Merchants' typos are refused unless a route takes every carrier.
        assert_eq!(
            registrable(&none, "QQ", Some("some_courier")),
            Err(Unresolved::UnknownCarrier("some_courier".into()))
        );
        assert_eq!(
            registrable(&routes, "QQ", Some("some_courier")),
            Ok("some_courier".into())
        );
        assert_eq!(registrable(&none, "QQ", Some("zto")), Ok("zto".into()));
    }

    #[test]
    fn first_matching_rule_wins_and_own_connectors_are_the_default() {
        let routes = Routes::parse("sf_express, zto : dhl; ups:dhl ; *:dhl").unwrap();
        assert_eq!(routes.connector_for("zto"), Some("dhl"));
        assert_eq!(routes.connector_for("anything"), Some("dhl"));
        assert_eq!(
            routes.connector_for("sandbox"),
            Some("sandbox"),
            "the sandbox always serves itself"
        );
        let wildcard = Routes::parse("*:17track").unwrap();
        assert_eq!(
            wildcard.connector_for("aftership"),
            Some("aftership"),
            "an aggregator named serves itself"
        );
        assert_eq!(
            wildcard.connector_for("ups"),
            Some("17track"),
            "a carrier follows the rules"
        );
        let none = Routes::default();
        assert_eq!(none.connector_for("dhl"), Some("dhl"));
        assert_eq!(none.connector_for("zto"), None);
    }

    #[test]
    fn mistakes_are_named() {
        assert!(Routes::parse("ups")
            .unwrap_err()
            .to_string()
            .contains("no `:connector`"));
        assert!(Routes::parse("ups:nope")
            .unwrap_err()
            .to_string()
            .contains("unknown connector \"nope\""));
        assert_eq!(Routes::parse("  ").unwrap(), Routes::default());
    }
}
