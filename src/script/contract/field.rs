//! [`Field`]: a value scripts read or return, described from a structural
//! JSON schema (the CRDs', the decisions', Kubernetes objects').

use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

/// What kind of value a [`Field`] is, as a script sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    /// An object map, `#{...}`.
    Map,
    /// An array, `[...]`.
    Array,
    /// A string.
    String,
    /// An integer.
    Int,
    /// A floating-point number.
    Float,
    /// `true` or `false`.
    Bool,
    /// Any value, e.g. a quantity that is an integer or a string.
    Any,
}

/// A value scripts read or return: a key of a map, or the items of an array.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Field {
    /// Its key; the items of an array have the array's key.
    pub name: String,
    /// What kind of value it is.
    #[serde(rename = "type")]
    pub kind: FieldType,
    /// What it holds (Markdown).
    pub doc: String,
    /// The known keys of a map.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(optional = nullable)]
    pub fields: Vec<Field>,
    /// The items of an array.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub items: Option<Box<Field>>,
    /// The values a string may take, when they are fixed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(optional = nullable)]
    pub values: Vec<String>,
}

/// How many levels of keys below a field to describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Every level.
    All,
    /// This many levels (0: the field alone, without its keys or items).
    Levels(usize),
}

impl Depth {
    fn below(self) -> Option<Depth> {
        match self {
            Depth::All => Some(Depth::All),
            Depth::Levels(0) => None,
            Depth::Levels(n) => Some(Depth::Levels(n - 1)),
        }
    }
}

impl Field {
    /// A field with no keys, items or fixed values.
    pub fn plain(name: &str, kind: FieldType, doc: &str) -> Field {
        Field {
            name: name.to_owned(),
            kind,
            doc: doc.to_owned(),
            fields: Vec::new(),
            items: None,
            values: Vec::new(),
        }
    }

    /// A map with the given keys.
    pub fn map(name: &str, doc: &str, fields: Vec<Field>) -> Field {
        Field {
            fields,
            ..Field::plain(name, FieldType::Map, doc)
        }
    }

    /// The field `name` described by the structural `schema`, its keys and
    /// items down to `depth`.
    pub fn from_schema(name: &str, schema: &Value, depth: Depth) -> Field {
        let text = |key: &str| schema.get(key).and_then(Value::as_str);
        let kind = if schema.get("x-kubernetes-int-or-string") == Some(&Value::Bool(true)) {
            FieldType::Any
        } else {
            match text("type") {
                Some("object") => FieldType::Map,
                Some("array") => FieldType::Array,
                Some("string") => FieldType::String,
                Some("integer") => FieldType::Int,
                Some("number") => FieldType::Float,
                Some("boolean") => FieldType::Bool,
                _ => FieldType::Any,
            }
        };
        let below = depth.below();
        let fields = match (below, schema.get("properties").and_then(Value::as_object)) {
            (Some(below), Some(properties)) => properties
                .iter()
                .map(|(key, property)| Field::from_schema(key, property, below))
                .collect(),
            _ => Vec::new(),
        };
        let items = match (below, schema.get("items")) {
            (Some(below), Some(items)) => Some(Box::new(Field::from_schema(name, items, below))),
            _ => None,
        };
        let values = schema
            .get("enum")
            .and_then(Value::as_array)
            .map(|values| {
                values
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        Field {
            name: name.to_owned(),
            kind,
            doc: text("description").unwrap_or_default().to_owned(),
            fields,
            items,
            values,
        }
    }

    /// The key `name` of this map.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// This field with another doc.
    pub fn documented(self, doc: &str) -> Field {
        Field {
            doc: doc.to_owned(),
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn schema() -> Value {
        json!({
            "type": "object",
            "description": "A thing.",
            "properties": {
                "phase": { "type": "string", "enum": ["A", "B", null], "nullable": true, "description": "Its phase." },
                "size": { "x-kubernetes-int-or-string": true, "description": "A quantity." },
                "tags": { "type": "array", "items": { "type": "object", "properties": { "name": { "type": "string" } } } },
                "count": { "type": "integer" },
                "ratio": { "type": "number" },
                "on": { "type": "boolean" },
            },
        })
    }

    #[test]
    fn reads_types_docs_enums_keys_and_items() {
        let field = Field::from_schema("thing", &schema(), Depth::All);
        assert_eq!(field.kind, FieldType::Map);
        assert_eq!(field.doc, "A thing.");
        let phase = field.field("phase").unwrap();
        assert_eq!(
            (phase.kind, phase.doc.as_str(), phase.values.as_slice()),
            (
                FieldType::String,
                "Its phase.",
                ["A".to_owned(), "B".to_owned()].as_slice()
            )
        );
        assert_eq!(field.field("size").unwrap().kind, FieldType::Any);
        assert_eq!(field.field("count").unwrap().kind, FieldType::Int);
        assert_eq!(field.field("ratio").unwrap().kind, FieldType::Float);
        assert_eq!(field.field("on").unwrap().kind, FieldType::Bool);
        let tags = field.field("tags").unwrap();
        let item = tags.items.as_deref().unwrap();
        assert_eq!((tags.kind, item.name.as_str()), (FieldType::Array, "tags"));
        assert_eq!(item.field("name").unwrap().kind, FieldType::String);
    }

    #[test]
    fn stops_at_the_depth_asked_for() {
        let top = Field::from_schema("thing", &schema(), Depth::Levels(0));
        assert!(top.fields.is_empty());
        let one = Field::from_schema("thing", &schema(), Depth::Levels(1));
        let tags = one.field("tags").unwrap();
        assert_eq!(tags.kind, FieldType::Array);
        assert!(tags.items.is_none(), "items are a level below the list");
    }
}
