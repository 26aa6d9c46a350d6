"use strict";
// A package's first load into an empty jsii cache (lever fresh-cache): a release's first run on a
// machine, or any run whose HOME the build never saw. Stock, jsii extracts the package and then
// parses its whole assembly before its runtime index exists (@cdktf/provider-aws: a 30 MB tarball
// of 416 MB, and 133 MB of JSON: the kernel peaked at about 700 MB). Preloaded (--require, by
// runtime-env.sh) into jsii's kernel, this makes that load cost what a later one does:
//
// - The index, shipped. The index is a function of the package's content alone, and a cache entry
//   is named by that content (jsii's DiskCache: the sha256 of the tarball, its name and version),
//   so the build keeps the index of each package its training synth loaded beside this file:
//     jsii-index/<that digest>/jsii.runtime.v1.json   the manifest (.jsii.runtime.v1.json in the entry)
//     jsii-index/<that digest>/<each data file it names, without the leading dot>
//   jsii reads an entry's manifest with fs.readFileSync (@jsii/kernel src/runtime-index.ts
//   tryLoadIndexed, looking fs's function up at each call) right after extracting it, and only for
//   a cached load: when that read finds no manifest and this folder has the entry's index, the data
//   files are copied in and the manifest last, each to a temporary name and renamed, as jsii's own
//   writer does, so that a kernel never reads half an index (what a kernel killed meanwhile left is
//   removed by the next). Anything unexpected (an index jsii would not use, as runtime-index-files.cjs
//   judges it, or of another package than the entry's, a copy that fails) leaves the entry without
//   an index: jsii then parses, as stock, and the index is built after the run.
// - The tarball read 1 MB at a time. jsii extracts with node-tar's synchronous extract, which reads
//   the tarball with fs.readSync 16 MB at a time (its maxReadSize, which jsii does not set) and
//   inflates and writes each read before the next: 16 MB of the provider's gzip is about 200 MB of
//   buffers at once, which V8 collects only later (the kernel then peaked at 370 MB with the
//   index). A read of a .tgz from its current position asking for more than 1 MB gets at most 1 MB:
//   a short read, which node-tar (fs-minipass ReadStreamSync) takes as a chunk and reads on after
//   (180 MB). A read at a given position is left as it is.
//
// With AI_OPTOUT_JSII_INDEX_JOBS set (the build's warm-up, warm-build.sh), each cache entry whose
// manifest the kernel looked for is recorded in that file as {"ship": entry}, and
// runtime-index-builder.cjs --ship copies those indexes here once they are built.
const fs = require("fs");
const path = require("path");
const { MANIFEST, DATA_FILES, removeLeftBehind, usableIndex } = require("./runtime-index-files.cjs");

const SHIPPED = path.join(__dirname, "jsii-index");
/** A cache entry's folder name: jsii's digest of the package, in hex. */
const DIGEST = /^[0-9a-f]{64}$/;
const JOBS_VARIABLE = "AI_OPTOUT_JSII_INDEX_JOBS";
const TARBALL = /\.tgz$/;
const READ_AT_MOST = 1024 * 1024;

/** The shipped file of an entry's file: the same name without its leading dot. */
function shippedName(entryName) {
  return entryName.slice(1);
}

/** Copies a file to a temporary name beside its target and renames it into place. */
function copyAtomically(from, to) {
  const temporary = `${to}.${process.pid}.tmp`;
  try {
    fs.copyFileSync(from, temporary);
    fs.renameSync(temporary, to);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Puts the shipped index of the cache entry `entry` in place, when there is one for it and it is
 * this package's. True when it did.
 */
function install(entry) {
  const digest = path.basename(entry);
  const shipped = path.join(SHIPPED, digest);
  if (!DIGEST.test(digest) || !fs.existsSync(shipped)) {
    return false;
  }
  // One jsii would use, or none: jsii would parse, ask for an index, and find this one in the way.
  const manifest = usableIndex((name) => path.join(shipped, shippedName(name)));
  if (manifest === null) {
    return false;
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(entry, "package.json"), "utf8"));
  if (manifest.assemblyMetadata.name !== pkg.name || manifest.assemblyMetadata.version !== pkg.version) {
    return false;
  }
  // What a kernel killed while copying left.
  removeLeftBehind(entry);
  for (const name of [DATA_FILES.index, DATA_FILES.defs, MANIFEST]) {
    copyAtomically(path.join(shipped, shippedName(name)), path.join(entry, name));
  }
  return true;
}

/** The cache entry whose manifest this is: the kernel's package folder links to it. Null when gone. */
function entryOf(manifestFile) {
  try {
    return fs.realpathSync(path.dirname(manifestFile));
  } catch {
    return null;
  }
}

/** The entries read, for the build's warm-up only. */
const entries = process.env[JOBS_VARIABLE] ? new Set() : null;
const readFileSync = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  if (typeof file !== "string" || path.basename(file) !== MANIFEST) {
    return readFileSync.call(this, file, ...rest);
  }
  if (entries !== null) {
    const entry = entryOf(file);
    if (entry !== null) {
      entries.add(entry);
    }
  }
  try {
    return readFileSync.call(this, file, ...rest);
  } catch (error) {
    let installed = false;
    try {
      const entry = error.code === "ENOENT" ? entryOf(file) : null;
      installed = entry !== null && install(entry);
    } catch {
      // As if nothing were shipped: jsii parses the assembly, and builds the index after the run.
    }
    if (!installed) {
      throw error;
    }
    return readFileSync.call(this, file, ...rest);
  }
};

/** The tarballs open, by descriptor: the file each was opened on (a descriptor closed some other way is reused). */
const tarballs = new Map();
const sameFile = (a, b) => a.ino === b.ino && a.dev === b.dev;
const openSync = fs.openSync;
fs.openSync = function (file) {
  const fd = openSync.apply(this, arguments);
  if (typeof file === "string" && TARBALL.test(file)) {
    try {
      tarballs.set(fd, fs.fstatSync(fd));
    } catch {
      // Read as it comes.
    }
  }
  return fd;
};
const closeSync = fs.closeSync;
fs.closeSync = function (fd) {
  tarballs.delete(fd);
  return closeSync.apply(this, arguments);
};
/** Whether fd is still the tarball it was opened as. */
function tarball(fd) {
  const opened = tarballs.get(fd);
  try {
    return opened !== undefined && sameFile(opened, fs.fstatSync(fd));
  } catch {
    return false;
  }
}
const readSync = fs.readSync;
fs.readSync = function (fd, buffer, offset, length, position) {
  // Only a read from the current position in the (fd, buffer, offset, length, position) form, as
  // node-tar's stream calls it, which takes a short read as a chunk; left exactly as called
  // otherwise: a read at a position may be its caller's whole file (node-tar's list reads a small
  // tarball so), and jsii's digest of the tarball reads it with (fd, buffer).
  if (arguments.length >= 4 && position == null && typeof length === "number" && length > READ_AT_MOST && tarball(fd)) {
    const args = Array.from(arguments);
    args[3] = READ_AT_MOST;
    return readSync.apply(this, args);
  }
  return readSync.apply(this, arguments);
};

process.once("exit", () => {
  if (entries !== null && entries.size > 0) {
    try {
      fs.appendFileSync(
        process.env[JOBS_VARIABLE],
        [...entries].map((entry) => JSON.stringify({ ship: entry }) + "\n").join(""),
      );
    } catch {
      // The build then ships no index: first synths are slower, never wrong.
    }
  }
});
