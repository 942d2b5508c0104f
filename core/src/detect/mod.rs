//! Tracking-number detection: which carriers a pasted string can belong to.
//!
//! [`detect`] takes whatever a buyer or merchant pasted and returns the carriers the number in it
//! can belong to, most likely first. The formats are a table (`formats.rs`) matched by a tiny
//! anchored pattern matcher (`pattern.rs`) and the reference data's check-digit algorithms
//! (`checksum.rs`); there is no regex engine, and nothing is allocated until the candidates are
//! returned.
//!
//! # Finding the number
//! The input is read as words: runs of ASCII letters and digits, in which dashes and dots are
//! dropped (`1Z-999.AA1` is one word), separated by white space. Any other character (`#`, `:`,
//! brackets, commas, non-ASCII text) is a hard break no number crosses. A number may be spread
//! over several words (`1z 999 aa1 01 2345 6784`), so every run of consecutive words up to
//! [`crate::number::MAX_LEN`] letters and digits is tried, upper-cased, as a whole number
//! (formats are anchored at both ends), longest runs first. Two rules keep pasted words out of
//! numbers:
//! - a run that starts (or ends) with words of letters only is tried against a format only when
//!   the format can start (end) with that many letters, so `UPS 1Z...` or `... PARCELS` are not
//!   read into a number, while `TBA 1234...` or `RB 123 456 785 GB` are;
//! - once a run has matched, the shorter runs inside it are not tried if that drops a word with
//!   a digit (`5682 8361 0012 734` is one FedEx number, not also a 12-digit one), nor if the
//!   match is validated or specific (a literal prefix or letters, of fixed shape) and so can
//!   stand for the words around it; such a match's inner words start no run either. Only loose
//!   shapes such as DHL E-Commerce's (two letters, then anything) leave the runs inside them to
//!   be tried as well, for the formats that pin something down (`IN 1Z...` is UPS).
//! - a run that has a checksummed format's shape but the wrong check digit is that format's
//!   number mistyped, and counts as matched for the rule above (nothing is returned for it): the
//!   shorter runs inside it that drop a word with a digit are not tried. Else a typo in
//!   `5682 8361 0012 732` (FedEx Ground) would send the buyer to the DHL number `83610012732`
//!   that its last eleven digits happen to spell, someone else's parcel at best.
//!
//! # Ranking
//! Candidates are ordered by, in turn:
//! 1. a passed checksum (a validated match beats an unvalidated one);
//! 2. the number's length (the reading that explains more of what was pasted);
//! 3. how much of the number the format pins down: each literal character (`1Z`, `JD`, `SF`,
//!    `LP`, `420`, `94`) counts 2, each letter or narrowed character (the S10 letters, `[0-8]`)
//!    1, bare digits nothing, plus a hand-set bias where the data's own test numbers need one;
//! 4. the order of the table.
//!
//! The same carrier appears once per number (its best-ranked format).
//!
//! # Codes and services
//! The carrier `code` is the reference data's `courier_code` where it has one. S10 numbers name
//! the postal operator of their country suffix when `formats::S10_OPERATORS` knows it (`US` is
//! `usps`, `CA` `canada_post`, `CN` `china_post` or `china_ems` for `E*` service indicators,
//! ...), and are otherwise `s10`, "Postal service (UPU S10)". A USPS IMpb C number under a
//! mailer ID that `formats` gives a shipper (FedEx's for Ground Economy, DHL eCommerce's) names
//! that shipper first and USPS, which delivers it, second. `service` is what the data's
//! service-type lookup calls the code in the number (UPS, USPS, DPD, S10 service indicators), or
//! else the format's name in the data ("FedEx Ground (SSCC-18)"); the Chinese formats, which
//! encode no service, give none.

mod checksum;
mod formats;
mod pattern;
#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::carriers::known::{self, Carrier};
use formats::{Format, Owner, Services, FORMATS};
use pattern::Role;

/// A carrier a number may belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DetectedCarrier {
    /// Stable code: the reference data's `courier_code` where there is one (`ups`, `fedex`, ...).
    pub code: &'static str,
    /// The name buyers know.
    pub name: &'static str,
}

/// One way to read the input as a tracking number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// The carrier.
    pub carrier: DetectedCarrier,
    /// The cleaned number to look up.
    pub number: String,
    /// The service the format encodes, if it does.
    pub service: Option<&'static str>,
    /// The carrier's public tracking page for this number.
    pub tracking_url: String,
}

/// The carriers `input` can belong to, most likely first; empty when none.
pub fn detect(input: &str) -> Vec<Candidate> {
    let mut found = Found::new();
    scan(input, &mut found);
    found.candidates(input)
}

/// True when `number` (cleaned: upper-case letters and digits) has the shape of one or more
/// checksummed formats, fails every one's check digit and fits no format at all: a number
/// mistyped, which no carrier can know (see `crate::admission`).
pub fn mistyped(number: &str) -> bool {
    let number = number.as_bytes();
    if number.is_empty()
        || number.len() > MAX_LEN
        || !number
            .iter()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
    {
        return false;
    }
    let mut set = formats::candidates(number);
    let mut wrong = false;
    while set != 0 {
        let i = set.trailing_zeros() as usize;
        set &= set - 1;
        match try_format(i, &FORMATS[i], number) {
            Some(Reading::Fits { .. }) => return false,
            Some(Reading::WrongCheckDigit) => wrong = true,
            None => {}
        }
    }
    wrong
}

/// The longest number tried.
const MAX_LEN: usize = formats::MAX_LEN;
/// The most candidates kept while scanning (the best-ranked ones).
const MAX_HITS: usize = 16;
/// The most matched runs remembered for skipping the runs inside them.
const MAX_MATCHED: usize = 16;

/// One format matching one run of words.
#[derive(Debug, Clone, Copy)]
struct Hit {
    carrier: &'static Carrier,
    service: Option<&'static str>,
    /// The run's byte range in the input.
    start: usize,
    end: usize,
    weight: u16,
    format: u8,
    /// The number's length.
    len: u8,
    validated: bool,
}

impl Hit {
    const EMPTY: Hit = Hit {
        carrier: &known::POSTAL_S10,
        service: None,
        start: 0,
        end: 0,
        weight: 0,
        format: 0,
        len: 0,
        validated: false,
    };

    /// The ranking key (see the module docs): smaller is more likely.
    fn rank(&self) -> u64 {
        (u64::from(!self.validated) << 48)
            | (u64::from(u8::MAX - self.len) << 40)
            | (u64::from(u16::MAX - self.weight) << 16)
            | u64::from(self.format)
    }
}

/// A run of words that matched: byte range in the input, and whether its match may stand for
/// the runs inside it.
#[derive(Debug, Clone, Copy, Default)]
struct Matched {
    start: usize,
    end: usize,
    strong: bool,
}

/// How a run of words lies among the runs matched before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cover {
    /// Inside no matched run.
    Free,
    /// Inside a matched run that stands for it: not tried.
    Covered,
    /// Inside a loose match only, which differs from it by words of letters: tried, but only
    /// against formats that pin something down (`IN 1Z...` is UPS, `GM 2951...` is not also
    /// the bare 16 digits of a Canada Post number).
    InsideLoose,
}

/// What the scan found so far, on the stack.
struct Found {
    hits: [Hit; MAX_HITS],
    count: usize,
    matched: [Matched; MAX_MATCHED],
    matched_len: usize,
}

impl Found {
    fn new() -> Self {
        Found {
            hits: [Hit::EMPTY; MAX_HITS],
            count: 0,
            matched: [Matched::default(); MAX_MATCHED],
            matched_len: 0,
        }
    }

    /// Keeps `hit`, dropping the worst-ranked one when full.
    fn add(&mut self, hit: Hit) {
        if self.count < MAX_HITS {
            self.hits[self.count] = hit;
            self.count += 1;
            return;
        }
        if let Some(worst) = self.hits.iter_mut().max_by_key(|h| h.rank()) {
            if worst.rank() > hit.rank() {
                *worst = hit;
            }
        }
    }

    /// Remembers a matched run, forgetting the oldest when full (runs are found left to right,
    /// so the oldest is the least likely to contain later ones).
    fn add_matched(&mut self, matched: Matched) {
        if self.matched_len == MAX_MATCHED {
            self.matched.copy_within(1.., 0);
            self.matched_len -= 1;
        }
        self.matched[self.matched_len] = matched;
        self.matched_len += 1;
    }

    /// How the run `start..end` of `input` lies among the runs matched so far.
    fn cover(&self, input: &[u8], start: usize, end: usize) -> Cover {
        let mut cover = Cover::Free;
        for m in &self.matched[..self.matched_len] {
            if !(m.start <= start && end <= m.end) || (m.start, m.end) == (start, end) {
                continue;
            }
            let digit_dropped = input[m.start..start].iter().any(u8::is_ascii_digit)
                || input[end..m.end].iter().any(u8::is_ascii_digit);
            if m.strong || digit_dropped {
                return Cover::Covered;
            }
            cover = Cover::InsideLoose;
        }
        cover
    }

    fn candidates(&mut self, input: &str) -> Vec<Candidate> {
        let hits = &mut self.hits[..self.count];
        if hits.is_empty() {
            return Vec::new();
        }
        hits.sort_unstable_by_key(Hit::rank);
        let mut candidates = Vec::with_capacity(hits.len());
        for (i, hit) in hits.iter().enumerate() {
            let number = &input[hit.start..hit.end];
            let repeated = hits[..i].iter().any(|earlier| {
                std::ptr::eq(earlier.carrier, hit.carrier)
                    && earlier.len == hit.len
                    && cleaned(&input[earlier.start..earlier.end]).eq(cleaned(number))
            });
            if repeated {
                continue;
            }
            let mut number = String::with_capacity(usize::from(hit.len));
            number.extend(cleaned(&input[hit.start..hit.end]).map(char::from));
            // The carrier's one page, as every other way in names it.
            let tracking_url = hit.carrier.page(&number).unwrap_or_default();
            candidates.push(Candidate {
                carrier: hit.carrier.id,
                number,
                service: hit.service,
                tracking_url,
            });
        }
        candidates
    }
}

/// The letters and digits of `text`, upper-cased: the number it holds.
fn cleaned(text: &str) -> impl Iterator<Item = u8> + '_ {
    text.bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
}

/// What a character is to the scanner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A letter or digit: part of a word.
    Alnum,
    /// A dash or dot: dropped, inside or around a word.
    Dropped,
    /// White space: between words.
    Space,
    /// Anything else: no number crosses it.
    Break,
}

/// What each ASCII character is to the scanner.
static ASCII_KINDS: [Kind; 128] = {
    let mut kinds = [Kind::Break; 128];
    let mut c = 0;
    while c < 128 {
        kinds[c] = match c as u8 {
            b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z' => Kind::Alnum,
            b'-' | b'.' => Kind::Dropped,
            // What `char::is_whitespace` says of ASCII.
            b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' => Kind::Space,
            _ => Kind::Break,
        };
        c += 1;
    }
    kinds
};

/// What the character at byte `at` of `input` is, and its length in bytes.
#[inline(always)]
fn kind_at(input: &str, at: usize) -> (Kind, usize) {
    let b = input.as_bytes()[at];
    if b < 0x80 {
        (ASCII_KINDS[usize::from(b)], 1)
    } else {
        non_ascii_kind(input, at)
    }
}

/// [`kind_at`] for a character beyond ASCII: white space, or a hard break.
#[cold]
fn non_ascii_kind(input: &str, at: usize) -> (Kind, usize) {
    match input[at..].chars().next() {
        Some(c) if c.is_whitespace() => (Kind::Space, c.len_utf8()),
        Some(c) => (Kind::Break, c.len_utf8()),
        None => (Kind::Break, 1),
    }
}

/// One word: its byte range, and what the number gets from it.
#[derive(Debug, Clone, Copy, Default)]
struct Word {
    start: usize,
    end: usize,
    /// Letters and digits in it.
    len: usize,
    has_digit: bool,
}

/// The next word at or after byte `pos`, unless a hard break comes first; also where to go on
/// from (past the word, or past the break).
fn next_word(input: &str, pos: usize) -> (Option<Word>, usize) {
    let bytes = input.as_bytes();
    let mut at = pos;
    // Before the word.
    let start = loop {
        if at >= bytes.len() {
            return (None, at);
        }
        match kind_at(input, at) {
            (Kind::Alnum, _) => break at,
            (Kind::Dropped | Kind::Space, n) => at += n,
            (Kind::Break, n) => return (None, at + n),
        }
    };
    let mut word = Word {
        start,
        end: start,
        len: 0,
        has_digit: false,
    };
    while at < bytes.len() {
        let b = bytes[at];
        match kind_at(input, at).0 {
            Kind::Alnum => {
                word.len += 1;
                word.has_digit |= b.is_ascii_digit();
            }
            Kind::Dropped => {}
            Kind::Space | Kind::Break => break,
        }
        // Letters, digits, dashes and dots are one byte each.
        at += 1;
        word.end = at;
    }
    (Some(word), at)
}

/// Tries every run of words in `input`.
fn scan(input: &str, found: &mut Found) {
    // The common case first: the input is one word of letters and digits.
    let bytes = input.as_bytes();
    if (1..=MAX_LEN).contains(&bytes.len()) && bytes.iter().all(u8::is_ascii_alphanumeric) {
        if bytes.iter().any(u8::is_ascii_digit) {
            let mut number = [0u8; MAX_LEN];
            let number = &mut number[..bytes.len()];
            number.copy_from_slice(bytes);
            number.make_ascii_uppercase();
            let run = Run {
                start: 0,
                end: bytes.len(),
                lead: 0,
                trail: 0,
                specific_only: false,
            };
            try_formats(number, run, found);
        }
        return;
    }
    let mut pos = 0;
    while pos < input.len() {
        let (word, next) = next_word(input, pos);
        if let Some(word) = word {
            scan_from(input, word, found);
        }
        pos = next;
    }
}

/// Tries the runs of words that start with `first`, longest first.
fn scan_from(input: &str, first: Word, found: &mut Found) {
    // A word inside a match that stands for its runs starts no number of its own.
    let inside = found.matched[..found.matched_len]
        .iter()
        .any(|m| m.strong && m.start < first.start && first.start < m.end);
    if inside {
        return;
    }
    let bytes = input.as_bytes();
    // The letters and digits of the words from `first` on, and the words' ends.
    let mut number = [0u8; MAX_LEN];
    let mut words = [RunWord::default(); MAX_LEN];
    let mut count = 0;
    let mut len = 0;
    let mut word = Some(first);
    while let Some(w) = word {
        if len + w.len > MAX_LEN {
            break;
        }
        for &c in &bytes[w.start..w.end] {
            if c.is_ascii_alphanumeric() {
                number[len] = c.to_ascii_uppercase();
                len += 1;
            }
        }
        words[count] = RunWord {
            end: w.end,
            len: len as u8,
            has_digit: w.has_digit,
        };
        count += 1;
        // The next word, unless a hard break comes first.
        word = next_word(input, w.end).0;
    }
    let words = &words[..count];
    let digits_from = words.iter().position(|w| w.has_digit);
    let Some(digits_from) = digits_from else {
        // Every format has digits.
        return;
    };
    // Letters pasted before the first word with a digit.
    let lead = if digits_from == 0 {
        0
    } else {
        usize::from(words[digits_from - 1].len)
    };
    for last in (digits_from..count).rev() {
        let run = &words[..=last];
        let (start, end) = (first.start, run[last].end);
        let cover = found.cover(bytes, start, end);
        if cover == Cover::Covered {
            continue;
        }
        let run_len = usize::from(run[last].len);
        // Letters pasted after the last word with a digit.
        let trail = match run.iter().rposition(|w| w.has_digit) {
            Some(i) => run_len - usize::from(run[i].len),
            None => 0,
        };
        let specific_only = cover == Cover::InsideLoose;
        let run = Run {
            start,
            end,
            lead,
            trail,
            specific_only,
        };
        if let Some(strong) = try_formats(&number[..run_len], run, found) {
            found.add_matched(Matched { start, end, strong });
        }
    }
}

/// A word of a run, as the run sees it.
#[derive(Debug, Clone, Copy, Default)]
struct RunWord {
    /// Where it ends in the input.
    end: usize,
    /// The run's letters and digits up to its end.
    len: u8,
    has_digit: bool,
}

/// A run of words being tried.
#[derive(Debug, Clone, Copy)]
struct Run {
    /// Its byte range in the input.
    start: usize,
    end: usize,
    /// Letters from words of letters only at its start and its end.
    lead: usize,
    trail: usize,
    /// Whether only matches that pin something down count (see [`Cover::InsideLoose`]).
    specific_only: bool,
}

/// How a number reads as one format.
enum Reading {
    /// It is one (its byte range left for the caller to fill in); `specific` if the format pins
    /// any of it down (a literal, letters or a narrowed character).
    Fits { hit: Hit, specific: bool },
    /// It has the format's shape, but its check digit is wrong.
    WrongCheckDigit,
}

/// Tries every format on `number`, the letters and digits of `run`, and keeps what matched.
/// Returns whether the run counts as matched for the runs inside it (a format accepts it, or it
/// is a checksummed number mistyped) and, if so, whether it may stand for all of them (only a
/// match that is validated or specific may).
fn try_formats(number: &[u8], run: Run, found: &mut Found) -> Option<bool> {
    let mut set = formats::candidates(number);
    let mut matched = None;
    let mut mistyped = false;
    while set != 0 {
        let i = set.trailing_zeros() as usize;
        set &= set - 1;
        let format = &FORMATS[i];
        if run.lead > usize::from(format.head) || run.trail > usize::from(format.tail) {
            continue;
        }
        let (mut hit, specific) = match try_format(i, format, number) {
            Some(Reading::Fits { hit, specific }) => (hit, specific),
            Some(Reading::WrongCheckDigit) => {
                mistyped = true;
                continue;
            }
            None => continue,
        };
        if run.specific_only && !specific {
            continue;
        }
        hit.start = run.start;
        hit.end = run.end;
        let strong = hit.validated || !format.loose;
        matched = Some(matched.unwrap_or(false) | strong);
        found.add(hit);
    }
    // A mistyped number stands only for the runs that keep all its digits (see `cover`).
    matched.or(mistyped.then_some(false))
}

/// `number` read as `format`, if it has the format's shape.
fn try_format(index: usize, format: &Format, number: &[u8]) -> Option<Reading> {
    let caps = if format.flat {
        pattern::matches_flat(format.pattern, number)?
    } else {
        pattern::matches(format.pattern, number)?
    };
    let validated = match format.checksum {
        None => false,
        Some(checksum) => {
            let serial = caps.get(Role::Serial, number)?;
            let &[check] = caps.get(Role::Check, number)? else {
                return None;
            };
            let mut prepended = [0u8; MAX_LEN + 4];
            let serial = match format.prepend {
                Some(p) if !serial.starts_with(p.unless) => {
                    let n = p.content.len() + serial.len();
                    let buf = prepended.get_mut(..n)?;
                    buf[..p.content.len()].copy_from_slice(p.content);
                    buf[p.content.len()..].copy_from_slice(serial);
                    &*buf
                }
                _ => serial,
            };
            if !checksum.verify(serial, check) {
                return Some(Reading::WrongCheckDigit);
            }
            true
        }
    };
    let code = caps.get(Role::Service, number);
    let carrier = match format.owner {
        Owner::Carrier(carrier) => carrier,
        Owner::S10 => formats::s10_carrier(code?, caps.get(Role::Country, number)?)?,
    };
    let service = match format.services {
        Services::None => None,
        Services::Name => Some(format.name),
        Services::Table(table) => Some(
            code.and_then(|code| table.iter().find(|(c, _)| c.as_bytes() == code))
                .map_or(format.name, |&(_, name)| name),
        ),
        Services::S10 => Some(code.and_then(formats::s10_service).unwrap_or(format.name)),
    };
    let hit = Hit {
        carrier,
        service,
        start: 0,
        end: 0,
        weight: caps.weight + format.bias,
        format: index as u8,
        len: number.len() as u8,
        validated,
    };
    Some(Reading::Fits {
        hit,
        specific: caps.weight > 0,
    })
}

/// Whether the format with this `id` accepts `input` (cleaned), checksum and all.
#[cfg(test)]
fn format_accepts(id: &str, input: &str) -> bool {
    let number: Vec<u8> = cleaned(input).collect();
    let (i, format) = FORMATS
        .iter()
        .enumerate()
        .find(|(_, f)| f.id == id)
        .unwrap_or_else(|| panic!("no format {id}"));
    number.len() <= MAX_LEN && matches!(try_format(i, format, &number), Some(Reading::Fits { .. }))
}
