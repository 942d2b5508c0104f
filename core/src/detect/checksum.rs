//! The check-digit algorithms of the tracking-number reference data, each exactly as the data
//! names and parameterises it.
//!
//! Every algorithm takes the serial number (cleaned: upper-case ASCII letters and digits, with
//! any `prepend_if` content already in front) and the check character, and says whether they
//! agree. None of them allocates.

/// A check-digit algorithm with the parameters a format gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Checksum {
    /// `mod10`: position `i` (counted from 0, after reversing when `reverse`) is weighted by
    /// `evens` when `i` is even and by `odds` when it is odd; a letter counts as
    /// `(ASCII code - 3) % 10`; the check digit brings the sum up to a multiple of 10.
    Mod10 {
        /// The weight of positions 0, 2, 4, ...
        evens: u8,
        /// The weight of positions 1, 3, 5, ...
        odds: u8,
        /// Whether to weight the serial from its last digit.
        reverse: bool,
    },
    /// `sum_product_with_weightings_and_modulo`: the check digit is
    /// `sum(digit * weight) % modulo1 % modulo2`.
    SumProduct {
        /// One weight per serial digit.
        weights: &'static [u8],
        /// The first modulo.
        modulo1: u8,
        /// The second modulo.
        modulo2: u8,
    },
    /// `luhn`: from the last serial digit leftwards, every other digit doubled (less 9 when over
    /// 9); the check digit brings the sum up to a multiple of 10.
    Luhn,
    /// `mod7`: the check digit is the serial, read as one number, modulo `modulo`.
    Mod7 {
        /// The modulo (7).
        modulo: u8,
    },
    /// `s10` (UPU S10): `11 - sum(digit * weight) % 11`, where 10 becomes 0 and 11 becomes 5.
    S10 {
        /// One weight per serial digit (8, 6, 4, 2, 3, 5, 9, 7).
        weights: &'static [u8],
        /// The modulo (11).
        modulo: u8,
    },
    /// `mod_37_36`: ISO/IEC 7064 MOD 37,36 over `0-9A-Z`, giving a check character.
    Mod37_36,
}

impl Checksum {
    /// Whether `check` is the right check character for `serial`.
    pub(crate) fn verify(self, serial: &[u8], check: u8) -> bool {
        match self {
            Checksum::Mod10 {
                evens,
                odds,
                reverse,
            } => mod10(serial, check, evens, odds, reverse),
            Checksum::SumProduct {
                weights,
                modulo1,
                modulo2,
            } => sum_product(serial, check, weights, modulo1, modulo2),
            Checksum::Luhn => luhn(serial, check),
            Checksum::Mod7 { modulo } => mod7(serial, check, modulo),
            Checksum::S10 { weights, modulo } => s10(serial, check, weights, modulo),
            Checksum::Mod37_36 => mod_37_36(serial, check),
        }
    }
}

/// The value of a digit, or `None` for anything else.
fn digit(c: u8) -> Option<u32> {
    c.is_ascii_digit().then(|| u32::from(c - b'0'))
}

/// `mod10` as the reference data defines it (see [`Checksum::Mod10`]).
pub(crate) fn mod10(serial: &[u8], check: u8, evens: u8, odds: u8, reverse: bool) -> bool {
    let Some(check) = digit(check) else {
        return false;
    };
    let value = |c: u8| digit(c).unwrap_or_else(|| (u32::from(c) - 3) % 10);
    let weight = |i: usize| u32::from(if i.is_multiple_of(2) { evens } else { odds });
    let sum: u32 = if reverse {
        serial
            .iter()
            .rev()
            .enumerate()
            .map(|(i, &c)| value(c) * weight(i))
            .sum()
    } else {
        serial
            .iter()
            .enumerate()
            .map(|(i, &c)| value(c) * weight(i))
            .sum()
    };
    (10 - sum % 10) % 10 == check
}

/// `sum_product_with_weightings_and_modulo` (see [`Checksum::SumProduct`]).
pub(crate) fn sum_product(
    serial: &[u8],
    check: u8,
    weights: &[u8],
    modulo1: u8,
    modulo2: u8,
) -> bool {
    let Some(check) = digit(check) else {
        return false;
    };
    if serial.len() != weights.len() || modulo1 == 0 || modulo2 == 0 {
        return false;
    }
    let mut sum = 0u32;
    for (&c, &w) in serial.iter().zip(weights) {
        let Some(d) = digit(c) else {
            return false;
        };
        sum += d * u32::from(w);
    }
    sum % u32::from(modulo1) % u32::from(modulo2) == check
}

/// `luhn` (see [`Checksum::Luhn`]).
pub(crate) fn luhn(serial: &[u8], check: u8) -> bool {
    let Some(check) = digit(check) else {
        return false;
    };
    let mut sum = 0u32;
    for (i, &c) in serial.iter().rev().enumerate() {
        let Some(mut d) = digit(c) else {
            return false;
        };
        if i.is_multiple_of(2) {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    (10 - sum % 10) % 10 == check
}

/// `mod7` (see [`Checksum::Mod7`]). Serials longer than 19 digits do not fit and never pass.
pub(crate) fn mod7(serial: &[u8], check: u8, modulo: u8) -> bool {
    let Some(check) = digit(check) else {
        return false;
    };
    if serial.is_empty() || serial.len() > 19 || modulo == 0 {
        return false;
    }
    let mut n = 0u64;
    for &c in serial {
        let Some(d) = digit(c) else {
            return false;
        };
        n = n * 10 + u64::from(d);
    }
    n % u64::from(modulo) == u64::from(check)
}

/// `s10` (see [`Checksum::S10`]).
pub(crate) fn s10(serial: &[u8], check: u8, weights: &[u8], modulo: u8) -> bool {
    let Some(check) = digit(check) else {
        return false;
    };
    if serial.len() != weights.len() || modulo == 0 {
        return false;
    }
    let mut sum = 0u32;
    for (&c, &w) in serial.iter().zip(weights) {
        let Some(d) = digit(c) else {
            return false;
        };
        sum += d * u32::from(w);
    }
    let expected = match u32::from(modulo) - sum % u32::from(modulo) {
        10 => 0,
        11 => 5,
        n => n,
    };
    expected == check
}

/// The value of a character in the alphabet `0-9A-Z`.
fn base36(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        _ => None,
    }
}

/// `mod_37_36` (see [`Checksum::Mod37_36`]).
pub(crate) fn mod_37_36(serial: &[u8], check: u8) -> bool {
    const M: u32 = 36;
    let Some(check) = base36(check) else {
        return false;
    };
    let mut p = M;
    for &c in serial {
        let Some(v) = base36(c) else {
            return false;
        };
        p += v;
        if p > M {
            p -= M;
        }
        p *= 2;
        if p > M {
            p -= M + 1;
        }
    }
    let mut expected = M + 1 - p;
    if expected == M {
        expected = 0;
    }
    expected == check
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Splits a whole number into (serial, check) around the character at `check_at`.
    fn split(number: &str, check_at: usize) -> (&[u8], u8) {
        let b = number.as_bytes();
        (&b[..check_at], b[check_at])
    }

    #[test]
    fn mod10_weights_positions_from_zero() {
        // Canada Post (evens 3, odds 1), FedEx Ground (evens 1, odds 3), UPS (evens 1, odds 2,
        // letters as (code - 3) % 10), USPS IMpb read from the end (reverse).
        let good = [
            ("0073938000549297", 3, 1, false),
            ("041441760228964", 1, 3, false),
            ("5R89390357567127", 1, 2, false),
            ("XX3150YW44070023", 1, 2, false),
            ("9400111206206406260787", 3, 1, true),
        ];
        for (n, evens, odds, reverse) in good {
            let (serial, check) = split(n, n.len() - 1);
            assert!(mod10(serial, check, evens, odds, reverse), "{n}");
            for wrong in (b'0'..=b'9').filter(|&c| c != check) {
                assert!(
                    !mod10(serial, wrong, evens, odds, reverse),
                    "{n} with {wrong}"
                );
            }
        }
        let bad = [
            ("0073938000549292", 3, 1, false),
            ("568283610012732", 1, 3, false),
            ("1111111111111111", 1, 2, false),
        ];
        for (n, evens, odds, reverse) in bad {
            let (serial, check) = split(n, n.len() - 1);
            assert!(!mod10(serial, check, evens, odds, reverse), "{n}");
        }
        // A letter is never a mod10 check digit.
        assert!(!mod10(b"123", b'A', 3, 1, false));
    }

    #[test]
    fn reverse_matters_only_for_even_length_serials() {
        // Odd length: both directions weight the same positions.
        let serial = b"940011120620640626078";
        assert_eq!(
            mod10(serial, b'7', 3, 1, false),
            mod10(serial, b'7', 3, 1, true)
        );
        // Even length: they differ.
        assert!(mod10(b"12", b'5', 3, 1, false)); // 1*3 + 2*1 = 5 -> 5
        assert!(mod10(b"12", b'3', 3, 1, true)); // 2*3 + 1*1 = 7 -> 3
    }

    #[test]
    fn sum_product_with_weightings_and_modulo() {
        const W12: &[u8] = &[3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1];
        const W34: &[u8] = &[1, 7, 3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1];
        for n in [
            "986578788855",
            "477179081230",
            "799531274483",
            "974367662710",
        ] {
            let (serial, check) = split(n, 11);
            assert!(sum_product(serial, check, W12, 11, 10), "{n}");
        }
        let (serial, check) = split("996578788855", 11);
        assert!(!sum_product(serial, check, W12, 11, 10));
        // FedEx Express (34): the serial is the 13 digits before the last.
        assert!(sum_product(b"0077901797269", b'7', W34, 11, 10));
        assert!(!sum_product(b"0061776783943", b'8', W34, 11, 10));
        // The serial must have one digit per weight.
        assert!(!sum_product(b"98657878885", b'5', W34, 11, 10));
        assert!(!sum_product(b"9865787888A", b'5', W12, 11, 10));
    }

    #[test]
    fn luhn_doubles_from_the_last_serial_digit() {
        for n in [
            "07209562763",
            "77767553207",
            "80003280379",
            "320595463938",
            "79927398713",
        ] {
            let (serial, check) = split(n, n.len() - 1);
            assert!(luhn(serial, check), "{n}");
        }
        for n in ["07209562773", "80003280389", "320595463939", "287809468875"] {
            let (serial, check) = split(n, n.len() - 1);
            assert!(!luhn(serial, check), "{n}");
        }
        assert!(!luhn(b"7992739871A", b'3'));
    }

    #[test]
    fn mod7_reads_the_serial_as_a_number() {
        for n in [
            "3318810025",
            "73891051146",
            "8487135506",
            "1099255990",
            "3318810014",
        ] {
            let (serial, check) = split(n, n.len() - 1);
            assert!(mod7(serial, check, 7), "{n}");
        }
        for n in ["3318810010", "3318810034", "3318810011"] {
            let (serial, check) = split(n, n.len() - 1);
            assert!(!mod7(serial, check, 7), "{n}");
        }
        // Too long to be a number we read, and not digits.
        assert!(!mod7(&[b'1'; 20], b'0', 7));
        assert!(!mod7(b"33188A002", b'5', 7));
    }

    #[test]
    fn s10_maps_ten_to_zero_and_eleven_to_five() {
        const W: &[u8] = &[8, 6, 4, 2, 3, 5, 9, 7];
        assert!(s10(b"12345678", b'5', W, 11));
        assert!(!s10(b"12345678", b'6', W, 11));
        // A sum that divides by 11 gives 11, written 5: 0.
        assert!(s10(b"00000000", b'5', W, 11));
        // A remainder of 1 gives 10, written 0: 5 + 7 = 12.
        assert!(s10(b"00000101", b'0', W, 11));
        // Otherwise 11 - remainder: 9 gives 2.
        assert!(s10(b"00000010", b'2', W, 11));
        assert!(!s10(b"1234567", b'5', W, 11));
    }

    #[test]
    fn mod_37_36_gives_a_check_character() {
        assert!(mod_37_36(b"09980000020033", b'F'));
        assert!(mod_37_36(b"09980000020034", b'D'));
        assert!(mod_37_36(b"008182709980000020033350276", b'C'));
        assert!(mod_37_36(b"008182709980000020045327276", b'N'));
        assert!(!mod_37_36(b"09980000020033", b'D'));
        assert!(!mod_37_36(b"008182709980000020033350276", b'A'));
        assert!(!mod_37_36(b"008182709980000020045000000", b'N'));
        assert!(!mod_37_36(b"0998000002003-", b'F'));
    }

    #[test]
    fn verify_dispatches_with_the_parameters() {
        let ups = Checksum::Mod10 {
            evens: 1,
            odds: 2,
            reverse: false,
        };
        assert!(ups.verify(b"5R8939035756712", b'7'));
        assert!(!ups.verify(b"5R8939035756712", b'8'));
        assert!(Checksum::Luhn.verify(b"0720956276", b'3'));
        assert!(Checksum::Mod7 { modulo: 7 }.verify(b"331881002", b'5'));
        assert!(Checksum::Mod37_36.verify(b"09980000020033", b'F'));
    }
}
