//! Property tests for the readers of outside input that have no module of properties of their
//! own: number cleaning, detection, language negotiation, place filling and merchant input.
//! Whatever a visitor types or a carrier sends, each answers (or refuses) without panicking,
//! within its bounds. (Connectors and pushes: `carriers::hostile_tests`; the privacy filter,
//! the map, carrier times and merging: the `properties` module beside each.)

use proptest::prelude::*;

use crate::model::{checked_coordinates, Location};
use crate::texts::Lang;
use crate::tracking::CarrierReport;
use crate::{detect, geo, merchant, number};

/// Text as visitors paste it: any characters, tracking-number-like runs, separators.
fn pasted() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,80}",
        "[0-9A-Z \\-.]{0,50}",
        "(1Z|92|94|JD|SF|TL|LX|CN)[0-9A-Z]{0,30}",
    ]
}

proptest! {
    #[test]
    fn cleaning_keeps_only_letters_and_digits(input in pasted()) {
        if let Ok(n) = number::clean(&input) {
            prop_assert!(n.len() <= number::MAX_LEN);
            prop_assert!(n.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()));
        }
    }

    #[test]
    fn detection_answers_any_input_and_is_deterministic(input in pasted()) {
        let first = detect::detect(&input);
        prop_assert_eq!(first, detect::detect(&input));
    }

    #[test]
    fn language_negotiation_answers_any_header(header in "\\PC{0,120}", list in "([a-zA-Z\\-*]{0,8}(;q=[0-9.e\\-]{0,6})?,){0,8}") {
        let _ = Lang::negotiate(&header);
        let _ = Lang::best(&header);
        let _ = Lang::negotiate(&list);
        let _ = Lang::best(&list);
    }

    #[test]
    fn place_filling_keeps_only_real_positions(
        city in prop::option::of("\\PC{0,30}"),
        region in prop::option::of("\\PC{0,20}"),
        country in prop::option::of("[A-Za-z]{0,3}"),
        lat in prop::option::of(any::<f64>()),
        lon in prop::option::of(any::<f64>()),
    ) {
        let place = Location { city, region, postal_code: None, country, lat, lon };
        let mut report = CarrierReport {
            carrier: crate::sandbox::carrier(),
            events: Vec::new(),
            origin: Some(place.clone()),
            destination: Some(place),
            eta: None,
        };
        geo::fill(&mut report);
        for p in report.origin.iter().chain(report.destination.iter()) {
            prop_assert_eq!(checked_coordinates(p.lat, p.lon), (p.lat, p.lon));
        }
    }

    #[test]
    fn merchant_input_is_read_or_refused(order in "\\PC{0,80}", email in "\\PC{0,80}", origin in "\\PC{0,60}") {
        let _ = merchant::normalize_order_number(&order);
        let _ = merchant::normalize_email(&email);
        let _ = merchant::origin_allowed(&["https://shop.example".to_owned()], &origin);
        let _ = merchant::valid_merchant_id(&order);
    }
}
