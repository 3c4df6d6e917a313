# Runner of rust-reqwest samples (bash run.sh needs|compile|send; see the README's runner
# contract). The sample is the binary of one cargo project kept in
# $APIGLOT_CACHE/rust-reqwest/project, whose Cargo.toml and Cargo.lock are runner.toml and
# runner.lock next to this script (reqwest 0.13 with native-tls, form and multipart; tokio):
# its dependencies are built once, by the first run, into the target dir beside it, and every
# run after that compiles only the sample. Runs take turns (flock) to put their sample in the
# project as src/main.rs, unchanged, to lint it with clippy and to compile it, warnings as
# errors, and copy the binary out; the binaries then run side by side. One project rather than
# one per run: cargo names a package's build after its path, so per-run projects would leave
# one binary each in the shared target dir.
# TLS is native-tls on the system's OpenSSL: it trusts SSL_CERT_FILE (APIGLOT_CA) and the
# system's CA directory, which holds neither the test CA nor the stranger's; checks stay on.
set -euo pipefail

mode="${1:?usage: run.sh needs|compile|send}"
here="$(pwd)"
support="${APIGLOT_TARGET_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}"
cache="${APIGLOT_CACHE:-$HOME/.cache/apiglot-runtimes}/rust-reqwest"

if [ "$mode" = needs ]; then
  missing=0
  # reqwest 0.13 needs Rust 1.85 or later (Debian 12's rustc is 1.63).
  if ! rustc --version 2>/dev/null | awk '{ split($2, v, "."); exit !(v[1] > 1 || v[2] >= 85) }'; then
    echo "rustc 1.85 or later: install Rust with rustup (https://rustup.rs)"
    missing=1
  fi
  cargo clippy --version >/dev/null 2>&1 || { echo "cargo clippy: rustup component add clippy"; missing=1; }
  command -v pkg-config >/dev/null || { echo "pkg-config: apt-get install pkg-config"; missing=1; }
  pkg-config --exists openssl 2>/dev/null || { echo "OpenSSL headers: apt-get install libssl-dev"; missing=1; }
  command -v flock >/dev/null || { echo "flock: apt-get install util-linux"; missing=1; }
  exit "$missing"
fi

mkdir -p "$cache/project/src"
(
  flock 9
  cd "$cache/project"
  cmp -s "$support/runner.toml" Cargo.toml || cp "$support/runner.toml" Cargo.toml
  cmp -s "$support/runner.lock" Cargo.lock || cp "$support/runner.lock" Cargo.lock
  cp "$here/sample.rs" src/main.rs
  export CARGO_TARGET_DIR="$cache/target"
  # RUSTFLAGS reach the dependencies too, where cargo caps lints: only the sample's count.
  export RUSTFLAGS="-D warnings"
  cargo clippy --locked --quiet -- -D warnings
  cargo build --locked --quiet
  cp "$CARGO_TARGET_DIR/debug/sample" "$here/sample-bin"
) 9>"$cache/lock"

if [ "$mode" = compile ]; then
  exit 0
fi
export SSL_CERT_FILE="${APIGLOT_CA:?APIGLOT_CA names the CA to trust}"
exec "$here/sample-bin"
