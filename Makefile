# The project's two everyday commands: `make run` and `make test`.
.PHONY: run test lint

# The main job without a cluster: check the scripts, run their fixtures and
# dry-run reconcile on the example Firefox session.
run:
	cargo build --release
	target/release/streamspace-operator check scripts
	target/release/streamspace-operator test scripts
	target/release/streamspace-operator eval scripts --script reconcile \
		--session deploy/examples/session-firefox.yaml \
		--template deploy/examples/template-firefox.yaml

# Every check CI runs: formatting, lints, then all tests (unit, script
# fixtures, command line, CRD drift).
test: lint
	cargo test --all-targets

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
