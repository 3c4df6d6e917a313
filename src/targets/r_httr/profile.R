# The harness's R profile (R_PROFILE_USER, set by run.sh): settings of the run, not of the
# sample. Trust only the CA the harness gives (R's curl package reads no CURL_CA_BUNDLE),
# make every warning an error, and give Debian 12's curl 5.0.0 the form_file(name =) of
# curl 5.0.1 and later.
options(warn = 2)
httr::set_config(httr::config(cainfo = Sys.getenv("APIGLOT_CA")))
if (!"name" %in% names(formals(curl::form_file))) local({
  # curl 5.0.0 sends a file under its own base name: a copy of the file under `name` in a
  # fresh folder is sent as later versions send the file with `name`.
  form_file <- curl::form_file
  utils::assignInNamespace("form_file", function(path, type = NULL, name = NULL) {
    if (!is.null(name)) {
      if (grepl("/", name, fixed = TRUE)) stop("the harness cannot send a file name holding '/' on curl 5.0.0")
      folder <- tempfile("form_file")
      dir.create(folder)
      copy <- file.path(folder, name)
      stopifnot(file.copy(path, copy))
      path <- copy
    }
    form_file(path, type)
  }, "curl")
})
