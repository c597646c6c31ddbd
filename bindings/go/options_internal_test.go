package b44sso

import (
	"testing"
	"time"
)

func TestMillisecondsRoundUp(t *testing.T) {
	cases := map[time.Duration]string{0: "0", time.Nanosecond: "1", time.Millisecond: "1",
		1500 * time.Microsecond: "2", 15 * time.Second: "15000", -time.Millisecond: "-1"}
	for d, want := range cases {
		if got := milliseconds(d); got != want {
			t.Errorf("milliseconds(%v) = %s, want %s", d, got, want)
		}
	}
}

func TestOptionsKeepTheirOrder(t *testing.T) {
	var s settings
	for _, opt := range []Option{WithAppID("a"), WithTimeout(time.Second), WithAppID("b")} {
		opt(&s)
	}
	want := []setting{{"app_id", "a"}, {"timeout_ms", "1000"}, {"app_id", "b"}}
	if len(s.entries) != len(want) {
		t.Fatalf("entries = %v", s.entries)
	}
	for i := range want {
		if s.entries[i] != want[i] {
			t.Errorf("entry %d = %v, want %v", i, s.entries[i], want[i])
		}
	}
}

func TestSecondsRoundAwayFromZero(t *testing.T) {
	cases := map[time.Duration]string{0: "0", time.Millisecond: "1", time.Second: "1",
		1500 * time.Millisecond: "2", time.Hour: "3600", -time.Millisecond: "-1", -time.Second: "-1"}
	for d, want := range cases {
		if got := seconds(d); got != want {
			t.Errorf("seconds(%v) = %s, want %s", d, got, want)
		}
	}
}
