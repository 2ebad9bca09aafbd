#!/usr/bin/env node
// Starts the Cloud Storage emulator of firebase-tools (the GCS JSON API v1 subset) without its
// Java rules runtime, which the GCS JSON API routes never consult. Used by the e2e tests.
//
//   TMPDIR=<own folder> node gcs-launcher.js --host 127.0.0.1 --port 9199 [--project demo-test]
//
// Ready when GET http://host:port/b answers 200. SIGTERM/SIGINT stop it and delete its blobs.
// It reaches into internal modules of firebase-tools, so package.json pins the exact version.
"use strict";

const path = require("path");

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const host = option("host", "127.0.0.1");
const port = Number(option("port", "9199"));
const projectId = option("project", "demo-test");

const toolsDir = path.dirname(require.resolve("firebase-tools/package.json", { paths: [__dirname] }));
const lib = (p) => require(path.join(toolsDir, "lib", p));
const { StorageEmulator } = lib("emulator/storage");
const { StorageRulesRuntime, StorageRulesIssues } = lib("emulator/storage/rules/runtime");
const { EmulatorRegistry } = lib("emulator/registry");

// No Java: the rules runtime does nothing and every ruleset loads empty. Only the Firebase /v0
// API uses rules (it answers 403 here); the GCS JSON API routes use the admin storage layer.
StorageRulesRuntime.prototype.start = async function () {};
StorageRulesRuntime.prototype.stop = async function () {};
StorageRulesRuntime.prototype.loadRuleset = async function () {
  return { issues: new StorageRulesIssues([], []), ruleset: undefined };
};

// A malformed request (e.g. an upload without name=) must not take the emulator down mid-test.
process.on("uncaughtException", (err) => {
  console.error(`gcs-launcher: uncaught exception: ${err && err.stack ? err.stack : err}`);
});

async function main() {
  const emulator = new StorageEmulator({
    projectId,
    host,
    port,
    rules: { name: path.join(process.env.TMPDIR || "/tmp", "storage.rules"), content: "" },
    auto_download: false,
  });
  await EmulatorRegistry.start(emulator);
  console.log(`gcs-launcher: Cloud Storage emulator listening on http://${host}:${port} (project ${projectId})`);

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`gcs-launcher: ${signal}, stopping`);
    try {
      await EmulatorRegistry.stop("storage");
    } finally {
      process.exit(0);
    }
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((err) => {
  console.error(`gcs-launcher: could not start: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
