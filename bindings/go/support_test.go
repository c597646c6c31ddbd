package b44sso_test

// The stand-in Base44 API the tests talk to (started by Tests/StandIn/with-standin.sh).

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"b44sso.dev/b44sso"
)

func TestMain(m *testing.M) {
	for _, name := range []string{"B44SSO_TEST_URL", "B44SSO_TEST_APP_ID", "B44SSO_TEST_SERVICE_TOKEN"} {
		if os.Getenv(name) == "" {
			fmt.Fprintf(os.Stderr, "%s is not set: run under Tests/StandIn/with-standin.sh\n", name)
			os.Exit(2)
		}
	}
	os.Exit(m.Run())
}

func standinURL() string   { return os.Getenv("B44SSO_TEST_URL") }
func appID() string        { return os.Getenv("B44SSO_TEST_APP_ID") }
func serviceToken() string { return os.Getenv("B44SSO_TEST_SERVICE_TOKEN") }

var counter int64

// unique makes ids no other test uses, so logs and scenario counters stay separate.
func unique(prefix string) string {
	return fmt.Sprintf("%s%d-%d", prefix, os.Getpid(), atomic.AddInt64(&counter, 1))
}

// scenario is a user id that makes the stand-in misbehave as asked.
func scenario(params string) string { return "!" + params + "&u=" + unique("s") }

// baseOptions point at the stand-in with the service token and no retries.
func baseOptions(extra ...b44sso.Option) []b44sso.Option {
	return append([]b44sso.Option{
		b44sso.WithAppID(appID()),
		b44sso.WithServiceToken(serviceToken()),
		b44sso.WithServerURL(standinURL()),
		b44sso.WithMaxRetries(0),
		b44sso.WithUserAgent("go-tests"),
	}, extra...)
}

// newClient makes a stand-in client that is closed when the test ends.
func newClient(t *testing.T, extra ...b44sso.Option) *b44sso.Client {
	t.Helper()
	client, err := b44sso.NewClient(baseOptions(extra...)...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	t.Cleanup(func() { client.Close() })
	return client
}

// wantError checks that err is an *Error of the kind given and returns it.
func wantError(t *testing.T, err error, kind error) *b44sso.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %v", kind)
	}
	var e *b44sso.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *b44sso.Error", err, err)
	}
	if !errors.Is(err, kind) {
		t.Fatalf("error %v is not %v", err, kind)
	}
	return e
}

type loggedRequest struct {
	Method  string            `json:"method"`
	Path    string            `json:"path"`
	Headers map[string]string `json:"headers"`
}

// No keep-alive: the admin connection must not outlive the request.
var admin = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}

func adminGet(t *testing.T, path string, into any) {
	t.Helper()
	resp, err := admin.Get(standinURL() + path)
	if err != nil {
		t.Fatalf("stand-in admin: %v", err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		t.Fatalf("stand-in admin %s: %v", path, err)
	}
}

// requestsWithPath returns the logged requests whose raw path contains part.
func requestsWithPath(t *testing.T, part string) []loggedRequest {
	t.Helper()
	var all []loggedRequest
	adminGet(t, "/__admin/requests", &all)
	var found []loggedRequest
	for _, r := range all {
		if strings.Contains(r.Path, part) {
			found = append(found, r)
		}
	}
	return found
}

// onlyRequest returns the one logged request whose path contains part.
func onlyRequest(t *testing.T, part string) loggedRequest {
	t.Helper()
	found := requestsWithPath(t, part)
	if len(found) != 1 {
		t.Fatalf("%d requests with %q in the path, want 1", len(found), part)
	}
	return found[0]
}

func connections(t *testing.T) int {
	t.Helper()
	var stats struct {
		Connections int `json:"connections"`
	}
	adminGet(t, "/__admin/stats", &stats)
	return stats.Connections
}
