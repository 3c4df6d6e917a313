#!/usr/bin/env bash
# Runs an R httr sample as a user does: `Rscript sample.R`, with Debian 12's R and httr,
# after lintr (R's standard linter, its default linters) finds nothing in it. The line length
# linter is left out: a long string literal cannot be split in R without computing it
# (paste0), and calls are laid out in 80 columns otherwise.
# What the run needs that is no part of the sample is in profile.R next to this file, loaded
# as the user profile (R_PROFILE_USER): trust APIGLOT_CA only, every warning an error, and a
# shim of curl 5.0.1's form_file(name =) on Debian's curl 5.0.0. The sample is not edited.
set -euo pipefail

# Samples are UTF-8 text: R reads a script in the locale's encoding.
export LANG=C.UTF-8 LC_ALL=C.UTF-8

lint() {
    Rscript -e 'lints <- lintr::lint("sample.R", linters = lintr::linters_with_defaults(line_length_linter = NULL))' \
        -e 'print(lints)' -e 'quit(status = length(lints) > 0)'
}

case "${1:-}" in
needs)
    missing=0
    if ! command -v Rscript >/dev/null 2>&1; then
        echo "R: apt-get install --no-install-recommends r-base-core"
        missing=1
    fi
    for package in httr lintr; do
        if ! Rscript -e "quit(status = !requireNamespace('$package', quietly = TRUE))" >/dev/null 2>&1; then
            echo "$package: apt-get install --no-install-recommends r-cran-$package"
            missing=1
        fi
    done
    exit "$missing"
    ;;
compile)
    # R has no compiler: the sample is linted and parsed, as Rscript does before running it.
    lint
    export R_PROFILE_USER="$APIGLOT_TARGET_DIR/profile.R"
    exec Rscript -e 'invisible(parse("sample.R", encoding = "UTF-8"))'
    ;;
send)
    lint
    export R_PROFILE_USER="$APIGLOT_TARGET_DIR/profile.R"
    exec Rscript sample.R
    ;;
*)
    echo "usage: bash run.sh needs|compile|send" >&2
    exit 2
    ;;
esac
