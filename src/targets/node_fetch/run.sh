# Runner of the node-fetch target: an ES module (for its top-level await) on Node 18 or later,
# whose global fetch it uses; a deprecation fails the run.
source "$(dirname "$0")/../runner.sh"
needs() {
  need_command node "apt-get install nodejs"
  need_that "Node 18 or later (a global fetch)" "install Node 18 or later" \
    node -e "process.exit(typeof fetch === 'function' ? 0 : 1)"
}
compile() { node --check sample.mjs; }
send() { exec node --throw-deprecation --trace-warnings sample.mjs; }
dispatch
