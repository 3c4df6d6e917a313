# Runner of the httpie target: bash runs the sample, linted first (bash -n, and ShellCheck's
# warnings and errors; its info and style notes flag the literal `$` and `\` of quoted data,
# which the sample means). HTTPie's requests trusts the CA bundle REQUESTS_CA_BUNDLE names
# (APIGLOT_CA only). HTTPie reads its settings from HTTPIE_CONFIG_DIR: one of the run's own,
# with update checks off, so that no user config changes the request and no background
# process looks for a new release.
source "$(dirname "$0")/../runner.sh"
needs() {
  need_command http "apt-get install --no-install-recommends httpie"
  need_command bash "apt-get install bash"
  need_command shellcheck "apt-get install shellcheck"
}
compile() {
  bash -n sample.sh
  shellcheck --shell=bash --severity=warning sample.sh
}
send() {
  mkdir -p httpie-config
  printf '{"disable_update_warnings": true}\n' >httpie-config/config.json
  HTTPIE_CONFIG_DIR="$PWD/httpie-config" REQUESTS_CA_BUNDLE="$APIGLOT_CA" exec bash sample.sh
}
dispatch
