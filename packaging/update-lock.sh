#!/bin/sh
# Regenerate requirements/build.lock after a change to pyproject.toml's dependencies or to
# requirements/build.in. Resolves for every platform (Linux and Windows among them) with
# Python 3.11, from PyPI only, and records the SHA-256 of every file PyPI has for each
# pinned version, so the same lock serves the Linux and the Windows build.
# Needs the network (PyPI); run it on a developer's machine, then commit the lock.
set -eu
cd "$(dirname "$0")/.."
TOOLS=build/lock-tools
if [ ! -x "$TOOLS/bin/uv" ]; then
    python3 -m venv "$TOOLS"
    PIP_CONFIG_FILE=/dev/null "$TOOLS/bin/pip" install --quiet --index-url https://pypi.org/simple 'uv==0.13.9'
fi
"$TOOLS/bin/uv" pip compile pyproject.toml requirements/build.in \
    --universal --python-version 3.11 --generate-hashes \
    --index-url https://pypi.org/simple --no-config \
    --custom-compile-command "sh packaging/update-lock.sh" \
    --output-file requirements/build.lock "$@"
