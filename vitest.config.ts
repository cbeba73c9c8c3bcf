import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Builds the sample and adversarial sites once for test/site/ (about 30 s).
    globalSetup: ['test/site/global-setup.ts'],
  },
});
