// 1. Bytes shipped: what a page must load, minified, then gzip (level 9) and brotli (quality 11)
// as a server would precompress static files. The old script.js ships unminified; we minify it
// with terser for fairness.
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { minify } from 'terser';

const sizes = (code) => {
  const buffer = Buffer.from(code);
  return {
    min: buffer.length,
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};
const sum = (a, b) => ({ min: a.min + b.min, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });

export async function measureBytes({ ours, old }) {
  const script = (await minify(old.script.source, { compress: true, mangle: true })).code;
  const jquery = sizes(old.jquery.source);
  const oldScript = sizes(script);
  const result = {
    ours: sizes(readFileSync(ours, 'utf8')),
    old: sum(jquery, oldScript),
    oldParts: { jquery, script: oldScript },
  };
  result.ratio = {
    min: result.ours.min / result.old.min,
    gzip: result.ours.gzip / result.old.gzip,
    brotli: result.ours.brotli / result.old.brotli,
  };
  return result;
}
