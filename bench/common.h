/* Shared helpers of the C benchmarks in bench/ (see bench/README.md).
 *
 * libb44sso is opened with dlopen(), never linked: the same binaries then measure any build
 * of the library (B44SSO_LIBRARY), the load-time benchmark can time the dlopen itself, and
 * functions that a build may not have yet (the batch call) are looked up with dlsym and
 * reported as "not available in this build" when absent.
 *
 * Every figure is printed on stdout as one line "RESULT <key> <value>"; bench/report.py
 * collects them. Everything else goes to stderr.
 */
#ifndef B44SSO_BENCH_COMMON_H
#define B44SSO_BENCH_COMMON_H

#define _GNU_SOURCE
#include <b44sso.h>
#include <curl/curl.h>
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- time and output ----------------------------------------------------------- */

static inline double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void result(const char *key, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  printf("RESULT %s ", key);
  vprintf(fmt, ap);
  printf("\n");
  fflush(stdout);
  va_end(ap);
}

/* A value that cannot be measured in this build: shown as n.a. with the reason. */
static void result_na(const char *key, const char *reason) { result(key, "n.a. %s", reason); }

static void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "bench: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n");
  va_end(ap);
  exit(1);
}

static const char *env_or(const char *name, const char *fallback) {
  const char *v = getenv(name);
  return v && *v ? v : fallback;
}

static double env_double(const char *name, double fallback) {
  const char *v = getenv(name);
  return v && *v ? atof(v) : fallback;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median(const double *v, int n) {
  double tmp[64];
  if (n <= 0 || n > 64) return 0;
  memcpy(tmp, v, sizeof(double) * (size_t)n);
  qsort(tmp, (size_t)n, sizeof(double), cmp_double);
  return n % 2 ? tmp[n / 2] : (tmp[n / 2 - 1] + tmp[n / 2]) / 2;
}

static double maximum(const double *v, int n) {
  double m = 0;
  for (int i = 0; i < n; i++)
    if (v[i] > m) m = v[i];
  return m;
}

/* "1.0 2.0 3.0" for the per-round figures. */
static void result_list(const char *key, const double *v, int n) {
  char buf[2048];
  size_t used = 0;
  buf[0] = 0;
  for (int i = 0; i < n && used < sizeof buf - 32; i++)
    used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%.0f", i ? "," : "", v[i]);
  result(key, "%s", buf);
}

/* ---- the library, through dlopen -------------------------------------------------- */

typedef b44_code (*batch_fn)(b44_client *, const char *const *, size_t, char **, b44_error **);

/* The leading fields of b44_stats (b44_client_stats fills only the fields a caller knows), so
 * the benchmarks build against headers with or without it. */
typedef struct {
  unsigned long long requests, cache_hits, cache_misses;
} bench_stats;
typedef b44_code (*stats_fn)(const b44_client *, bench_stats *, size_t);

typedef struct {
  void *dl;
  const char *(*version)(void);
  const char *(*code_name)(b44_code);
  b44_options *(*options_new)(void);
  b44_code (*options_set)(b44_options *, const char *, const char *, b44_error **);
  void (*options_free)(b44_options *);
  b44_code (*client_new)(const b44_options *, b44_client **, b44_error **);
  void (*client_free)(b44_client *);
  b44_code (*get_access_token)(b44_client *, const char *, char **, b44_error **);
  void (*string_free)(char *);
  const char *(*error_message)(const b44_error *);
  void (*error_free)(b44_error *);
  /* Optional: NULL when this build does not have it. */
  batch_fn get_access_tokens;
  stats_fn client_stats;
} b44_api;

static const char *default_library(void) { return env_or("B44SSO_LIBRARY", "build/lib/libb44sso.so"); }

static void *need_sym(void *dl, const char *name) {
  void *p = dlsym(dl, name);
  if (!p) die("the library has no %s", name);
  return p;
}

static void b44_load(b44_api *api, const char *path) {
  memset(api, 0, sizeof *api);
  api->dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!api->dl) die("cannot load %s: %s", path, dlerror());
  *(void **)&api->version = need_sym(api->dl, "b44_version");
  *(void **)&api->code_name = need_sym(api->dl, "b44_code_name");
  *(void **)&api->options_new = need_sym(api->dl, "b44_options_new");
  *(void **)&api->options_set = need_sym(api->dl, "b44_options_set");
  *(void **)&api->options_free = need_sym(api->dl, "b44_options_free");
  *(void **)&api->client_new = need_sym(api->dl, "b44_client_new");
  *(void **)&api->client_free = need_sym(api->dl, "b44_client_free");
  *(void **)&api->get_access_token = need_sym(api->dl, "b44_sso_get_access_token");
  *(void **)&api->string_free = need_sym(api->dl, "b44_string_free");
  *(void **)&api->error_message = need_sym(api->dl, "b44_error_message");
  *(void **)&api->error_free = need_sym(api->dl, "b44_error_free");
  *(void **)&api->get_access_tokens = dlsym(api->dl, "b44_sso_get_access_tokens");
  *(void **)&api->client_stats = dlsym(api->dl, "b44_client_stats");
}

/* Where and as whom the benchmarks talk: set by bench/run.sh. */
typedef struct {
  const char *nginx_url;   /* fixed-answer server (nginx) */
  const char *standin_url; /* latency-injecting stand-in */
  const char *app_id;      /* app of nginx's route */
  const char *standin_app_id;
  const char *service_token;
  const char *standin_service_token;
  const char *token;       /* what nginx answers */
} bench_env;

static bench_env read_env(void) {
  bench_env e;
  e.nginx_url = env_or("BENCH_NGINX_URL", "http://127.0.0.1:8080");
  e.standin_url = env_or("BENCH_STANDIN_URL", "");
  e.app_id = env_or("BENCH_APP_ID", "bench-app");
  e.standin_app_id = env_or("BENCH_STANDIN_APP_ID", "app-test");
  e.service_token = env_or("BENCH_SERVICE_TOKEN", "bench-service-token");
  e.standin_service_token = env_or("BENCH_STANDIN_SERVICE_TOKEN", "svc-test-token-7f3a9c");
  e.token = env_or("BENCH_TOKEN", "bench-opaque-token-7c1e9b40d2a54f36");
  return e;
}

/* Creates a client; extra options come as key, value pairs ending with NULL.
 * On an option the build refuses, returns NULL and puts the library's message in `why`. */
static b44_client *make_client(const b44_api *api, const char *url, const char *app, const char *svc,
                               char *why, size_t why_size, ...) {
  b44_options *o = api->options_new();
  b44_error *err = NULL;
  b44_client *c = NULL;
  const char *keys[3] = {"server_url", "app_id", "service_token"};
  const char *vals[3] = {url, app, svc};
  for (int i = 0; i < 3; i++)
    if (api->options_set(o, keys[i], vals[i], &err) != B44_OK) die("option %s: %s", keys[i], api->error_message(err));
  va_list ap;
  va_start(ap, why_size);
  for (;;) {
    const char *k = va_arg(ap, const char *);
    if (!k) break;
    const char *v = va_arg(ap, const char *);
    b44_code code = api->options_set(o, k, v, &err);
    if (code != B44_OK) {
      snprintf(why, why_size, "option %s=%s refused (%s: %s)", k, v, api->code_name(code), api->error_message(err));
      api->error_free(err);
      va_end(ap);
      api->options_free(o);
      return NULL;
    }
  }
  va_end(ap);
  if (api->client_new(o, &c, &err) != B44_OK) die("client: %s", api->error_message(err));
  api->options_free(o);
  return c;
}

/* One fetch through the library; exits on failure (a benchmark of errors measures nothing). */
static inline void b44_fetch(const b44_api *api, b44_client *c, const char *user, const char *expect) {
  char *tok = NULL;
  b44_error *err = NULL;
  b44_code code = api->get_access_token(c, user, &tok, &err);
  if (code != B44_OK) die("fetch %s failed: %s: %s", user, api->code_name(code), api->error_message(err));
  if (expect && strcmp(tok, expect) != 0) die("fetch %s: unexpected token", user);
  api->string_free(tok);
}

/* ---- the plain libcurl baseline ----------------------------------------------------- */
/* What a careful hand-written client does: one easy handle reused for every request (so one
 * keep-alive connection), the same URL and the same request headers as the library sends,
 * the body copied into a buffer. No JSON parsing, no timeouts, no per-call option setting. */

typedef struct {
  CURL *h;
  struct curl_slist *headers;
  char body[4096];
  size_t len;
  /* Set by curl_loop_parse_url_once: the URL handle, and the path each call sets on it. */
  CURLU *url;
  char path[512];
} curl_loop;

static size_t curl_loop_write(char *data, size_t size, size_t n, void *ud) {
  curl_loop *l = ud;
  size_t bytes = size * n;
  if (l->len + bytes >= sizeof l->body) return 0;
  memcpy(l->body + l->len, data, bytes);
  l->len += bytes;
  return bytes;
}

static void curl_loop_init(curl_loop *l, const char *url, const char *app, const char *svc, const char *ua) {
  char line[512];
  memset(l, 0, sizeof *l);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  l->h = curl_easy_init();
  if (!l->h) die("curl_easy_init failed");
  l->headers = curl_slist_append(l->headers, "Accept: application/json");
  snprintf(line, sizeof line, "X-App-Id: %s", app);
  l->headers = curl_slist_append(l->headers, line);
  snprintf(line, sizeof line, "Authorization: Bearer %s", svc);
  l->headers = curl_slist_append(l->headers, line);
  curl_easy_setopt(l->h, CURLOPT_URL, url);
  curl_easy_setopt(l->h, CURLOPT_HTTPHEADER, l->headers);
  curl_easy_setopt(l->h, CURLOPT_USERAGENT, ua);
  curl_easy_setopt(l->h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(l->h, CURLOPT_WRITEFUNCTION, curl_loop_write);
  curl_easy_setopt(l->h, CURLOPT_WRITEDATA, l);
}

/* The tuned variant (what b44sso itself does): the URL is parsed once into a CURLU handle
 * (CURLOPT_CURLU) and each call sets only its path, so libcurl does not parse and re-assemble
 * the whole URL on every transfer. */
static void curl_loop_parse_url_once(curl_loop *l, const char *url) {
  l->url = curl_url();
  if (!l->url || curl_url_set(l->url, CURLUPART_URL, url, 0) != CURLUE_OK) die("curl_url_set failed");
  char *path = NULL;
  if (curl_url_get(l->url, CURLUPART_PATH, &path, 0) != CURLUE_OK) die("curl_url_get failed");
  snprintf(l->path, sizeof l->path, "%s", path);
  curl_free(path);
  curl_easy_setopt(l->h, CURLOPT_CURLU, l->url);
}

static inline void curl_loop_fetch(curl_loop *l) {
  l->len = 0;
  if (l->url && curl_url_set(l->url, CURLUPART_PATH, l->path, 0) != CURLUE_OK) die("curl_url_set failed");
  CURLcode rc = curl_easy_perform(l->h);
  long status = 0;
  curl_easy_getinfo(l->h, CURLINFO_RESPONSE_CODE, &status);
  if (rc != CURLE_OK || status != 200) die("libcurl loop: %s, HTTP %ld", curl_easy_strerror(rc), status);
}

static void curl_loop_free(curl_loop *l) {
  curl_easy_cleanup(l->h);
  curl_url_cleanup(l->url);
  curl_slist_free_all(l->headers);
}

/* The URL the library builds for `user` (a plain id: no encoding needed). */
static void token_url(char *out, size_t size, const char *base, const char *app, const char *user) {
  snprintf(out, size, "%s/api/apps/%s/auth/sso/accesstoken/%s", base, app, user);
}

/* nginx's stub_status counters (accepted connections, requests), to check what a loop sent. */
typedef struct {
  long accepts, requests;
} nginx_counts;

static nginx_counts nginx_status(const char *base) {
  nginx_counts n = {-1, -1};
  curl_loop l;
  char url[512];
  snprintf(url, sizeof url, "%s/__nginx_status", base);
  curl_loop_init(&l, url, "-", "-", "bench-status");
  if (curl_easy_perform(l.h) == CURLE_OK) {
    l.body[l.len] = 0;
    /* "Active connections: 1 \nserver accepts handled requests\n 5 5 17 \n..." */
    const char *p = strstr(l.body, "requests\n");
    long handled;
    if (p) sscanf(p + 9, "%ld %ld %ld", &n.accepts, &handled, &n.requests);
  }
  curl_loop_free(&l);
  return n;
}

#endif
