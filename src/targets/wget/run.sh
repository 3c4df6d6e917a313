#!/usr/bin/env bash
# The test harness's runner of wget samples (tests/testsuite/run.rs calls `bash run.sh MODE` in
# a directory holding sample.sh and the files it uploads). Debian's wget is built with GnuTLS,
# which reads no CA variable: the run gives wget a startup file of its own (WGETRC, wget's
# documented setting) naming APIGLOT_CA as its CA certificate and an empty CA directory, so
# that it trusts that CA only, not the system store. The sample is not touched.
set -u
case "${1:-}" in
needs)
  missing=0
  for tool in bash wget; do
    if ! command -v "$tool" >/dev/null; then
      echo "$tool: apt-get install --no-install-recommends bash wget"
      missing=1
    fi
  done
  exit "$missing"
  ;;
compile)
  exec bash -n sample.sh
  ;;
send)
  bash -n sample.sh || exit 1
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
