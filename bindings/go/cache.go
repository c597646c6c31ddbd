package b44sso

/*
#include "b44sso.h"
*/
import "C"

import "unsafe"

// Stats are the counters of one Client since it was created.
type Stats struct {
	Requests       uint64 // HTTP requests sent, retries included
	CacheHits      uint64 // calls answered from the process-wide token cache
	CacheMisses    uint64 // calls the cache could not answer
	CoalescedWaits uint64 // calls that waited for another call's fetch of the same token
	Retries        uint64
	Errors         uint64 // calls that failed
}

// statsFields names the b44_stats fields Stats copies, in header order; the tests hold it
// against b44sso.h, so a field appended there fails them until it is added here.
var statsFields = []string{"requests", "cache_hits", "cache_misses", "coalesced_waits", "retries", "errors"}

// Stats returns the client's counters (read one by one, not as one snapshot). After Close
// it returns their final values.
func (c *Client) Stats() Stats {
	if c == nil {
		return Stats{}
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.handle == nil {
		return c.final
	}
	return readStats(c.handle)
}

// Invalidate drops the cached tokens of userID, for every client of the process, so the
// next call fetches them afresh.
func (c *Client) Invalidate(userID string) error {
	id, err := cString("user id", userID)
	if err != nil {
		return err
	}
	defer freeCString(id)
	if c == nil {
		return ErrClosed
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.handle == nil {
		return ErrClosed
	}
	if rc := C.b44_client_invalidate(c.handle, id); rc != C.B44_OK {
		return &Error{Code: Code(rc), Message: "b44_client_invalidate failed"}
	}
	return nil
}

func readStats(h *C.b44_client) Stats {
	var raw C.b44_stats
	if C.b44_client_stats(h, &raw, C.size_t(unsafe.Sizeof(raw))) != C.B44_OK {
		return Stats{}
	}
	return Stats{
		Requests:       uint64(raw.requests),
		CacheHits:      uint64(raw.cache_hits),
		CacheMisses:    uint64(raw.cache_misses),
		CoalescedWaits: uint64(raw.coalesced_waits),
		Retries:        uint64(raw.retries),
		Errors:         uint64(raw.errors),
	}
}
