package b44sso

/*
#include "b44sso.h"
*/
import "C"

import (
	"context"
	"encoding/json"
	"runtime"
	"sync"
)

// Client is a configured connection to the Base44 API. It is safe for concurrent use:
// share one (as a *Client) rather than making one per request. Close it when done; a
// finalizer frees a forgotten one, but only when the garbage collector gets to it.
type Client struct {
	mu     sync.RWMutex  // calls hold it shared, Close exclusively
	handle *C.b44_client // nil once closed
	final  Stats         // the counters read just before the C client was freed
}

// NewClient makes a client from options. It needs WithAppID and a token (WithServiceToken
// for the SSO calls, WithUserToken for Me): otherwise ErrConfig. No traffic happens here.
func NewClient(opts ...Option) (*Client, error) {
	if versionErr != nil {
		return nil, versionErr
	}
	var s settings
	for _, opt := range opts {
		opt(&s)
	}
	o := C.b44_options_new()
	if o == nil {
		return nil, &Error{Code: CodeNoMemory, Message: "b44_options_new failed"}
	}
	defer C.b44_options_free(o) // zeroes the secrets it copied
	for _, entry := range s.entries {
		if err := setOption(o, entry); err != nil {
			return nil, err
		}
	}
	return adopt(func(out **C.b44_client, cerr **C.b44_error) C.b44_code {
		return C.b44_client_new(o, out, cerr)
	})
}

// NewClientFromEnv makes a client from BASE44_APP_ID, BASE44_SERVICE_TOKEN,
// BASE44_USER_TOKEN, BASE44_API_URL and BASE44_CA_FILE.
func NewClientFromEnv() (*Client, error) {
	if versionErr != nil {
		return nil, versionErr
	}
	return adopt(func(out **C.b44_client, cerr **C.b44_error) C.b44_code {
		return C.b44_client_new_from_env(out, cerr)
	})
}

func setOption(o *C.b44_options, entry setting) error {
	key, err := cString("an option key", entry.key)
	if err != nil {
		return err
	}
	defer freeCString(key)
	value, err := cString("option '"+entry.key+"'", entry.value)
	if err != nil {
		return err
	}
	defer freeCString(value)
	var cerr *C.b44_error
	if rc := C.b44_options_set(o, key, value, &cerr); rc != C.B44_OK {
		return takeError(rc, cerr)
	}
	return nil
}

// adopt wraps a freshly created C client.
func adopt(create func(out **C.b44_client, cerr **C.b44_error) C.b44_code) (*Client, error) {
	var handle *C.b44_client
	var cerr *C.b44_error
	if rc := create(&handle, &cerr); rc != C.B44_OK {
		return nil, takeError(rc, cerr)
	}
	if handle == nil {
		return nil, &Error{Code: CodeInternal, Message: "the library returned no client"}
	}
	c := &Client{handle: handle}
	runtime.SetFinalizer(c, (*Client).release)
	return c, nil
}

// AccessToken fetches the SSO access token Base44 holds for userID. It blocks until an
// answer, an error or the client's timeout (WithTimeout). See the package README for ctx:
// a cancelled ctx returns ctx.Err() at once, while the request finishes in the background.
func (c *Client) AccessToken(ctx context.Context, userID string) (string, error) {
	return c.forUser(ctx, userID, func(h *C.b44_client, id *C.char, out **C.char, cerr **C.b44_error) C.b44_code {
		return C.b44_sso_get_access_token(h, id, out, cerr)
	})
}

// IDToken fetches the OIDC ID token Base44 holds for userID; otherwise as AccessToken.
func (c *Client) IDToken(ctx context.Context, userID string) (string, error) {
	return c.forUser(ctx, userID, func(h *C.b44_client, id *C.char, out **C.char, cerr **C.b44_error) C.b44_code {
		return C.b44_sso_get_id_token(h, id, out, cerr)
	})
}

// MeJSON fetches the user who owns the client's user token, as the API's JSON object.
func (c *Client) MeJSON(ctx context.Context) (json.RawMessage, error) {
	text, err := withContext(ctx, func() (string, error) {
		return c.fetch(func(h *C.b44_client, out **C.char, cerr **C.b44_error) C.b44_code {
			return C.b44_auth_me(h, out, cerr)
		})
	})
	if err != nil {
		return nil, err
	}
	return json.RawMessage(text), nil
}

// Me fetches the user who owns the client's user token (needs WithUserToken).
func (c *Client) Me(ctx context.Context) (*User, error) {
	raw, err := c.MeJSON(ctx)
	if err != nil {
		return nil, err
	}
	return parseUser(raw)
}

// Close frees the client, closing its connections and zeroing its secrets, once blocking
// calls running on other goroutines have returned. Pending AccessTokenAsync calls are not
// waited for: the library keeps what they need alive and each still delivers its result.
// Later calls return ErrClosed; Stats keeps the final counters. Closing twice is harmless.
// It always returns nil.
func (c *Client) Close() error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.release()
	runtime.SetFinalizer(c, nil)
	return nil
}

// String and GoString describe the client without its settings (which hold secrets).
func (c *Client) String() string {
	if c == nil {
		return "b44sso.Client(nil)"
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.handle == nil {
		return "b44sso.Client(closed)"
	}
	return "b44sso.Client(open)"
}

func (c *Client) GoString() string { return c.String() }

// release frees the C client; the caller holds the lock or is the finalizer.
func (c *Client) release() {
	if c.handle != nil {
		c.final = readStats(c.handle)
		C.b44_client_free(c.handle)
		c.handle = nil
	}
}

type userCall func(h *C.b44_client, id *C.char, out **C.char, cerr **C.b44_error) C.b44_code

func (c *Client) forUser(ctx context.Context, userID string, call userCall) (string, error) {
	return withContext(ctx, func() (string, error) {
		id, err := cString("user id", userID)
		if err != nil {
			return "", err
		}
		defer freeCString(id)
		return c.fetch(func(h *C.b44_client, out **C.char, cerr **C.b44_error) C.b44_code {
			return call(h, id, out, cerr)
		})
	})
}

// fetch runs one C call under the shared lock, so Close cannot free the client mid-call.
func (c *Client) fetch(call func(h *C.b44_client, out **C.char, cerr **C.b44_error) C.b44_code) (string, error) {
	if c == nil {
		return "", ErrClosed
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.handle == nil {
		return "", ErrClosed
	}
	var out *C.char
	var cerr *C.b44_error
	if rc := call(c.handle, &out, &cerr); rc != C.B44_OK {
		return "", takeError(rc, cerr)
	}
	if out == nil {
		return "", &Error{Code: CodeInternal, Message: "the library returned no string"}
	}
	return takeString(out), nil
}
