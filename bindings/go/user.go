package b44sso

import "encoding/json"

// User is the answer of Me: the Base44 user who owns the client's user token.
type User struct {
	ID          string `json:"id"`
	Email       string `json:"email"`
	FullName    string `json:"full_name"` // "" when the API sends null
	Role        string `json:"role"`
	Disabled    bool   `json:"disabled"`
	IsVerified  bool   `json:"is_verified"`
	IsService   bool   `json:"is_service"`
	AppID       string `json:"app_id"`
	CreatedDate string `json:"created_date"` // as sent, e.g. 2026-01-01T00:00:00.000Z
	UpdatedDate string `json:"updated_date"`

	// Fields holds every field of the answer, the app's own (e.g. "department") included.
	Fields map[string]any `json:"-"`
}

func parseUser(raw json.RawMessage) (*User, error) {
	var user User
	if err := json.Unmarshal(raw, &user); err != nil {
		return nil, &Error{Code: CodeProtocol, HTTPStatus: 200, Message: "the user answer does not fit: " + err.Error()}
	}
	if err := json.Unmarshal(raw, &user.Fields); err != nil {
		return nil, &Error{Code: CodeProtocol, HTTPStatus: 200, Message: "the user answer is not an object: " + err.Error()}
	}
	return &user, nil
}
