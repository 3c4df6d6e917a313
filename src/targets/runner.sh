# What every target's run.sh shares, sourced first: the mode it was called with, the checks
# of `needs`, running something once per test process, and the dispatch.
#
# The harness (tests/testsuite/run.rs) calls `bash run.sh MODE` in a fresh directory holding
# the sample as `sample.<extension>` and the files it uploads. MODE is `needs` (print one line
# per missing piece, `what: how to install`, and fail), `compile` (compile only) or `send`
# (compile, then run the sample: what it prints is what the harness reads). The environment:
# APIGLOT_CA (the PEM of the one CA to trust, also in CURL_CA_BUNDLE, SSL_CERT_FILE,
# REQUESTS_CA_BUNDLE and NODE_EXTRA_CA_CERTS), APIGLOT_JAVA_TRUSTSTORE (a PKCS12 store of it,
# password `apiglot`), APIGLOT_MONO_CONFIG (an XDG_CONFIG_HOME whose mono store holds it),
# APIGLOT_SCRATCH (shared by every run of one test process), APIGLOT_TARGET_DIR (the folder
# of run.sh) and APIGLOT_CACHE (~/.cache/apiglot-runtimes, kept between runs).
set -euo pipefail

mode="${1:-}"
missing=0

# need_command PROGRAM INSTALL: PROGRAM is on the PATH.
need_command() { command -v "$1" >/dev/null 2>&1 || { echo "$1: $2"; missing=1; }; }

# need_file PATH INSTALL: PATH exists.
need_file() { [ -e "$1" ] || { echo "$1: $2"; missing=1; }; }

# need_that WHAT INSTALL COMMAND...: COMMAND succeeds.
need_that() {
  local what=$1 install=$2
  shift 2
  "$@" >/dev/null 2>&1 || { echo "$what: $install"; missing=1; }
}

# once NAME COMMAND...: runs COMMAND for the first run of a test process that gets here,
# under a lock in APIGLOT_SCRATCH; the others wait for it. For what every run reuses.
once() {
  local name=$1
  shift
  (
    flock 9
    [ -e "$APIGLOT_SCRATCH/$name.done" ] || { "$@" && touch "$APIGLOT_SCRATCH/$name.done"; }
  ) 9>"$APIGLOT_SCRATCH/$name.lock"
}

# The default compile step: none (interpreted languages). A run.sh defines its own.
compile() { :; }

dispatch() {
  case "$mode" in
    needs)
      needs
      exit "$missing"
      ;;
    compile) compile ;;
    send)
      compile
      send
      ;;
    *)
      echo "usage: bash run.sh needs|compile|send" >&2
      exit 2
      ;;
  esac
}
