import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { signIn, signUp, uniqueEmail } from "./helpers";
import { answers, send, waitForAnswer } from "./chat-helpers";
import { pidListeningOn, postChunked, rssBytes, watchPeakRss } from "./server-process";

// Request bodies, cross-site requests and security headers, against the production server.
const port = Number(process.env.E2E_PORT ?? 3100);
const origin = `http://127.0.0.1:${port}`;
const MB = 1024 * 1024;

async function conversationCount(page: Page): Promise<number> {
  const response = await page.request.get("/api/me/data");
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { conversations: unknown[] }).conversations.length;
}

async function cookieHeader(page: Page): Promise<string> {
  const cookies = await page.context().cookies(origin);
  return cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
}

test.describe.serial("HTTP hardening", () => {
  const email = uniqueEmail("http");

  test("pages carry a nonce-based CSP, nosniff, a referrer policy and no X-Powered-By", async ({
    page,
    request,
  }) => {
    const first = await request.get("/sign-in");
    const headers = first.headers();
    const csp = headers["content-security-policy"] ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["x-powered-by"]).toBeUndefined();
    // Every script of the page carries this response's nonce, and the next response has another.
    const scripts = (await first.text()).match(/<script[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const second = await request.get("/sign-in");
    expect(second.headers()["content-security-policy"]).not.toContain(nonce);
    const api = await request.get("/api/me/data");
    expect(api.headers()["x-content-type-options"]).toBe("nosniff");
    expect(api.headers()["x-powered-by"]).toBeUndefined();

    // The browser runs the app under the policy: no violation, and the inline theme script ran.
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.addInitScript(() => localStorage.setItem("theme", "dark"));
    await signUp(page, "Header Checker", email);
    await expect(page.locator("html")).toHaveClass(/dark/);
    await send(page, "Hello under a strict policy");
    await waitForAnswer(page);
    await expect(answers(page)).toHaveCount(1);
    expect(violations).toEqual([]);
  });

  test("a 50 MB chunked body gets 401 anonymous and 413 signed in, without growing the server", async ({
    page,
  }) => {
    await signIn(page, email);
    const cookie = await cookieHeader(page);
    const json = { "content-type": "application/json" };
    const cases: [string, Record<string, string>, number][] = [
      ["/api/chat", json, 401],
      ["/api/chat", { ...json, cookie }, 413],
      ["/api/events", json, 401],
      ["/api/events", { ...json, cookie }, 413],
    ];
    const server = pidListeningOn(port);
    // Warm up with the same traffic: loading each route's code and sizing the JavaScript heap and the
    // allocator for three bodies at once are not what is measured (after the earlier specs, a server
    // grew 35 MB on its first such round). Three bodies at once, held whole, would still show: 150 MB.
    for (const [path, headers, status] of cases) {
      const warmUp = await Promise.all(
        [1, 2, 3].map(() => postChunked(`${origin}${path}`, headers, 50 * MB)),
      );
      expect(warmUp.map((answer) => answer.status)).toEqual([status, status, status]);
    }
    // The highest memory while three such bodies arrive at once, per case (a body held whole would
    // show at its peak, even if it were freed before the end).
    const before = rssBytes(server);
    const peak = watchPeakRss(server);
    for (const [path, headers, status] of cases) {
      const answers = await Promise.all(
        [1, 2, 3].map(() => postChunked(`${origin}${path}`, headers, 50 * MB)),
      );
      expect(answers.map((answer) => answer.status)).toEqual([status, status, status]);
    }
    const grown = peak.stop() - before;
    expect(grown, `RSS grew by ${(grown / MB).toFixed(1)} MB`).toBeLessThan(20 * MB);
  });

  test("a server action body over the limit gets 413, not 500", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("not the password");
    const action = page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]);
    await page.getByRole("button", { name: "Sign in" }).click();
    const actionId = (await action).headers()["next-action"]!;
    const body = "x".repeat(MB + 1024);
    const declared = await page.request.post("/sign-in", {
      headers: { "next-action": actionId, "content-type": "text/plain;charset=UTF-8" },
      data: body,
    });
    expect(declared.status()).toBe(413);
    const chunked = await postChunked(
      `${origin}/sign-in`,
      { "next-action": actionId, "content-type": "text/plain;charset=UTF-8" },
      3 * MB,
    );
    expect(chunked.status).toBe(413);
    // Signed in, on a page: the proxy checks the caller, then counts the body. (Memory is not measured
    // here: Next.js takes in the whole body before the proxy's answer leaves, at most 2 MiB at a time,
    // and the allocator's churn from 150 MB passing through is not something this fix changes.)
    await signIn(page, email);
    const cookie = await cookieHeader(page);
    const signedIn = await postChunked(
      `${origin}/`,
      { "next-action": actionId, "content-type": "text/plain;charset=UTF-8", cookie },
      50 * MB,
    );
    expect(signedIn.status).toBe(413);
  });

  test("a text/plain form on another origin of the same site cannot post a chat or an event", async ({
    page,
  }) => {
    await signIn(page, email);
    const conversationsBefore = await conversationCount(page);

    // Same host, another port: the same site, so the session cookie (SameSite=Lax) goes along.
    const chat = JSON.stringify({
      trigger: "submit",
      conversationId: null,
      parentId: null,
      message: { id: "6f1c1d3e-0000-4000-8000-000000000001", text: "forged" },
    });
    const form = (action: string, json: string) => {
      // text/plain sends `name=value`: the JSON is split around one "=" inside a string.
      const cut = json.indexOf("forged") + 3;
      return `<form method="POST" enctype="text/plain" action="${origin}${action}">
        <input name='${json.slice(0, cut)}' value='${json.slice(cut + 1)}'></form>
        <script>document.forms[0].submit()</script>`;
    };
    const attacker = http.createServer((req, res) => {
      res.setHeader("content-type", "text/html");
      res.end(req.url === "/events" ? form("/api/events", chat) : form("/api/chat", chat));
    });
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    const attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    try {
      for (const path of ["/chat", "/events"]) {
        const response = page.waitForResponse(
          (r) => r.url().startsWith(`${origin}/api/`) && r.request().method() === "POST",
        );
        await page.goto(`${attackerOrigin}${path}`);
        expect((await response).status()).toBe(403);
      }
    } finally {
      attacker.close();
    }
    expect(await conversationCount(page)).toBe(conversationsBefore);

    // From the app's own origin, a body not declared as JSON is refused too.
    await page.goto("/");
    const status = await page.evaluate(
      async (body) =>
        (await fetch("/api/chat", { method: "POST", headers: { "content-type": "text/plain" }, body }))
          .status,
      chat,
    );
    expect(status).toBe(415);
    expect(await conversationCount(page)).toBe(conversationsBefore);
  });

  test("NUL in a chat message is a 400 with a field message", async ({ page }) => {
    await signIn(page, email);
    const response = await page.request.post("/api/chat", {
      headers: { "content-type": "application/json" },
      data: JSON.stringify({
        trigger: "submit",
        conversationId: null,
        parentId: null,
        message: { id: "6f1c1d3e-0000-4000-8000-000000000002", text: "nul \u0000 here" },
      }),
    });
    expect(response.status()).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("VALIDATION");
  });

  test("the last signals leave with a sendBeacon JSON Blob when the page goes away, and are recorded", async ({
    page,
  }) => {
    await signIn(page, email);
    await send(page, "Something to copy");
    await waitForAnswer(page);
    await page.evaluate(() => {
      // Watch the beacon leave (the browser's own sendBeacon still sends it).
      const original = navigator.sendBeacon.bind(navigator);
      (window as unknown as { beacons: number }).beacons = 0;
      navigator.sendBeacon = (url, data) => {
        (window as unknown as { beacons: number }).beacons += 1;
        return original(url, data);
      };
    });
    const recorded = page.waitForResponse((r) => r.url().endsWith("/api/events"));
    await answers(page).first().getByRole("button", { name: "Copy", exact: true }).click();
    // The copy resolves asynchronously; the signal is queued once the button says so.
    await expect(answers(page).first().getByRole("button", { name: "Copied", exact: true })).toBeVisible();
    // Hidden before the two-second batch timer: the queue leaves as a beacon.
    await page.evaluate(() => {
      Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
      document.dispatchEvent(new Event("visibilitychange"));
    });
    expect(await page.evaluate(() => (window as unknown as { beacons: number }).beacons)).toBe(1);
    const response = await recorded;
    expect(response.request().headers()["content-type"]).toBe("application/json");
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ recorded: 1 });
  });
});
