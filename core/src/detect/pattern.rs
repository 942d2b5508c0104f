//! A tiny pattern language for tracking-number formats, and the matcher that runs it.
//!
//! A pattern is a sequence of [`Seg`]ments matched against the whole cleaned number (upper-case
//! ASCII letters and digits), anchored at both ends. It covers what the reference data's regular
//! expressions use: literals, alternatives, runs of a character class, optional parts, named
//! groups (only the roles checksums and lookups need) and the few lookaheads, which all ask how
//! many digits are left. The matcher backtracks like a regex engine (greedy runs, optional parts
//! tried present first, alternatives in order), so a pattern keeps the meaning of the regex it
//! was written from. It allocates nothing: the backtracking state lives on the stack.
//!
//! Patterns of a single shape (most of them) are matched by a one-pass matcher instead, with the
//! same result. The `const fn`s below read a pattern at compile time for the cheap pre-checks:
//! its shortest and longest length, the characters it can start and end with, and how many
//! letters it can start and end with.

/// A set of characters one position may hold, as a [`char_bit`] mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Class(u64);

impl Class {
    /// `0-9`.
    pub(crate) const DIGIT: Class = Class(0x3ff);
    /// `A-Z`.
    pub(crate) const UPPER: Class = Class(0x3ff_ffff << 10);
    /// `0-9A-Z`.
    pub(crate) const ALNUM: Class = Class(Self::DIGIT.0 | Self::UPPER.0);

    /// Exactly the characters of `set`.
    pub(crate) const fn of(set: &[u8]) -> Class {
        let mut mask = 0;
        let mut i = 0;
        while i < set.len() {
            mask |= char_bit(set[i]);
            i += 1;
        }
        Class(mask)
    }

    /// Whether `c` is in the class.
    #[inline]
    pub(crate) const fn has(self, c: u8) -> bool {
        char_bit(c) & self.0 != 0
    }

    /// How much one character of this class says about a format: nothing for a digit or any
    /// character, 1 for a letter or a narrowed set.
    const fn weight(self) -> u16 {
        if self.0 == Self::DIGIT.0 || self.0 == Self::ALNUM.0 {
            0
        } else {
            1
        }
    }

    /// Whether the class has letters, and whether it has nothing else.
    const fn letters(self) -> (bool, bool) {
        (self.0 & Self::UPPER.0 != 0, self.0 & Self::DIGIT.0 == 0)
    }
}

/// What a captured part of a number is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The serial number a checksum runs over (the data's `SerialNumber`).
    Serial = 0,
    /// The check character (the data's `CheckDigit`).
    Check = 1,
    /// The service code a lookup names (the data's `ServiceType`).
    Service = 2,
    /// The issuing country (the data's `CountryCode`).
    Country = 3,
}

/// One piece of a pattern.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Seg {
    /// Exactly this text.
    Lit(&'static [u8]),
    /// One of these texts, tried in order.
    OneOf(&'static [&'static [u8]]),
    /// From `min` to `max` characters of a class, as many as possible first.
    Run(Class, u8, u8),
    /// A part that may be absent, tried present first.
    Opt(&'static [Seg]),
    /// One of these sequences, tried in order.
    Either(&'static [&'static [Seg]]),
    /// A sequence whose text is captured under a role.
    Cap(Role, &'static [Seg]),
    /// Matches nothing, but only when the number of characters left is one of these (the data's
    /// lookaheads, which all count the digits up to the end).
    Left(&'static [u8]),
}

/// `n` digits.
pub(crate) const fn d(n: u8) -> Seg {
    Seg::Run(Class::DIGIT, n, n)
}

/// `n` letters or digits.
pub(crate) const fn an(n: u8) -> Seg {
    Seg::Run(Class::ALNUM, n, n)
}

/// `n` letters.
pub(crate) const fn up(n: u8) -> Seg {
    Seg::Run(Class::UPPER, n, n)
}

/// One character of `set`.
pub(crate) const fn one(set: &'static [u8]) -> Seg {
    Seg::Run(Class::of(set), 1, 1)
}

/// What a successful match found: where each role's text is, and how much of the number the
/// pattern pinned down (literal characters count 2, letters and narrowed sets 1), which ranks
/// candidates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Caps {
    spans: [(u8, u8); 4],
    found: u8,
    /// How specific the match is.
    pub(crate) weight: u16,
}

impl Caps {
    /// The text captured under `role` in `number`, if the pattern captured it.
    pub(crate) fn get<'a>(&self, role: Role, number: &'a [u8]) -> Option<&'a [u8]> {
        let i = role as usize;
        if self.found & (1 << i) == 0 {
            return None;
        }
        let (start, end) = self.spans[i];
        number.get(usize::from(start)..usize::from(end))
    }

    fn set(mut self, role: Role, start: usize, end: usize) -> Self {
        let i = role as usize;
        // Numbers are at most a few dozen characters, so positions fit a byte.
        self.spans[i] = (start as u8, end as u8);
        self.found |= 1 << i;
        self
    }

    fn add(mut self, weight: u16) -> Self {
        self.weight += weight;
        self
    }
}

/// What is left to match after the current segment: more segments, or the end of a capture.
#[derive(Clone, Copy)]
enum Frame<'a> {
    Segs(&'a [Seg]),
    Close(Role, usize),
}

/// The continuation of a match, as a linked list on the stack.
struct Next<'a> {
    frame: Frame<'a>,
    up: Option<&'a Next<'a>>,
}

/// Matches `pattern` against the whole of `number`.
pub(crate) fn matches(pattern: &[Seg], number: &[u8]) -> Option<Caps> {
    if number.len() > usize::from(u8::MAX) {
        return None;
    }
    let next = Next {
        frame: Frame::Segs(pattern),
        up: None,
    };
    go(number, 0, Caps::default(), Some(&next))
}

/// Matches what is left (`next`) against `s` from `pos`, with what was found so far; the first
/// complete match in regex order.
fn go(s: &[u8], pos: usize, caps: Caps, next: Option<&Next<'_>>) -> Option<Caps> {
    let Some(next) = next else {
        return (pos == s.len()).then_some(caps);
    };
    let segs = match next.frame {
        Frame::Close(role, start) => return go(s, pos, caps.set(role, start, pos), next.up),
        Frame::Segs(segs) => segs,
    };
    let Some((seg, rest)) = segs.split_first() else {
        return go(s, pos, caps, next.up);
    };
    let after = Next {
        frame: Frame::Segs(rest),
        up: next.up,
    };
    let tail = &s[pos..];
    match *seg {
        Seg::Lit(text) => {
            if !starts_with(tail, text) {
                return None;
            }
            go(
                s,
                pos + text.len(),
                caps.add(2 * text.len() as u16),
                Some(&after),
            )
        }
        Seg::OneOf(texts) => texts.iter().find_map(|text| {
            if !starts_with(tail, text) {
                return None;
            }
            go(
                s,
                pos + text.len(),
                caps.add(2 * text.len() as u16),
                Some(&after),
            )
        }),
        Seg::Run(class, min, max) => {
            let (min, max) = (usize::from(min), usize::from(max));
            let mut most = 0;
            while most < max && most < tail.len() && class.has(tail[most]) {
                most += 1;
            }
            // As many as possible first, then one fewer at a time.
            let mut n = most;
            while n >= min {
                let weight = class.weight() * n as u16;
                if let Some(caps) = go(s, pos + n, caps.add(weight), Some(&after)) {
                    return Some(caps);
                }
                if n == 0 {
                    break;
                }
                n -= 1;
            }
            None
        }
        Seg::Opt(inner) => {
            let present = Next {
                frame: Frame::Segs(inner),
                up: Some(&after),
            };
            go(s, pos, caps, Some(&present)).or_else(|| go(s, pos, caps, Some(&after)))
        }
        Seg::Either(alternatives) => alternatives.iter().find_map(|alternative| {
            let this = Next {
                frame: Frame::Segs(alternative),
                up: Some(&after),
            };
            go(s, pos, caps, Some(&this))
        }),
        Seg::Cap(role, inner) => {
            let close = Next {
                frame: Frame::Close(role, pos),
                up: Some(&after),
            };
            let this = Next {
                frame: Frame::Segs(inner),
                up: Some(&close),
            };
            go(s, pos, caps, Some(&this))
        }
        Seg::Left(counts) => {
            let left = tail.len();
            if counts.iter().any(|&n| usize::from(n) == left) {
                go(s, pos, caps, Some(&after))
            } else {
                None
            }
        }
    }
}

/// `text.starts_with(prefix)` for the short literals of patterns, without a call to `memcmp`.
#[inline(always)]
fn starts_with(text: &[u8], prefix: &[u8]) -> bool {
    text.len() >= prefix.len() && text.iter().zip(prefix).all(|(a, b)| a == b)
}

/// Whether `segs` has a single shape for each length: no optional parts, alternative
/// sequences or lookaheads, alternative literals of one length only, and at most one run of
/// varying length, whose length the number's then fixes. Such a pattern is matched in one pass
/// by [`matches_flat`]: nothing in it could backtrack.
pub(crate) const fn is_flat(segs: &[Seg]) -> bool {
    variable_runs(segs) <= 1
}

/// The runs of varying length in `segs`, or more than one if it has parts that make it no flat
/// pattern at all.
const fn variable_runs(segs: &[Seg]) -> usize {
    const NOT_FLAT: usize = 2;
    let mut runs = 0;
    let mut i = 0;
    while i < segs.len() {
        runs += match segs[i] {
            Seg::Lit(_) => 0,
            Seg::OneOf(texts) => {
                let mut same = true;
                let mut j = 1;
                while j < texts.len() {
                    same = same && texts[j].len() == texts[0].len();
                    j += 1;
                }
                if same {
                    0
                } else {
                    NOT_FLAT
                }
            }
            Seg::Run(_, min, max) => (min != max) as usize,
            Seg::Cap(_, inner) => variable_runs(inner),
            Seg::Opt(_) | Seg::Either(_) | Seg::Left(_) => NOT_FLAT,
        };
        i += 1;
    }
    runs
}

/// Matches a flat pattern (see [`is_flat`]) against the whole of `number`; the same answer as
/// [`matches`], faster.
pub(crate) fn matches_flat(pattern: &[Seg], number: &[u8]) -> Option<Caps> {
    if number.len() > usize::from(u8::MAX) {
        return None;
    }
    let mut caps = Caps::default();
    // What the run of varying length takes beyond its least.
    let mut slack = number.len().checked_sub(min_len(pattern))?;
    let end = flat(pattern, number, 0, &mut slack, &mut caps)?;
    (end == number.len()).then_some(caps)
}

fn flat(
    segs: &[Seg],
    s: &[u8],
    mut pos: usize,
    slack: &mut usize,
    caps: &mut Caps,
) -> Option<usize> {
    for seg in segs {
        match *seg {
            Seg::Lit(text) => {
                if !starts_with(s.get(pos..)?, text) {
                    return None;
                }
                pos += text.len();
                caps.weight += 2 * text.len() as u16;
            }
            Seg::OneOf(texts) => {
                let tail = s.get(pos..)?;
                let text = texts.iter().find(|t| starts_with(tail, t))?;
                pos += text.len();
                caps.weight += 2 * text.len() as u16;
            }
            Seg::Run(class, min, max) => {
                let (min, max) = (usize::from(min), usize::from(max));
                let n = if max > min {
                    min + std::mem::take(slack)
                } else {
                    min
                };
                if n > max {
                    return None;
                }
                let run = s.get(pos..pos + n)?;
                if !run.iter().all(|&c| class.has(c)) {
                    return None;
                }
                pos += n;
                caps.weight += class.weight() * n as u16;
            }
            Seg::Cap(role, inner) => {
                let start = pos;
                pos = flat(inner, s, pos, slack, caps)?;
                *caps = caps.set(role, start, pos);
            }
            Seg::Opt(_) | Seg::Either(_) | Seg::Left(_) => return None,
        }
    }
    Some(pos)
}

/// The bit standing for character `c` (`0-9` are bits 0-9, `A-Z` bits 10-35); 0 otherwise.
pub(crate) const fn char_bit(c: u8) -> u64 {
    match c {
        b'0'..=b'9' => 1 << (c - b'0'),
        b'A'..=b'Z' => 1 << (c - b'A' + 10),
        _ => 0,
    }
}

/// The shortest text `segs` matches.
pub(crate) const fn min_len(segs: &[Seg]) -> usize {
    let mut total = 0;
    let mut i = 0;
    while i < segs.len() {
        total += match segs[i] {
            Seg::Lit(text) => text.len(),
            Seg::OneOf(texts) => {
                let mut least = usize::MAX;
                let mut j = 0;
                while j < texts.len() {
                    if texts[j].len() < least {
                        least = texts[j].len();
                    }
                    j += 1;
                }
                least
            }
            Seg::Run(_, min, _) => min as usize,
            Seg::Opt(_) | Seg::Left(_) => 0,
            Seg::Either(alternatives) => {
                let mut least = usize::MAX;
                let mut j = 0;
                while j < alternatives.len() {
                    let n = min_len(alternatives[j]);
                    if n < least {
                        least = n;
                    }
                    j += 1;
                }
                least
            }
            Seg::Cap(_, inner) => min_len(inner),
        };
        i += 1;
    }
    total
}

/// The longest text `segs` matches.
pub(crate) const fn max_len(segs: &[Seg]) -> usize {
    let mut total = 0;
    let mut i = 0;
    while i < segs.len() {
        total += match segs[i] {
            Seg::Lit(text) => text.len(),
            Seg::OneOf(texts) => {
                let mut most = 0;
                let mut j = 0;
                while j < texts.len() {
                    if texts[j].len() > most {
                        most = texts[j].len();
                    }
                    j += 1;
                }
                most
            }
            Seg::Run(_, _, max) => max as usize,
            Seg::Left(_) => 0,
            Seg::Opt(inner) | Seg::Cap(_, inner) => max_len(inner),
            Seg::Either(alternatives) => {
                let mut most = 0;
                let mut j = 0;
                while j < alternatives.len() {
                    let n = max_len(alternatives[j]);
                    if n > most {
                        most = n;
                    }
                    j += 1;
                }
                most
            }
        };
        i += 1;
    }
    total
}

/// The characters a text matched by `segs` can start with, as a [`char_bit`] mask.
pub(crate) const fn first_chars(segs: &[Seg]) -> u64 {
    let mut mask = 0;
    let mut i = 0;
    while i < segs.len() {
        let seg = &segs[i];
        mask |= match *seg {
            Seg::Lit(text) => char_bit(text[0]),
            Seg::OneOf(texts) => {
                let mut m = 0;
                let mut j = 0;
                while j < texts.len() {
                    m |= char_bit(texts[j][0]);
                    j += 1;
                }
                m
            }
            Seg::Run(class, _, _) => class.0,
            Seg::Opt(inner) | Seg::Cap(_, inner) => first_chars(inner),
            Seg::Either(alternatives) => {
                let mut m = 0;
                let mut j = 0;
                while j < alternatives.len() {
                    m |= first_chars(alternatives[j]);
                    j += 1;
                }
                m
            }
            Seg::Left(_) => 0,
        };
        // Only a segment that can match nothing lets the next one start the text.
        if min_len(std::slice::from_ref(seg)) > 0 {
            break;
        }
        i += 1;
    }
    mask
}

/// The characters a text matched by `segs` can end with, as a [`char_bit`] mask.
pub(crate) const fn last_chars(segs: &[Seg]) -> u64 {
    let mut mask = 0;
    let mut i = segs.len();
    while i > 0 {
        i -= 1;
        let seg = &segs[i];
        mask |= match *seg {
            Seg::Lit(text) => char_bit(text[text.len() - 1]),
            Seg::OneOf(texts) => {
                let mut m = 0;
                let mut j = 0;
                while j < texts.len() {
                    m |= char_bit(texts[j][texts[j].len() - 1]);
                    j += 1;
                }
                m
            }
            Seg::Run(class, _, _) => class.0,
            Seg::Opt(inner) | Seg::Cap(_, inner) => last_chars(inner),
            Seg::Either(alternatives) => {
                let mut m = 0;
                let mut j = 0;
                while j < alternatives.len() {
                    m |= last_chars(alternatives[j]);
                    j += 1;
                }
                m
            }
            Seg::Left(_) => 0,
        };
        // Only a segment that can match nothing lets the one before it end the text.
        if min_len(std::slice::from_ref(seg)) > 0 {
            break;
        }
    }
    mask
}

/// How many letters at most the text matched by `segs` can start with, and whether every
/// character `segs` matches may be a letter (so that a following segment can add to the count).
/// The matcher accepts a word of letters pasted before the digits only when the format itself
/// can start with that many letters.
pub(crate) const fn letter_head(segs: &[Seg]) -> (usize, bool) {
    let mut total = 0;
    let mut i = 0;
    while i < segs.len() {
        let (n, all) = seg_letters(&segs[i], true);
        total += n;
        if !all {
            return (total, false);
        }
        i += 1;
    }
    (total, true)
}

/// Like [`letter_head`], at the end of the text.
pub(crate) const fn letter_tail(segs: &[Seg]) -> (usize, bool) {
    let mut total = 0;
    let mut i = segs.len();
    while i > 0 {
        i -= 1;
        let (n, all) = seg_letters(&segs[i], false);
        total += n;
        if !all {
            return (total, false);
        }
    }
    (total, true)
}

/// The letters one segment can contribute at the start (`from_start`) or end of a text, and
/// whether it is letters throughout (so that the count goes on past it).
const fn seg_letters(seg: &Seg, from_start: bool) -> (usize, bool) {
    match *seg {
        Seg::Lit(text) => {
            let mut n = 0;
            while n < text.len() {
                let c = if from_start {
                    text[n]
                } else {
                    text[text.len() - 1 - n]
                };
                if !c.is_ascii_uppercase() {
                    return (n, false);
                }
                n += 1;
            }
            (n, true)
        }
        Seg::OneOf(texts) => {
            let mut most = 0;
            let mut all = true;
            let mut j = 0;
            while j < texts.len() {
                let (n, a) = seg_letters(&Seg::Lit(texts[j]), from_start);
                if n > most {
                    most = n;
                }
                all = all && a;
                j += 1;
            }
            (most, all)
        }
        // A run of letters can be a pasted word; so can a fixed number of letters or digits
        // (JD's `JDVA`); a longer run of either is the loose tail of a format, which must not
        // swallow a word.
        Seg::Run(class, min, max) => {
            let (can_be_letters, letters_only) = class.letters();
            if can_be_letters && (letters_only || min == max) {
                (max as usize, min == max)
            } else {
                (0, false)
            }
        }
        // An optional part counts as present: the count is the most letters there can be.
        Seg::Cap(_, inner) | Seg::Opt(inner) => seq_letters(inner, from_start),
        Seg::Either(alternatives) => {
            let mut most = 0;
            let mut all = true;
            let mut j = 0;
            while j < alternatives.len() {
                let (n, a) = seq_letters(alternatives[j], from_start);
                if n > most {
                    most = n;
                }
                all = all && a;
                j += 1;
            }
            (most, all)
        }
        Seg::Left(_) => (0, true),
    }
}

const fn seq_letters(segs: &[Seg], from_start: bool) -> (usize, bool) {
    if from_start {
        letter_head(segs)
    } else {
        letter_tail(segs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UPS: &[Seg] = &[
        Seg::Lit(b"1Z"),
        Seg::Cap(
            Role::Serial,
            &[an(6), Seg::Cap(Role::Service, &[an(2)]), an(7)],
        ),
        Seg::Cap(Role::Check, &[d(1)]),
    ];

    #[test]
    fn captures_nested_roles() {
        let n = b"1Z5R89390357567127";
        let caps = matches(UPS, n).unwrap();
        assert_eq!(caps.get(Role::Serial, n), Some(&b"5R8939035756712"[..]));
        assert_eq!(caps.get(Role::Service, n), Some(&b"03"[..]));
        assert_eq!(caps.get(Role::Check, n), Some(&b"7"[..]));
        assert_eq!(caps.get(Role::Country, n), None);
        assert_eq!(caps.weight, 4);
        assert!(matches(UPS, b"1Z5R8939035756712").is_none());
        assert!(matches(UPS, b"1Z5R893903575671277").is_none());
        assert!(matches(UPS, b"2Z5R89390357567127").is_none());
    }

    #[test]
    fn backtracks_like_a_regex() {
        // `\d{9,10}\d`: the run gives back a digit for the check digit.
        const DHL: &[Seg] = &[
            Seg::Cap(Role::Serial, &[Seg::Run(Class::DIGIT, 9, 10)]),
            Seg::Cap(Role::Check, &[d(1)]),
        ];
        let n = b"3318810025";
        let caps = matches(DHL, n).unwrap();
        assert_eq!(caps.get(Role::Serial, n), Some(&b"331881002"[..]));
        let n = b"73891051146";
        assert_eq!(
            matches(DHL, n).unwrap().get(Role::Serial, n),
            Some(&b"7389105114"[..])
        );
        // Optional parts are tried present first, then absent.
        const OPT: &[Seg] = &[
            Seg::Opt(&[Seg::Lit(b"91")]),
            Seg::Cap(Role::Service, &[d(2)]),
            d(2),
        ];
        let n = b"911234";
        assert_eq!(
            matches(OPT, n).unwrap().get(Role::Service, n),
            Some(&b"12"[..])
        );
        let n = b"9112";
        assert_eq!(
            matches(OPT, n).unwrap().get(Role::Service, n),
            Some(&b"91"[..])
        );
        // A capture inside an absent optional part is not reported.
        const OPT_CAP: &[Seg] = &[Seg::Opt(&[Seg::Cap(Role::Country, &[up(2)])]), d(3)];
        let n = b"123";
        assert_eq!(matches(OPT_CAP, n).unwrap().get(Role::Country, n), None);
        let n = b"AB123";
        assert_eq!(
            matches(OPT_CAP, n).unwrap().get(Role::Country, n),
            Some(&b"AB"[..])
        );
    }

    #[test]
    fn alternatives_and_lookaheads() {
        const P: &[Seg] = &[
            Seg::Either(&[
                &[Seg::Lit(b"9"), d(2), Seg::Left(&[3, 5])],
                &[one(b"012345678"), d(1), Seg::Left(&[4])],
            ]),
            Seg::Run(Class::DIGIT, 1, 10),
        ];
        assert!(matches(P, b"912123").is_some());
        assert!(matches(P, b"91212345").is_some());
        assert!(matches(P, b"9121234").is_none());
        assert!(matches(P, b"121234").is_some());
        assert!(matches(P, b"1212345").is_none());
    }

    #[test]
    fn flat_patterns_match_as_the_backtracking_matcher_does() {
        assert!(is_flat(UPS));
        for n in [
            &b"1Z5R89390357567127"[..],
            b"1Z5R8939035756712",
            b"2Z5R89390357567127",
        ] {
            assert_eq!(matches_flat(UPS, n), matches(UPS, n));
        }
        const ONE_OF: &[Seg] = &[Seg::OneOf(&[b"GM", b"LX"]), d(2)];
        assert!(is_flat(ONE_OF));
        assert_eq!(matches_flat(ONE_OF, b"LX12"), matches(ONE_OF, b"LX12"));
        assert!(matches_flat(ONE_OF, b"LY12").is_none());
        // One run of varying length: its length is what the number leaves it.
        const DHL: &[Seg] = &[
            Seg::Cap(Role::Serial, &[Seg::Run(Class::DIGIT, 9, 10)]),
            Seg::Cap(Role::Check, &[d(1)]),
        ];
        assert!(is_flat(DHL));
        for n in [
            &b"3318810025"[..],
            b"73891051146",
            b"123456789",
            b"123456789012",
        ] {
            assert_eq!(matches_flat(DHL, n), matches(DHL, n), "{n:?}");
        }
        const TWO_RUNS: &[Seg] = &[Seg::Run(Class::UPPER, 2, 3), Seg::Run(Class::DIGIT, 9, 10)];
        assert!(!is_flat(TWO_RUNS));
        const OPT: &[Seg] = &[Seg::Opt(&[d(1)])];
        assert!(!is_flat(OPT));
        assert!(!is_flat(&[Seg::OneOf(&[b"JJD", b"JD"])]));
    }

    #[test]
    fn static_facts() {
        assert_eq!((min_len(UPS), max_len(UPS)), (18, 18));
        assert_eq!(first_chars(UPS), char_bit(b'1'));
        assert_eq!(last_chars(UPS), Class::DIGIT.0);
        const P: &[Seg] = &[
            Seg::Opt(&[Seg::Lit(b"420"), d(5)]),
            Seg::OneOf(&[b"92", b"J"]),
            Seg::Run(Class::UPPER, 2, 3),
        ];
        assert_eq!((min_len(P), max_len(P)), (3, 13));
        assert_eq!(
            first_chars(P),
            char_bit(b'4') | char_bit(b'9') | char_bit(b'J')
        );
        const S10: &[Seg] = &[up(2), d(9), Seg::Cap(Role::Country, &[up(2)])];
        assert_eq!(letter_head(S10), (2, false));
        assert_eq!(letter_tail(S10), (2, false));
        const JD: &[Seg] = &[Seg::Lit(b"JD"), an(2), d(11)];
        assert_eq!(letter_head(JD).0, 4);
        assert_eq!(letter_tail(JD).0, 0);
        assert_eq!(letter_head(UPS).0, 0);
    }
}
