"use strict";
// Runs in jsii's kernel, beside the CDKTF library the Java side uses. Every jsii call costs a
// round trip between the JVM and Node.js and a conversion of each argument by its declared type:
// for a layout of 2,500 resources that was most of a synth. Here the Java side describes every
// resource in one JSON string and they are created in one call. The JSON holds plain values only:
// a dependency is named by its Terraform address, not passed as an object.
Object.defineProperty(exports, "__esModule", { value: true });
exports.ResourceBatch = void 0;

/** The class a jsii fully qualified name such as "@cdktf/provider-aws.organizationsPolicy.OrganizationsPolicy" names. */
function classOf(fqn) {
  const parts = /^((?:@[^./]+\/)?[^./]+)\.([^/]+)$/.exec(fqn);
  let found = parts === null ? undefined : require(parts[1]);
  for (const name of parts === null ? [] : parts[2].split(".")) {
    found = found === undefined || found === null ? undefined : found[name];
  }
  if (typeof found !== "function") {
    throw new Error(`no class ${JSON.stringify(fqn)} in its jsii module`);
  }
  return found;
}

class ResourceBatch {
  /**
   * Creates each resource of the JSON array, in order, as a child of the scope. Each element is
   * {type: the class's jsii name, id, config: its constructor's configuration without dependsOn,
   * dependsOn: [Terraform addresses], overrides: {path: value}}, and its logical id is its id.
   * depends_on gets the addresses as they are: what CDKTF writes for a dependency on a resource of
   * the same stack, without the token (and the stack trace it captures) CDKTF makes for each.
   */
  static create(scope, resources) {
    const classes = new Map();
    for (const resource of JSON.parse(resources)) {
      try {
        let type = classes.get(resource.type);
        if (type === undefined) {
          type = classOf(resource.type);
          classes.set(resource.type, type);
        }
        const created = new type(scope, resource.id, resource.config);
        created.overrideLogicalId(resource.id);
        if (resource.dependsOn !== undefined) {
          created.dependsOn = resource.dependsOn;
        }
        for (const [path, value] of Object.entries(resource.overrides ?? {})) {
          created.addOverride(path, value);
        }
      } catch (error) {
        // One call creates them all: say which one failed.
        error.message = `ai-optout resource batch: resource ${JSON.stringify(resource.id)} (${resource.type}): ${error.message}`;
        throw error;
      }
    }
  }
}
exports.ResourceBatch = ResourceBatch;
