//! The files generated from Rust declarations are up to date: the editor's
//! reference of the script contract (`web/src/rhai/contract.ts`), the
//! editor API's types (`web/src/api.generated.ts`) and the README's tables
//! of entry points and helpers. Each test prints a diff when its file
//! differs from what the Rust source produces; with
//! `STREAMSPACE_WRITE_GENERATED=1` (what `make contract` sets) it writes
//! the file instead.

use std::path::Path;

use similar::TextDiff;
use streamspace_operator::script::contract::Contract;
use streamspace_operator::web::editor::api_typescript;

const WRITE: &str = "STREAMSPACE_WRITE_GENERATED";

fn writing() -> bool {
    std::env::var_os(WRITE).is_some_and(|v| v == "1")
}

/// Compares `path` with `wanted`, or writes it when regenerating.
fn check(path: &str, wanted: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if writing() {
        if current != wanted {
            std::fs::write(&path, wanted)
                .unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        }
        return;
    }
    if current != wanted {
        let diff = TextDiff::from_lines(current.as_str(), wanted)
            .unified_diff()
            .context_radius(2)
            .header(
                &format!("{} (checked in)", path.display()),
                "generated from the Rust source",
            )
            .to_string();
        panic!(
            "{} is out of date; run `make contract` to write it again.\n{diff}",
            path.display()
        );
    }
}

/// `text` with the lines between `<!-- generated: name -->` and the next
/// `<!-- end -->` replaced by `content`.
fn with_section(text: &str, name: &str, content: &str) -> String {
    let start = format!("<!-- generated: {name} -->\n");
    let end = "<!-- end -->";
    let from = text.find(&start).unwrap_or_else(|| {
        panic!(
            "README.md has no `{}` line: put it before the generated {name} table",
            start.trim()
        )
    }) + start.len();
    let to = from
        + text[from..]
            .find(end)
            .unwrap_or_else(|| panic!("README.md: `{}` has no `{end}` after it", start.trim()));
    format!("{}{content}{}", &text[..from], &text[to..])
}

fn contract() -> Contract {
    Contract::build().unwrap_or_else(|e| panic!("building the script contract: {e:#}"))
}

#[test]
fn the_editor_reference_of_the_contract_is_generated() {
    let typescript = contract()
        .typescript()
        .unwrap_or_else(|e| panic!("rendering the contract as TypeScript: {e:#}"));
    check("web/src/rhai/contract.ts", &typescript);
}

#[test]
fn the_editor_api_types_are_generated() {
    let typescript = api_typescript()
        .unwrap_or_else(|e| panic!("rendering the editor API as TypeScript: {e:#}"));
    check("web/src/api.generated.ts", &typescript);
}

#[test]
fn the_readme_tables_of_the_contract_are_generated() {
    let contract = contract();
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let readme = with_section(&readme, "entries", &contract.entry_table());
    let readme = with_section(&readme, "helpers", &contract.helper_table());
    check("README.md", &readme);
}

#[test]
fn sections_are_found_between_their_markers() {
    let text = "a\n<!-- generated: t -->\nold\n<!-- end -->\nb\n";
    assert_eq!(
        with_section(text, "t", "new\n"),
        "a\n<!-- generated: t -->\nnew\n<!-- end -->\nb\n"
    );
}
