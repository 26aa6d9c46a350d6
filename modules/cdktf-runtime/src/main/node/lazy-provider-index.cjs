"use strict";
// Preloaded (NODE_OPTIONS=--require) into the Node.js processes jsii starts for the CDKTF
// library. A prebuilt CDKTF provider's index (@cdktf/provider-aws: 1,792 modules, 246 MB of
// JavaScript) requires every resource's module up front, and jsii requires that index whole:
// that was most of a synth's time and half its memory. Here such an index becomes lazy: each
// export is a getter that requires its module the first time it is read, then stays a plain
// value: the same names in the same order with the same values, each module evaluated only when
// used. An index of any other shape is loaded as usual.
const Module = require("module");
const fs = require("fs");

const PROVIDER_INDEX = /[\\/]node_modules[\\/]@cdktf[\\/]provider-[^\\/]+[\\/]lib[\\/]index\.js$/;
const REEXPORT = /^exports\.([A-Za-z_$][\w$]*) = require\("(\.\/[^"\\]+)"\);$/;
const DECLARATION = /^(?:exports\.[A-Za-z_$][\w$]* = )+void 0;$/;
const DECLARED = /exports\.([A-Za-z_$][\w$]*) = /g;
const PREAMBLE = new Set(['"use strict";', 'Object.defineProperty(exports, "__esModule", { value: true });']);

/**
 * [name, request] for each `exports.name = require("./request");`, in the order the names are
 * first declared, or null when the file does anything else.
 */
function reexports(source) {
  const declared = [];
  const found = new Map();
  let inComment = false;
  for (const raw of source.split(/\r?\n/)) {
    const line = raw.trim();
    if (inComment) {
      inComment = !line.endsWith("*/");
      continue;
    }
    if (line.startsWith("/*")) {
      inComment = !line.endsWith("*/");
      continue;
    }
    if (line === "" || line.startsWith("//") || PREAMBLE.has(line)) {
      continue;
    }
    if (DECLARATION.test(line)) {
      // `exports.a = exports.b = void 0;` creates b before a.
      declared.push(...Array.from(line.matchAll(DECLARED), (m) => m[1]).reverse());
      continue;
    }
    const reexport = REEXPORT.exec(line);
    if (reexport === null || found.has(reexport[1])) {
      return null;
    }
    found.set(reexport[1], reexport[2]);
  }
  if (found.size === 0 || declared.some((name) => !found.has(name))) {
    return null;
  }
  return [...new Set([...declared, ...found.keys()])].map((name) => [name, found.get(name)]);
}

const loadJavaScript = Module._extensions[".js"];
Module._extensions[".js"] = function (module, filename) {
  const names = PROVIDER_INDEX.test(filename) ? reexports(fs.readFileSync(filename, "utf8")) : null;
  if (names === null) {
    return loadJavaScript(module, filename);
  }
  const exports = module.exports;
  Object.defineProperty(exports, "__esModule", { value: true });
  for (const [name, request] of names) {
    Object.defineProperty(exports, name, {
      enumerable: true,
      configurable: true,
      get() {
        const value = module.require(request);
        Object.defineProperty(exports, name, { value, enumerable: true, writable: true, configurable: true });
        return value;
      },
      set(value) {
        Object.defineProperty(exports, name, { value, enumerable: true, writable: true, configurable: true });
      },
    });
  }
};

// For the tests (LazyProviderIndexTest reads the real provider's index with it); a preload's
// exports are not used otherwise.
module.exports = { reexports };
