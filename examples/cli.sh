#!/usr/bin/env bash
# The command line, end to end in a scratch folder: catalog, train, evaluate, save, experiments.
# Run: bash examples/cli.sh   (in your project: npm install autolearn better-sqlite3 fastify)
# Set AUTOLEARN to the command to use (default: npx autolearn).
set -euo pipefail
AUTOLEARN=${AUTOLEARN:-npx autolearn}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
al() { $AUTOLEARN "$@" --data-dir "$work/data"; }

$AUTOLEARN --version
$AUTOLEARN catalog SVC | head -8                 # one model's hyper-parameters (read-only)

# train with scikit-learn's parameter names; --json for scripts
token=$(al train --dataset iris --model RandomForestClassifier --param n_estimators=30 --json \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))')
echo "session: $token"

al evaluate "$token"
al save "$token" > /dev/null
al experiments
