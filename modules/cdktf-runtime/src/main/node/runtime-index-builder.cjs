"use strict";
// jsii's runtime index (@jsii/kernel 1.136+, src/runtime-index.ts): for a package in jsii's package
// cache, the kernel writes .jsii.runtime.v1.json and two data files beside the .jsii, and later
// loads read the few types they use from those instead of parsing the whole assembly
// (@cdktf/provider-aws: 133 MB, 1-2 s and 600 MB, against 10 ms). The kernel builds it on a worker
// thread of its own process, and program.js ends that process as soon as the JVM says exit
// (@jsii/runtime lib/program.ts: host.once("exit", process.exit)), so a command line never gets it.
//
// Preloaded (--require, by runtime-env.sh) into jsii's kernel: the kernel's index workers are not
// started; the packages they were for are recorded, and when the kernel exits they are handed to
// this script run as a program, a detached Node.js process that builds their indexes one after
// another with jsii's own worker (runtime-index-worker.js beside program.js), after the command is
// gone. With AI_OPTOUT_JSII_INDEX_JOBS set (the build's warm-up, warm-build.sh), they are written
// to that file instead, and warm-build.sh runs this script on it and waits.
//
//   node runtime-index-builder.cjs --detached JOBS_JSON   (started by the preload)
//   node runtime-index-builder.cjs --jobs FILE [--ship DIR]
//                                       (warm-build.sh: waits for other builders; then writes the
//                                        index of every package the training loaded into DIR, for
//                                        fresh-cache.cjs)
//
// A job: {file: the worker script, packageDir: the cache entry, supportedFeatures}. An entry is
// built by one process at a time (a lock file in it, holding the builder's pid); one that has its
// manifest already is left alone. jsii writes each index file atomically and the manifest last,
// and trusts an entry only once the manifest is there.
const fs = require("fs");
const path = require("path");
const workerThreads = require("worker_threads");
const { MANIFEST, DATA_FILES, alive, removeLeftBehind, usableIndex } = require("./runtime-index-files.cjs");

/** An index's files, in an entry: the manifest last, as it is written. */
const INDEX_FILES = [DATA_FILES.index, DATA_FILES.defs, MANIFEST];

const WORKER_FILE = "runtime-index-worker.js";
const LOCK = ".ai-optout-runtime-index.lock";
const JOBS_VARIABLE = "AI_OPTOUT_JSII_INDEX_JOBS";
/** A lock older than this is a builder that died (and whose pid may have been reused). */
const STALE_MS = 10 * 60 * 1000;
/** How long the build waits for another process's builder of the same entry. */
const WAIT_MS = 5 * 60 * 1000;

/** Takes the entry's lock: "taken", "held" (by a live builder) or "unwritable". */
function lock(packageDir) {
  const file = path.join(packageDir, LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      return "taken";
    } catch (error) {
      if (error.code !== "EEXIST") {
        return "unwritable";
      }
    }
    try {
      const pid = Number(fs.readFileSync(file, "utf8"));
      const age = Date.now() - fs.statSync(file).mtimeMs;
      if (pid > 0 && alive(pid) && age < STALE_MS) {
        return "held";
      }
      fs.rmSync(file, { force: true });
    } catch {
      // Released meanwhile: try again.
    }
  }
  return "held";
}

function unlock(packageDir) {
  fs.rmSync(path.join(packageDir, LOCK), { force: true });
}

/**
 * Whether the entry has an index jsii would use. One it would not (a copy damaged in transit, a
 * writer of another jsii) is built again: the kernel asked for it because it did not use it.
 */
function indexed(packageDir) {
  return usableIndex((name) => path.join(packageDir, name)) !== null;
}

/** Runs jsii's worker for one job: resolves to null when the manifest is there, else to why not. */
function runWorker(job) {
  return new Promise((resolve) => {
    let failure = null;
    const worker = new workerThreads.Worker(job.file, {
      workerData: { packageDir: job.packageDir, supportedFeatures: job.supportedFeatures },
    });
    worker.on("message", (message) => {
      if (message && message.error != null) {
        // jsii's message, and the cause it gives on the next line.
        failure = String(message.error).split("\n").filter((line) => line.trim() !== "").slice(0, 2).join(" ");
      }
    });
    worker.on("error", (error) => {
      failure = String(error && error.message ? error.message : error);
    });
    worker.on("exit", () => resolve(indexed(job.packageDir) ? null : (failure ?? "no index jsii would use written")));
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds one entry's index unless it has one; resolves to what happened, for the build's log. */
async function buildOne(job, wait) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    if (!fs.existsSync(job.packageDir) || indexed(job.packageDir)) {
      return { job, outcome: "present" };
    }
    if (!fs.existsSync(job.file)) {
      return { job, outcome: "failed", why: `jsii's index worker ${job.file} is gone` };
    }
    const taken = lock(job.packageDir);
    if (taken === "unwritable") {
      return { job, outcome: "failed", why: "the cache entry is not writable" };
    }
    if (taken === "taken") {
      try {
        removeLeftBehind(job.packageDir);
        const why = await runWorker(job);
        return why === null ? { job, outcome: "built" } : { job, outcome: "failed", why };
      } finally {
        unlock(job.packageDir);
      }
    }
    if (!wait || Date.now() > deadline) {
      return { job, outcome: "busy" };
    }
    await sleep(200);
  }
}

async function buildAll(jobs, wait) {
  const results = [];
  for (const job of jobs) {
    results.push(await buildOne(job, wait));
  }
  return results;
}

/**
 * A file of JSON lines: the jobs, each package once, and the cache entries whose index is to be
 * shipped ({"ship": entry}, written by fresh-cache.cjs), each once.
 */
function readJobs(file) {
  const byPackage = new Map();
  const ship = new Set();
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  for (const line of text.split("\n")) {
    if (line.trim() !== "") {
      const job = JSON.parse(line);
      if (typeof job.ship === "string") {
        ship.add(job.ship);
      } else {
        byPackage.set(job.packageDir, job);
      }
    }
  }
  return { jobs: [...byPackage.values()], ship: [...ship] };
}

/**
 * Writes the runtime index of each entry into the folder `into`, as fresh-cache.cjs reads it:
 * <into>/<entry's digest>/, the manifest and its data files, each without its leading dot. The index
 * this run's builder built (`results`: buildAll's) is copied; any other is built afresh from the
 * entry by this runtime's jsii worker (`workerFile`), not copied from the cache, where another jsii
 * may have written it: the same package gives the same bytes on every machine. Each package's folder
 * is written under a temporary name and renamed into place. Resolves to the names of the packages
 * shipped and why the others were not.
 */
async function ship(entries, into, workerFile, results) {
  const shipped = [];
  const missing = [];
  const resultOf = new Map(results.map((r) => [r.job.packageDir, r]));
  for (const entry of entries) {
    const target = path.join(into, path.basename(entry));
    const partial = `${target}.${process.pid}.partial`;
    const inEntry = (name) => path.join(entry, name);
    try {
      fs.rmSync(partial, { recursive: true, force: true });
      fs.mkdirSync(partial, { recursive: true });
      const result = resultOf.get(entry);
      if (result?.outcome === "built" && usableIndex(inEntry) !== null) {
        for (const name of INDEX_FILES) {
          fs.copyFileSync(inEntry(name), path.join(partial, name));
        }
      } else {
        // The features the assembly uses, which the worker checks it may: as the kernel said, or
        // as the index in the cache records them.
        const features = result?.job.supportedFeatures ?? usableIndex(inEntry)?.assemblyMetadata.usedFeatures ?? [];
        // The package as the worker reads it (a compressed assembly's .jsii names a file beside it),
        // without the cache's own files.
        for (const name of fs.readdirSync(entry)) {
          if (!name.startsWith(".jsii.runtime") && name !== LOCK && name !== ".jsii-runtime-package-cache") {
            fs.symlinkSync(inEntry(name), path.join(partial, name));
          }
        }
        const why = await runWorker({ file: workerFile, packageDir: partial, supportedFeatures: features });
        if (why !== null) {
          missing.push(`${packageName(entry)}: ${why}`);
          continue;
        }
        for (const name of fs.readdirSync(partial)) {
          if (fs.lstatSync(path.join(partial, name)).isSymbolicLink()) {
            fs.rmSync(path.join(partial, name));
          }
        }
      }
      for (const name of INDEX_FILES) {
        fs.renameSync(path.join(partial, name), path.join(partial, name.slice(1)));
      }
      fs.rmSync(target, { recursive: true, force: true });
      fs.renameSync(partial, target);
      shipped.push(packageName(entry));
    } finally {
      fs.rmSync(partial, { recursive: true, force: true });
    }
  }
  return { shipped, missing };
}

function packageName(packageDir) {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8"));
    return `${manifest.name}@${manifest.version}`;
  } catch {
    return packageDir;
  }
}

if (require.main === module) {
  const [mode, argument] = process.argv.slice(2);
  if (mode === "--detached") {
    // After the command: yield the processor to whatever the user runs next.
    try {
      require("os").setPriority(10);
    } catch {
      // Not allowed here: run as is.
    }
    buildAll(JSON.parse(argument), false);
  } else if (mode === "--jobs") {
    const started = Date.now();
    const { jobs, ship: entries } = readJobs(argument);
    const shipInto = process.argv[4] === "--ship" ? process.argv[5] : null;
    buildAll(jobs, true).then((results) => {
      const built = results.filter((r) => r.outcome !== "failed" && r.outcome !== "busy");
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      // No job: every package had its index already (a warm cache).
      if (results.length > 0) {
        process.stderr.write(
          `ai-optout build: jsii's runtime index is in place for ${built.length} of ${results.length} packages` +
            ` (${results.map((r) => `${packageName(r.job.packageDir)}: ${r.outcome}`).join(", ")}), ${seconds} s\n`,
        );
      }
      for (const r of results.filter((r) => r.outcome === "failed" || r.outcome === "busy")) {
        process.stderr.write(
          `ai-optout build: warning: no runtime index for ${packageName(r.job.packageDir)}` +
            ` (${r.why ?? "another builder still holds it"}): synth still works, slower until one is built\n`,
        );
      }
      if (shipInto === null) {
        return;
      }
      const worker = path.join(__dirname, "jsii", "lib", WORKER_FILE);
      return ship([...new Set([...entries, ...jobs.map((job) => job.packageDir)])], shipInto, worker, results).then(
        ({ shipped, missing }) => {
          if (shipped.length > 0) {
            process.stderr.write(
              `ai-optout build: jsii's runtime index shipped beside the jar for ${shipped.length} packages` +
                ` (${shipped.join(", ")})\n`,
            );
          }
          for (const why of missing) {
            process.stderr.write(
              `ai-optout build: warning: no runtime index shipped for ${why}: its first synth on a machine` +
                " parses it (slower, same output)\n",
            );
          }
        },
        (error) => {
          process.stderr.write(
            `ai-optout build: warning: jsii's runtime index is not shipped (${error.message}): a first synth` +
              " on another machine parses the AWS provider (slower, same output)\n",
          );
        },
      );
    });
  } else {
    process.stderr.write("usage: runtime-index-builder.cjs --jobs FILE [--ship DIR] | --detached JOBS_JSON\n");
    process.exitCode = 2;
  }
} else if (workerThreads.isMainThread) {
  const jobs = [];
  const StartWorker = workerThreads.Worker;
  // program.js reads worker_threads.Worker when it starts one, so this takes effect.
  workerThreads.Worker = function Worker(file, options) {
    const data = options && options.workerData;
    if (!String(file).endsWith(WORKER_FILE) || data == null || data.packageDir == null) {
      return Reflect.construct(StartWorker, [file, options], new.target || StartWorker);
    }
    try {
      jobs.push({
        file: path.resolve(String(file)),
        // The kernel's packageDir is a link in its temporary folder, removed when it exits; with
        // --preserve-symlinks the link points into the cache entry, which stays.
        packageDir: fs.realpathSync(data.packageDir),
        supportedFeatures: data.supportedFeatures ?? [],
      });
    } catch {
      // Not a folder: nothing to index.
    }
    // The kernel only listens to the worker it starts (kernel/src/runtime-index.ts buildIndexInWorker).
    return new (require("events").EventEmitter)();
  };
  workerThreads.Worker.prototype = StartWorker.prototype;

  process.once("exit", () => {
    if (jobs.length === 0) {
      return;
    }
    try {
      const file = process.env[JOBS_VARIABLE];
      if (file) {
        fs.appendFileSync(file, jobs.map((job) => JSON.stringify(job) + "\n").join(""));
        return;
      }
      const environment = { ...process.env };
      // Neither the user's preloads nor this one: the builder is plain Node.js.
      delete environment.NODE_OPTIONS;
      require("child_process")
        .spawn(process.execPath, [__filename, "--detached", JSON.stringify(jobs)], {
          detached: true,
          stdio: "ignore",
          env: environment,
        })
        .unref();
    } catch {
      // Best effort, as jsii's own worker: the next run records them again.
    }
  });
}
