#!/usr/bin/env python3
"""Checks that the documentation under docs/ names every configuration key, command-line flag and record field.

    scripts/check-docs.py BINARY

The lists come from the code, not from a list kept here, so a key, flag or field added later fails this check
until it is documented:
  * configuration and rule keys: the key sets and `members(allowed: [...])` literals of the configuration loader
    (Sources/Watcher/Config/*.swift) and the rule loader (Sources/Watcher/Alerts/RuleLoader.swift);
  * flags: each subcommand's `--help` output of the built binary (subcommands from `watcherd --help`);
  * record fields: every property name in schemas/*.schema.json.
A key or field counts as documented when it appears in backticks in a page of docs/ (alone, or as the last part of a
dotted path such as `alerts.hook.timeout_s` or `.retries`); a flag when `--flag` appears in docs/ followed by a
non-word character, and a subcommand when `watcherd NAME` does. Relative links in README.md and docs/ must name files
that exist.
"""
import glob
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def docs_text():
    pages = sorted(glob.glob(os.path.join(ROOT, "docs", "*.md")))
    if not pages:
        sys.exit("check-docs: FAIL: no pages in docs/")
    return "\n".join(open(p, encoding="utf-8").read() for p in pages)


def backticked(text):
    """Every name that appears in backticks, with each dotted path's parts."""
    names = set()
    for span in re.findall(r"`([^`\n]+)`", text):
        for token in re.split(r"[\s,:=\[\]{}()|/]+", span):
            token = token.strip(".\"'?")
            if not token:
                continue
            names.add(token)
            names.update(part for part in token.split(".") if part)
    return names


def statement_after(source, start):
    """The text from `start` to the bracket that closes the first `[` after it, plus the rest of that line."""
    open_at = source.index("[", start)
    depth = 0
    for i in range(open_at, len(source)):
        if source[i] == "[":
            depth += 1
        elif source[i] == "]":
            depth -= 1
            if depth == 0:
                end = source.find("\n", i)
                return source[start:end if end >= 0 else len(source)]
    return source[start:]


def config_keys():
    files = sorted(glob.glob(os.path.join(ROOT, "Sources/Watcher/Config/*.swift")))
    files.append(os.path.join(ROOT, "Sources/Watcher/Alerts/RuleLoader.swift"))
    keys = {}
    for path in files:
        source = open(path, encoding="utf-8").read()
        starts = [m.end() for m in re.finditer(r"static let \w*[Kk]eys\s*:\s*Set<String>\s*=", source)]
        starts += [m.start() for m in re.finditer(r"members\(allowed:\s*\[", source)]
        for start in starts:
            for key in re.findall(r'"([a-z_][a-z0-9_]*)"', statement_after(source, start)):
                keys.setdefault(key, os.path.relpath(path, ROOT))
    if len(keys) < 20:
        sys.exit(f"check-docs: FAIL: found only {len(keys)} configuration keys in the loaders; has the code moved?")
    return keys


def flags(binary):
    def help_of(args):
        out = subprocess.run([binary, *args, "--help"], capture_output=True, text=True, timeout=60)
        if out.returncode != 0:
            sys.exit(f"check-docs: FAIL: {binary} {' '.join(args)} --help exited {out.returncode}: {out.stderr}")
        return out.stdout

    top = help_of([])
    section = top.split("SUBCOMMANDS:", 1)
    if len(section) != 2:
        sys.exit("check-docs: FAIL: no SUBCOMMANDS in watcherd --help")
    subcommands = re.findall(r"^\s{2}([a-z][a-z0-9-]+)\b", section[1], re.M)
    found = {}
    for flag in re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", top):
        found.setdefault(flag, "watcherd")
    for sub in subcommands:
        for flag in re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", help_of([sub])):
            found.setdefault(flag, f"watcherd {sub}")
    if len(subcommands) < 5 or len(found) < 10:
        sys.exit(f"check-docs: FAIL: read only {len(subcommands)} subcommands and {len(found)} flags from {binary} --help")
    return subcommands, found


def record_fields():
    fields = {}

    def walk(node, schema):
        if isinstance(node, dict):
            for name, value in node.items():
                if name == "properties" and isinstance(value, dict):
                    for field in value:
                        fields.setdefault(field, schema)
                walk(value, schema)
        elif isinstance(node, list):
            for item in node:
                walk(item, schema)

    for path in sorted(glob.glob(os.path.join(ROOT, "schemas", "*.schema.json"))):
        walk(json.load(open(path, encoding="utf-8")), os.path.basename(path))
    if len(fields) < 20:
        sys.exit(f"check-docs: FAIL: found only {len(fields)} fields in schemas/")
    return fields


def broken_links():
    """Relative links of README.md and docs/*.md whose file is missing (anchors are not checked)."""
    broken = []
    for page in [os.path.join(ROOT, "README.md")] + sorted(glob.glob(os.path.join(ROOT, "docs", "*.md"))):
        text = open(page, encoding="utf-8").read()
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            path = os.path.normpath(os.path.join(os.path.dirname(page), target.split("#", 1)[0]))
            if not os.path.exists(path):
                broken.append(f"{os.path.relpath(page, ROOT)} → {target}")
    return broken


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = sys.argv[1]
    text = docs_text()
    names = backticked(text)
    missing = []
    keys = config_keys()
    for key, origin in sorted(keys.items()):
        if key not in names:
            missing.append(f"configuration key `{key}` (from {origin})")
    subcommands, all_flags = flags(binary)
    for sub in subcommands:
        if sub != "help" and not re.search(rf"watcherd {re.escape(sub)}(?![\w-])", text):
            missing.append(f"subcommand `watcherd {sub}`")
    for flag, origin in sorted(all_flags.items()):
        if not re.search(rf"{re.escape(flag)}(?![\w-])", text):
            missing.append(f"flag {flag} (from {origin} --help)")
    fields = record_fields()
    for field, origin in sorted(fields.items()):
        if field not in names:
            missing.append(f"record field `{field}` (from schemas/{origin})")
    broken = broken_links()
    if broken:
        print("check-docs: FAIL: links to files that do not exist:", file=sys.stderr)
        for item in broken:
            print(f"  {item}", file=sys.stderr)
        if not missing:
            sys.exit(1)
    if missing:
        print("check-docs: FAIL: not documented in docs/*.md:", file=sys.stderr)
        for item in missing:
            print(f"  {item}", file=sys.stderr)
        sys.exit(1)
    print(f"check-docs: ok ({len(keys)} configuration and rule keys, {len(subcommands)} subcommands, "
          f"{len(all_flags)} flags, {len(fields)} record fields documented in docs/; every relative link resolves)")


if __name__ == "__main__":
    main()
