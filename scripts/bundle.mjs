// Run by `npm run build` after tsc: bundles the command line into dist/bundle/ so that start-up
// reads one file instead of several hundred modules (zod alone is ~300).
import { execFileSync } from 'node:child_process';
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

const common = { bundle: true, minify: true, sourcemap: 'linked', platform: 'node', target: 'node20', logLevel: 'warning' };

// The command line is one CommonJS file so that the launcher can compile it through node:vm with a
// V8 code cache (Node 20 has no code cache for ES modules; see bin/imr-check.js). Commands that
// only some runs need (import, serve, docs) stay in their lazy wrappers: their code is compiled
// only when they run. import.meta.url, which the sources use to find rules/ and docs/, is the
// bundle's own URL, as it was for the ES module build; the bundle sits one folder below dist/,
// like dist/cli/main.js, so paths built from it are the same.
await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/bundle/main.cjs',
  format: 'cjs',
  // pdf.js is large and loaded only by `import`, from node_modules as it is (a dynamic import)
  external: ['unpdf'],
  define: { 'import.meta.url': '__imrBundleUrl' },
  banner: { js: "const __imrBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [englishOnly],
});

// the PDF reader's worker thread, an ES module of its own
await build({
  ...common,
  entryPoints: ['src/import/pdf-worker.ts'],
  outfile: 'dist/bundle/pdf-worker.js',
  format: 'esm',
  external: ['unpdf'],
});

// The first run writes the V8 code cache beside the bundle (bin/imr-check.js); checking one bundled
// case here writes it at build time, so a fresh install starts fast from its first command.
execFileSync(process.execPath, ['bin/imr-check.js', 'check', 'cases/seed-000.yaml'], { stdio: 'ignore' });
