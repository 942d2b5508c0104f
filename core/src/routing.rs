//! Which connector serves which carrier, as a merchant configures it: for example all Chinese
//! carriers through Kuaidi100, UPS direct, everything else through 17TRACK:
//!
//! ```text
//! sf_express,zto,yto,sto,yunda,jd,china_post,china_ems:kuaidi100; ups:ups; *:17track
//! ```
//!
//! Without a rule, a carrier with its own connector uses it, and the sandbox serves itself.

use std::fmt;

use crate::carriers;
use crate::sandbox;

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
            if connector != sandbox::CODE && carriers::connector(connector).is_none() {
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
    /// An aggregator named as the carrier (`?carrier=17track`) serves itself, whatever the
    /// rules say.
    pub fn connector_for(&self, carrier: &str) -> Option<&str> {
        if carrier == sandbox::CODE {
            return Some(sandbox::CODE);
        }
        if let Some(aggregator) = carriers::connector(carrier).filter(|c| c.info().aggregator) {
            return Some(aggregator.info().code);
        }
        self.rules
            .iter()
            .find(|(c, _)| c == carrier || c == "*")
            .map(|(_, connector)| connector.as_str())
            .or_else(|| carriers::connector(carrier).map(|c| c.info().code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
