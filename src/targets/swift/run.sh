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
  need_root "$root/.apiglot-ready" "run .ci/swift-root as root (.ci/run does): a Debian 13 root with swiftlang 6.0.3"
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
