#!/bin/sh
# Test hook: appends the alert it receives on stdin to the file named by its first argument.
cat >> "$1"
