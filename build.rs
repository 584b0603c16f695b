//! Makes the editor's front end (`web/dist`, built by `make web`) an input
//! of the build, so release builds embed the newest one. A missing
//! `web/dist` is created empty: the build succeeds and the server's `/`
//! then says how to build the front end.

fn main() {
    let dist = std::path::Path::new("web/dist");
    if !dist.exists() {
        std::fs::create_dir_all(dist).expect("create web/dist");
    }
    println!("cargo:rerun-if-changed=web/dist");
}
