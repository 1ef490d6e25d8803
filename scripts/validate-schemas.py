#!/usr/bin/env python3
"""Validates `watcherd process --show-alerts` output: article records against schemas/article.schema.json and
alert records against schemas/alert.schema.json.

Usage: scripts/validate-schemas.py WATCHERD_BINARY FILE...
Runs the binary over the files (seeds, fixtures) and checks every JSON line it prints; exits 1 on any violation.
"""
import json
import pathlib
import subprocess
import sys

import jsonschema

root = pathlib.Path(__file__).resolve().parent.parent
if len(sys.argv) < 3:
    sys.exit(__doc__)
def validator_for(name):
    schema = json.loads((root / "schemas" / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


validator = validator_for("article.schema.json")
alert_validator = validator_for("alert.schema.json")

run = subprocess.run([sys.argv[1], "process", "--show-alerts", *sys.argv[2:]], capture_output=True, text=True)
if run.returncode not in (0, 2):
    sys.exit(f"watcherd process failed with status {run.returncode}: {run.stderr}")
failures = 0
lines = []
alerts = 0
for line in run.stdout.splitlines():
    if not line.strip():
        continue
    record = json.loads(line)
    if "rule" in record and "snippet" in record:
        alerts += 1
        for error in alert_validator.iter_errors(record):
            failures += 1
            where = "/".join(str(p) for p in error.absolute_path) or "(alert)"
            print(f"alert {record.get('id')}: {where}: {error.message}", file=sys.stderr)
        continue
    lines.append(line)
    for error in validator.iter_errors(record):
        failures += 1
        where = "/".join(str(p) for p in error.absolute_path) or "(record)"
        print(f"{record.get('file', {}).get('name', '?')}: {where}: {error.message}", file=sys.stderr)
if len(lines) != len(sys.argv) - 2:
    sys.exit(f"expected {len(sys.argv) - 2} records, got {len(lines)}")
if failures:
    sys.exit(f"{failures} schema violation(s)")
if alerts == 0:
    sys.exit("no alert was raised: the alert schema was not exercised (do the seeds still raise alerts?)")
print(f"{len(lines)} records and {alerts} alerts valid against schemas/article.schema.json and schemas/alert.schema.json")
