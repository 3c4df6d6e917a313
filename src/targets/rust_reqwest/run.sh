# Runner of the rust-reqwest target: the sample is the binary of one cargo project kept in
# APIGLOT_CACHE/rust-reqwest/project, whose Cargo.toml and Cargo.lock are runner.toml and
# runner.lock next to this script (reqwest 0.13 with native-tls, form and multipart; tokio).
# Its dependencies are built once into the target dir beside it (.ci/run does, before the
# suite: about 3 minutes on two busy cores) and every run after that compiles only the sample.
# Runs take turns (flock) to put their sample in the project as src/main.rs, unchanged, to
# lint it (clippy) and compile it with warnings as errors, and to copy the binary out; the
# binaries then run side by side. One project rather than one per run: cargo names a build
# after its package's path, so per-run projects would each leave a binary in the target dir.
# TLS is native-tls on the system's OpenSSL, which trusts SSL_CERT_FILE (APIGLOT_CA) and the
# system's CA directory (which holds neither the test CA nor the stranger's): checks stay on.
source "$(dirname "$0")/../runner.sh"
cache="$APIGLOT_CACHE/rust-reqwest"
needs() {
  need_command cargo "install Rust 1.85 or later with rustup (https://rustup.rs)"
  # reqwest 0.13 needs Rust 1.85 or later (Debian 12's rustc is 1.63).
  need_that "rustc 1.85 or later" "rustup update stable" \
    sh -c "rustc --version | awk '{ split(\$2, v, \".\"); exit !(v[1] > 1 || v[2] >= 85) }'"
  need_that "cargo clippy" "rustup component add clippy" cargo clippy --version
  need_command pkg-config "apt-get install pkg-config"
  need_that "OpenSSL's headers" "apt-get install libssl-dev" pkg-config --exists openssl
  need_command flock "apt-get install util-linux"
}
compile() {
  local here=$PWD
  mkdir -p "$cache/project/src"
  (
    flock 9
    cd "$cache/project"
    cmp -s "$APIGLOT_TARGET_DIR/runner.toml" Cargo.toml || cp "$APIGLOT_TARGET_DIR/runner.toml" Cargo.toml
    cmp -s "$APIGLOT_TARGET_DIR/runner.lock" Cargo.lock || cp "$APIGLOT_TARGET_DIR/runner.lock" Cargo.lock
    cp "$here/sample.rs" src/main.rs
    export CARGO_TARGET_DIR="$cache/target"
    # RUSTFLAGS reach the dependencies too, whose lints cargo caps: only the sample's count.
    export RUSTFLAGS="-D warnings"
    cargo clippy --locked --quiet -- -D warnings
    cargo build --locked --quiet
    cp "$CARGO_TARGET_DIR/debug/sample" "$here/sample-bin"
  ) 9>"$cache/lock"
}
send() { SSL_CERT_FILE="$APIGLOT_CA" exec ./sample-bin; }
dispatch
