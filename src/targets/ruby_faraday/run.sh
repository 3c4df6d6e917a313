# Runner of the ruby-faraday target on Debian's Faraday 1.1 (ruby-faraday): the sample
# requires faraday-multipart, whose names runner/faraday/multipart.rb maps onto Faraday 1.1's
# own multipart classes. OpenSSL trusts the CA SSL_CERT_FILE names.
source "$(dirname "$0")/../runner.sh"
needs() {
  need_command ruby "apt-get install ruby"
  need_that "Ruby's faraday" "apt-get install ruby-faraday" ruby -e "require 'faraday'"
}
send() { exec ruby -I "$APIGLOT_TARGET_DIR/runner" sample.rb; }
dispatch
