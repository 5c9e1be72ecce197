import * as pulumi from "@pulumi/pulumi";

/** The floor: dynamic resources whose provider does no work at all. */
const provider: pulumi.dynamic.ResourceProvider = {
  check: async (_olds, news) => ({ inputs: news }),
  diff: async () => ({ changes: false }),
  create: async (inputs) => ({ id: String(inputs.label), outs: inputs }),
};

class Trivial extends pulumi.dynamic.Resource {
  constructor(name: string) {
    super(provider, name, { label: name });
  }
}

const config = new pulumi.Config();
const count = config.requireNumber("count");
for (let index = 0; index < count; index++) {
  new Trivial(`trivial-${index}`);
}
