# syntax=docker/dockerfile:1
#
# streamspace-operator image:
#   docker build -t ghcr.io/streamspace-dev/streamspace-operator:0.1.0 \
#     --build-arg REVISION="$(git rev-parse HEAD)" .
# (the registry path is a placeholder: deploy/base/deployment.yaml names the
# same one; push to yours and change both, or override the image with kustomize).
# Multi-arch builds, reproducibility and re-pinning the base images:
# deploy/README.md, "The image". tests/image.rs checks this file.
#
# Three stages: the editor's front end (web/ -> web/dist), the release binary
# (which embeds web/dist), and a minimal runtime image running as non-root.
# Every base image is pinned by digest (the tag is kept for readers).

# --- 1. The web editor's assets -------------------------------------------
# Built once on the build machine's platform: the output (JS, CSS, fonts) is
# the same for every target, so a multi-arch build does not emulate npm.
FROM --platform=$BUILDPLATFORM node:20-bookworm-slim@sha256:2cf067cfed83d5ea958367df9f966191a942351a2df77d6f0193e162b5febfc0 AS web
WORKDIR /src/web
# Dependencies first, so they are cached until package*.json change.
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build && test -f dist/index.html

# --- 2. The release binary -------------------------------------------------
# Built on the target platform (a native builder or QEMU emulation): ring
# compiles C, so cross-compiling would need a C toolchain per target.
# Cargo.toml's rust-version is the minimum; this is the toolchain CI uses.
FROM rust:1.95-bookworm@sha256:6258907abe69656e41cd992e0b705cdcfabcbbe3db374f92ed2d47121282d4a1 AS build
# One target/ cache per platform, so a multi-arch build's platforms do not
# wait on each other's cargo lock.
ARG TARGETPLATFORM
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
# benches/ is declared in Cargo.toml ([[bench]]), so the manifest needs it;
# crates/ holds the workspace's test-support crate, which the manifest names.
COPY benches/ benches/
COPY crates/ crates/
COPY src/ src/
# Release builds embed web/dist (rust-embed; build.rs makes it a build input):
# it must be in place before cargo runs.
COPY --from=web /src/web/dist/ web/dist/
# --locked: exactly the dependency versions of Cargo.lock, or fail.
RUN --mount=type=cache,id=cargo-registry,target=/usr/local/cargo/registry \
    --mount=type=cache,id=cargo-target-$TARGETPLATFORM,target=/src/target \
    cargo build --release --locked --bin streamspace-operator \
 && install -D -m 0755 target/release/streamspace-operator /out/streamspace-operator

# --- 3. Runtime ------------------------------------------------------------
# glibc + libgcc + CA certificates, no shell, no package manager; the
# `nonroot` variant's user is uid/gid 65532, set below by number so that
# Kubernetes' runAsNonRoot can verify it (deploy/base/deployment.yaml pins the
# same).
FROM gcr.io/distroless/cc-debian12:nonroot@sha256:9dac0a79194e45a7da0158a9c6da57b217585af0786db3845d1f0ec1a0dd182f
# The commit built: --build-arg REVISION="$(git rev-parse HEAD)".
ARG REVISION=unknown
# No org.opencontainers.image.created: a build time would make every build
# differ; buildx sets the image config's creation time from SOURCE_DATE_EPOCH.
LABEL org.opencontainers.image.title="streamspace-operator" \
      org.opencontainers.image.description="Kubernetes operator for StreamSpace Sessions and Templates whose policy lives in hot-reloaded Rhai scripts" \
      org.opencontainers.image.version="0.1.0" \
      org.opencontainers.image.revision="$REVISION" \
      org.opencontainers.image.source="https://github.com/streamspace-dev/streamspace-operator" \
      org.opencontainers.image.url="https://github.com/streamspace-dev/streamspace-operator" \
      org.opencontainers.image.documentation="https://github.com/streamspace-dev/streamspace-operator/blob/main/deploy/README.md" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.vendor="StreamSpace"
COPY --from=build /out/streamspace-operator /usr/local/bin/streamspace-operator
USER 65532:65532
# 8080: HTTP (editor, API, metrics, health); 8443: the admission webhook (HTTPS).
EXPOSE 8080 8443
ENTRYPOINT ["/usr/local/bin/streamspace-operator"]
CMD ["run"]
