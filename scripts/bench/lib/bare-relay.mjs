// bench:api's floor: the least a server can do to relay a streamed chat completion. Plain node:http,
// no database, no key, no validation: it forwards the request to the upstream, parses each SSE event
// and writes it back as an OpenAI chunk, as Flywheel's API does for every piece of text. Run as its
// own process (PORT, UPSTREAM in the environment) so that its CPU time can be read from /proc beside
// Flywheel's, in the same run, on the same machine: what Flywheel costs above it is Flywheel's own.
import http from "node:http";

const upstream = `${process.env.UPSTREAM}/chat/completions`;
const agent = new http.Agent({ keepAlive: true });

function relay(body, res) {
  const input = JSON.parse(body);
  const head = `data: {"id":"chatcmpl-relay","object":"chat.completion.chunk","created":0,"model":${JSON.stringify(input.model)},"choices":[{"index":0,"delta":{"content":`;
  const upstreamRequest = http.request(
    upstream,
    { method: "POST", agent, headers: { "content-type": "application/json" } },
    (answer) => {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      let buffer = "";
      answer.setEncoding("utf8");
      answer.on("data", (text) => {
        buffer += text;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!event.startsWith("data: ") || event === "data: [DONE]") continue;
          const content = JSON.parse(event.slice(6)).choices?.[0]?.delta?.content;
          if (content) res.write(`${head}${JSON.stringify(content)}},"finish_reason":null}]}\n\n`);
        }
      });
      answer.on("end", () => res.end("data: [DONE]\n\n"));
    },
  );
  upstreamRequest.on("error", () => res.destroy());
  upstreamRequest.end(JSON.stringify({ model: input.model, messages: input.messages, stream: true }));
}

http
  .createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => relay(body, res));
  })
  .listen(Number(process.env.PORT), "127.0.0.1", () => process.stdout.write("ready\n"));
