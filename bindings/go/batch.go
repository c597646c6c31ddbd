package b44sso

/*
#include "b44sso.h"
*/
import "C"

import "context"

// TokenResult is the outcome of one user's access token fetch: Token when Err is nil.
type TokenResult struct {
	UserID string
	Token  string
	Err    error
}

// AccessTokens fetches the access tokens of many users at once: concurrently over at most
// WithMaxConnections connections, duplicates once, the cache first. results[i] belongs to
// userIDs[i]; a user's own failure is in its Err. The error is not nil only when the batch
// could not run at all (ErrClosed, or ctx's error as for AccessToken), and results is then nil.
func (c *Client) AccessTokens(ctx context.Context, userIDs []string) ([]TokenResult, error) {
	return withContext(ctx, func() ([]TokenResult, error) { return c.accessTokens(userIDs) })
}

func (c *Client) accessTokens(userIDs []string) ([]TokenResult, error) {
	results := make([]TokenResult, len(userIDs))
	// Ids with a NUL are answered here (C would cut them short); the rest go to the library.
	sent := make([]*C.char, 0, len(userIDs))
	sentIndex := make([]int, 0, len(userIDs))
	defer func() {
		for _, id := range sent {
			freeCString(id)
		}
	}()
	for i, userID := range userIDs {
		results[i].UserID = userID
		id, err := cString("user id", userID)
		if err != nil {
			results[i].Err = err
			continue
		}
		sent = append(sent, id)
		sentIndex = append(sentIndex, i)
	}
	if c == nil {
		return nil, ErrClosed
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.handle == nil {
		return nil, ErrClosed
	}
	if len(sent) == 0 {
		return results, nil
	}
	// Go memory holding C pointers may be passed to C, and C may write C pointers into it.
	tokens := make([]*C.char, len(sent))
	errs := make([]*C.b44_error, len(sent))
	rc := C.b44_sso_get_access_tokens(c.handle, &sent[0], C.size_t(len(sent)), &tokens[0], &errs[0])
	for j, i := range sentIndex {
		switch {
		case tokens[j] != nil:
			results[i].Token = takeString(tokens[j])
		case errs[j] != nil:
			results[i].Err = takeError(C.b44_error_code(errs[j]), errs[j])
		default: // the whole call was refused without per-entry answers
			code := rc
			if code == C.B44_OK {
				code = C.B44_ERR_INTERNAL
			}
			results[i].Err = &Error{Code: Code(code), Message: "the library returned neither a token nor an error"}
		}
	}
	return results, nil
}
