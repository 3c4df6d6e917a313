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

# For runtimes in a Debian root of their own (Swift, R: Debian 12 has none or too old a one).
# A run.sh sets `root` to the root's folder, then:
# enter: copies the run's directory into the root's /tmp, once; it is removed when the run ends.
inside=""
enter() {
  [ -n "$inside" ] && return
  inside=$(mktemp -d "$root/tmp/apiglot-XXXXXX")
  trap 'rm -rf "$inside"' EXIT
  cp -a . "$inside/"
}

# in_root TRUST SCRIPT: SCRIPT run by sh in the run's directory inside the root, in a private
# mount namespace with /proc mounted (toolchains find themselves through /proc/self/exe), in a
# UTF-8 locale, with a clean environment. With TRUST (a PEM file inside the root), that file
# is bind-mounted over the root's CA bundle, the one thing libcurl-based clients there read.
# The mounts end with the namespace, whatever happens to the run.
in_root() {
  env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp LANG=C.UTF-8 \
    unshare --mount --propagation private sh -c '
      mount -t proc proc "$1/proc" \
        && { [ -z "$3" ] || mount --bind "$1$3" "$1/etc/ssl/certs/ca-certificates.crt"; } \
        && exec chroot "$1" /bin/sh -c "cd \"$4\" && $2"' \
    sh "$root" "$2" "$1" "/tmp/$(basename "$inside")"
}

# need_root READY INSTALL: the checks of `needs` for a runtime in a Debian root.
need_root() {
  need_command unshare "apt-get install util-linux"
  need_command chroot "apt-get install coreutils"
  need_that "permission to unshare a mount namespace and chroot (run as root)" "run as root" \
    unshare --mount --propagation private true
  need_file "$1" "$2"
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
