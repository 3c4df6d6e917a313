# Runner of the python-requests target: Debian's python3 (/usr/bin/python3), which imports Debian's
# python3-requests (a python3 earlier on the PATH, such as pyenv's, need not). Warnings are errors.
# requests trusts the CA REQUESTS_CA_BUNDLE names, httpx the one SSL_CERT_FILE names.
source "$(dirname "$0")/../runner.sh"
needs() { need_that "/usr/bin/python3's requests module" "apt-get install python3-requests" /usr/bin/python3 -c "import requests"; }
send() { exec /usr/bin/python3 -W error -X dev sample.py; }
dispatch
