package b44sso_test

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"b44sso.dev/b44sso"
)

func TestUseAfterCloseIsErrClosed(t *testing.T) {
	client := newClient(t)
	if err := client.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := client.AccessToken(ctx, "u1"); !errors.Is(err, b44sso.ErrClosed) {
		t.Errorf("AccessToken after Close: %v", err)
	}
	if _, err := client.IDToken(ctx, "u1"); !errors.Is(err, b44sso.ErrClosed) {
		t.Errorf("IDToken after Close: %v", err)
	}
	if _, err := client.Me(ctx); !errors.Is(err, b44sso.ErrClosed) {
		t.Errorf("Me after Close: %v", err)
	}
	if _, err := client.MeJSON(ctx); !errors.Is(err, b44sso.ErrClosed) {
		t.Errorf("MeJSON after Close: %v", err)
	}
}

func TestCloseTwice(t *testing.T) {
	client := newClient(t)
	if err := client.Close(); err != nil {
		t.Fatal(err)
	}
	if err := client.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestNilClient(t *testing.T) {
	var client *b44sso.Client
	if _, err := client.AccessToken(ctx, "u1"); !errors.Is(err, b44sso.ErrClosed) {
		t.Errorf("AccessToken on nil: %v", err)
	}
	if err := client.Close(); err != nil {
		t.Errorf("Close on nil: %v", err)
	}
}

func TestClientPrintsWithoutSecrets(t *testing.T) {
	client := newClient(t, b44sso.WithUserToken("ut-printed"))
	text := fmt.Sprintf("%v %+v %#v %s", client, client, client, client)
	if strings.Contains(text, serviceToken()) || strings.Contains(text, "ut-printed") ||
		!strings.Contains(text, "b44sso.Client(open)") {
		t.Errorf("printed: %s", text)
	}
	client.Close()
	if got := client.String(); got != "b44sso.Client(closed)" {
		t.Errorf("closed client prints %q", got)
	}
}

func TestForgottenClientsAreFinalized(t *testing.T) {
	for i := 0; i < 50; i++ {
		client, err := b44sso.NewClient(baseOptions()...)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := client.AccessToken(ctx, "dropped"); err != nil {
			t.Fatal(err)
		}
	}
	// The finalizers free the C clients; this must neither crash nor hang.
	runtime.GC()
	runtime.GC()
}

func TestLibraryVersionIsSupported(t *testing.T) {
	version := b44sso.Version()
	if !strings.HasPrefix(version, fmt.Sprintf("%d.", b44sso.SupportedMajor)) {
		t.Errorf("Version() = %q, SupportedMajor = %d", version, b44sso.SupportedMajor)
	}
	if version != b44sso.HeaderVersion {
		t.Errorf("library %s, header %s", version, b44sso.HeaderVersion)
	}
}
