# Runner of the php target (ext-curl): the sample is a script's statements, run as `php -r`
# runs them; curl trusts the CA `curl.cainfo` names.
source "$(dirname "$0")/../runner.sh"
needs() {
  need_command php "apt-get install php-cli"
  need_that "PHP's curl extension" "apt-get install php-curl" sh -c 'php -m | grep -qix curl'
}
send() { exec php -d "curl.cainfo=$APIGLOT_CA" -r "$(cat sample.php)"; }
dispatch
