// The site benchmark's floor: plain Astro pages that only place pre-made SVG strings, with no model,
// no computation and no charts library. bench/run.ts writes FLOOR_INPUT (one entry per page of the
// real site, with that page's title and chart SVGs) and builds this project into FLOOR_OUT.
import { defineConfig } from 'astro/config';

export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  srcDir: './src',
  outDir: process.env.FLOOR_OUT ?? './dist',
  output: 'static',
  trailingSlash: 'always',
  build: { format: 'directory' },
  devToolbar: { enabled: false },
});
