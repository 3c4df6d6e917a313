# The harness's R profile (R_PROFILE_USER, set by ../run.sh), a setting of the run and no part
# of the sample: every warning is an error.
options(warn = 2)
