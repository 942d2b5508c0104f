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
pub fn hide_signer(text: &str) -> String {
    let lower = text.to_lowercase();
    for phrase in NAME_AFTER {
        // Byte offsets agree between `text` and its lower case for the phrases we look for
        // (ASCII and CJK are unchanged in length by lower-casing).
        if let Some(at) = lower.find(phrase) {
            if lower.len() != text.len() {
                break;
            }
            let name_start = at + phrase.len();
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
                if rest.starts_with(' ') { " " } else { "" },
                &rest[name_len..]
            );
        }
    }
    text.to_owned()
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
        ];
        for (input, expected) in cases {
            assert_eq!(hide_signer(input), expected, "{input}");
        }
    }
}
