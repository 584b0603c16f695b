//! DNS-safe names for children. Kubernetes names are at most 63 characters
//! for Services (DNS-1035 labels); cutting a long name alone could make two
//! sessions share a child, so shortened names keep a hash of the original.

use sha2::{Digest, Sha256};

/// The longest DNS-1035 label.
pub const MAX_LABEL: usize = 63;

/// The first 8 hex characters of the SHA-256 of `input`.
pub fn short_hash(input: &str) -> String {
    let digest = Sha256::digest(input.as_bytes());
    digest[..4].iter().map(|b| format!("{b:02x}")).collect()
}

/// Lower-cases, replaces characters outside `a-z0-9-` with `-`, collapses
/// runs of `-`, trims them from the ends and makes the result start with a
/// letter. May be longer than a label allows.
fn sanitize(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars().flat_map(char::to_lowercase) {
        let c = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            c
        } else {
            '-'
        };
        if !(c == '-' && (out.is_empty() || out.ends_with('-'))) {
            out.push(c);
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "s-");
    }
    out
}

/// Cuts `name` to `max` characters without leaving a trailing `-`.
fn cut(name: &str, max: usize) -> &str {
    name[..name.len().min(max)].trim_end_matches('-')
}

/// A DNS-1035 label made from `input`; names too long keep a hash suffix.
pub fn dns_label(input: &str) -> String {
    let clean = sanitize(input);
    if clean.is_empty() {
        return format!("x-{}", short_hash(input));
    }
    if clean.len() <= MAX_LABEL {
        return clean;
    }
    let hash = short_hash(input);
    format!("{}-{hash}", cut(&clean, MAX_LABEL - hash.len() - 1))
}

/// `input` as a label value when it is one (at most 63 characters of
/// `A-Za-z0-9-_.`, alphanumeric at both ends), else as [`dns_label`] makes it.
/// User names such as e-mail addresses are not label values; cleaning them
/// keeps one odd name from failing a whole apply.
pub fn label_value(input: &str) -> String {
    let valid = !input.is_empty()
        && input.len() <= MAX_LABEL
        && input
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && input.starts_with(|c: char| c.is_ascii_alphanumeric())
        && input.ends_with(|c: char| c.is_ascii_alphanumeric());
    if valid {
        input.to_owned()
    } else {
        dns_label(input)
    }
}

/// `base-suffix` as a DNS-1035 label; when too long the base is shortened and
/// a hash inserted, so the suffix stays readable and names stay unique.
pub fn child_name(base: &str, suffix: &str) -> String {
    let full = format!("{base}-{suffix}");
    let clean = sanitize(&full);
    if !clean.is_empty() && clean.len() <= MAX_LABEL {
        return clean;
    }
    let suffix = sanitize(suffix);
    let hash = short_hash(&full);
    let room = MAX_LABEL.saturating_sub(hash.len() + suffix.len() + 2);
    let base = sanitize(base);
    let parts: Vec<&str> = [cut(&base, room), hash.as_str(), suffix.as_str()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    dns_label(&parts.join("-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_label(s: &str) -> bool {
        !s.is_empty()
            && s.len() <= MAX_LABEL
            && s.starts_with(|c: char| c.is_ascii_lowercase())
            && !s.ends_with('-')
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    }

    #[test]
    fn cleans_names_into_labels() {
        assert_eq!(dns_label("Home_Alice"), "home-alice");
        assert_eq!(dns_label("alice@example.com"), "alice-example-com");
        assert_eq!(dns_label("--a--b--"), "a-b");
        assert_eq!(dns_label("1abc"), "s-1abc");
        assert!(is_label(&dns_label("***")));
    }

    #[test]
    fn long_names_stay_unique_and_valid() {
        let a = dns_label(&"a".repeat(80));
        let b = dns_label(&format!("{}b", "a".repeat(79)));
        assert!(is_label(&a) && is_label(&b), "{a} {b}");
        assert_ne!(a, b);
        assert_eq!(a.len(), MAX_LABEL);
    }

    #[test]
    fn child_names_keep_their_suffix() {
        assert_eq!(
            child_name("alice-firefox-1a2b3c4d", "home"),
            "alice-firefox-1a2b3c4d-home"
        );
        let long = child_name(&"session".repeat(12), "home");
        assert!(is_label(&long), "{long}");
        assert!(long.ends_with("-home"), "{long}");
        assert_ne!(
            long,
            child_name(&format!("{}x", "session".repeat(12)), "home")
        );
    }

    #[test]
    fn label_values_pass_or_are_cleaned() {
        assert_eq!(label_value("Alice.Smith_2"), "Alice.Smith_2");
        assert_eq!(label_value("alice@example.com"), "alice-example-com");
        assert_eq!(label_value("-edge"), "edge");
        assert_eq!(label_value(""), dns_label(""));
        assert!(label_value(&"a".repeat(70)).len() <= MAX_LABEL);
    }

    #[test]
    fn short_hash_is_stable_hex() {
        assert_eq!(short_hash("alice"), short_hash("alice"));
        assert_eq!(short_hash("alice").len(), 8);
        assert_ne!(short_hash("alice"), short_hash("bob"));
    }
}
