#!/bin/sh
# Test hook: takes far longer than any timeout a test sets.
sleep 30
