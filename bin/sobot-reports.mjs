#!/usr/bin/env node
// The CLI is TypeScript that Node runs as it is, stripping the types (on by default from Node 22.18).
if (!process.features.typescript) {
  console.error(
    `sobot-reports needs Node.js 22.18 or later (it runs TypeScript as is); this is Node.js ${process.version}.`,
  );
  process.exit(1);
}
// Compiled code is kept between runs (in the OS temp folder), so later starts skip most of the compiling.
(await import('node:module')).enableCompileCache?.();
await import('../src/cli/main.ts');
