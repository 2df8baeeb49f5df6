/**
 * Jest loads modules as CommonJS. A few dependencies (openid-client, oidc-provider and some of
 * theirs) ship only ES modules: Node's own require() loads them (require(esm)), Jest's loader
 * cannot before Node 24.9. This transform compiles exactly those files, the ones Node would treat
 * as ES modules (`.mjs`, or `.js` under a package.json with "type": "module"), to CommonJS with
 * esbuild; every other file passes through unchanged.
 */
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { transformSync } = require('esbuild');

/** Directory → whether its nearest package.json says "type": "module". */
const moduleDirs = new Map();

function isEsmPackageDir(dir) {
  if (moduleDirs.has(dir)) return moduleDirs.get(dir);
  let result;
  try {
    result = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).type === 'module';
  } catch {
    const parent = path.dirname(dir);
    result = parent !== dir && isEsmPackageDir(parent);
  }
  moduleDirs.set(dir, result);
  return result;
}

const isEsm = (filename) =>
  filename.endsWith('.mjs') || (filename.endsWith('.js') && isEsmPackageDir(path.dirname(filename)));

module.exports = {
  process(source, filename) {
    if (!isEsm(filename)) return { code: source };
    const { code, map } = transformSync(source, {
      format: 'cjs',
      loader: 'js',
      target: 'node20',
      sourcemap: 'external',
      sourcefile: filename,
    });
    return { code, map };
  },
};
