//! Builds what the worker serves: the route map's land outlines (`public/map/land.json`), the
//! gazetteer the edge geocodes with (`core/src/geo/gazetteer.tsv`), the widget
//! (`public/widget.js` + `public/wasm/widget_bg.wasm`, also precompressed) and the worker
//! bundle (`edge/build/`). Cargo builds incrementally; the post-processing steps (wasm-bindgen,
//! wasm-opt, worker-build) and the generators run only when their input changed.

use std::path::Path;
use std::time::SystemTime;

use anyhow::{Context, Result};
use xshell::{cmd, Shell};

use crate::tools::Tools;
use crate::{gazetteer, land, step};

const TARGET: &str = "wasm32-unknown-unknown";
/// Where `loader.js` takes the wasm-bindgen glue.
const GLUE_MARKER: &str = "/* WASM_BINDGEN_GLUE */";

/// Builds the land outlines, the gazetteer, the widget and the worker.
pub fn all(root: &Path, tools: &Tools) -> Result<()> {
    land(root)?;
    gazetteer(root)?;
    widget(root, tools)?;
    edge(root, tools)
}

/// The widget: cargo (`widget` profile: size-optimised, LTO), wasm-bindgen `--target no-modules` (a classic
/// script a merchant can paste), wasm-opt, then the glue wrapped in `widget/loader.js`.
pub fn widget(root: &Path, tools: &Tools) -> Result<()> {
    let sh = Shell::new()?;
    sh.change_dir(root);
    step("building the widget (wasm, size-optimised)");
    cmd!(
        sh,
        "cargo build --quiet --package trackline-widget --profile widget --target {TARGET}"
    )
    .run()
    .context("building the widget")?;
    let wasm = root.join(format!("target/{TARGET}/widget/trackline_widget.wasm"));
    let loader = root.join("widget/loader.js");
    let out_js = root.join("public/widget.js");
    // Kept precompressed beside the plain file; the worker serves `/widget_bg.wasm` from them.
    let out_wasm = root.join("public/wasm/widget_bg.wasm");
    // This file is an input too: it holds the wasm-opt and esbuild options.
    let made_from = fingerprint(&[&wasm, &loader, &root.join("xtask/src/build.rs")]);
    let stamp = root.join("target/widget-bindgen/made-from");
    let built = [&out_js, &out_wasm, &out_wasm.with_extension("wasm.br")]
        .iter()
        .all(|f| f.exists());
    if built && sh.read_file(&stamp).ok() == Some(made_from.clone()) {
        return Ok(());
    }
    let bindgen_dir = root.join("target/widget-bindgen");
    let (wasm_bindgen, wasm_opt) = (&tools.wasm_bindgen, &tools.wasm_opt);
    cmd!(sh, "{wasm_bindgen} --target no-modules --no-typescript --out-name widget --out-dir {bindgen_dir} {wasm}")
        .run()
        .context("wasm-bindgen on the widget")?;
    step("optimising the widget's wasm for size (wasm-opt -Oz)");
    let bindgen_wasm = bindgen_dir.join("widget_bg.wasm");
    sh.create_dir(root.join("public/wasm"))?;
    // Builds before the wasm moved to public/wasm/ left it here, where it would hide the
    // worker's precompressed route.
    sh.remove_path(root.join("public/widget_bg.wasm"))?;
    // `--converge` repeats the passes while they still shrink the module; `--low-memory-unused`
    // lets them fold pointer offsets, true of Rust's wasm layout (the stack's 1 MiB comes first
    // and nothing lives in its lowest KB). About 1 KB brotli together.
    cmd!(sh, "{wasm_opt} -Oz --converge --low-memory-unused --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext {bindgen_wasm} -o {out_wasm}")
        .run()
        .context("wasm-opt on the widget")?;
    precompress(&out_wasm)?;
    let glue = sh.read_file(bindgen_dir.join("widget.js"))?;
    let loader = sh.read_file(&loader)?;
    anyhow::ensure!(
        loader.contains(GLUE_MARKER),
        "widget/loader.js lost its {GLUE_MARKER} marker"
    );
    // The readable script stays in target/; buyers download it minified (a third less after
    // brotli), with a source map for whoever debugs a store page.
    let full_js = bindgen_dir.join("widget.full.js");
    sh.write_file(&full_js, loader.replace(GLUE_MARKER, &glue))?;
    step("minifying widget.js (esbuild)");
    let esbuild = &tools.esbuild;
    let banner = "--banner:js=// Trackline widget, built by `cargo xtask build` from widget/loader.js and wasm-bindgen: do not edit.";
    cmd!(
        sh,
        "{esbuild} {full_js} --minify --sourcemap --log-level=warning {banner} --outfile={out_js}"
    )
    .run()
    .context("esbuild on widget.js")?;
    sh.write_file(&stamp, made_from)?;
    Ok(())
}

/// The route map's land outlines (`public/map/land.json`), when `world-atlas` or the
/// generator changed.
pub fn land(root: &Path) -> Result<()> {
    let source = root.join("node_modules").join(land::SOURCE);
    let out = root.join("public").join(land::OUTPUT);
    let made_from = fingerprint(&[&source, &root.join("xtask/src/land.rs")]);
    let stamp = root.join("target/land-made-from");
    if out.exists() && std::fs::read_to_string(&stamp).ok() == Some(made_from.clone()) {
        return Ok(());
    }
    step("drawing the route map's land outlines (public/map/land.json)");
    land::generate(root)?;
    std::fs::create_dir_all(root.join("target"))?;
    std::fs::write(&stamp, made_from)?;
    Ok(())
}

/// The gazetteer (`core/src/geo/gazetteer.tsv`), when its packages or its generator changed.
pub fn gazetteer(root: &Path) -> Result<()> {
    let inputs = [
        root.join(gazetteer::PACKAGES_STAMP),
        root.join("xtask/src/gazetteer.rs"),
        root.join(gazetteer::OUTPUT),
    ];
    let stamp = root.join("target/gazetteer-made-from");
    let made_from = fingerprint(&inputs.iter().map(|p| p.as_path()).collect::<Vec<_>>());
    if std::fs::read_to_string(&stamp).ok() == Some(made_from) {
        return Ok(());
    }
    gazetteer::generate(root)?;
    let made_from = fingerprint(&inputs.iter().map(|p| p.as_path()).collect::<Vec<_>>());
    std::fs::create_dir_all(root.join("target"))?;
    std::fs::write(&stamp, made_from)?;
    Ok(())
}

/// The release profile as the worker is built (worker-build builds `--release` itself too, with
/// the same environment, so both builds agree and the second is a no-op).
const WORKER_PROFILE: [(&str, &str); 3] = [
    ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "s"),
    ("CARGO_PROFILE_RELEASE_LTO", "fat"),
    ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "1"),
];

/// The worker: worker-build with our pinned wasm-bindgen, wasm-opt and esbuild (its default is
/// to download them, which fails without internet).
pub fn edge(root: &Path, tools: &Tools) -> Result<()> {
    let sh = Shell::new()?;
    sh.change_dir(root.join("edge"));
    step("building the edge worker (wasm, release)");
    // The worker must stay under 1 MiB gzip (the bench's `worker` row). Measured: optimised for
    // size with whole-program LTO and one codegen unit, its cargo output gzips to 1.31 MB
    // instead of 1.47 MB. Set here, for the wasm build only, so the host's release builds
    // (bench, fuzz) keep their speed and their artifacts.
    for (name, value) in WORKER_PROFILE {
        sh.set_var(name, value);
    }
    cmd!(sh, "cargo build --quiet --lib --release --target {TARGET}")
        .run()
        .context("building the edge worker")?;
    let wasm = root.join(format!("target/{TARGET}/release/trackline_edge.wasm"));
    let bundle = root.join("edge/build/index.js");
    let made_from = fingerprint(&[&wasm]);
    let stamp = root.join("edge/build/made-from");
    if bundle.exists() && sh.read_file(&stamp).ok() == Some(made_from.clone()) {
        return Ok(());
    }
    step("bundling the worker (worker-build)");
    let worker_build = &tools.worker_build;
    cmd!(sh, "{worker_build} --release")
        .env("PATH", tools.path_env())
        .env("WASM_BINDGEN_BIN", &tools.wasm_bindgen)
        .env("WASM_OPT_BIN", &tools.wasm_opt)
        .env("ESBUILD_BIN", &tools.esbuild)
        .run()
        .context("worker-build")?;
    let bundled = root.join("edge/build/index_bg.wasm");
    let stripped = without_names(&std::fs::read(&bundled)?)?;
    std::fs::write(&bundled, stripped)?;
    sh.write_file(&stamp, made_from)?;
    Ok(())
}

/// `wasm` without its `name` custom section (the function names, ~240 KB raw, ~60 KB gzip of
/// the worker): removed after wasm-bindgen has read the module, which needs the other custom
/// sections (stripping at link time drops `target_features` too). Errors are logged with
/// their messages; a stack trace shows wasm function indices.
fn without_names(wasm: &[u8]) -> Result<Vec<u8>> {
    fn leb(bytes: &[u8], mut at: usize) -> Result<(usize, usize)> {
        let (mut value, mut shift) = (0usize, 0);
        loop {
            let byte = *bytes.get(at).context("truncated wasm")?;
            at += 1;
            value |= usize::from(byte & 0x7f) << shift;
            shift += 7;
            if byte < 0x80 {
                return Ok((value, at));
            }
            anyhow::ensure!(shift < 35, "bad LEB128 in wasm");
        }
    }
    anyhow::ensure!(wasm.starts_with(b"\0asm"), "not a wasm module");
    let mut out = wasm[..8].to_vec();
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        let (size, body) = leb(wasm, at + 1)?;
        let end = body
            .checked_add(size)
            .filter(|e| *e <= wasm.len())
            .context("truncated wasm")?;
        let is_names = id == 0 && {
            let (len, name) = leb(wasm, body)?;
            wasm.get(name..name + len) == Some(b"name".as_slice())
        };
        if !is_names {
            out.extend_from_slice(&wasm[at..end]);
        }
        at = end;
    }
    Ok(out)
}

/// What a generated file was made from: each input's path, size and modification time. A
/// step reruns when this differs from the stamp it wrote last time (comparing modification
/// times alone misses an input that changed path or was rebuilt within the same second).
fn fingerprint(inputs: &[&Path]) -> String {
    inputs
        .iter()
        .map(|p| {
            let meta = p.metadata().ok();
            let modified = meta
                .as_ref()
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok());
            format!(
                "{} {} {}\n",
                p.display(),
                meta.map_or(0, |m| m.len()),
                modified.map_or(0, |d| d.as_nanos())
            )
        })
        .collect()
}

/// Writes `file.br` (brotli 11) and `file.gz` (gzip 9) beside `file`: compressed once here at the
/// highest levels rather than on every request (see `edge/src/widget_wasm.rs`).
fn precompress(file: &Path) -> Result<()> {
    use std::io::Write;
    let bytes = std::fs::read(file)?;
    let mut brotli = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut brotli, &params)?;
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gzip.write_all(&bytes)?;
    let name = file.file_name().context("a file name")?.to_string_lossy();
    std::fs::write(file.with_file_name(format!("{name}.br")), brotli)?;
    std::fs::write(file.with_file_name(format!("{name}.gz")), gzip.finish()?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_the_name_section_is_removed() {
        let custom = |name: &str, payload: &[u8]| {
            let mut body = vec![name.len() as u8];
            body.extend_from_slice(name.as_bytes());
            body.extend_from_slice(payload);
            let mut section = vec![0u8, body.len() as u8];
            section.extend(body);
            section
        };
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend([1u8, 4, 1, 0x60, 0, 0]); // a type section
        wasm.extend(custom("name", &[1, 2, 3]));
        wasm.extend(custom("target_features", &[0]));
        let out = super::without_names(&wasm).unwrap();
        assert_eq!(out.len(), wasm.len() - 10);
        assert!(out.windows(4).all(|w| w != b"name"));
        assert!(out.windows(15).any(|w| w == b"target_features"));
        assert!(
            super::without_names(b"\0asm\x01\0\0\0\x01\x09").is_err(),
            "truncated"
        );
        assert!(super::without_names(b"not wasm").is_err());
    }
}
