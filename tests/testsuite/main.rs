//! apiglot's integration tests: one binary, one module per area, cases as data under
//! `tests/cases/`.

mod build;
mod check;
mod errors;
mod escaping;
mod har;
mod helpers;
mod prove;
mod published;
mod run;
