//! The route map's land outlines: Natural Earth's 1:110m land (public domain), as shipped in
//! TopoJSON by the pinned npm package `world-atlas`, turned into one small SVG path in an
//! equirectangular projection (`x` = longitude, `y` = minus latitude, in degrees), written to
//! `public/map/land.json` for the edge to serve as a cached static asset.
//!
//! TopoJSON stores shared borders once as quantized, delta-encoded arcs; a polygon ring lists
//! arc indexes (a negative `!i` means arc `i` reversed). The map is drawn a few hundred pixels
//! wide, so points closer than [`MIN_STEP`] degrees to the previous kept one are dropped and
//! coordinates are rounded to a tenth of a degree: that keeps the file small.

use std::path::Path;

use anyhow::{bail, Context, Result};
use serde_json::Value;

/// Where the outlines come from, inside `node_modules/`.
pub const SOURCE: &str = "world-atlas/land-110m.json";
/// Where they go, inside `public/`.
pub const OUTPUT: &str = "map/land.json";
/// Points closer than this (degrees) to the last kept one are dropped.
const MIN_STEP: f64 = 0.4;

/// Writes `public/map/land.json` from `node_modules/world-atlas/land-110m.json`.
pub fn generate(root: &Path) -> Result<()> {
    let source = root.join("node_modules").join(SOURCE);
    let text = std::fs::read_to_string(&source)
        .with_context(|| format!("reading {}", source.display()))?;
    let topo: Value = serde_json::from_str(&text).context("parsing the TopoJSON")?;
    let path = svg_path(&topo)?;
    let asset = serde_json::json!({
        "generated": "by `cargo xtask build` from world-atlas/land-110m.json: do not edit",
        "attribution": "Made with Natural Earth (public domain), via world-atlas",
        "projection": "equirectangular: x = longitude, y = -latitude (degrees)",
        "d": path,
    });
    let out = root.join("public").join(OUTPUT);
    std::fs::create_dir_all(out.parent().unwrap())?;
    std::fs::write(&out, format!("{asset}\n")).with_context(|| format!("writing {}", out.display()))
}

/// Every land polygon of `topo` as one SVG path (`M x y L … Z` per ring).
pub fn svg_path(topo: &Value) -> Result<String> {
    let arcs = decode_arcs(topo)?;
    let land = &topo["objects"]["land"]["geometries"];
    let Some(geometries) = land.as_array() else {
        bail!("no objects.land.geometries in the TopoJSON");
    };
    let mut path = String::new();
    for geometry in geometries {
        let polygons: Vec<&Value> = match geometry["type"].as_str() {
            Some("Polygon") => vec![&geometry["arcs"]],
            Some("MultiPolygon") => geometry["arcs"].as_array().into_iter().flatten().collect(),
            _ => continue,
        };
        for ring in polygons
            .iter()
            .flat_map(|p| p.as_array().into_iter().flatten())
        {
            let indexes: Vec<i64> = ring
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_i64)
                .collect();
            let points = simplify(&ring_points(&arcs, &indexes)?);
            if points.len() < 3 {
                continue; // an islet smaller than the map can show
            }
            for (i, (x, y)) in points.iter().enumerate() {
                path.push(if i == 0 { 'M' } else { 'L' });
                path.push_str(&format!("{} {}", round(*x), round(-*y)));
            }
            path.push('Z');
        }
    }
    Ok(path)
}

/// The arcs in longitude/latitude: undo the delta encoding, then the quantization.
fn decode_arcs(topo: &Value) -> Result<Vec<Vec<(f64, f64)>>> {
    let pair = |v: &Value| -> Option<(f64, f64)> { Some((v[0].as_f64()?, v[1].as_f64()?)) };
    let scale = pair(&topo["transform"]["scale"]).context("no transform.scale")?;
    let translate = pair(&topo["transform"]["translate"]).context("no transform.translate")?;
    let arcs = topo["arcs"].as_array().context("no arcs")?;
    Ok(arcs
        .iter()
        .map(|arc| {
            let (mut x, mut y) = (0.0, 0.0);
            arc.as_array()
                .into_iter()
                .flatten()
                .filter_map(pair)
                .map(|(dx, dy)| {
                    (x, y) = (x + dx, y + dy);
                    (x * scale.0 + translate.0, y * scale.1 + translate.1)
                })
                .collect()
        })
        .collect())
}

/// A ring's points from its arc indexes; consecutive arcs share their joining point.
fn ring_points(arcs: &[Vec<(f64, f64)>], indexes: &[i64]) -> Result<Vec<(f64, f64)>> {
    let mut points: Vec<(f64, f64)> = Vec::new();
    for &index in indexes {
        let (i, reversed) = if index < 0 {
            (!index, true)
        } else {
            (index, false)
        };
        let arc = arcs
            .get(i as usize)
            .with_context(|| format!("arc {i} does not exist"))?;
        let mut arc = arc.clone();
        if reversed {
            arc.reverse();
        }
        let skip = usize::from(!points.is_empty());
        points.extend(arc.into_iter().skip(skip));
    }
    // Rings crossing the antimeridian (Chukotka, Fiji) jump from 180 to -180; unwrapped, they
    // run on past 180 instead of drawing a line across the world (the map draws the land again
    // 360 degrees east and west where a view needs it).
    for i in 1..points.len() {
        let previous = points[i - 1].0;
        while points[i].0 - previous > 180.0 {
            points[i].0 -= 360.0;
        }
        while previous - points[i].0 > 180.0 {
            points[i].0 += 360.0;
        }
    }
    // A ring that starts east of the antimeridian (Eurasia starts in Chukotka) is then drawn a
    // world too far west: bring it back to where most of it lies.
    let mean = points.iter().map(|p| p.0).sum::<f64>() / points.len().max(1) as f64;
    let shift = -360.0 * ((mean + 180.0) / 360.0).floor();
    for p in &mut points {
        p.0 += shift;
    }
    Ok(points)
}

/// Drops points closer than [`MIN_STEP`] to the previous kept one.
fn simplify(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut kept: Vec<(f64, f64)> = Vec::new();
    for &p in points {
        match kept.last() {
            Some(&(x, y)) if (p.0 - x).hypot(p.1 - y) < MIN_STEP => {}
            _ => kept.push(p),
        }
    }
    kept
}

/// A coordinate with at most one decimal, without a trailing `.0`.
fn round(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 {
        "0".into() // no "-0"
    } else {
        format!("{r}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One square made of two arcs, the second used reversed, as TopoJSON encodes it.
    #[test]
    fn decodes_quantized_delta_arcs() {
        let topo = serde_json::json!({
            "transform": {"scale": [1.0, 1.0], "translate": [-10.0, -10.0]},
            "arcs": [[[0, 0], [20, 0], [0, 20]], [[0, 0], [0, 20], [20, 0]]],
            "objects": {"land": {"type": "GeometryCollection", "geometries": [
                {"type": "Polygon", "arcs": [[0, -2]]}
            ]}}
        });
        assert_eq!(
            svg_path(&topo).unwrap(),
            "M-10 10L10 10L10 -10L-10 -10L-10 10Z"
        );
    }

    /// An island across the antimeridian stays one small island.
    #[test]
    fn unwraps_rings_across_the_antimeridian() {
        let topo = serde_json::json!({
            "transform": {"scale": [1.0, 1.0], "translate": [0.0, 0.0]},
            "arcs": [[[179, 0], [-358, 0], [0, 1], [358, 0], [0, -1]]],
            "objects": {"land": {"type": "GeometryCollection", "geometries": [
                {"type": "Polygon", "arcs": [[0]]}
            ]}}
        });
        assert_eq!(
            svg_path(&topo).unwrap(),
            "M179 0L181 0L181 -1L179 -1L179 0Z"
        );
        // Starting on its eastern side, it stays on that side of the antimeridian.
        let mut east = topo.clone();
        east["arcs"] = serde_json::json!([[[-179, 0], [0, -1], [358, 0], [0, 1], [-358, 0]]]);
        assert_eq!(
            svg_path(&east).unwrap(),
            "M-179 0L-179 1L-181 1L-181 0L-179 0Z"
        );
    }

    #[test]
    fn rounds_to_a_tenth() {
        for (value, shown) in [
            (1.04, "1"),
            (-0.04, "0"),
            (12.35, "12.4"),
            (-85.61, "-85.6"),
        ] {
            assert_eq!(round(value), shown, "{value}");
        }
    }
}
