// The static site: Astro reads the computed model (never the store) and writes dist/.
// `npm run build` and `hms-ops build` both use this file; see "The site" in README.md for the layout.
import { satteri } from '@astrojs/markdown-satteri';
import react from '@astrojs/react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import { siteOptions } from './src/site/build/site-options.ts';
import { pagefindIntegration } from './src/site/build/pagefind-integration.ts';
import { docPagesPlugin } from './src/site/build/doc-pages-plugin.ts';

const { baseUrl } = siteOptions(process.env);

export default defineConfig({
  site: baseUrl,
  srcDir: './src/site',
  publicDir: './src/site/public',
  outDir: process.env.HMS_OPS_SITE_OUT ?? './dist',
  output: 'static',
  trailingSlash: 'always',
  build: { format: 'directory', inlineStylesheets: 'never' },
  // Astro hashes its own scripts and styles into a CSP <meta> tag; everything else is same-origin.
  // 'wasm-unsafe-eval' lets the Pagefind search page compile its WebAssembly index reader.
  security: {
    csp: {
      directives: ["default-src 'self'", "img-src 'self' data:", "font-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"],
      scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"] },
      styleDirective: { resources: ["'self'"] },
    },
  },
  devToolbar: { enabled: false },
  integrations: [react(), pagefindIntegration()],
  // No syntax highlighting: Shiki's inline styles would break the CSP.
  markdown: { processor: satteri({ hastPlugins: [docPagesPlugin] }), syntaxHighlight: false },
  vite: {
    build: { assetsInlineLimit: 0 },
    css: { preprocessorOptions: { scss: { loadPaths: [fileURLToPath(new URL('./node_modules/@uswds/uswds/packages', import.meta.url))], quietDeps: true, silenceDeprecations: ['import', 'global-builtin', 'if-function'] } } },
  },
});
