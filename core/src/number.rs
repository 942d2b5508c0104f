//! Cleaning what a buyer or merchant typed into a tracking number we can look up.

use std::fmt;

/// The longest tracking number any carrier issues is well under this.
pub const MAX_LEN: usize = 40;
/// The shortest tracking number worth looking up.
pub const MIN_LEN: usize = 4;

/// Why a string is not a tracking number.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NumberError {
    /// Nothing left after removing spaces and dashes.
    Empty,
    /// Fewer than [`MIN_LEN`] characters.
    TooShort,
    /// More than [`MAX_LEN`] characters.
    TooLong,
    /// A character no carrier uses in tracking numbers.
    BadCharacter(char),
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumberError::Empty => write!(f, "the tracking number is empty"),
            NumberError::TooShort => {
                write!(f, "a tracking number has at least {MIN_LEN} characters")
            }
            NumberError::TooLong => write!(f, "a tracking number has at most {MAX_LEN} characters"),
            NumberError::BadCharacter(c) => {
                write!(
                    f,
                    "tracking numbers have only letters and digits, not {c:?}"
                )
            }
        }
    }
}

impl std::error::Error for NumberError {}

/// Upper-cases `input` and drops the spaces, dashes and dots people paste with numbers.
pub fn clean(input: &str) -> Result<String, NumberError> {
    let mut number = String::with_capacity(input.len());
    for c in input.chars() {
        match c {
            ' ' | '\t' | '-' | '.' => {}
            c if c.is_ascii_alphanumeric() => number.push(c.to_ascii_uppercase()),
            c => return Err(NumberError::BadCharacter(c)),
        }
    }
    match number.len() {
        0 => Err(NumberError::Empty),
        n if n < MIN_LEN => Err(NumberError::TooShort),
        n if n > MAX_LEN => Err(NumberError::TooLong),
        _ => Ok(number),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_what_people_paste() {
        let cases = [
            ("tl1000000001", Ok("TL1000000001")),
            (" 1Z 999-AA1.0123456784 ", Ok("1Z999AA10123456784")),
            ("", Err(NumberError::Empty)),
            (" - ", Err(NumberError::Empty)),
            ("AB1", Err(NumberError::TooShort)),
            ("TL10000<script>", Err(NumberError::BadCharacter('<'))),
            ("TL100/../x", Err(NumberError::BadCharacter('/'))),
        ];
        for (input, expected) in cases {
            assert_eq!(clean(input), expected.map(str::to_owned), "{input:?}");
        }
        assert_eq!(clean(&"9".repeat(MAX_LEN + 1)), Err(NumberError::TooLong));
    }
}
