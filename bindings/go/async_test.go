package b44sso_test

// AccessTokenAsync: exactly one result per call, delivered even when the client is closed
// or dropped while the call is pending.

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"b44sso.dev/b44sso"
)

// receiveOnce takes the one result of ch, then checks that ch is closed with nothing more.
func receiveOnce(t *testing.T, ch <-chan b44sso.TokenResult) b44sso.TokenResult {
	t.Helper()
	var result b44sso.TokenResult
	select {
	case r, ok := <-ch:
		if !ok {
			t.Fatal("the channel was closed without a result")
		}
		result = r
	case <-time.After(5 * time.Second):
		t.Fatal("no result within 5 s")
	}
	select {
	case extra, ok := <-ch:
		if ok {
			t.Fatalf("a second result: %+v", extra)
		}
	case <-time.After(time.Second):
		t.Fatal("the channel was not closed after its result")
	}
	return result
}

func TestAccessTokenAsyncDeliversTheToken(t *testing.T) {
	client := newClient(t)
	user := unique("async-")
	result := receiveOnce(t, client.AccessTokenAsync(user))
	if result.Err != nil || result.Token != "at-"+user || result.UserID != user {
		t.Errorf("result %+v", result)
	}
}

func TestAccessTokenAsyncDeliversAnError(t *testing.T) {
	client := newClient(t)
	result := receiveOnce(t, client.AccessTokenAsync(scenario("status=404&body=detail_code")))
	e := wantError(t, result.Err, b44sso.ErrNotFound)
	if e.HTTPStatus != 404 || e.APICode != "SCENARIO_CODE" || !strings.Contains(e.Body, "SCENARIO_CODE") ||
		result.Token != "" {
		t.Errorf("error %+v", e)
	}
	if got := client.Stats().Errors; got != 1 {
		t.Errorf("%d errors counted", got)
	}
}

func TestAccessTokenAsyncThatCannotStart(t *testing.T) {
	client := newClient(t)
	for _, bad := range []string{"", "a\x00b", strings.Repeat("x", 1025), "tab\there"} {
		result := receiveOnce(t, client.AccessTokenAsync(bad))
		wantError(t, result.Err, b44sso.ErrInvalidArgument)
	}
	client.Close()
	if result := receiveOnce(t, client.AccessTokenAsync("u")); !errors.Is(result.Err, b44sso.ErrClosed) {
		t.Errorf("after Close: %+v", result)
	}
	var nilClient *b44sso.Client
	if result := receiveOnce(t, nilClient.AccessTokenAsync("u")); !errors.Is(result.Err, b44sso.ErrClosed) {
		t.Errorf("nil client: %+v", result)
	}
}

func TestClosingWithAnAsyncCallPendingStillDelivers(t *testing.T) {
	client := newClient(t)
	user := scenario("delay_ms=300")
	results := client.AccessTokenAsync(user)
	start := time.Now()
	client.Close() // does not wait for the pending async call
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Errorf("Close waited %v", d)
	}
	select {
	case <-results:
		t.Fatal("delivered before the stand-in answered")
	default:
	}
	if result := receiveOnce(t, results); result.Err != nil || result.Token != "at-"+user {
		t.Errorf("result %+v", result)
	}
}

func TestADroppedClientStillDeliversPendingResults(t *testing.T) {
	client, err := b44sso.NewClient(baseOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	ok := client.AccessTokenAsync(scenario("delay_ms=200"))
	failed := client.AccessTokenAsync(scenario("delay_ms=200&status=503"))
	client = nil
	runtime.GC() // the finalizer frees the C client while both calls are pending
	runtime.GC()
	if result := receiveOnce(t, ok); result.Err != nil {
		t.Errorf("result %+v", result)
	}
	wantError(t, receiveOnce(t, failed).Err, b44sso.ErrServer)
}

func TestManyAsyncCallsEachDeliverOnce(t *testing.T) {
	client := newClient(t)
	const count = 40
	channels := make([]<-chan b44sso.TokenResult, count)
	for i := range channels {
		channels[i] = client.AccessTokenAsync(fmt.Sprintf("many-%d", i))
	}
	for i, ch := range channels {
		if result := receiveOnce(t, ch); result.Token != fmt.Sprintf("at-many-%d", i) {
			t.Errorf("call %d: %+v", i, result)
		}
	}
}
