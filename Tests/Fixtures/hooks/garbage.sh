#!/bin/sh
# Test hook: prints control characters and a forged log line, then succeeds.
printf '\033[2J\000\001binary\nFAKE 2026-01-01 info recorded file=evil\n'
cat > /dev/null
exit 0
