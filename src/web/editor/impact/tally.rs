//! Counting how one script's decisions change: how many subjects (Sessions
//! or Templates) change, in which field, with one sample diff per kind of
//! change.

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::fmt::Display;

use serde::Serialize;
use serde_json::Value;

use super::super::paths::changed_paths;
use super::super::render::{unified, yaml};

/// One kind of change and how many subjects it touches.
#[derive(Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// What changed: a child kind, `Status`, `idle` (the idle decision),
    /// `Template` (the verdict), or `Script` (a subject the running set
    /// fails on and the proposed set decides).
    pub kind: String,
    /// The changed field, e.g. `spec.template.spec.containers[0].image` or
    /// `action`, or `(added)` / `(removed)` for whole children.
    pub field: String,
    /// Subjects with this change.
    pub count: usize,
    /// The change on the first such subject, as a unified diff.
    pub sample_diff: String,
}

/// What one script's decisions would change.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct ScriptImpact {
    /// The script, e.g. `idle.rhai`.
    pub script: String,
    /// What it decides for: `sessions`, `running sessions` or `templates`.
    pub subjects: String,
    /// Subjects evaluated.
    pub total: usize,
    /// Subjects whose decision changes.
    pub changed: usize,
    /// Subjects the proposed set fails on: `namespace/name: error`.
    pub errors: Vec<String>,
    /// The changes, most frequent first.
    pub changes: Vec<Change>,
}

/// A change group while counting: its subjects and the first sample.
struct Group {
    count: usize,
    sample: String,
}

/// The changes of one script over some subjects.
#[derive(Default)]
pub struct Tally {
    total: usize,
    changed: usize,
    errors: Vec<String>,
    groups: BTreeMap<(String, String), Group>,
}

impl Tally {
    /// Counts one subject with `field` of `kind` changed; `sample` renders
    /// its diff, only for a kind of change not seen before.
    pub fn add(&mut self, kind: &str, field: String, sample: impl FnOnce() -> String) {
        self.groups
            .entry((kind.to_owned(), field))
            .and_modify(|g| g.count += 1)
            .or_insert_with(|| Group {
                count: 1,
                sample: sample(),
            });
    }

    /// Counts every field in which `before` and `after` differ as a change
    /// of `kind`, with a sample diff of both labelled `label`; returns
    /// whether any differs.
    pub fn values(&mut self, kind: &str, label: &str, before: &Value, after: &Value) -> bool {
        let sample = OnceCell::new();
        let fields = changed_paths(before, after);
        for field in &fields {
            self.add(kind, field.clone(), || {
                sample
                    .get_or_init(|| {
                        unified(
                            &yaml(before),
                            &yaml(after),
                            &format!("{label} (running version)"),
                            &format!("{label} (edited)"),
                        )
                    })
                    .clone()
            });
        }
        !fields.is_empty()
    }

    /// Counts one subject from the running set's and the proposed set's
    /// results: an error of the proposed set is listed, a subject only the
    /// proposed set decides is a `Script` change, and two decisions are
    /// compared by `compare` (which says whether they differ). Returns
    /// whether the subject's decision changes.
    pub fn outcome<T, E: Display>(
        &mut self,
        subject: &str,
        running: Result<T, E>,
        proposed: Result<T, E>,
        compare: impl FnOnce(&mut Tally, &T, &T) -> bool,
    ) -> bool {
        self.total += 1;
        let changed = match (running, proposed) {
            (_, Err(error)) => {
                self.errors.push(format!("{subject}: {error}"));
                false
            }
            (Ok(before), Ok(after)) => compare(self, &before, &after),
            (Err(error), Ok(_)) => {
                self.add("Script", "(no longer fails)".to_owned(), || {
                    format!("--- {subject} (running version)\n+++ {subject} (edited)\n-{error}\n+decides\n")
                });
                true
            }
        };
        self.changed += usize::from(changed);
        changed
    }

    /// Adds a later slice of subjects: counts add up, the earlier sample
    /// stays.
    pub fn merge(&mut self, later: Tally) {
        self.total += later.total;
        self.changed += later.changed;
        self.errors.extend(later.errors);
        for (key, group) in later.groups {
            self.groups
                .entry(key)
                .and_modify(|g| g.count += group.count)
                .or_insert(group);
        }
    }

    /// The report of `script` deciding for `subjects`.
    pub fn report(self, script: &str, subjects: &str) -> ScriptImpact {
        let mut changes: Vec<Change> = self
            .groups
            .into_iter()
            .map(|((kind, field), group)| Change {
                kind,
                field,
                count: group.count,
                sample_diff: group.sample,
            })
            .collect();
        changes.sort_by_key(|c| std::cmp::Reverse(c.count));
        ScriptImpact {
            script: script.to_owned(),
            subjects: subjects.to_owned(),
            total: self.total,
            changed: self.changed,
            errors: self.errors,
            changes,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn changes_are_counted_per_field_with_the_first_sample() {
        let mut tally = Tally::default();
        let compare = |t: &mut Tally, a: &Value, b: &Value| t.values("idle", "s idle", a, b);
        let (a, b) = (
            json!({ "action": "none" }),
            json!({ "action": "hibernate" }),
        );
        assert!(tally.outcome::<_, String>("ns/a", Ok(a.clone()), Ok(b.clone()), compare));
        assert!(tally.outcome::<_, String>("ns/b", Ok(a.clone()), Ok(b), compare));
        assert!(!tally.outcome::<_, String>("ns/c", Ok(a.clone()), Ok(a.clone()), compare));
        assert!(!tally.outcome("ns/d", Ok(a.clone()), Err("boom"), compare));
        assert!(tally.outcome("ns/e", Err("old bug"), Ok(a), compare));
        let report = tally.report("idle.rhai", "running sessions");
        assert_eq!((report.total, report.changed), (5, 3));
        assert_eq!(report.errors, ["ns/d: boom"]);
        assert_eq!(report.changes[0].field, "action");
        assert_eq!(report.changes[0].count, 2);
        assert!(report.changes[0].sample_diff.contains("+action: hibernate"));
        assert!(report.changes[0].sample_diff.contains("s idle (edited)"));
        assert_eq!(
            (report.changes[1].kind.as_str(), report.changes[1].count),
            ("Script", 1)
        );
    }
}
