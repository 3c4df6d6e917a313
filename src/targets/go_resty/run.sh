# Runner of the go-resty target: Debian's resty v2 (2.6, golang-github-go-resty-resty-dev) is
# in GOPATH's layout without its `/v2`, so a GOPATH of the run's own links it under its
# import path, before Debian's (for golang.org/x/net). `go vet` first, then `go run`.
source "$(dirname "$0")/../runner.sh"
resty=/usr/share/gocode/src/github.com/go-resty/resty
needs() {
  need_command go "apt-get install golang-go"
  need_file "$resty/go.mod" "apt-get install golang-github-go-resty-resty-dev"
}
gopath() {
  if [ ! -e gopath/src/github.com/go-resty/resty/v2 ]; then
    mkdir -p gopath/src/github.com/go-resty/resty
    ln -s "$resty" gopath/src/github.com/go-resty/resty/v2
  fi
  export GO111MODULE=off GOPATH="$PWD/gopath:/usr/share/gocode"
}
compile() {
  gopath
  go vet sample.go
}
send() { exec go run sample.go; }
dispatch
