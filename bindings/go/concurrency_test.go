package b44sso_test

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"b44sso.dev/b44sso"
)

func TestOneClientServesManyGoroutines(t *testing.T) {
	client := newClient(t)
	var wrong int64
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				user := fmt.Sprintf("g%d-%d", g, i)
				var token, want string
				var err error
				if i%2 == 0 {
					token, err = client.AccessToken(ctx, user)
					want = "at-" + user
				} else {
					token, err = client.IDToken(ctx, user)
					want = "idt-" + user
				}
				if err != nil || token != want {
					atomic.AddInt64(&wrong, 1)
				}
			}
		}(g)
	}
	wg.Wait()
	if wrong != 0 {
		t.Errorf("%d of 200 calls went wrong", wrong)
	}
}

func TestCallsOverlap(t *testing.T) {
	client := newClient(t)
	start := time.Now()
	var wg sync.WaitGroup
	var right int64
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			user := scenario("delay_ms=300")
			if token, err := client.AccessToken(ctx, user); err == nil && token == "at-"+user {
				atomic.AddInt64(&right, 1)
			}
		}()
	}
	wg.Wait()
	if right != 4 {
		t.Errorf("%d of 4 calls right", right)
	}
	if elapsed := time.Since(start); elapsed > 1100*time.Millisecond {
		t.Errorf("4 calls of 300 ms took %v: they queued", elapsed)
	}
}

func TestCloseWaitsForCallsInFlight(t *testing.T) {
	client := newClient(t)
	var succeeded, closed, other int64
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := client.AccessToken(ctx, scenario("delay_ms=300"))
			switch {
			case err == nil:
				atomic.AddInt64(&succeeded, 1)
			case errors.Is(err, b44sso.ErrClosed):
				atomic.AddInt64(&closed, 1)
			default:
				atomic.AddInt64(&other, 1)
			}
		}()
	}
	time.Sleep(100 * time.Millisecond)
	client.Close() // must not free the client under the running calls
	wg.Wait()
	if succeeded+closed != 4 || other != 0 || succeeded == 0 {
		t.Errorf("succeeded %d, closed %d, other %d", succeeded, closed, other)
	}
}

func TestClientsAreCreatedConcurrently(t *testing.T) {
	var right int64
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			client, err := b44sso.NewClient(baseOptions()...)
			if err != nil {
				return
			}
			defer client.Close()
			user := fmt.Sprintf("c%d", g)
			if token, err := client.AccessToken(ctx, user); err == nil && token == "at-"+user {
				atomic.AddInt64(&right, 1)
			}
		}(g)
	}
	wg.Wait()
	if right != 8 {
		t.Errorf("%d of 8 concurrent clients worked", right)
	}
}
