package b44sso_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"b44sso.dev/b44sso"
)

// scenarioError fetches an access token for a scenario that must fail with kind.
func scenarioError(t *testing.T, params string, kind error) *b44sso.Error {
	t.Helper()
	_, err := newClient(t).AccessToken(ctx, scenario(params))
	return wantError(t, err, kind)
}

func TestNotFoundCarriesEveryField(t *testing.T) {
	e := scenarioError(t, "status=404&body=detail_code", b44sso.ErrNotFound)
	if e.Code != b44sso.CodeNotFound || e.HTTPStatus != 404 || e.APICode != "SCENARIO_CODE" ||
		!strings.Contains(e.Message, "scenario detail") || !strings.Contains(e.Body, `"code": "SCENARIO_CODE"`) {
		t.Errorf("error = %#v", e)
	}
	if want := "b44sso: B44_ERR_NOT_FOUND (HTTP 404, SCENARIO_CODE): "; !strings.HasPrefix(e.Error(), want) {
		t.Errorf("Error() = %q, want prefix %q", e.Error(), want)
	}
	if errors.Is(e, b44sso.ErrServer) {
		t.Error("a not-found error matches ErrServer")
	}
}

func TestErrorsSurviveWrapping(t *testing.T) {
	_, err := newClient(t).AccessToken(ctx, scenario("status=404"))
	wrapped := fmt.Errorf("loading profile: %w", err)
	var e *b44sso.Error
	if !errors.Is(wrapped, b44sso.ErrNotFound) || !errors.As(wrapped, &e) || e.HTTPStatus != 404 {
		t.Errorf("wrapped error lost its kind: %v", wrapped)
	}
}

func TestUnauthorized(t *testing.T) {
	_, err := newClient(t, b44sso.WithServiceToken("wrong-token")).AccessToken(ctx, "u1")
	e := wantError(t, err, b44sso.ErrUnauthorized)
	if e.HTTPStatus != 401 || e.APICode != "" || !strings.Contains(e.Message, "Unauthorized") {
		t.Errorf("error = %#v", e)
	}
}

func TestForbidden(t *testing.T) {
	_, err := newClient(t, b44sso.WithUserToken("ut-alice")).AccessToken(ctx, "bob")
	e := wantError(t, err, b44sso.ErrForbidden)
	if e.HTTPStatus != 403 || e.APICode != "FORBIDDEN" {
		t.Errorf("error = %#v", e)
	}
}

func TestRateLimited(t *testing.T) {
	e := scenarioError(t, "status=429&body=message", b44sso.ErrRateLimited)
	if e.HTTPStatus != 429 || e.APICode != "MSG_CODE" || !strings.Contains(e.Message, "scenario message") {
		t.Errorf("error = %#v", e)
	}
}

func TestServerErrorWithNestedMessage(t *testing.T) {
	e := scenarioError(t, "status=500&body=error", b44sso.ErrServer)
	if e.HTTPStatus != 500 || e.APICode != "NESTED_CODE" || !strings.Contains(e.Message, "nested message") {
		t.Errorf("error = %#v", e)
	}
}

func TestConnectorHeaderIsTheAPICode(t *testing.T) {
	if e := scenarioError(t, "status=502&body=connector", b44sso.ErrServer); e.APICode != "CONNECTOR_X" {
		t.Errorf("APICode = %q", e.APICode)
	}
}

func TestEmptyErrorBody(t *testing.T) {
	if e := scenarioError(t, "status=500&body=empty", b44sso.ErrServer); e.Body != "" || e.APICode != "" {
		t.Errorf("error = %#v", e)
	}
}

func TestHTTPErrorForTeapotAndRedirect(t *testing.T) {
	if e := scenarioError(t, "status=418&body=text", b44sso.ErrHTTP); e.HTTPStatus != 418 || e.Body != "upstream exploded" {
		t.Errorf("teapot = %#v", e)
	}
	if e := scenarioError(t, "redirect=1", b44sso.ErrHTTP); e.HTTPStatus != 302 {
		t.Errorf("redirect = %#v", e)
	}
}

func TestNetworkErrors(t *testing.T) {
	if e := scenarioError(t, "drop=before", b44sso.ErrNetwork); e.HTTPStatus != 0 {
		t.Errorf("dropped = %#v", e)
	}
	_, err := newClient(t, b44sso.WithServerURL("http://127.0.0.1:1")).AccessToken(ctx, "u1")
	wantError(t, err, b44sso.ErrNetwork)
}

func TestTimeout(t *testing.T) {
	client := newClient(t, b44sso.WithTimeout(300*time.Millisecond))
	start := time.Now()
	_, err := client.AccessToken(ctx, scenario("hang=1"))
	if e := wantError(t, err, b44sso.ErrTimeout); e.HTTPStatus != 0 {
		t.Errorf("error = %#v", e)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("the timeout took %v", elapsed)
	}
}

func TestProtocolErrors(t *testing.T) {
	for _, shape := range []string{"invalid_json", "empty_object", "number", "empty_token", "html", "wrong_type"} {
		t.Run(shape, func(t *testing.T) {
			if e := scenarioError(t, "shape="+shape, b44sso.ErrProtocol); e.HTTPStatus != 200 {
				t.Errorf("error = %#v", e)
			}
		})
	}
}

func TestTLSErrorWhenHTTPSMeetsPlainHTTP(t *testing.T) {
	url := "https" + strings.TrimPrefix(standinURL(), "http")
	_, err := newClient(t, b44sso.WithServerURL(url)).AccessToken(ctx, "u1")
	wantError(t, err, b44sso.ErrTLS)
}

func TestConfigErrors(t *testing.T) {
	cases := map[string][]b44sso.Option{
		"no app id":        {b44sso.WithServiceToken("t"), b44sso.WithServerURL(standinURL())},
		"no token":         {b44sso.WithAppID("a"), b44sso.WithServerURL(standinURL())},
		"http not to loop": {b44sso.WithAppID("a"), b44sso.WithServiceToken("t"), b44sso.WithServerURL("http://example.com")},
		"unreadable ca":    baseOptions(b44sso.WithCAFile("/nonexistent/ca.pem")),
	}
	for name, opts := range cases {
		t.Run(name, func(t *testing.T) {
			client, err := b44sso.NewClient(opts...)
			wantError(t, err, b44sso.ErrConfig)
			if client != nil {
				t.Error("a client came back with the error")
			}
		})
	}
	_, err := newClient(t).Me(ctx)
	if e := wantError(t, err, b44sso.ErrConfig); !strings.Contains(e.Message, "user_token") {
		t.Errorf("Me without a user token: %v", e)
	}
	onlyUser, err := b44sso.NewClient(b44sso.WithAppID(appID()), b44sso.WithUserToken("ut-x"),
		b44sso.WithServerURL(standinURL()))
	if err != nil {
		t.Fatal(err)
	}
	defer onlyUser.Close()
	_, err = onlyUser.AccessToken(ctx, "x")
	wantError(t, err, b44sso.ErrConfig)
}

func TestSecretsNeverReachErrors(t *testing.T) {
	client := newClient(t, b44sso.WithUserToken("ut-secret-user"))
	_, err := client.AccessToken(ctx, scenario("status=500&body=echo"))
	e := wantError(t, err, b44sso.ErrServer)
	everything := fmt.Sprintf("%v %+v %#v %s", err, err, e, e.Body)
	for _, secret := range []string{serviceToken(), "ut-secret-user"} {
		if strings.Contains(everything, secret) {
			t.Errorf("a secret leaked: %s", everything)
		}
	}
	if !strings.Contains(e.Body, "[REDACTED]") {
		t.Errorf("Body = %q", e.Body)
	}
}
