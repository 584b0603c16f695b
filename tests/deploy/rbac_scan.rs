//! Which Kubernetes API calls the operator makes, read from its source code,
//! so that `tests/deploy.rs` can check the RBAC of `deploy/` against them.
//!
//! # The model
//!
//! Every call the operator makes to the API server goes through a value of
//! kube's `Api<T>` (or kube's event `Recorder`). The scanner parses every
//! `src/**/*.rs` with `syn` (skipping `#[cfg(test)]` items) and, function by
//! function, follows the `Api` values:
//!
//! - where one is made: `Api::<T>::namespaced(..)`, `Api::all(..)` bound to a
//!   `let x: Api<T>`, a parameter or struct field of type `Api<T>`, a crate
//!   function returning `Api<K>` called as `f::<T>(..)`;
//! - what is done with it: a method call maps to verbs ([`api_method_verbs`]:
//!   `get`/`get_opt` → get, `list`, `watch`, `create`, `replace` → update,
//!   `patch` → patch (+ create for a server-side apply, which creates a missing
//!   object and is then authorized as create), `delete`, `*_status` → the
//!   `status` subresource, ...); `watcher(api, ..)`, `metadata_watcher`,
//!   `watch_object`, `Controller::new(api, ..)` and the controller's
//!   `.owns(api, ..)` / `.watches(api, ..)` → list and watch;
//! - `Recorder::new(..)` → `events.k8s.io` events: create, and patch for a
//!   repeated event (that is what kube's recorder does);
//! - calls on a `Client` are refused except `clone` and discovery
//!   (`list_api_group_resources`, ...: allowed to every authenticated user by
//!   the default `system:discovery` role, no RBAC needed).
//!
//! Generic code is followed through its callers: a function that calls
//! `api.delete(..)` on an `Api<K>` needs `delete` on whatever `K` is at each
//! call site, found from a turbofish (`apply_one::<Deployment>(..)`), else from
//! the argument passed for the parameter whose type mentions `K` (a variable
//! or parameter of a known type, a struct field such as `&stores.deployments`
//! declared `ChildStore<Deployment>`, or `f::<T>(..)`). This repeats until
//! nothing changes, so chains of generic helpers resolve.
//!
//! # Strictness
//!
//! The scan fails, naming the file and function, rather than guess:
//! - an `Api<T>` whose `T` is not in [`KINDS`] (add the row: group, resource,
//!   where it is used);
//! - an `Api` value used in a way it does not follow (passed to a function it
//!   does not know, stored in a variable without a type, cloned away, used
//!   inside a macro it cannot parse) or an `Api` method it does not know;
//! - an `Api` wrapped in another type (`Option<Api<T>>`, a tuple), a renamed
//!   import (`use kube::Api as ..`) or a type alias of one;
//! - a generic call whose type it cannot tell; a call on a `Client` other than
//!   discovery (raw requests cannot be mapped to a resource).
//!
//! It over-approximates: every function of `src/` counts, called or not, and
//! a `patch` whose patch type it cannot see counts as a server-side apply.
//! (All of `src/` is the operator today; a command that one day talks to a
//! cluster with its user's own credentials would have to be left out of the
//! scan explicitly, with the reason.)
//!
//! [`KINDS`] also says where each kind is used (any namespace, cluster-wide,
//! or only the operator's namespace) and which objects (any, or only those the
//! Deployment's settings name), which is what `tests/deploy.rs` checks the
//! ClusterRole, the Role and their `resourceNames` against.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use proc_macro2::TokenTree;
use syn::punctuated::Punctuated;
use syn::visit::Visit;
use syn::{Expr, FnArg, GenericArgument, Pat, PathArguments, ReturnType, Token, Type};

/// Where the operator uses a kind, and so where RBAC must grant it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    /// In any namespace (where the Sessions are): a ClusterRole.
    AnyNamespace,
    /// A cluster-scoped resource: a ClusterRole.
    Cluster,
    /// Only in the operator's own namespace: a Role there.
    OperatorNamespace,
}

/// Which objects of a kind the operator uses, for `resourceNames`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Names {
    /// Any object of the kind (children, reviews, saved versions...).
    Any,
    /// Only the objects the operator's configuration names: the values of
    /// these `(environment variable, flag)` pairs in the Deployment
    /// (`NAME` or `NAMESPACE/NAME`), else `default`.
    Configured {
        /// Each setting naming one object.
        settings: &'static [(&'static str, &'static str)],
        /// The name used when none is set.
        default: Option<&'static str>,
    },
}

/// A Rust type the operator may use with `Api<T>`, and what it is in RBAC.
#[derive(Debug)]
pub struct Kind {
    /// The type's name as written in the source (last path segment).
    pub rust_type: &'static str,
    /// API group (`""` for the core group).
    pub group: &'static str,
    /// Resource (plural).
    pub resource: &'static str,
    /// Where the operator uses it.
    pub scope: Scope,
    /// Which objects.
    pub names: Names,
}

/// Every kind the scanner can map. An `Api<T>` of any other `T` fails the
/// scan: add a row (and say where the operator uses it).
pub const KINDS: &[Kind] = &[
    kind("Session", "stream.space", "sessions", Scope::AnyNamespace),
    kind("Template", "stream.space", "templates", Scope::AnyNamespace),
    kind("Deployment", "apps", "deployments", Scope::AnyNamespace),
    kind("Service", "", "services", Scope::AnyNamespace),
    kind(
        "PersistentVolumeClaim",
        "",
        "persistentvolumeclaims",
        Scope::AnyNamespace,
    ),
    kind(
        "Ingress",
        "networking.k8s.io",
        "ingresses",
        Scope::AnyNamespace,
    ),
    // kube's event recorder writes events.k8s.io/v1 Events next to the
    // object they are about: Sessions, Templates, the scripts ConfigMap.
    kind("Recorder", "events.k8s.io", "events", Scope::AnyNamespace),
    Kind {
        rust_type: "ConfigMap",
        group: "",
        resource: "configmaps",
        scope: Scope::OperatorNamespace,
        names: Names::Configured {
            settings: &[("STREAMSPACE_SCRIPTS_CONFIGMAP", "--scripts-configmap")],
            default: Some("streamspace-scripts"),
        },
    },
    Kind {
        rust_type: "Secret",
        group: "",
        resource: "secrets",
        scope: Scope::OperatorNamespace,
        names: Names::Configured {
            settings: &[
                ("STREAMSPACE_API_TOKEN_SECRET", "--api-token-secret"),
                ("STREAMSPACE_EDITOR_TOKENS_SECRET", "--editor-tokens-secret"),
            ],
            default: None,
        },
    },
    kind(
        "ControllerRevision",
        "apps",
        "controllerrevisions",
        Scope::OperatorNamespace,
    ),
    kind(
        "Lease",
        "coordination.k8s.io",
        "leases",
        Scope::OperatorNamespace,
    ),
    kind(
        "TokenReview",
        "authentication.k8s.io",
        "tokenreviews",
        Scope::Cluster,
    ),
    kind(
        "SubjectAccessReview",
        "authorization.k8s.io",
        "subjectaccessreviews",
        Scope::Cluster,
    ),
];

const fn kind(
    rust_type: &'static str,
    group: &'static str,
    resource: &'static str,
    scope: Scope,
) -> Kind {
    Kind {
        rust_type,
        group,
        resource,
        scope,
        names: Names::Any,
    }
}

/// One permission the operator's code needs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Requirement {
    /// API group.
    pub group: &'static str,
    /// Resource, with `/subresource` when there is one.
    pub resource: String,
    /// RBAC verb.
    pub verb: &'static str,
}

/// What the scan found: each permission with the functions that need it.
#[derive(Debug, Default)]
pub struct Scan {
    /// Permission → `file: function` of each use.
    pub requirements: BTreeMap<Requirement, BTreeSet<String>>,
}

impl Scan {
    /// The kind a requirement is about.
    pub fn kind_of(requirement: &Requirement) -> &'static Kind {
        let resource = requirement.resource.split('/').next().unwrap_or_default();
        KINDS
            .iter()
            .find(|k| k.group == requirement.group && k.resource == resource)
            .expect("requirements are made from KINDS")
    }
}

/// Scans every `*.rs` under `dir`.
pub fn scan_dir(dir: &Path) -> Result<Scan, Vec<String>> {
    let mut files = Vec::new();
    collect_files(dir, &mut files);
    files.sort();
    let base = dir.parent().unwrap_or(dir);
    let sources: Vec<(String, String)> = files
        .iter()
        .map(|path| {
            let name = path
                .strip_prefix(base)
                .unwrap_or(path)
                .display()
                .to_string();
            let text = std::fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
            (name, text)
        })
        .collect();
    scan_sources(&sources)
}

fn collect_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            collect_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Scans `(file name, source)` pairs.
pub fn scan_sources(sources: &[(String, String)]) -> Result<Scan, Vec<String>> {
    let mut collector = Collector::default();
    let mut errors = Vec::new();
    for (file, text) in sources {
        match syn::parse_file(text) {
            Ok(parsed) => {
                collector.file = file.clone();
                collector.visit_file(&parsed);
            }
            Err(e) => errors.push(format!("{file}: does not parse: {e}")),
        }
    }
    errors.append(&mut collector.errors);
    let ctx = Ctx::new(collector);
    let mut analyses = Vec::new();
    let mut macro_words = Vec::new();
    for fun in &ctx.fns {
        let mut analyzer = Analyzer::new(&ctx, fun);
        analyzer.visit_block(&fun.body);
        errors.append(&mut analyzer.errors);
        macro_words.extend(
            analyzer
                .macro_words
                .into_iter()
                .map(|(word, name)| (fun.site.clone(), word, name)),
        );
        analyses.push((analyzer.needs, analyzer.calls));
    }
    let (mut needs, calls): (Vec<_>, Vec<_>) = analyses.into_iter().unzip();
    resolve_generics(&ctx, &mut needs, &calls, &mut errors);
    for (site, word, name) in macro_words {
        let generic_api = ctx
            .named(&word, false)
            .chain(ctx.named(&word, true))
            .any(|(i, _)| needs[i].iter().any(|n| matches!(n.ty, Ty::Param(_))));
        if generic_api {
            errors.push(format!(
                "{site}: `{word}`, a generic function making API calls, appears inside \
                 `{name}!`, which the RBAC scan cannot parse: call it outside the macro"
            ));
        }
    }

    let mut scan = Scan::default();
    for (fun, needs) in ctx.fns.iter().zip(&needs) {
        for need in needs {
            let Ty::Known(name) = &need.ty else { continue };
            let Some(kind) = KINDS.iter().find(|k| k.rust_type == name) else {
                errors.push(format!(
                    "{}: uses Api<{name}>, a type the RBAC scan cannot map: add a row for \
                     {name} (group, resource, where it is used) to KINDS in \
                     tests/deploy/rbac_scan.rs",
                    need.site
                ));
                continue;
            };
            let resource = match need.sub {
                Some(sub) => format!("{}/{sub}", kind.resource),
                None => kind.resource.to_owned(),
            };
            let requirement = Requirement {
                group: kind.group,
                resource,
                verb: need.verb,
            };
            let site = if need.site == fun.site {
                fun.site.clone()
            } else {
                format!("{} (via {})", fun.site, need.site)
            };
            scan.requirements
                .entry(requirement)
                .or_default()
                .insert(site);
        }
    }
    errors.sort();
    errors.dedup();
    if errors.is_empty() {
        Ok(scan)
    } else {
        Err(errors)
    }
}

// ---------------------------------------------------------------------------
// Collecting functions and struct fields.

/// A function or method with a body.
struct FnDef {
    /// `file: name` (`file: Type::name` for methods).
    site: String,
    name: String,
    /// Type parameters in scope: the impl's, then the function's own.
    generics: Vec<String>,
    /// How many of `generics` are the impl's (a turbofish covers the rest).
    impl_generics: usize,
    has_self: bool,
    /// Parameters other than `self`.
    params: Vec<(Option<String>, Type)>,
    returns_api: bool,
    /// The `T` of a returned `Api<T>`, as written.
    returned_api: Option<String>,
    body: syn::Block,
}

#[derive(Default)]
struct Collector {
    file: String,
    impl_stack: Vec<(String, Vec<String>)>,
    fns: Vec<FnDef>,
    /// Struct field name → declared types (over every struct of the crate).
    fields: HashMap<String, Vec<Type>>,
    errors: Vec<String>,
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.meta
                .require_list()
                .is_ok_and(|l| l.tokens.to_string().split_whitespace().any(|t| t == "test"))
    })
}

fn type_params(generics: &syn::Generics) -> Vec<String> {
    generics
        .type_params()
        .map(|p| p.ident.to_string())
        .collect()
}

impl Collector {
    fn add_fn(&mut self, sig: &syn::Signature, body: &syn::Block, outer: Option<&[String]>) {
        let (owner, impl_generics) = match self.impl_stack.last() {
            Some((owner, generics)) => (Some(owner.clone()), generics.clone()),
            None => (None, Vec::new()),
        };
        let impl_generics = outer.map(<[String]>::to_vec).unwrap_or(impl_generics);
        let name = sig.ident.to_string();
        let site = match owner {
            Some(owner) => format!("{}: {owner}::{name}", self.file),
            None => format!("{}: {name}", self.file),
        };
        let mut generics = impl_generics.clone();
        generics.extend(type_params(&sig.generics));
        let mut has_self = false;
        let mut params = Vec::new();
        for input in &sig.inputs {
            match input {
                FnArg::Receiver(_) => has_self = true,
                FnArg::Typed(t) => params.push((pat_ident(&t.pat), (*t.ty).clone())),
            }
        }
        let (returns_api, returned_api) = match &sig.output {
            ReturnType::Type(_, ty) if is_named(ty, "Api") => (true, inner_ident(ty)),
            _ => (false, None),
        };
        self.fns.push(FnDef {
            site,
            name,
            impl_generics: impl_generics.len(),
            generics,
            has_self,
            params,
            returns_api,
            returned_api,
            body: body.clone(),
        });
    }
}

impl<'ast> Visit<'ast> for Collector {
    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if !is_cfg_test(&item.attrs) {
            syn::visit::visit_item_mod(self, item);
        }
    }

    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        if is_cfg_test(&item.attrs) {
            return;
        }
        // A free function: no impl generics, even when nested in an impl's method.
        self.add_fn(&item.sig, &item.block, Some(&[]));
        syn::visit::visit_item_fn(self, item);
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        if is_cfg_test(&item.attrs) {
            return;
        }
        let owner = last_ident(&item.self_ty).unwrap_or_else(|| "impl".into());
        self.impl_stack.push((owner, type_params(&item.generics)));
        syn::visit::visit_item_impl(self, item);
        self.impl_stack.pop();
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        if is_cfg_test(&item.attrs) {
            return;
        }
        self.add_fn(&item.sig, &item.block, None);
        syn::visit::visit_impl_item_fn(self, item);
    }

    fn visit_item_trait(&mut self, item: &'ast syn::ItemTrait) {
        self.impl_stack
            .push((item.ident.to_string(), type_params(&item.generics)));
        syn::visit::visit_item_trait(self, item);
        self.impl_stack.pop();
    }

    fn visit_trait_item_fn(&mut self, item: &'ast syn::TraitItemFn) {
        if let Some(body) = &item.default {
            self.add_fn(&item.sig, body, None);
        }
        syn::visit::visit_trait_item_fn(self, item);
    }

    fn visit_item_struct(&mut self, item: &'ast syn::ItemStruct) {
        if is_cfg_test(&item.attrs) {
            return;
        }
        for field in &item.fields {
            if let Some(ident) = &field.ident {
                self.fields
                    .entry(ident.to_string())
                    .or_default()
                    .push(field.ty.clone());
            }
        }
        syn::visit::visit_item_struct(self, item);
    }

    // Only plain `Api<T>` values are followed: one wrapped in another type
    // (`Option<Api<T>>`, a tuple...), renamed or aliased would escape.
    fn visit_type(&mut self, ty: &'ast Type) {
        if let Some(container) = api_container(ty) {
            self.errors.push(format!(
                "{}: an Api inside {container}: the RBAC scan follows only plain Api<T> values \
                 (variables, parameters, fields); unwrap it or teach tests/deploy/rbac_scan.rs",
                self.file
            ));
        }
        syn::visit::visit_type(self, ty);
    }

    fn visit_use_rename(&mut self, rename: &'ast syn::UseRename) {
        if rename.ident == "Api" || rename.ident == "Recorder" || rename.ident == "Client" {
            self.errors.push(format!(
                "{}: `{} as {}`: the RBAC scan recognizes kube's types by their names only",
                self.file, rename.ident, rename.rename
            ));
        }
    }

    fn visit_item_type(&mut self, item: &'ast syn::ItemType) {
        if contains_api(&item.ty) {
            self.errors.push(format!(
                "{}: type alias {} of an Api: the RBAC scan recognizes Api<T> by name only",
                self.file, item.ident
            ));
        }
        syn::visit::visit_item_type(self, item);
    }
}

/// Whether `ty` is or holds an `Api<..>`.
fn contains_api(ty: &Type) -> bool {
    match strip(ty) {
        Type::Path(p) => p.path.segments.last().is_some_and(|s| {
            s.ident == "Api"
                || match &s.arguments {
                    PathArguments::AngleBracketed(args) => args.args.iter().any(|a| match a {
                        GenericArgument::Type(t) => contains_api(t),
                        _ => false,
                    }),
                    _ => false,
                }
        }),
        Type::Tuple(t) => t.elems.iter().any(contains_api),
        Type::Array(a) => contains_api(&a.elem),
        Type::Slice(a) => contains_api(&a.elem),
        _ => false,
    }
}

/// The name of a type that wraps an `Api<..>` (`Option`, a tuple...), if `ty` is one.
fn api_container(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) => {
            let segment = p.path.segments.last()?;
            if segment.ident == "Api" {
                return None;
            }
            let wraps = match &segment.arguments {
                PathArguments::AngleBracketed(args) => args.args.iter().any(|a| match a {
                    GenericArgument::Type(t) => contains_api(t),
                    _ => false,
                }),
                _ => false,
            };
            wraps.then(|| format!("{}<..>", segment.ident))
        }
        Type::Tuple(t) if t.elems.iter().any(contains_api) => Some("a tuple".into()),
        Type::Array(a) if contains_api(&a.elem) => Some("an array".into()),
        Type::Slice(a) if contains_api(&a.elem) => Some("a slice".into()),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Type helpers.

fn strip(ty: &Type) -> &Type {
    match ty {
        Type::Reference(r) => strip(&r.elem),
        Type::Paren(p) => strip(&p.elem),
        Type::Group(g) => strip(&g.elem),
        other => other,
    }
}

fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match strip(ty) {
        Type::Path(p) => p.path.segments.last(),
        _ => None,
    }
}

fn last_ident(ty: &Type) -> Option<String> {
    last_segment(ty).map(|s| s.ident.to_string())
}

fn is_named(ty: &Type, name: &str) -> bool {
    last_segment(ty).is_some_and(|s| s.ident == name)
}

fn first_type_arg(arguments: &PathArguments) -> Option<&Type> {
    match arguments {
        PathArguments::AngleBracketed(args) => args.args.iter().find_map(|a| match a {
            GenericArgument::Type(t) => Some(t),
            _ => None,
        }),
        _ => None,
    }
}

/// The innermost type of wrappers: `Api<K>` → `K`, `&ChildStore<Deployment>`
/// → `Deployment`, `Option<Arc<Session>>` → `Session`, `Operator` → `Operator`.
fn inner_ident(ty: &Type) -> Option<String> {
    let segment = last_segment(ty)?;
    match first_type_arg(&segment.arguments) {
        Some(arg) => inner_ident(arg),
        None => Some(segment.ident.to_string()),
    }
}

fn pat_ident(pat: &Pat) -> Option<String> {
    match pat {
        Pat::Ident(p) => Some(p.ident.to_string()),
        Pat::Type(t) => pat_ident(&t.pat),
        Pat::Reference(r) => pat_ident(&r.pat),
        _ => None,
    }
}

fn path_segments(path: &syn::Path) -> Vec<String> {
    path.segments.iter().map(|s| s.ident.to_string()).collect()
}

/// The types of a turbofish `::<A, B>` on a path segment.
fn turbofish_idents(arguments: &PathArguments) -> Vec<Option<String>> {
    match arguments {
        PathArguments::AngleBracketed(args) => args
            .args
            .iter()
            .filter_map(|a| match a {
                GenericArgument::Type(t) => Some(inner_ident(t)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------------------
// Analysis of one function.

/// A type as seen inside one function: a concrete type, or one of its type
/// parameters (resolved through its callers).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Ty {
    Known(String),
    Param(String),
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Need {
    ty: Ty,
    sub: Option<&'static str>,
    verb: &'static str,
    /// The function where the call is written.
    site: String,
}

struct CallSite {
    callee: String,
    method: bool,
    turbofish: Vec<Option<Ty>>,
    args: Vec<Option<Ty>>,
    site: String,
}

struct Ctx {
    fns: Vec<FnDef>,
    fields: HashMap<String, Vec<Type>>,
    by_name: HashMap<String, Vec<usize>>,
}

impl Ctx {
    fn new(collector: Collector) -> Self {
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, f) in collector.fns.iter().enumerate() {
            by_name.entry(f.name.clone()).or_default().push(i);
        }
        Self {
            fns: collector.fns,
            fields: collector.fields,
            by_name,
        }
    }

    fn named(&self, name: &str, method: bool) -> impl Iterator<Item = (usize, &FnDef)> {
        self.by_name
            .get(name)
            .into_iter()
            .flatten()
            .map(|&i| (i, &self.fns[i]))
            .filter(move |(_, f)| f.has_self == method)
    }

    fn field_types(&self, member: &syn::Member) -> &[Type] {
        match member {
            syn::Member::Named(ident) => self
                .fields
                .get(&ident.to_string())
                .map_or(&[], Vec::as_slice),
            syn::Member::Unnamed(_) => &[],
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Var {
    api: bool,
    client: bool,
    kube: Option<Ty>,
}

struct Analyzer<'a> {
    ctx: &'a Ctx,
    fun: &'a FnDef,
    vars: HashMap<String, Var>,
    needs: Vec<Need>,
    calls: Vec<CallSite>,
    /// Crate function names inside macros the scan cannot parse, with the macro.
    macro_words: Vec<(String, String)>,
    errors: Vec<String>,
}

/// Verbs of an `Api` method: `(subresource, verb)`; `None` for a method the
/// scanner does not know.
fn api_method_verbs(
    method: &str,
    args: &Punctuated<Expr, Token![,]>,
) -> Option<Vec<(Option<&'static str>, &'static str)>> {
    Some(match method {
        "get" | "get_opt" | "get_metadata" | "get_metadata_opt" => vec![(None, "get")],
        "list" | "list_metadata" => vec![(None, "list")],
        "watch" | "watch_metadata" => vec![(None, "watch")],
        "create" => vec![(None, "create")],
        "replace" => vec![(None, "update")],
        "patch" | "patch_metadata" => {
            // A server-side apply of a missing object creates it, and the API
            // server authorizes that as create too. Unknown patch type: assume apply.
            let kinds = patch_kinds(args);
            if kinds.is_empty() || kinds.contains("Apply") {
                vec![(None, "patch"), (None, "create")]
            } else {
                vec![(None, "patch")]
            }
        }
        "delete" => vec![(None, "delete")],
        "delete_collection" => vec![(None, "deletecollection")],
        "get_status" => vec![(Some("status"), "get")],
        "patch_status" => vec![(Some("status"), "patch")],
        "replace_status" => vec![(Some("status"), "update")],
        "get_scale" => vec![(Some("scale"), "get")],
        "patch_scale" => vec![(Some("scale"), "patch")],
        "replace_scale" => vec![(Some("scale"), "update")],
        // Entry::commit creates or replaces what `entry` read.
        "entry" => vec![(None, "get"), (None, "create"), (None, "update")],
        // Local accessors: no request.
        "resource_url" | "namespace" | "into_client" => vec![],
        _ => return None,
    })
}

/// `Apply`, `Merge`, `Json`, `Strategic` for each `Patch::X` in the arguments.
fn patch_kinds(args: &Punctuated<Expr, Token![,]>) -> BTreeSet<String> {
    struct Finder(BTreeSet<String>);
    impl<'ast> Visit<'ast> for Finder {
        fn visit_path(&mut self, path: &'ast syn::Path) {
            let segments = path_segments(path);
            for pair in segments.windows(2) {
                if pair[0] == "Patch" {
                    self.0.insert(pair[1].clone());
                }
            }
            syn::visit::visit_path(self, path);
        }
    }
    let mut finder = Finder(BTreeSet::new());
    for arg in args {
        finder.visit_expr(arg);
    }
    finder.0
}

/// `Client` methods that are discovery: allowed to every authenticated user.
const CLIENT_DISCOVERY: &[&str] = &[
    "list_api_group_resources",
    "list_api_groups",
    "list_core_api_versions",
    "list_core_api_resources",
    "apiserver_version",
];

impl<'a> Analyzer<'a> {
    fn new(ctx: &'a Ctx, fun: &'a FnDef) -> Self {
        let mut analyzer = Self {
            ctx,
            fun,
            vars: HashMap::new(),
            needs: Vec::new(),
            calls: Vec::new(),
            macro_words: Vec::new(),
            errors: Vec::new(),
        };
        for (name, ty) in &fun.params {
            if let Some(name) = name {
                let var = analyzer.var_of_type(ty);
                analyzer.vars.insert(name.clone(), var);
            }
        }
        analyzer
    }

    fn ty(&self, ident: String) -> Ty {
        if self.fun.generics.contains(&ident) {
            Ty::Param(ident)
        } else {
            Ty::Known(ident)
        }
    }

    fn var_of_type(&self, ty: &Type) -> Var {
        Var {
            api: is_named(ty, "Api"),
            client: is_named(ty, "Client"),
            kube: inner_ident(ty).map(|i| self.ty(i)),
        }
    }

    fn error(&mut self, message: impl std::fmt::Display) {
        self.errors.push(format!("{}: {message}", self.fun.site));
    }

    fn need(&mut self, ty: Option<Ty>, sub: Option<&'static str>, verb: &'static str) {
        match ty {
            Some(ty) => self.needs.push(Need {
                ty,
                sub,
                verb,
                site: self.fun.site.clone(),
            }),
            None => self.error(format!(
                "cannot tell the type of an Api used for `{verb}`: write `Api::<T>::...` or \
                 bind it with a typed `let api: Api<T> = ...`"
            )),
        }
    }

    /// `Some(type)` when `e` is an `Api` value (the type `None` when unknown).
    fn api_of(&self, e: &Expr) -> Option<Option<Ty>> {
        match e {
            Expr::Reference(r) => self.api_of(&r.expr),
            Expr::Paren(p) => self.api_of(&p.expr),
            Expr::Group(g) => self.api_of(&g.expr),
            Expr::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
                let var = self.vars.get(&p.path.segments[0].ident.to_string())?;
                var.api.then(|| var.kube.clone())
            }
            Expr::Field(f) => {
                let types = self.ctx.field_types(&f.member);
                let apis: Vec<&Type> = types.iter().filter(|t| is_named(t, "Api")).collect();
                if apis.is_empty() {
                    return None;
                }
                let kinds: BTreeSet<Option<String>> = apis.iter().map(|t| inner_ident(t)).collect();
                Some(match kinds.into_iter().collect::<Vec<_>>().as_slice() {
                    [Some(one)] => Some(self.ty(one.clone())),
                    _ => None,
                })
            }
            Expr::MethodCall(m) if m.method == "clone" && self.api_of(&m.receiver).is_some() => {
                self.api_of(&m.receiver)
            }
            Expr::Call(c) => {
                let Expr::Path(p) = &*c.func else { return None };
                let segments: Vec<&syn::PathSegment> = p.path.segments.iter().collect();
                // Api::<T>::namespaced(..), kube::Api::all(..)
                if segments.len() >= 2 && segments[segments.len() - 2].ident == "Api" {
                    let fish = turbofish_idents(&segments[segments.len() - 2].arguments);
                    return Some(fish.into_iter().next().flatten().map(|i| self.ty(i)));
                }
                // A crate function returning Api<..>: f::<T>(..) or f(..).
                let last = segments.last()?;
                self.returned_api(&last.ident.to_string(), false, &last.arguments)
            }
            Expr::MethodCall(m) => {
                let fish = m
                    .turbofish
                    .as_ref()
                    .map(|t| PathArguments::AngleBracketed(t.clone()))
                    .unwrap_or(PathArguments::None);
                self.returned_api(&m.method.to_string(), true, &fish)
            }
            _ => None,
        }
    }

    /// The Api a call of the crate function `name` returns, if it returns one:
    /// its `T` from the turbofish, else from the declared return type.
    fn returned_api(&self, name: &str, method: bool, fish: &PathArguments) -> Option<Option<Ty>> {
        let returning: Vec<&FnDef> = self
            .ctx
            .named(name, method)
            .map(|(_, f)| f)
            .filter(|f| f.returns_api)
            .collect();
        if returning.is_empty() {
            return None;
        }
        if let Some(t) = turbofish_idents(fish).into_iter().next().flatten() {
            return Some(Some(self.ty(t)));
        }
        let declared: BTreeSet<Option<&String>> = returning
            .iter()
            .map(|f| f.returned_api.as_ref().filter(|t| !f.generics.contains(t)))
            .collect();
        Some(match declared.into_iter().collect::<Vec<_>>().as_slice() {
            [Some(t)] => Some(Ty::Known((*t).clone())),
            _ => None,
        })
    }

    fn client_of(&self, e: &Expr) -> bool {
        match e {
            Expr::Reference(r) => self.client_of(&r.expr),
            Expr::Paren(p) => self.client_of(&p.expr),
            Expr::Path(p) if p.path.segments.len() == 1 => self
                .vars
                .get(&p.path.segments[0].ident.to_string())
                .is_some_and(|v| v.client),
            Expr::Field(f) => {
                let types = self.ctx.field_types(&f.member);
                !types.is_empty() && types.iter().all(|t| is_named(t, "Client"))
            }
            Expr::MethodCall(m) if m.method == "clone" => self.client_of(&m.receiver),
            _ => false,
        }
    }

    /// The kube type an expression carries, for resolving a generic call.
    fn kube_of(&self, e: &Expr) -> Option<Ty> {
        if let Some(api) = self.api_of(e) {
            return api;
        }
        match e {
            Expr::Reference(r) => self.kube_of(&r.expr),
            Expr::Paren(p) => self.kube_of(&p.expr),
            Expr::Group(g) => self.kube_of(&g.expr),
            Expr::MethodCall(m) if m.method == "clone" || m.method == "as_ref" => {
                self.kube_of(&m.receiver)
            }
            Expr::Path(p) if p.path.segments.len() == 1 => self
                .vars
                .get(&p.path.segments[0].ident.to_string())
                .and_then(|v| v.kube.clone()),
            Expr::Field(f) => {
                let kinds: BTreeSet<Option<String>> = self
                    .ctx
                    .field_types(&f.member)
                    .iter()
                    .map(inner_ident)
                    .collect();
                match kinds.into_iter().collect::<Vec<_>>().as_slice() {
                    [Some(one)] => Some(self.ty(one.clone())),
                    _ => None,
                }
            }
            Expr::Call(c) => {
                let Expr::Path(p) = &*c.func else { return None };
                let fish = turbofish_idents(&p.path.segments.last()?.arguments);
                fish.into_iter().next().flatten().map(|i| self.ty(i))
            }
            _ => None,
        }
    }

    /// Visits the parts of an `Api` expression that are not the `Api` itself
    /// (a constructor's arguments), after its use has been accounted for.
    fn consume_api(&mut self, e: &Expr) {
        match e {
            Expr::Reference(r) => self.consume_api(&r.expr),
            Expr::Paren(p) => self.consume_api(&p.expr),
            Expr::Group(g) => self.consume_api(&g.expr),
            Expr::MethodCall(m) => self.consume_api(&m.receiver),
            Expr::Call(c) => {
                for arg in &c.args {
                    self.visit_expr(arg);
                }
            }
            Expr::Field(f) => self.visit_expr(&f.base),
            _ => {}
        }
    }

    fn escape(&mut self, what: &str) {
        if self.fun.returns_api {
            // A helper that builds and returns an Api: its callers are followed.
            return;
        }
        self.error(format!(
            "an Api value ({what}) is used in a way the RBAC scan does not follow: call its \
             methods, pass it to watcher()/Controller, or to a crate function taking an Api<..> \
             parameter (or teach tests/deploy/rbac_scan.rs the new use)"
        ));
    }

    /// A call to a crate function, recorded so generic needs can resolve.
    fn record_call(
        &mut self,
        callee: &str,
        method: bool,
        fish: &PathArguments,
        args: &Punctuated<Expr, Token![,]>,
    ) {
        let candidates: Vec<&FnDef> = self.ctx.named(callee, method).map(|(_, f)| f).collect();
        for (i, arg) in args.iter().enumerate() {
            if self.api_of(arg).is_some() {
                let takes_api = candidates
                    .iter()
                    .any(|f| f.params.get(i).is_some_and(|(_, t)| is_named(t, "Api")));
                if takes_api {
                    self.consume_api(arg);
                } else {
                    self.escape(&format!("argument {} of {callee}()", i + 1));
                }
            } else {
                self.visit_expr(arg);
            }
        }
        let turbofish = turbofish_idents(fish)
            .into_iter()
            .map(|i| i.map(|i| self.ty(i)))
            .collect();
        let args = args.iter().map(|a| self.kube_of(a)).collect();
        self.calls.push(CallSite {
            callee: callee.to_owned(),
            method,
            turbofish,
            args,
            site: self.fun.site.clone(),
        });
    }

    fn bind(&mut self, pat: &Pat, var: Var) {
        if let Some(name) = pat_ident(pat) {
            self.vars.insert(name, var);
        }
    }
}

impl<'ast> Visit<'ast> for Analyzer<'_> {
    // Items nested in a body are functions of their own.
    fn visit_item(&mut self, _: &'ast syn::Item) {}

    fn visit_local(&mut self, local: &'ast syn::Local) {
        let declared = match &local.pat {
            Pat::Type(t) => Some(&*t.ty),
            _ => None,
        };
        if let Some(init) = &local.init {
            if let Some(api) = self.api_of(&init.expr) {
                self.consume_api(&init.expr);
                let kube = declared.and_then(inner_ident).map(|i| self.ty(i)).or(api);
                if pat_ident(&local.pat).is_none() {
                    self.escape("destructured by a let");
                }
                self.bind(
                    &local.pat,
                    Var {
                        api: true,
                        client: false,
                        kube,
                    },
                );
                if let Some((_, diverge)) = &init.diverge {
                    self.visit_expr(diverge);
                }
                return;
            }
            self.visit_expr(&init.expr);
            if let Some((_, diverge)) = &init.diverge {
                self.visit_expr(diverge);
            }
        }
        let var = match declared {
            Some(ty) => self.var_of_type(ty),
            None => match &local.init {
                Some(init) => Var {
                    api: false,
                    client: self.client_of(&init.expr),
                    kube: self.kube_of(&init.expr),
                },
                None => Var::default(),
            },
        };
        self.bind(&local.pat, var);
    }

    fn visit_expr_closure(&mut self, closure: &'ast syn::ExprClosure) {
        for input in &closure.inputs {
            if let Pat::Type(t) = input {
                let var = self.var_of_type(&t.ty);
                self.bind(&t.pat, var);
            }
        }
        self.visit_expr(&closure.body);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if let Ok(exprs) = mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated) {
            for e in &exprs {
                self.visit_expr(e);
            }
            return;
        }
        // Not a list of expressions (select!, tracing fields, json!...): the
        // scan cannot follow calls in it, so nothing it tracks may appear there.
        fn idents(stream: proc_macro2::TokenStream, out: &mut Vec<String>) {
            for tree in stream {
                match tree {
                    TokenTree::Ident(i) => out.push(i.to_string()),
                    TokenTree::Group(g) => idents(g.stream(), out),
                    _ => {}
                }
            }
        }
        let mut words = Vec::new();
        idents(mac.tokens.clone(), &mut words);
        let name = mac
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        for word in words {
            let tracked =
                word == "Api" || word == "Recorder" || self.vars.get(&word).is_some_and(|v| v.api);
            if tracked {
                self.error(format!(
                    "`{word}` appears inside `{name}!`, which the RBAC scan cannot parse: move \
                     the API call out of the macro"
                ));
            } else if self.ctx.by_name.contains_key(&word) {
                // Checked once generic needs are known: a call in here of a
                // generic function making API calls could not be resolved.
                self.macro_words.push((word, name.clone()));
            }
        }
    }

    fn visit_expr(&mut self, e: &'ast Expr) {
        match e {
            Expr::MethodCall(m) => {
                let method = m.method.to_string();
                if let Some(api) = self.api_of(&m.receiver) {
                    if method == "clone" {
                        self.escape("a clone of it");
                    } else {
                        match api_method_verbs(&method, &m.args) {
                            Some(verbs) => {
                                for (sub, verb) in verbs {
                                    self.need(api.clone(), sub, verb);
                                }
                            }
                            None => self.error(format!(
                                "calls Api::{method}, which the RBAC scan cannot map to verbs: \
                                 add it to api_method_verbs in tests/deploy/rbac_scan.rs"
                            )),
                        }
                    }
                    self.consume_api(&m.receiver);
                    for arg in &m.args {
                        self.visit_expr(arg);
                    }
                    return;
                }
                if self.api_of(e).is_some() {
                    self.escape(&format!("returned by {method}() and not used directly"));
                    self.visit_expr(&m.receiver);
                    for arg in &m.args {
                        self.visit_expr(arg);
                    }
                    return;
                }
                if self.client_of(&m.receiver) {
                    if method != "clone"
                        && method != "default_namespace"
                        && !CLIENT_DISCOVERY.contains(&method.as_str())
                    {
                        self.error(format!(
                            "calls Client::{method}: a raw request cannot be mapped to an RBAC \
                             resource; use a typed Api<T>"
                        ));
                    }
                    for arg in &m.args {
                        self.visit_expr(arg);
                    }
                    return;
                }
                if (method == "watches" || method == "owns")
                    && let Some(first) = m.args.first()
                    && let Some(api) = self.api_of(first)
                {
                    self.need(api.clone(), None, "list");
                    self.need(api, None, "watch");
                    self.consume_api(first);
                    self.visit_expr(&m.receiver);
                    for arg in m.args.iter().skip(1) {
                        self.visit_expr(arg);
                    }
                    return;
                }
                if self.ctx.named(&method, true).next().is_some() {
                    self.visit_expr(&m.receiver);
                    let fish = m
                        .turbofish
                        .as_ref()
                        .map(|t| PathArguments::AngleBracketed(t.clone()))
                        .unwrap_or(PathArguments::None);
                    self.record_call(&method, true, &fish, &m.args);
                    return;
                }
                syn::visit::visit_expr_method_call(self, m);
            }
            Expr::Call(c) => {
                let Expr::Path(p) = &*c.func else {
                    syn::visit::visit_expr_call(self, c);
                    return;
                };
                let segments = path_segments(&p.path);
                let last = segments.last().cloned().unwrap_or_default();
                let ends = |tail: &[&str]| {
                    segments.len() >= tail.len()
                        && segments[segments.len() - tail.len()..]
                            .iter()
                            .zip(tail)
                            .all(|(a, b)| a == b)
                };
                let watches = matches!(
                    last.as_str(),
                    "watcher" | "metadata_watcher" | "watch_object"
                ) || ends(&["Controller", "new"])
                    || ends(&["Controller", "new_with"]);
                if watches {
                    match c.args.first().map(|a| (a, self.api_of(a))) {
                        Some((first, Some(api))) => {
                            self.need(api.clone(), None, "list");
                            self.need(api, None, "watch");
                            self.consume_api(first);
                        }
                        _ => self.error(format!(
                            "`{}` of something the RBAC scan cannot tell is an Api<T>",
                            segments.join("::")
                        )),
                    }
                    for arg in c.args.iter().skip(1) {
                        self.visit_expr(arg);
                    }
                    return;
                }
                if ends(&["Recorder", "new"]) {
                    self.need(Some(Ty::Known("Recorder".into())), None, "create");
                    self.need(Some(Ty::Known("Recorder".into())), None, "patch");
                    for arg in &c.args {
                        self.visit_expr(arg);
                    }
                    return;
                }
                if self.api_of(e).is_some() {
                    self.escape("built and not used directly");
                    self.consume_api(e);
                    return;
                }
                if self.ctx.named(&last, false).next().is_some() {
                    let fish = p
                        .path
                        .segments
                        .last()
                        .map(|s| s.arguments.clone())
                        .unwrap_or(PathArguments::None);
                    self.record_call(&last, false, &fish, &c.args);
                    return;
                }
                syn::visit::visit_expr_call(self, c);
            }
            Expr::Path(p) => {
                if self.api_of(e).is_some() {
                    self.escape("a variable holding it");
                    return;
                }
                // A generic crate function named without being called (passed
                // as a value): its type parameters come from the turbofish.
                if let Some(last) = p.path.segments.last() {
                    let name = last.ident.to_string();
                    if self
                        .ctx
                        .named(&name, false)
                        .any(|(_, f)| f.generics.len() > f.impl_generics)
                    {
                        let turbofish = turbofish_idents(&last.arguments)
                            .into_iter()
                            .map(|i| i.map(|i| self.ty(i)))
                            .collect();
                        self.calls.push(CallSite {
                            callee: name,
                            method: false,
                            turbofish,
                            args: Vec::new(),
                            site: self.fun.site.clone(),
                        });
                    }
                }
            }
            Expr::Field(f) => {
                if self.api_of(e).is_some() {
                    self.escape("a struct field holding it");
                    return;
                }
                syn::visit::visit_expr_field(self, f);
            }
            Expr::Struct(s) => {
                for field in &s.fields {
                    let field_is_api = self
                        .ctx
                        .field_types(&field.member)
                        .iter()
                        .any(|t| is_named(t, "Api"));
                    if field_is_api && self.api_of(&field.expr).is_some() {
                        // Stored in an Api<T> field: its uses are followed there.
                        self.consume_api(&field.expr);
                    } else {
                        self.visit_expr(&field.expr);
                    }
                }
                if let Some(rest) = &s.rest {
                    self.visit_expr(rest);
                }
            }
            _ => syn::visit::visit_expr(self, e),
        }
    }
}

// ---------------------------------------------------------------------------
// Generic functions: resolve their type parameters at each call site.

fn resolve_generics(
    ctx: &Ctx,
    needs: &mut [Vec<Need>],
    calls: &[Vec<CallSite>],
    errors: &mut Vec<String>,
) {
    loop {
        let mut added = false;
        for (caller, sites) in calls.iter().enumerate() {
            for call in sites {
                let generic: Vec<(usize, &FnDef)> = ctx
                    .named(&call.callee, call.method)
                    .filter(|(i, _)| needs[*i].iter().any(|n| matches!(n.ty, Ty::Param(_))))
                    .collect();
                let (callee_index, callee) = match generic.as_slice() {
                    [] => continue,
                    [one] => *one,
                    many => {
                        errors.push(format!(
                            "{}: calls `{}`, and several generic functions of that name make \
                             API calls ({}); the RBAC scan cannot tell which",
                            call.site,
                            call.callee,
                            many.iter()
                                .map(|(_, f)| f.site.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ));
                        continue;
                    }
                };
                let generic_needs: Vec<Need> = needs[callee_index]
                    .iter()
                    .filter(|n| matches!(n.ty, Ty::Param(_)))
                    .cloned()
                    .collect();
                for need in generic_needs {
                    let Ty::Param(param) = &need.ty else {
                        continue;
                    };
                    let position = callee.generics.iter().position(|g| g == param);
                    let from_turbofish = position
                        .and_then(|p| p.checked_sub(callee.impl_generics))
                        .and_then(|p| call.turbofish.get(p).cloned().flatten());
                    let from_args = || {
                        callee
                            .params
                            .iter()
                            .zip(&call.args)
                            .find(|((_, ty), _)| inner_ident(ty).as_deref() == Some(param))
                            .and_then(|(_, arg)| arg.clone())
                    };
                    let Some(ty) = from_turbofish.or_else(from_args) else {
                        errors.push(format!(
                            "{}: calls {}, which makes API calls on its type parameter {param}, \
                             and the RBAC scan cannot tell what {param} is there: write \
                             `{}::<T>(..)`",
                            call.site, callee.site, call.callee
                        ));
                        continue;
                    };
                    let resolved = Need {
                        ty,
                        sub: need.sub,
                        verb: need.verb,
                        site: need.site.clone(),
                    };
                    if !needs[caller].contains(&resolved) {
                        needs[caller].push(resolved);
                        added = true;
                    }
                }
            }
        }
        if !added {
            break;
        }
    }
}
