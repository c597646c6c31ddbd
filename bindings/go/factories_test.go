package b44sso_test

import (
	"net/http"
	"strings"
	"testing"

	"b44sso.dev/b44sso"
)

// clearBase44Env empties the variables NewClientFromEnv reads, for this test only.
func clearBase44Env(t *testing.T) {
	for _, name := range []string{"BASE44_APP_ID", "BASE44_SERVICE_TOKEN", "BASE44_USER_TOKEN",
		"BASE44_API_URL", "BASE44_CA_FILE"} {
		t.Setenv(name, "")
	}
}

func TestNewClientFromEnv(t *testing.T) {
	clearBase44Env(t)
	t.Setenv("BASE44_APP_ID", appID())
	t.Setenv("BASE44_SERVICE_TOKEN", serviceToken())
	t.Setenv("BASE44_API_URL", standinURL())
	client, err := b44sso.NewClientFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	user := unique("env-")
	if token, err := client.AccessToken(ctx, user); err != nil || token != "at-"+user {
		t.Fatalf("AccessToken = %q, %v", token, err)
	}
}

func TestNewClientFromEnvWithoutAppID(t *testing.T) {
	clearBase44Env(t)
	t.Setenv("BASE44_SERVICE_TOKEN", "t")
	_, err := b44sso.NewClientFromEnv()
	wantError(t, err, b44sso.ErrConfig)
}

func TestNewClientFromRequestHeaders(t *testing.T) {
	user := unique("hdrs-")
	// Keys in odd cases, as a literal http.Header may hold them.
	header := http.Header{
		"base44-app-id":                {appID()},
		"BASE44-SERVICE-AUTHORIZATION": {"Bearer " + serviceToken()},
		"Base44-Api-Url":               {standinURL()},
		"X-Unrelated":                  {"ignored"},
	}
	header.Set("Authorization", "Bearer ut-"+user)
	header.Set("Base44-State", "state-"+user)
	header.Set("X-Data-Env", "prod")
	client, err := b44sso.NewClientFromRequestHeaders(header)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	if token, err := client.AccessToken(ctx, user); err != nil || token != "at-"+user {
		t.Fatalf("AccessToken = %q, %v", token, err)
	}
	if me, err := client.Me(ctx); err != nil || me.ID != user {
		t.Fatalf("Me = %+v, %v", me, err)
	}
	sent := onlyRequest(t, "/accesstoken/"+user).Headers
	if sent["base44-state"] != "state-"+user || sent["x-data-env"] != "prod" ||
		sent["on-behalf-of"] != "Bearer ut-"+user {
		t.Errorf("headers sent: %v", sent)
	}
}

func TestUnsupportedDataEnvHeaderIsDropped(t *testing.T) {
	user := unique("env-drop-")
	header := http.Header{}
	header.Set("Base44-App-Id", appID())
	header.Set("Base44-Service-Authorization", "Bearer "+serviceToken())
	header.Set("Base44-Api-Url", standinURL())
	header.Set("X-Data-Env", "staging")
	client, err := b44sso.NewClientFromRequestHeaders(header)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	if _, err := client.AccessToken(ctx, user); err != nil {
		t.Fatal(err)
	}
	if value, sent := onlyRequest(t, "/accesstoken/"+user).Headers["x-data-env"]; sent {
		t.Errorf("x-data-env %q was forwarded", value)
	}
}

func TestRequestHeaderValidation(t *testing.T) {
	_, err := b44sso.NewClientFromRequestHeaders(http.Header{"Authorization": {"Bearer ut-x"}})
	wantError(t, err, b44sso.ErrConfig)
	_, err = b44sso.NewClientFromRequestHeaders(http.Header{"Base44-App-Id": {appID()}})
	wantError(t, err, b44sso.ErrConfig)
	_, err = b44sso.NewClientFromRequestHeaders(nil)
	wantError(t, err, b44sso.ErrConfig)
	for _, bad := range []string{"Bearer", "Bearer ", "Basic abc", "Bearer  two-spaces", "Bearer a b", "bearer"} {
		_, err := b44sso.NewClientFromRequestHeaders(http.Header{
			"Base44-App-Id": {appID()}, "Authorization": {bad}})
		if e := wantError(t, err, b44sso.ErrInvalidArgument); !strings.Contains(e.Message, "Authorization") {
			t.Errorf("%q: %v", bad, e)
		}
	}
	_, err = b44sso.NewClientFromRequestHeaders(http.Header{
		"Base44-App-Id": {appID()}, "Base44-Service-Authorization": {"Token x"}})
	wantError(t, err, b44sso.ErrInvalidArgument)
}

func TestNULInRequestHeaderIsRefusedWithoutEchoingIt(t *testing.T) {
	_, err := b44sso.NewClientFromRequestHeaders(http.Header{
		"Base44-App-Id": {appID()}, "Authorization": {"Bearer sec\x00ret"}})
	e := wantError(t, err, b44sso.ErrInvalidArgument)
	if !strings.Contains(e.Message, "Authorization") || strings.Contains(e.Error(), "sec") {
		t.Errorf("error = %v", e)
	}
}
