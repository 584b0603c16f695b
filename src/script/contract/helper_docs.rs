//! [`Helper`]: a helper function as the contract describes it, read from
//! the helpers module's Rhai metadata (names, parameter and return types,
//! doc comments). The doc comment's layout is described in
//! `script/helpers.rs`.

use anyhow::{Context as _, bail};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A helper function scripts may call.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Helper {
    /// Its name.
    pub name: String,
    /// Its parameters, in order.
    pub params: Vec<Param>,
    /// The type of what it returns: `string`, `int`, `map`, `()`...
    pub returns: String,
    /// What it returns (Markdown).
    pub doc: String,
    /// When it fails, for the helpers that can.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub errors: Option<String>,
    /// A call, usually a comparison that holds at the clock
    /// `2026-01-01T12:00:00Z`.
    pub example: String,
}

/// A parameter of a helper.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Param {
    /// Its name.
    pub name: String,
    /// The type of value it takes: `string`, `int`, `any`...
    #[serde(rename = "type")]
    pub kind: String,
    /// What to pass (Markdown).
    pub doc: String,
}

/// The part of Rhai's function metadata JSON the contract reads.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Metadata {
    #[serde(default)]
    functions: Vec<FunctionMetadata>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FunctionMetadata {
    name: String,
    #[serde(default)]
    params: Vec<ParamMetadata>,
    #[serde(default)]
    return_type: String,
    #[serde(default)]
    doc_comments: Vec<String>,
}

#[derive(Deserialize)]
struct ParamMetadata {
    #[serde(default)]
    name: String,
    #[serde(rename = "type", default)]
    kind: String,
}

/// Every function of `metadata` (the JSON of
/// `Engine::gen_fn_metadata_to_json`), sorted by name.
pub fn helpers_from_metadata(metadata: &str) -> anyhow::Result<Vec<Helper>> {
    let metadata: Metadata =
        serde_json::from_str(metadata).context("reading Rhai's function metadata")?;
    metadata
        .functions
        .into_iter()
        .map(|function| {
            let name = function.name.clone();
            helper(function).with_context(|| format!("helper {name}"))
        })
        .collect()
}

/// The type scripts see for a Rust type of Rhai's metadata.
fn script_type(rust: &str) -> anyhow::Result<&'static str> {
    Ok(match rust {
        "&str" | "String" | "ImmutableString" => "string",
        "i64" | "INT" => "int",
        "f64" | "FLOAT" => "float",
        "bool" => "bool",
        "Map" => "map",
        "Array" => "array",
        "Dynamic" => "any",
        "" | "()" => "()",
        other => {
            bail!("no script type is known for the Rust type {other:?}: add it to script_type")
        }
    })
}

/// How Rhai's metadata writes the return type of a fallible function.
const FALLIBLE: (&str, &str) = ("Result<", ", Box<EvalAltResult>>");

fn helper(function: FunctionMetadata) -> anyhow::Result<Helper> {
    let docs = DocComment::parse(&function.doc_comments.join("\n"))?;
    let fallible = function
        .return_type
        .strip_prefix(FALLIBLE.0)
        .and_then(|t| t.strip_suffix(FALLIBLE.1));
    match (fallible, &docs.errors) {
        (Some(_), None) => bail!("it can fail: say when under `# Errors`"),
        (None, Some(_)) => bail!("it cannot fail: remove `# Errors`"),
        _ => {}
    }
    let returns = script_type(fallible.unwrap_or(&function.return_type))?.to_owned();
    let mut documented = docs.params.into_iter();
    let mut params = Vec::new();
    for param in &function.params {
        let kind = script_type(&param.kind)?.to_owned();
        match documented.next() {
            Some((name, doc)) if name == param.name => params.push(Param { name, kind, doc }),
            Some((name, _)) => bail!(
                "`# Parameters` names `{name}` where the function's parameter is `{}`: document the parameters in order",
                param.name
            ),
            None => bail!(
                "parameter `{}` is not documented: add ``- `{}`: ...`` under `# Parameters`",
                param.name,
                param.name
            ),
        }
    }
    if let Some((name, _)) = documented.next() {
        bail!("`# Parameters` names `{name}`, which the function does not have: remove it");
    }
    Ok(Helper {
        name: function.name,
        params,
        returns,
        doc: docs.summary,
        errors: docs.errors,
        example: docs.example,
    })
}

/// A helper's doc comment, in sections.
#[derive(Debug, PartialEq)]
struct DocComment {
    summary: String,
    params: Vec<(String, String)>,
    errors: Option<String>,
    example: String,
}

/// Joins hard-wrapped lines into paragraphs separated by blank lines.
fn paragraphs(lines: &[&str]) -> String {
    lines
        .split(|line| line.trim().is_empty())
        .filter(|paragraph| !paragraph.is_empty())
        .map(|paragraph| {
            paragraph
                .iter()
                .map(|line| line.trim())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

impl DocComment {
    /// Reads the text of `///` comments (Rhai keeps the `///` of each line).
    fn parse(text: &str) -> anyhow::Result<DocComment> {
        let lines: Vec<&str> = text
            .lines()
            .map(|line| {
                let line = line.trim_start();
                let line = line.strip_prefix("///").unwrap_or(line);
                line.strip_prefix(' ').unwrap_or(line)
            })
            .collect();
        let mut sections: Vec<(&str, Vec<&str>)> = vec![("", Vec::new())];
        for line in lines {
            if let Some(heading) = line.strip_prefix("# ") {
                sections.push((heading.trim(), Vec::new()));
            } else if let Some((_, body)) = sections.last_mut() {
                body.push(line);
            }
        }
        let mut docs = DocComment {
            summary: String::new(),
            params: Vec::new(),
            errors: None,
            example: String::new(),
        };
        for (heading, body) in sections {
            match heading {
                "" => docs.summary = paragraphs(&body),
                "Parameters" => docs.params = parameters(&body)?,
                "Errors" => docs.errors = Some(paragraphs(&body)),
                "Example" => docs.example = example(&body)?,
                other => bail!(
                    "unknown section `# {other}`: a helper's doc has a summary, then `# Parameters`, `# Errors` and `# Example`"
                ),
            }
        }
        if docs.summary.is_empty() {
            bail!("no summary: start the doc comment with what the helper returns");
        }
        if docs.example.is_empty() {
            bail!("no example: add `# Example` with a ```rhai block");
        }
        Ok(docs)
    }
}

/// `` - `name`: doc `` items, continued on the lines that follow.
fn parameters(body: &[&str]) -> anyhow::Result<Vec<(String, String)>> {
    let mut params: Vec<(String, Vec<&str>)> = Vec::new();
    for line in body {
        if let Some(item) = line.strip_prefix("- ") {
            let Some((name, doc)) = item
                .strip_prefix('`')
                .and_then(|rest| rest.split_once("`:"))
            else {
                bail!("`# Parameters`: {line:?} is not ``- `name`: what to pass``");
            };
            params.push((name.to_owned(), vec![doc]));
        } else if let Some((_, doc)) = params.last_mut() {
            doc.push(line);
        } else if !line.trim().is_empty() {
            bail!("`# Parameters`: {line:?} is not ``- `name`: what to pass``");
        }
    }
    Ok(params
        .into_iter()
        .map(|(name, doc)| (name, paragraphs(&doc)))
        .collect())
}

/// The code of the one ```` ```rhai ```` block.
fn example(body: &[&str]) -> anyhow::Result<String> {
    let start = body
        .iter()
        .position(|line| line.trim() == "```rhai")
        .context("`# Example` has no ```rhai block")?;
    let length = body[start + 1..]
        .iter()
        .position(|line| line.trim() == "```")
        .context("`# Example`: the ```rhai block is not closed")?;
    let code = body[start + 1..start + 1 + length].join("\n");
    if code.trim().is_empty() {
        bail!("`# Example`: the ```rhai block is empty");
    }
    Ok(code.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "/// Seconds between two
/// times (int).
///
/// # Parameters
/// - `from`: the start,
///   an RFC 3339 time.
/// - `to`: the end.
///
/// # Errors
/// When either is malformed.
///
/// # Example
/// ```rhai
/// seconds_between(\"a\", \"b\") == 0
/// ```";

    #[test]
    fn reads_the_sections() {
        assert_eq!(
            DocComment::parse(DOC).unwrap(),
            DocComment {
                summary: "Seconds between two times (int).".into(),
                params: vec![
                    ("from".into(), "the start, an RFC 3339 time.".into()),
                    ("to".into(), "the end.".into())
                ],
                errors: Some("When either is malformed.".into()),
                example: "seconds_between(\"a\", \"b\") == 0".into(),
            }
        );
    }

    /// Metadata of one function `seconds_between` with `params` (JSON).
    fn metadata(params: &str, return_type: &str, doc: &str) -> String {
        serde_json::json!({
            "functions": [{
                "name": "seconds_between",
                "params": serde_json::from_str::<serde_json::Value>(params).unwrap(),
                "returnType": return_type,
                "docComments": [doc],
            }]
        })
        .to_string()
    }

    const FALLIBLE_INT: &str = "Result<i64, Box<EvalAltResult>>";
    const FROM_TO: &str =
        r#"[{"name": "from", "type": "&str"}, {"name": "to", "type": "ImmutableString"}]"#;

    #[test]
    fn a_helper_has_its_documented_params_with_script_types() {
        let helpers = helpers_from_metadata(&metadata(FROM_TO, FALLIBLE_INT, DOC)).unwrap();
        assert_eq!(helpers.len(), 1);
        let helper = &helpers[0];
        assert_eq!(helper.returns, "int");
        let params: Vec<(&str, &str)> = helper
            .params
            .iter()
            .map(|p| (p.name.as_str(), p.kind.as_str()))
            .collect();
        assert_eq!(params, [("from", "string"), ("to", "string")]);
    }

    #[test]
    fn a_helper_whose_doc_does_not_match_it_is_refused_with_the_fix() {
        let zone = r#"[{"name": "from", "type": "&str"}, {"name": "to", "type": "&str"}, {"name": "zone", "type": "&str"}]"#;
        let start = r#"[{"name": "start", "type": "&str"}, {"name": "to", "type": "&str"}]"#;
        let from = r#"[{"name": "from", "type": "&str"}]"#;
        let no_errors = DOC.replace("/// # Errors\n/// When either is malformed.\n", "");
        let cases = [
            (
                metadata(zone, FALLIBLE_INT, DOC),
                "parameter `zone` is not documented",
            ),
            (
                metadata(start, FALLIBLE_INT, DOC),
                "names `from` where the function's parameter is `start`",
            ),
            (
                metadata(from, FALLIBLE_INT, DOC),
                "names `to`, which the function does not have",
            ),
            (
                metadata(FROM_TO, "i64", DOC),
                "it cannot fail: remove `# Errors`",
            ),
            (
                metadata(FROM_TO, FALLIBLE_INT, &no_errors),
                "it can fail: say when under `# Errors`",
            ),
        ];
        for (json, fault) in cases {
            let error = format!("{:#}", helpers_from_metadata(&json).unwrap_err());
            assert!(
                error.starts_with("helper seconds_between: ") && error.contains(fault),
                "{fault}: {error}"
            );
        }
    }

    #[test]
    fn a_doc_without_summary_or_example_or_with_an_unknown_section_is_refused() {
        let cases = [
            ("/// # Example\n/// ```rhai\n/// f()\n/// ```", "no summary"),
            ("/// What it returns.", "no example"),
            (
                "/// What it returns.\n///\n/// # Returns\n/// int",
                "unknown section `# Returns`",
            ),
            (
                "/// What it returns.\n///\n/// # Example\n/// ```rhai\n/// f()",
                "is not closed",
            ),
        ];
        for (doc, fault) in cases {
            let error = DocComment::parse(doc).unwrap_err().to_string();
            assert!(error.contains(fault), "{fault}: {error}");
        }
    }

    #[test]
    fn unknown_rust_types_name_the_fix() {
        let error = script_type("Vec<u8>").unwrap_err().to_string();
        assert!(
            error.contains("\"Vec<u8>\"") && error.contains("script_type"),
            "{error}"
        );
    }
}
