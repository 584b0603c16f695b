# syntax=docker/dockerfile:1
#
# streamspace-operator image:
#   docker build -t ghcr.io/streamspace-dev/streamspace-operator:0.1.0 .
# (the registry path is a placeholder: deploy/deployment.yaml names the same
# one; push to yours and change both, or override the image with kustomize).
#
# Three stages: the editor's front end (web/ -> web/dist), the release binary
# (which embeds web/dist), and a minimal runtime image running as non-root.

# --- 1. The web editor's assets -------------------------------------------
FROM node:20-bookworm-slim AS web
WORKDIR /src/web
# Dependencies first, so they are cached until package*.json change.
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build && test -f dist/index.html

# --- 2. The release binary -------------------------------------------------
# Cargo.toml's rust-version is the minimum; this is the toolchain CI uses.
FROM rust:1.95-bookworm AS build
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
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin streamspace-operator \
 && install -D -m 0755 target/release/streamspace-operator /out/streamspace-operator

# --- 3. Runtime ------------------------------------------------------------
# glibc + libgcc + CA certificates, no shell, no package manager; the
# `nonroot` variant runs as uid/gid 65532 (deploy/deployment.yaml pins the same).
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /out/streamspace-operator /usr/local/bin/streamspace-operator
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/streamspace-operator"]
CMD ["run"]
