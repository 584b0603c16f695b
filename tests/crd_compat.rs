//! The CRDs keep their version policy (deploy/README.md, "Versions and
//! upgrades"): within a served version, a release only adds. No field is
//! removed, retyped, newly required or no longer nullable, no enum value is
//! dropped, no version stops being served, and names and scope stay.
//!
//! `tests/deploy/released/crds-<release>.txt` holds each release's API
//! surface, one line per field; every one is compared with the CRDs the
//! operator generates (which `tests/crd_drift.rs` holds equal to
//! `deploy/base/crds/`). Cutting a release records its surface:
//! `STREAMSPACE_RECORD_RELEASE=1 cargo test --test crd_compat`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use serde_json::Value;
use streamspace_operator::crd;
use streamspace_testkit::releases;

/// One line of a CRD's API surface.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Line {
    /// A CRD's identity: `crd <name> <scope> <kind> <plural>`.
    Crd(String),
    /// A field of a served version.
    Field(Field),
}

/// One field of a served CRD version, as an upgrade must keep it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Field {
    /// `<crd name>/<version>`.
    version: String,
    /// `.spec.user`; `[]` for list items, `.*` for map values; `.` is the
    /// object itself.
    path: String,
    /// The OpenAPI type, `int-or-string`, or `any`.
    kind: String,
    /// Listed in its parent's `required`.
    required: bool,
    /// Accepts `null`.
    nullable: bool,
    /// The allowed values, when an enum restricts them.
    values: Option<BTreeSet<String>>,
}

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Line::Crd(identity) => write!(f, "crd {identity}"),
            Line::Field(field) => {
                write!(f, "{} {} {}", field.version, field.path, field.kind)?;
                if field.required {
                    write!(f, " required")?;
                }
                if field.nullable {
                    write!(f, " nullable")?;
                }
                if let Some(values) = &field.values {
                    let values: Vec<&str> = values.iter().map(String::as_str).collect();
                    write!(f, " enum={}", values.join("|"))?;
                }
                Ok(())
            }
        }
    }
}

impl Line {
    fn parse(text: &str) -> Result<Self, String> {
        if let Some(identity) = text.strip_prefix("crd ") {
            return Ok(Line::Crd(identity.to_owned()));
        }
        let mut words = text.split(' ');
        let (Some(version), Some(path), Some(kind)) = (words.next(), words.next(), words.next())
        else {
            return Err(format!(
                "`{text}`: expected `<crd>/<version> <path> <type> ...`"
            ));
        };
        let mut field = Field {
            version: version.to_owned(),
            path: path.to_owned(),
            kind: kind.to_owned(),
            required: false,
            nullable: false,
            values: None,
        };
        for word in words {
            match word {
                "required" => field.required = true,
                "nullable" => field.nullable = true,
                _ => match word.strip_prefix("enum=") {
                    Some(values) => {
                        field.values = Some(values.split('|').map(str::to_owned).collect());
                    }
                    None => return Err(format!("`{text}`: unknown attribute `{word}`")),
                },
            }
        }
        Ok(Line::Field(field))
    }
}

/// The API surface of `crd`: its identity and every field of every served
/// version.
fn surface(crd: &CustomResourceDefinition) -> Vec<Line> {
    let name = crd.metadata.name.clone().unwrap_or_default();
    let names = &crd.spec.names;
    let mut lines = vec![Line::Crd(format!(
        "{name} {} {} {}",
        crd.spec.scope, names.kind, names.plural
    ))];
    for version in crd.spec.versions.iter().filter(|v| v.served) {
        let schema = version
            .schema
            .as_ref()
            .and_then(|s| s.open_api_v3_schema.as_ref())
            .map(|s| serde_json::to_value(s).expect("schemas serialize"))
            .unwrap_or(Value::Null);
        let mut fields = Vec::new();
        walk(
            &schema,
            &format!("{name}/{}", version.name),
            ".",
            false,
            &mut fields,
        );
        lines.extend(fields.into_iter().map(Line::Field));
    }
    lines.sort();
    lines
}

fn walk(schema: &Value, version: &str, path: &str, required: bool, out: &mut Vec<Field>) {
    let kind = if schema["x-kubernetes-int-or-string"] == true {
        "int-or-string"
    } else {
        schema["type"].as_str().unwrap_or("any")
    };
    let values = schema["enum"].as_array().map(|values| {
        values
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .collect()
    });
    out.push(Field {
        version: version.to_owned(),
        path: path.to_owned(),
        kind: kind.to_owned(),
        required,
        nullable: schema["nullable"] == true,
        values,
    });
    // `suffix` is `.name`, `[]` or `.*`; the object itself is `.`.
    let child = |suffix: &str| match path {
        "." if suffix.starts_with('.') => suffix.to_owned(),
        _ => format!("{path}{suffix}"),
    };
    let required: BTreeSet<&str> = schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        let required = required.contains(name.as_str());
        walk(
            property,
            version,
            &child(&format!(".{name}")),
            required,
            out,
        );
    }
    if schema["items"].is_object() {
        walk(&schema["items"], version, &child("[]"), false, out);
    }
    if schema["additionalProperties"].is_object() {
        walk(
            &schema["additionalProperties"],
            version,
            &child(".*"),
            false,
            out,
        );
    }
}

/// The surface of every CRD the operator ships.
fn current() -> Vec<Line> {
    let mut lines: Vec<Line> = crd::definitions().iter().flat_map(surface).collect();
    lines.sort();
    lines
}

/// What an upgrade from `released` to `current` would break.
fn breaks(released: &[Line], current: &[Line]) -> Vec<String> {
    let fields = |lines: &[Line]| -> BTreeMap<(String, String), Field> {
        lines
            .iter()
            .filter_map(|l| match l {
                Line::Field(f) => Some(((f.version.clone(), f.path.clone()), f.clone())),
                Line::Crd(_) => None,
            })
            .collect()
    };
    let (old, new) = (fields(released), fields(current));
    let mut problems = Vec::new();
    for line in released {
        if let Line::Crd(identity) = line
            && !current.contains(line)
        {
            problems.push(format!(
                "crd {identity}: its name, scope, kind or plural changed"
            ));
        }
    }
    for ((version, path), was) in &old {
        let at = format!("{version} {path}");
        let Some(now) = new.get(&(version.clone(), path.clone())) else {
            problems.push(format!(
                "{at}: removed (or its version is no longer served)"
            ));
            continue;
        };
        if now.kind != was.kind {
            problems.push(format!("{at}: type {} became {}", was.kind, now.kind));
        }
        if now.required && !was.required {
            problems.push(format!("{at}: became required"));
        }
        if was.nullable && !now.nullable {
            problems.push(format!("{at}: no longer accepts null"));
        }
        match (&was.values, &now.values) {
            (None, Some(allowed)) => {
                problems.push(format!("{at}: now restricted to {allowed:?}"));
            }
            (Some(before), Some(allowed)) => {
                let dropped: Vec<&String> = before.difference(allowed).collect();
                if !dropped.is_empty() {
                    problems.push(format!("{at}: no longer accepts {dropped:?}"));
                }
            }
            (_, None) => {}
        }
    }
    for ((version, path), now) in &new {
        // A parent that was released means its version was too.
        let parent = parent_of(path);
        if now.required
            && !old.contains_key(&(version.clone(), path.clone()))
            && old.contains_key(&(version.clone(), parent.to_owned()))
        {
            problems.push(format!(
                "{version} {path}: a new required field of an existing object: objects stored \
                 without it would fail validation on their next update"
            ));
        }
    }
    problems
}

/// `.spec.resources.cpu` → `.spec.resources`; `.spec` → `.`.
fn parent_of(path: &str) -> &str {
    let trimmed = path
        .strip_suffix("[]")
        .or_else(|| path.strip_suffix(".*"))
        .unwrap_or_else(|| path.rsplit_once('.').map_or(".", |(parent, _)| parent));
    if trimmed.is_empty() { "." } else { trimmed }
}

fn render(lines: &[Line]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

fn read_released(file: &Path) -> Vec<Line> {
    let text =
        std::fs::read_to_string(file).unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| Line::parse(l).unwrap_or_else(|e| panic!("{}: {e}", file.display())))
        .collect()
}

#[test]
fn every_released_api_is_still_served() {
    let current = current();
    if releases::recording() {
        let release = env!("CARGO_PKG_VERSION");
        let file = releases::file("crds", release, "txt");
        let header = format!(
            "# The API surface of the CRDs of release {release}, recorded when it was cut by\n# \
             tests/crd_compat.rs; every later release must keep it. Do not edit.\n"
        );
        std::fs::write(&file, header + render(&current).as_str())
            .unwrap_or_else(|e| panic!("writing {}: {e}", file.display()));
    }
    let releases = releases::recorded("crds", "txt");
    let mut problems = Vec::new();
    for file in releases {
        let released = read_released(&file);
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        problems.extend(
            breaks(&released, &current)
                .into_iter()
                .map(|p| format!("{name}: {p}")),
        );
    }
    assert!(
        problems.is_empty(),
        "an upgrade would break objects stored by a release (see \"Versions and upgrades\" in \
         deploy/README.md: make the change in a new version of the CRD instead):\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_surface_reads_back_as_written() {
    let current = current();
    let text = render(&current);
    let back: Vec<Line> = text.lines().map(|l| Line::parse(l).unwrap()).collect();
    assert_eq!(back, current);
    for path in [".spec.user", ".spec.tags[]", ".spec.resources.limits.*"] {
        assert!(
            text.contains(&format!("sessions.stream.space/v1alpha1 {path} ")),
            "the surface has no {path}:\n{text}"
        );
    }
}

/// A copy of the current surface with `change` applied to the field at
/// `path` of the Session CRD.
fn changed(path: &str, change: impl Fn(&mut Field)) -> Vec<Line> {
    let mut lines = current();
    let field = lines
        .iter_mut()
        .find_map(|l| match l {
            Line::Field(f) if f.version == "sessions.stream.space/v1alpha1" && f.path == path => {
                Some(f)
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no field {path}"));
    change(field);
    lines
}

#[test]
fn each_breaking_change_is_reported() {
    let released = current();
    assert_eq!(breaks(&released, &released), Vec::<String>::new());
    let removed: Vec<Line> = released
        .iter()
        .filter(|l| !matches!(l, Line::Field(f) if f.path == ".spec.idleTimeout"))
        .cloned()
        .collect();
    let cases: Vec<(&str, Vec<Line>)> = vec![
        ("removed", removed),
        (
            "type string became integer",
            changed(".spec.user", |f| f.kind = "integer".into()),
        ),
        (
            "became required",
            changed(".spec.tags", |f| f.required = true),
        ),
        (
            "no longer accepts null",
            changed(".status.phase", |f| f.nullable = false),
        ),
        (
            "no longer accepts [\"hibernated\"]",
            changed(".spec.state", |f| {
                f.values = Some(["running", "terminated"].map(String::from).into());
            }),
        ),
        (
            "now restricted",
            changed(".spec.template", |f| {
                f.values = Some(["firefox"].map(String::from).into());
            }),
        ),
    ];
    for (expected, current) in cases {
        let found = breaks(&released, &current);
        assert!(
            found.iter().any(|p| p.contains(expected)),
            "expected a break saying {expected:?}, got {found:?}"
        );
    }
    // A new field `.spec.quota`, required or not.
    let with_new_field = |required: bool| {
        let mut lines = released.clone();
        lines.push(Line::Field(Field {
            version: "sessions.stream.space/v1alpha1".into(),
            path: ".spec.quota".into(),
            kind: "string".into(),
            required,
            nullable: !required,
            values: None,
        }));
        lines
    };
    assert!(
        breaks(&released, &with_new_field(true))
            .iter()
            .any(|p| p.contains(".spec.quota: a new required field")),
        "a new required field is a break"
    );
    assert_eq!(
        breaks(&released, &with_new_field(false)),
        Vec::<String>::new()
    );
}
