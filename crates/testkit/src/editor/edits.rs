//! Edits of the default scripts that the editor tests save, dry-run and
//! measure.

use std::collections::BTreeMap;

/// `scripts` with the first `from` of script `name` replaced by `to`.
pub fn edited(
    scripts: &BTreeMap<String, String>,
    name: &str,
    from: &str,
    to: &str,
) -> BTreeMap<String, String> {
    let mut scripts = scripts.clone();
    let source = scripts.get_mut(name).expect("the script exists");
    assert!(source.contains(from), "{name} contains {from:?}");
    *source = source.replacen(from, to, 1);
    scripts
}

/// The default scripts with the session image changed: every Deployment
/// changes and the reconcile fixtures fail.
pub fn image_changed(scripts: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    edited(
        scripts,
        "reconcile.rhai",
        "image: ctx.template.spec.baseImage,",
        "image: ctx.template.spec.baseImage + \"-pinned\",",
    )
}
