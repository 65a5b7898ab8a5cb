// Trunk post-build hook: moves trunk's inline loader <script type="module"> into a
// content-hashed file, so the page runs under a CSP without 'unsafe-inline' for scripts.
// Runs on the staging directory before trunk copies it to dist/.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error("TRUNK_STAGING_DIR is not set: run this as a trunk hook");

const indexPath = join(staging, "index.html");
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
