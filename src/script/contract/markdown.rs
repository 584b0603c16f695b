//! The README's tables of the contract: entry points and helpers.

use super::{Contract, Field, FieldType};

/// Text for one cell of a Markdown table: one line, `|` escaped.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// `text` as inline code, fenced with enough backticks for its own.
fn code(text: &str) -> String {
    let text = cell(text);
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// The shape of a decision map, e.g. `#{ wake: bool, reason: "..." }`.
fn shape(decision: &Field) -> String {
    let keys: Vec<String> = decision
        .fields
        .iter()
        .map(|field| {
            let value = if !field.values.is_empty() {
                let quoted: Vec<String> = field.values.iter().map(|v| format!("{v:?}")).collect();
                quoted.join(" | ")
            } else {
                match field.kind {
                    FieldType::Map => "#{..}".to_owned(),
                    FieldType::Array => "[..]".to_owned(),
                    FieldType::String => "\"...\"".to_owned(),
                    FieldType::Int => "int".to_owned(),
                    FieldType::Float => "float".to_owned(),
                    FieldType::Bool => "bool".to_owned(),
                    FieldType::Any => "..".to_owned(),
                }
            };
            format!("{}: {value}", field.name)
        })
        .collect();
    format!("#{{ {} }}", keys.join(", "))
}

impl Contract {
    /// The README's table of entry points: script, function, when it is
    /// called and the shape of what it returns.
    pub fn entry_table(&self) -> String {
        let mut table = String::from(
            "| script | entry point | called | returns |\n| --- | --- | --- | --- |\n",
        );
        for entry in &self.entries {
            table.push_str(&format!(
                "| `{}` | `fn {}({})` | {} | {} |\n",
                entry.script,
                entry.function,
                entry.params.join(", "),
                cell(&entry.called),
                code(&shape(&entry.decision)),
            ));
        }
        table
    }

    /// The README's table of helpers: signature, what it returns, when it
    /// fails and an example.
    pub fn helper_table(&self) -> String {
        let mut table =
            String::from("| helper | returns | errors | example |\n| --- | --- | --- | --- |\n");
        for helper in &self.helpers {
            let params: Vec<String> = helper
                .params
                .iter()
                .map(|p| format!("{}: {}", p.name, p.kind))
                .collect();
            table.push_str(&format!(
                "| `{}({}) -> {}` | {} | {} | {} |\n",
                helper.name,
                params.join(", "),
                helper.returns,
                cell(&helper.doc),
                cell(helper.errors.as_deref().unwrap_or("never")),
                code(&helper.example),
            ));
        }
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_one_line_with_bars_escaped() {
        assert_eq!(cell("a\n  b | c"), "a b \\| c");
        assert_eq!(code("f(`x`)"), "`` f(`x`) ``");
    }

    #[test]
    fn a_shape_lists_each_key_with_its_values_or_kind() {
        let mut action = Field::plain("action", FieldType::String, "");
        action.values = vec!["none".into(), "hibernate".into()];
        let decision = Field::map(
            "decision",
            "",
            vec![
                action,
                Field::plain("wake", FieldType::Bool, ""),
                Field::plain("status", FieldType::Map, ""),
                Field::plain("reason", FieldType::String, ""),
            ],
        );
        assert_eq!(
            shape(&decision),
            r#"#{ action: "none" | "hibernate", wake: bool, status: #{..}, reason: "..." }"#
        );
    }
}
