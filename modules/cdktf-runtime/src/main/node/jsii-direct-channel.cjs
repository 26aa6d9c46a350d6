"use strict";
// Preloaded (--require, by jsii-kernel.sh) into jsii's kernel, lib/program.js of @jsii/runtime.
// jsii's Java runtime normally starts bin/jsii-runtime.js, a relay: it starts program.js as a second
// Node.js process and copies every request and answer between the JVM and it, so that what the
// kernel prints cannot mix with the protocol. Each call into CDKTF then crosses two processes each
// way; a layout of 500 exceptions makes over 2,500 such calls. Here the JVM talks to the kernel
// directly, and what the kernel prints still cannot reach the protocol:
// - jsii-kernel.sh gives the kernel the JVM's request pipe as fd 3 (where program.js reads), the
//   JVM's answer pipe as fd 4 only, and the JVM's standard error pipe as fds 1 and 2;
// - program.js writes its answers to fd 3, as it does to the relay's socket: those writes go to fd 4;
// - what the kernel prints reaches the JVM as the relay sends it: {"stdout": base64} and
//   {"stderr": base64} lines on standard error, which jsii's Java runtime prints on System.out and
//   System.err. A worker thread's output reaches these through the main thread's streams.
const fs = require("fs");
const { isMainThread } = require("worker_threads");

const PROTOCOL_FD = 3;
const ANSWER_FD = 4;
const CONSOLE_FD = 2;
/** The oldest Node.js release ai-optout is tested with (the README's requirement). */
const OLDEST_NODE = 20;

if (isMainThread) {
  const writeSync = fs.writeSync;
  fs.writeSync = function (fd, ...rest) {
    return writeSync.call(this, fd === PROTOCOL_FD ? ANSWER_FD : fd, ...rest);
  };

  /** All of it, in order: a line cut short or interleaved would not be JSON to the JVM. */
  const writeAll = (bytes) => {
    for (let offset = 0; offset < bytes.length; ) {
      try {
        offset += writeSync(CONSOLE_FD, bytes, offset, bytes.length - offset);
      } catch (error) {
        if (error.code !== "EAGAIN") {
          throw error;
        }
        // The pipe is full: the JVM reads it every 100 ms.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      }
    }
  };

  const forward = (key) =>
    function (chunk, encoding, callback) {
      const done = typeof encoding === "function" ? encoding : callback;
      const bytes =
        typeof chunk === "string"
          ? Buffer.from(chunk, typeof encoding === "string" ? encoding : "utf8")
          : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      writeAll(Buffer.from(JSON.stringify({ [key]: bytes.toString("base64") }) + "\n"));
      if (typeof done === "function") {
        process.nextTick(done);
      }
      return true;
    };

  for (const [stream, key] of [
    [process.stdout, "stdout"],
    [process.stderr, "stderr"],
  ]) {
    // Opening a stream on a pipe makes it non-blocking, for fds 1 and 2 alike (one pipe).
    stream._handle?.setBlocking?.(true);
    stream.write = forward(key);
  }

  const major = Number(process.versions.node.split(".")[0]);
  if (major < OLDEST_NODE) {
    process.stderr.write(
      `ai-optout: warning: Node.js ${process.versions.node} is older than ${OLDEST_NODE}, the oldest release ai-optout is tested with\n`,
    );
  }
}
