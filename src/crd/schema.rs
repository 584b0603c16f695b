//! Schema touch-ups for descriptions taken from doc comments.

use schemars::Schema;
use serde_json::Value;

/// Container transform for our structs: doc comments are hard-wrapped for
/// the source, but `kubectl explain` wraps text itself, so each paragraph of
/// the struct's and its fields' descriptions becomes one line.
pub(super) fn unwrap_docs(schema: &mut Schema) {
    unwrap_description(schema.as_object_mut());
    if let Some(Value::Object(props)) = schema.get_mut("properties") {
        for prop in props.values_mut() {
            unwrap_description(prop.as_object_mut());
        }
    }
}

/// Transform for enums: drops the type's own description so that an
/// `Option<Enum>` field keeps the field's doc (kube's `OptionalEnum` rewrite
/// would otherwise copy the type's description over it).
pub(super) fn drop_description(schema: &mut Schema) {
    schema.remove("description");
}

fn unwrap_description(obj: Option<&mut serde_json::Map<String, Value>>) {
    if let Some(Value::String(text)) = obj.and_then(|o| o.get_mut("description")) {
        *text = text
            .split("\n\n")
            .map(|para| {
                para.split('\n')
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("\n\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_lines_but_keeps_paragraphs() {
        let mut schema = schemars::json_schema!({
            "description": "one\ntwo\n\nthree",
            "properties": { "a": { "description": "x\ny" }, "b": { "type": "string" } },
        });
        unwrap_docs(&mut schema);
        assert_eq!(schema.get("description").unwrap(), "one two\n\nthree");
        assert_eq!(schema.pointer("/properties/a/description").unwrap(), "x y");
        assert!(schema.pointer("/properties/b/description").is_none());
    }
}
