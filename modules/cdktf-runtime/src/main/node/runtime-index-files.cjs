"use strict";
// jsii's runtime index files in a cache entry (@jsii/kernel 1.136+, src/runtime-index.ts), as
// runtime-index-builder.cjs and fresh-cache.cjs read and write them: their names, whether an index
// is one jsii would use, and what a killed writer leaves. One place for these rules.
const fs = require("fs");
const path = require("path");

/** The manifest, written last: jsii trusts an entry's index only once it is there. */
const MANIFEST = ".jsii.runtime.v1.json";
/** The two data files of index version 1, by the names the manifest gives them. */
const DATA_FILES = Object.freeze({ index: ".jsii.runtime-index.v1", defs: ".jsii.runtime-defs.v1.jsonl" });
/** Written by jsii's writeFileAtomic (and ai-optout's copies) as <target>.<pid>.tmp: left only by a killed writer. */
const LEFT_BEHIND = /^\.jsii\.runtime.*\.(\d+)\.tmp$/;

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/** How old a writer's temporary file must be before it counts as left (a copy takes seconds). */
const LEFT_AFTER_MS = 60 * 1000;

/**
 * Removes the temporary files of index writers that died: nothing reads them, nothing else removes
 * them. Died: its pid is no process here, and the file is older than a minute, since a writer in
 * another pid namespace sharing the cache (containers on one volume) looks dead from here.
 */
function removeLeftBehind(dir) {
  for (const name of fs.readdirSync(dir)) {
    const match = LEFT_BEHIND.exec(name);
    if (match === null || alive(Number(match[1]))) {
      continue;
    }
    try {
      if (Date.now() - fs.statSync(path.join(dir, name)).mtimeMs > LEFT_AFTER_MS) {
        fs.rmSync(path.join(dir, name), { force: true });
      }
    } catch {
      // Gone meanwhile.
    }
  }
}

const isCount = (n) => Number.isInteger(n) && n >= 0;
const isRange = (r) => r != null && isCount(r.start) && isCount(r.length);

/**
 * The manifest of the index whose files `file(name)` locates (name: an entry's file name), when it
 * is one jsii would use (tryLoadIndexed): the version-1 manifest, naming the version-1 data files,
 * whose columns fill the index file from its start, and whose offsets start at 0, never go down, and
 * end at the size of the definitions; else null.
 */
function usableIndex(file) {
  try {
    const manifest = JSON.parse(fs.readFileSync(file(MANIFEST), "utf8"));
    const layout = manifest && manifest.layout;
    if (
      manifest.schema !== "jsii/runtime-index" ||
      manifest.version !== 1 ||
      manifest.index !== DATA_FILES.index ||
      manifest.defs !== DATA_FILES.defs ||
      manifest.assemblyMetadata == null ||
      layout == null ||
      !isCount(layout.typeCount) ||
      ![layout.names, layout.kinds, layout.offsets].every(isRange)
    ) {
      return null;
    }
    const { typeCount, names, kinds, offsets } = layout;
    if (
      names.start !== 0 ||
      kinds.start !== names.length ||
      offsets.start !== kinds.start + kinds.length ||
      kinds.length !== typeCount ||
      offsets.length !== (typeCount + 1) * 4
    ) {
      return null;
    }
    const index = fs.readFileSync(file(DATA_FILES.index));
    if (index.length !== offsets.start + offsets.length) {
      return null;
    }
    let previous = 0;
    for (let i = 0; i <= typeCount; i++) {
      const offset = index.readUInt32LE(offsets.start + i * 4);
      if ((i === 0 && offset !== 0) || offset < previous) {
        return null;
      }
      previous = offset;
    }
    return previous === fs.statSync(file(DATA_FILES.defs)).size ? manifest : null;
  } catch {
    return null;
  }
}

module.exports = { MANIFEST, DATA_FILES, alive, removeLeftBehind, usableIndex };
