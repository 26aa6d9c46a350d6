"use strict";
// Preloaded (--require, by jsii-kernel.sh) into jsii's kernel, lib/program.js of @jsii/runtime.
// jsii's Java runtime normally starts bin/jsii-runtime.js, a relay: it starts program.js as a second
// Node.js process and copies every request and answer between the JVM and it, so that what the
// kernel prints cannot mix with the protocol. Each call into CDKTF then crosses two processes each
// way; a layout of 500 exceptions makes over 3,000 such calls. Here the JVM talks to the kernel
// directly, and what the kernel prints still cannot reach the protocol:
// - jsii-kernel.sh gives the kernel the JVM's request pipe as fd 3 (where program.js reads), the
//   JVM's answer pipe as fd 4 only, and standard error as fd 1;
// - program.js writes its answers to fd 3, as it does to the relay's socket: those writes go to fd 4;
// - what the kernel prints on standard output reaches the JVM as the relay sends it, one
//   {"stdout": base64} line on standard error, which the Java runtime prints on System.out.
const fs = require("fs");

const PROTOCOL_FD = 3;
const ANSWER_FD = 4;

const writeSync = fs.writeSync;
fs.writeSync = function (fd, ...rest) {
  return writeSync.call(this, fd === PROTOCOL_FD ? ANSWER_FD : fd, ...rest);
};

process.stdout.write = function (chunk, encoding, callback) {
  const done = typeof encoding === "function" ? encoding : callback;
  const bytes = typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? encoding : "utf8") : Buffer.from(chunk);
  writeSync(process.stderr.fd, JSON.stringify({ stdout: bytes.toString("base64") }) + "\n");
  if (typeof done === "function") {
    process.nextTick(done);
  }
  return true;
};
