package b44sso_test

import (
	"strings"
	"testing"
	"time"

	"b44sso.dev/b44sso"
)

func TestBadUserIDsAreRefusedBeforeSending(t *testing.T) {
	client := newClient(t)
	tag := unique("bad-")
	for name, id := range map[string]string{
		"empty":         "",
		"newline":       tag + "\n",
		"DEL":           tag + "\x7f",
		"invalid UTF-8": tag + "\xff",
		"too long":      tag + strings.Repeat("x", 1025),
		"NUL":           tag + "\x00evil",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := client.AccessToken(ctx, id)
			wantError(t, err, b44sso.ErrInvalidArgument)
			_, err = client.IDToken(ctx, id)
			wantError(t, err, b44sso.ErrInvalidArgument)
		})
	}
	if sent := requestsWithPath(t, tag); len(sent) != 0 {
		t.Errorf("bad ids were sent: %v", sent)
	}
	long := strings.Repeat("y", 1024)
	if token, err := client.AccessToken(ctx, long); err != nil || token != "at-"+long {
		t.Errorf("a 1024-byte id: %v", err)
	}
}

func TestNULInUserIDIsNamed(t *testing.T) {
	_, err := newClient(t).AccessToken(ctx, "a\x00b")
	if e := wantError(t, err, b44sso.ErrInvalidArgument); !strings.Contains(e.Message, "NUL") {
		t.Errorf("Message = %q", e.Message)
	}
}

// optionError makes a client with one extra option that must be refused.
func optionError(t *testing.T, opt b44sso.Option) *b44sso.Error {
	t.Helper()
	client, err := b44sso.NewClient(baseOptions(opt)...)
	if client != nil {
		client.Close()
	}
	return wantError(t, err, b44sso.ErrInvalidArgument)
}

func TestBadOptionsAreRefusedByKey(t *testing.T) {
	cases := []struct {
		opt b44sso.Option
		key string
	}{
		{b44sso.WithOption("no_such_option", "1"), "no_such_option"},
		{b44sso.WithOption("timeout_ms", "0"), "timeout_ms"},
		{b44sso.WithTimeout(0), "timeout_ms"},
		{b44sso.WithTimeout(-time.Second), "timeout_ms"},
		{b44sso.WithTimeout(601 * time.Second), "timeout_ms"},
		{b44sso.WithOption("connect_timeout_ms", "soon"), "connect_timeout_ms"},
		{b44sso.WithMaxRetries(11), "max_retries"},
		{b44sso.WithDataEnv("staging"), "data_env"},
		{b44sso.WithCache("sometimes"), "cache"},
		{b44sso.WithUserAgent("a\r\nX-Injected: 1"), "user_agent"},
		{b44sso.WithServerURL("ftp://example.com"), "server_url"},
	}
	for _, c := range cases {
		if e := optionError(t, c.opt); !strings.Contains(e.Message, c.key) {
			t.Errorf("message %q does not name %s", e.Message, c.key)
		}
	}
	optionError(t, b44sso.WithServerURL("not a url"))
}

func TestNULInOptionIsRefusedWithoutEchoingIt(t *testing.T) {
	e := optionError(t, b44sso.WithServiceToken("secret\x00rest"))
	if !strings.Contains(e.Message, "service_token") || strings.Contains(e.Error(), "secret") {
		t.Errorf("error = %v", e)
	}
	optionError(t, b44sso.WithOption("app_id\x00x", "a"))
}
