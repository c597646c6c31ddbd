// Uncached token fetches with Node's built-in fetch (undici), which is what the Base44
// JavaScript SDK's call amounts to: the same URL and headers as b44sso sends, the token taken
// out of the JSON answer, one request at a time (undici keeps the connection alive).
// Configuration: BENCH_NGINX_URL, BENCH_APP_ID, BENCH_SERVICE_TOKEN, BENCH_TOKEN,
// BENCH_ROUNDS, BENCH_ROUND_S, BENCH_UA. Prints "RESULT <key> <value>" lines.
const env = process.env;
const base = env.BENCH_NGINX_URL ?? "http://127.0.0.1:8080";
const app = env.BENCH_APP_ID ?? "bench-app";
const expected = env.BENCH_TOKEN ?? "bench-opaque-token-7c1e9b40d2a54f36";
const rounds = Math.max(1, Math.min(64, Number(env.BENCH_ROUNDS ?? 5)));
const roundS = Number(env.BENCH_ROUND_S ?? 0.5);
const url = `${base}/api/apps/${app}/auth/sso/accesstoken/bench-user-42`;
const headers = {
  Accept: "application/json",
  "X-App-Id": app,
  Authorization: `Bearer ${env.BENCH_SERVICE_TOKEN ?? "bench-service-token"}`,
  "User-Agent": env.BENCH_UA ?? "b44sso/0.1.0",
};

async function fetchToken() {
  const r = await fetch(url, { headers });
  if (!r.ok) throw new Error(`HTTP ${r.status}`);
  const body = await r.json();
  if (body.access_token !== expected) throw new Error("unexpected token");
}

async function timedRound(seconds) {
  let calls = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < seconds * 1000) {
    for (let k = 0; k < 16; k++) await fetchToken();
    calls += 16;
    t = performance.now();
  }
  return (calls * 1000) / (t - t0);
}

await timedRound(1.0); // warm up: connection open, JIT done (V8 needs a while)
const rates = [];
for (let r = 0; r < rounds; r++) rates.push(await timedRound(roundS));
const sorted = [...rates].sort((a, b) => a - b);
console.log(`RESULT node_version ${process.versions.node}`);
console.log(`RESULT node_rounds ${rates.map((v) => v.toFixed(0)).join(",")}`);
console.log(`RESULT node_rate ${Math.max(...rates).toFixed(0)}`);
console.log(`RESULT node_rate_median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)}`);
