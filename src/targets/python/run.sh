# Runner of the python target (http.client): python3 runs the sample; ssl trusts the CA
# SSL_CERT_FILE names.
source "$(dirname "$0")/../runner.sh"
needs() { need_command python3 "apt-get install python3"; }
send() { exec python3 sample.py; }
dispatch
