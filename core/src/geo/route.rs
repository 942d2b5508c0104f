//! The route a buyer sees on the map: origin, the scans' places in time order and the
//! destination, projected (equirectangular: `x` = longitude, `y` = minus latitude, in degrees,
//! the same projection as the land outlines the edge serves), with the part already travelled,
//! the current position and the window (SVG `viewBox`) that frames them.
//!
//! Longitudes are unwrapped so a leg never runs the long way round: Shenzhen to Chicago
//! crosses the Pacific, ending at `x` = 272 rather than -88 (the map draws the land a second
//! time 360 degrees to the east or west for that).

use crate::model::{checked_coordinates, Location, Status, Substatus, Tracking};

/// One place on the route, projected.
#[derive(Debug, Clone, PartialEq)]
pub struct Stop {
    /// Longitude, unwrapped (may leave -180..180 on routes crossing the antimeridian).
    pub x: f64,
    /// Minus latitude.
    pub y: f64,
    /// The place as the buyer reads it ("Shenzhen, Guangdong, CN").
    pub label: String,
}

/// What the map draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// Origin, scan places (oldest first) and destination, without repeats.
    pub stops: Vec<Stop>,
    /// Index in `stops` of where the parcel is now; stops after it are still ahead.
    pub current: usize,
}

/// A window on the map: `x`, `y` of the top-left corner, width and height, in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ViewBox {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// Places closer than this (degrees) count as the same stop.
const SAME_PLACE: f64 = 0.05;
/// The map's shape: twice as wide as high.
const ASPECT: f64 = 2.0;
/// The smallest window (degrees of longitude), so a city-to-city route still shows its region.
const MIN_WIDTH: f64 = 16.0;

/// The route of `tracking`, when at least two distinct places on it are known.
pub fn route(tracking: &Tracking) -> Option<Route> {
    let mut stops: Vec<Stop> = Vec::new();
    let mut push = |place: &Location| -> Option<usize> {
        let (lat, lon) = checked_coordinates(place.lat, place.lon);
        let (lat, lon) = (lat?, lon?);
        let mut x = lon;
        if let Some(last) = stops.last() {
            // Take the short way round the globe: the whole turns to add come from one division
            // (and `floor`, a single wasm instruction, where `rem_euclid` would pull a software
            // `fmod` into the widget), so the work is the same whatever the numbers.
            x -= 360.0 * ((x - last.x + 180.0) / 360.0).floor();
            if (last.x - x).abs() < SAME_PLACE && (last.y + lat).abs() < SAME_PLACE {
                return Some(stops.len() - 1);
            }
        }
        stops.push(Stop {
            x,
            y: -lat,
            label: place.label(),
        });
        Some(stops.len() - 1)
    };
    let mut current = tracking.origin.as_ref().and_then(&mut push).unwrap_or(0);
    // Events are newest first; the route runs oldest first.
    for place in tracking
        .events
        .iter()
        .rev()
        .filter_map(|e| e.location.as_ref())
    {
        if let Some(at) = push(place) {
            current = at;
        }
    }
    // A parcel on its way back, returned, refused, lost or cancelled is not going to the
    // destination: drawing the way there would promise what will not happen.
    let abandoned = matches!(
        tracking.substatus,
        Some(
            Substatus::ReturningToSender
                | Substatus::ReturnedToSender
                | Substatus::Refused
                | Substatus::Lost
                | Substatus::Cancelled
        )
    );
    let end = if abandoned {
        None
    } else {
        tracking.destination.as_ref().and_then(&mut push)
    };
    if tracking.status == Status::Delivered {
        current = end.unwrap_or(current);
    }
    (stops.len() >= 2).then_some(Route { stops, current })
}

impl Route {
    /// The window framing every stop with a margin, at least [`MIN_WIDTH`] wide, twice as wide
    /// as high: a domestic route shows its region, a cross-border one its continents.
    pub fn view_box(&self) -> ViewBox {
        let xs = self.stops.iter().map(|s| s.x);
        let ys = self.stops.iter().map(|s| s.y);
        let (min_x, max_x) = xs.fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(x), b.max(x)));
        let (min_y, max_y) = ys.fold((f64::MAX, f64::MIN), |(a, b), y| (a.min(y), b.max(y)));
        let margin = ((max_x - min_x).max(max_y - min_y) * 0.15).max(3.0);
        let mut width = (max_x - min_x + 2.0 * margin).max(MIN_WIDTH);
        let mut height = max_y - min_y + 2.0 * margin;
        if width < height * ASPECT {
            width = height * ASPECT;
        } else {
            height = width / ASPECT;
        }
        // Beyond the poles there is nothing to show.
        let height = height.min(170.0);
        let y = ((min_y + max_y - height) / 2.0).clamp(-85.0, 85.0 - height);
        ViewBox {
            x: (min_x + max_x - width) / 2.0,
            y,
            width,
            height,
        }
    }

    /// The stops already passed, up to and including the current one.
    pub fn travelled(&self) -> &[Stop] {
        &self.stops[..=self.current]
    }

    /// The current stop and the ones still ahead (empty when the parcel is at the last stop).
    pub fn ahead(&self) -> &[Stop] {
        if self.current + 1 >= self.stops.len() {
            &[]
        } else {
            &self.stops[self.current..]
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::sandbox;
    use crate::tracking::assemble;

    fn track(number: &str) -> Tracking {
        let now: DateTime<Utc> = "2026-11-21T10:00:00Z".parse().unwrap();
        assemble(
            Default::default(),
            number,
            sandbox::report(number, now).unwrap(),
            now,
        )
    }

    fn at(city: &str, lat: f64, lon: f64) -> Location {
        Location {
            city: Some(city.into()),
            lat: Some(lat),
            lon: Some(lon),
            ..Default::default()
        }
    }

    #[test]
    fn sandbox_routes() {
        // (number, stops, current stop, stops still ahead)
        let cases = [
            (
                "TL2000000002",
                vec!["Shenzhen", "Hong Kong", "Los Angeles", "Chicago"],
                3,
                0,
            ),
            (
                "TL1000000001",
                vec!["Austin", "Dallas", "Louisville", "Newark", "Brooklyn"],
                4,
                0,
            ),
            // Returned to the sender: back in Berlin, nothing ahead, London not promised.
            (
                "TL4000000004",
                vec!["Berlin", "Leipzig", "London", "Leipzig", "Berlin"],
                4,
                0,
            ),
        ];
        for (number, cities, current, ahead) in cases {
            let route = route(&track(number)).unwrap();
            let names: Vec<&str> = route
                .stops
                .iter()
                .map(|s| s.label.split(',').next().unwrap())
                .collect();
            assert_eq!(names, cities, "{number}");
            assert_eq!(
                (route.current, route.ahead().len()),
                (current, ahead),
                "{number}"
            );
        }
    }

    #[test]
    fn crossing_the_pacific_takes_the_short_way() {
        let mut t = track("TL2000000002");
        t.events.clear();
        t.origin = Some(at("Shenzhen", 22.5, 114.0));
        t.destination = Some(at("Chicago", 41.9, -87.6));
        let route = route(&t).unwrap();
        assert_eq!(route.stops[1].x, 272.4);
        assert_eq!((route.current, route.ahead().len()), (0, 2));
    }

    #[test]
    fn fewer_than_two_known_places_is_no_route() {
        let mut t = track("TL2000000002");
        for e in &mut t.events {
            e.location = None;
        }
        t.destination = Some(Location::default());
        assert_eq!(route(&t), None);
        t.origin = Some(at("Chicago", 41.9, -87.6));
        t.events[0].location = Some(at("Chicago", 41.9, -87.6));
        assert_eq!(route(&t), None, "the same place twice is one stop");
    }

    #[test]
    fn view_box_frames_the_route_with_a_margin() {
        // (stops as (lon, lat), expected (x, y, width, height))
        type Case = (&'static [(f64, f64)], (f64, f64, f64, f64));
        #[rustfmt::skip]
        let cases: &[Case] = &[
            // Oakland to San Francisco: the smallest window, centred.
            (
                &[(-122.27, 37.8), (-122.42, 37.77)],
                (-130.345, -41.785, 16.0, 8.0),
            ),
            // Shenzhen to Chicago over the Pacific: wide, and centred on the route.
            (
                &[(114.0, 22.5), (272.4, 41.9)],
                (90.24, -83.68, 205.92, 102.96),
            ),
        ];
        for (points, (x, y, width, height)) in cases {
            let route = Route {
                stops: points
                    .iter()
                    .map(|&(lon, lat)| Stop {
                        x: lon,
                        y: -lat,
                        label: String::new(),
                    })
                    .collect(),
                current: 0,
            };
            let v = route.view_box();
            let close = |a: f64, b: f64| (a - b).abs() < 0.01;
            assert!(
                close(v.x, *x)
                    && close(v.y, *y)
                    && close(v.width, *width)
                    && close(v.height, *height),
                "{points:?}: {v:?}"
            );
        }
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    fn any_place() -> impl Strategy<Value = Location> {
        let coordinate = prop_oneof![
            any::<f64>(),
            -200.0..200.0f64,
            Just(1e20),
            Just(f64::NAN),
            Just(f64::INFINITY)
        ];
        (
            prop::option::of(coordinate.clone()),
            prop::option::of(coordinate),
        )
            .prop_map(|(lat, lon)| Location {
                city: Some("X".into()),
                lat,
                lon,
                ..Default::default()
            })
    }

    proptest! {
        /// Issue 13: `lon: 1e20` hung the map. Any coordinates give a finite route, at once.
        #[test]
        fn any_coordinates_give_a_finite_route(
            origin in any_place(),
            destination in any_place(),
            scans in prop::collection::vec(any_place(), 0..12),
        ) {
            let now = "2026-11-21T10:00:00Z".parse::<chrono::DateTime<chrono::Utc>>().unwrap();
            let mut t = crate::tracking::assemble(
                Default::default(),
                "TL2000000002",
                crate::sandbox::report("TL2000000002", now).unwrap(),
                now,
            );
            t.origin = Some(origin);
            t.destination = Some(destination);
            for (event, place) in t.events.iter_mut().zip(scans) {
                event.location = Some(place);
            }
            if let Some(route) = route(&t) {
                for stop in &route.stops {
                    prop_assert!(stop.x.is_finite() && stop.y.is_finite(), "{stop:?}");
                    prop_assert!(stop.y.abs() <= 90.0);
                }
                let v = route.view_box();
                prop_assert!(v.x.is_finite() && v.y.is_finite() && v.width.is_finite() && v.height.is_finite(), "{v:?}");
            }
        }
    }
}
