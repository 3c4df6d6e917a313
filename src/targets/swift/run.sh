# Runner of the swift target: Debian 12 has no Swift, so the sample compiles with
# `swiftc -warnings-as-errors` and runs in a Debian 13 root with swiftlang 6.0.3 (.ci/swift-root
# builds it into APIGLOT_CACHE/swift-trixie), in a private mount namespace with /proc mounted
# (swiftc finds its toolchain through /proc/self/exe); the mounts end with the namespace.
# After the sample come the statements that wait for its task and its completion handler, as
# an app's run loop would. FoundationNetworking reads no CA setting of its own and libcurl no
# variable, so APIGLOT_CA is bind-mounted over the root's CA bundle for the run.
source "$(dirname "$0")/../runner.sh"
root="${APIGLOT_SWIFT_ROOT:-$APIGLOT_CACHE/swift-trixie}"
needs() {
  need_command unshare "apt-get install util-linux"
  need_command chroot "apt-get install coreutils"
  need_that "permission to unshare a mount namespace and chroot (run as root)" "run as root" \
    unshare --mount --propagation private true
  need_file "$root/.apiglot-ready" "run .ci/swift-root as root (.ci/run does): a Debian 13 root with swiftlang 6.0.3"
}
# The run's directory inside the root, made on first use and removed when the run ends.
inside=""
enter() {
  [ -n "$inside" ] && return
  inside=$(mktemp -d "$root/tmp/apiglot-XXXXXX")
  trap 'rm -rf "$inside"' EXIT
  cp -a . "$inside/"
}
# in_root TRUST SCRIPT: SCRIPT run by sh in the run's directory inside the root.
in_root() {
  env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp LANG=C.UTF-8 \
    unshare --mount --propagation private sh -c '
      mount -t proc proc "$1/proc" \
        && { [ -z "$3" ] || mount --bind "$1$3" "$1/etc/ssl/certs/ca-certificates.crt"; } \
        && exec chroot "$1" /bin/sh -c "cd \"$4\" && $2"' \
    sh "$root" "$2" "$1" "/tmp/$(basename "$inside")"
}
compile() {
  enter
  {
    cat sample.swift
    printf '\nwhile dataTask.state != .completed {\n  Thread.sleep(forTimeInterval: 0.01)\n}\n'
    printf 'URLSession.shared.delegateQueue.waitUntilAllOperationsAreFinished()\n'
  } >"$inside/main.swift"
  in_root "" "swiftc -warnings-as-errors -o sample main.swift"
}
send() {
  cp "$APIGLOT_CA" "$inside/ca.pem"
  in_root "/tmp/$(basename "$inside")/ca.pem" "exec ./sample"
}
dispatch
