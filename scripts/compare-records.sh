#!/bin/bash
# Compares the records and alerts two watcherd builds give for the same files: the seeds, the test fixtures and a
# generated corpus (watcherd-bench --write-corpus). For performance work: a faster build must write the same bytes.
#
#   scripts/compare-records.sh OLD_WATCHERD [NEW_WATCHERD] [ARTICLES]
#
# NEW_WATCHERD defaults to .build/release/watcherd, ARTICLES (generated files) to 3000. Timestamps and drop ids (which
# depend on when and where the files were written) are removed before comparing; everything else must be identical. Exits 1 and shows the first differences otherwise.
set -euo pipefail
old=${1:?usage: scripts/compare-records.sh OLD_WATCHERD [NEW_WATCHERD] [ARTICLES]}
new=${2:-.build/release/watcherd}
articles=${3:-3000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bench=$(dirname "$new")/watcherd-bench
[ -x "$bench" ] || swift build -c release --product watcherd-bench >/dev/null
"$bench" --articles "$articles" --write-corpus "$work/corpus" >/dev/null
files=(seeds/* Tests/Fixtures/parse/* Tests/Fixtures/encodings/* "$work"/corpus/*)
strip() { sed -E 's/"(ingested_at|at)":"[^"]*",//g; s/,"drop_id":"[0-9a-f]*"//g'; }
"$old" process --show-alerts "${files[@]}" 2>/dev/null | strip > "$work/old.jsonl" || true
"$new" process --show-alerts "${files[@]}" 2>/dev/null | strip > "$work/new.jsonl" || true
lines=$(wc -l < "$work/new.jsonl")
if cmp -s "$work/old.jsonl" "$work/new.jsonl"; then
    echo "identical: $lines records and alerts from ${#files[@]} files"
else
    echo "DIFFERENT: $(diff "$work/old.jsonl" "$work/new.jsonl" | grep -c '^<' || true) of $lines lines differ; first differences:"
    diff "$work/old.jsonl" "$work/new.jsonl" | head -4 | cut -c1-400
    exit 1
fi
