#!/usr/bin/env bash
# The test harness's runner of wget samples (tests/testsuite/run.rs calls `bash run.sh MODE` in
# a directory holding sample.sh and the files it uploads). Debian's wget is built with GnuTLS,
# which reads no CA variable: the run gives wget a startup file of its own (WGETRC, wget's
# documented setting) naming APIGLOT_CA as its CA certificate and an empty CA directory, so
# that it trusts that CA only, not the system store. The sample is not touched.
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
  for tool in bash wget shellcheck; do
    if ! command -v "$tool" >/dev/null; then
      echo "$tool: apt-get install --no-install-recommends bash wget shellcheck"
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
  trust=$(mktemp -d)
  mkdir "$trust/none"
  printf 'ca_certificate = %s\nca_directory = %s\n' "$APIGLOT_CA" "$trust/none" >"$trust/wgetrc"
  WGETRC="$trust/wgetrc" bash sample.sh
  status=$?
  rm -rf "$trust"
  exit "$status"
  ;;
*)
  echo "usage: bash run.sh needs|compile|send" >&2
  exit 2
  ;;
esac
