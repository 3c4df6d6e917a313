# Runner of the go target (net/http): `go vet` first, so a sample it flags fails as one that
# does not build, then `go run`. Go trusts the CA SSL_CERT_FILE names.
source "$(dirname "$0")/../runner.sh"
needs() { need_command go "apt-get install golang-go"; }
compile() { go vet sample.go; }
send() { exec go run sample.go; }
dispatch
