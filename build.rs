//! Makes the editor's front end (`web/dist`, built by `make web`) an input
//! of the build, so release builds embed the newest one. A missing
//! `web/dist` is created empty: the build succeeds, says loudly that the
//! binary has no editor, and the server's `/` then says how to build it.

fn main() {
    let dist = std::path::Path::new("web/dist");
    if !dist.exists() {
        std::fs::create_dir_all(dist).expect("create web/dist");
    }
    if !dist.join("index.html").exists() {
        println!(
            "cargo:warning=web/dist has no index.html: this binary serves no editor (its / answers \
             503). Build the front end first (make web, or cd web && npm ci && npm run build), \
             then build again."
        );
    }
    println!("cargo:rerun-if-changed=web/dist");
}
