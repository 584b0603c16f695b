# The project's two everyday commands: `make run` and `make test`.
.PHONY: run test lint web

# The main job without a cluster: the playground, the editor on the local
# scripts with the example Sessions to dry-run. It prints the URL and a token.
run: web
	cargo run --release -- playground

# Every check CI runs: formatting, lints, then all tests (unit, script
# fixtures, command line, CRD drift).
test: lint
	cargo test --all-targets

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings

# The editor's front end (web/dist), embedded by the next cargo build.
web:
	cd web && npm ci && npm run build
