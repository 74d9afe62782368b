#!/usr/bin/env bash
# test_publish.sh — pejl publish, the public edition: the checks are in
# publish_test.py (HTML and links, CSV/JSON/XLSX round trips, golden files,
# atomic replacement, and the attempt to recover withheld figures).
exec python3 "$ROOT/tests/cli/publish_test.py"
