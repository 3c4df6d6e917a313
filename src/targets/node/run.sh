# Runner of the node target (axios, installed by .ci/run into APIGLOT_CACHE/node_modules);
# Node trusts the CA NODE_EXTRA_CA_CERTS names.
source "$(dirname "$0")/../runner.sh"
export NODE_PATH="${APIGLOT_NODE_MODULES:-$APIGLOT_CACHE/node_modules}"
needs() {
  need_command node "apt-get install nodejs"
  need_file "$NODE_PATH/axios/package.json" "npm install axios@1 (.ci/run does)"
}
compile() { node --check sample.js; }
send() { exec node sample.js; }
dispatch
