//! [`TypeScript`]: one TypeScript module generated from Rust types (with
//! ts-rs) and values, for the editor's front end in `web/src`.

use std::any::TypeId;
use std::collections::{BTreeMap, HashSet};

use serde::Serialize;
use ts_rs::{Config, TS, TypeVisitor};

/// A TypeScript module being written: the declarations of Rust types (each
/// with the types it refers to) and constants.
pub struct TypeScript {
    config: Config,
    source: String,
    visited: HashSet<TypeId>,
    /// Declarations by TypeScript name, so the module's order does not
    /// depend on the order ts-rs visits dependencies in (a hash set's).
    declarations: BTreeMap<String, String>,
    /// TypeScript names declared by two Rust types.
    clashes: Vec<String>,
    constants: String,
}

impl TypeScript {
    /// A module whose first lines say it comes from `source` and how it is
    /// made again.
    pub fn new(source: &str) -> Self {
        Self {
            config: Config::default(),
            source: source.to_owned(),
            visited: HashSet::new(),
            declarations: BTreeMap::new(),
            clashes: Vec::new(),
            constants: String::new(),
        }
    }

    /// Declares `T`, with its doc comment, and every type it refers to.
    pub fn declare<T: TS + 'static + ?Sized>(&mut self) -> &mut Self {
        if T::output_path().is_none() || !self.visited.insert(TypeId::of::<T>()) {
            return self;
        }
        let name = T::ident(&self.config);
        let declaration = format!(
            "{}export {}\n",
            T::docs().unwrap_or_default(),
            T::decl(&self.config)
        );
        if self
            .declarations
            .insert(name.clone(), declaration)
            .is_some()
        {
            self.clashes.push(name);
        }
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
        self.constants.push_str(&format!(
            "\n/** {doc} */\nexport const {name}: {type_name} = {json};\n"
        ));
        Ok(self)
    }

    /// The module's text: the types sorted by name, then the constants.
    pub fn finish(&self) -> anyhow::Result<String> {
        anyhow::ensure!(
            self.clashes.is_empty(),
            "more than one Rust type is declared as the TypeScript type {}: rename one with #[ts(rename = \"...\")]",
            self.clashes.join(", ")
        );
        let mut text = format!(
            "// Generated from {} by `make contract`: do not edit.\n\
             // `cargo test --test contract` fails when this file is out of date.\n",
            self.source
        );
        for declaration in self.declarations.values() {
            text.push('\n');
            text.push_str(declaration);
        }
        text.push_str(&self.constants);
        // ts-rs ends some lines with a space.
        let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
        Ok(lines.join("\n") + "\n")
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

    mod other {
        /// Another type that is `Inner` in TypeScript.
        #[derive(ts_rs::TS)]
        pub struct Inner;
    }

    #[test]
    fn declares_types_and_what_they_refer_to_once_sorted_with_docs() {
        let mut module = TypeScript::new("the tests");
        module.declare::<Outer>().declare::<Inner>();
        let sample = Outer {
            parts: vec![Inner { size: 1 }],
        };
        module
            .constant("The sample.", "SAMPLE", "Outer", &sample)
            .unwrap();
        let text = module.finish().unwrap();
        assert!(
            text.starts_with("// Generated from the tests by `make contract`"),
            "{text}"
        );
        assert_eq!(text.matches("export type Inner").count(), 1, "{text}");
        assert!(
            text.find("export type Inner") < text.find("export type Outer"),
            "{text}"
        );
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

    #[test]
    fn two_rust_types_with_one_typescript_name_are_refused() {
        let mut module = TypeScript::new("the tests");
        module.declare::<Inner>().declare::<other::Inner>();
        let error = module.finish().unwrap_err().to_string();
        assert!(
            error.contains("TypeScript type Inner") && error.contains("#[ts(rename"),
            "{error}"
        );
    }
}
