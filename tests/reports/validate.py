"""Validates apiglot's machine-readable reports with real consumers (run by tests/testsuite/reports.rs).

sarif SCHEMA FILE: validate FILE against the SARIF 2.1.0 JSON schema (jsonschema's Draft 4
validator, the schema's own draft); print `valid N` with N results, or every error.
junit FILE: read FILE with junitparser; print one line per test case: `name|classname|failures|
failure types|has system-out`, then the suite's counts, then junitparser's recount of them.
"""
import json
import sys


def sarif(schema_path, path):
    import jsonschema

    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    with open(path, encoding="utf-8") as f:
        log = json.load(f)
    validator = jsonschema.Draft4Validator(schema)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    for error in errors:
        print("invalid at /%s: %s" % ("/".join(map(str, error.absolute_path)), error.message))
    if errors:
        sys.exit(1)
    print("valid %d" % sum(len(run.get("results", [])) for run in log["runs"]))


def junit(path):
    from junitparser import Failure, JUnitXml

    xml = JUnitXml.fromfile(path)
    suites = list(xml)
    print("suites %d" % len(suites))
    for suite in suites:
        for case in suite:
            failures = [r for r in case.result if isinstance(r, Failure)]
            types = ",".join(f.type for f in failures)
            out = "out" if case.system_out else "-"
            print("%s|%s|%d|%s|%s" % (case.name, case.classname, len(failures), types, out))
        print("counts %s %s %s" % (suite.tests, suite.failures, suite.errors))
        suite.update_statistics()
        print("recount %s %s %s" % (suite.tests, suite.failures, suite.errors))


if __name__ == "__main__":
    if sys.argv[1] == "sarif":
        sarif(sys.argv[2], sys.argv[3])
    else:
        junit(sys.argv[2])
