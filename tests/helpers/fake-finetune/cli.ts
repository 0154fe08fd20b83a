// Runs one fake fine-tuning service as its own process for end-to-end tests:
//   FAKE_FINETUNE_PROVIDER=openai|together|fireworks FAKE_FINETUNE_PORT=<port> tsx tests/helpers/fake-finetune/cli.ts
// Prints one JSON line {"url": <base URL>, "control": <origin>/__control} once listening. A test changes
// what the service does next with POST /__control and a JSON body of FakeControls fields (null resets
// one), plus: {"cancelJob": "<provider job id>"} cancels on the provider's side; (OpenAI)
// {"judgeTemplate": "...{winner}...", "judgeModel": "..."} change the fake judge. GET /__requests lists
// the requests seen (method and path).
import { startFakeFireworks } from "./fireworks";
import { startFakeOpenAIFineTuning } from "./openai";
import { startFakeTogether } from "./together";

const provider = process.env.FAKE_FINETUNE_PROVIDER ?? "openai";
const port = Number(process.env.FAKE_FINETUNE_PORT ?? 0);

const fake =
  provider === "together"
    ? await startFakeTogether({ port })
    : provider === "fireworks"
      ? await startFakeFireworks({ port })
      : await startFakeOpenAIFineTuning({ port });

// The parent process reads this line to learn the addresses.
console.log(JSON.stringify({ provider, url: fake.url, control: `${fake.origin}/__control` }));

const shutdown = () => void fake.close().then(() => process.exit(0));
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
