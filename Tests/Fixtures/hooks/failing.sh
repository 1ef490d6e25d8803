#!/bin/sh
# Test hook: counts its attempts in the file named by its first argument, complains and fails.
echo attempt >> "$1"
echo "upstream refused the alert" >&2
exit 3
