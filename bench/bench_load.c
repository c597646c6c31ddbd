/* Time from dlopen() of the library to the first token in hand, in a fresh process.
 *
 *   bench_load b44    dlopen(libb44sso) + options + client + first b44_sso_get_access_token
 *   bench_load curl   dlopen(libcurl.so.4) + easy handle + first request, the same URL and
 *                     headers: what any libcurl-based client pays, for reference
 *
 * Linked against nothing but libc, so neither library is loaded before the clock starts.
 * bench/run.sh runs it several times (fresh processes) and reports the median.
 * Configuration: as bench_c (BENCH_NGINX_URL, BENCH_APP_ID, ..., B44SSO_LIBRARY).
 */
#define _GNU_SOURCE
#include <b44sso.h>
#include <curl/curl.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static const char *env_or(const char *name, const char *fallback) {
  const char *v = getenv(name);
  return v && *v ? v : fallback;
}

static void *sym(void *dl, const char *name) {
  void *p = dlsym(dl, name);
  if (!p) {
    fprintf(stderr, "bench_load: no %s\n", name);
    exit(1);
  }
  return p;
}

static size_t discard(char *d, size_t s, size_t n, void *u) {
  (void)d, (void)u;
  return s * n;
}

int main(int argc, char **argv) {
  const char *url = env_or("BENCH_NGINX_URL", "http://127.0.0.1:8080");
  const char *app = env_or("BENCH_APP_ID", "bench-app");
  const char *svc = env_or("BENCH_SERVICE_TOKEN", "bench-service-token");
  const char *expect = env_or("BENCH_TOKEN", "bench-opaque-token-7c1e9b40d2a54f36");
  const char *mode = argc > 1 ? argv[1] : "b44";

  if (strcmp(mode, "b44") == 0) {
    double t0 = now_ms();
    void *dl = dlopen(env_or("B44SSO_LIBRARY", "build/lib/libb44sso.so"), RTLD_NOW | RTLD_LOCAL);
    if (!dl) {
      fprintf(stderr, "bench_load: %s\n", dlerror());
      return 1;
    }
    double t_loaded = now_ms();
    b44_options *(*options_new)(void) = (b44_options * (*)(void)) sym(dl, "b44_options_new");
    b44_code (*options_set)(b44_options *, const char *, const char *, b44_error **) =
        (b44_code(*)(b44_options *, const char *, const char *, b44_error **))sym(dl, "b44_options_set");
    void (*options_free)(b44_options *) = (void (*)(b44_options *))sym(dl, "b44_options_free");
    b44_code (*client_new)(const b44_options *, b44_client **, b44_error **) =
        (b44_code(*)(const b44_options *, b44_client **, b44_error **))sym(dl, "b44_client_new");
    b44_code (*get)(b44_client *, const char *, char **, b44_error **) =
        (b44_code(*)(b44_client *, const char *, char **, b44_error **))sym(dl, "b44_sso_get_access_token");
    void (*string_free)(char *) = (void (*)(char *))sym(dl, "b44_string_free");
    void (*client_free)(b44_client *) = (void (*)(b44_client *))sym(dl, "b44_client_free");

    b44_options *o = options_new();
    b44_client *c = NULL;
    char *token = NULL;
    if (options_set(o, "server_url", url, NULL) || options_set(o, "app_id", app, NULL) ||
        options_set(o, "service_token", svc, NULL) || client_new(o, &c, NULL)) {
      fprintf(stderr, "bench_load: cannot make a client\n");
      return 1;
    }
    options_free(o);
    double t_client = now_ms();
    if (get(c, "bench-user-42", &token, NULL) != B44_OK || strcmp(token, expect) != 0) {
      fprintf(stderr, "bench_load: first call failed\n");
      return 1;
    }
    double t1 = now_ms();
    string_free(token);
    client_free(c);
    printf("RESULT load_dlopen_ms %.3f\n", t_loaded - t0);
    printf("RESULT load_client_ms %.3f\n", t_client - t_loaded);
    printf("RESULT load_first_call_ms %.3f\n", t1 - t_client);
    printf("RESULT load_first_token_ms %.3f\n", t1 - t0);
    return 0;
  }

  if (strcmp(mode, "curl") == 0) {
    double t0 = now_ms();
    void *dl = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!dl) {
      fprintf(stderr, "bench_load: %s\n", dlerror());
      return 1;
    }
    double t_loaded = now_ms();
    CURLcode (*global_init)(long) = (CURLcode(*)(long))sym(dl, "curl_global_init");
    CURL *(*easy_init)(void) = (CURL * (*)(void)) sym(dl, "curl_easy_init");
    CURLcode (*setopt)(CURL *, CURLoption, ...) = (CURLcode(*)(CURL *, CURLoption, ...))sym(dl, "curl_easy_setopt");
    CURLcode (*perform)(CURL *) = (CURLcode(*)(CURL *))sym(dl, "curl_easy_perform");
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *) =
        (struct curl_slist * (*)(struct curl_slist *, const char *)) sym(dl, "curl_slist_append");
    char full[1024], line[512];
    struct curl_slist *h = NULL;
    global_init(CURL_GLOBAL_DEFAULT);
    CURL *e = easy_init();
    snprintf(full, sizeof full, "%s/api/apps/%s/auth/sso/accesstoken/bench-user-42", url, app);
    h = slist_append(h, "Accept: application/json");
    snprintf(line, sizeof line, "X-App-Id: %s", app);
    h = slist_append(h, line);
    snprintf(line, sizeof line, "Authorization: Bearer %s", svc);
    h = slist_append(h, line);
    setopt(e, CURLOPT_URL, full);
    setopt(e, CURLOPT_HTTPHEADER, h);
    setopt(e, CURLOPT_USERAGENT, "b44sso/0.1.0");
    setopt(e, CURLOPT_NOSIGNAL, 1L);
    setopt(e, CURLOPT_WRITEFUNCTION, discard);
    if (perform(e) != CURLE_OK) {
      fprintf(stderr, "bench_load: curl first request failed\n");
      return 1;
    }
    double t1 = now_ms();
    printf("RESULT load_curl_dlopen_ms %.3f\n", t_loaded - t0);
    printf("RESULT load_curl_first_response_ms %.3f\n", t1 - t0);
    return 0;
  }
  fprintf(stderr, "usage: bench_load b44|curl\n");
  return 2;
}
