// Bundles the editor front end into dist/ with esbuild. Everything comes from
// node_modules: nothing is fetched at build or run time (clusters are
// air-gapped). The operator embeds dist/ and serves it at its root.
//
//   dist/index.html        the page (relative URLs: works behind a path prefix)
//   dist/app.js            the application + Monaco (ES module)
//   dist/app.css           styles + Monaco's CSS
//   dist/editor.worker.js  Monaco's editor worker (classic worker script)
//   dist/codicon.ttf       Monaco's icon font, referenced by app.css
import * as esbuild from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const out = join(root, 'dist');
const watch = process.argv.includes('--watch');

const common = {
  absWorkingDir: root,
  bundle: true,
  minify: !watch,
  sourcemap: watch ? 'inline' : false,
  target: ['es2022'],
  legalComments: 'eof',
  logLevel: 'info',
  outdir: out,
  entryNames: '[name]',
  assetNames: '[name]',
};

const app = {
  ...common,
  entryPoints: { app: 'src/main.ts' },
  format: 'esm',
  loader: { '.ttf': 'file' },
};

const worker = {
  ...common,
  entryPoints: { 'editor.worker': 'monaco-editor/editor/editor.worker.js' },
  format: 'iife',
};

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await copyFile(join(root, 'src/index.html'), join(out, 'index.html'));

if (watch) {
  const contexts = await Promise.all([esbuild.context(app), esbuild.context(worker)]);
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching src/ (index.html is copied once: restart after editing it)');
} else {
  await Promise.all([esbuild.build(app), esbuild.build(worker)]);
}
