package b44sso_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
	"time"

	"b44sso.dev/b44sso"
)

func ExampleNewClient() {
	client, err := b44sso.NewClient(
		b44sso.WithAppID("my-app"),
		b44sso.WithServiceToken(os.Getenv("BASE44_SERVICE_TOKEN")),
		b44sso.WithTimeout(5*time.Second),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	token, err := client.AccessToken(context.Background(), "user-123")
	var apiErr *b44sso.Error
	switch {
	case errors.Is(err, b44sso.ErrNotFound):
		fmt.Println("no SSO token for this user")
	case errors.As(err, &apiErr):
		fmt.Println("failed:", apiErr.Code, apiErr.HTTPStatus, apiErr.APICode)
	default:
		fmt.Println(len(token) > 0)
	}
}

func ExampleNewClientFromRequestHeaders() {
	http.HandleFunc("/sso-token", func(w http.ResponseWriter, r *http.Request) {
		client, err := b44sso.NewClientFromRequestHeaders(r.Header)
		if err != nil {
			http.Error(w, "not a Base44 request", http.StatusBadRequest)
			return
		}
		defer client.Close()
		user, err := client.Me(r.Context())
		if err != nil {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		token, err := client.AccessToken(r.Context(), user.ID)
		if err != nil {
			http.Error(w, "no token", http.StatusBadGateway)
			return
		}
		fmt.Fprint(w, token)
	})
}

func ExampleSetLogHandler() {
	b44sso.SetLogHandler(func(level b44sso.LogLevel, message string) {
		log.Printf("b44sso %v: %s", level, message)
	}, b44sso.LogWarn)
}
