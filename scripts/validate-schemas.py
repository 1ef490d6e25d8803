#!/usr/bin/env python3
"""Validates `watcherd process` records against schemas/article.schema.json.

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
schema = json.loads((root / "schemas" / "article.schema.json").read_text(encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)

run = subprocess.run([sys.argv[1], "process", *sys.argv[2:]], capture_output=True, text=True)
if run.returncode not in (0, 2):
    sys.exit(f"watcherd process failed with status {run.returncode}: {run.stderr}")
failures = 0
lines = [line for line in run.stdout.splitlines() if line.strip()]
for line in lines:
    record = json.loads(line)
    for error in validator.iter_errors(record):
        failures += 1
        where = "/".join(str(p) for p in error.absolute_path) or "(record)"
        print(f"{record.get('file', {}).get('name', '?')}: {where}: {error.message}", file=sys.stderr)
if len(lines) != len(sys.argv) - 2:
    sys.exit(f"expected {len(sys.argv) - 2} records, got {len(lines)}")
if failures:
    sys.exit(f"{failures} schema violation(s)")
print(f"{len(lines)} records valid against schemas/article.schema.json")
