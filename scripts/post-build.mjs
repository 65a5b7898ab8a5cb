// Trunk post-build hook, run on the staging directory before trunk copies it to dist/:
//
// 1. Moves trunk's inline loader <script type="module"> into a content-hashed file, so the
//    page runs under a CSP without 'unsafe-inline' for scripts.
// 2. Starts `page.js` (the console's own JavaScript, with its start-up requests:
//    `src/browser/page.js`) as an async module as soon as it is downloaded, instead of when
//    the wasm's glue imports it once the whole module graph is in: the same module
//    instance, since modules are keyed by URL.
// 3. Writes brotli (.br) and gzip (.gz) siblings of every text and wasm asset, so the server
//    (ServeDir's precompressed_*) and nginx (gzip_static, brotli_static) can send them
//    without compressing on the fly. A sibling is kept only when it is smaller.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error("TRUNK_STAGING_DIR is not set: run this as a trunk hook");

externalizeLoader(join(staging, "index.html"));
startPageEarly(join(staging, "index.html"));
precompress(staging);

function externalizeLoader(indexPath) {
  const html = readFileSync(indexPath, "utf8");
  const inline = /<script type="module"(?: nonce="[^"]*")?>([\s\S]*?)<\/script>/;
  const match = html.match(inline);
  if (!match) throw new Error("no inline module script in index.html: did trunk's output change?");

  const code = match[1].trim() + "\n";
  const hash = createHash("sha256").update(code).digest("hex").slice(0, 16);
  const name = `loader-${hash}.js`;
  writeFileSync(join(staging, name), code);
  writeFileSync(indexPath, html.replace(inline, `<script type="module" src="./${name}"></script>`));
  if (inline.test(readFileSync(indexPath, "utf8"))) throw new Error("an inline script is left");
}

function startPageEarly(indexPath) {
  const page = readdirSync(staging, { recursive: true }).filter((path) => path.endsWith("src/browser/page.js"));
  if (page.length !== 1) throw new Error(`expected one page.js among wasm-bindgen's snippets, found ${page.length}`);
  const html = readFileSync(indexPath, "utf8");
  const tag = `<script type="module" async src="./${page[0]}" crossorigin="anonymous"></script>`;
  if (!html.includes("</head>")) throw new Error("no </head> in index.html");
  writeFileSync(indexPath, html.replace("</head>", `${tag}</head>`));
}

function precompress(dir) {
  const compressible = /\.(wasm|js|mjs|css|html|svg|json|txt)$/;
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      precompress(path);
      continue;
    }
    if (!compressible.test(entry)) continue;
    const original = readFileSync(path);
    const brotli = brotliCompressSync(original, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: original.length,
        [constants.BROTLI_PARAM_MODE]: entry.endsWith(".wasm")
          ? constants.BROTLI_MODE_GENERIC
          : constants.BROTLI_MODE_TEXT,
      },
    });
    const gzip = gzipSync(original, { level: 9 });
    if (brotli.length < original.length) writeFileSync(`${path}.br`, brotli);
    if (gzip.length < original.length) writeFileSync(`${path}.gz`, gzip);
  }
}
