package b44sso_test

// The process-wide token cache seen through clients: hits, Invalidate and Stats.

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"b44sso.dev/b44sso"
)

// jwtUser is answered with a JWT expiring in 600 s, numbered per fetch: the same token twice
// means the second came from the cache.
func jwtUser(extra string) string { return "!jwt_exp=600" + extra + "&tag=" + unique("jwt-") }

func mustToken(t *testing.T, client *b44sso.Client, user string) string {
	t.Helper()
	token, err := client.AccessToken(ctx, user)
	if err != nil {
		t.Fatalf("AccessToken(%q): %v", user, err)
	}
	return token
}

func wantStats(t *testing.T, got, want b44sso.Stats) {
	t.Helper()
	if got != want {
		t.Errorf("Stats() = %+v, want %+v", got, want)
	}
}

func TestJWTIsServedFromTheCache(t *testing.T) {
	client := newClient(t)
	user := jwtUser("")
	first := mustToken(t, client, user)
	if !strings.HasPrefix(first, "eyJ") {
		t.Fatalf("not a JWT: %q", first)
	}
	if second := mustToken(t, client, user); second != first {
		t.Errorf("second call fetched again: %q != %q", second, first)
	}
	wantStats(t, client.Stats(), b44sso.Stats{Requests: 1, CacheMisses: 1, CacheHits: 1})
	if n := len(requestsWithPath(t, user[strings.Index(user, "&tag=")+5:])); n != 1 {
		t.Errorf("the stand-in saw %d requests, want 1", n)
	}
}

func TestCacheOffFetchesEveryTime(t *testing.T) {
	client := newClient(t, b44sso.WithCache(b44sso.CacheOff))
	user := jwtUser("")
	if mustToken(t, client, user) == mustToken(t, client, user) {
		t.Error("the same token twice with the cache off")
	}
	wantStats(t, client.Stats(), b44sso.Stats{Requests: 2})
}

func TestCacheIsSharedByTheClientsOfTheProcess(t *testing.T) {
	first, second := newClient(t), newClient(t)
	user := jwtUser("")
	token := mustToken(t, first, user)
	if got := mustToken(t, second, user); got != token {
		t.Errorf("second client fetched again")
	}
	wantStats(t, second.Stats(), b44sso.Stats{CacheHits: 1})
	// Another service token is another key: the cache never answers for it.
	other := newClient(t, b44sso.WithServiceToken("wrong-token"))
	if _, err := other.AccessToken(ctx, user); !errors.Is(err, b44sso.ErrUnauthorized) {
		t.Errorf("wrong service token: %v", err)
	}
}

func TestInvalidateDropsAUsersTokens(t *testing.T) {
	client, other := newClient(t), newClient(t)
	user, kept := jwtUser(""), jwtUser("")
	first := mustToken(t, client, user)
	keptToken := mustToken(t, client, kept)
	if err := client.Invalidate(user); err != nil {
		t.Fatal(err)
	}
	second := mustToken(t, other, user) // dropped for every client
	if second == first {
		t.Error("the token was still cached after Invalidate")
	}
	if got := mustToken(t, client, user); got != second {
		t.Error("the refetched token was not cached")
	}
	if got := mustToken(t, client, kept); got != keptToken {
		t.Error("Invalidate dropped another user's token")
	}
	wantStats(t, client.Stats(), b44sso.Stats{Requests: 2, CacheMisses: 2, CacheHits: 2})
	if err := client.Invalidate("never-fetched"); err != nil {
		t.Errorf("Invalidate of an unknown user: %v", err)
	}
}

func TestInvalidateRefusesNULAndClosed(t *testing.T) {
	client := newClient(t)
	wantError(t, client.Invalidate("a\x00b"), b44sso.ErrInvalidArgument)
	client.Close()
	if err := client.Invalidate("x"); !errors.Is(err, b44sso.ErrClosed) {
		t.Errorf("Invalidate after Close: %v", err)
	}
	var nilClient *b44sso.Client
	if err := nilClient.Invalidate("x"); !errors.Is(err, b44sso.ErrClosed) {
		t.Errorf("Invalidate on nil: %v", err)
	}
}

func TestStatsCountRequestsRetriesAndErrors(t *testing.T) {
	client := newClient(t, b44sso.WithMaxRetries(2))
	wantStats(t, client.Stats(), b44sso.Stats{})
	mustToken(t, client, scenario("status=503&times=1"))
	if _, err := client.AccessToken(ctx, scenario("status=404")); err == nil {
		t.Fatal("404 scenario succeeded")
	}
	if _, err := client.AccessToken(ctx, ""); err == nil {
		t.Fatal("empty id succeeded")
	}
	wantStats(t, client.Stats(), b44sso.Stats{Requests: 3, CacheMisses: 2, Retries: 1, Errors: 2})
}

func TestConcurrentMissesMakeOneRequest(t *testing.T) {
	client := newClient(t)
	user := jwtUser("&delay_ms=300")
	tokens := make([]string, 4)
	var wg sync.WaitGroup
	for i := range tokens {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			tokens[i], _ = client.AccessToken(ctx, user)
		}(i)
	}
	wg.Wait()
	for _, token := range tokens {
		if token == "" || token != tokens[0] {
			t.Fatalf("tokens differ: %q", tokens)
		}
	}
	stats := client.Stats()
	if stats.Requests != 1 || stats.CoalescedWaits+stats.CacheHits != 3 || stats.CoalescedWaits == 0 {
		t.Errorf("Stats() = %+v, want 1 request and 3 coalesced waits or hits", stats)
	}
}

func TestStatsKeepTheirFinalValuesAfterClose(t *testing.T) {
	client := newClient(t)
	user := jwtUser("")
	mustToken(t, client, user)
	mustToken(t, client, user)
	before := client.Stats()
	client.Close()
	wantStats(t, client.Stats(), before)
	if before.CacheHits != 1 {
		t.Errorf("Stats() = %+v", before)
	}
	var nilClient *b44sso.Client
	wantStats(t, nilClient.Stats(), b44sso.Stats{})
}

func TestCacheOptions(t *testing.T) {
	client := newClient(t, b44sso.WithCacheTTL(30*time.Second), b44sso.WithCacheSkew(10*time.Second),
		b44sso.WithCacheRefresh(time.Minute), b44sso.WithCacheMaxEntries(500), b44sso.WithMaxConnections(2))
	// A TTL caches opaque tokens too.
	user := unique("opaque-")
	for i := 0; i < 2; i++ {
		if token := mustToken(t, client, user); token != "at-"+user {
			t.Fatalf("token %q", token)
		}
	}
	wantStats(t, client.Stats(), b44sso.Stats{Requests: 1, CacheMisses: 1, CacheHits: 1})
	refused := map[string]b44sso.Option{
		"max_connections":   b44sso.WithMaxConnections(0),
		"cache_max_entries": b44sso.WithCacheMaxEntries(0),
		"cache_skew_s":      b44sso.WithCacheSkew(2 * time.Hour),
		"cache_ttl_s":       b44sso.WithCacheTTL(-time.Millisecond),
		"cache_refresh_s":   b44sso.WithCacheRefresh(25 * time.Hour),
	}
	for key, option := range refused {
		_, err := b44sso.NewClient(baseOptions(option)...)
		if e := wantError(t, err, b44sso.ErrInvalidArgument); !strings.Contains(e.Message, key) {
			t.Errorf("%s: %v", key, err)
		}
	}
	if _, err := b44sso.NewClient(baseOptions(b44sso.WithMaxConnections(65))...); err == nil {
		t.Error("max_connections 65 accepted")
	}
}
