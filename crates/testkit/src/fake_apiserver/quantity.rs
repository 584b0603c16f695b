//! Kubernetes resource quantities as a real API server stores them: the
//! parse and re-serialisation of apimachinery's `resource.Quantity`
//! (`ParseQuantity`, then `String`, which writes the canonical form of
//! `CanonicalizeBytes`). `1000m` becomes `1`, `0.5` becomes `500m`, `1024Mi`
//! becomes `1Gi`; a string already in canonical form is kept as written, as
//! Go keeps it (so `+1` and `0100m` stay).
//!
//! Go's quirks with exponents beyond 32 bits (wrap-around, endless loops) are
//! not reproduced: such exponents are taken at their value.

use std::cmp::Ordering;
use std::fmt;

/// Why a string is not a quantity: apimachinery's parse errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuantityError {
    /// Not of the quantity syntax.
    FormatWrong,
    /// The number cannot be read.
    Numeric,
    /// An unknown suffix.
    Suffix,
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            QuantityError::FormatWrong => {
                "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
            }
            QuantityError::Numeric => "unable to parse numeric part of quantity",
            QuantityError::Suffix => "unable to parse quantity's suffix",
        })
    }
}

/// How a quantity is written; kept from its suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    /// `12e6`.
    DecimalExponent,
    /// `12Mi`.
    BinarySI,
    /// `12M`.
    DecimalSI,
}

/// The form a real API server stores the quantity `text` in.
pub fn canonical(text: &str) -> Result<String, QuantityError> {
    // JSON decoding trims the string first.
    let text = text.trim();
    if text.is_empty() {
        return Err(QuantityError::FormatWrong);
    }
    if text == "0" {
        return Ok(text.to_owned());
    }
    let parts = split(text)?;
    let (base, exponent, format) = interpret(&parts.suffix).ok_or(QuantityError::Suffix)?;
    if let Some(fast) = small_amount(text, &parts, exponent, format)? {
        return Ok(fast);
    }
    Ok(exact_amount(&parts, base, exponent, format)?.to_string())
}

/// A quantity string cut up as apimachinery's `parseQuantityString` does.
#[derive(Debug, Default)]
struct Parts {
    positive: bool,
    /// The number as written (sign included), for the exact parse.
    value: String,
    /// Integer digits without leading zeros (`0` when there are none).
    num: String,
    /// Fraction digits.
    denom: String,
    suffix: String,
}

fn split(text: &str) -> Result<Parts, QuantityError> {
    let bytes = text.as_bytes();
    let end = bytes.len();
    let mut parts = Parts {
        positive: true,
        ..Parts::default()
    };
    let mut pos = 0;
    match bytes[0] {
        b'-' => {
            parts.positive = false;
            pos += 1;
        }
        b'+' => pos += 1,
        _ => {}
    }
    while pos < end && bytes[pos] == b'0' {
        pos += 1;
    }
    if pos == end {
        parts.num = "0".into();
        parts.value = "0".into();
        return Ok(parts);
    }
    let digits_from = |from: usize| {
        from + bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let num_end = digits_from(pos);
    parts.num = text[pos..num_end].to_owned();
    if parts.num.is_empty() {
        parts.num = "0".into();
    }
    pos = num_end;
    if pos == end {
        parts.value = text.to_owned();
        return Ok(parts);
    }
    if bytes[pos] == b'.' {
        let denom_end = digits_from(pos + 1);
        parts.denom = text[pos + 1..denom_end].to_owned();
        pos = denom_end;
        if pos == end {
            parts.value = text.to_owned();
            return Ok(parts);
        }
    }
    parts.value = text[..pos].to_owned();
    let suffix_start = pos;
    while pos < end && b"eEinumkKMGTP".contains(&bytes[pos]) {
        pos += 1;
    }
    if pos < end && matches!(bytes[pos], b'-' | b'+') {
        pos += 1;
    }
    if bytes[pos..].iter().all(u8::is_ascii_digit) {
        parts.suffix = text[suffix_start..].to_owned();
        Ok(parts)
    } else {
        Err(QuantityError::FormatWrong)
    }
}

/// Base, exponent and format of a suffix.
fn interpret(suffix: &str) -> Option<(u32, i64, Format)> {
    const DECIMAL: [(&str, i64); 10] = [
        ("n", -9),
        ("u", -6),
        ("m", -3),
        ("", 0),
        ("k", 3),
        ("M", 6),
        ("G", 9),
        ("T", 12),
        ("P", 15),
        ("E", 18),
    ];
    const BINARY: [&str; 6] = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
    if let Some((_, e)) = DECIMAL.iter().find(|(s, _)| *s == suffix) {
        return Some((10, *e, Format::DecimalSI));
    }
    if let Some(i) = BINARY.iter().position(|s| *s == suffix) {
        return Some((2, 10 * (i as i64 + 1), Format::BinarySI));
    }
    let exponent = suffix.strip_prefix(['e', 'E'])?;
    Some((10, exponent.parse().ok()?, Format::DecimalExponent))
}

/// apimachinery's fast path, for amounts of up to 18 digits at a scale of
/// at least nano: the canonical string, the input itself when it is already
/// canonical, or `None` to take the exact path.
fn small_amount(
    text: &str,
    parts: &Parts,
    exponent: i64,
    format: Format,
) -> Result<Option<String>, QuantityError> {
    let digits = (parts.num.len() + parts.denom.len()) as i64;
    let (precision, mut scale, multiplier) = match format {
        Format::BinarySI if parts.denom.is_empty() => {
            (15 - digits - exponent * 3 / 10 - 1, 0, 1i64 << exponent)
        }
        Format::BinarySI => (-1, 0, 1),
        _ => (18 - digits, exponent, 1),
    };
    if precision < 0 {
        return Ok(None);
    }
    scale -= parts.denom.len() as i64;
    if scale < -9 {
        return Ok(None);
    }
    let shifted = format!("{}{}", parts.num, parts.denom);
    let value: i64 = shifted.parse().map_err(|_| QuantityError::Numeric)?;
    let Some(amount) = value.checked_mul(multiplier) else {
        return Ok(None);
    };
    let canonical_already = match format {
        Format::BinarySI => exponent % 10 == 0 && value & 0x07 != 0,
        _ => scale % 3 == 0 && !shifted.ends_with("000") && !shifted.starts_with('0'),
    };
    if canonical_already {
        return Ok(Some(text.to_owned()));
    }
    let amount = Amount {
        negative: !parts.positive && amount != 0,
        digits: Digits::of(&amount.to_string()),
        exponent: scale,
        format,
    };
    Ok(Some(amount.to_string()))
}

/// apimachinery's exact path: the decimal value, rounded away from zero to
/// nano, binary amounts capped at 2^63-1.
fn exact_amount(
    parts: &Parts,
    base: u32,
    exponent: i64,
    mut format: Format,
) -> Result<Amount, QuantityError> {
    let (negative, mut digits, mut scale) = decimal(&parts.value).ok_or(QuantityError::Numeric)?;
    if base == 10 {
        scale += exponent;
    } else {
        for _ in 0..exponent {
            digits.mul_small(2);
        }
    }
    if !digits.is_zero() && scale < -9 {
        digits.round_away(-9 - scale);
        scale = -9;
    }
    let mut amount = Amount {
        negative: negative && !digits.is_zero(),
        digits,
        exponent: scale,
        format,
    };
    if format == Format::BinarySI {
        if amount.cmp_magnitude(i64::MAX as u64) == Ordering::Greater {
            amount.digits = Digits::of(&i64::MAX.to_string());
            amount.exponent = 0;
        }
        if !amount.digits.is_zero() && amount.cmp_magnitude(1) == Ordering::Less {
            format = Format::DecimalSI;
        }
    }
    amount.format = format;
    Ok(amount)
}

/// A decimal number as `inf.Dec` reads it: sign, digits and an optional
/// fraction, at least one digit. Returns (negative, digits, exponent).
fn decimal(text: &str) -> Option<(bool, Digits, i64)> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let all = format!("{int}{frac}");
    if all.is_empty() || !all.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((negative, Digits::of(&all), -(frac.len() as i64)))
}

/// A non-negative integer as decimal digits, most significant first, without
/// leading zeros (empty for zero).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Digits(Vec<u8>);

impl Digits {
    fn of(text: &str) -> Self {
        let digits: Vec<u8> = text
            .bytes()
            .skip_while(|b| *b == b'0')
            .map(|b| b - b'0')
            .collect();
        Self(digits)
    }

    fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    fn mul_small(&mut self, factor: u32) {
        let mut carry = 0u32;
        for d in self.0.iter_mut().rev() {
            let v = u32::from(*d) * factor + carry;
            *d = (v % 10) as u8;
            carry = v / 10;
        }
        while carry > 0 {
            self.0.insert(0, (carry % 10) as u8);
            carry /= 10;
        }
    }

    /// Drops the last `n` digits, adding one when any of them was not zero.
    fn round_away(&mut self, n: i64) {
        let keep = (self.0.len() as i64 - n).max(0) as usize;
        let dropped_something = self.0[keep..].iter().any(|d| *d != 0);
        self.0.truncate(keep);
        if dropped_something {
            self.increment();
        }
    }

    fn increment(&mut self) {
        for d in self.0.iter_mut().rev() {
            if *d < 9 {
                *d += 1;
                return;
            }
            *d = 0;
        }
        self.0.insert(0, 1);
    }

    /// Moves trailing zeros into an exponent: returns how many there were.
    fn strip_zeros(&mut self) -> i64 {
        let zeros = self.0.iter().rev().take_while(|d| **d == 0).count();
        self.0.truncate(self.0.len() - zeros);
        zeros as i64
    }
}

impl fmt::Display for Digits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("0");
        }
        self.0
            .iter()
            .try_for_each(|d| write!(f, "{}", char::from(b'0' + d)))
    }
}

/// A parsed quantity: ±digits × 10^exponent, and the format to write it in.
#[derive(Clone, Debug)]
struct Amount {
    negative: bool,
    digits: Digits,
    exponent: i64,
    format: Format,
}

impl Amount {
    /// The magnitude compared with `n`.
    fn cmp_magnitude(&self, n: u64) -> Ordering {
        let len = self.digits.0.len() as i64;
        let int_len = (len + self.exponent).max(0) as usize;
        if int_len > 20 {
            return Ordering::Greater;
        }
        let int_digits = self.digits.0.iter().copied().chain(std::iter::repeat(0));
        let int: u128 = int_digits
            .take(int_len)
            .fold(0, |acc, d| acc * 10 + u128::from(d));
        let has_fraction = self.digits.0.iter().skip(int_len).any(|d| *d != 0);
        match int.cmp(&u128::from(n)) {
            Ordering::Equal if has_fraction => Ordering::Greater,
            other => other,
        }
    }

    /// The value as an integer, when it is one (binary amounts fit in u64).
    fn exact_integer(&self) -> Option<u64> {
        let digits = &self.digits.0;
        let int_len = digits.len() as i64 + self.exponent;
        if int_len < 0 || digits.iter().skip(int_len as usize).any(|d| *d != 0) {
            return None;
        }
        let int_digits = digits.iter().copied().chain(std::iter::repeat(0));
        int_digits.take(int_len as usize).try_fold(0u64, |acc, d| {
            acc.checked_mul(10)?.checked_add(u64::from(d))
        })
    }
}

impl fmt::Display for Amount {
    /// `CanonicalizeBytes`: no fractional digits, the largest suffix (or
    /// exponent) that keeps every digit.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.digits.is_zero() {
            return f.write_str("0");
        }
        let sign = if self.negative { "-" } else { "" };
        let binary = match self.format {
            Format::BinarySI if self.cmp_magnitude(1024) != Ordering::Less => self.exact_integer(),
            _ => None,
        };
        if let Some(mut value) = binary {
            let mut power = 0;
            while value >= 1024 && value % 1024 == 0 {
                value /= 1024;
                power += 1;
            }
            let suffix = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][power];
            return write!(f, "{sign}{value}{suffix}");
        }
        let mut digits = self.digits.clone();
        let mut exponent = self.exponent + digits.strip_zeros();
        while exponent.rem_euclid(3) != 0 {
            digits.0.push(0);
            exponent -= 1;
        }
        let si = match exponent {
            -9 => Some("n"),
            -6 => Some("u"),
            -3 => Some("m"),
            0 => Some(""),
            3 => Some("k"),
            6 => Some("M"),
            9 => Some("G"),
            12 => Some("T"),
            15 => Some("P"),
            18 => Some("E"),
            _ => None,
        };
        match (self.format, si) {
            (Format::DecimalExponent, _) | (_, None) if exponent != 0 => {
                write!(f, "{sign}{digits}e{exponent}")
            }
            (_, suffix) => write!(f, "{sign}{digits}{}", suffix.unwrap_or("")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// apimachinery's `TestQuantityString`: each canonical string parses to
    /// itself, and its alternate spelling to it.
    #[test]
    fn canonical_strings_and_their_alternates() {
        let table = [
            ("1Gi", "1024Mi"),
            ("300Mi", "307200Ki"),
            ("6Ki", ""),
            ("1001Gi", "1025024Mi"),
            ("1Ti", "1024Gi"),
            ("5", "5000m"),
            ("500m", "0.5"),
            ("1G", "1000M"),
            ("1G", "0.001T"),
            ("1m", "1000u"),
            ("80m", ""),
            ("1080m", "1.08"),
            ("1080m", "1080000000n"),
            ("300M", ""),
            ("1T", ""),
            ("1234567M", ""),
            ("1234567m", ""),
            ("3k", ""),
            ("1025", ""),
            ("0", "00"),
            ("1e9", ".001e12"),
            ("1e-3", "0.001e0"),
            ("1e-9", "1000e-12"),
            ("80e-3", ""),
            ("300e6", ""),
            ("1e12", ""),
            ("1e3", ""),
            ("3e3", ""),
            ("1n", ""),
            ("80n", ""),
            ("1080n", ""),
            ("1u", ""),
            ("80u", ""),
            ("1080u", ""),
        ];
        for (expect, alternate) in table {
            assert_eq!(canonical(expect).as_deref(), Ok(expect), "{expect}");
            if !alternate.is_empty() {
                assert_eq!(canonical(alternate).as_deref(), Ok(expect), "{alternate}");
            }
        }
    }

    /// apimachinery's `TestQuantityParseEmit`, also negated.
    #[test]
    fn parse_then_emit() {
        let table = [
            ("1Ki", "1Ki"),
            ("1Mi", "1Mi"),
            ("1Gi", "1Gi"),
            ("1024Mi", "1Gi"),
            ("1000M", "1G"),
            (".001Ki", "1024m"),
            (".000001Ki", "1024u"),
            (".000000001Ki", "1024n"),
            (".000000000001Ki", "2n"),
        ];
        for (input, expect) in table {
            assert_eq!(canonical(input).as_deref(), Ok(expect), "{input}");
            let negated = format!("-{expect}");
            assert_eq!(
                canonical(&format!("-{input}")).as_deref(),
                Ok(negated.as_str()),
                "-{input}"
            );
        }
    }

    /// Values of apimachinery's `TestQuantityParse`, as written back: a
    /// string Go deems canonical already (scale a multiple of three, no
    /// trailing `000`, no leading `0`) is kept as it came.
    #[test]
    fn parsed_values_are_written_canonically() {
        let table = [
            ("0n", "0"),
            ("0Ki", "0"),
            ("8Ki", "8Ki"),
            ("3Ei", "3Ei"),
            ("50k", "50k"),
            ("40T", "40T"),
            ("1E-3", "1E-3"),
            ("1e14", "100e12"),
            ("100.035k", "100.035k"),
            ("0.0005k", "500m"),
            ("0.5e-1", "50e-3"),
            ("10.035M", "10.035M"),
            ("1.3E+6", "1300e3"),
            ("7.123456M", "7.123456M"),
            ("1.01E", "1010P"),
            ("3.001n", "4n"),
            ("1.1E-9", "2e-9"),
            ("0.0000000005", "1n"),
            ("0.00000012345", "124n"),
            ("9Ei", "9223372036854775807"),
            ("9223372036854775807Ki", "9223372036854775807"),
            ("12E", "12E"),
            ("100.035Ki", "102435840m"),
            ("0.5Mi", "512Ki"),
            ("0.05Gi", "53687091200m"),
            ("0.000000000001Ki", "2n"),
            (".0001k", "100m"),
            ("1.", "1."),
            ("1.G", "1.G"),
            ("1000E", "1e21"),
            ("+1", "+1"),
            ("0100m", "0100m"),
            (" 1 ", "1"),
            ("2000m", "2"),
            ("100000", "100k"),
        ];
        for (input, expect) in table {
            assert_eq!(canonical(input).as_deref(), Ok(expect), "{input}");
        }
    }

    #[test]
    fn malformed_quantities_are_refused() {
        for (input, error) in [
            ("", QuantityError::FormatWrong),
            ("abc", QuantityError::FormatWrong),
            ("1.5.5", QuantityError::FormatWrong),
            ("1Kb", QuantityError::FormatWrong),
            ("1ki", QuantityError::Suffix),
            ("1Z", QuantityError::FormatWrong),
            (".Pi", QuantityError::Numeric),
            ("1e", QuantityError::Suffix),
        ] {
            assert_eq!(canonical(input), Err(error), "{input:?}");
        }
    }
}
