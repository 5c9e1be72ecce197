/** The parts of a resource's URN the provider needs: `urn:pulumi:<stack>::<project>::<type>::<name>`. */
export interface UrnParts {
  stack: string;
  project: string;
  name: string;
}

export function parseUrn(urn: string): UrnParts {
  const [head, project, , ...name] = urn.split("::");
  const stack = head.replace(/^urn:pulumi:/, "");
  return { stack, project, name: name.join("::") };
}
