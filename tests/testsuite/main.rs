//! apiglot's integration tests: one binary, one module per area, cases as data under
//! `tests/cases/`.

mod adopt;
mod browser;
mod build;
mod capture;
mod check;
mod check_site;
mod cli;
mod errors;
mod escaping;
mod exchange;
mod fuzz;
mod har;
mod helpers;
mod import;
mod incremental;
mod input;
mod messages;
mod output_safety;
mod prove;
mod published;
mod reports;
mod run;
mod serve;
mod site;
mod stream;
