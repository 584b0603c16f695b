//! Kubernetes resource quantities (`2Gi`, `500m`, `1e3`), read exactly: the
//! controller compares live objects with applied ones by meaning, the quota
//! data is checked with it, and the scripts' `cpu_millis` and
//! `memory_bytes` convert with it.

/// A parsed quantity: `±digits × 10^exp10 × 1024^exp1024`, with no rounding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quantity {
    negative: bool,
    digits: u128,
    exp10: i32,
    exp1024: u32,
}

/// Why a string is not a quantity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{text:?} is not a Kubernetes quantity: {reason} (write a number with an optional suffix, e.g. \"500m\", \"2\", \"1.5\", \"512Mi\", \"4Gi\", \"1e3\")"
)]
pub struct QuantityError {
    text: String,
    reason: &'static str,
}

/// The binary suffixes and their powers of 1024.
const BINARY: [(&str, u32); 6] = [
    ("Ki", 1),
    ("Mi", 2),
    ("Gi", 3),
    ("Ti", 4),
    ("Pi", 5),
    ("Ei", 6),
];

/// The decimal suffixes and their powers of 10.
const DECIMAL: [(&str, i32); 9] = [
    ("n", -9),
    ("u", -6),
    ("m", -3),
    ("k", 3),
    ("M", 6),
    ("G", 9),
    ("T", 12),
    ("P", 15),
    ("E", 18),
];

/// Exponents beyond this are refused: no resource is that large or small,
/// and the arithmetic stays in range.
const MAX_EXPONENT: i32 = 100;

impl Quantity {
    /// Reads `text` as the API server does: a decimal number (sign and
    /// fraction optional) with an optional binary (`Ki`...`Ei`), decimal
    /// (`n`, `u`, `m`, `k`, `M`...`E`) or exponent (`e3`, `E-2`) suffix.
    pub fn parse(text: &str) -> Result<Quantity, QuantityError> {
        let fail = |reason| QuantityError {
            text: text.to_owned(),
            reason,
        };
        let (negative, unsigned) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            Some(_) => (false, text),
            None => return Err(fail("it is empty")),
        };
        let number_end = unsigned
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(unsigned.len());
        let (number, suffix) = unsigned.split_at(number_end);
        let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
        if whole.is_empty() && fraction.is_empty() {
            return Err(fail("it has no number"));
        }
        if fraction.contains('.') {
            return Err(fail("the number has two decimal points"));
        }
        let significant = format!("{whole}{fraction}");
        let significant = significant.trim_start_matches('0');
        let digits = if significant.is_empty() {
            0
        } else {
            significant
                .parse::<u128>()
                .map_err(|_| fail("the number has too many digits"))?
        };
        let scale = -i32::try_from(fraction.len()).map_err(|_| fail("the number is too long"))?;
        let (exp10, exp1024) = if suffix.is_empty() {
            (0, 0)
        } else if let Some((_, power)) = BINARY.iter().find(|(s, _)| *s == suffix) {
            (0, *power)
        } else if let Some((_, power)) = DECIMAL.iter().find(|(s, _)| *s == suffix) {
            (*power, 0)
        } else if let Some(exponent) = suffix.strip_prefix(['e', 'E']).filter(|e| !e.is_empty()) {
            let exponent: i32 = exponent
                .parse()
                .map_err(|_| fail("the suffix is not a unit or an exponent such as e3"))?;
            if exponent.abs() > MAX_EXPONENT {
                return Err(fail("the exponent is out of range"));
            }
            (exponent, 0)
        } else {
            return Err(fail("the suffix is not a unit or an exponent such as e3"));
        };
        Ok(Quantity {
            negative,
            digits,
            exp10: exp10 + scale,
            exp1024,
        })
    }

    /// Whether the value is below zero.
    pub fn is_negative(&self) -> bool {
        self.negative && self.digits != 0
    }

    /// The value, approximately: for comparisons that allow for rounding.
    pub fn as_f64(&self) -> f64 {
        let sign = if self.negative { -1.0 } else { 1.0 };
        // Both exponents are bounded, so the casts are exact.
        sign * self.digits as f64 * 10f64.powi(self.exp10) * 1024f64.powi(self.exp1024 as i32)
    }

    /// The value times `10^exp10`, rounded up to a whole number, as the API
    /// server rounds (`0.1m` CPU is one millicore); `None` when it does not
    /// fit an `i64`.
    pub fn scaled_up(&self, exp10: i32) -> Option<i64> {
        let mut numerator = self.digits;
        for _ in 0..self.exp1024 {
            numerator = numerator.checked_mul(1024)?;
        }
        let power = self.exp10 + exp10;
        let magnitude = if power >= 0 {
            numerator.checked_mul(10u128.checked_pow(power.unsigned_abs())?)?
        } else {
            match 10u128.checked_pow(power.unsigned_abs()) {
                // The magnitude rounds up for a positive value and down
                // (towards zero, so the value still rounds up) for a
                // negative one.
                Some(d) if self.negative => numerator / d,
                Some(d) => numerator.div_ceil(d),
                // Smaller than any whole number.
                None => u128::from(numerator != 0 && !self.negative),
            }
        };
        let magnitude = i128::try_from(magnitude).ok()?;
        i64::try_from(if self.negative { -magnitude } else { magnitude }).ok()
    }
}

/// Whether two strings are the same quantity (`1000m` and `1`, `1Gi` and
/// `1024Mi`), allowing for floating-point rounding.
pub fn same_quantity(a: &str, b: &str) -> bool {
    match (Quantity::parse(a), Quantity::parse(b)) {
        (Ok(a), Ok(b)) => {
            let (a, b) = (a.as_f64(), b.as_f64());
            (a - b).abs() <= a.abs().max(b.abs()) * 1e-12
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn millis(text: &str) -> Option<i64> {
        Quantity::parse(text).unwrap().scaled_up(3)
    }

    fn units(text: &str) -> Option<i64> {
        Quantity::parse(text).unwrap().scaled_up(0)
    }

    #[test]
    fn cpu_converts_to_millicores_exactly() {
        for (text, expected) in [
            ("1", 1000),
            ("1000m", 1000),
            ("0.5", 500),
            ("500m", 500),
            ("0.1", 100),
            ("2.001", 2001),
            ("+1", 1000),
            (".5", 500),
            ("1e3", 1_000_000),
            ("1E-3", 1),
            ("100u", 1),
            ("0", 0),
            ("-1", -1000),
            ("-0.0005", 0),
        ] {
            assert_eq!(millis(text), Some(expected), "{text}");
        }
    }

    #[test]
    fn memory_converts_to_bytes_rounding_up() {
        for (text, expected) in [
            ("4Gi", 4 * 1024 * 1024 * 1024),
            ("512Mi", 512 * 1024 * 1024),
            ("1.5Gi", 1536 * 1024 * 1024),
            ("1G", 1_000_000_000),
            ("1k", 1000),
            ("1Ki", 1024),
            ("1500m", 2),
            ("1", 1),
            ("7Ei", 7 * (1i64 << 60)),
        ] {
            assert_eq!(units(text), Some(expected), "{text}");
        }
    }

    #[test]
    fn values_beyond_an_i64_are_none() {
        assert_eq!(units("8Ei"), None);
        assert_eq!(millis("1e100"), None);
        assert_eq!(units("1e-100"), Some(1));
        assert_eq!(units("0e-100"), Some(0));
    }

    #[test]
    fn what_is_not_a_quantity_is_refused_with_the_text_and_an_example() {
        for (text, reason) in [
            ("", "it is empty"),
            ("Gi", "it has no number"),
            (".", "it has no number"),
            ("-", "it has no number"),
            ("1.2.3", "the number has two decimal points"),
            ("1Xi", "the suffix is not a unit"),
            ("1e", "the suffix is not a unit"),
            ("1gi", "the suffix is not a unit"),
            ("2 Gi", "the suffix is not a unit"),
            ("1e999", "the exponent is out of range"),
            ("lscr.io", "it has no number"),
        ] {
            let error = Quantity::parse(text).unwrap_err().to_string();
            assert!(
                error.starts_with(&format!("{text:?} is not a Kubernetes quantity: {reason}")),
                "{text:?}: {error}"
            );
            assert!(error.contains("e.g. \"500m\""), "{error}");
        }
    }

    #[test]
    fn quantities_compare_by_value() {
        for (a, b) in [
            ("1000m", "1"),
            ("1Gi", "1024Mi"),
            ("0.5", "500m"),
            ("1e3", "1k"),
            ("2Gi", "2Gi"),
        ] {
            assert!(same_quantity(a, b), "{a} == {b}");
        }
        for (a, b) in [
            ("1", "2"),
            ("1Gi", "1G"),
            ("100m", "1"),
            ("lscr", "lscr.io"),
        ] {
            assert!(!same_quantity(a, b), "{a} != {b}");
        }
    }
}
