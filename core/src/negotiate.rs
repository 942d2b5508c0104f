//! Content negotiation (RFC 9110 §12): the best of what a client accepts, by quality value.
//! One reading for `Accept-Language` ([`crate::texts::Lang::best`]) and `Accept-Encoding` (the
//! edge's precompressed widget).

/// The item of a preference list (`"fr-CH, fr;q=0.9, en;q=0.8"`) with the highest quality that
/// `known` recognises, as `known` maps it; ties go to the one listed first, and `q=0` means
/// "not acceptable". `None` when no item is known.
pub fn best<T>(preferences: &str, known: impl Fn(&str) -> Option<T>) -> Option<T> {
    // One pass, no sort: the widget's wasm would carry a sort implementation for this alone.
    let mut best: Option<(u16, T)> = None;
    for item in preferences.split(',') {
        let mut parts = item.split(';');
        let Some(value) = parts.next().and_then(|name| known(name.trim())) else {
            continue;
        };
        let q = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .map_or(Some(1000), |q| quality(q.trim()));
        if let Some(q) = q.filter(|&q| q > 0) {
            if best.as_ref().is_none_or(|(top, _)| q > *top) {
                best = Some((q, value));
            }
        }
    }
    best.map(|(_, value)| value)
}

/// A quality value (RFC 9110 `qvalue`: `0`, `0.5`, `1.000`, at most three decimals) in
/// thousandths. Read as text rather than as a float: exact, and float parsing would cost the
/// widget's wasm several KB.
pub fn quality(q: &str) -> Option<u16> {
    let (whole, decimals) = q.split_once('.').unwrap_or((q, ""));
    if decimals.len() > 3 || !decimals.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{decimals:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// A content coding the edge keeps its widget in, compressed once at build time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    /// `br`, at quality 11: what browsers take.
    Brotli,
    /// `gzip`, at level 9: for clients without brotli.
    Gzip,
}

impl Coding {
    /// Its name in `Accept-Encoding` and `Content-Encoding`.
    pub fn name(self) -> &'static str {
        match self {
            Coding::Brotli => "br",
            Coding::Gzip => "gzip",
        }
    }

    /// The coding to answer an `Accept-Encoding` with: the client's preference between brotli
    /// and gzip (ties to the one it lists first, as Cloudflare's front line and wrangler's
    /// copy of it decide, so they pass our bytes through instead of re-encoding them); `None`
    /// for the plain file.
    pub fn for_accept_encoding(accept_encoding: &str) -> Option<Coding> {
        best(accept_encoding, |name| {
            match name.to_ascii_lowercase().as_str() {
                "br" => Some(Coding::Brotli),
                "gzip" | "x-gzip" => Some(Coding::Gzip),
                _ => None,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_s_order_decides_between_equals() {
        // Chromium's header as wrangler dev passes it; Workers in production see `br, gzip`.
        assert_eq!(
            Coding::for_accept_encoding("gzip, deflate, br, zstd"),
            Some(Coding::Gzip)
        );
        assert_eq!(
            Coding::for_accept_encoding("br, gzip"),
            Some(Coding::Brotli)
        );
    }

    #[test]
    fn quality_beats_order_and_zero_refuses() {
        assert_eq!(
            Coding::for_accept_encoding("gzip;q=0.5, br"),
            Some(Coding::Brotli)
        );
        assert_eq!(
            Coding::for_accept_encoding("br;q=0, gzip;q=0.001"),
            Some(Coding::Gzip)
        );
        assert_eq!(Coding::for_accept_encoding("BR"), Some(Coding::Brotli));
    }

    #[test]
    fn nothing_we_keep_means_the_plain_file() {
        for header in [
            "",
            "identity",
            "deflate, zstd",
            "br;q=0, gzip;q=0",
            "gzip;q=2",
        ] {
            assert_eq!(Coding::for_accept_encoding(header), None, "{header:?}");
        }
    }

    #[test]
    fn quality_values_are_read_exactly() {
        assert_eq!(quality("1"), Some(1000));
        assert_eq!(quality("0.8"), Some(800));
        assert_eq!(quality("0.125"), Some(125));
        assert_eq!(quality("1.000"), Some(1000));
        for bad in ["1.5", "0.1234", "", "x", "-0.5", "2"] {
            assert_eq!(quality(bad), None, "{bad:?}");
        }
    }
}
