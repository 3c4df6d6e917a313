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
  need_root "$root/.apiglot-ready" \
    "run src/targets/r_httr/runner/build-root as root (.ci/run does): a Debian 13 root with R, httr and lintr"
}
# R reads a script in the locale's encoding (in_root's is UTF-8, as samples are); the run's
# profile makes every warning an error.
profile() {
  enter
  cp "$APIGLOT_TARGET_DIR/runner/profile.R" "$inside/.apiglot-profile.R"
}
# R compiles nothing: lintr (R's standard linter, its default linters) must find nothing in
# the sample's lines, then the sample is parsed as Rscript parses it. The line length linter
# is left out: a long string literal cannot be split in R without computing it, and calls
# are laid out in 80 columns otherwise. The lines are linted, not the file: a code block has
# no final newline, which the file would be blamed for.
compile() {
  profile
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
