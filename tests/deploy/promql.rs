//! What an alert's or a dashboard panel's query reads, by a real PromQL
//! parser: the metrics it selects, the labels its matchers name and the
//! labels it groups or joins by.

use std::collections::BTreeSet;

use promql_parser::label::Labels;
use promql_parser::parser::{self, Expr, LabelModifier, VectorSelector};
use promql_parser::util::{ExprVisitor, walk_expr};

/// The names a query uses.
#[derive(Debug, Default)]
pub struct Query {
    /// Every selected metric.
    pub metrics: BTreeSet<String>,
    /// `(metric, label)` of every label matcher.
    pub matched: BTreeSet<(String, String)>,
    /// Labels of `by`/`without` and `on`/`ignoring`/`group_left` clauses.
    pub grouped: BTreeSet<String>,
}

/// Parses `expr`, with Grafana's variables (`$__rate_interval`, `$namespace`)
/// replaced by values of their kind first.
pub fn read(expr: &str) -> Result<Query, String> {
    let parsed = parser::parse(&without_grafana_variables(expr))?;
    let mut query = Query::default();
    walk_expr(&mut query, &parsed)?;
    Ok(query)
}

impl Query {
    fn select(&mut self, selector: &VectorSelector) {
        let name = selector.name.clone().or_else(|| {
            selector
                .matchers
                .matchers
                .iter()
                .find(|m| m.name == "__name__")
                .map(|m| m.value.clone())
        });
        let Some(name) = name else { return };
        for matcher in &selector.matchers.matchers {
            if matcher.name != "__name__" {
                self.matched.insert((name.clone(), matcher.name.clone()));
            }
        }
        self.metrics.insert(name);
    }

    fn group(&mut self, labels: &Labels) {
        self.grouped.extend(labels.labels.iter().cloned());
    }
}

impl ExprVisitor for Query {
    type Error = String;

    fn pre_visit(&mut self, expr: &Expr) -> Result<bool, String> {
        match expr {
            Expr::VectorSelector(selector) => self.select(selector),
            Expr::MatrixSelector(matrix) => self.select(&matrix.vs),
            Expr::Aggregate(aggregate) => {
                if let Some(LabelModifier::Include(labels) | LabelModifier::Exclude(labels)) =
                    &aggregate.modifier
                {
                    self.group(labels);
                }
            }
            Expr::Binary(binary) => {
                if let Some(modifier) = &binary.modifier {
                    if let Some(LabelModifier::Include(labels) | LabelModifier::Exclude(labels)) =
                        &modifier.matching
                    {
                        self.group(labels);
                    }
                    if let parser::VectorMatchCardinality::ManyToOne(labels)
                    | parser::VectorMatchCardinality::OneToMany(labels) = &modifier.card
                    {
                        self.group(labels);
                    }
                }
            }
            _ => {}
        }
        Ok(true)
    }
}

/// Grafana replaces `$__rate_interval`-like variables with durations and
/// `$name` / `${name}` with values before Prometheus sees the query.
fn without_grafana_variables(expr: &str) -> String {
    let mut out = String::with_capacity(expr.len());
    let mut rest = expr;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (name, tail) = match after.strip_prefix('{') {
            Some(braced) => {
                let end = braced.find('}').unwrap_or(braced.len());
                (&braced[..end], braced.get(end + 1..).unwrap_or(""))
            }
            None => {
                let end = after
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        out.push_str(if name.starts_with("__") { "5m" } else { "x" });
        rest = tail;
    }
    out.push_str(rest);
    out
}

#[test]
fn a_query_gives_its_metrics_matchers_and_groupings() {
    let query = read(
        r#"sum by (script, le) (rate(m_bucket{job="j", namespace=~"$namespace"}[$__rate_interval]))
           / on (script) group_left (kind) other"#,
    )
    .expect("parses");
    let names = |set: &BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>();
    assert_eq!(names(&query.metrics), ["m_bucket", "other"]);
    assert_eq!(
        query
            .matched
            .iter()
            .map(|(m, l)| format!("{m}.{l}"))
            .collect::<Vec<_>>(),
        ["m_bucket.job", "m_bucket.namespace"]
    );
    assert_eq!(names(&query.grouped), ["kind", "le", "script"]);
    assert!(read("sum(rate(m[5m])").is_err(), "unbalanced");
    assert!(read("rate(m)").is_err(), "rate needs a range");
}
