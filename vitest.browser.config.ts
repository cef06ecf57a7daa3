import { defineConfig } from "vitest/config";

// The browser lane: needs Debian's Chromium (.ci/run installs it when missing) and a built CLI.
export default defineConfig({
  test: {
    include: ["test-browser/**/*.browser.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
  },
});
