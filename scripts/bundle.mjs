// Run by `npm run build` after tsc: bundles the command line into dist/bundle/ so that start-up
// reads a few files instead of several hundred (zod alone is ~300 modules). Commands that only
// some runs need (import, serve, docs) are split into chunks loaded when they run. The bundle sits
// one folder below dist/, like dist/cli/main.js, so paths built from import.meta.url are the same.
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

// zod re-exports every message locale (~70 files, a third of its code) from one index; only the
// English messages are used (src/load/errors.ts words the issues itself), so the index is replaced.
const zodLocales = join(dirname(createRequire(import.meta.url).resolve('zod/v4/locales')), 'index.js');
const englishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) =>
      args.path === zodLocales ? { contents: "export { default as en } from './en.js';", resolveDir: dirname(zodLocales) } : undefined,
    );
  },
};

rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: { main: 'src/cli/main.ts', 'pdf-worker': 'src/import/pdf-worker.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  minify: true,
  sourcemap: 'linked',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // pdf.js is large and loaded only by `import`, from node_modules as it is
  external: ['unpdf'],
  // json-rules-engine and yaml are CommonJS and require() Node built-ins
  banner: { js: "import { createRequire as __imrRequire } from 'node:module'; const require = __imrRequire(import.meta.url);" },
  plugins: [englishOnly],
  logLevel: 'warning',
});
