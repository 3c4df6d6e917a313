# Runner of the php-guzzle target: the sample's statements go after `<?php` as in a script,
# and the `vendor/autoload.php` it requires is Debian's autoloader for Guzzle 7
# (php-guzzlehttp-guzzle). Every notice and deprecation is shown, on stderr (the harness
# fails a run that shows one). curl trusts the CA `curl.cainfo` names.
source "$(dirname "$0")/../runner.sh"
autoload=/usr/share/php/GuzzleHttp/autoload.php
needs() {
  need_command php "apt-get install php-cli"
  need_that "PHP's curl extension" "apt-get install php-curl" sh -c 'php -m | grep -qix curl'
  need_file "$autoload" "apt-get install php-guzzlehttp-guzzle"
}
compile() {
  mkdir -p vendor
  printf "<?php\nrequire_once '%s';\n" "$autoload" >vendor/autoload.php
  { printf '<?php\n'; cat sample.php; } >main.php
  php -l main.php >/dev/null
}
send() {
  exec php -d "curl.cainfo=$APIGLOT_CA" -d error_reporting=-1 -d display_errors=stderr main.php
}
dispatch
