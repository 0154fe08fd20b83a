// A real TCP proxy in front of a PostgreSQL server, so that a test can restart "the database" its
// app talks to without touching the server that every other test shares: `down()` ends every proxied
// connection as a server shutdown does and closes the port (new connections are refused, as by a
// stopped server), `up()` listens again on the same port. The app under test gets `proxy.url(...)`
// as its DATABASE_URL; the test itself keeps a direct connection for its checks.
import net from "node:net";

/**
 * How the proxied connections end. `shutdown`: as PostgreSQL's fast shutdown (`pg_ctl restart`,
 * `systemctl restart`) does, each client first gets a FATAL ErrorResponse 57P01 ("terminating
 * connection due to administrator command"), then the connection is closed. `crash`: the connection
 * is reset with no goodbye, as when the server's host dies or a firewall drops it (ECONNRESET).
 */
export type KillMode = "shutdown" | "crash";

export type TcpProxy = {
  /** The port the proxy listens on (kept across down/up). */
  readonly port: number;
  /** `databaseUrl` with its host and port replaced by the proxy's. */
  url(databaseUrl: string): string;
  /** Connections accepted so far (each one a new physical connection of the app's pool). */
  readonly accepted: number;
  /** Connections open now. */
  readonly open: number;
  /** Ends every proxied connection and refuses new ones until `up()`. */
  down(mode?: KillMode): Promise<void>;
  /**
   * Ends every proxied connection and then accepts new ones without ever answering them, as a
   * database host that stopped answering (a network partition, a frozen VM) does: only the client's
   * own timeouts end the wait. Until `up()`.
   */
  stall(mode?: KillMode): Promise<void>;
  /** Accepts and forwards connections again, on the same port. */
  up(): Promise<void>;
  /** `down(mode)`, then `up()` after `downMs`; resolves once the proxy accepts again. */
  restart(downMs: number, mode?: KillMode): Promise<void>;
  /** Stops for good, ending every connection. */
  close(): Promise<void>;
};

/** PostgreSQL's ErrorResponse for a backend terminated by a shutdown (protocol v3). */
function adminShutdownMessage(): Buffer {
  const fields = [
    ["S", "FATAL"],
    ["V", "FATAL"],
    ["C", "57P01"],
    ["M", "terminating connection due to administrator command"],
  ]
    .map(([type, value]) => `${type}${value}\0`)
    .join("");
  const body = Buffer.from(`${fields}\0`, "utf8");
  const header = Buffer.alloc(5);
  header.write("E", 0, "latin1");
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

/**
 * Follows the server's side of the protocol (a type byte and a length per message) to know when the
 * client has received whole messages only: an ErrorResponse can be injected only between two. The
 * app connects without TLS, so the server's first byte already starts a message.
 */
class MessageBoundary {
  private header = Buffer.alloc(5);
  private headerBytes = 0;
  private remaining = 0;

  feed(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - offset);
        this.remaining -= take;
        offset += take;
        continue;
      }
      const take = Math.min(5 - this.headerBytes, chunk.length - offset);
      chunk.copy(this.header, this.headerBytes, offset, offset + take);
      this.headerBytes += take;
      offset += take;
      if (this.headerBytes === 5) {
        this.remaining = this.header.readInt32BE(1) - 4;
        this.headerBytes = 0;
      }
    }
  }

  get atBoundary(): boolean {
    return this.remaining === 0 && this.headerBytes === 0;
  }
}

type Pair = { client: net.Socket; server: net.Socket; boundary: MessageBoundary; killed: boolean };

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let accepted = 0;
  let listening = false;
  let stalled = false;
  const held = new Set<net.Socket>();

  const server = net.createServer((client) => {
    accepted++;
    if (stalled) {
      held.add(client);
      client.on("error", () => undefined);
      client.on("close", () => held.delete(client));
      return;
    }
    const upstream = net.connect(target.port, target.host);
    const pair: Pair = { client, server: upstream, boundary: new MessageBoundary(), killed: false };
    pairs.add(pair);
    upstream.on("data", (chunk: Buffer) => {
      pair.boundary.feed(chunk);
      client.write(chunk);
    });
    client.on("data", (chunk: Buffer) => upstream.write(chunk));
    const end = () => {
      // A killed pair ends its own way (the client may still be receiving its goodbye).
      if (pair.killed) return;
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    // Either side closing or failing ends both, as a real connection would.
    for (const socket of [client, upstream]) {
      socket.on("error", end);
      socket.on("close", end);
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  listening = true;
  const port = (server.address() as net.AddressInfo).port;

  function kill(pair: Pair, mode: KillMode): void {
    pairs.delete(pair);
    pair.killed = true;
    pair.server.destroy();
    if (mode === "shutdown" && pair.boundary.atBoundary) {
      pair.client.end(adminShutdownMessage());
    } else {
      // Mid-message there is no clean goodbye to give: the connection just dies.
      pair.client.resetAndDestroy();
    }
  }

  async function down(mode: KillMode = "shutdown"): Promise<void> {
    stalled = false;
    for (const socket of held) socket.resetAndDestroy();
    held.clear();
    if (listening) {
      listening = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const pair of [...pairs]) kill(pair, mode);
      await closed;
    } else {
      for (const pair of [...pairs]) kill(pair, mode);
    }
  }

  async function stall(mode: KillMode = "shutdown"): Promise<void> {
    await up();
    stalled = true;
    for (const pair of [...pairs]) kill(pair, mode);
  }

  async function up(): Promise<void> {
    stalled = false;
    for (const socket of held) socket.resetAndDestroy();
    held.clear();
    if (listening) return;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    listening = true;
  }

  return {
    port,
    url(databaseUrl) {
      const url = new URL(databaseUrl);
      url.hostname = "127.0.0.1";
      url.port = String(port);
      return url.toString();
    },
    get accepted() {
      return accepted;
    },
    get open() {
      return pairs.size;
    },
    down,
    stall,
    up,
    async restart(downMs, mode) {
      await down(mode);
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await up();
    },
    close: () => down("crash"),
  };
}
