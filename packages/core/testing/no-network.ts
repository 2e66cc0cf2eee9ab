// Tests never leave the machine: any fetch beyond loopback fails loudly instead of going out.
const real = globalThis.fetch;
globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) {
    throw new Error(`test tried to reach ${url.host}: tests must use the schema mirror or a loopback server`);
  }
  return real(input, init);
}) as typeof fetch;
