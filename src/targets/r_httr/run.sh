#!/usr/bin/env bash
# Runs an R httr sample as a user does: `Rscript sample.R`, with Debian 12's R and httr.
# What the run needs that is no part of the sample is in profile.R next to this file, loaded
# as the user profile (R_PROFILE_USER): trust APIGLOT_CA only, every warning an error, and a
# shim of curl 5.0.1's form_file(name =) on Debian's curl 5.0.0. The sample is not edited.
set -euo pipefail

profile() {
    export R_PROFILE_USER="$APIGLOT_TARGET_DIR/profile.R"
    # Samples are UTF-8 text: R reads a script in the locale's encoding.
    export LANG=C.UTF-8 LC_ALL=C.UTF-8
}

case "${1:-}" in
needs)
    if ! command -v Rscript >/dev/null 2>&1; then
        echo "R: apt-get install --no-install-recommends r-base-core r-cran-httr"
        exit 1
    fi
    if ! Rscript -e 'quit(status = !requireNamespace("httr", quietly = TRUE))' >/dev/null 2>&1; then
        echo "httr: apt-get install --no-install-recommends r-cran-httr"
        exit 1
    fi
    ;;
compile)
    # R has no compiler: the sample is parsed, as Rscript does before running it.
    profile
    exec Rscript -e 'invisible(parse("sample.R", encoding = "UTF-8"))'
    ;;
send)
    profile
    exec Rscript sample.R
    ;;
*)
    echo "usage: bash run.sh needs|compile|send" >&2
    exit 2
    ;;
esac
