//! What buyer-facing tracking may show about people. Carriers put the signer's name in their
//! scan text ("Delivered, signed for by: JESSICA", "已签收，签收人是张三"); a tracking page is
//! public to anyone with the number, so names are hidden unless the merchant allows them.

use crate::tracking::CarrierReport;

/// Phrases after which carriers write the name of whoever took the parcel.
const NAME_AFTER: &[&str] = &[
    "signed for by:",
    "signed for by",
    "signed by:",
    "signed by",
    "received by:",
    "received by",
    "签收人是",
    "签收人:",
    "签收人：",
    "签收人",
];

/// Replaces the signer's name in each event's carrier text with "…", keeping the rest.
pub fn hide_signers(report: &mut CarrierReport) {
    for event in &mut report.events {
        event.carrier_text = hide_signer(&event.carrier_text);
    }
}

/// `text` with the name after a "signed for by" phrase replaced by "…".
///
/// The phrases are found in `text` itself, comparing one character at a time without case: a
/// lower-cased copy can differ in length ("İ" becomes two characters), so positions found in it
/// cannot slice the original. Every slice below is at a position found in `text`.
pub fn hide_signer(text: &str) -> String {
    for phrase in NAME_AFTER {
        let Some((_, name_start)) = find_without_case(text, phrase) else {
            continue;
        };
        let rest = &text[name_start..];
        // A period does not end a name ("A. Smith"): hiding the rest of that sentence is
        // the price of never leaking a surname.
        let name_len = rest
            .find([',', ';', '，', '。', '(', '\n'])
            .unwrap_or(rest.len());
        if rest[..name_len].trim().is_empty() {
            continue;
        }
        return format!(
            "{}{}…{}",
            &text[..name_start],
            if rest.starts_with(char::is_whitespace) {
                " "
            } else {
                ""
            },
            &rest[name_len..]
        );
    }
    text.to_owned()
}

/// The byte range of the first place where `text` reads `phrase` (written in lower case),
/// ignoring case. A character matches a phrase character when its lower case starts with it,
/// so the Turkish "İ" and "ı" read as "i": when unsure, a name is hidden rather than shown.
fn find_without_case(text: &str, phrase: &str) -> Option<(usize, usize)> {
    let matches_at = |start: usize| -> Option<usize> {
        let mut rest = text[start..].char_indices();
        for wanted in phrase.chars() {
            let (_, c) = rest.next()?;
            let same = c == wanted
                || c.to_lowercase().next() == Some(wanted)
                || (wanted == 'i' && c == 'ı');
            if !same {
                return None;
            }
        }
        Some(rest.next().map_or(text.len(), |(i, _)| start + i))
    };
    text.char_indices()
        .find_map(|(start, _)| matches_at(start).map(|end| (start, end)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hides_names_and_keeps_the_rest() {
        let cases = [
            (
                "Delivered, signed for by: JESSICA",
                "Delivered, signed for by: …",
            ),
            (
                "Delivered - Signed for by JOHN DOE. Left at front door",
                "Delivered - Signed for by …",
            ),
            (
                "Received by: A. Smith, front desk",
                "Received by: …, front desk",
            ),
            (
                "已签收，签收人是张三，感谢使用",
                "已签收，签收人是…，感谢使用",
            ),
            (
                "Delivered, left at front door",
                "Delivered, left at front door",
            ),
            ("Signed for by", "Signed for by"),
            // Issue 13: lower-casing "İ" makes the text longer; the name is still hidden.
            ("signed for by: İSMAİL YILMAZ", "signed for by: …"),
            ("SİGNED FOR BY: İSMAİL YILMAZ", "SİGNED FOR BY: …"),
            // Issue 13: this text panicked (positions from the lower case sliced the original).
            ("İ signed by:ΩMEGA", "İ signed by:…"),
            ("İİİ received by ÅSA, door", "İİİ received by …, door"),
        ];
        for (input, expected) in cases {
            assert_eq!(hide_signer(input), expected, "{input}");
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any text at all: no panic, and a name written after "signed by" never shows.
        #[test]
        fn never_panics_and_never_shows_the_name(
            before in "\\PC{0,20}",
            phrase in prop::sample::select(vec!["signed by: ", "SIGNED FOR BY ", "Received By:", "签收人是"]),
            name in "[A-Za-zİıÅΩß]{1,12}( [A-Za-zİıÅΩß]{1,12})?",
        ) {
            let text = format!("{before}{phrase}{name}");
            let shown = hide_signer(&text);
            prop_assert!(!shown.ends_with(&name), "{text:?} -> {shown:?}");
        }

        #[test]
        fn any_text_is_safe(text in "\\PC{0,80}") {
            let _ = hide_signer(&text);
        }
    }
}
