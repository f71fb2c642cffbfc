/**
 * Stands in for `@pdf-lib/upng` in the Lambda bundles (lib/lambda-bundling.ts): pdf-lib imports it to embed
 * PNG images, and our documents have none, so 24 KB of PNG decoder would only be loaded, never run.
 */
function notBundled(): never {
  throw new Error('PNG images are not part of the Lambda bundle: pdf-lib’s PNG decoder is left out.');
}

const UPNG = { decode: notBundled, toRGBA8: notBundled };

export default UPNG;
