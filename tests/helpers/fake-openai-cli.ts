// Runs the fake OpenAI-compatible upstream as its own process for end-to-end tests and benchmarks,
// with a small control server so a test in another process can change what it does next:
//   POST /scenario {…Scenario}   (null values reset a field)     GET /requests
// Usage: tsx tests/helpers/fake-openai-cli.ts  (FAKE_OPENAI_PORT, FAKE_OPENAI_CONTROL_PORT)
import { createServer } from "node:http";
import { startFakeOpenAI } from "./fake-openai";

const port = Number(process.env.FAKE_OPENAI_PORT ?? 0);
const controlPort = Number(process.env.FAKE_OPENAI_CONTROL_PORT ?? 0);

const fake = await startFakeOpenAI({ port });
const control = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    if (request.method === "POST" && request.url === "/scenario") {
      const raw = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
      const scenario = Object.fromEntries(
        Object.entries(raw).map(([k, v]) => [k, v === null ? undefined : v]),
      );
      fake.setScenario(scenario);
      response.writeHead(204).end();
    } else if (request.method === "GET" && request.url === "/requests") {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(fake.requests));
    } else {
      response.writeHead(404).end();
    }
  });
});
control.listen(controlPort, "127.0.0.1", () => {
  const address = control.address();
  const actual = typeof address === "object" && address ? address.port : controlPort;
  // The parent process reads this line to learn both addresses.
  console.log(JSON.stringify({ url: fake.url, control: `http://127.0.0.1:${actual}` }));
});

const shutdown = () => {
  control.close();
  void fake.close().then(() => process.exit(0));
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
