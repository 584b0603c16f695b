//! The module graph of the library, read from its sources: which module
//! uses which, with re-exports and imports followed to the module that
//! defines an item, for the code that ships (`#[cfg(test)]` items are left
//! out). It fails when a module uses a layer above its own (the layers of
//! `README.md`, "Architecture": keys, quantity, crd, quota, script,
//! metrics, controller, web, app) or when the modules of one folder depend
//! on each other in a cycle. A folder's `mod.rs` and its children are one
//! module seen from outside, so a child using its parent's items is no
//! cycle; between sibling modules (`controller::session` and
//! `controller::context`, or `controller` and `web`) every dependency must
//! point one way.
//! `make deps` prints the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use syn::visit::Visit;

/// The top-level modules, lowest first: each may use only those before it.
const LAYERS: [&str; 9] = [
    "keys",
    "quantity",
    "crd",
    "quota",
    "script",
    "metrics",
    "controller",
    "web",
    "app",
];

/// A module's path below the crate root, e.g. `["controller", "session"]`.
type ModPath = Vec<String>;

fn show(path: &[String]) -> String {
    if path.is_empty() {
        "crate".to_owned()
    } else {
        path.join("::")
    }
}

/// One source file of the library and what it says.
#[derive(Default)]
struct Module {
    /// Paths it refers to, resolved to absolute paths below the crate.
    uses: BTreeSet<ModPath>,
    /// Names it imports or re-exports (`use`, `pub use`), with the
    /// absolute path of each: a path through them leads on to the module
    /// that defines the item.
    imports: BTreeMap<String, ModPath>,
}

/// Collects the references of one file.
struct Reader<'a> {
    /// The module of the file, then any inline modules being read.
    current: ModPath,
    /// Child modules declared in the file (`mod x;`), by name.
    children: &'a BTreeSet<String>,
    module: Module,
}

impl Reader<'_> {
    /// The absolute path `segments` names from the current module, when it
    /// is one of this crate's.
    fn absolute(&self, segments: &[String]) -> Option<ModPath> {
        let (first, rest) = segments.split_first()?;
        match first.as_str() {
            "crate" => Some(rest.to_vec()),
            "self" => Some([self.current.clone(), rest.to_vec()].concat()),
            "super" => {
                let mut base = self.current.clone();
                let mut rest = segments;
                while rest.first().is_some_and(|s| s == "super") {
                    base.pop()?;
                    rest = &rest[1..];
                }
                Some([base, rest.to_vec()].concat())
            }
            name if self.children.contains(name) => {
                Some([self.current.clone(), segments.to_vec()].concat())
            }
            _ => None,
        }
    }

    fn use_tree(&mut self, tree: &syn::UseTree, prefix: Vec<String>, public: bool) {
        let path = |name: String| [prefix.clone(), vec![name]].concat();
        match tree {
            syn::UseTree::Path(p) => self.use_tree(&p.tree, path(p.ident.to_string()), public),
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.use_tree(tree, prefix.clone(), public);
                }
            }
            syn::UseTree::Name(n) => self.used(path(n.ident.to_string()), None, public),
            syn::UseTree::Rename(r) => self.used(
                path(r.ident.to_string()),
                Some(r.rename.to_string()),
                public,
            ),
            syn::UseTree::Glob(_) => self.used(prefix, None, public),
        }
    }

    /// A `use` of `segments`: a dependency, unless it is a public
    /// re-export, which only passes a name on.
    fn used(&mut self, segments: Vec<String>, rename: Option<String>, public: bool) {
        let Some(target) = self.absolute(&segments) else {
            return;
        };
        if let Some(name) = rename.or_else(|| segments.last().cloned())
            && name != "self"
        {
            self.module.imports.insert(name, target.clone());
        }
        if !public {
            self.module.uses.insert(target);
        }
    }
}

/// Whether `attrs` hold `#[cfg(test)]`.
fn test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg") && a.parse_args::<syn::Ident>().is_ok_and(|arg| arg == "test")
    })
}

impl<'ast> Visit<'ast> for Reader<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Use(u) => &u.attrs,
            _ => return syn::visit::visit_item(self, item),
        };
        if !test_only(attrs) {
            syn::visit::visit_item(self, item);
        }
    }

    // `pub(crate)` and `pub(super)` name modules without using them.
    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {}

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let public = !matches!(item.vis, syn::Visibility::Inherited);
        self.use_tree(&item.tree, Vec::new(), public);
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if item.content.is_some() {
            self.current.push(item.ident.to_string());
            syn::visit::visit_item_mod(self, item);
            self.current.pop();
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if let Some(target) = self.absolute(&segments) {
            self.module.uses.insert(target);
        }
        syn::visit::visit_path(self, path);
    }
}

/// Reads the module at `file` (named `path`) and, through its `mod`
/// declarations, every module below it.
fn read_tree(file: &Path, path: ModPath, modules: &mut BTreeMap<ModPath, Module>) {
    let source = std::fs::read_to_string(file)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
    let ast = syn::parse_file(&source)
        .unwrap_or_else(|e| panic!("{} does not parse: {e}", file.display()));
    let children: BTreeSet<String> = ast
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Mod(m) if m.content.is_none() => Some(m.ident.to_string()),
            _ => None,
        })
        .collect();
    let mut reader = Reader {
        current: path.clone(),
        children: &children,
        module: Module::default(),
    };
    reader.visit_file(&ast);
    modules.insert(path.clone(), reader.module);
    // `a.rs` and `a/mod.rs` keep their children in `a/`; `lib.rs` and
    // `mod.rs` beside them.
    let stem = file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let dir = match stem {
        "lib" | "mod" => file.parent().map(Path::to_path_buf),
        _ => file.parent().map(|p| p.join(stem)),
    }
    .expect("a source file has a directory");
    for child in &children {
        let flat = dir.join(format!("{child}.rs"));
        let file = if flat.exists() {
            flat
        } else {
            dir.join(child).join("mod.rs")
        };
        read_tree(&file, [path.clone(), vec![child.clone()]].concat(), modules);
    }
}

/// The module that defines what `path` names: the longest module prefix,
/// with re-exports followed.
fn defining_module(modules: &BTreeMap<ModPath, Module>, path: &[String]) -> Option<ModPath> {
    let mut path = path.to_vec();
    // Re-exports form chains, never loops, in a crate that compiles; the
    // bound only stops a runaway on a source this reader misunderstands.
    for _ in 0..16 {
        let module = (0..=path.len())
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|prefix| modules.contains_key(prefix))?;
        let next = path.get(module.len());
        match next.and_then(|name| modules[&module].imports.get(name)) {
            Some(target) => {
                path = [target.clone(), path[module.len() + 1..].to_vec()].concat();
            }
            None => return Some(module),
        }
    }
    None
}

/// Which module uses which: edges between distinct modules.
fn graph(modules: &BTreeMap<ModPath, Module>) -> BTreeMap<ModPath, BTreeSet<ModPath>> {
    modules
        .iter()
        .map(|(from, module)| {
            let targets = module
                .uses
                .iter()
                .filter_map(|path| defining_module(modules, path))
                .filter(|to| to != from)
                .collect();
            (from.clone(), targets)
        })
        .collect()
}

/// The dependency `from -> to` as one between siblings: the children of
/// their nearest common ancestor that contain each. `None` when one
/// contains the other (a folder and its own modules).
fn between_siblings(from: &[String], to: &[String]) -> Option<(ModPath, ModPath)> {
    let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
    if common == from.len() || common == to.len() {
        return None;
    }
    Some((from[..=common].to_vec(), to[..=common].to_vec()))
}

/// The dependencies between siblings of every folder.
fn sibling_graph(
    edges: &BTreeMap<ModPath, BTreeSet<ModPath>>,
) -> BTreeMap<ModPath, BTreeSet<ModPath>> {
    let mut siblings: BTreeMap<ModPath, BTreeSet<ModPath>> = BTreeMap::new();
    for (from, targets) in edges {
        for to in targets {
            if let Some((a, b)) = between_siblings(from, to) {
                siblings.entry(a).or_default().insert(b);
            }
        }
    }
    siblings
}

/// The layer of a module: the position of its top-level module in
/// [`LAYERS`] (`None` for the crate root).
fn layer(path: &[String]) -> Option<usize> {
    let top = path.first()?;
    Some(
        LAYERS
            .iter()
            .position(|l| l == top)
            .unwrap_or_else(|| panic!("src/{top} is in no layer: add it to LAYERS and the README")),
    )
}

/// Every use of a module of a higher layer.
fn upward(edges: &BTreeMap<ModPath, BTreeSet<ModPath>>) -> Vec<String> {
    let mut found = Vec::new();
    for (from, targets) in edges {
        for to in targets {
            if let (Some(a), Some(b)) = (layer(from), layer(to))
                && b > a
            {
                found.push(format!(
                    "{} ({}) uses {} ({}), a layer above it",
                    show(from),
                    LAYERS[a],
                    show(to),
                    LAYERS[b]
                ));
            }
        }
    }
    found
}

/// The strongly connected components with more than one module: each is a
/// set of modules that depend on each other in a cycle (Tarjan's algorithm).
fn cycles(edges: &BTreeMap<ModPath, BTreeSet<ModPath>>) -> Vec<Vec<ModPath>> {
    struct Tarjan<'a> {
        edges: &'a BTreeMap<ModPath, BTreeSet<ModPath>>,
        index: BTreeMap<&'a ModPath, usize>,
        low: BTreeMap<&'a ModPath, usize>,
        stack: Vec<&'a ModPath>,
        found: Vec<Vec<ModPath>>,
    }
    impl<'a> Tarjan<'a> {
        fn visit(&mut self, node: &'a ModPath) {
            let n = self.index.len();
            self.index.insert(node, n);
            self.low.insert(node, n);
            self.stack.push(node);
            for next in self.edges.get(node).into_iter().flatten() {
                if !self.index.contains_key(next) {
                    self.visit(next);
                    let low = self.low[node].min(self.low[next]);
                    self.low.insert(node, low);
                } else if self.stack.contains(&next) {
                    let low = self.low[node].min(self.index[next]);
                    self.low.insert(node, low);
                }
            }
            if self.low[node] == self.index[node] {
                let mut component = Vec::new();
                while let Some(member) = self.stack.pop() {
                    component.push(member.clone());
                    if member == node {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut tarjan = Tarjan {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for node in edges.keys() {
        if !tarjan.index.contains_key(node) {
            tarjan.visit(node);
        }
    }
    tarjan.found
}

/// The graph as text: the layers and what each uses, then every module.
fn render(edges: &BTreeMap<ModPath, BTreeSet<ModPath>>) -> String {
    let mut by_layer: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
    for (from, targets) in edges {
        let Some(a) = layer(from) else { continue };
        let used = by_layer.entry(a).or_default();
        used.extend(
            targets
                .iter()
                .filter_map(|to| layer(to))
                .filter(|b| *b != a)
                .map(|b| LAYERS[b]),
        );
    }
    let mut out = String::from("layers (each uses only those below it):\n");
    for (i, name) in LAYERS.iter().enumerate().rev() {
        let used: Vec<&str> = by_layer.get(&i).into_iter().flatten().copied().collect();
        let used = if used.is_empty() {
            "nothing".to_owned()
        } else {
            used.join(", ")
        };
        let _ = writeln!(out, "  {name:<10} uses {used}");
    }
    let _ = writeln!(out, "modules ({}):", edges.len());
    for (from, targets) in edges {
        let targets: Vec<String> = targets.iter().map(|t| show(t)).collect();
        let _ = writeln!(out, "  {} -> {}", show(from), targets.join(", "));
    }
    out
}

fn library() -> BTreeMap<ModPath, Module> {
    let mut modules = BTreeMap::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs");
    read_tree(&root, Vec::new(), &mut modules);
    modules
}

#[test]
fn modules_depend_one_way_down_the_layers() {
    let modules = library();
    let edges = graph(&modules);
    println!("{}", render(&edges));
    let mut problems = upward(&edges);
    let siblings = sibling_graph(&edges);
    for cycle in cycles(&siblings) {
        let members: Vec<String> = cycle
            .iter()
            .map(|m| {
                let why: Vec<String> = edges
                    .iter()
                    .flat_map(|(from, targets)| targets.iter().map(move |to| (from, to)))
                    .filter(|(from, to)| {
                        between_siblings(from, to)
                            .is_some_and(|(a, b)| &a == m && cycle.contains(&b))
                    })
                    .map(|(from, to)| format!("{} uses {}", show(from), show(to)))
                    .collect();
                format!("{}: {}", show(m), why.join("; "))
            })
            .collect();
        problems.push(format!("a cycle:\n    {}", members.join("\n    ")));
    }
    assert!(
        problems.is_empty(),
        "the module graph breaks the layering:\n  {}",
        problems.join("\n  ")
    );
}

/// The reader itself, on made-up modules.
#[test]
fn the_reader_follows_reexports_and_finds_cycles_and_upward_uses() {
    let module = |uses: &[&str], imports: &[(&str, &str)]| Module {
        uses: uses
            .iter()
            .map(|p| p.split("::").map(str::to_owned).collect())
            .collect(),
        imports: imports
            .iter()
            .map(|(name, p)| {
                (
                    (*name).to_owned(),
                    p.split("::").map(str::to_owned).collect(),
                )
            })
            .collect(),
    };
    let path = |p: &str| -> ModPath { p.split("::").map(str::to_owned).collect() };
    let mut modules = BTreeMap::new();
    modules.insert(Vec::new(), module(&[], &[]));
    modules.insert(path("script"), module(&[], &[("Set", "script::set::Set")]));
    modules.insert(path("script::set"), module(&["crd::Session"], &[]));
    modules.insert(path("crd"), module(&["script::Set"], &[]));
    modules.insert(path("controller"), module(&["web::serve"], &[]));
    modules.insert(
        path("web"),
        module(&["controller::run", "web::editor::Editor"], &[]),
    );
    modules.insert(
        path("web::editor"),
        module(&["web::editor::dryrun::run"], &[]),
    );
    modules.insert(
        path("web::editor::dryrun"),
        module(&["web::editor::Editor"], &[]),
    );
    let edges = graph(&modules);
    assert_eq!(
        edges[&path("crd")],
        BTreeSet::from([path("script::set")]),
        "a re-export leads to the module that defines the item"
    );
    let found = cycles(&sibling_graph(&edges));
    assert_eq!(
        found,
        [
            vec![path("controller"), path("web")],
            vec![path("crd"), path("script")],
        ],
        "a folder and its own modules make no cycle"
    );
    let up = upward(&edges);
    assert!(
        up.iter()
            .any(|p| p.starts_with("crd (crd) uses script::set (script)"))
    );
    assert!(
        up.iter()
            .any(|p| p.starts_with("controller (controller) uses web (web)"))
    );
    assert_eq!(up.len(), 2, "{up:?}");
}
