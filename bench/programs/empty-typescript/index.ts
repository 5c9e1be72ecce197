// Nothing: what the CLI, the Node language host and @pulumi/pulumi cost by themselves.
export {};
