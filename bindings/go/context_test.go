package b44sso_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"b44sso.dev/b44sso"
)

func TestCancelledContextSendsNothing(t *testing.T) {
	client := newClient(t)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	user := unique("cancelled-")
	if _, err := client.AccessToken(cancelled, user); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if _, err := client.Me(cancelled); !errors.Is(err, context.Canceled) {
		t.Fatalf("Me: err = %v, want context.Canceled", err)
	}
	if sent := requestsWithPath(t, user); len(sent) != 0 {
		t.Errorf("a request went out: %v", sent)
	}
}

func TestDeadlineReturnsEarlyFromAHangingCall(t *testing.T) {
	client := newClient(t, b44sso.WithTimeout(2*time.Second))
	short, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := client.AccessToken(short, scenario("hang=1"))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("returned after %v", elapsed)
	}
	// The abandoned call still holds the client; Close waits for it (within its timeout).
}

func TestCancellableContextStillGetsTheAnswer(t *testing.T) {
	client := newClient(t)
	live, cancel := context.WithCancel(context.Background())
	defer cancel()
	user := unique("live-")
	if token, err := client.IDToken(live, user); err != nil || token != "idt-"+user {
		t.Fatalf("IDToken = %q, %v", token, err)
	}
}

func TestNilContextIsBackground(t *testing.T) {
	client := newClient(t)
	// Deliberately nil: it is taken as context.Background().
	if token, err := client.AccessToken(nil, "nilctx"); err != nil || token != "at-nilctx" {
		t.Fatalf("AccessToken = %q, %v", token, err)
	}
}
