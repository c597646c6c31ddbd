package b44sso_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"b44sso.dev/b44sso"
)

var ctx = context.Background()

func TestAccessToken(t *testing.T) {
	client := newClient(t)
	user := unique("alice-")
	token, err := client.AccessToken(ctx, user)
	if err != nil || token != "at-"+user {
		t.Fatalf("AccessToken = %q, %v", token, err)
	}
}

func TestIDToken(t *testing.T) {
	client := newClient(t)
	user := unique("bob-")
	token, err := client.IDToken(ctx, user)
	if err != nil || token != "idt-"+user {
		t.Fatalf("IDToken = %q, %v", token, err)
	}
}

func TestMe(t *testing.T) {
	user := unique("carol-")
	client, err := b44sso.NewClient(b44sso.WithAppID(appID()), b44sso.WithUserToken("ut-"+user),
		b44sso.WithServerURL(standinURL()))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	me, err := client.Me(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if me.ID != user || me.Email != user+"@example.com" || me.Role != "user" || me.FullName != "" ||
		me.Disabled || !me.IsVerified || me.IsService || me.AppID != appID() ||
		me.CreatedDate != "2026-01-01T00:00:00.000Z" {
		t.Errorf("Me = %+v", me)
	}
	if me.Fields["department"] != "engineering" || me.Fields["id"] != user {
		t.Errorf("Me().Fields = %v", me.Fields)
	}
	raw, err := client.MeJSON(ctx)
	if err != nil || !json.Valid(raw) || !strings.Contains(string(raw), `"id": "`+user+`"`) {
		t.Errorf("MeJSON = %s, %v", raw, err)
	}
}

func TestUserTokenIsSentOnBehalfOf(t *testing.T) {
	user := unique("dave-")
	client := newClient(t, b44sso.WithUserToken("ut-"+user))
	if token, err := client.AccessToken(ctx, user); err != nil || token != "at-"+user {
		t.Fatalf("AccessToken = %q, %v", token, err)
	}
	if got := onlyRequest(t, "/accesstoken/"+user).Headers["on-behalf-of"]; got != "Bearer ut-"+user {
		t.Errorf("on-behalf-of = %q", got)
	}
}

func TestUserIDIsOnePercentEncodedSegment(t *testing.T) {
	client := newClient(t)
	tag := unique("enc-")
	user := tag + "/b?c#d é"
	if token, err := client.AccessToken(ctx, user); err != nil || token != "at-"+user {
		t.Fatalf("AccessToken = %q, %v", token, err)
	}
	onlyRequest(t, "/accesstoken/"+tag+"%2Fb%3Fc%23d%20%C3%A9")
	if token, err := client.AccessToken(ctx, ".."); err != nil || token != "at-.." {
		t.Fatalf("AccessToken(..) = %q, %v", token, err)
	}
	if len(requestsWithPath(t, "/accesstoken/%2E%2E")) == 0 {
		t.Errorf("%q was not sent as %q", "..", "%2E%2E")
	}
}

func TestRequestHeaders(t *testing.T) {
	client := newClient(t, b44sso.WithState("st-1"), b44sso.WithDataEnv(b44sso.DataEnvDev))
	user := unique("hdr-")
	if _, err := client.AccessToken(ctx, user); err != nil {
		t.Fatal(err)
	}
	headers := onlyRequest(t, "/accesstoken/"+user).Headers
	want := map[string]string{
		"x-app-id":      appID(),
		"authorization": "Bearer " + serviceToken(),
		"accept":        "application/json",
		"user-agent":    "b44sso/" + b44sso.Version() + " go-tests",
		"base44-state":  "st-1",
		"x-data-env":    "dev",
	}
	for name, value := range want {
		if headers[name] != value {
			t.Errorf("header %s = %q, want %q", name, headers[name], value)
		}
	}
}

func TestA503IsRetried(t *testing.T) {
	client := newClient(t, b44sso.WithMaxRetries(2))
	user := scenario("status=503&times=1")
	if token, err := client.AccessToken(ctx, user); err != nil || token != "at-"+user {
		t.Fatalf("AccessToken = %q, %v", token, err)
	}
}

func TestEveryTypedOption(t *testing.T) {
	client := newClient(t,
		b44sso.WithTimeout(5*time.Second),
		b44sso.WithConnectTimeout(1500*time.Microsecond), // rounds up to 2 ms
		b44sso.WithMaxRetries(1),
		b44sso.WithCache(b44sso.CacheOff),
		b44sso.WithCache(b44sso.CacheAuto),
		b44sso.WithDataEnv(b44sso.DataEnvProd),
		b44sso.WithState("s"),
		b44sso.WithProxy(""),
		b44sso.WithUserAgent("typed"),
	)
	user := unique("typed-")
	if token, err := client.IDToken(ctx, user); err != nil || token != "idt-"+user {
		t.Fatalf("IDToken = %q, %v", token, err)
	}
}

func TestSequentialCallsReuseOneConnection(t *testing.T) {
	client := newClient(t)
	before := connections(t)
	for i := 0; i < 5; i++ {
		if _, err := client.AccessToken(ctx, "keep"); err != nil {
			t.Fatal(err)
		}
	}
	// The stand-in leaves its admin requests out of the count.
	if opened := connections(t) - before; opened != 1 {
		t.Errorf("%d connections opened for 5 sequential calls, want 1", opened)
	}
}
