//! [`TypeScript`]: one TypeScript module generated from Rust types (with
//! ts-rs) and values, for the editor's front end in `web/src`.

use std::any::TypeId;
use std::collections::HashSet;

use serde::Serialize;
use ts_rs::{Config, TS, TypeVisitor};

/// A TypeScript module being written: the declarations of Rust types (each
/// with the types it refers to) and constants.
pub struct TypeScript {
    config: Config,
    declared: HashSet<TypeId>,
    text: String,
}

impl TypeScript {
    /// A module whose first lines say where it comes from and how it is
    /// made again.
    pub fn new(source: &str) -> Self {
        Self {
            config: Config::default(),
            declared: HashSet::new(),
            text: format!(
                "// Generated from {source} by `make contract`: do not edit.\n\
                 // `cargo test --test contract` fails when this file is out of date.\n"
            ),
        }
    }

    /// Declares `T`, with its doc comment, and every type it refers to
    /// that is not declared yet.
    pub fn declare<T: TS + 'static + ?Sized>(&mut self) -> &mut Self {
        if T::output_path().is_none() || !self.declared.insert(TypeId::of::<T>()) {
            return self;
        }
        self.text.push('\n');
        if let Some(docs) = T::docs() {
            self.text.push_str(&docs);
        }
        self.text.push_str("export ");
        self.text.push_str(&T::decl(&self.config));
        self.text.push('\n');
        T::visit_dependencies(&mut Dependencies(self));
        self
    }

    /// Declares `export const name: type_name = value;` with `value` as JSON.
    pub fn constant(
        &mut self,
        doc: &str,
        name: &str,
        type_name: &str,
        value: &impl Serialize,
    ) -> anyhow::Result<&mut Self> {
        let json = serde_json::to_string_pretty(value)?;
        self.text.push_str(&format!(
            "\n/** {doc} */\nexport const {name}: {type_name} = {json};\n"
        ));
        Ok(self)
    }

    /// The module's text.
    pub fn finish(&mut self) -> String {
        std::mem::take(&mut self.text)
    }
}

/// Declares each type a declared type refers to.
struct Dependencies<'a>(&'a mut TypeScript);

impl TypeVisitor for Dependencies<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        self.0.declare::<T>();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A thing.
    #[derive(Serialize, TS)]
    struct Outer {
        /// Its parts.
        parts: Vec<Inner>,
    }

    /// A part.
    #[derive(Serialize, TS)]
    struct Inner {
        /// Its size.
        size: u32,
    }

    #[test]
    fn declares_a_type_and_what_it_refers_to_once_with_docs() {
        let mut module = TypeScript::new("the tests");
        module.declare::<Outer>().declare::<Inner>();
        module
            .constant(
                "The sample.",
                "SAMPLE",
                "Outer",
                &Outer {
                    parts: vec![Inner { size: 1 }],
                },
            )
            .unwrap();
        let text = module.finish();
        assert!(
            text.starts_with("// Generated from the tests by `make contract`"),
            "{text}"
        );
        assert_eq!(text.matches("export type Inner").count(), 1, "{text}");
        assert!(
            text.contains("/**\n * A thing.\n */\nexport type Outer = {"),
            "{text}"
        );
        assert!(text.contains("Its size."), "{text}");
        assert!(
            text.contains("/** The sample. */\nexport const SAMPLE: Outer = {\n  \"parts\": ["),
            "{text}"
        );
    }
}
