/* The C benchmarks of b44sso. One binary, one subcommand per benchmark:
 *
 *   bench_c uncached    b44sso vs a plain libcurl loop and a tuned one (pre-parsed URL), one
 *                       thread, one keep-alive connection each, in this one process, in
 *                       interleaved rounds (nginx)
 *   bench_c cached      cached fetches (cache_ttl_s=3600; nginx's answer is an opaque token)
 *   bench_c batch       200 users at 20 ms latency: b44_sso_get_access_tokens vs one by one
 *                       (the stand-in)
 *   bench_c rss         VmRSS after 1,000 and after 100,000 uncached calls (nginx)
 *   bench_c callgrind b44|curl|curlu N
 *                       N uncached calls inside CALLGRIND_START/STOP_INSTRUMENTATION, for
 *                       `valgrind --tool=callgrind --instr-atstart=no` (nginx)
 *
 * Configuration comes from the environment (bench/run.sh sets it): BENCH_NGINX_URL,
 * BENCH_STANDIN_URL, BENCH_APP_ID, BENCH_SERVICE_TOKEN, BENCH_TOKEN, B44SSO_LIBRARY,
 * BENCH_ROUNDS (rounds of each side, default 5), BENCH_ROUND_S (seconds a round, default 0.5);
 * bench/run.sh uses 21 rounds of 0.15 s for `uncached`.
 */
#include "common.h"

#include <unistd.h>
#include <valgrind/callgrind.h>

#define USER_ID "bench-user-42"

static const char *user_agent(const b44_api *api) {
  static char ua[64];
  snprintf(ua, sizeof ua, "b44sso/%s", api->version());
  return ua;
}

/* Calls made by the last TIMED_ROUND. */
static long last_round_calls;

/* Runs `step` in chunks until `seconds` have passed; returns calls per second. */
#define TIMED_ROUND(seconds, chunk, step)                    \
  ({                                                         \
    long calls_ = 0;                                         \
    double t0_ = now_s(), t_ = t0_;                          \
    while (t_ - t0_ < (seconds)) {                           \
      for (int k_ = 0; k_ < (chunk); k_++) { step; }         \
      calls_ += (chunk);                                     \
      t_ = now_s();                                          \
    }                                                        \
    last_round_calls = calls_;                               \
    (double)calls_ / (t_ - t0_);                             \
  })

static int rounds(void) {
  int r = (int)env_double("BENCH_ROUNDS", 5);
  return r < 1 ? 1 : r > 64 ? 64 : r;
}

static int cmd_uncached(const b44_api *api, const bench_env *e) {
  char why[512], url[1024];
  b44_client *c = make_client(api, e->nginx_url, e->app_id, e->service_token, why, sizeof why, NULL);
  if (!c) die("%s", why);
  curl_loop l, t;
  token_url(url, sizeof url, e->nginx_url, e->app_id, USER_ID);
  curl_loop_init(&l, url, e->app_id, e->service_token, user_agent(api));
  curl_loop_init(&t, url, e->app_id, e->service_token, user_agent(api));
  curl_loop_parse_url_once(&t, url);
  double T = env_double("BENCH_ROUND_S", 0.5);
  int R = rounds();

  /* Warm up all three (connections open, caches and branch predictors warm). */
  TIMED_ROUND(0.2, 16, b44_fetch(api, c, USER_ID, e->token));
  TIMED_ROUND(0.2, 16, curl_loop_fetch(&l));
  TIMED_ROUND(0.2, 16, curl_loop_fetch(&t));

  /* What each loop sends: one request per call, no new connection. */
  nginx_counts a = nginx_status(e->nginx_url);
  for (int i = 0; i < 1000; i++) b44_fetch(api, c, USER_ID, e->token);
  nginx_counts b = nginx_status(e->nginx_url);
  for (int i = 0; i < 1000; i++) curl_loop_fetch(&l);
  nginx_counts d = nginx_status(e->nginx_url);
  /* Each status read is itself one request on one new connection. */
  result("c_b44_requests_per_call", "%.3f", (double)(b.requests - a.requests - 1) / 1000);
  result("c_b44_new_connections", "%ld", b.accepts - a.accepts - 1);
  result("c_curl_requests_per_call", "%.3f", (double)(d.requests - b.requests - 1) / 1000);
  result("c_curl_new_connections", "%ld", d.accepts - b.accepts - 1);

  double rb[64], rc[64], rt[64];
  /* Every order of the three loops in turn: a slow drift of the machine hits all alike. */
  static const char orders[6][3] = {"bct", "tcb", "ctb", "btc", "tbc", "cbt"};
  for (int r = 0; r < R; r++) {
    for (int k = 0; k < 3; k++) {
      switch (orders[r % 6][k]) {
      case 'b': rb[r] = TIMED_ROUND(T, 16, b44_fetch(api, c, USER_ID, e->token)); break;
      case 'c': rc[r] = TIMED_ROUND(T, 16, curl_loop_fetch(&l)); break;
      default: rt[r] = TIMED_ROUND(T, 16, curl_loop_fetch(&t)); break;
      }
    }
    fprintf(stderr, "  round %d: libcurl %.0f/s, tuned libcurl %.0f/s, b44sso %.0f/s\n", r + 1, rc[r], rt[r], rb[r]);
  }
  result_list("c_curl_rounds", rc, R);
  result_list("c_curlu_rounds", rt, R);
  result_list("c_b44_rounds", rb, R);
  result("c_curl_rate", "%.0f", maximum(rc, R));
  result("c_curlu_rate", "%.0f", maximum(rt, R));
  result("c_b44_rate", "%.0f", maximum(rb, R));
  result("c_curl_rate_median", "%.0f", median(rc, R));
  result("c_curlu_rate_median", "%.0f", median(rt, R));
  result("c_b44_rate_median", "%.0f", median(rb, R));
  curl_loop_free(&l);
  curl_loop_free(&t);
  api->client_free(c);
  return 0;
}

static int cmd_cached(const b44_api *api, const bench_env *e) {
  char why[512];
  b44_client *c = make_client(api, e->nginx_url, e->app_id, e->service_token, why, sizeof why,
                              "cache_ttl_s", "3600", (const char *)NULL);
  if (!c) {
    result_na("c_cached_rate", "not available in this build");
    result("c_cached_note", "%s", why);
    return 0;
  }
  b44_fetch(api, c, USER_ID, e->token); /* fills the cache */
  bench_stats s0 = {0, 0, 0}, s1 = {0, 0, 0};
  if (api->client_stats) api->client_stats(c, &s0, sizeof s0);
  nginx_counts a = nginx_status(e->nginx_url);
  double T = env_double("BENCH_ROUND_S", 0.5), rate[64];
  long calls = 0;
  int R = rounds() < 3 ? rounds() : 3;
  for (int r = 0; r < R; r++) {
    rate[r] = TIMED_ROUND(T, 1024, b44_fetch(api, c, USER_ID, e->token));
    calls += last_round_calls;
  }
  nginx_counts b = nginx_status(e->nginx_url);
  double sent = (double)(b.requests - a.requests - 1);
  if (api->client_stats && api->client_stats(c, &s1, sizeof s1) == B44_OK)
    result("c_cached_stats", "%llu hits, %llu misses, %llu requests during %ld calls", s1.cache_hits - s0.cache_hits,
           s1.cache_misses - s0.cache_misses, s1.requests - s0.requests, calls);
  result_list("c_cached_rounds", rate, R);
  result("c_cached_requests_per_call", "%.6f", calls ? sent / (double)calls : 0.0);
  if (sent > (double)calls * 0.01) {
    /* The option was taken but calls still go to the server: not a cache hit figure. */
    result_na("c_cached_rate", "cache_ttl_s accepted but calls still reach the server");
    result("c_cached_uncached_rate", "%.0f", maximum(rate, R));
  } else {
    result("c_cached_rate", "%.0f", maximum(rate, R));
  }
  api->client_free(c);
  return 0;
}

#define BATCH_USERS 200

static long standin_connections(const char *base) {
  curl_loop l;
  char url[512];
  long n = -1;
  snprintf(url, sizeof url, "%s/__admin/stats", base);
  curl_loop_init(&l, url, "-", "-", "bench-status");
  if (curl_easy_perform(l.h) == CURLE_OK) {
    l.body[l.len] = 0;
    const char *p = strstr(l.body, "\"connections\":");
    if (p) n = atol(p + 14);
  }
  curl_loop_free(&l);
  return n;
}

static double run_batches(const b44_api *api, b44_client *c, const char *const *id_ptrs,
                          char expect[][100], double *first);

static int cmd_batch(const b44_api *api, const bench_env *e) {
  char why[512];
  if (!*e->standin_url) die("BENCH_STANDIN_URL is not set");
  int delay = (int)env_double("BENCH_DELAY_MS", 20);
  /* Fresh ids each run of this program, so no server-side counter or client cache can help. */
  static char ids[BATCH_USERS][96], expect[BATCH_USERS][100];
  const char *id_ptrs[BATCH_USERS];
  unsigned tag = (unsigned)getpid();
  for (int i = 0; i < BATCH_USERS; i++) {
    snprintf(ids[i], sizeof ids[i], "!delay_ms=%d&u=%d&run=%u", delay, i, tag);
    snprintf(expect[i], sizeof expect[i], "at-%.95s", ids[i]);
    id_ptrs[i] = ids[i];
  }
  b44_client *c = make_client(api, e->standin_url, e->standin_app_id, e->standin_service_token, why,
                              sizeof why, NULL);
  if (!c) die("%s", why);
  b44_fetch(api, c, "warm", "at-warm"); /* one connection open, as a long-lived client has */
  result("batch_users", "%d", BATCH_USERS);
  result("batch_delay_ms", "%d", delay);

  double t0 = now_s();
  for (int i = 0; i < BATCH_USERS; i++) b44_fetch(api, c, ids[i], expect[i]);
  double one_by_one = now_s() - t0;
  result("batch_one_by_one_s", "%.4f", one_by_one);

  if (!api->get_access_tokens) {
    result_na("batch_s", "not available in this build (no b44_sso_get_access_tokens)");
    api->client_free(c);
    return 0;
  }
  double first = 0;
  long conns_before = standin_connections(e->standin_url);
  double best = run_batches(api, c, id_ptrs, expect, &first);
  long conns_after = standin_connections(e->standin_url);
  result("batch_s", "%.4f", best);
  result("batch_first_s", "%.4f", first);
  if (conns_before >= 0 && conns_after >= 0) result("batch_connections", "%ld", conns_after - conns_before);
  api->client_free(c);

  /* The same with a larger connection bound, when the build has that option: shows whether
   * the default bound is what limits the batch. */
  const char *wide = env_or("BENCH_BATCH_WIDE_CONNECTIONS", "16");
  c = make_client(api, e->standin_url, e->standin_app_id, e->standin_service_token, why, sizeof why,
                  "max_connections", wide, (const char *)NULL);
  if (!c) {
    result("batch_wide_note", "%s", why);
    return 0;
  }
  b44_fetch(api, c, "warm", "at-warm");
  result("batch_wide_connections", "%s", wide);
  result("batch_wide_s", "%.4f", run_batches(api, c, id_ptrs, expect, &first));
  api->client_free(c);
  return 0;
}

/* Three batch calls of every id; checks every answer; returns the best time. */
static double run_batches(const b44_api *api, b44_client *c, const char *const *id_ptrs,
                          char expect[][100], double *first) {
  char *tokens[BATCH_USERS];
  b44_error *errors[BATCH_USERS];
  double best = 1e9;
  for (int r = 0; r < 3; r++) {
    memset(tokens, 0, sizeof tokens);
    memset(errors, 0, sizeof errors);
    double t0 = now_s();
    b44_code code = api->get_access_tokens(c, id_ptrs, BATCH_USERS, tokens, errors);
    double t = now_s() - t0;
    for (int i = 0; i < BATCH_USERS; i++) {
      if (errors[i] || !tokens[i] || strcmp(tokens[i], expect[i]) != 0)
        die("batch entry %d failed (%s): %s", i, api->code_name(code),
            errors[i] ? api->error_message(errors[i]) : "wrong or missing token");
      api->string_free(tokens[i]);
    }
    if (code != B44_OK) die("batch returned %s with every entry right", api->code_name(code));
    if (r == 0) *first = t;
    if (t < best) best = t;
  }
  return best;
}

static long vm_rss_kib(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kib = -1;
  if (!f) return -1;
  while (fgets(line, sizeof line, f))
    if (strncmp(line, "VmRSS:", 6) == 0) kib = atol(line + 6);
  fclose(f);
  return kib;
}

static int cmd_rss(const b44_api *api, const bench_env *e) {
  char why[512];
  b44_client *c = make_client(api, e->nginx_url, e->app_id, e->service_token, why, sizeof why, NULL);
  if (!c) die("%s", why);
  long total = (long)env_double("BENCH_RSS_CALLS", 100000);
  long marks[] = {1000, 10000, total};
  long done = 0, rss[3];
  for (int m = 0; m < 3; m++) {
    for (; done < marks[m]; done++) b44_fetch(api, c, USER_ID, e->token);
    rss[m] = vm_rss_kib();
  }
  result("rss_calls", "%ld", total);
  result("rss_after_1000_kib", "%ld", rss[0]);
  result("rss_after_10000_kib", "%ld", rss[1]);
  result("rss_after_all_kib", "%ld", rss[2]);
  result("rss_growth_kib", "%ld", rss[2] - rss[0]);
  api->client_free(c);
  return 0;
}

static int cmd_callgrind(const b44_api *api, const bench_env *e, const char *which, long n) {
  char why[512], url[1024];
  if (strcmp(which, "b44") == 0) {
    b44_client *c = make_client(api, e->nginx_url, e->app_id, e->service_token, why, sizeof why, NULL);
    if (!c) die("%s", why);
    for (int i = 0; i < 200; i++) b44_fetch(api, c, USER_ID, e->token);
    CALLGRIND_START_INSTRUMENTATION;
    for (long i = 0; i < n; i++) b44_fetch(api, c, USER_ID, e->token);
    CALLGRIND_STOP_INSTRUMENTATION;
    api->client_free(c);
  } else {
    curl_loop l;
    token_url(url, sizeof url, e->nginx_url, e->app_id, USER_ID);
    curl_loop_init(&l, url, e->app_id, e->service_token, user_agent(api));
    if (strcmp(which, "curlu") == 0) curl_loop_parse_url_once(&l, url);
    for (int i = 0; i < 200; i++) curl_loop_fetch(&l);
    CALLGRIND_START_INSTRUMENTATION;
    for (long i = 0; i < n; i++) curl_loop_fetch(&l);
    CALLGRIND_STOP_INSTRUMENTATION;
    curl_loop_free(&l);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) die("usage: bench_c uncached|cached|batch|rss|callgrind b44|curl|curlu N");
  b44_api api;
  b44_load(&api, default_library());
  bench_env e = read_env();
  const char *cmd = argv[1];
  if (strcmp(cmd, "uncached") == 0) {
    result("lib_version", "%s", api.version());
    result("lib_has_batch", "%s", api.get_access_tokens ? "yes" : "no");
    return cmd_uncached(&api, &e);
  }
  if (strcmp(cmd, "cached") == 0) return cmd_cached(&api, &e);
  if (strcmp(cmd, "batch") == 0) return cmd_batch(&api, &e);
  if (strcmp(cmd, "rss") == 0) return cmd_rss(&api, &e);
  if (strcmp(cmd, "callgrind") == 0 && argc == 4) return cmd_callgrind(&api, &e, argv[2], atol(argv[3]));
  die("unknown command %s", cmd);
  return 2;
}
