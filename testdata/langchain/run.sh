#!/usr/bin/env bash
# Runs the LangChain.js comparison harness (compare.mjs), installing the pinned
# dependencies first when node_modules is missing or older than
# package-lock.json. Arguments go to compare.mjs; see README.md.
set -euo pipefail

caller=$PWD
cd "$(dirname "${BASH_SOURCE[0]}")"

if [[ ! -d node_modules || package-lock.json -nt node_modules ]]; then
	echo "run.sh: installing dependencies (npm ci)" >&2
	npm ci --no-audit --no-fund >&2
	touch node_modules # npm ci may leave the directory's mtime older than the lock file
fi

# Relative --text and --qa paths are resolved against the caller's directory.
COMPARE_CWD=$caller exec node compare.mjs "$@"
