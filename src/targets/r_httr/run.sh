# Runner of the r-httr target. Debian 12's curl for R (5.0.0) cannot send a multipart file
# under a name of its own (curl::form_file(name =) came in 5.0.1), so the samples are linted
# and run in a Debian 13 root with R 4.5, httr 1.4.7, curl 6.2 and lintr 3.2
# (runner/build-root builds it into APIGLOT_CACHE/r-trixie), in a private mount namespace
# with /proc mounted; the mounts end with the namespace. The sample runs as a user runs it,
# `Rscript sample.R`, with runner/profile.R as the user profile (R_PROFILE_USER: every
# warning an error). R's curl trusts the system's CA bundle and reads no variable, so
# APIGLOT_CA is bind-mounted over the root's bundle for the run.
source "$(dirname "$0")/../runner.sh"
root="${APIGLOT_R_ROOT:-$APIGLOT_CACHE/r-trixie}"
needs() {
  need_command unshare "apt-get install util-linux"
  need_command chroot "apt-get install coreutils"
  need_that "permission to unshare a mount namespace and chroot (run as root)" "run as root" \
    unshare --mount --propagation private true
  need_file "$root/.apiglot-ready" \
    "run src/targets/r_httr/runner/build-root as root (.ci/run does): a Debian 13 root with R, httr and lintr"
}
# The run's directory inside the root, made on first use and removed when the run ends.
inside=""
enter() {
  [ -n "$inside" ] && return
  inside=$(mktemp -d "$root/tmp/apiglot-XXXXXX")
  trap 'rm -rf "$inside"' EXIT
  cp -a . "$inside/"
  cp "$APIGLOT_TARGET_DIR/runner/profile.R" "$inside/.apiglot-profile.R"
}
# in_root TRUST SCRIPT: SCRIPT run by sh in the run's directory inside the root, in a UTF-8
# locale (R reads a script in the locale's encoding; samples are UTF-8).
in_root() {
  env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp LANG=C.UTF-8 \
    unshare --mount --propagation private sh -c '
      mount -t proc proc "$1/proc" \
        && { [ -z "$3" ] || mount --bind "$1$3" "$1/etc/ssl/certs/ca-certificates.crt"; } \
        && exec chroot "$1" /bin/sh -c "cd \"$4\" && $2"' \
    sh "$root" "$2" "$1" "/tmp/$(basename "$inside")"
}
# R compiles nothing: lintr (R's standard linter, its default linters) must find nothing in
# the sample's lines, then the sample is parsed as Rscript parses it. The line length linter
# is left out: a long string literal cannot be split in R without computing it, and calls
# are laid out in 80 columns otherwise. The lines are linted, not the file: a code block has
# no final newline, which the file would be blamed for.
compile() {
  enter
  in_root "" "Rscript -e 'code <- readLines(\"sample.R\", warn = FALSE, encoding = \"UTF-8\")' \
    -e 'lints <- lintr::lint(text = code, linters = lintr::linters_with_defaults(line_length_linter = NULL))' \
    -e 'if (length(lints) > 0) { print(lints); quit(status = 1) }' \
    && R_PROFILE_USER=.apiglot-profile.R Rscript -e 'invisible(parse(\"sample.R\", encoding = \"UTF-8\"))'"
}
send() {
  cp "$APIGLOT_CA" "$inside/.apiglot-ca.pem"
  in_root "/tmp/$(basename "$inside")/.apiglot-ca.pem" "R_PROFILE_USER=.apiglot-profile.R exec Rscript sample.R"
}
dispatch
