#!/usr/bin/env bash
# The steps of the apiglot GitHub Action (action.yml), one per mode; CI runs them on the
# example project (tests/testsuite/distribution.rs). Inputs come as environment variables,
# never spliced into the script, so no input can run a command.
#
#   run.sh install       # APIGLOT_VERSION; a release archive for this machine, else cargo install
#   run.sh build-check   # APIGLOT_ROOT
#   run.sh check         # APIGLOT_ROOT APIGLOT_PAGES APIGLOT_FAIL_ON APIGLOT_SARIF
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
root=${APIGLOT_ROOT:-.}

# The version this action was released with: the one in its Cargo.toml.
own_version() { sed -n 's/^version = "\(.*\)"$/\1/p' "$here/Cargo.toml" | head -1; }

# The Rust target triple of this machine, as release archives are named.
triple() {
  local arch os
  arch=$(uname -m)
  case "$arch" in arm64) arch=aarch64 ;; esac
  case "$(uname -s)" in
    Linux) os=unknown-linux-gnu ;;
    Darwin) os=apple-darwin ;;
    MINGW* | MSYS* | CYGWIN*) os=pc-windows-msvc ;;
    *) return 1 ;;
  esac
  echo "$arch-$os"
}

install() {
  local version=${APIGLOT_VERSION:-$(own_version)}
  local dir=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/apiglot-$version
  if command -v apiglot >/dev/null && [ "$(apiglot --version)" = "apiglot $version" ]; then
    echo "apiglot $version is installed: $(command -v apiglot)"
    return
  fi
  local base=${APIGLOT_RELEASES:-https://github.com/apiglot/apiglot/releases/download}
  local name archive
  if name=apiglot-$(triple) && archive=$(mktemp) &&
    curl --proto '=https,file' --tlsv1.2 -fsSL "$base/v$version/$name.tar.gz" -o "$archive" 2>/dev/null &&
    curl --proto '=https,file' --tlsv1.2 -fsSL "$base/v$version/$name.tar.gz.sha256" -o "$archive.sha256" 2>/dev/null; then
    # The checksum file names the archive; check the bytes we downloaded against it.
    echo "$(cut -d' ' -f1 "$archive.sha256")  $archive" | sha256sum --check --quiet
    mkdir -p "$dir"
    tar -xzf "$archive" -C "$dir" --strip-components=1 "$name/apiglot"
    rm -f "$archive" "$archive.sha256"
    echo "installed the release binary of apiglot $version for $(triple) into $dir"
  else
    rm -f "${archive:-}" "${archive:-}.sha256"
    echo "no release archive of apiglot $version for this machine: building it with cargo install"
    cargo install --locked --root "$dir" --path "$here"
    dir=$dir/bin
  fi
  if [ -n "${GITHUB_PATH:-}" ]; then echo "$dir" >>"$GITHUB_PATH"; fi
  "$dir/apiglot" --version
}

build_check() {
  apiglot build --check --root "$root"
}

check() {
  local pages=()
  # Pages are separated by blanks or new lines; a path with a blank is not supported.
  read -r -d '' -a pages <<<"${APIGLOT_PAGES:-}" || true
  if [ ${#pages[@]} -eq 0 ]; then
    echo "no pages to check" >&2
    return 2
  fi
  local fail_on=${APIGLOT_FAIL_ON:-semantic,security,broken,missing}
  if [ "${APIGLOT_SARIF:-false}" = true ]; then
    # The SARIF run reports; the annotated run below decides the step's result.
    apiglot check --root "$root" --fail-on "$fail_on" --format sarif -- "${pages[@]}" >apiglot.sarif || [ $? -eq 1 ]
  fi
  apiglot check --root "$root" --fail-on "$fail_on" --format github -- "${pages[@]}"
}

case "${1:-}" in
  install) install ;;
  build-check) build_check ;;
  check) check ;;
  *)
    echo "usage: run.sh install|build-check|check" >&2
    exit 2
    ;;
esac
