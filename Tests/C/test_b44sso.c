/*
 * test_b44sso.c - C test program for libb44sso, run against the stand-in Base44 API.
 *
 *   Tests/StandIn/with-standin.sh build/tests/test_b44sso [FILTER]
 *
 * Needs B44SSO_TEST_URL, B44SSO_TEST_APP_ID and B44SSO_TEST_SERVICE_TOKEN (exported by the
 * wrapper). FILTER, when given, runs only the test cases whose name contains it.
 *
 * A tiny framework: CHECK-style macros record a failure with file:line and go on; the test
 * cases are listed in the table `tests` at the bottom. The final line counts CHECKS (not test
 * cases): "N passed, N failed". The exit status is 1 when any check failed.
 *
 * Admin endpoints of the stand-in (/__admin/stats, /__admin/requests, /__admin/reset) are
 * reached with a small HTTP/1.1 client over a plain loopback socket; their JSON is read with
 * a small JSON parser below.
 */
#define _POSIX_C_SOURCE 200809L

#include "b44sso.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- Assertion framework ---------------------------------------------------------------- */

static int g_passed = 0;
static int g_failed = 0;
static const char *g_current_test = "";
static int g_test_failed = 0;

static void check_result(int ok, const char *file, int line, const char *fmt, ...) {
  if (ok) {
    g_passed++;
    return;
  }
  g_failed++;
  g_test_failed = 1;
  fprintf(stderr, "FAIL %s:%d [%s]: ", file, line, g_current_test);
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

static const char *nz(const char *s) { return s ? s : "(null)"; }

#define CHECK(cond) check_result(!!(cond), __FILE__, __LINE__, "%s", #cond)

#define CHECK_CODE(got, want)                                                                 \
  do {                                                                                        \
    b44_code g_ = (got), w_ = (want);                                                         \
    check_result(g_ == w_, __FILE__, __LINE__, "%s: got %s (%d), want %s (%d)", #got,         \
                 b44_code_name(g_), (int)g_, b44_code_name(w_), (int)w_);                     \
  } while (0)

#define CHECK_INT(got, want)                                                                  \
  do {                                                                                        \
    long g_ = (long)(got), w_ = (long)(want);                                                 \
    check_result(g_ == w_, __FILE__, __LINE__, "%s: got %ld, want %ld", #got, g_, w_);        \
  } while (0)

#define CHECK_STR(got, want)                                                                  \
  do {                                                                                        \
    const char *g_ = (got), *w_ = (want);                                                     \
    check_result(g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0, __FILE__, __LINE__,         \
                 "%s: got \"%s\", want \"%s\"", #got, nz(g_), nz(w_));                        \
  } while (0)

#define CHECK_CONTAINS(hay, needle)                                                           \
  do {                                                                                        \
    const char *h_ = (hay), *n_ = (needle);                                                   \
    check_result(h_ != NULL && strstr(h_, n_) != NULL, __FILE__, __LINE__,                    \
                 "%s: \"%s\" does not contain \"%s\"", #hay, nz(h_), n_);                     \
  } while (0)

#define CHECK_NOT_CONTAINS(hay, needle)                                                       \
  do {                                                                                        \
    const char *h_ = (hay), *n_ = (needle);                                                   \
    check_result(h_ == NULL || strstr(h_, n_) == NULL, __FILE__, __LINE__,                    \
                 "%s: \"%s\" contains \"%s\"", #hay, nz(h_), n_);                             \
  } while (0)

#define CHECK_NULL(p) check_result((p) == NULL, __FILE__, __LINE__, "%s is not NULL", #p)
#define CHECK_NOT_NULL(p) check_result((p) != NULL, __FILE__, __LINE__, "%s is NULL", #p)

/* A non-NULL marker for out-pointers, to see that the library sets them to NULL. */
static char g_marker_byte;
#define MARK_STR ((char *)&g_marker_byte)
#define MARK_ERR ((b44_error *)(void *)&g_marker_byte)
#define MARK_CLIENT ((b44_client *)(void *)&g_marker_byte)

/* Frees an error unless it is the marker or NULL. */
static void err_free(b44_error *e) {
  if (e != MARK_ERR) b44_error_free(e);
}
static void str_free(char *s) {
  if (s != MARK_STR) b44_string_free(s);
}

/* ---- Environment -------------------------------------------------------------------------- */

static const char *g_url;     /* B44SSO_TEST_URL, e.g. http://127.0.0.1:PORT */
static const char *g_app;     /* B44SSO_TEST_APP_ID */
static const char *g_svc;     /* B44SSO_TEST_SERVICE_TOKEN */
static char g_host[256];      /* host of g_url, without brackets */
static char g_port[16];       /* port of g_url */
static unsigned g_unique = 0; /* for scenario ids that must be fresh */

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int parse_test_url(void) {
  const char *p = strstr(g_url, "://");
  if (!p || strncmp(g_url, "http://", 7) != 0) return -1;
  p += 3;
  const char *end = p + strcspn(p, "/");
  const char *colon;
  if (*p == '[') {
    const char *rb = memchr(p, ']', (size_t)(end - p));
    if (!rb || (size_t)(rb - p - 1) >= sizeof g_host) return -1;
    memcpy(g_host, p + 1, (size_t)(rb - p - 1));
    g_host[rb - p - 1] = 0;
    colon = (rb + 1 < end && rb[1] == ':') ? rb + 1 : NULL;
  } else {
    colon = memchr(p, ':', (size_t)(end - p));
    const char *hend = colon ? colon : end;
    if ((size_t)(hend - p) >= sizeof g_host) return -1;
    memcpy(g_host, p, (size_t)(hend - p));
    g_host[hend - p] = 0;
  }
  if (colon) {
    if ((size_t)(end - colon - 1) >= sizeof g_port) return -1;
    memcpy(g_port, colon + 1, (size_t)(end - colon - 1));
    g_port[end - colon - 1] = 0;
  } else {
    strcpy(g_port, "80");
  }
  if (strcmp(g_host, "localhost") == 0) strcpy(g_host, "127.0.0.1");
  return 0;
}

/* ---- Minimal JSON parser (for the admin answers) ----------------------------------------- */

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jtype;
typedef struct jval {
  jtype t;
  int b;
  double num;
  char *str;          /* J_STR: NUL-terminated UTF-8 */
  size_t n;           /* J_ARR/J_OBJ: item count */
  struct jval **items;
  char **keys;        /* J_OBJ */
} jval;

static void jfree(jval *v) {
  if (!v) return;
  for (size_t i = 0; i < v->n; i++) {
    jfree(v->items[i]);
    if (v->keys) free(v->keys[i]);
  }
  free(v->items);
  free(v->keys);
  free(v->str);
  free(v);
}

static void jskip(const char **p) {
  while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r') (*p)++;
}

static int hex4(const char *p, unsigned *out) {
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    char c = p[i];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
    else return -1;
  }
  *out = v;
  return 0;
}

static char *jparse_string(const char **p) {
  if (**p != '"') return NULL;
  (*p)++;
  size_t cap = 16, len = 0;
  char *out = malloc(cap);
  if (!out) return NULL;
  for (;;) {
    unsigned char c = (unsigned char)**p;
    if (c == 0) { free(out); return NULL; }
    if (len + 5 >= cap) {
      cap *= 2;
      char *n = realloc(out, cap);
      if (!n) { free(out); return NULL; }
      out = n;
    }
    (*p)++;
    if (c == '"') break;
    if (c != '\\') { out[len++] = (char)c; continue; }
    char e = **p;
    (*p)++;
    switch (e) {
    case '"': out[len++] = '"'; break;
    case '\\': out[len++] = '\\'; break;
    case '/': out[len++] = '/'; break;
    case 'b': out[len++] = '\b'; break;
    case 'f': out[len++] = '\f'; break;
    case 'n': out[len++] = '\n'; break;
    case 'r': out[len++] = '\r'; break;
    case 't': out[len++] = '\t'; break;
    case 'u': {
      unsigned cp;
      if (hex4(*p, &cp)) { free(out); return NULL; }
      *p += 4;
      if (cp >= 0xD800 && cp < 0xDC00 && (*p)[0] == '\\' && (*p)[1] == 'u') {
        unsigned lo;
        if (hex4(*p + 2, &lo) == 0 && lo >= 0xDC00 && lo < 0xE000) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          *p += 6;
        }
      }
      if (cp < 0x80) out[len++] = (char)cp;
      else if (cp < 0x800) {
        out[len++] = (char)(0xC0 | (cp >> 6));
        out[len++] = (char)(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        out[len++] = (char)(0xE0 | (cp >> 12));
        out[len++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[len++] = (char)(0x80 | (cp & 0x3F));
      } else {
        out[len++] = (char)(0xF0 | (cp >> 18));
        out[len++] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[len++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[len++] = (char)(0x80 | (cp & 0x3F));
      }
      break;
    }
    default: free(out); return NULL;
    }
  }
  out[len] = 0;
  return out;
}

static jval *jparse_value(const char **p, int depth);

static int jpush(jval *v, jval *item, char *key) {
  jval **ni = realloc(v->items, (v->n + 1) * sizeof *ni);
  if (!ni) return -1;
  v->items = ni;
  if (v->t == J_OBJ) {
    char **nk = realloc(v->keys, (v->n + 1) * sizeof *nk);
    if (!nk) return -1;
    v->keys = nk;
    v->keys[v->n] = key;
  }
  v->items[v->n++] = item;
  return 0;
}

static jval *jparse_value(const char **p, int depth) {
  if (depth > 64) return NULL;
  jskip(p);
  jval *v = calloc(1, sizeof *v);
  if (!v) return NULL;
  char c = **p;
  if (c == '{' || c == '[') {
    v->t = c == '{' ? J_OBJ : J_ARR;
    char close = c == '{' ? '}' : ']';
    (*p)++;
    jskip(p);
    if (**p == close) { (*p)++; return v; }
    for (;;) {
      char *key = NULL;
      jskip(p);
      if (v->t == J_OBJ) {
        key = jparse_string(p);
        if (!key) goto fail;
        jskip(p);
        if (**p != ':') { free(key); goto fail; }
        (*p)++;
      }
      jval *item = jparse_value(p, depth + 1);
      if (!item || jpush(v, item, key)) { free(key); jfree(item); goto fail; }
      jskip(p);
      if (**p == ',') { (*p)++; continue; }
      if (**p == close) { (*p)++; return v; }
      goto fail;
    }
  } else if (c == '"') {
    v->t = J_STR;
    v->str = jparse_string(p);
    if (!v->str) goto fail;
    return v;
  } else if (strncmp(*p, "true", 4) == 0) {
    v->t = J_BOOL; v->b = 1; *p += 4; return v;
  } else if (strncmp(*p, "false", 5) == 0) {
    v->t = J_BOOL; v->b = 0; *p += 5; return v;
  } else if (strncmp(*p, "null", 4) == 0) {
    v->t = J_NULL; *p += 4; return v;
  } else if (c == '-' || (c >= '0' && c <= '9')) {
    char *end;
    v->t = J_NUM;
    v->num = strtod(*p, &end);
    if (end == *p) goto fail;
    *p = end;
    return v;
  }
fail:
  jfree(v);
  return NULL;
}

static jval *jparse(const char *text) {
  if (!text) return NULL;
  const char *p = text;
  jval *v = jparse_value(&p, 0);
  if (!v) return NULL;
  jskip(&p);
  if (*p) { jfree(v); return NULL; }
  return v;
}

static jval *jget(const jval *o, const char *key) {
  if (!o || o->t != J_OBJ) return NULL;
  for (size_t i = 0; i < o->n; i++)
    if (strcmp(o->keys[i], key) == 0) return o->items[i];
  return NULL;
}

static const char *jgets(const jval *o, const char *key) {
  const jval *v = jget(o, key);
  return v && v->t == J_STR ? v->str : NULL;
}

/* ---- Admin HTTP client (loopback only) ---------------------------------------------------- */

/* Connects to the stand-in's host:port (numeric address only: never a DNS lookup). */
static int connect_standin(void) {
  struct addrinfo hints, *res = NULL;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
  if (getaddrinfo(g_host, g_port, &hints, &res) != 0 || !res) return -1;
  int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
  if (fd >= 0) {
    struct timeval tv = {10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (connect(fd, res->ai_addr, res->ai_addrlen) != 0) {
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(res);
  return fd;
}

/* Sends `method path` to the stand-in; returns the answer body (malloc'd, NUL-terminated)
 * when the status is 200, else NULL. */
static char *admin_request(const char *method, const char *path) {
  int fd = connect_standin();
  if (fd < 0) {
    fprintf(stderr, "admin: cannot connect to %s:%s: %s\n", g_host, g_port, strerror(errno));
    return NULL;
  }
  char req[512];
  int n = snprintf(req, sizeof req,
                   "%s %s HTTP/1.1\r\nHost: %s:%s\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                   method, path, strchr(g_host, ':') ? "[::1]" : g_host, g_port);
  size_t sent = 0;
  while (sent < (size_t)n) {
    ssize_t w = send(fd, req + sent, (size_t)n - sent, 0);
    if (w <= 0) { close(fd); return NULL; }
    sent += (size_t)w;
  }
  size_t cap = 65536, len = 0;
  char *buf = malloc(cap + 1);
  if (!buf) { close(fd); return NULL; }
  long content_length = -1;
  size_t header_end = 0;
  for (;;) {
    if (header_end && content_length >= 0 && len >= header_end + (size_t)content_length) break;
    if (len == cap) {
      cap *= 2;
      char *nb = realloc(buf, cap + 1);
      if (!nb) { free(buf); close(fd); return NULL; }
      buf = nb;
    }
    ssize_t r = recv(fd, buf + len, cap - len, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    len += (size_t)r;
    buf[len] = 0;
    if (!header_end) {
      char *he = strstr(buf, "\r\n\r\n");
      if (he) {
        header_end = (size_t)(he - buf) + 4;
        for (char *line = strstr(buf, "\r\n"); line && line < he; line = strstr(line + 2, "\r\n")) {
          if (strncasecmp(line + 2, "Content-Length:", 15) == 0)
            content_length = strtol(line + 2 + 15, NULL, 10);
        }
      }
    }
  }
  close(fd);
  buf[len] = 0;
  if (!header_end || strncmp(buf, "HTTP/1.", 7) != 0 || strncmp(buf + 8, " 200", 4) != 0) {
    fprintf(stderr, "admin: %s %s: bad answer: %.200s\n", method, path, buf);
    free(buf);
    return NULL;
  }
  size_t blen = len - header_end;
  if (content_length >= 0 && (size_t)content_length < blen) blen = (size_t)content_length;
  memmove(buf, buf + header_end, blen);
  buf[blen] = 0;
  return buf;
}

static int admin_reset(void) {
  char *b = admin_request("POST", "/__admin/reset");
  int ok = b != NULL;
  free(b);
  return ok ? 0 : -1;
}

typedef struct { long connections, requests, redirect_hits; } stats_t;

static int admin_stats(stats_t *s) {
  char *b = admin_request("GET", "/__admin/stats");
  jval *v = jparse(b);
  free(b);
  const jval *c = jget(v, "connections"), *r = jget(v, "requests"), *h = jget(v, "redirect_target_hits");
  int ok = c && r && h && c->t == J_NUM && r->t == J_NUM && h->t == J_NUM;
  if (ok) {
    s->connections = (long)c->num;
    s->requests = (long)r->num;
    s->redirect_hits = (long)h->num;
  }
  jfree(v);
  return ok ? 0 : -1;
}

/* The parsed request log (a JSON array), or NULL. */
static jval *admin_requests(void) {
  char *b = admin_request("GET", "/__admin/requests");
  jval *v = jparse(b);
  free(b);
  if (v && v->t != J_ARR) { jfree(v); v = NULL; }
  return v;
}

/* The value of a lower-case header name in one logged request, or NULL. */
static const char *req_header(const jval *req, const char *name) {
  return jgets(jget(req, "headers"), name);
}

/* ---- Client helpers ----------------------------------------------------------------------- */

/* Builds a client: app_id and server_url from the environment, the service token when
 * `with_svc`, then the extra key/value pairs (NULL-terminated). Records a failure and returns
 * NULL when anything fails. */
static b44_client *mk_client_v(const char *file, int line, int with_svc, va_list ap) {
  b44_options *o = b44_options_new();
  check_result(o != NULL, file, line, "b44_options_new returned NULL");
  if (!o) return NULL;
  int ok = 1;
  b44_error *e = NULL;
  if (b44_options_set(o, "app_id", g_app, &e) != B44_OK) ok = 0;
  b44_error_free(e), e = NULL;
  if (b44_options_set(o, "server_url", g_url, &e) != B44_OK) ok = 0;
  b44_error_free(e), e = NULL;
  if (with_svc && b44_options_set(o, "service_token", g_svc, &e) != B44_OK) ok = 0;
  b44_error_free(e), e = NULL;
  for (;;) {
    const char *k = va_arg(ap, const char *);
    if (!k) break;
    const char *v = va_arg(ap, const char *);
    if (b44_options_set(o, k, v, &e) != B44_OK) {
      check_result(0, file, line, "options_set(%s, %s): %s", k, v,
                   nz(b44_error_message(e)));
      ok = 0;
    }
    b44_error_free(e), e = NULL;
  }
  b44_client *c = NULL;
  if (ok) {
    b44_code rc = b44_client_new(o, &c, &e);
    check_result(rc == B44_OK && c != NULL, file, line, "b44_client_new: %s: %s",
                 b44_code_name(rc), nz(b44_error_message(e)));
    b44_error_free(e);
  } else {
    check_result(0, file, line, "could not set the base options");
  }
  b44_options_free(o);
  return c;
}

static b44_client *mk_client_at(const char *file, int line, int with_svc, ...) {
  va_list ap;
  va_start(ap, with_svc);
  b44_client *c = mk_client_v(file, line, with_svc, ap);
  va_end(ap);
  return c;
}
#define MK_CLIENT(...) mk_client_at(__FILE__, __LINE__, __VA_ARGS__)

/* Expects a successful access-token call with the given token. */
static void expect_token_at(const char *file, int line, b44_client *c, int id_token,
                            const char *uid, const char *want) {
  char *tok = MARK_STR;
  b44_error *e = MARK_ERR;
  b44_code rc = id_token ? b44_sso_get_id_token(c, uid, &tok, &e)
                         : b44_sso_get_access_token(c, uid, &tok, &e);
  check_result(rc == B44_OK, file, line, "%s(%s): got %s (http %d, api %s): %s",
               id_token ? "get_id_token" : "get_access_token", uid, b44_code_name(rc),
               rc != B44_OK && e != MARK_ERR ? b44_error_http_status(e) : 0,
               rc != B44_OK && e != MARK_ERR ? nz(b44_error_api_code(e)) : "-",
               rc != B44_OK && e != MARK_ERR ? nz(b44_error_message(e)) : "-");
  check_result(e == NULL, file, line, "*err not NULL after success");
  check_result(rc != B44_OK || (tok != MARK_STR && tok != NULL && strcmp(tok, want) == 0), file,
               line, "token: got \"%s\", want \"%s\"",
               tok == MARK_STR ? "(unset)" : nz(tok), want);
  if (rc != B44_OK) check_result(tok == NULL, file, line, "out_token not NULL after failure");
  str_free(tok);
  err_free(e);
}
#define EXPECT_TOKEN(c, uid, want) expect_token_at(__FILE__, __LINE__, (c), 0, (uid), (want))
#define EXPECT_ID_TOKEN(c, uid, want) expect_token_at(__FILE__, __LINE__, (c), 1, (uid), (want))

/* Expects a failed call with `code` and `http`; returns the error (caller frees) or NULL. */
static b44_error *expect_fail_at(const char *file, int line, b44_client *c, int kind,
                                 const char *uid, b44_code code, int http) {
  char *tok = MARK_STR;
  b44_error *e = MARK_ERR;
  b44_code rc;
  if (kind == 0) rc = b44_sso_get_access_token(c, uid, &tok, &e);
  else if (kind == 1) rc = b44_sso_get_id_token(c, uid, &tok, &e);
  else rc = b44_auth_me(c, &tok, &e);
  check_result(rc == code, file, line, "call(%s): got %s, want %s (message: %s)", nz(uid),
               b44_code_name(rc), b44_code_name(code),
               e != MARK_ERR ? nz(b44_error_message(e)) : "-");
  check_result(tok == NULL, file, line, "out-pointer not NULL after failure (%s)",
               tok == MARK_STR ? "untouched" : nz(tok));
  if (tok != MARK_STR && tok != NULL) b44_string_free(tok);
  if (e == MARK_ERR || e == NULL) {
    check_result(0, file, line, "*err not set on failure");
    return NULL;
  }
  check_result(b44_error_code(e) == code, file, line, "b44_error_code: got %s, want %s",
               b44_code_name(b44_error_code(e)), b44_code_name(code));
  check_result(http < 0 || b44_error_http_status(e) == http, file, line, "http status: got %d, want %d",
               b44_error_http_status(e), http);
  check_result(b44_error_message(e) != NULL && b44_error_message(e)[0] != 0, file, line,
               "error message NULL or empty");
  check_result(b44_error_message(e) == NULL || strchr(b44_error_message(e), '\n') == NULL, file,
               line, "error message is not one line: %s", nz(b44_error_message(e)));
  return e;
}
#define EXPECT_FAIL(c, uid, code, http) expect_fail_at(__FILE__, __LINE__, (c), 0, (uid), (code), (http))
#define EXPECT_FAIL_ID(c, uid, code, http) expect_fail_at(__FILE__, __LINE__, (c), 1, (uid), (code), (http))
#define EXPECT_FAIL_ME(c, code, http) expect_fail_at(__FILE__, __LINE__, (c), 2, NULL, (code), (http))

/* A scenario id made unique (scenario counters are per exact id and live as long as the
 * stand-in), e.g. scen(buf, "status=503&times=2") -> "!status=503&times=2&u=7". */
static const char *scen(char *buf, size_t size, const char *params) {
  snprintf(buf, size, "!%s&u=%u-%ld", params, ++g_unique, (long)getpid());
  return buf;
}
#define SCEN(params) scen(scen_buf_, sizeof scen_buf_, (params))

/* "/api/apps/<app>/<rest>" in one of a few rotating static buffers. */
static const char *api_path(const char *rest) {
  static char bufs[4][512];
  static unsigned next = 0;
  char *b = bufs[next++ % 4];
  snprintf(b, 512, "/api/apps/%s/%s", g_app, rest);
  return b;
}

static void at_token(char *buf, size_t size, const char *uid) { snprintf(buf, size, "at-%s", uid); }

/* A loopback TCP port that nothing listens on (bound, then closed). */
static int closed_port(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t alen = sizeof a;
  int port = -1;
  if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
      getsockname(fd, (struct sockaddr *)&a, &alen) == 0)
    port = ntohs(a.sin_port);
  close(fd);
  return port;
}

/* ================================ Test cases ================================================ */

static void test_version(void) {
  const char *v = b44_version();
  CHECK_NOT_NULL(v);
  CHECK_STR(v, B44SSO_VERSION_STRING);
  char buf[64];
  snprintf(buf, sizeof buf, "%d.%d.%d", B44SSO_VERSION_MAJOR, B44SSO_VERSION_MINOR,
           B44SSO_VERSION_PATCH);
  CHECK_STR(B44SSO_VERSION_STRING, buf);
  CHECK(b44_version() == v || strcmp(b44_version(), v) == 0);
}

static void test_code_names(void) {
  static const struct { b44_code code; const char *name; } names[] = {
      {B44_OK, "B44_OK"},
      {B44_ERR_INVALID_ARGUMENT, "B44_ERR_INVALID_ARGUMENT"},
      {B44_ERR_CONFIG, "B44_ERR_CONFIG"},
      {B44_ERR_UNAUTHORIZED, "B44_ERR_UNAUTHORIZED"},
      {B44_ERR_FORBIDDEN, "B44_ERR_FORBIDDEN"},
      {B44_ERR_NOT_FOUND, "B44_ERR_NOT_FOUND"},
      {B44_ERR_RATE_LIMITED, "B44_ERR_RATE_LIMITED"},
      {B44_ERR_SERVER, "B44_ERR_SERVER"},
      {B44_ERR_HTTP, "B44_ERR_HTTP"},
      {B44_ERR_NETWORK, "B44_ERR_NETWORK"},
      {B44_ERR_TIMEOUT, "B44_ERR_TIMEOUT"},
      {B44_ERR_TLS, "B44_ERR_TLS"},
      {B44_ERR_PROTOCOL, "B44_ERR_PROTOCOL"},
      {B44_ERR_NOMEM, "B44_ERR_NOMEM"},
      {B44_ERR_INTERNAL, "B44_ERR_INTERNAL"},
  };
  /* The values are ABI: check them too. */
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    CHECK_INT(names[i].code, i);
    CHECK_STR(b44_code_name(names[i].code), names[i].name);
  }
  CHECK_STR(b44_code_name((b44_code)15), "B44_ERR_UNKNOWN");
  CHECK_STR(b44_code_name((b44_code)-1), "B44_ERR_UNKNOWN");
  CHECK_STR(b44_code_name((b44_code)9999), "B44_ERR_UNKNOWN");
}

static void test_options_good_values(void) {
  static const char *const good[][2] = {
      {"app_id", "app-test"},
      {"service_token", "svc-xyz"},
      {"user_token", "ut-alice"},
      {"server_url", "https://base44.app"},
      {"server_url", "http://127.0.0.1:8080"},
      {"server_url", "https://example.invalid:8443/base/path"},
      {"server_url", "http://[::1]:9"},
      {"state", "some-state"},
      {"data_env", "dev"},
      {"data_env", "prod"},
      {"timeout_ms", "1"},
      {"timeout_ms", "600000"},
      {"timeout_ms", "15000"},
      {"connect_timeout_ms", "1"},
      {"connect_timeout_ms", "600000"},
      {"max_retries", "0"},
      {"max_retries", "10"},
      {"ca_file", "/nonexistent/ca.pem"}, /* checked at client creation, not here */
      {"proxy", "http://127.0.0.1:3128"},
      {"user_agent", "b44sso/custom-agent 1.0"},
      {"cache", "auto"},
      {"cache", "off"},
  };
  b44_options *o = b44_options_new();
  CHECK_NOT_NULL(o);
  if (!o) return;
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    b44_error *e = MARK_ERR;
    b44_code rc = b44_options_set(o, good[i][0], good[i][1], &e);
    check_result(rc == B44_OK, __FILE__, __LINE__, "options_set(%s, %s): %s: %s", good[i][0],
                 good[i][1], b44_code_name(rc), e != MARK_ERR ? nz(b44_error_message(e)) : "-");
    CHECK_NULL(e);
    err_free(e);
    /* err NULL allowed */
    CHECK_CODE(b44_options_set(o, good[i][0], good[i][1], NULL), B44_OK);
  }
  /* Replacing secrets repeatedly, then freeing. */
  CHECK_CODE(b44_options_set(o, "service_token", "svc-2", NULL), B44_OK);
  CHECK_CODE(b44_options_set(o, "user_token", "ut-2", NULL), B44_OK);
  b44_options_free(o);
}

static void test_options_bad_values(void) {
  static const char *const bad[][2] = {
      {"no_such_key", "x"},
      {"", "x"},
      {"app_id", "app\ntest"},
      {"app_id", "app\rtest"},
      {"service_token", "svc\x01tok"},
      {"user_token", "ut\x7f"},
      {"server_url", "ftp://example.com"},
      {"server_url", "example.com"},
      {"server_url", ""},
      {"server_url", "http://"},
      {"server_url", "https://example.com\r\nX-Evil: 1"},
      {"state", "a\r\nX-Injected: 1"},
      {"data_env", "staging"},
      {"data_env", ""},
      {"timeout_ms", "0"},
      {"timeout_ms", "600001"},
      {"timeout_ms", "-1"},
      {"timeout_ms", "abc"},
      {"timeout_ms", ""},
      {"timeout_ms", "10x"},
      {"timeout_ms", "99999999999999999999999"},
      {"connect_timeout_ms", "0"},
      {"connect_timeout_ms", "600001"},
      {"connect_timeout_ms", "x"},
      {"max_retries", "11"},
      {"max_retries", "-1"},
      {"max_retries", "two"},
      {"max_retries", ""},
      {"ca_file", "/tmp/ca\n.pem"},
      {"proxy", "http://127.0.0.1:3128\r\n"},
      {"user_agent", "b44sso/1\r\nX-Evil: 1"},
      {"cache", "on"},
      {"cache", ""},
  };
  b44_options *o = b44_options_new();
  CHECK_NOT_NULL(o);
  if (!o) return;
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    const char *k = bad[i][0], *v = bad[i][1];
    b44_error *e = MARK_ERR;
    b44_code rc = b44_options_set(o, k, v, &e);
    check_result(rc == B44_ERR_INVALID_ARGUMENT, __FILE__, __LINE__,
                 "options_set(\"%s\", bad value #%zu): got %s, want B44_ERR_INVALID_ARGUMENT", k, i,
                 b44_code_name(rc));
    check_result(e != NULL && e != MARK_ERR, __FILE__, __LINE__, "options_set(%s): *err not set", k);
    if (e && e != MARK_ERR) {
      CHECK_CODE(b44_error_code(e), B44_ERR_INVALID_ARGUMENT);
      CHECK_INT(b44_error_http_status(e), 0);
      const char *m = b44_error_message(e);
      if (k[0]) {
        check_result(m && strstr(m, k), __FILE__, __LINE__,
                     "options_set(%s): message does not name the key: %s", k, nz(m));
      } else {
        CHECK_NOT_NULL(m);
      }
      if (strcmp(k, "service_token") == 0 || strcmp(k, "user_token") == 0) {
        /* a rejected secret must not be echoed back */
        check_result(m && !strstr(m, v), __FILE__, __LINE__,
                     "options_set(%s): message leaks the value: %s", k, nz(m));
      }
    }
    err_free(e);
    /* err NULL allowed */
    CHECK_CODE(b44_options_set(o, k, v, NULL), B44_ERR_INVALID_ARGUMENT);
  }
  /* A secret with a control character is not echoed. */
  {
    b44_error *e = NULL;
    CHECK_CODE(b44_options_set(o, "service_token", "sekrit-7781\x02", &e), B44_ERR_INVALID_ARGUMENT);
    CHECK_NOT_CONTAINS(b44_error_message(e), "sekrit-7781");
    b44_error_free(e);
    e = NULL;
    CHECK_CODE(b44_options_set(o, "user_token", "usersekrit-7781\n", &e), B44_ERR_INVALID_ARGUMENT);
    CHECK_NOT_CONTAINS(b44_error_message(e), "usersekrit-7781");
    b44_error_free(e);
  }
  b44_options_free(o);
}

static void test_null_arguments(void) {
  b44_options *o = b44_options_new();
  CHECK_NOT_NULL(o);
  b44_error *e;

  /* options_set */
  e = MARK_ERR;
  CHECK_CODE(b44_options_set(NULL, "app_id", "x", &e), B44_ERR_INVALID_ARGUMENT);
  CHECK(e != NULL && e != MARK_ERR && b44_error_code(e) == B44_ERR_INVALID_ARGUMENT);
  err_free(e);
  e = MARK_ERR;
  CHECK_CODE(b44_options_set(o, NULL, "x", &e), B44_ERR_INVALID_ARGUMENT);
  CHECK(e != NULL && e != MARK_ERR && b44_error_code(e) == B44_ERR_INVALID_ARGUMENT);
  err_free(e);
  e = MARK_ERR;
  CHECK_CODE(b44_options_set(o, "app_id", NULL, &e), B44_ERR_INVALID_ARGUMENT);
  CHECK(e != NULL && e != MARK_ERR && b44_error_code(e) == B44_ERR_INVALID_ARGUMENT);
  err_free(e);
  CHECK_CODE(b44_options_set(NULL, NULL, NULL, NULL), B44_ERR_INVALID_ARGUMENT);
  CHECK_CODE(b44_options_set(o, NULL, NULL, NULL), B44_ERR_INVALID_ARGUMENT);

  /* client_new */
  b44_client *c = MARK_CLIENT;
  e = MARK_ERR;
  CHECK_CODE(b44_client_new(NULL, &c, &e), B44_ERR_INVALID_ARGUMENT);
  CHECK_NULL(c);
  CHECK(e != NULL && e != MARK_ERR && b44_error_code(e) == B44_ERR_INVALID_ARGUMENT);
  err_free(e);
  CHECK_CODE(b44_client_new(NULL, NULL, NULL), B44_ERR_INVALID_ARGUMENT);
  if (o) {
    b44_options_set(o, "app_id", g_app, NULL);
    b44_options_set(o, "service_token", g_svc, NULL);
    b44_options_set(o, "server_url", g_url, NULL);
    e = MARK_ERR;
    CHECK_CODE(b44_client_new(o, NULL, &e), B44_ERR_INVALID_ARGUMENT);
    CHECK(e != NULL && e != MARK_ERR && b44_error_code(e) == B44_ERR_INVALID_ARGUMENT);
    err_free(e);
    CHECK_CODE(b44_client_new(o, NULL, NULL), B44_ERR_INVALID_ARGUMENT);
  }

  /* from_env / from_request_headers */
  e = MARK_ERR;
  CHECK_CODE(b44_client_new_from_env(NULL, &e), B44_ERR_INVALID_ARGUMENT);
  CHECK(e != NULL && e != MARK_ERR && b44_error_code(e) == B44_ERR_INVALID_ARGUMENT);
  err_free(e);
  CHECK_CODE(b44_client_new_from_env(NULL, NULL), B44_ERR_INVALID_ARGUMENT);
  {
    const char *names[] = {"Base44-App-Id", NULL};
    const char *values[] = {"app-test", NULL};
    c = MARK_CLIENT;
    e = MARK_ERR;
    CHECK_CODE(b44_client_new_from_request_headers(NULL, values, 1, &c, &e), B44_ERR_INVALID_ARGUMENT);
    CHECK_NULL(c);
    CHECK(e != NULL && e != MARK_ERR && b44_error_code(e) == B44_ERR_INVALID_ARGUMENT);
    err_free(e);
    c = MARK_CLIENT;
    CHECK_CODE(b44_client_new_from_request_headers(names, NULL, 1, &c, NULL), B44_ERR_INVALID_ARGUMENT);
    CHECK_NULL(c);
    c = MARK_CLIENT;
    CHECK_CODE(b44_client_new_from_request_headers(names, values, 2, &c, NULL), B44_ERR_INVALID_ARGUMENT);
    CHECK_NULL(c);
    const char *names2[] = {"Base44-App-Id", "Authorization"};
    const char *values2[] = {"app-test", NULL};
    c = MARK_CLIENT;
    CHECK_CODE(b44_client_new_from_request_headers(names2, values2, 2, &c, NULL), B44_ERR_INVALID_ARGUMENT);
    CHECK_NULL(c);
    const char *names3[] = {NULL};
    const char *values3[] = {"x"};
    c = MARK_CLIENT;
    CHECK_CODE(b44_client_new_from_request_headers(names3, values3, 1, &c, NULL), B44_ERR_INVALID_ARGUMENT);
    CHECK_NULL(c);
    CHECK_CODE(b44_client_new_from_request_headers(names, values, 1, NULL, NULL), B44_ERR_INVALID_ARGUMENT);
    /* NULL arrays with count 0 are allowed: then the app id is missing -> CONFIG */
    c = MARK_CLIENT;
    e = MARK_ERR;
    CHECK_CODE(b44_client_new_from_request_headers(NULL, NULL, 0, &c, &e), B44_ERR_CONFIG);
    CHECK_NULL(c);
    err_free(e);
  }

  /* calls */
  b44_client *cl = NULL;
  if (o) CHECK_CODE(b44_client_new(o, &cl, NULL), B44_OK);
  char *tok;
  for (int kind = 0; kind < 2; kind++) {
    b44_code (*fn)(b44_client *, const char *, char **, b44_error **) =
        kind ? b44_sso_get_id_token : b44_sso_get_access_token;
    tok = MARK_STR;
    e = MARK_ERR;
    CHECK_CODE(fn(NULL, "alice", &tok, &e), B44_ERR_INVALID_ARGUMENT);
    CHECK_NULL(tok);
    CHECK(e != NULL && e != MARK_ERR && b44_error_code(e) == B44_ERR_INVALID_ARGUMENT);
    err_free(e);
    if (cl) {
      tok = MARK_STR;
      e = MARK_ERR;
      CHECK_CODE(fn(cl, NULL, &tok, &e), B44_ERR_INVALID_ARGUMENT);
      CHECK_NULL(tok);
      CHECK(e != NULL && e != MARK_ERR && b44_error_code(e) == B44_ERR_INVALID_ARGUMENT);
      err_free(e);
      e = MARK_ERR;
      CHECK_CODE(fn(cl, "alice", NULL, &e), B44_ERR_INVALID_ARGUMENT);
      CHECK(e != NULL && e != MARK_ERR && b44_error_code(e) == B44_ERR_INVALID_ARGUMENT);
      err_free(e);
      CHECK_CODE(fn(cl, NULL, NULL, NULL), B44_ERR_INVALID_ARGUMENT);
    }
    CHECK_CODE(fn(NULL, NULL, NULL, NULL), B44_ERR_INVALID_ARGUMENT);
  }
  tok = MARK_STR;
  e = MARK_ERR;
  CHECK_CODE(b44_auth_me(NULL, &tok, &e), B44_ERR_INVALID_ARGUMENT);
  CHECK_NULL(tok);
  CHECK(e != NULL && e != MARK_ERR && b44_error_code(e) == B44_ERR_INVALID_ARGUMENT);
  err_free(e);
  CHECK_CODE(b44_auth_me(NULL, NULL, NULL), B44_ERR_INVALID_ARGUMENT);
  if (cl) {
    e = MARK_ERR;
    CHECK_CODE(b44_auth_me(cl, NULL, &e), B44_ERR_INVALID_ARGUMENT);
    CHECK(e != NULL && e != MARK_ERR && b44_error_code(e) == B44_ERR_INVALID_ARGUMENT);
    err_free(e);
  }
  /* The NULL-argument calls above must not have sent anything; a good call still works. */
  if (cl) EXPECT_TOKEN(cl, "alice", "at-alice");
  b44_client_free(cl);
  b44_options_free(o);
}

static void test_error_accessors_null(void) {
  CHECK_CODE(b44_error_code(NULL), B44_OK);
  CHECK_INT(b44_error_http_status(NULL), 0);
  CHECK_NULL(b44_error_message(NULL));
  CHECK_NULL(b44_error_api_code(NULL));
  CHECK_NULL(b44_error_body(NULL));
}

static void test_free_null(void) {
  b44_string_free(NULL);
  b44_error_free(NULL);
  b44_options_free(NULL);
  b44_client_free(NULL);
  CHECK(1); /* reaching here is the check */
}

/* Tries client_new with the given pairs; returns the code; *out freed. */
static b44_code try_client(const char *const *kv, size_t npairs, b44_error **eout) {
  b44_options *o = b44_options_new();
  if (!o) return B44_ERR_NOMEM;
  for (size_t i = 0; i < npairs; i++) {
    b44_code rc = b44_options_set(o, kv[2 * i], kv[2 * i + 1], NULL);
    if (rc != B44_OK) {
      fprintf(stderr, "  (options_set %s=%s failed: %s)\n", kv[2 * i], kv[2 * i + 1], b44_code_name(rc));
      b44_options_free(o);
      return rc;
    }
  }
  b44_client *c = MARK_CLIENT;
  b44_error *e = MARK_ERR;
  b44_code rc = b44_client_new(o, &c, &e);
  if (rc == B44_OK) {
    CHECK(c != NULL && c != MARK_CLIENT);
    CHECK_NULL(e);
  } else {
    CHECK_NULL(c);
    CHECK(e != NULL && e != MARK_ERR);
    if (e && e != MARK_ERR) {
      CHECK_CODE(b44_error_code(e), rc);
      CHECK_INT(b44_error_http_status(e), 0);
    }
  }
  if (c != MARK_CLIENT) b44_client_free(c);
  if (eout && e != MARK_ERR) *eout = e;
  else err_free(e);
  b44_options_free(o);
  return rc;
}

static void test_client_new_config(void) {
  b44_error *e = NULL;
  {
    const char *kv[] = {"service_token", g_svc, "server_url", g_url};
    CHECK_CODE(try_client(kv, 2, &e), B44_ERR_CONFIG); /* no app id */
    CHECK_NOT_CONTAINS(b44_error_message(e), g_svc);
    b44_error_free(e), e = NULL;
  }
  {
    const char *kv[] = {"app_id", g_app, "server_url", g_url};
    CHECK_CODE(try_client(kv, 2, NULL), B44_ERR_CONFIG); /* no token */
  }
  {
    const char *kv[] = {"app_id", g_app, "server_url", g_url, "state", "s", "data_env", "dev"};
    CHECK_CODE(try_client(kv, 4, NULL), B44_ERR_CONFIG); /* still no token */
  }
  {
    const char *kv[] = {"app_id", g_app, "service_token", g_svc}; /* default server */
    CHECK_CODE(try_client(kv, 2, NULL), B44_OK);
  }
  {
    const char *kv[] = {"app_id", g_app, "user_token", "ut-alice", "server_url", g_url};
    CHECK_CODE(try_client(kv, 3, NULL), B44_OK);
  }
  /* plain http to a non-loopback host: refused before any connection */
  static const char *const refused[] = {
      "http://example.invalid",
      "http://example.invalid:8080/base",
      "http://127.0.0.1.example.invalid",
      "http://localhost.example.invalid",
      "http://10.0.0.1",
      "http://[2001:db8::1]:80",
  };
  for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
    const char *kv[] = {"app_id", g_app, "service_token", g_svc, "server_url", refused[i]};
    b44_code rc = try_client(kv, 3, &e);
    check_result(rc == B44_ERR_CONFIG, __FILE__, __LINE__, "server_url %s: got %s, want B44_ERR_CONFIG",
                 refused[i], b44_code_name(rc));
    CHECK_NOT_CONTAINS(b44_error_message(e), g_svc);
    b44_error_free(e), e = NULL;
  }
  static const char *const allowed[] = {
      "http://127.0.0.1:1",     "http://127.1.2.3:80", "http://localhost:8080",
      "http://[::1]:8080",      "https://example.invalid", "https://example.invalid:8443/x",
  };
  for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
    const char *kv[] = {"app_id", g_app, "service_token", g_svc, "server_url", allowed[i]};
    b44_code rc = try_client(kv, 3, NULL);
    check_result(rc == B44_OK, __FILE__, __LINE__, "server_url %s: got %s, want B44_OK", allowed[i],
                 b44_code_name(rc));
  }
  /* unreadable ca_file -> CONFIG at creation */
  {
    const char *kv[] = {"app_id", g_app, "service_token", g_svc, "server_url", g_url, "ca_file",
                        "/nonexistent/b44sso-test/ca.pem"};
    CHECK_CODE(try_client(kv, 4, NULL), B44_ERR_CONFIG);
  }
  /* Options are copied: the client works after the options are freed. */
  {
    b44_options *o = b44_options_new();
    b44_options_set(o, "app_id", g_app, NULL);
    b44_options_set(o, "service_token", g_svc, NULL);
    b44_options_set(o, "server_url", g_url, NULL);
    b44_client *c = NULL;
    CHECK_CODE(b44_client_new(o, &c, NULL), B44_OK);
    /* Changing the options after creation does not change the client. */
    b44_options_set(o, "app_id", "other-app", NULL);
    b44_options_free(o);
    if (c) EXPECT_TOKEN(c, "copied", "at-copied");
    b44_client_free(c);
  }
}

static void test_missing_tokens_for_call(void) {
  /* SSO calls need a service token */
  b44_client *c = MK_CLIENT(0, "user_token", "ut-alice", (const char *)NULL);
  if (c) {
    admin_reset();
    b44_error_free(EXPECT_FAIL(c, "alice", B44_ERR_CONFIG, 0));
    b44_error_free(EXPECT_FAIL_ID(c, "alice", B44_ERR_CONFIG, 0));
    jval *log = admin_requests();
    CHECK(log && log->n == 0); /* nothing sent */
    jfree(log);
  }
  b44_client_free(c);
  /* auth_me needs a user token */
  c = MK_CLIENT(1, (const char *)NULL);
  if (c) {
    admin_reset();
    b44_error_free(EXPECT_FAIL_ME(c, B44_ERR_CONFIG, 0));
    jval *log = admin_requests();
    CHECK(log && log->n == 0);
    jfree(log);
  }
  b44_client_free(c);
}

static void clear_env(void) {
  unsetenv("BASE44_APP_ID");
  unsetenv("BASE44_SERVICE_TOKEN");
  unsetenv("BASE44_USER_TOKEN");
  unsetenv("BASE44_API_URL");
  unsetenv("BASE44_CA_FILE");
}

static void test_from_env(void) {
  b44_client *c;
  b44_error *e;
  clear_env();
  c = MARK_CLIENT;
  e = MARK_ERR;
  CHECK_CODE(b44_client_new_from_env(&c, &e), B44_ERR_CONFIG);
  CHECK_NULL(c);
  CHECK(e != NULL && e != MARK_ERR);
  err_free(e);

  setenv("BASE44_APP_ID", g_app, 1);
  setenv("BASE44_SERVICE_TOKEN", g_svc, 1);
  setenv("BASE44_API_URL", g_url, 1);
  c = NULL;
  e = MARK_ERR;
  CHECK_CODE(b44_client_new_from_env(&c, &e), B44_OK);
  CHECK_NULL(e);
  if (c) {
    /* the environment was read at creation; later changes do not matter */
    unsetenv("BASE44_API_URL");
    EXPECT_TOKEN(c, "envuser", "at-envuser");
    EXPECT_ID_TOKEN(c, "envuser", "idt-envuser");
  }
  b44_client_free(c);
  setenv("BASE44_API_URL", g_url, 1);

  /* no app id */
  unsetenv("BASE44_APP_ID");
  c = MARK_CLIENT;
  CHECK_CODE(b44_client_new_from_env(&c, NULL), B44_ERR_CONFIG);
  CHECK_NULL(c);
  setenv("BASE44_APP_ID", g_app, 1);

  /* no tokens */
  unsetenv("BASE44_SERVICE_TOKEN");
  c = MARK_CLIENT;
  CHECK_CODE(b44_client_new_from_env(&c, NULL), B44_ERR_CONFIG);
  CHECK_NULL(c);

  /* user token only: auth_me works */
  setenv("BASE44_USER_TOKEN", "ut-envme", 1);
  c = NULL;
  CHECK_CODE(b44_client_new_from_env(&c, NULL), B44_OK);
  if (c) {
    char *json = NULL;
    CHECK_CODE(b44_auth_me(c, &json, NULL), B44_OK);
    CHECK_CONTAINS(json, "\"id\"");
    CHECK_CONTAINS(json, "envme");
    b44_string_free(json);
  }
  b44_client_free(c);
  setenv("BASE44_SERVICE_TOKEN", g_svc, 1);

  /* http to a non-loopback host */
  setenv("BASE44_API_URL", "http://example.invalid", 1);
  c = MARK_CLIENT;
  CHECK_CODE(b44_client_new_from_env(&c, NULL), B44_ERR_CONFIG);
  CHECK_NULL(c);
  setenv("BASE44_API_URL", g_url, 1);

  /* unreadable CA file */
  setenv("BASE44_CA_FILE", "/nonexistent/b44sso-test/ca.pem", 1);
  c = MARK_CLIENT;
  CHECK_CODE(b44_client_new_from_env(&c, NULL), B44_ERR_CONFIG);
  CHECK_NULL(c);
  clear_env();
}

static b44_code hdr_client(const char *const *names, const char *const *values, size_t n,
                           b44_client **out) {
  b44_error *e = MARK_ERR;
  *out = MARK_CLIENT;
  b44_code rc = b44_client_new_from_request_headers(names, values, n, out, &e);
  if (rc == B44_OK) {
    CHECK_NULL(e);
    CHECK(*out != NULL && *out != MARK_CLIENT);
  } else {
    CHECK_NULL(*out);
    CHECK(e != NULL && e != MARK_ERR);
    if (e && e != MARK_ERR) CHECK_CODE(b44_error_code(e), rc);
  }
  err_free(e);
  if (*out == MARK_CLIENT) *out = NULL;
  return rc;
}

static void test_from_request_headers(void) {
  b44_client *c;
  char svc_bearer[512];
  snprintf(svc_bearer, sizeof svc_bearer, "Bearer %s", g_svc);

  /* names are case-insensitive; unknown headers ignored */
  {
    const char *n[] = {"base44-APP-id", "BASE44-SERVICE-AUTHORIZATION", "base44-api-url", "Content-Type",
                       "X-Whatever"};
    const char *v[] = {g_app, svc_bearer, g_url, "application/json", "Bearer broken"};
    CHECK_CODE(hdr_client(n, v, 5, &c), B44_OK);
    if (c) {
      EXPECT_TOKEN(c, "hdruser", "at-hdruser");
      EXPECT_ID_TOKEN(c, "hdruser", "idt-hdruser");
    }
    b44_client_free(c);
  }
  /* missing app id */
  {
    const char *n[] = {"Base44-Service-Authorization", "Base44-Api-Url"};
    const char *v[] = {svc_bearer, g_url};
    CHECK_CODE(hdr_client(n, v, 2, &c), B44_ERR_CONFIG);
  }
  /* app id but no tokens */
  {
    const char *n[] = {"Base44-App-Id", "Base44-Api-Url"};
    const char *v[] = {g_app, g_url};
    CHECK_CODE(hdr_client(n, v, 2, &c), B44_ERR_CONFIG);
  }
  /* Bearer validation, for both auth headers */
  static const char *const bad_bearer[] = {"Bearer", "Bearer ", "Bearer  tok", "Basic dXNlcjpwYXNz",
                                           "Bearer a b", "tok", "", "BearerX tok"};
  for (int which = 0; which < 2; which++) {
    for (size_t i = 0; i < sizeof bad_bearer / sizeof bad_bearer[0]; i++) {
      const char *n[] = {"Base44-App-Id", "Base44-Api-Url",
                         which ? "Authorization" : "Base44-Service-Authorization"};
      const char *v[] = {g_app, g_url, bad_bearer[i]};
      b44_code rc = hdr_client(n, v, 3, &c);
      check_result(rc == B44_ERR_INVALID_ARGUMENT, __FILE__, __LINE__,
                   "%s: \"%s\": got %s, want B44_ERR_INVALID_ARGUMENT", n[2], bad_bearer[i],
                   b44_code_name(rc));
      b44_client_free(c);
    }
  }
  /* Authorization (user token) only: auth_me works, the me request carries it */
  {
    const char *n[] = {"base44-app-id", "authorization", "BASE44-API-URL"};
    const char *v[] = {g_app, "Bearer ut-bob", g_url};
    CHECK_CODE(hdr_client(n, v, 3, &c), B44_OK);
    if (c) {
      char *json = NULL;
      admin_reset();
      CHECK_CODE(b44_auth_me(c, &json, NULL), B44_OK);
      CHECK_CONTAINS(json, "\"id\"");
      CHECK_CONTAINS(json, "\"bob\"");
      b44_string_free(json);
      jval *log = admin_requests();
      CHECK(log && log->n == 1);
      if (log && log->n >= 1) CHECK_STR(req_header(log->items[log->n - 1], "authorization"), "Bearer ut-bob");
      jfree(log);
      /* no service token -> SSO is CONFIG */
      b44_error_free(EXPECT_FAIL(c, "bob", B44_ERR_CONFIG, 0));
    }
    b44_client_free(c);
  }
  /* both tokens, state and data env forwarded */
  {
    const char *n[] = {"Base44-App-Id", "Base44-Service-Authorization", "Authorization", "Base44-Api-Url",
                       "base44-state", "x-data-env"};
    const char *v[] = {g_app, svc_bearer, "Bearer ut-carol", g_url, "state-xyz", "dev"};
    CHECK_CODE(hdr_client(n, v, 6, &c), B44_OK);
    if (c) {
      admin_reset();
      EXPECT_TOKEN(c, "carol", "at-carol");
      jval *log = admin_requests();
      CHECK(log && log->n == 1);
      if (log && log->n >= 1) {
        const jval *r = log->items[log->n - 1];
        CHECK_STR(jgets(r, "path"), api_path("auth/sso/accesstoken/carol"));
        CHECK_STR(req_header(r, "authorization"), svc_bearer);
        CHECK_STR(req_header(r, "on-behalf-of"), "Bearer ut-carol");
        CHECK_STR(req_header(r, "base44-state"), "state-xyz");
        CHECK_STR(req_header(r, "x-data-env"), "dev");
        CHECK_STR(req_header(r, "x-app-id"), g_app);
      }
      jfree(log);
      /* the user token belongs to carol: someone else is forbidden */
      b44_error *e = EXPECT_FAIL(c, "dave", B44_ERR_FORBIDDEN, 403);
      CHECK_STR(b44_error_api_code(e), "FORBIDDEN");
      b44_error_free(e);
    }
    b44_client_free(c);
  }
  /* X-Data-Env prod forwarded; other values silently dropped */
  static const char *const envs[][2] = {{"prod", "prod"}, {"staging", NULL}, {"", NULL}};
  for (size_t i = 0; i < 3; i++) {
    const char *n[] = {"Base44-App-Id", "Base44-Service-Authorization", "Base44-Api-Url", "X-Data-Env"};
    const char *v[] = {g_app, svc_bearer, g_url, envs[i][0]};
    CHECK_CODE(hdr_client(n, v, 4, &c), B44_OK);
    if (c) {
      admin_reset();
      EXPECT_TOKEN(c, "envcheck", "at-envcheck");
      jval *log = admin_requests();
      CHECK(log && log->n == 1);
      if (log && log->n >= 1) {
        const char *got = req_header(log->items[log->n - 1], "x-data-env");
        if (envs[i][1]) CHECK_STR(got, envs[i][1]);
        else check_result(got == NULL, __FILE__, __LINE__, "X-Data-Env \"%s\" was forwarded as \"%s\"",
                          envs[i][0], nz(got));
        CHECK_NULL(req_header(log->items[log->n - 1], "base44-state"));
      }
      jfree(log);
    }
    b44_client_free(c);
  }
  /* Base44-Api-Url: http to a non-loopback host is CONFIG */
  {
    const char *n[] = {"Base44-App-Id", "Base44-Service-Authorization", "Base44-Api-Url"};
    const char *v[] = {g_app, svc_bearer, "http://example.invalid"};
    CHECK_CODE(hdr_client(n, v, 3, &c), B44_ERR_CONFIG);
  }
  /* the strings are copied */
  {
    char nbuf[3][64], vbuf[3][512];
    snprintf(nbuf[0], 64, "Base44-App-Id");
    snprintf(nbuf[1], 64, "Base44-Service-Authorization");
    snprintf(nbuf[2], 64, "Base44-Api-Url");
    snprintf(vbuf[0], 512, "%s", g_app);
    snprintf(vbuf[1], 512, "%s", svc_bearer);
    snprintf(vbuf[2], 512, "%s", g_url);
    const char *n[] = {nbuf[0], nbuf[1], nbuf[2]};
    const char *v[] = {vbuf[0], vbuf[1], vbuf[2]};
    CHECK_CODE(hdr_client(n, v, 3, &c), B44_OK);
    memset(nbuf, 'Z', sizeof nbuf);
    memset(vbuf, 'Z', sizeof vbuf);
    if (c) EXPECT_TOKEN(c, "copyhdr", "at-copyhdr");
    b44_client_free(c);
  }
}

static void test_access_token_shapes(void) {
  char scen_buf_[256], want[300];
  b44_client *c = MK_CLIENT(1, (const char *)NULL);
  if (!c) return;
  EXPECT_TOKEN(c, "alice", "at-alice");
  const char *id = SCEN("shape=object");
  at_token(want, sizeof want, id);
  EXPECT_TOKEN(c, id, want);
  id = SCEN("shape=bare");
  at_token(want, sizeof want, id);
  EXPECT_TOKEN(c, id, want);
  id = SCEN("shape=unicode");
  EXPECT_TOKEN(c, id, "at-\xc3\xa9\xe4\xb8\xad");
  /* a large body under 1 MiB is fine */
  id = SCEN("size=500000");
  {
    char *tok = NULL;
    CHECK_CODE(b44_sso_get_access_token(c, id, &tok, NULL), B44_OK);
    CHECK(tok && strlen(tok) > 400000 && strspn(tok, "x") == strlen(tok));
    b44_string_free(tok);
  }
  id = SCEN("size=500000&chunked=1");
  {
    char *tok = NULL;
    CHECK_CODE(b44_sso_get_access_token(c, id, &tok, NULL), B44_OK);
    CHECK(tok && strlen(tok) > 400000);
    b44_string_free(tok);
  }
  /* 1024-byte user id is allowed */
  {
    char uid[1025], w[1100];
    memset(uid, 'u', 1024);
    uid[1024] = 0;
    at_token(w, sizeof w, uid);
    EXPECT_TOKEN(c, uid, w);
  }
  b44_client_free(c);
}

static void test_id_token(void) {
  b44_client *c = MK_CLIENT(1, (const char *)NULL);
  if (!c) return;
  admin_reset();
  EXPECT_ID_TOKEN(c, "alice", "idt-alice");
  jval *log = admin_requests();
  CHECK(log && log->n == 1);
  if (log && log->n >= 1)
    CHECK_STR(jgets(log->items[0], "path"), api_path("auth/sso/idtoken/alice"));
  jfree(log);
  EXPECT_ID_TOKEN(c, "a/b?c#d", "idt-a/b?c#d");
  /* both shapes: bare string (default) and {"id_token": "..."} */
  char scen_buf_[256], want[300];
  const char *id = SCEN("shape=object");
  snprintf(want, sizeof want, "idt-%s", id);
  EXPECT_ID_TOKEN(c, id, want);
  id = SCEN("shape=bare");
  snprintf(want, sizeof want, "idt-%s", id);
  EXPECT_ID_TOKEN(c, id, want);
  /* errors on the ID token route too */
  b44_error *e = EXPECT_FAIL_ID(c, SCEN("status=404&body=detail_code"), B44_ERR_NOT_FOUND, 404);
  CHECK_STR(b44_error_api_code(e), "SCENARIO_CODE");
  b44_error_free(e);
  b44_error_free(EXPECT_FAIL_ID(c, SCEN("shape=number"), B44_ERR_PROTOCOL, 200));
  b44_error_free(EXPECT_FAIL_ID(c, "", B44_ERR_INVALID_ARGUMENT, 0));
  b44_client_free(c);
}

static void test_auth_me(void) {
  b44_client *c = MK_CLIENT(0, "user_token", "ut-alice", (const char *)NULL);
  if (!c) return;
  admin_reset();
  char *json = MARK_STR;
  b44_error *e = MARK_ERR;
  CHECK_CODE(b44_auth_me(c, &json, &e), B44_OK);
  CHECK_NULL(e);
  err_free(e);
  if (json != MARK_STR) {
    CHECK_CONTAINS(json, "\"id\"");
    CHECK_CONTAINS(json, "\"alice\"");
    jval *v = jparse(json);
    CHECK(v && v->t == J_OBJ);
    CHECK_STR(jgets(v, "id"), "alice");
    CHECK_STR(jgets(v, "email"), "alice@example.com");
    jfree(v);
    b44_string_free(json);
  }
  jval *log = admin_requests();
  CHECK(log && log->n == 1);
  if (log && log->n >= 1) {
    const jval *r = log->items[0];
    CHECK_STR(jgets(r, "method"), "GET");
    CHECK_STR(jgets(r, "path"), api_path("entities/User/me"));
    CHECK_STR(req_header(r, "authorization"), "Bearer ut-alice");
    CHECK_STR(req_header(r, "accept"), "application/json");
    CHECK_STR(req_header(r, "x-app-id"), g_app);
    CHECK(req_header(r, "user-agent") && strncmp(req_header(r, "user-agent"), "b44sso/", 7) == 0);
    CHECK_NULL(req_header(r, "on-behalf-of"));
  }
  jfree(log);
  b44_client_free(c);
  /* a wrong user token -> 401 */
  c = MK_CLIENT(0, "user_token", "not-a-user-token", (const char *)NULL);
  if (c) {
    e = EXPECT_FAIL_ME(c, B44_ERR_UNAUTHORIZED, 401);
    CHECK_NOT_CONTAINS(b44_error_message(e), "not-a-user-token");
    CHECK_NOT_CONTAINS(b44_error_body(e), "not-a-user-token");
    b44_error_free(e);
  }
  b44_client_free(c);
  /* a scenario on the me route */
  char tokbuf[256];
  snprintf(tokbuf, sizeof tokbuf, "ut-!status=500&body=message&u=me%ld", (long)getpid());
  c = MK_CLIENT(0, "user_token", tokbuf, "max_retries", "0", (const char *)NULL);
  if (c) {
    e = EXPECT_FAIL_ME(c, B44_ERR_SERVER, 500);
    CHECK_STR(b44_error_api_code(e), "MSG_CODE");
    CHECK_CONTAINS(b44_error_message(e), "scenario message");
    b44_error_free(e);
  }
  b44_client_free(c);
}

static void test_request_headers_sent(void) {
  /* service token only */
  b44_client *c = MK_CLIENT(1, (const char *)NULL);
  char svc_bearer[512];
  snprintf(svc_bearer, sizeof svc_bearer, "Bearer %s", g_svc);
  if (c) {
    admin_reset();
    EXPECT_TOKEN(c, "hdrs1", "at-hdrs1");
    jval *log = admin_requests();
    CHECK(log && log->n == 1);
    if (log && log->n >= 1) {
      const jval *r = log->items[0];
      CHECK_STR(jgets(r, "method"), "GET");
      CHECK_STR(jgets(r, "path"), api_path("auth/sso/accesstoken/hdrs1"));
      CHECK_STR(req_header(r, "accept"), "application/json");
      CHECK_STR(req_header(r, "x-app-id"), g_app);
      CHECK_STR(req_header(r, "authorization"), svc_bearer);
      CHECK_NULL(req_header(r, "on-behalf-of"));
      const char *ua = req_header(r, "user-agent");
      CHECK(ua && strncmp(ua, "b44sso/" B44SSO_VERSION_STRING, 7 + strlen(B44SSO_VERSION_STRING)) == 0);
      CHECK_NULL(req_header(r, "base44-state"));
      CHECK_NULL(req_header(r, "x-data-env"));
    }
    jfree(log);
  }
  b44_client_free(c);
  /* both tokens, state, data_env, custom user agent */
  c = MK_CLIENT(1, "user_token", "ut-hdrs2", "state", "st-42", "data_env", "prod", "user_agent",
                "custom-agent/9.9", (const char *)NULL);
  if (c) {
    admin_reset();
    EXPECT_TOKEN(c, "hdrs2", "at-hdrs2");
    EXPECT_ID_TOKEN(c, "hdrs2", "idt-hdrs2");
    char *json = NULL;
    CHECK_CODE(b44_auth_me(c, &json, NULL), B44_OK);
    CHECK_CONTAINS(json, "\"id\"");
    b44_string_free(json);
    jval *log = admin_requests();
    CHECK(log && log->n == 3);
    for (size_t i = 0; log && i < log->n && i < 3; i++) {
      const jval *r = log->items[i];
      CHECK_STR(req_header(r, "accept"), "application/json");
      CHECK_STR(req_header(r, "x-app-id"), g_app);
      CHECK_STR(req_header(r, "base44-state"), "st-42");
      CHECK_STR(req_header(r, "x-data-env"), "prod");
      /* user_agent is appended to the library's own, so servers see both. */
      CHECK_STR(req_header(r, "user-agent"), "b44sso/" B44SSO_VERSION_STRING " custom-agent/9.9");
      if (i < 2) {
        CHECK_STR(req_header(r, "authorization"), svc_bearer);
        CHECK_STR(req_header(r, "on-behalf-of"), "Bearer ut-hdrs2");
      } else {
        CHECK_STR(jgets(r, "path"), api_path("entities/User/me"));
        CHECK_STR(req_header(r, "authorization"), "Bearer ut-hdrs2");
      }
    }
    if (log && log->n >= 2) {
      CHECK_STR(jgets(log->items[0], "path"), api_path("auth/sso/accesstoken/hdrs2"));
      CHECK_STR(jgets(log->items[1], "path"), api_path("auth/sso/idtoken/hdrs2"));
    }
    jfree(log);
  }
  b44_client_free(c);
}

static void test_path_encoding(void) {
  static const char *const cases[][2] = {
      {"a/b?c#d", "a%2Fb%3Fc%23d"},
      {"..", "%2E%2E"},
      {".", "%2E"},
      {"%", "%25"},
      {"100%25", "100%2525"},
      {"\xc3\xa9\xe4\xb8\xad", "%C3%A9%E4%B8%AD"},
      {"a b+c&d=e", "a%20b%2Bc%26d%3De"},
      {"AZaz09-._~", "AZaz09-._~"},
      {"...", "..."},
      {"a..b", "a..b"},
      {"\\x:@!$'()*,;", "%5Cx%3A%40%21%24%27%28%29%2A%2C%3B"},
  };
  b44_client *c = MK_CLIENT(1, (const char *)NULL);
  if (!c) return;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char want_tok[128], want_path[256];
    admin_reset();
    at_token(want_tok, sizeof want_tok, cases[i][0]);
    EXPECT_TOKEN(c, cases[i][0], want_tok);
    snprintf(want_path, sizeof want_path, "/api/apps/%s/auth/sso/accesstoken/%s", g_app, cases[i][1]);
    jval *log = admin_requests();
    check_result(log && log->n == 1, __FILE__, __LINE__, "case %zu: %zu requests logged", i,
                 log ? log->n : (size_t)0);
    if (log && log->n >= 1) CHECK_STR(jgets(log->items[0], "path"), want_path);
    jfree(log);
  }
  b44_client_free(c);
}

static void test_invalid_user_ids(void) {
  b44_client *c = MK_CLIENT(1, (const char *)NULL);
  if (!c) return;
  char longid[1026];
  memset(longid, 'x', 1025);
  longid[1025] = 0;
  static const char *const bad[] = {
      "",
      "\xff",
      "abc\xc3",          /* truncated sequence */
      "\xc0\xaf",         /* overlong '/' */
      "\xed\xa0\x80",     /* UTF-16 surrogate */
      "\xf4\x90\x80\x80", /* above U+10FFFF */
      "\x80x",            /* stray continuation byte */
      "a\x01",
      "a\nb",
      "a\rb",
      "tab\there",
      "del\x7f",
      "\x1f",
  };
  admin_reset();
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    for (int kind = 0; kind < 2; kind++) {
      b44_error *e = expect_fail_at(__FILE__, __LINE__, c, kind, bad[i], B44_ERR_INVALID_ARGUMENT, 0);
      if (!e) fprintf(stderr, "  (bad user id #%zu)\n", i);
      b44_error_free(e);
    }
  }
  b44_error_free(EXPECT_FAIL(c, longid, B44_ERR_INVALID_ARGUMENT, 0));
  b44_error_free(EXPECT_FAIL_ID(c, longid, B44_ERR_INVALID_ARGUMENT, 0));
  /* err NULL allowed on failure */
  char *tok = MARK_STR;
  CHECK_CODE(b44_sso_get_access_token(c, "", &tok, NULL), B44_ERR_INVALID_ARGUMENT);
  CHECK_NULL(tok);
  jval *log = admin_requests();
  check_result(log && log->n == 0, __FILE__, __LINE__, "invalid user ids sent %zu requests",
               log ? log->n : (size_t)0);
  jfree(log);
  b44_client_free(c);
}

static void test_error_status_mapping(void) {
  static const struct { int status; b44_code code; } statuses[] = {
      {400, B44_ERR_HTTP},         {401, B44_ERR_UNAUTHORIZED}, {403, B44_ERR_FORBIDDEN},
      {404, B44_ERR_NOT_FOUND},    {409, B44_ERR_HTTP},         {418, B44_ERR_HTTP},
      {422, B44_ERR_HTTP},         {429, B44_ERR_RATE_LIMITED}, {500, B44_ERR_SERVER},
      {501, B44_ERR_SERVER},       {502, B44_ERR_SERVER},       {503, B44_ERR_SERVER},
      {504, B44_ERR_SERVER},       {599, B44_ERR_SERVER},
  };
  static const struct {
    const char *body;
    const char *api;      /* expected api code, NULL for none */
    const char *msg;      /* substring of the message, NULL for no check */
    const char *body_sub; /* substring of the body, NULL: body must be NULL */
  } bodies[] = {
      {"detail", NULL, "scenario detail", "scenario detail"},
      {"detail_code", "SCENARIO_CODE", "scenario detail", "SCENARIO_CODE"},
      {"message", "MSG_CODE", "scenario message", "scenario message"},
      {"error", "NESTED_CODE", "nested message", "nested message"},
      {"empty", NULL, NULL, NULL},
      {"text", NULL, NULL, "upstream exploded"},
      {"connector", "CONNECTOR_X", "connector failed", "connector failed"},
  };
  b44_client *c = MK_CLIENT(1, "max_retries", "0", (const char *)NULL);
  if (!c) return;
  char scen_buf_[256], params[128];
  for (size_t s = 0; s < sizeof statuses / sizeof statuses[0]; s++) {
    for (size_t b = 0; b < sizeof bodies / sizeof bodies[0]; b++) {
      snprintf(params, sizeof params, "status=%d&body=%s", statuses[s].status, bodies[b].body);
      b44_error *e = EXPECT_FAIL(c, SCEN(params), statuses[s].code, statuses[s].status);
      if (!e) continue;
      const char *api = b44_error_api_code(e);
      if (bodies[b].api)
        check_result(api && strcmp(api, bodies[b].api) == 0, __FILE__, __LINE__,
                     "%s: api code \"%s\", want \"%s\"", params, nz(api), bodies[b].api);
      else
        check_result(api == NULL, __FILE__, __LINE__, "%s: api code \"%s\", want NULL", params, api);
      if (bodies[b].msg) {
        const char *m = b44_error_message(e);
        check_result(m && strstr(m, bodies[b].msg), __FILE__, __LINE__,
                     "%s: message \"%s\" lacks \"%s\"", params, nz(m), bodies[b].msg);
      }
      const char *body = b44_error_body(e);
      if (bodies[b].body_sub)
        check_result(body && strstr(body, bodies[b].body_sub), __FILE__, __LINE__,
                     "%s: body \"%s\" lacks \"%s\"", params, nz(body), bodies[b].body_sub);
      else
        check_result(body == NULL, __FILE__, __LINE__, "%s: body \"%s\", want NULL", params, body);
      if (strcmp(bodies[b].body, "text") == 0 && body)
        CHECK_STR(body, "upstream exploded");
      b44_error_free(e);
    }
  }
  /* error.code wins over code; X-Base44-Connector-Error is used only without a body code */
  b44_client_free(c);
}

static void test_error_real_auth(void) {
  /* wrong service token -> 401 from the normal route, and the token never leaks */
  b44_client *c = MK_CLIENT(0, "service_token", "wrong-svc-token-123", "max_retries", "0",
                            (const char *)NULL);
  if (c) {
    b44_error *e = EXPECT_FAIL(c, "alice", B44_ERR_UNAUTHORIZED, 401);
    CHECK_CONTAINS(b44_error_message(e), "Unauthorized");
    CHECK_NOT_CONTAINS(b44_error_message(e), "wrong-svc-token-123");
    CHECK_NOT_CONTAINS(b44_error_body(e), "wrong-svc-token-123");
    b44_error_free(e);
  }
  b44_client_free(c);
  /* wrong app id -> 400 BAD_APP -> HTTP */
  c = NULL;
  {
    b44_options *o = b44_options_new();
    b44_options_set(o, "app_id", "other-app", NULL);
    b44_options_set(o, "service_token", g_svc, NULL);
    b44_options_set(o, "server_url", g_url, NULL);
    CHECK_CODE(b44_client_new(o, &c, NULL), B44_OK);
    b44_options_free(o);
  }
  if (c) {
    b44_error *e = EXPECT_FAIL(c, "alice", B44_ERR_HTTP, 400);
    CHECK_STR(b44_error_api_code(e), "BAD_APP");
    CHECK_NOT_CONTAINS(b44_error_message(e), g_svc);
    b44_error_free(e);
  }
  b44_client_free(c);
  /* user token for someone else -> 403 */
  c = MK_CLIENT(1, "user_token", "ut-alice", (const char *)NULL);
  if (c) {
    EXPECT_TOKEN(c, "alice", "at-alice");
    b44_error *e = EXPECT_FAIL(c, "mallory", B44_ERR_FORBIDDEN, 403);
    CHECK_STR(b44_error_api_code(e), "FORBIDDEN");
    CHECK_CONTAINS(b44_error_message(e), "SSO tokens can only be fetched for the requesting user");
    CHECK_NOT_CONTAINS(b44_error_message(e), "ut-alice");
    b44_error_free(e);
  }
  b44_client_free(c);
}

static void test_redaction_echo(void) {
  char scen_buf_[256];
  b44_client *c = MK_CLIENT(1, "user_token", "ut-redactme", "max_retries", "0", (const char *)NULL);
  if (!c) return;
  static const int statuses[] = {400, 401, 500};
  for (size_t i = 0; i < 3; i++) {
    char params[64];
    snprintf(params, sizeof params, "status=%d&body=echo", statuses[i]);
    b44_code want = statuses[i] == 400 ? B44_ERR_HTTP
                    : statuses[i] == 401 ? B44_ERR_UNAUTHORIZED : B44_ERR_SERVER;
    b44_error *e = EXPECT_FAIL(c, SCEN(params), want, statuses[i]);
    if (!e) continue;
    const char *m = b44_error_message(e), *b = b44_error_body(e);
    CHECK_NOT_CONTAINS(m, g_svc);
    CHECK_NOT_CONTAINS(m, "ut-redactme");
    CHECK_NOT_NULL(b);
    CHECK_NOT_CONTAINS(b, g_svc);
    CHECK_NOT_CONTAINS(b, "ut-redactme");
    CHECK_CONTAINS(b, "[REDACTED]");
    CHECK_CONTAINS(b, "echo: ");
    b44_error_free(e);
  }
  b44_client_free(c);
  /* on the me route: the user token is the Authorization value */
  c = MK_CLIENT(0, "user_token", "ut-!status=400&body=echo", (const char *)NULL);
  if (c) {
    b44_error *e = EXPECT_FAIL_ME(c, B44_ERR_HTTP, 400);
    CHECK_NOT_CONTAINS(b44_error_message(e), "ut-!status=400&body=echo");
    CHECK_NOT_CONTAINS(b44_error_body(e), "ut-!status=400&body=echo");
    CHECK_CONTAINS(b44_error_body(e), "[REDACTED]");
    b44_error_free(e);
  }
  b44_client_free(c);
}

static void test_protocol_shapes(void) {
  static const char *const shapes[] = {"empty_object", "null", "number", "empty_token",
                                       "invalid_json", "html", "wrong_type"};
  b44_client *c = MK_CLIENT(1, (const char *)NULL);
  if (!c) return;
  char scen_buf_[256], params[64];
  for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
    snprintf(params, sizeof params, "shape=%s", shapes[i]);
    b44_error *e = EXPECT_FAIL(c, SCEN(params), B44_ERR_PROTOCOL, 200);
    if (!e) fprintf(stderr, "  (shape %s)\n", shapes[i]);
    b44_error_free(e);
  }
  b44_client_free(c);
}

/* A 200 answer whose body stops short of its Content-Length: the connection failed mid-answer,
 * so NETWORK with no HTTP status (a complete answer with bad content would be PROTOCOL). */
static void test_truncated_body(void) {
  b44_client *c = MK_CLIENT(1, (const char *)NULL);
  if (!c) return;
  char scen_buf_[256];
  b44_error_free(EXPECT_FAIL(c, SCEN("shape=truncated"), B44_ERR_NETWORK, 0));
  EXPECT_TOKEN(c, "after-truncated", "at-after-truncated");
  b44_client_free(c);
}

static void test_oversized_body(void) {
  b44_client *c = MK_CLIENT(1, (const char *)NULL);
  if (!c) return;
  char scen_buf_[256];
  b44_error_free(EXPECT_FAIL(c, SCEN("size=2000000"), B44_ERR_PROTOCOL, 200));
  b44_error_free(EXPECT_FAIL(c, SCEN("size=2000000&chunked=1"), B44_ERR_PROTOCOL, 200));
  /* the client still works afterwards */
  EXPECT_TOKEN(c, "after-oversize", "at-after-oversize");
  b44_client_free(c);
}

static void test_network_errors(void) {
  int port = closed_port();
  CHECK(port > 0);
  char url[64];
  snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
  b44_options *o = b44_options_new();
  b44_options_set(o, "app_id", g_app, NULL);
  b44_options_set(o, "service_token", g_svc, NULL);
  b44_options_set(o, "user_token", "ut-net", NULL);
  CHECK_CODE(b44_options_set(o, "server_url", url, NULL), B44_OK);
  b44_client *c = NULL;
  CHECK_CODE(b44_client_new(o, &c, NULL), B44_OK);
  b44_options_free(o);
  if (c) {
    double t0 = now_ms();
    b44_error *e = EXPECT_FAIL(c, "net", B44_ERR_NETWORK, 0);
    CHECK_NULL(b44_error_api_code(e));
    CHECK_NULL(b44_error_body(e));
    b44_error_free(e);
    b44_error_free(EXPECT_FAIL_ID(c, "net", B44_ERR_NETWORK, 0));
    b44_error_free(EXPECT_FAIL_ME(c, B44_ERR_NETWORK, 0));
    CHECK(now_ms() - t0 < 15000.0);
  }
  b44_client_free(c);

  c = MK_CLIENT(1, (const char *)NULL);
  if (c) {
    char scen_buf_[256];
    b44_error_free(EXPECT_FAIL(c, SCEN("drop=before"), B44_ERR_NETWORK, 0));
    b44_error_free(EXPECT_FAIL(c, SCEN("drop=reset"), B44_ERR_NETWORK, 0));
    /* connection failures are retried: times=1 recovers with the default max_retries */
    const char *id = SCEN("drop=before&times=1");
    char want[300];
    at_token(want, sizeof want, id);
    EXPECT_TOKEN(c, id, want);
    /* and the client keeps working */
    EXPECT_TOKEN(c, "after-drop", "at-after-drop");
  }
  b44_client_free(c);
}

static void test_timeout(void) {
  char scen_buf_[256];
  b44_client *c = MK_CLIENT(1, "timeout_ms", "500", (const char *)NULL);
  if (!c) return;
  double t0 = now_ms();
  b44_error_free(EXPECT_FAIL(c, SCEN("hang=1"), B44_ERR_TIMEOUT, 0));
  double dt = now_ms() - t0;
  check_result(dt >= 400.0 && dt < 3000.0, __FILE__, __LINE__,
               "hang with timeout_ms=500 returned after %.0f ms (want 400..3000)", dt);
  /* a slow answer past the deadline is a timeout as well */
  t0 = now_ms();
  b44_error_free(EXPECT_FAIL(c, SCEN("delay_ms=3000"), B44_ERR_TIMEOUT, 0));
  dt = now_ms() - t0;
  check_result(dt < 2500.0, __FILE__, __LINE__, "delay with timeout_ms=500 returned after %.0f ms", dt);
  /* the deadline covers dribbled bodies too */
  t0 = now_ms();
  b44_error_free(EXPECT_FAIL(c, SCEN("dribble_ms=100"), B44_ERR_TIMEOUT, -1));
  dt = now_ms() - t0;
  check_result(dt < 3000.0, __FILE__, __LINE__, "dribble with timeout_ms=500 returned after %.0f ms", dt);
  /* a client still works after timeouts */
  EXPECT_TOKEN(c, "after-timeout", "at-after-timeout");
  b44_client_free(c);
}

static void test_retries_503(void) {
  char scen_buf_[256], want[300];
  b44_client *c2 = MK_CLIENT(1, "max_retries", "2", (const char *)NULL);
  b44_client *c1 = MK_CLIENT(1, "max_retries", "1", (const char *)NULL);
  b44_client *c0 = MK_CLIENT(1, "max_retries", "0", (const char *)NULL);
  if (c2) {
    const char *id = SCEN("status=503&times=2");
    at_token(want, sizeof want, id);
    admin_reset();
    EXPECT_TOKEN(c2, id, want);
    stats_t s;
    CHECK(admin_stats(&s) == 0);
    CHECK_INT(s.requests, 3);
  }
  if (c1) {
    const char *id = SCEN("status=503&times=2");
    admin_reset();
    b44_error *e = EXPECT_FAIL(c1, id, B44_ERR_SERVER, 503);
    b44_error_free(e);
    stats_t s;
    CHECK(admin_stats(&s) == 0);
    CHECK_INT(s.requests, 2);
    /* the third request (a new call) succeeds: the scenario counted both attempts */
    at_token(want, sizeof want, id);
    EXPECT_TOKEN(c1, id, want);
  }
  if (c0) {
    const char *id = SCEN("status=502&times=1");
    b44_error_free(EXPECT_FAIL(c0, id, B44_ERR_SERVER, 502));
    id = SCEN("status=504&times=1");
    at_token(want, sizeof want, id);
    EXPECT_TOKEN(c2 ? c2 : c0, id, want);
  }
  /* 500 and 4xx are not retried */
  if (c2) {
    const char *id = SCEN("status=500&times=1");
    admin_reset();
    b44_error_free(EXPECT_FAIL(c2, id, B44_ERR_SERVER, 500));
    stats_t s;
    CHECK(admin_stats(&s) == 0);
    CHECK_INT(s.requests, 1);
    id = SCEN("status=404&times=1");
    admin_reset();
    b44_error_free(EXPECT_FAIL(c2, id, B44_ERR_NOT_FOUND, 404));
    CHECK(admin_stats(&s) == 0);
    CHECK_INT(s.requests, 1);
  }
  b44_client_free(c0);
  b44_client_free(c1);
  b44_client_free(c2);
}

static void test_retry_after(void) {
  char scen_buf_[256], want[300];
  b44_client *c = MK_CLIENT(1, (const char *)NULL);
  if (!c) return;
  /* Retry-After in seconds honoured */
  const char *id = SCEN("status=429&retry_after=1&times=1");
  at_token(want, sizeof want, id);
  double t0 = now_ms();
  EXPECT_TOKEN(c, id, want);
  double dt = now_ms() - t0;
  check_result(dt >= 900.0 && dt < 5000.0, __FILE__, __LINE__,
               "429 retry_after=1 succeeded after %.0f ms (want 900..5000)", dt);
  /* Retry-After as an HTTP date */
  id = SCEN("status=503&retry_after_date=2&times=1");
  at_token(want, sizeof want, id);
  t0 = now_ms();
  EXPECT_TOKEN(c, id, want);
  dt = now_ms() - t0;
  check_result(dt >= 500.0 && dt < 6000.0, __FILE__, __LINE__,
               "503 retry_after_date=2 succeeded after %.0f ms (want 500..6000)", dt);
  b44_client_free(c);

  /* Retry-After longer than the deadline: fails at once with the last error */
  c = MK_CLIENT(1, "timeout_ms", "3000", "max_retries", "5", (const char *)NULL);
  if (!c) return;
  id = SCEN("status=429&retry_after=30&body=detail_code");
  t0 = now_ms();
  b44_error *e = EXPECT_FAIL(c, id, B44_ERR_RATE_LIMITED, 429);
  dt = now_ms() - t0;
  CHECK_STR(b44_error_api_code(e), "SCENARIO_CODE");
  b44_error_free(e);
  check_result(dt < 1500.0, __FILE__, __LINE__,
               "Retry-After 30 s with timeout_ms=3000 returned after %.0f ms (want at once)", dt);
  /* retries never pass the deadline */
  id = SCEN("status=503&retry_after=1");
  t0 = now_ms();
  e = EXPECT_FAIL(c, id, B44_ERR_SERVER, 503);
  dt = now_ms() - t0;
  b44_error_free(e);
  check_result(dt < 3000.0 + 1500.0, __FILE__, __LINE__,
               "503 with retries and timeout_ms=3000 returned after %.0f ms", dt);
  b44_client_free(c);
}

static void test_redirect(void) {
  char scen_buf_[256];
  b44_client *c = MK_CLIENT(1, (const char *)NULL);
  if (!c) return;
  admin_reset();
  b44_error *e = EXPECT_FAIL(c, SCEN("redirect=1"), B44_ERR_HTTP, 302);
  b44_error_free(e);
  stats_t s;
  CHECK(admin_stats(&s) == 0);
  CHECK_INT(s.redirect_hits, 0);
  CHECK_INT(s.requests, 1);
  b44_client_free(c);
}

static void test_connection_reuse(void) {
  b44_client *c = MK_CLIENT(1, (const char *)NULL);
  if (!c) return;
  stats_t a, b, d;
  /* admin connections may or may not count: measure their share with two stats calls */
  CHECK(admin_reset() == 0);
  CHECK(admin_stats(&a) == 0);
  CHECK(admin_stats(&b) == 0);
  long admin_share = b.connections - a.connections;
  CHECK(admin_share == 0 || admin_share == 1);
  for (int i = 0; i < 20; i++) {
    char uid[32], want[40];
    snprintf(uid, sizeof uid, "reuse-%d", i);
    at_token(want, sizeof want, uid);
    EXPECT_TOKEN(c, uid, want);
  }
  CHECK(admin_stats(&d) == 0);
  long client_conns = d.connections - b.connections - admin_share;
  check_result(client_conns == 1, __FILE__, __LINE__,
               "20 sequential calls used %ld connections, want 1", client_conns);
  CHECK_INT(d.requests, 20);
  b44_client_free(c);
}

#define N_THREADS 16
#define N_CALLS 50

typedef struct {
  b44_client *c;
  int index;
  int ok, bad;
  char first_problem[256];
} thread_arg;

/* Counts one call's outcome, keeping the first problem for the report. */
static void tally(thread_arg *a, int good, const char *uid, b44_code rc, const char *tok, const b44_error *e) {
  if (good) {
    a->ok++;
    return;
  }
  if (!a->bad)
    snprintf(a->first_problem, sizeof a->first_problem, "%s: %s %s (%s)", uid, b44_code_name(rc), nz(tok),
             nz(b44_error_message(e)));
  a->bad++;
}

static void *thread_main(void *p) {
  thread_arg *a = p;
  for (int i = 0; i < N_CALLS; i++) {
    char uid[64], want[80];
    snprintf(uid, sizeof uid, "thr%d-call%d", a->index, i);
    int id = (i % 5) == 4;
    snprintf(want, sizeof want, "%s-%s", id ? "idt" : "at", uid);
    char *tok = NULL;
    b44_error *e = NULL;
    b44_code rc = id ? b44_sso_get_id_token(a->c, uid, &tok, &e) : b44_sso_get_access_token(a->c, uid, &tok, &e);
    tally(a, rc == B44_OK && tok && strcmp(tok, want) == 0 && e == NULL, uid, rc, tok, e);
    b44_string_free(tok);
    b44_error_free(e);
  }
  return NULL;
}

static void test_threads(void) {
  b44_client *c = MK_CLIENT(1, (const char *)NULL);
  if (!c) return;
  pthread_t th[N_THREADS];
  thread_arg args[N_THREADS];
  int started[N_THREADS];
  for (int i = 0; i < N_THREADS; i++) {
    memset(&args[i], 0, sizeof args[i]);
    args[i].c = c;
    args[i].index = i;
    started[i] = pthread_create(&th[i], NULL, thread_main, &args[i]) == 0;
    CHECK(started[i]);
  }
  int ok = 0, bad = 0;
  for (int i = 0; i < N_THREADS; i++) {
    if (!started[i]) continue;
    pthread_join(th[i], NULL);
    ok += args[i].ok;
    bad += args[i].bad;
    if (args[i].bad) fprintf(stderr, "  thread %d: %d bad, first: %s\n", i, args[i].bad, args[i].first_problem);
  }
  CHECK_INT(ok, N_THREADS * N_CALLS);
  CHECK_INT(bad, 0);
  b44_client_free(c);
}

/* ---- Stress: 32 threads, every outcome ------------------------------------------------------ */

#define STRESS_THREADS 32
#define STRESS_CALLS 100

/* Each call's expected outcome is derived from its index, so every answer can be checked. */
static const struct {
  const char *scenario; /* NULL: a plain user id, which must give its own token */
  b44_code code;
  int http;
} stress_kinds[] = {
    {NULL, B44_OK, 0},
    {"status=401", B44_ERR_UNAUTHORIZED, 401},
    {"status=403", B44_ERR_FORBIDDEN, 403},
    {"status=404&body=detail_code", B44_ERR_NOT_FOUND, 404},
    {"status=429", B44_ERR_RATE_LIMITED, 429},
    {"status=500&body=error", B44_ERR_SERVER, 500},
    {"status=418", B44_ERR_HTTP, 418},
    {"shape=invalid_json", B44_ERR_PROTOCOL, 200},
    {"drop=before", B44_ERR_NETWORK, 0},
    {NULL, B44_OK, 0},
};

static void *stress_main(void *p) {
  thread_arg *a = p;
  for (int i = 0; i < STRESS_CALLS; i++) {
    size_t kind = (size_t)(a->index + i) % (sizeof stress_kinds / sizeof stress_kinds[0]);
    char uid[160], want[200];
    if (stress_kinds[kind].scenario)
      snprintf(uid, sizeof uid, "!%s&s=%d-%d", stress_kinds[kind].scenario, a->index, i);
    else
      snprintf(uid, sizeof uid, "stress-%d-%d", a->index, i);
    snprintf(want, sizeof want, "at-%s", uid);
    char *tok = NULL;
    b44_error *e = NULL;
    b44_code rc = b44_sso_get_access_token(a->c, uid, &tok, &e);
    int good = rc == stress_kinds[kind].code &&
               (rc == B44_OK ? tok && strcmp(tok, want) == 0 && !e
                             : !tok && e && b44_error_code(e) == rc &&
                                   b44_error_http_status(e) == stress_kinds[kind].http);
    tally(a, good, uid, rc, tok, e);
    b44_string_free(tok);
    b44_error_free(e);
  }
  return NULL;
}

static void test_stress_mixed_outcomes(void) {
  /* no retries: every call's outcome is then exactly its scenario's */
  b44_client *c = MK_CLIENT(1, "max_retries", "0", (const char *)NULL);
  if (!c) return;
  pthread_t th[STRESS_THREADS];
  thread_arg args[STRESS_THREADS];
  int ok = 0, bad = 0;
  for (int i = 0; i < STRESS_THREADS; i++) {
    memset(&args[i], 0, sizeof args[i]);
    args[i].c = c;
    args[i].index = i;
    if (pthread_create(&th[i], NULL, stress_main, &args[i]) != 0) args[i].bad = -1;
  }
  for (int i = 0; i < STRESS_THREADS; i++) {
    if (args[i].bad == -1) { bad++; continue; }
    pthread_join(th[i], NULL);
    ok += args[i].ok;
    bad += args[i].bad;
    if (args[i].bad) fprintf(stderr, "  thread %d: %d bad, first: %s\n", i, args[i].bad, args[i].first_problem);
  }
  CHECK_INT(ok, STRESS_THREADS * STRESS_CALLS);
  CHECK_INT(bad, 0);
  b44_client_free(c);
}

/* ---- fork ----------------------------------------------------------------------------------- */

/* Forks; the child runs body(c, n) and reports whether it succeeded through a pipe, so that
 * the parent judges the child's calls alone: under valgrind a child's exit status also carries
 * memcheck's verdict on a process whose other threads vanished at fork(), leaving what only
 * they referenced unreachable. Returns 1 when the child's body succeeded. */
static int in_child(int (*body)(b44_client *, int), b44_client *c, int n) {
  int fds[2];
  if (pipe(fds) != 0) return 0;
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    char verdict = body(c, n) ? 'y' : 'n';
    ssize_t written = write(fds[1], &verdict, 1);
    _exit(written == 1 ? 0 : 1);
  }
  close(fds[1]);
  char verdict = 0;
  ssize_t got = 0;
  if (pid > 0) {
    do got = read(fds[0], &verdict, 1);
    while (got < 0 && errno == EINTR);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
    }
  }
  close(fds[0]);
  return got == 1 && verdict == 'y';
}

/* In a child: `calls` access tokens on `c`; 1 when all are correct. */
static int child_fetches(b44_client *c, int calls) {
  int good = 1;
  for (int i = 0; i < calls; i++) {
    char uid[48], want[56];
    snprintf(uid, sizeof uid, "child-%d-%d", (int)getpid(), i);
    snprintf(want, sizeof want, "at-%s", uid);
    char *tok = NULL;
    b44_error *e = NULL;
    b44_code rc = b44_sso_get_access_token(c, uid, &tok, &e);
    if (rc != B44_OK || !tok || strcmp(tok, want) != 0) {
      if (good) fprintf(stderr, "  child %d: %s %s (%s)\n", (int)getpid(), b44_code_name(rc), nz(tok), nz(b44_error_message(e)));
      good = 0;
    }
    b44_string_free(tok);
    b44_error_free(e);
  }
  return good;
}

/* A client used before fork() works in the child over a connection of its own, and the parent
 * keeps using the connection it had. */
static void test_fork_child_uses_own_connection(void) {
  b44_client *c = MK_CLIENT(1, (const char *)NULL);
  if (!c) return;
  stats_t s;
  CHECK(admin_reset() == 0);
  EXPECT_TOKEN(c, "before-fork", "at-before-fork");
  CHECK(admin_stats(&s) == 0 && s.connections == 1);
  CHECK(in_child(child_fetches, c, 5));
  CHECK(admin_stats(&s) == 0);
  check_result(s.connections == 2, __FILE__, __LINE__,
               "after the child's calls: %ld connections, want 2 (the child must open its own)", s.connections);
  EXPECT_TOKEN(c, "after-fork", "at-after-fork");
  CHECK(admin_stats(&s) == 0);
  check_result(s.connections == 2, __FILE__, __LINE__,
               "after the parent's call: %ld connections, want 2 (the parent keeps its own)", s.connections);
  b44_client_free(c);
}

typedef struct {
  b44_client *c;
  volatile int stop;
  int ok, bad;
} busy_arg;

static void *busy_main(void *p) {
  busy_arg *a = p;
  for (int i = 0; !a->stop; i++) {
    char uid[48], want[56];
    snprintf(uid, sizeof uid, "busy-%p-%d", (void *)a, i);
    snprintf(want, sizeof want, "at-%s", uid);
    char *tok = NULL;
    if (b44_sso_get_access_token(a->c, uid, &tok, NULL) == B44_OK && tok && strcmp(tok, want) == 0)
      a->ok++;
    else
      a->bad++;
    b44_string_free(tok);
  }
  return NULL;
}

/* fork() while other threads are inside calls on the same client: the children work, and the
 * parent's threads never notice. Repeated to meet the threads at different points of a call. */
static void test_fork_while_threads_call(void) {
  enum { BUSY = 4, FORKS = 20 };
  b44_client *c = MK_CLIENT(1, (const char *)NULL);
  if (!c) return;
  pthread_t th[BUSY];
  busy_arg args[BUSY];
  for (int i = 0; i < BUSY; i++) {
    memset(&args[i], 0, sizeof args[i]);
    args[i].c = c;
    CHECK(pthread_create(&th[i], NULL, busy_main, &args[i]) == 0);
  }
  int children_ok = 0;
  for (int f = 0; f < FORKS; f++) {
    struct timespec pause = {0, 5 * 1000 * 1000};
    nanosleep(&pause, NULL);
    children_ok += in_child(child_fetches, c, 3);
  }
  for (int i = 0; i < BUSY; i++) args[i].stop = 1;
  int ok = 0, bad = 0;
  for (int i = 0; i < BUSY; i++) {
    pthread_join(th[i], NULL);
    ok += args[i].ok;
    bad += args[i].bad;
  }
  CHECK_INT(children_ok, FORKS);
  CHECK(ok > 0);
  CHECK_INT(bad, 0);
  b44_client_free(c);
}

/* ---- Cache, stats, batch, async --------------------------------------------------------------- */

static b44_stats stats_of(const b44_client *c) {
  b44_stats st;
  memset(&st, 0xff, sizeof st);
  CHECK_CODE(b44_client_stats(c, &st, sizeof st), B44_OK);
  return st;
}

static void test_cache_stats_invalidate(void) {
  b44_client *c = MK_CLIENT(1, (const char *)NULL);
  if (!c) return;
  char scen_buf_[256];
  const char *id = SCEN("jwt_exp=600");
  char uid[256];
  snprintf(uid, sizeof uid, "%s", id);
  char *first = NULL, *second = NULL, *third = NULL;
  CHECK_CODE(b44_sso_get_access_token(c, uid, &first, NULL), B44_OK);
  CHECK_CODE(b44_sso_get_access_token(c, uid, &second, NULL), B44_OK);
  CHECK_STR(second, nz(first)); /* a JWT with exp comes from the cache */
  b44_stats st = stats_of(c);
  CHECK_INT((int)st.cache_misses, 1);
  CHECK_INT((int)st.cache_hits, 1);
  CHECK_INT((int)st.requests, 1);
  CHECK_INT((int)st.errors, 0);
  CHECK_CODE(b44_client_invalidate(c, uid), B44_OK);
  CHECK_CODE(b44_sso_get_access_token(c, uid, &third, NULL), B44_OK);
  CHECK(third && first && strcmp(third, first) != 0); /* fetched anew */
  CHECK_INT((int)stats_of(c).requests, 2);
  /* a smaller out_size gets only the fields it has room for */
  uint64_t two[3] = {7, 7, 7};
  CHECK_CODE(b44_client_stats(c, (b44_stats *)(void *)two, 2 * sizeof(uint64_t)), B44_OK);
  CHECK(two[0] == 2 && two[1] == 1 && two[2] == 7);
  CHECK_CODE(b44_client_stats(NULL, (b44_stats *)(void *)two, sizeof two), B44_ERR_INVALID_ARGUMENT);
  CHECK_CODE(b44_client_stats(c, NULL, sizeof(b44_stats)), B44_ERR_INVALID_ARGUMENT);
  CHECK_CODE(b44_client_invalidate(NULL, "x"), B44_ERR_INVALID_ARGUMENT);
  CHECK_CODE(b44_client_invalidate(c, NULL), B44_ERR_INVALID_ARGUMENT);
  b44_string_free(first);
  b44_string_free(second);
  b44_string_free(third);
  b44_client_free(c);
}

static void test_batch(void) {
  b44_client *c = MK_CLIENT(1, "max_retries", "0", (const char *)NULL);
  if (!c) return;
  char missing[96];
  snprintf(missing, sizeof missing, "!status=404&batch=%u-%d", ++g_unique, (int)getpid());
  const char *ids[] = {"batch-a", "batch-b", missing, "batch-a"};
  char *tokens[4];
  b44_error *errors[4];
  CHECK_CODE(b44_sso_get_access_tokens(c, ids, 4, tokens, errors), B44_ERR_NOT_FOUND);
  CHECK_STR(tokens[0], "at-batch-a");
  CHECK_STR(tokens[1], "at-batch-b");
  CHECK_NULL(tokens[2]);
  CHECK_STR(tokens[3], "at-batch-a");
  CHECK_NULL(errors[0]);
  CHECK(errors[2] && b44_error_code(errors[2]) == B44_ERR_NOT_FOUND && b44_error_http_status(errors[2]) == 404);
  for (int i = 0; i < 4; i++) {
    b44_string_free(tokens[i]);
    b44_error_free(errors[i]);
  }
  /* all good, errors not wanted */
  const char *good[] = {"batch-c", "batch-d"};
  CHECK_CODE(b44_sso_get_access_tokens(c, good, 2, tokens, NULL), B44_OK);
  CHECK_STR(tokens[0], "at-batch-c");
  CHECK_STR(tokens[1], "at-batch-d");
  b44_string_free(tokens[0]);
  b44_string_free(tokens[1]);
  /* bad arguments */
  const char *with_null[] = {"batch-e", NULL};
  tokens[0] = MARK_STR;
  CHECK_CODE(b44_sso_get_access_tokens(c, with_null, 2, tokens, NULL), B44_ERR_INVALID_ARGUMENT);
  CHECK_NULL(tokens[0]);
  CHECK_CODE(b44_sso_get_access_tokens(NULL, good, 2, tokens, NULL), B44_ERR_INVALID_ARGUMENT);
  CHECK_CODE(b44_sso_get_access_tokens(c, good, 2, NULL, NULL), B44_ERR_INVALID_ARGUMENT);
  CHECK_CODE(b44_sso_get_access_tokens(c, NULL, 0, NULL, NULL), B44_OK);
  b44_client_free(c);
}

typedef struct {
  pthread_mutex_t lock;
  pthread_cond_t done;
  int calls;
  b44_code code;
  char token[128];
  int status;
  pthread_t thread;
  char message[256]; /* the error's message, for failure reports */
} async_result;

static void on_token(b44_code code, const char *token, const b44_error *err, void *userdata) {
  async_result *r = userdata;
  pthread_mutex_lock(&r->lock);
  r->calls++;
  r->code = code;
  snprintf(r->token, sizeof r->token, "%s", token ? token : "");
  r->status = b44_error_http_status(err);
  snprintf(r->message, sizeof r->message, "%s", err ? b44_error_message(err) : "");
  r->thread = pthread_self();
  pthread_cond_broadcast(&r->done);
  pthread_mutex_unlock(&r->lock);
}

/* Waits up to 10 s for the callback. */
static int await_result(async_result *r) {
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += 10;
  pthread_mutex_lock(&r->lock);
  while (r->calls == 0 && pthread_cond_timedwait(&r->done, &r->lock, &until) == 0) {
  }
  int calls = r->calls;
  pthread_mutex_unlock(&r->lock);
  return calls;
}

/* Threads of this process, from /proc. */
static int thread_count(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  int n = -1;
  while (f && fgets(line, sizeof line, f))
    if (sscanf(line, "Threads: %d", &n) == 1) break;
  if (f) fclose(f);
  return n;
}

static void test_async(void) {
  int threads_before = thread_count();
  b44_client *c = MK_CLIENT(1, "max_retries", "0", (const char *)NULL);
  if (!c) return;
  async_result ok = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, B44_OK, "", 0, 0, ""};
  async_result bad = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, B44_OK, "", 0, 0, ""};
  CHECK_CODE(b44_sso_get_access_token_async(c, "async-user", on_token, &ok), B44_OK);
  CHECK_CODE(b44_sso_get_access_token_async(c, "!status=404&async=c", on_token, &bad), B44_OK);
  CHECK_INT(await_result(&ok), 1);
  CHECK_CODE(ok.code, B44_OK);
  CHECK_STR(ok.token, "at-async-user");
  CHECK(!pthread_equal(ok.thread, pthread_self()));
  CHECK_INT(await_result(&bad), 1);
  CHECK_CODE(bad.code, B44_ERR_NOT_FOUND);
  CHECK_INT(bad.status, 404);
  /* refused at once, never called back */
  async_result never = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, B44_OK, "", 0, 0, ""};
  CHECK_CODE(b44_sso_get_access_token_async(c, "", on_token, &never), B44_ERR_INVALID_ARGUMENT);
  CHECK_CODE(b44_sso_get_access_token_async(c, "x", NULL, &never), B44_ERR_INVALID_ARGUMENT);
  CHECK_CODE(b44_sso_get_access_token_async(NULL, "x", on_token, &never), B44_ERR_INVALID_ARGUMENT);
  /* freed while pending: still calls back, exactly once */
  async_result late = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, B44_OK, "", 0, 0, ""};
  CHECK_CODE(b44_sso_get_access_token_async(c, "!delay_ms=200&async=late", on_token, &late), B44_OK);
  b44_client_free(c);
  CHECK_INT(await_result(&late), 1);
  CHECK_STR(late.token, "at-!delay_ms=200&async=late");
  struct timespec pause = {0, 100 * 1000 * 1000};
  nanosleep(&pause, NULL);
  CHECK_INT(ok.calls + bad.calls + late.calls + never.calls, 3);
  /* The client is gone: its worker threads have ended (none stuck behind it). */
  for (int i = 0; i < 20 && thread_count() != threads_before; i++) nanosleep(&pause, NULL);
  CHECK_INT(thread_count(), threads_before);
}

/* ---- The log hook ---- */

typedef struct {
  pthread_mutex_t lock;
  pthread_t caller;
  int lines, off_caller_thread, above_level, about_async, about_blocking, about_batch;
  b44_log_level level;
} log_tally;

static void tally_line(b44_log_level level, const char *message, void *userdata) {
  log_tally *t = userdata;
  pthread_mutex_lock(&t->lock);
  t->lines++;
  if (!pthread_equal(pthread_self(), t->caller)) t->off_caller_thread++;
  if (level > t->level) t->above_level++;
  if (strstr(message, "log-async")) t->about_async++;
  if (strstr(message, "log-blocking")) t->about_blocking++;
  if (strstr(message, "log-batch-")) t->about_batch++;
  pthread_mutex_unlock(&t->lock);
}

/* A batch, an async call and a blocking call, with `t` installed at `level`. */
static void logged_calls(b44_client *c, log_tally *t, b44_log_level level) {
  t->caller = pthread_self();
  t->level = level;
  b44_set_log_handler(tally_line, t, level);
  const char *ids[12];
  char names[12][32];
  char *tokens[12];
  for (int i = 0; i < 12; i++) {
    snprintf(names[i], sizeof names[i], "log-batch-%d", i);
    ids[i] = names[i];
  }
  CHECK_CODE(b44_sso_get_access_tokens(c, ids, 12, tokens, NULL), B44_OK);
  for (int i = 0; i < 12; i++) b44_string_free(tokens[i]);
  async_result r = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, B44_OK, "", 0, 0, ""};
  CHECK_CODE(b44_sso_get_access_token_async(c, "log-async", on_token, &r), B44_OK);
  CHECK_INT(await_result(&r), 1);
  char *token = NULL;
  CHECK_CODE(b44_sso_get_access_token(c, "log-blocking", &token, NULL), B44_OK);
  b44_string_free(token);
  b44_set_log_handler(NULL, NULL, B44_LOG_ERROR);
}

static void test_log(void) {
  b44_client *c = MK_CLIENT(1, "max_connections", "4", "cache", "off", (const char *)NULL);
  if (!c) return;
  CHECK_CODE(b44_set_log_threads((b44_log_threads)2), B44_ERR_INVALID_ARGUMENT);
  CHECK_CODE(b44_set_log_threads((b44_log_threads)-1), B44_ERR_INVALID_ARGUMENT);

  /* The default: every thread reports, the library's own included. */
  log_tally all = {.lock = PTHREAD_MUTEX_INITIALIZER};
  logged_calls(c, &all, B44_LOG_DEBUG);
  CHECK(all.off_caller_thread > 0);
  CHECK(all.about_async > 0 && all.about_blocking > 0 && all.about_batch > 0);

  /* Caller threads only: nothing from the library's threads, the caller's lines still come. */
  CHECK_CODE(b44_set_log_threads(B44_LOG_CALLER_THREADS), B44_OK);
  log_tally callers = {.lock = PTHREAD_MUTEX_INITIALIZER};
  logged_calls(c, &callers, B44_LOG_DEBUG);
  CHECK_INT(callers.off_caller_thread, 0);
  CHECK_INT(callers.about_async, 0);
  CHECK(callers.about_blocking > 0);
  CHECK(callers.about_batch > 0); /* the caller's own share of the batch */
  CHECK_CODE(b44_set_log_threads(B44_LOG_ALL_THREADS), B44_OK);

  /* The level filters; without a handler nothing is called. */
  log_tally warn = {.lock = PTHREAD_MUTEX_INITIALIZER};
  logged_calls(c, &warn, B44_LOG_WARN);
  CHECK_INT(warn.lines, 0); /* only successes: nothing at WARN */
  b44_client_free(c);
}

/* In a child: one async call on `c`; 1 when its token arrives. */
static int child_async_call(b44_client *c, int unused) {
  (void)unused;
  async_result child = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, B44_OK, "", 0, 0, ""};
  b44_code started = b44_sso_get_access_token_async(c, "async-child", on_token, &child);
  int calls = started == B44_OK ? await_result(&child) : 0;
  int ok = calls == 1 && strcmp(child.token, "at-async-child") == 0;
  if (!ok)
    fprintf(stderr, "  async in the child: start %s, %d callbacks, %s: %s\n", b44_code_name(started), calls,
            b44_code_name(child.code), child.message);
  return ok;
}

/* An async call in a child after fork, where the parent's worker threads do not exist. */
static void test_async_after_fork(void) {
  b44_client *c = MK_CLIENT(1, (const char *)NULL);
  if (!c) return;
  async_result warm = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, B44_OK, "", 0, 0, ""};
  CHECK_CODE(b44_sso_get_access_token_async(c, "async-parent", on_token, &warm), B44_OK);
  CHECK_INT(await_result(&warm), 1); /* the parent now has an idle worker */
  CHECK(in_child(child_async_call, c, 0));
  async_result after = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, B44_OK, "", 0, 0, ""};
  CHECK_CODE(b44_sso_get_access_token_async(c, "async-parent-2", on_token, &after), B44_OK);
  CHECK_INT(await_result(&after), 1);
  CHECK_STR(after.token, "at-async-parent-2");
  b44_client_free(c);
}

/* ---- Table and main ---------------------------------------------------------------------- */

static const struct {
  const char *name;
  void (*fn)(void);
} tests[] = {
    {"version", test_version},
    {"code_names", test_code_names},
    {"options_good_values", test_options_good_values},
    {"options_bad_values", test_options_bad_values},
    {"null_arguments", test_null_arguments},
    {"error_accessors_null", test_error_accessors_null},
    {"free_null", test_free_null},
    {"client_new_config", test_client_new_config},
    {"missing_tokens_for_call", test_missing_tokens_for_call},
    {"from_env", test_from_env},
    {"from_request_headers", test_from_request_headers},
    {"access_token_shapes", test_access_token_shapes},
    {"id_token", test_id_token},
    {"auth_me", test_auth_me},
    {"request_headers_sent", test_request_headers_sent},
    {"path_encoding", test_path_encoding},
    {"invalid_user_ids", test_invalid_user_ids},
    {"error_status_mapping", test_error_status_mapping},
    {"error_real_auth", test_error_real_auth},
    {"redaction_echo", test_redaction_echo},
    {"protocol_shapes", test_protocol_shapes},
    {"truncated_body", test_truncated_body},
    {"oversized_body", test_oversized_body},
    {"network_errors", test_network_errors},
    {"timeout", test_timeout},
    {"retries_503", test_retries_503},
    {"retry_after", test_retry_after},
    {"redirect", test_redirect},
    {"connection_reuse", test_connection_reuse},
    {"threads", test_threads},
    {"stress_mixed_outcomes", test_stress_mixed_outcomes},
    {"fork_child_uses_own_connection", test_fork_child_uses_own_connection},
    {"fork_while_threads_call", test_fork_while_threads_call},
    {"cache_stats_invalidate", test_cache_stats_invalidate},
    {"batch", test_batch},
    {"async", test_async},
    {"async_after_fork", test_async_after_fork},
    {"log", test_log},
};

int main(int argc, char **argv) {
  const char *filter = argc > 1 ? argv[1] : NULL;
  g_url = getenv("B44SSO_TEST_URL");
  g_app = getenv("B44SSO_TEST_APP_ID");
  g_svc = getenv("B44SSO_TEST_SERVICE_TOKEN");
  if (!g_url || !g_app || !g_svc) {
    fprintf(stderr, "B44SSO_TEST_URL, B44SSO_TEST_APP_ID and B44SSO_TEST_SERVICE_TOKEN must be set "
                    "(run under Tests/StandIn/with-standin.sh)\n");
    printf("0 passed, 1 failed\n");
    return 1;
  }
  if (parse_test_url() != 0) {
    fprintf(stderr, "cannot parse B44SSO_TEST_URL=%s (want http://HOST:PORT)\n", g_url);
    printf("0 passed, 1 failed\n");
    return 1;
  }
  clear_env();
  int cases_failed = 0, cases_run = 0;
  for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
    /* "NAME" runs the cases whose name contains NAME; "-NAME" runs all others. */
    if (filter && filter[0] == '-' ? strstr(tests[i].name, filter + 1) != NULL
                                   : filter && !strstr(tests[i].name, filter))
      continue;
    g_current_test = tests[i].name;
    g_test_failed = 0;
    double t0 = now_ms();
    tests[i].fn();
    cases_run++;
    if (g_test_failed) cases_failed++;
    fprintf(stderr, "%s %s (%.0f ms)\n", g_test_failed ? "FAILED" : "ok    ", tests[i].name, now_ms() - t0);
  }
  fprintf(stderr, "%d test cases, %d failed\n", cases_run, cases_failed);
  /* The summary counts checks. */
  printf("%d passed, %d failed\n", g_passed, g_failed);
  return g_failed ? 1 : 0;
}
