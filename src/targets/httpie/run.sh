#!/usr/bin/env bash
# The test harness's runner of HTTPie samples (tests/testsuite/run.rs calls `bash run.sh MODE`
# in a directory holding sample.sh and the files it uploads). HTTPie's requests trusts the CA
# bundle REQUESTS_CA_BUNDLE names (the harness sets it to APIGLOT_CA: that CA only). HTTPie
# reads its settings from HTTPIE_CONFIG_DIR: a directory of the run's own, with update checks
# off, so that no user config changes the request and no daemon goes looking for a release.
set -u

# bash parses the sample, and ShellCheck (the shell's standard lint) finds no warning or
# error in it. Its info and style notes are left out: they flag the literal `$` and `\` of
# quoted data, which the sample means.
lint() {
  bash -n sample.sh && shellcheck --shell=bash --severity=warning sample.sh
}

case "${1:-}" in
needs)
  missing=0
  for tool in bash http shellcheck; do
    if ! command -v "$tool" >/dev/null; then
      echo "$tool: apt-get install --no-install-recommends bash httpie shellcheck"
      missing=1
    fi
  done
  exit "$missing"
  ;;
compile)
  lint
  ;;
send)
  lint || exit 1
  config=$(mktemp -d)
  printf '{"disable_update_warnings": true}\n' >"$config/config.json"
  HTTPIE_CONFIG_DIR="$config" REQUESTS_CA_BUNDLE="$APIGLOT_CA" bash sample.sh
  status=$?
  rm -rf "$config"
  exit "$status"
  ;;
*)
  echo "usage: bash run.sh needs|compile|send" >&2
  exit 2
  ;;
esac
