//! Schema generation and touch-ups for descriptions taken from doc comments.

use schemars::transform::Transform;
use schemars::{JsonSchema, Schema};
use serde_json::Value;

/// The structural schema of `T`, generated with the settings the CRD
/// derive uses (inline, nullable, enums as `enum`), so other types (the
/// script decisions) are checked with the same rules as the CRDs.
pub fn structural_schema<T: JsonSchema>() -> Value {
    schemars::generate::SchemaSettings::openapi3()
        .with(|s| {
            s.inline_subschemas = true;
            s.meta_schema = None;
        })
        .with_transform(schemars::transform::AddNullable::default())
        .with_transform(kube::core::schema::StructuralSchemaRewriter)
        .with_transform(kube::core::schema::OptionalEnum)
        .with_transform(kube::core::schema::OptionalIntOrString)
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value()
}

/// Field transform giving the items of a list a description, which
/// `kubectl explain` shows for `FIELD[]` and the derive has no attribute for.
pub(super) struct DescribeItems {
    /// Properties leading from the field's items to the list, for a list
    /// inside the items of the field; empty for the field itself.
    within: &'static [&'static str],
    description: &'static str,
}

impl DescribeItems {
    /// Describes the items of the field, a list.
    pub(super) const fn new(description: &'static str) -> Self {
        Self {
            within: &[],
            description,
        }
    }

    /// Describes the items of a list reached from the field's items through
    /// the properties `within` (a list inside objects of another crate,
    /// such as k8s-openapi's `VolumeMount`).
    pub(super) const fn inside(within: &'static [&'static str], description: &'static str) -> Self {
        Self {
            within,
            description,
        }
    }
}

impl Transform for DescribeItems {
    fn transform(&mut self, schema: &mut Schema) {
        let list: String = self
            .within
            .iter()
            .map(|property| format!("/items/properties/{property}"))
            .collect();
        if let Some(Value::Object(items)) = schema.pointer_mut(&format!("{list}/items")) {
            items.insert("description".into(), self.description.into());
        }
    }
}

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
    use crate::crd::{Session, SessionSpec};
    use kube::CustomResourceExt;

    #[test]
    fn structural_schemas_are_made_as_the_crd_derive_makes_them() {
        let crd = serde_json::to_value(Session::crd()).unwrap();
        let derived =
            &crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"];
        let mut ours = structural_schema::<SessionSpec>();
        // Only a root schema has a title.
        ours.as_object_mut().unwrap().remove("title");
        assert_eq!(&ours, derived);
    }

    #[test]
    fn items_get_their_description_at_any_depth() {
        let mut schema = schemars::json_schema!({
            "type": "array",
            "items": { "type": "object", "properties": {
                "options": { "type": "array", "items": { "type": "string" } },
            } },
        });
        DescribeItems::inside(&["options"], "An option.").transform(&mut schema);
        assert_eq!(
            schema.pointer("/items/properties/options/items/description"),
            Some(&Value::from("An option."))
        );
        DescribeItems::new("A thing.").transform(&mut schema);
        assert_eq!(
            schema.pointer("/items/description"),
            Some(&Value::from("A thing."))
        );
    }

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
