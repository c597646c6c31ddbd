package b44sso

import (
	"strconv"
	"time"
)

// Option sets one client setting; pass any number to NewClient. Bad values are reported
// by NewClient as ErrInvalidArgument, naming the option's key.
type Option func(*settings)

// settings keeps options as the C library's key/value text, in the order given
// (a key given twice keeps its last value).
type settings struct {
	entries []setting
}

type setting struct{ key, value string }

// DataEnv selects the Base44 data environment (the X-Data-Env header).
type DataEnv string

const (
	DataEnvDev  DataEnv = "dev"
	DataEnvProd DataEnv = "prod"
)

// CacheMode is the library's cache setting.
type CacheMode string

const (
	CacheAuto CacheMode = "auto"
	CacheOff  CacheMode = "off"
)

// WithOption sets any option in the C library's text form (see b44_options_set in b44sso.h).
func WithOption(key, value string) Option {
	return func(s *settings) { s.entries = append(s.entries, setting{key, value}) }
}

// WithAppID sets the Base44 application id (required).
func WithAppID(id string) Option { return WithOption("app_id", id) }

// WithServiceToken sets the service token the SSO calls need.
func WithServiceToken(token string) Option { return WithOption("service_token", token) }

// WithUserToken sets a user's token: Me needs it; SSO calls send it as on-behalf-of.
func WithUserToken(token string) Option { return WithOption("user_token", token) }

// WithServerURL sets the API server (default https://base44.app; plain http only to loopback).
func WithServerURL(url string) Option { return WithOption("server_url", url) }

// WithState sets a value forwarded as the Base44-State header.
func WithState(state string) Option { return WithOption("state", state) }

// WithDataEnv selects the data environment, forwarded as X-Data-Env.
func WithDataEnv(env DataEnv) Option { return WithOption("data_env", string(env)) }

// WithTimeout sets the total deadline of one call, retries included (default 15s).
func WithTimeout(d time.Duration) Option { return WithOption("timeout_ms", milliseconds(d)) }

// WithConnectTimeout sets the deadline for opening a connection (default 5s).
func WithConnectTimeout(d time.Duration) Option {
	return WithOption("connect_timeout_ms", milliseconds(d))
}

// WithMaxRetries sets how many extra attempts a call may make after a connection failure,
// 429, 502, 503 or 504 (default 2, at most 10).
func WithMaxRetries(n int) Option { return WithOption("max_retries", strconv.Itoa(n)) }

// WithCAFile adds a trusted CA bundle (PEM).
func WithCAFile(path string) Option { return WithOption("ca_file", path) }

// WithProxy sets the only proxy used; the *_proxy environment variables are ignored.
func WithProxy(url string) Option { return WithOption("proxy", url) }

// WithUserAgent sets text appended to "b44sso/VERSION" in the User-Agent header.
func WithUserAgent(userAgent string) Option { return WithOption("user_agent", userAgent) }

// WithCache sets the library's cache mode.
func WithCache(mode CacheMode) Option { return WithOption("cache", string(mode)) }

// WithCacheTTL caches opaque (non-JWT) tokens this long: the caller's risk (default 0 = never;
// up to a day; whole seconds, rounded up).
func WithCacheTTL(d time.Duration) Option { return WithOption("cache_ttl_s", seconds(d)) }

// WithCacheSkew stops serving a cached JWT this long before its exp (default 60s; up to an hour).
func WithCacheSkew(d time.Duration) Option { return WithOption("cache_skew_s", seconds(d)) }

// WithCacheRefresh sets the window before that in which a cache hit also starts one background
// refresh (default 300s; up to a day).
func WithCacheRefresh(d time.Duration) Option { return WithOption("cache_refresh_s", seconds(d)) }

// WithCacheMaxEntries bounds the process-wide cache (default 10000; the largest bound any
// client asks for wins).
func WithCacheMaxEntries(n int) Option { return WithOption("cache_max_entries", strconv.Itoa(n)) }

// WithMaxConnections sets how many connections the client keeps at most, which bounds
// AccessTokens and AccessTokenAsync concurrency (default 8; 1..64).
func WithMaxConnections(n int) Option { return WithOption("max_connections", strconv.Itoa(n)) }

// seconds rounds a duration away from zero to whole seconds (so 1ms does not become 0, which
// means "off" for some keys, and -1ms stays negative for the library to refuse).
func seconds(d time.Duration) string {
	s := int64(d / time.Second)
	switch {
	case d%time.Second > 0:
		s++
	case d%time.Second < 0:
		s--
	}
	return strconv.FormatInt(s, 10)
}

// milliseconds rounds a positive duration up to whole milliseconds (so 1µs does not become
// the invalid 0); zero and negative durations go through for the library to refuse.
func milliseconds(d time.Duration) string {
	ms := d.Milliseconds()
	if d > 0 && d%time.Millisecond != 0 {
		ms++
	}
	return strconv.FormatInt(ms, 10)
}
