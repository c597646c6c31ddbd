#define FFI_SCOPE "B44SSO"
#define FFI_LIB "libb44sso.so.0"
/*
 * b44sso_ffi.h - the declarations of include/b44sso.h in the form PHP FFI can parse:
 * no #include, no #ifdef, no export macro. Everything else is copied as it stands.
 *
 * Used two ways:
 *  - B44SSO\Library reads it and passes it to FFI::cdef() (the two #define lines are
 *    dropped first; the library comes from B44SSO_LIBRARY or the loader's search);
 *  - php.ini `ffi.preload=/path/to/b44sso_ffi.h` loads it once at startup as the FFI
 *    scope "B44SSO" (PHP-FPM). FFI reads FFI_SCOPE and FFI_LIB only when they are the
 *    very first lines, so keep them there; edit FFI_LIB to an absolute path if the
 *    library is not in the loader's search path.
 *
 * tests/DeclarationTest.php holds this file against include/b44sso.h. Deliberately left
 * out: b44_sso_get_access_token_async and its b44_token_callback, which call back on a
 * library thread that PHP cannot run code on (see Library::UNBOUND).
 */

typedef struct b44_options b44_options;
typedef struct b44_client b44_client;
typedef struct b44_error b44_error;

typedef enum b44_code {
  B44_OK = 0,
  B44_ERR_INVALID_ARGUMENT = 1,
  B44_ERR_CONFIG = 2,
  B44_ERR_UNAUTHORIZED = 3,
  B44_ERR_FORBIDDEN = 4,
  B44_ERR_NOT_FOUND = 5,
  B44_ERR_RATE_LIMITED = 6,
  B44_ERR_SERVER = 7,
  B44_ERR_HTTP = 8,
  B44_ERR_NETWORK = 9,
  B44_ERR_TIMEOUT = 10,
  B44_ERR_TLS = 11,
  B44_ERR_PROTOCOL = 12,
  B44_ERR_NOMEM = 13,
  B44_ERR_INTERNAL = 14
} b44_code;

const char *b44_version(void);
const char *b44_code_name(b44_code code);

typedef enum b44_log_level {
  B44_LOG_ERROR = 1,
  B44_LOG_WARN = 2,
  B44_LOG_INFO = 3,
  B44_LOG_DEBUG = 4
} b44_log_level;
typedef void (*b44_log_handler)(b44_log_level level, const char *message, void *userdata);
void b44_set_log_handler(b44_log_handler handler, void *userdata, b44_log_level level);
typedef enum b44_log_threads {
  B44_LOG_ALL_THREADS = 0,
  B44_LOG_CALLER_THREADS = 1
} b44_log_threads;
b44_code b44_set_log_threads(b44_log_threads threads);

b44_options *b44_options_new(void);
b44_code b44_options_set(b44_options *o, const char *key, const char *value, b44_error **err);
void b44_options_free(b44_options *o);

b44_code b44_client_new(const b44_options *o, b44_client **out, b44_error **err);
b44_code b44_client_new_from_env(b44_client **out, b44_error **err);
b44_code b44_client_new_from_request_headers(const char *const *names,
                                             const char *const *values, size_t count,
                                             b44_client **out, b44_error **err);
void b44_client_free(b44_client *c);

b44_code b44_sso_get_access_token(b44_client *c, const char *user_id, char **out_token,
                                  b44_error **err);
b44_code b44_sso_get_id_token(b44_client *c, const char *user_id, char **out_token,
                              b44_error **err);
b44_code b44_auth_me(b44_client *c, char **out_user_json, b44_error **err);
b44_code b44_sso_get_access_tokens(b44_client *c, const char *const *user_ids, size_t count,
                                   char **out_tokens, b44_error **out_errors);
void b44_string_free(char *s);

b44_code b44_client_invalidate(b44_client *c, const char *user_id);
typedef struct b44_stats {
  uint64_t requests;
  uint64_t cache_hits;
  uint64_t cache_misses;
  uint64_t coalesced_waits;
  uint64_t retries;
  uint64_t errors;
} b44_stats;
b44_code b44_client_stats(const b44_client *c, b44_stats *out, size_t out_size);

b44_code b44_error_code(const b44_error *e);
int b44_error_http_status(const b44_error *e);
const char *b44_error_message(const b44_error *e);
const char *b44_error_api_code(const b44_error *e);
const char *b44_error_body(const b44_error *e);
void b44_error_free(b44_error *e);
