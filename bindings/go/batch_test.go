package b44sso_test

// AccessTokens: many users in one call, answered in order, one TokenResult each.

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"b44sso.dev/b44sso"
)

func mustBatch(t *testing.T, client *b44sso.Client, users []string) []b44sso.TokenResult {
	t.Helper()
	results, err := client.AccessTokens(ctx, users)
	if err != nil {
		t.Fatalf("AccessTokens: %v", err)
	}
	if len(results) != len(users) {
		t.Fatalf("%d results for %d users", len(results), len(users))
	}
	return results
}

func TestAccessTokensAnswerInOrder(t *testing.T) {
	client := newClient(t)
	var users []string
	for i := 0; i < 12; i++ {
		users = append(users, unique("batch-"))
	}
	for i, result := range mustBatch(t, client, users) {
		if result.Err != nil || result.Token != "at-"+users[i] || result.UserID != users[i] {
			t.Errorf("result %d = %+v", i, result)
		}
	}
	wantStats(t, client.Stats(), b44sso.Stats{Requests: 12, CacheMisses: 12})
}

func TestAccessTokensFetchDuplicatesOnce(t *testing.T) {
	client := newClient(t)
	user, other := unique("dup-"), unique("dup-")
	results := mustBatch(t, client, []string{user, other, user, user})
	for _, i := range []int{0, 2, 3} {
		if results[i].Token != "at-"+user {
			t.Errorf("result %d = %+v", i, results[i])
		}
	}
	if results[1].Token != "at-"+other {
		t.Errorf("result 1 = %+v", results[1])
	}
	if n := len(requestsWithPath(t, "/accesstoken/"+user)); n != 1 {
		t.Errorf("%d requests for the duplicated user", n)
	}
	if got := client.Stats().Requests; got != 2 {
		t.Errorf("%d requests, want 2", got)
	}
}

func TestAccessTokensReportEachFailure(t *testing.T) {
	client := newClient(t)
	good, missing, nulTag := unique("ok-"), scenario("status=404&body=detail_code"), unique("nul-")
	results := mustBatch(t, client, []string{good, missing, "", nulTag + "\x00x", good})
	if results[0].Token != "at-"+good || results[4].Token != "at-"+good {
		t.Errorf("good results: %+v %+v", results[0], results[4])
	}
	e := wantError(t, results[1].Err, b44sso.ErrNotFound)
	if e.HTTPStatus != 404 || e.APICode != "SCENARIO_CODE" || !strings.Contains(e.Message, "scenario detail") ||
		results[1].Token != "" {
		t.Errorf("404 result: %+v", e)
	}
	wantError(t, results[2].Err, b44sso.ErrInvalidArgument)
	if e := wantError(t, results[3].Err, b44sso.ErrInvalidArgument); !strings.Contains(e.Message, "NUL") {
		t.Errorf("NUL result: %v", e)
	}
	if len(requestsWithPath(t, nulTag)) != 0 {
		t.Error("an id with a NUL was sent")
	}
}

func TestAccessTokensUseTheCache(t *testing.T) {
	client := newClient(t)
	user := jwtUser("")
	token := mustToken(t, client, user)
	results := mustBatch(t, client, []string{user, "plain"})
	if results[0].Token != token || results[1].Token != "at-plain" {
		t.Errorf("results %+v", results)
	}
	if hits := client.Stats().CacheHits; hits != 1 {
		t.Errorf("%d cache hits", hits)
	}
}

func TestAccessTokensEdgeCases(t *testing.T) {
	client := newClient(t)
	if results := mustBatch(t, client, nil); len(results) != 0 {
		t.Errorf("nil ids: %v", results)
	}
	if results := mustBatch(t, client, []string{"\x00"}); results[0].Err == nil {
		t.Error("only a NUL id: no error")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if results, err := client.AccessTokens(cancelled, []string{"a"}); !errors.Is(err, context.Canceled) || results != nil {
		t.Errorf("cancelled ctx: %v %v", results, err)
	}
	client.Close()
	if results, err := client.AccessTokens(ctx, []string{"a"}); !errors.Is(err, b44sso.ErrClosed) || results != nil {
		t.Errorf("closed client: %v %v", results, err)
	}
}

func TestAccessTokensRunUpToMaxConnectionsAtOnce(t *testing.T) {
	elapsed := func(connections int) time.Duration {
		client := newClient(t, b44sso.WithMaxConnections(connections))
		users := []string{scenario("delay_ms=250"), scenario("delay_ms=250"), scenario("delay_ms=250"),
			scenario("delay_ms=250")}
		start := time.Now()
		for _, result := range mustBatch(t, client, users) {
			if result.Err != nil {
				t.Error(result.Err)
			}
		}
		return time.Since(start)
	}
	if d := elapsed(4); d > 750*time.Millisecond {
		t.Errorf("4 connections took %v", d)
	}
	if d := elapsed(1); d < 950*time.Millisecond {
		t.Errorf("1 connection took only %v", d)
	}
}
