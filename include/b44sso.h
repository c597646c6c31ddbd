/*
 * b44sso.h - C interface of b44sso, a native client for the Base44 SSO API.
 *
 * One header, one prefix (b44_ / B44_ / B44SSO_). All types are opaque; the library
 * owns its memory and hands it back only through its own free functions.
 *
 * General rules, true of every function unless its comment says otherwise:
 *  - `err` may be NULL. When it is not, *err is set to NULL on success and to a new
 *    error object (free it with b44_error_free) on failure.
 *  - Out-pointers are set to NULL on any failure.
 *  - Every free function accepts NULL and then does nothing.
 *  - Strings returned through `char **` are owned by the caller and freed only with
 *    b44_string_free (do not mix allocators).
 *  - No global initialisation call is needed: the library initialises libcurl once,
 *    thread-safely, on first use.
 *  - Error messages never hold a secret (service token, user token, returned tokens).
 *  - Status codes are only ever appended, never renumbered or removed.
 */
#ifndef B44SSO_H
#define B44SSO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define B44_EXPORT __attribute__((visibility("default")))
#else
#define B44_EXPORT
#endif

/* The version of this header. Compare with b44_version() at run time. */
#define B44SSO_VERSION_MAJOR 0
#define B44SSO_VERSION_MINOR 1
#define B44SSO_VERSION_PATCH 0
#define B44SSO_VERSION_STRING "0.1.0"

/* Options for creating a client. Not thread-safe: fill it from one thread. */
typedef struct b44_options b44_options;
/* A configured client. Safe to share between threads; reuses connections. */
typedef struct b44_client b44_client;
/* Details of a failed call. Owned by the caller; free with b44_error_free. */
typedef struct b44_error b44_error;

/* Status codes. Values are only ever appended. */
typedef enum b44_code {
  B44_OK = 0,
  B44_ERR_INVALID_ARGUMENT = 1, /* bad input refused before anything was sent */
  B44_ERR_CONFIG = 2,           /* missing or unusable configuration */
  B44_ERR_UNAUTHORIZED = 3,     /* HTTP 401 */
  B44_ERR_FORBIDDEN = 4,        /* HTTP 403 */
  B44_ERR_NOT_FOUND = 5,        /* HTTP 404 */
  B44_ERR_RATE_LIMITED = 6,     /* HTTP 429 */
  B44_ERR_SERVER = 7,           /* HTTP 5xx */
  B44_ERR_HTTP = 8,             /* any other non-2xx answer, redirects included */
  B44_ERR_NETWORK = 9,          /* connect, DNS, reset, closed connection */
  B44_ERR_TIMEOUT = 10,         /* the total deadline (timeout_ms) passed */
  B44_ERR_TLS = 11,             /* certificate or TLS handshake failure */
  B44_ERR_PROTOCOL = 12,        /* 2xx answer that is not what the API promises */
  B44_ERR_NOMEM = 13,           /* out of memory */
  B44_ERR_INTERNAL = 14         /* a bug in b44sso; please report it */
} b44_code;

/* ---- Library ------------------------------------------------------------ */

/* The library's version, "MAJOR.MINOR.PATCH".
 * Returns a static string; never NULL; do not free. Thread-safe. */
B44_EXPORT const char *b44_version(void);

/* The name of a status code, e.g. "B44_ERR_TIMEOUT"; "B44_ERR_UNKNOWN" for a value this
 * version does not know. Returns a static string; never NULL; do not free. Thread-safe. */
B44_EXPORT const char *b44_code_name(b44_code code);

/* ---- Logging -------------------------------------------------------------- */

/* Log levels: a handler receives messages at its level and the more severe ones. */
typedef enum b44_log_level {
  B44_LOG_ERROR = 1,
  B44_LOG_WARN = 2,  /* failed calls */
  B44_LOG_INFO = 3,  /* retries, background cache refreshes */
  B44_LOG_DEBUG = 4  /* every request and its outcome, cache hits and misses */
} b44_log_level;

/* Receives one log line (no trailing newline). `message` is valid only during the call and never
 * holds a secret. Called on the thread doing the logged work: the caller's for blocking calls,
 * a library thread for batch entries, async calls and background cache refreshes; possibly from
 * several threads at once. The handler must be thread-safe and must not call back into b44sso.
 * Runtimes that cannot take calls on threads they did not start select B44_LOG_CALLER_THREADS
 * with b44_set_log_threads. */
typedef void (*b44_log_handler)(b44_log_level level, const char *message, void *userdata);

/* Installs the process-wide log handler for messages at `level` and above; a NULL handler turns
 * logging off (the default). `userdata` is passed to every call, unowned. Thread-safe; calls
 * already running may still report to the previous handler for a moment, so keep its userdata
 * valid until they return. */
B44_EXPORT void b44_set_log_handler(b44_log_handler handler, void *userdata, b44_log_level level);

/* The threads log lines are delivered on. */
typedef enum b44_log_threads {
  B44_LOG_ALL_THREADS = 0,   /* the default: every thread that does logged work */
  B44_LOG_CALLER_THREADS = 1 /* only threads that called into the library; lines of work done on
                                the library's own threads (batch workers, async calls, background
                                cache refreshes) are dropped, so the handler never runs there */
} b44_log_threads;

/* Chooses the threads the log handler runs on, process-wide, for lines from now on.
 * B44_ERR_INVALID_ARGUMENT for a value outside the enum (the setting is then unchanged).
 * Thread-safe. */
B44_EXPORT b44_code b44_set_log_threads(b44_log_threads threads);

/* ---- Options -------------------------------------------------------------- */

/* Creates an empty option set (every key at its default).
 * Returns a new object owned by the caller (free with b44_options_free), or NULL when out
 * of memory. Thread-safe; the object itself is not. */
B44_EXPORT b44_options *b44_options_new(void);

/* Sets one option from its text form. Keys:
 *   app_id, service_token, user_token, server_url (default https://base44.app),
 *   state (forwarded as Base44-State), data_env (dev|prod), timeout_ms (total deadline,
 *   default 15000), connect_timeout_ms (default 5000), max_retries (default 2), ca_file
 *   (an extra trusted CA bundle, PEM), proxy (the only proxy used: *_proxy environment
 *   variables are ignored), user_agent (appended to "b44sso/VERSION"), cache (auto|off),
 *   cache_ttl_s (cache opaque tokens this long: the caller's risk; default 0 = never),
 *   cache_skew_s (default 60), cache_refresh_s (default 300), cache_max_entries (default
 *   10000), max_connections (default 8). See "Token cache" below.
 * An unknown key or a bad value is B44_ERR_INVALID_ARGUMENT with a message naming the key.
 * `o`, `key` and `value` must not be NULL (B44_ERR_INVALID_ARGUMENT). The value is copied;
 * secrets are zeroed when replaced or freed. Not thread-safe for one `o`. */
B44_EXPORT b44_code b44_options_set(b44_options *o, const char *key, const char *value,
                                    b44_error **err);

/* Frees an option set, zeroing the secrets it held. NULL does nothing. */
B44_EXPORT void b44_options_free(b44_options *o);

/* ---- Client --------------------------------------------------------------- */

/* Creates a client from options. The options are copied: free them whenever you like.
 * Missing app_id, or neither service_token nor user_token, or a server_url that is not
 * https (plain http is allowed to loopback hosts only), is B44_ERR_CONFIG. No network
 * traffic happens here. On success *out is a client owned by the caller (free with
 * b44_client_free); on failure *out is NULL. `o` and `out` must not be NULL. Thread-safe. */
B44_EXPORT b44_code b44_client_new(const b44_options *o, b44_client **out, b44_error **err);

/* Creates a client from the environment: BASE44_APP_ID, BASE44_SERVICE_TOKEN,
 * BASE44_USER_TOKEN, BASE44_API_URL, BASE44_CA_FILE. Same rules as b44_client_new.
 * Reads the environment, so do not call it while another thread calls setenv(). */
B44_EXPORT b44_code b44_client_new_from_env(b44_client **out, b44_error **err);

/* Creates a client from the headers of an incoming platform request, as the JavaScript
 * SDK's createClientFromRequest does. `names[i]` pairs with `values[i]` for i < count;
 * names are case-insensitive. Base44-App-Id is required (B44_ERR_CONFIG when missing);
 * Base44-Service-Authorization and Authorization, when present, must be exactly
 * "Bearer <token>" (B44_ERR_INVALID_ARGUMENT otherwise); Base44-Api-Url sets the server;
 * Base44-State is forwarded; X-Data-Env is forwarded when it is dev or prod; other headers
 * are ignored. `names` and `values` may be NULL only when count is 0; no entry may be
 * NULL. The strings are copied. Thread-safe. */
B44_EXPORT b44_code b44_client_new_from_request_headers(const char *const *names,
                                                        const char *const *values, size_t count,
                                                        b44_client **out, b44_error **err);

/* Frees a client: closes its connections and zeroes the secrets it held. NULL does
 * nothing. The caller must make sure no other thread is inside a call on `c`. */
B44_EXPORT void b44_client_free(b44_client *c);

/* ---- Calls ---------------------------------------------------------------- */
/* Each call blocks until it has an answer, an error, or its deadline (timeout_ms, all
 * retries included) has passed. Calls on one client may run from many threads at once. */

/* Fetches the SSO access token that Base44 holds for `user_id`
 * (GET /api/apps/{app_id}/auth/sso/accesstoken/{user_id}). Needs a service token.
 * `user_id` must be non-empty valid UTF-8 of at most 1024 bytes without control characters
 * (B44_ERR_INVALID_ARGUMENT otherwise); it is sent as one percent-encoded path segment.
 * On success *out_token is a new string owned by the caller (free with b44_string_free). */
B44_EXPORT b44_code b44_sso_get_access_token(b44_client *c, const char *user_id,
                                             char **out_token, b44_error **err);

/* Fetches the OIDC ID token that Base44 holds for `user_id`
 * (GET /api/apps/{app_id}/auth/sso/idtoken/{user_id}). Same rules as
 * b44_sso_get_access_token. */
B44_EXPORT b44_code b44_sso_get_id_token(b44_client *c, const char *user_id, char **out_token,
                                         b44_error **err);

/* Fetches the user who owns the client's user token (GET /api/apps/{app_id}/entities/User/me)
 * as JSON object text. Needs a user token (B44_ERR_CONFIG otherwise).
 * On success *out_user_json is a new string owned by the caller (free with b44_string_free). */
B44_EXPORT b44_code b44_auth_me(b44_client *c, char **out_user_json, b44_error **err);

/* Fetches the access tokens of `count` users at once, concurrently over at most
 * max_connections connections; duplicate ids are fetched once; the cache is consulted first.
 * `out_tokens[i]` receives user i's token (free each with b44_string_free) or NULL; when
 * `out_errors` is not NULL, `out_errors[i]` receives user i's error (free each with
 * b44_error_free) or NULL. Both arrays have `count` entries, owned by the caller.
 * Returns B44_OK when every user got a token, else the code of the first failed entry;
 * B44_ERR_INVALID_ARGUMENT, with every out entry NULL, when `c`, `user_ids` or `out_tokens` is
 * NULL (with count > 0) or an entry of `user_ids` is NULL. Blocks until all are done.
 * Thread-safe. */
B44_EXPORT b44_code b44_sso_get_access_tokens(b44_client *c, const char *const *user_ids, size_t count,
                                              char **out_tokens, b44_error **out_errors);

/* Receives the outcome of b44_sso_get_access_token_async. On success `code` is B44_OK, `token`
 * the token and `err` NULL; on failure `token` is NULL and `err` the error. Both are valid only
 * during the call: copy what you need, do not free them. Runs on a library thread. */
typedef void (*b44_token_callback)(b44_code code, const char *token, const b44_error *err, void *userdata);

/* Starts fetching `user_id`'s access token and returns at once. When it returns B44_OK,
 * `callback` is called exactly once, on a library thread, with `userdata`. The client is kept
 * alive until then: b44_client_free may be called while calls are pending. At most
 * max_connections calls of one client run at once; the others wait in a queue, and each call's
 * timeout_ms counts from this function's return. Returns
 * B44_ERR_INVALID_ARGUMENT (and never calls back) for NULL `c` or `callback` or a bad user id,
 * B44_ERR_NOMEM when no thread can be started. Thread-safe. */
B44_EXPORT b44_code b44_sso_get_access_token_async(b44_client *c, const char *user_id, b44_token_callback callback,
                                                   void *userdata);

/* Zeroes the bytes of a string returned by this library, then frees it. NULL does nothing.
 * Thread-safe. */
B44_EXPORT void b44_string_free(char *s);

/* ---- Token cache ------------------------------------------------------------ */
/* With cache=auto (the default) a fetched token is kept only when its expiry is known: a JWT
 * with an `exp` claim (read without verifying the signature). It is served while `exp` is more
 * than cache_skew_s away; in the cache_refresh_s before that (jittered per entry) a hit still
 * returns it and starts one background refresh, and a failed refresh keeps the valid token.
 * The cache is shared by all clients of the process, keyed by server, app, digests of the
 * service and user tokens, user id and kind of token, so it never answers a request the server
 * would refuse; concurrent misses for one key make one request, each waiter bounded by its own
 * timeout_ms. Its bound is the largest cache_max_entries any client asked for (least recently
 * used entries go first). */

/* Drops the cached tokens of `user_id` (every client of the process). Thread-safe.
 * B44_ERR_INVALID_ARGUMENT when `c` is NULL or `user_id` is not a valid user id. */
B44_EXPORT b44_code b44_client_invalidate(b44_client *c, const char *user_id);

/* Counters of one client since it was created. Fields are only ever appended. */
typedef struct b44_stats {
  uint64_t requests;        /* HTTP requests sent, retries included */
  uint64_t cache_hits;
  uint64_t cache_misses;
  uint64_t coalesced_waits; /* calls that waited for another call's fetch of the same token */
  uint64_t retries;
  uint64_t errors;          /* calls that failed */
} b44_stats;

/* Fills `*out` with the client's counters; pass sizeof(b44_stats) as `out_size` (a library
 * newer than your header then fills only the fields you know). Thread-safe; the counters are
 * read one by one, not as one snapshot. B44_ERR_INVALID_ARGUMENT for NULL arguments. */
B44_EXPORT b44_code b44_client_stats(const b44_client *c, b44_stats *out, size_t out_size);

/* ---- Errors --------------------------------------------------------------- */
/* The strings returned below live until b44_error_free(e). Reading one error from several
 * threads is safe; NULL `e` gives B44_OK, 0 and NULL. */

/* The status code of the failure. */
B44_EXPORT b44_code b44_error_code(const b44_error *e);

/* The HTTP status of the answer that caused the failure, or 0 when there was no answer. */
B44_EXPORT int b44_error_http_status(const b44_error *e);

/* A one-line human-readable message. Never NULL for a non-NULL `e`; never holds a secret. */
B44_EXPORT const char *b44_error_message(const b44_error *e);

/* Base44's error code (error.code, code, or the X-Base44-Connector-Error header), or NULL. */
B44_EXPORT const char *b44_error_api_code(const b44_error *e);

/* The body of the error answer (at most 4096 bytes, secrets redacted), or NULL. */
B44_EXPORT const char *b44_error_body(const b44_error *e);

/* Frees an error object. NULL does nothing. */
B44_EXPORT void b44_error_free(b44_error *e);

#ifdef __cplusplus
}
#endif

#endif /* B44SSO_H */
