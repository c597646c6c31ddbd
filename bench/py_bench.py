#!/usr/bin/env python3
"""The Python benchmarks of b44sso (package base44_sso), in one process.

    py_bench.py uncached   base44_sso vs requests.Session vs httpx.Client, one thread, the
                           same request (same URL and headers, token taken out of the JSON),
                           in alternating rounds so noise hits all three (nginx)
    py_bench.py cached     cached fetches with cache_ttl_s=3600 (nginx)
    py_bench.py batch      client.sso.get_access_tokens of 200 users at 20 ms latency (stand-in)

Run with B44SSO_LIBRARY=build/lib/libb44sso.so and PYTHONPATH=bindings/python (bench/run.sh
does). Configuration: the BENCH_* variables of bench/run.sh. Prints "RESULT <key> <value>".
"""

from __future__ import annotations

import os
import sys
import time
import urllib.request

ROUNDS = max(1, min(64, int(float(os.environ.get("BENCH_ROUNDS", "5")))))
ROUND_S = float(os.environ.get("BENCH_ROUND_S", "0.5"))
NGINX = os.environ.get("BENCH_NGINX_URL", "http://127.0.0.1:8080")
STANDIN = os.environ.get("BENCH_STANDIN_URL", "")
APP = os.environ.get("BENCH_APP_ID", "bench-app")
SVC = os.environ.get("BENCH_SERVICE_TOKEN", "bench-service-token")
STANDIN_APP = os.environ.get("BENCH_STANDIN_APP_ID", "app-test")
STANDIN_SVC = os.environ.get("BENCH_STANDIN_SERVICE_TOKEN", "svc-test-token-7f3a9c")
TOKEN = os.environ.get("BENCH_TOKEN", "bench-opaque-token-7c1e9b40d2a54f36")
USER = "bench-user-42"


def result(key, value):
    print("RESULT %s %s" % (key, value), flush=True)


def timed_round(step, seconds, chunk=16):
    """Calls step() in chunks until `seconds` pass; returns (calls per second, calls)."""
    calls = 0
    clock = time.perf_counter
    t0 = t = clock()
    while t - t0 < seconds:
        for _ in range(chunk):
            step()
        calls += chunk
        t = clock()
    return calls / (t - t0), calls


def nginx_requests():
    """nginx's request counter (stub_status); the read itself counts as one."""
    with urllib.request.urlopen(NGINX + "/__nginx_status", timeout=5) as r:
        text = r.read().decode()
    return int(text.split("requests\n", 1)[1].split()[2])


def headers():
    import base44_sso
    return {
        "Accept": "application/json",
        "X-App-Id": APP,
        "Authorization": "Bearer " + SVC,
        "User-Agent": "b44sso/" + base44_sso.__version__,
    }


def b44_client(**options):
    import base44_sso
    return base44_sso.Client(app_id=APP, service_token=SVC, server_url=NGINX, **options)


def cmd_uncached():
    import base44_sso
    result("py_version", "%d.%d.%d" % sys.version_info[:3])
    url = "%s/api/apps/%s/auth/sso/accesstoken/%s" % (NGINX, APP, USER)
    loops = {}

    client = b44_client()
    get = client.sso.get_access_token

    def b44_step():
        if get(USER) != TOKEN:
            raise SystemExit("base44_sso: unexpected token")

    loops["b44"] = b44_step

    try:
        import requests
        session = requests.Session()
        session.headers.update(headers())
        result("py_requests_version", requests.__version__)

        def requests_step():
            r = session.get(url)
            r.raise_for_status()
            if r.json()["access_token"] != TOKEN:
                raise SystemExit("requests: unexpected token")

        loops["requests"] = requests_step
    except ImportError:
        result("py_requests_rate", "n.a. requests is not installed")

    try:
        import httpx
        hclient = httpx.Client(headers=headers())
        result("py_httpx_version", httpx.__version__)

        def httpx_step():
            r = hclient.get(url)
            r.raise_for_status()
            if r.json()["access_token"] != TOKEN:
                raise SystemExit("httpx: unexpected token")

        loops["httpx"] = httpx_step
    except ImportError:
        result("py_httpx_rate", "n.a. httpx is not installed")

    for step in loops.values():  # warm up: connection open, code paths hot
        timed_round(step, 0.2)

    before = nginx_requests()
    for _ in range(1000):
        b44_step()
    result("py_b44_requests_per_call", "%.3f" % ((nginx_requests() - before - 1) / 1000))

    names = list(loops)
    rates = {n: [] for n in names}
    for r in range(ROUNDS):
        order = names[r % len(names):] + names[:r % len(names)]  # rotate who goes first
        for n in order:
            rates[n].append(timed_round(loops[n], ROUND_S)[0])
        print("  round %d: %s" % (r + 1, ", ".join("%s %.0f/s" % (n, rates[n][-1]) for n in names)),
              file=sys.stderr)
    for n in names:
        result("py_%s_rounds" % n, ",".join("%.0f" % v for v in rates[n]))
        result("py_%s_rate" % n, "%.0f" % max(rates[n]))
        result("py_%s_rate_median" % n, "%.0f" % sorted(rates[n])[len(rates[n]) // 2])
    client.close()


def cmd_cached():
    import base44_sso
    try:
        client = b44_client(cache_ttl_s=3600)
    except base44_sso.InvalidArgumentError as exc:
        result("py_cached_rate", "n.a. not available in this build")
        result("py_cached_note", "cache_ttl_s refused: %s" % exc)
        return
    get = client.sso.get_access_token

    def step():
        get(USER)

    get(USER)
    before = nginx_requests()
    rates, calls = [], 0
    for _ in range(min(3, ROUNDS)):
        rate, n = timed_round(step, ROUND_S, chunk=1024)
        rates.append(rate)
        calls += n
    sent = nginx_requests() - before - 1
    result("py_cached_rounds", ",".join("%.0f" % v for v in rates))
    result("py_cached_requests_per_call", "%.6f" % (sent / calls))
    if sent > calls * 0.01:
        result("py_cached_rate", "n.a. cache_ttl_s accepted but calls still reach the server")
    else:
        result("py_cached_rate", "%.0f" % max(rates))
    client.close()


def cmd_batch():
    import base44_sso
    client = base44_sso.Client(app_id=STANDIN_APP, service_token=STANDIN_SVC, server_url=STANDIN)
    if not hasattr(client.sso, "get_access_tokens"):
        result("py_batch_s", "n.a. not available in this build (no client.sso.get_access_tokens)")
        client.close()
        return
    delay = int(float(os.environ.get("BENCH_DELAY_MS", "20")))
    ids = ["!delay_ms=%d&u=%d&run=py%d" % (delay, i, os.getpid()) for i in range(200)]
    client.sso.get_access_token("warm")
    best = None
    for _ in range(3):
        t0 = time.perf_counter()
        tokens = client.sso.get_access_tokens(ids)
        t = time.perf_counter() - t0
        if list(tokens) != ["at-" + i for i in ids]:
            raise SystemExit("get_access_tokens: unexpected tokens")
        best = t if best is None else min(best, t)
    result("py_batch_s", "%.4f" % best)
    client.close()


if __name__ == "__main__":
    {"uncached": cmd_uncached, "cached": cmd_cached, "batch": cmd_batch}[sys.argv[1]]()
