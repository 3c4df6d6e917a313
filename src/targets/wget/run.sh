# Runner of the wget target: bash runs the sample, linted first (bash -n, and ShellCheck's
# warnings and errors; its info and style notes flag the literal `$` and `\` of quoted data,
# which the sample means). Debian's wget is built with GnuTLS and reads no CA variable: the
# run gives it a startup file of its own (WGETRC, wget's documented setting) that names
# APIGLOT_CA as its CA certificate and an empty CA directory, so that it trusts that CA only,
# not the system store. The sample is not touched.
source "$(dirname "$0")/../runner.sh"
needs() {
  need_command wget "apt-get install wget"
  need_command bash "apt-get install bash"
  need_command shellcheck "apt-get install shellcheck"
}
compile() {
  bash -n sample.sh
  shellcheck --shell=bash --severity=warning sample.sh
}
send() {
  mkdir -p wget-trust/none
  printf 'ca_certificate = %s\nca_directory = %s\n' "$APIGLOT_CA" "$PWD/wget-trust/none" >wget-trust/wgetrc
  WGETRC="$PWD/wget-trust/wgetrc" exec bash sample.sh
}
dispatch
