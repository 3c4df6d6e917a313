# Runner of the ruby target (Net::HTTP); OpenSSL trusts the CA SSL_CERT_FILE names.
source "$(dirname "$0")/../runner.sh"
needs() { need_command ruby "apt-get install ruby"; }
compile() { ruby -c sample.rb >/dev/null; }
send() { exec ruby sample.rb; }
dispatch
