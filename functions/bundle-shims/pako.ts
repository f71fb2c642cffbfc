import { deflateSync, inflateSync } from 'node:zlib';

/**
 * Stands in for `pako` in the Lambda bundles (lib/lambda-bundling.ts). pdf-lib compresses its content
 * streams and unpacks its standard-font metrics with pako, a 45 KB JavaScript port of zlib; Node has zlib
 * itself, faster and already loaded. Same zlib format both ways, so the PDFs are as valid as before.
 */
const pako = {
  deflate: (data: Uint8Array): Uint8Array => new Uint8Array(deflateSync(data)),
  inflate: (data: Uint8Array): Uint8Array => new Uint8Array(inflateSync(data)),
};

export default pako;
