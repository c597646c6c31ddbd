package b44sso_test

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"b44sso.dev/b44sso"
)

type logLine struct {
	level   b44sso.LogLevel
	message string
}

// captureLogs installs a collecting handler for one test; logging is off afterwards.
func captureLogs(t *testing.T, level b44sso.LogLevel) func() []logLine {
	var mu sync.Mutex
	var lines []logLine
	b44sso.SetLogHandler(func(level b44sso.LogLevel, message string) {
		mu.Lock()
		defer mu.Unlock()
		lines = append(lines, logLine{level, message})
	}, level)
	t.Cleanup(func() { b44sso.SetLogHandler(nil, b44sso.LogWarn) })
	return func() []logLine {
		mu.Lock()
		defer mu.Unlock()
		return append([]logLine(nil), lines...)
	}
}

func TestDebugLoggingWithoutSecrets(t *testing.T) {
	logs := captureLogs(t, b44sso.LogDebug)
	client := newClient(t, b44sso.WithUserToken("ut-logged"))
	if _, err := client.AccessToken(ctx, "logged"); err != nil {
		t.Fatal(err)
	}
	lines := logs()
	if len(lines) == 0 {
		t.Fatal("no log lines at debug level")
	}
	for _, line := range lines {
		if line.level < b44sso.LogError || line.level > b44sso.LogDebug {
			t.Errorf("level %v", line.level)
		}
		for _, secret := range []string{serviceToken(), "ut-logged", "at-logged"} {
			if strings.Contains(line.message, secret) {
				t.Errorf("log line holds a secret: %q", line.message)
			}
		}
	}
}

func TestWarnLoggingReportsFailedCallsOnly(t *testing.T) {
	logs := captureLogs(t, b44sso.LogWarn)
	client := newClient(t)
	if _, err := client.AccessToken(ctx, "quiet"); err != nil {
		t.Fatal(err)
	}
	if lines := logs(); len(lines) != 0 {
		t.Errorf("a successful call logged at warn: %v", lines)
	}
	if _, err := client.AccessToken(ctx, scenario("status=404")); err == nil {
		t.Fatal("the scenario did not fail")
	}
	lines := logs()
	if len(lines) == 0 {
		t.Error("a failed call logged nothing at warn")
	}
	for _, line := range lines {
		if line.level > b44sso.LogWarn {
			t.Errorf("a %v line at warn level", line.level)
		}
	}
}

func TestNilHandlerTurnsLoggingOff(t *testing.T) {
	logs := captureLogs(t, b44sso.LogDebug)
	b44sso.SetLogHandler(nil, b44sso.LogDebug)
	if _, err := newClient(t).AccessToken(ctx, scenario("status=500")); err == nil {
		t.Fatal("the scenario did not fail")
	}
	if lines := logs(); len(lines) != 0 {
		t.Errorf("logged after the handler was removed: %v", lines)
	}
}

func TestPanickingHandlerDoesNotBreakCalls(t *testing.T) {
	b44sso.SetLogHandler(func(b44sso.LogLevel, string) { panic("handler") }, b44sso.LogDebug)
	defer b44sso.SetLogHandler(nil, b44sso.LogWarn)
	if token, err := newClient(t).AccessToken(ctx, "panicky"); err != nil || token != "at-panicky" {
		t.Fatalf("AccessToken = %q, %v", token, err)
	}
}

func TestLogCallerThreadsDropsLinesOfLibraryThreads(t *testing.T) {
	client := newClient(t)
	for _, threads := range []b44sso.LogThreads{b44sso.LogAllThreads, b44sso.LogCallerThreads} {
		logs := captureLogs(t, b44sso.LogDebug)
		if err := b44sso.SetLogThreads(threads); err != nil {
			t.Fatal(err)
		}
		async := scenario("tag=async-log")
		if result := receiveOnce(t, client.AccessTokenAsync(async)); result.Err != nil {
			t.Fatal(result.Err)
		}
		if _, err := client.AccessToken(ctx, "blocking-log"); err != nil {
			t.Fatal(err)
		}
		var fromAsync, fromBlocking int
		for _, line := range logs() {
			if strings.Contains(line.message, "async-log") {
				fromAsync++
			}
			if strings.Contains(line.message, "blocking-log") {
				fromBlocking++
			}
		}
		if fromBlocking == 0 {
			t.Errorf("%v: no line of the blocking call", threads)
		}
		if (threads == b44sso.LogAllThreads) != (fromAsync > 0) {
			t.Errorf("%v: %d lines of the async call", threads, fromAsync)
		}
	}
	if err := b44sso.SetLogThreads(b44sso.LogAllThreads); err != nil {
		t.Fatal(err)
	}
	var invalid *b44sso.Error
	if err := b44sso.SetLogThreads(7); !errors.As(err, &invalid) || invalid.Code != b44sso.CodeInvalidArgument {
		t.Errorf("SetLogThreads(7) = %v, want an invalid-argument error", err)
	}
}
