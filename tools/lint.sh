#!/usr/bin/env bash
# The habits that keep the code readable, enforced: every shell script clean under shellcheck, the C# formatted
# as .editorconfig says (`dotnet format --verify-no-changes`). The .NET analyzers run in every build
# (Directory.Build.props: AnalysisLevel, warnings as errors). Exit 0 when all is clean.
#   tools/lint.sh               shellcheck and dotnet format
#   tools/lint.sh --no-format   shellcheck only (tools/test.sh --fast: dotnet format loads the whole solution)
set -euo pipefail
cd "$(dirname "$0")/.."

status=0
command -v shellcheck >/dev/null || tools/setup.sh
mapfile -t scripts < <(git ls-files '*.sh' .ci/run)
if shellcheck -x "${scripts[@]}"; then echo "lint: shellcheck clean (${#scripts[@]} scripts)"
else echo "lint: shellcheck found problems (above)"; status=1; fi

if [ "${1:-}" != --no-format ]; then
  if dotnet format AilasKiosk.sln --verify-no-changes; then echo "lint: dotnet format clean"
  else echo "lint: dotnet format would change the files above: run 'dotnet format AilasKiosk.sln'"; status=1; fi
fi
exit "$status"
