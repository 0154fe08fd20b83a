// Debian's nginx in front of the instances, configured as docs/deploy.md recommends for streaming,
// run by this script from a temp dir (its own pid file, logs and temp paths; `daemon off`). Two
// listeners: one whose upstream is instance A alone, one with A and B, so the 1-instance and
// 2-instance figures come from the same nginx, the same instances and the same run.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import { onCleanup } from "./cleanup";
import { freePort, sleep } from "./ports";

export const NGINX = "/usr/sbin/nginx";

export type Nginx = {
  /** Through nginx to instance A only. */
  oneUrl: string;
  /** Through nginx to A and B. */
  twoUrl: string;
  /** The master and its workers, for their CPU time. */
  pids(): number[];
  errorLog(): string;
};

/** nginx's error-log lines by kind ("connect() failed (111: Connection refused)": 12, …). */
export function errorKinds(lines: string[]): string {
  const counts = new Map<string, number>();
  for (const line of lines) {
    // "2026/12/07 02:40:33 [warn] 14437#14437: *11 upstream server temporarily disabled while …, client: …"
    const kind = line.replace(/^[\d/: ]+\[(\w+)\] \d+#\d+: (\*\d+ )?/, "$1: ").replace(/, client: .*$/, "");
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return counts.size === 0 ? "none" : [...counts].map(([kind, n]) => `${n} × ${kind}`).join("; ");
}

/** Installs Debian's nginx package when the binary is missing (the issue allows the script to). */
export function ensureNginx(): void {
  if (existsSync(NGINX)) return;
  console.log(`${NGINX} is missing: installing Debian's nginx package (apt-get install -y nginx)…`);
  execFileSync("apt-get", ["install", "-y", "nginx"], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (!existsSync(NGINX)) throw new Error(`apt-get install nginx did not provide ${NGINX}`);
}

/** The `location /` of docs/deploy.md, minus TLS: what the bench proves about streaming and retries. */
const PROXY = `
        proxy_http_version 1.1;
        proxy_set_header Connection $connection_upgrade;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-Host $host;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Request-Id $request_id;
        proxy_buffering off;
        proxy_cache off;
        proxy_read_timeout 300s;
        proxy_send_timeout 300s;
        gzip off;
        proxy_connect_timeout 2s;
        proxy_next_upstream error timeout http_503 non_idempotent;
        proxy_next_upstream_tries 3;`;

/**
 * nginx's passive health check is off (max_fails=0): every request goes to its instance, and a
 * refused connection or a draining instance's 503 is retried on the other one. With max_fails=3
 * fail_timeout=10s, nginx took a draining instance's 503s as failures and, in 2 runs out of 5, passed
 * 29-34 of them to clients instead of retrying them; after a restart it also kept the instance out of
 * rotation for fail_timeout. proxy_connect_timeout bounds what a host that is down without refusing
 * connections costs a request before its retry.
 */

function config(dir: string, ports: { one: number; two: number }, a: number, b: number): string {
  const server = (port: number) => `server 127.0.0.1:${port} max_fails=0;`;
  return `# Written by npm run bench:cluster (scripts/bench/cluster/nginx.ts).
daemon off;
worker_processes auto;
worker_rlimit_nofile 16384;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 8192; }
http {
    access_log off;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    client_max_body_size 8m;

    # keepalive_timeout below the instances' own 5 s (Node.js's default): nginx must drop an idle
    # connection before the instance closes it, or a request sent on it as it closes is reset.
    upstream flywheel_one {
        ${server(a)}
        keepalive 64;
        keepalive_timeout 4s;
    }
    upstream flywheel_two {
        ${server(a)}
        ${server(b)}
        keepalive 64;
        keepalive_timeout 4s;
    }
    map $http_upgrade $connection_upgrade { default upgrade; "" ""; }

    server {
        listen 127.0.0.1:${ports.one};
        location / {
            proxy_pass http://flywheel_one;${PROXY}
        }
    }
    server {
        listen 127.0.0.1:${ports.two};
        location / {
            proxy_pass http://flywheel_two;${PROXY}
        }
    }
}
`;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export async function startNginx(dir: string, instancePorts: { a: number; b: number }): Promise<Nginx> {
  ensureNginx();
  // Workers run as nginx's default user when the master is root: they must reach the temp paths.
  chmodSync(dir, 0o755);
  const ports = { one: await freePort(), two: await freePort() };
  const file = path.join(dir, "nginx.conf");
  writeFileSync(file, config(dir, ports, instancePorts.a, instancePorts.b));
  execFileSync(NGINX, ["-t", "-q", "-p", dir, "-c", file], { stdio: "inherit" });
  const child: ChildProcess = spawn(NGINX, ["-p", dir, "-c", file], {
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  onCleanup("nginx", async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(child.pid!, "SIGTERM"); // fast shutdown: the load is over
    await Promise.race([exited, sleep(5_000)]);
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
  });
  const until = Date.now() + 10_000;
  while (!(await accepts(ports.one)) || !(await accepts(ports.two))) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}`);
    if (Date.now() > until) throw new Error("nginx did not listen within 10 s");
    await sleep(50);
  }
  const master = child.pid!;
  return {
    oneUrl: `http://127.0.0.1:${ports.one}`,
    twoUrl: `http://127.0.0.1:${ports.two}`,
    pids: () => [master, ...childrenOf(master)],
    errorLog: () =>
      existsSync(path.join(dir, "error.log")) ? readFileSync(path.join(dir, "error.log"), "utf8") : "",
  };
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}
