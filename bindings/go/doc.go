// Package b44sso is a Go client for the Base44 SSO API, built with cgo on the native
// libb44sso library (b44sso.h).
//
//	client, err := b44sso.NewClient(
//		b44sso.WithAppID("my-app"),
//		b44sso.WithServiceToken(os.Getenv("BASE44_SERVICE_TOKEN")),
//	)
//	if err != nil { ... }
//	defer client.Close()
//	token, err := client.AccessToken(ctx, "user-123")
//
// A Client is safe for concurrent use and meant to be shared; it reuses connections.
// Failures are *Error values: match their kind with errors.Is(err, b44sso.ErrNotFound)
// and read their fields with errors.As.
//
// Building needs libb44sso and b44sso.h where the C toolchain finds them; otherwise set
// CGO_CFLAGS=-I<dir of b44sso.h> and CGO_LDFLAGS="-L<lib dir> -Wl,-rpath,<lib dir>".
package b44sso
