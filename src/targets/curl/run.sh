# Runner of the curl target: bash runs the sample; curl trusts the CA CURL_CA_BUNDLE names.
source "$(dirname "$0")/../runner.sh"
needs() {
  need_command curl "apt-get install curl"
  need_command bash "apt-get install bash"
}
compile() { bash -n sample.sh; }
send() { exec bash sample.sh; }
dispatch
