package b44sso

/*
#include "b44sso.h"
*/
import "C"

import (
	"net/http"
	"sort"
)

// NewClientFromRequestHeaders makes a client from the headers of an incoming Base44
// platform request, as the JavaScript SDK's createClientFromRequest does (pass r.Header).
// Names may be in any case. Base44-App-Id is required (ErrConfig); Authorization and
// Base44-Service-Authorization must each be exactly "Bearer <token>" when present
// (ErrInvalidArgument); Base44-Api-Url sets the server; Base44-State is forwarded;
// X-Data-Env is forwarded when it is dev or prod. Other headers are ignored.
func NewClientFromRequestHeaders(header http.Header) (*Client, error) {
	if versionErr != nil {
		return nil, versionErr
	}
	// Sorted, so that what the library sees does not depend on map order.
	names := make([]string, 0, len(header))
	for name := range header {
		names = append(names, name)
	}
	sort.Strings(names)

	var cNames, cValues []*C.char
	defer func() {
		for i := range cNames {
			freeCString(cNames[i])
		}
		for i := range cValues {
			freeCString(cValues[i]) // zeroed: values hold tokens
		}
	}()
	for _, name := range names {
		for _, value := range header[name] {
			cName, err := cString("a request header name", name)
			if err != nil {
				return nil, err
			}
			cNames = append(cNames, cName)
			cValue, err := cString("request header "+name, value)
			if err != nil {
				return nil, err
			}
			cValues = append(cValues, cValue)
		}
	}
	var namesPtr, valuesPtr **C.char
	if len(cNames) > 0 {
		namesPtr, valuesPtr = &cNames[0], &cValues[0]
	}
	return adopt(func(out **C.b44_client, cerr **C.b44_error) C.b44_code {
		return C.b44_client_new_from_request_headers(namesPtr, valuesPtr, C.size_t(len(cNames)), out, cerr)
	})
}
